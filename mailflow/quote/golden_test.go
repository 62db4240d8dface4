package quote

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"helpdesk/mailflow/parse"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/clients")

// parseClientMail parses testdata/clients/name as the mail path does.
func parseClientMail(t *testing.T, name string) *parse.Message {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "clients", name))
	if err != nil {
		t.Fatal(err)
	}
	m, err := parse.Parse(bytes.NewReader(raw), nil, parse.Options{})
	if err != nil {
		t.Fatalf("parse.Parse(%s): %v", name, err)
	}
	return m
}

// render shows both cuts of a mail's text, as the golden files hold them.
func render(m *parse.Message) string {
	plain := Cut(m.Text, Options{Subject: m.Subject})
	sig := Cut(m.Text, Options{Subject: m.Subject, Signature: true})
	var b strings.Builder
	fmt.Fprintf(&b, "kind: %s\nkept all: %v\nfrom html: %v\n", plain.Kind, plain.KeptAll, m.TextFromHTML)
	section := func(name, s string) {
		fmt.Fprintf(&b, "\n==== %s\n%s\n", name, s)
	}
	section("text", plain.Text)
	section("quote", plain.Quote)
	section("trailer", plain.Trailer)
	section("text with Options.Signature", sig.Text)
	section("signature", sig.Signature)
	return b.String()
}

// TestClientsGolden cuts replies as German and English mail clients write them (see
// testdata/clients: Outlook desktop, web, iOS, Android and Mac, Gmail, Apple Mail,
// Thunderbird, iPhone, GMX, WEB.DE, forwards, technicians' signatures). Run with -update
// after a deliberate change and read the diff.
func TestClientsGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "clients", "*.eml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no client mails in testdata/clients (%v)", err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		got := render(parseClientMail(t, name))
		golden := strings.TrimSuffix(f, ".eml") + ".golden"
		if *update {
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -run TestClientsGolden -update)", err)
		}
		if got != string(want) {
			t.Errorf("Cut(%s) =\n%s\nwant (%s)\n%s", name, got, golden, want)
		}
	}
}
