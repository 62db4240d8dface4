package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"helpdesk/config"
	"helpdesk/daemon"
	"helpdesk/directory"
	"helpdesk/internal/cli"
	"helpdesk/internal/testlog"
)

// exampleDirectory is the annotated example shipped with the project.
var exampleDirectory = filepath.Join("..", "..", "examples", "directory.toml")

// dirTestConfig writes a minimal config with a fresh desk (an empty store, as 'serve' leaves
// it) and returns its path. The data directory lives under os.MkdirTemp("", ...) so that the
// control socket path stays short.
func dirTestConfig(t *testing.T) string {
	t.Helper()
	file := emptyTestConfig(t)
	cfg, err := config.Load(file)
	var ps config.Problems
	if err != nil && !errors.As(err, &ps) {
		t.Fatal(err)
	}
	d, err := daemon.Open(cfg, zerolog.Nop(), daemon.Create, 0)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	return file
}

// emptyTestConfig writes a minimal config whose data_dir does not exist yet.
func emptyTestConfig(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "hd")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	file := filepath.Join(dir, "helpdesk.toml")
	cfg := fmt.Sprintf("data_dir = %q\n[support]\naddress = \"support@example.com\"\n", filepath.Join(dir, "data"))
	if err := os.WriteFile(file, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// ok runs a command that must succeed and returns its stdout.
func ok(t *testing.T, cfg string, args ...string) string {
	t.Helper()
	code, out, errOut := runCmd(t, append(args, "-config", cfg)...)
	if code != 0 {
		t.Fatalf("helpdesk %s: exit code %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

// okJSON runs a command with --json that must succeed and decodes its output into v.
func okJSON(t *testing.T, cfg string, v any, args ...string) {
	t.Helper()
	out := ok(t, cfg, append(args, "--json")...)
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("helpdesk %s --json: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// fails runs a command that must fail with code and returns its stderr.
func fails(t *testing.T, cfg string, code int, args ...string) string {
	t.Helper()
	got, out, errOut := runCmd(t, append(args, "-config", cfg)...)
	if got != code {
		t.Fatalf("helpdesk %s: exit code %d, want %d\n%s%s", strings.Join(args, " "), got, code, out, errOut)
	}
	return errOut
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCustomerAndContactCommands(t *testing.T) {
	cfg := dirTestConfig(t)
	ok(t, cfg, "customer", "add", "--number", "K-1", "--name", "Praxis Lange", "--street", "Markt 1", "--zip", "30159",
		"--city", "Hannover", "--domain", "Praxis-Lange.test", "--notify-new", "it@praxis-lange.test",
		"--notify-new", "chef@praxis-lange.test", "--manager-name", "Jana Schröder", "--datev", "12345")

	var added directory.Contact
	okJSON(t, cfg, &added, "contact", "add", "--customer", "K-1", "--first-name", "Anna", "--name", "Lange",
		"--email", "A.Lange@praxis-lange.test", "--permission", "extended")
	if added.ID != "C-0001" || added.Email != "a.lange@praxis-lange.test" || !added.Active || added.Permission != directory.PermExtended {
		t.Errorf("contact add = %+v, want C-0001, lower-cased address, active, extended", added)
	}

	// A second contact with the same address is rejected, naming the field; nothing changes.
	errOut := fails(t, cfg, 1, "contact", "add", "--customer", "K-1", "--name", "Other", "--email", "a.lange@praxis-lange.test")
	if !strings.Contains(errOut, "email") || !strings.Contains(errOut, "already used") {
		t.Errorf("duplicate address: stderr does not name the field:\n%s", errOut)
	}
	var contacts []directory.Contact
	okJSON(t, cfg, &contacts, "contact", "list", "--customer", "K-1")
	if len(contacts) != 1 {
		t.Errorf("after the rejected add: %d contacts, want 1", len(contacts))
	}

	// show --json has the customer with its contacts and contracts.
	var raw map[string]json.RawMessage
	okJSON(t, cfg, &raw, "customer", "show", "K-1")
	for _, key := range []string{"customer", "contacts", "contracts"} {
		if _, found := raw[key]; !found {
			t.Errorf("customer show --json lacks %q", key)
		}
	}
	var before daemon.CustomerDetail
	okJSON(t, cfg, &before, "customer", "show", "K-1")
	c := before.Customer
	if c.Name != "Praxis Lange" || c.Address.City != "Hannover" || c.DATEVAdvisor != "12345" || c.Billing != directory.BillingCentral ||
		c.Language != directory.German || !reflect.DeepEqual(c.Domains, []string{"praxis-lange.test"}) ||
		!reflect.DeepEqual(c.Notify.NewTicket, []string{"it@praxis-lange.test", "chef@praxis-lange.test"}) ||
		len(before.Contacts) != 1 || len(before.Contracts) != 0 {
		t.Errorf("customer show = %+v", before)
	}

	// edit changes only the fields given.
	ok(t, cfg, "customer", "edit", "K-1", "--city", "Celle", "--zip", "29221")
	var after daemon.CustomerDetail
	okJSON(t, cfg, &after, "customer", "show", "K-1")
	want := before.Customer
	want.Address.City, want.Address.Zip = "Celle", "29221"
	if !reflect.DeepEqual(after.Customer, want) {
		t.Errorf("after edit --city --zip:\n got %+v\nwant %+v", after.Customer, want)
	}
	// A repeatable flag replaces the list; a single "" empties it.
	ok(t, cfg, "customer", "edit", "K-1", "--notify-new", "", "--notify-status", "it@praxis-lange.test")
	var cleared daemon.CustomerDetail
	okJSON(t, cfg, &cleared, "customer", "show", "K-1")
	if n := cleared.Customer.Notify; n.NewTicket != nil || !reflect.DeepEqual(n.StatusChange, []string{"it@praxis-lange.test"}) {
		t.Errorf("notify after edit = %+v", n)
	}
	if fails(t, cfg, cli.ExitUsage, "customer", "edit", "K-1") == "" {
		t.Error("edit without changes: no message")
	}
	if errOut := fails(t, cfg, 1, "customer", "edit", "K-1", "--manager-email", "not an address"); !strings.Contains(errOut, "account_manager.email") {
		t.Errorf("invalid manager address: stderr does not name the field:\n%s", errOut)
	}
	if errOut := fails(t, cfg, cli.ExitUsage, "customer", "edit", "K-1", "--billing", "monthly"); !strings.Contains(errOut, "central or branch") {
		t.Errorf("--billing monthly:\n%s", errOut)
	}

	var edited directory.Contact
	okJSON(t, cfg, &edited, "contact", "edit", "C-0001", "--active=false")
	if edited.Active || edited.Email != added.Email || edited.FirstName != "Anna" || edited.Permission != directory.PermExtended {
		t.Errorf("contact edit --active=false = %+v", edited)
	}

	for _, args := range [][]string{{"customer", "list"}, {"customer", "show", "K-1"}, {"contact", "list"}} {
		if out := ok(t, cfg, args...); !strings.Contains(out, "K-1") {
			t.Errorf("helpdesk %s: no K-1 in\n%s", strings.Join(args, " "), out)
		}
	}
}

// A full record comes with --file: branches for a customer, the checks of a needs analysis.
func TestRecordsFromFile(t *testing.T) {
	cfg := dirTestConfig(t)
	customer := writeFile(t, "customer.yaml", `number: K-7
name: Berger Steuerberatung
billing: branch
branches:
  - id: HAN
    name: Hannover
  - id: CE
    name: Celle
`)
	ok(t, cfg, "customer", "add", "--file", customer, "--language", "en")
	var d daemon.CustomerDetail
	okJSON(t, cfg, &d, "customer", "show", "K-7")
	if len(d.Customer.Branches) != 2 || d.Customer.Billing != directory.BillingBranch || d.Customer.Language != directory.English {
		t.Errorf("customer from file = %+v", d.Customer)
	}
	ok(t, cfg, "contact", "add", "--customer", "K-7", "--name", "Neumann", "--email", "l.neumann@berger.test", "--branch", "CE")
	if errOut := fails(t, cfg, 1, "contact", "add", "--customer", "K-7", "--name", "X", "--email", "x@berger.test", "--branch", "XX"); !strings.Contains(errOut, "branch") {
		t.Errorf("unknown branch: %s", errOut)
	}

	checks := writeFile(t, "checks.json", `{"customer": "K-7", "kind": "needs_analysis", "valid_from": "2026-01-01",
  "needs_analysis": {"checks": [{"name": "Backup", "interval": "weekly"}, {"name": "Firmware", "interval": "14d"}]}}`)
	var k directory.Contract
	okJSON(t, cfg, &k, "contract", "add", "--file", checks)
	if k.ID != "V-0001" || k.NeedsAnalysis == nil || len(k.NeedsAnalysis.Checks) != 2 {
		t.Errorf("needs analysis from file = %+v", k)
	}

	typo := writeFile(t, "typo.toml", "number = \"K-8\"\nname = \"X\"\nbiling = \"central\"\n")
	if errOut := fails(t, cfg, 1, "customer", "add", "--file", typo); !strings.Contains(errOut, "biling") {
		t.Errorf("unknown field in --file: %s", errOut)
	}
}

func TestContractCommands(t *testing.T) {
	cfg := dirTestConfig(t)
	ok(t, cfg, "customer", "add", "--number", "K-1", "--name", "Praxis Lange")

	var coop directory.Contract
	okJSON(t, cfg, &coop, "contract", "add", "--customer", "K-1", "--kind", "cooperation", "--from", "2024-01-01",
		"--hourly-rate", "95", "--daily-rate", "720,50", "--travel-per-km", "0.42", "--reaction", "urgent=2h", "--reaction", "low=3d",
		"--reachability", "Mo-Fr 08:00-17:00")
	if coop.ID != "V-0001" || coop.Cooperation == nil || coop.Cooperation.HourlyRate != 9500 || coop.Cooperation.DailyRate != 72050 ||
		coop.Cooperation.ReactionTimes["low"] != directory.Duration(72*time.Hour) || coop.ValidUntil.IsZero() != true {
		t.Errorf("cooperation = %+v (terms %+v)", coop, coop.Cooperation)
	}
	var prepaid directory.Contract
	okJSON(t, cfg, &prepaid, "contract", "add", "--id", "P-1", "--customer", "K-1", "--kind", "prepaid_hours",
		"--from", "2025-01-01", "--hours-per-month", "7:30", "--warn-below", "2", "--overdraw")
	if p := prepaid.PrepaidHours; p == nil || p.HoursPerMonth != directory.HoursOf(450) || p.Start.String() != "2025-01-01" || !p.OverdrawAllowed {
		t.Errorf("prepaid hours = %+v", prepaid.PrepaidHours)
	}
	ok(t, cfg, "contract", "add", "--customer", "K-1", "--kind", "rental", "--from", "2025-01-01", "--description", "2 Drucker")

	// Mistakes on the command line are usage errors that name the flag.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--customer", "K-1", "--kind", "rental", "--from", "2025-01-01", "--hourly-rate", "9"}, "--hourly-rate is for cooperation"},
		{[]string{"--customer", "K-1", "--kind", "cooperation", "--from", "2030-01-01", "--hourly-rate", "9x"}, "hourly-rate"},
		{[]string{"--customer", "K-1", "--kind", "cooperation", "--from", "2030-01-01", "--reaction", "urgent"}, "PRIORITY=DURATION"},
		{[]string{"--customer", "K-1", "--kind", "lease", "--from", "2030-01-01"}, "kind"},
		{[]string{"--customer", "K-1", "--kind", "rental"}, "--from"},
		{[]string{"--customer", "K-1", "--kind", "needs_analysis", "--from", "2030-01-01"}, "--file"},
	} {
		if errOut := fails(t, cfg, cli.ExitUsage, append([]string{"contract", "add"}, tc.args...)...); !strings.Contains(errOut, tc.want) {
			t.Errorf("contract add %v: stderr lacks %q:\n%s", tc.args, tc.want, errOut)
		}
	}
	// A second cooperation contract overlapping the first is rejected by the validation.
	if errOut := fails(t, cfg, 1, "contract", "add", "--customer", "K-1", "--kind", "cooperation", "--from", "2025-06-01"); !strings.Contains(errOut, "overlapping") {
		t.Errorf("overlap: %s", errOut)
	}

	var ks []directory.Contract
	okJSON(t, cfg, &ks, "contract", "list", "--customer", "K-1")
	if len(ks) != 3 || ks[0].ID != "P-1" || ks[1].ID != "V-0001" || ks[2].ID != "V-0002" {
		t.Errorf("contract list = %+v", ks)
	}
	if out := ok(t, cfg, "contract", "list"); !strings.Contains(out, "95.00/h") || !strings.Contains(out, "2 Drucker") {
		t.Errorf("contract list table:\n%s", out)
	}

	var ended directory.Contract
	okJSON(t, cfg, &ended, "contract", "end", "V-0001", "--until", "2025-05-31")
	if ended.ValidUntil.String() != "2025-05-31" {
		t.Errorf("contract end --until 2025-05-31: valid_until %s", ended.ValidUntil)
	}
	ok(t, cfg, "contract", "add", "--customer", "K-1", "--kind", "cooperation", "--from", "2025-06-01")
	okJSON(t, cfg, &ended, "contract", "end", "V-0002")
	if today := directory.DateOf(time.Now()); ended.ValidUntil != today {
		t.Errorf("contract end without --until: valid_until %s, want today %s", ended.ValidUntil, today)
	}
	if errOut := fails(t, cfg, 1, "contract", "end", "V-0001", "--until", "2023-12-31"); !strings.Contains(errOut, "valid_until") {
		t.Errorf("end before valid_from: %s", errOut)
	}
}

// export, import, export gives the same bytes, in every format.
func TestDirectoryImportExportRoundTrip(t *testing.T) {
	cfg := dirTestConfig(t)
	out := ok(t, cfg, "directory", "import", exampleDirectory)
	if !strings.Contains(out, "3 customers, 7 contacts, 7 contracts") {
		t.Errorf("import: %s", out)
	}
	for _, format := range []string{"toml", "yaml", "json"} {
		t.Run(format, func(t *testing.T) {
			first := ok(t, cfg, "directory", "export", "--format", format)
			file := writeFile(t, "directory."+format, first)
			ok(t, cfg, "directory", "import", file)
			if second := ok(t, cfg, "directory", "export", "--format", format); second != first {
				t.Errorf("export after import differs:\n--- first\n%s\n--- second\n%s", first, second)
			}
			// To a file, the format from the extension.
			dst := filepath.Join(t.TempDir(), "out."+format)
			ok(t, cfg, "directory", "export", dst)
			if b, err := os.ReadFile(dst); err != nil || string(b) != first {
				t.Errorf("export %s differs from export to stdout (%v)", dst, err)
			}
		})
	}
	if ok(t, cfg, "directory", "export") != ok(t, cfg, "directory", "export", "--format", "toml") {
		t.Error("the default export format is not TOML")
	}
	fails(t, cfg, cli.ExitUsage, "directory", "export", "x.json", "--format", "yaml")
}

// An import with problems lists every one of them and changes nothing.
func TestDirectoryImportInvalidChangesNothing(t *testing.T) {
	cfg := dirTestConfig(t)
	ok(t, cfg, "directory", "import", exampleDirectory)
	before := ok(t, cfg, "directory", "export")
	bad := writeFile(t, "bad.toml", `[[customers]]
number = "K-1"
name = "Praxis"

[[contacts]]
id = "C-1"
customer = "K-9"
name = "Lange"
email = "not an address"
`)
	errOut := fails(t, cfg, 1, "directory", "import", bad)
	for _, want := range []string{`contact C-1: customer: unknown customer "K-9"`, "contact C-1: email: invalid address"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("import of an invalid file: stderr lacks %q:\n%s", want, errOut)
		}
	}
	if after := ok(t, cfg, "directory", "export"); after != before {
		t.Errorf("the directory changed after a rejected import:\n--- before\n%s\n--- after\n%s", before, after)
	}
}

// With the daemon running, the commands go through the control socket: the directory crosses
// it as JSON, and the problems come back as the daemon's message.
func TestDirectoryCommandsWhileRunning(t *testing.T) {
	cfg := dirTestConfig(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var demoOut, demoErr testlog.Buffer // the daemon's goroutines log concurrently
	go func() {
		done <- run(ctx, &cli.Env{Stdout: &demoOut, Stderr: &demoErr, Stdin: strings.NewReader("")},
			[]string{"demo", "-config", cfg, "--imap", "127.0.0.1:0", "--smtp", "127.0.0.1:0"})
	}()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Error("demo did not stop")
		}
	}()
	for deadline := time.Now().Add(20 * time.Second); ; {
		var st daemon.StatusResult
		code, out, _ := runCmd(t, "status", "--json", "-config", cfg)
		if code == 0 && json.Unmarshal([]byte(out), &st) == nil && st.Running {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the daemon did not come up: %s", demoErr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}

	ok(t, cfg, "directory", "import", exampleDirectory)
	first := ok(t, cfg, "directory", "export")
	file := writeFile(t, "directory.toml", first)
	ok(t, cfg, "directory", "import", file)
	if second := ok(t, cfg, "directory", "export"); second != first {
		t.Errorf("export after import through the socket differs:\n--- first\n%s\n--- second\n%s", first, second)
	}
	want, err := directory.Load(exampleDirectory)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := directory.Load(file); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("export through the socket differs from the example (%v)", err)
	}

	errOut := fails(t, cfg, 1, "contact", "add", "--customer", "K-1002", "--name", "X", "--email", "c.berger@kanzlei-berger.demo", "--branch", "HAN")
	for _, want := range []string{"email: address \"c.berger@kanzlei-berger.demo\" already used", "branch: unknown branch \"HAN\""} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	var ended directory.Contract
	okJSON(t, cfg, &ended, "contract", "end", "V-0005", "--until", "2026-12-31")
	if ended.ValidUntil.String() != "2026-12-31" || ended.Cooperation == nil || ended.Cooperation.HourlyRate != 9850 {
		t.Errorf("contract end through the socket = %+v", ended)
	}
}
