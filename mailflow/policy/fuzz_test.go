package policy

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// addSeeds adds the testdata mails as fuzz seeds.
func addSeeds(f *testing.F) {
	f.Helper()
	files, _ := filepath.Glob(filepath.Join("testdata", "*.eml"))
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Add([]byte("From: MAILER-DAEMON <>\r\nReturn-Path: <>\r\nSubject: Unzustellbar:\r\n\r\n<a@b>:\r\nMessage-ID: <x@y>\r\n"))
	f.Add([]byte("Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nFinal-Recipient: ;\r\nAction:\r\n\r\n--b--"))
}

func FuzzClassify(f *testing.F) {
	addSeeds(f)
	o := defaultOptions()
	o.MaxSize = 1 << 10
	o.Senders = SenderPolicy{Mode: "known", Unknown: "flag", Deny: []string{"*.example"}, Known: func(string) bool { return false }}
	o.Rules = []Rule{
		{Field: "header", Header: "Subject", Action: "tag", Tag: "s"},
		{Field: "body", Regexp: regexp.MustCompile(`(?i)drucker`), Action: "priority", Priority: "high"},
		{Field: "recipient", Contains: "@", Action: "setaside"},
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := parseRaw(raw)
		if err != nil {
			if v := Unparseable(err); !v.SetAside {
				t.Fatalf("Unparseable(%v) kept the mail", err)
			}
			return
		}
		v := Classify(m, o)
		if v.SetAside && v.Reason == "" {
			t.Fatalf("Classify set aside with code %q but no reason", v.Code)
		}
		if v.SetAside == (v.Code == Keep) {
			t.Fatalf("Classify = %+v: SetAside and Code disagree", v)
		}
	})
}

func FuzzParseBounce(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		b, err := ParseBounce(bytes.NewReader(raw))
		if err != nil {
			return
		}
		for _, r := range b.FailedRecipients {
			if r == "" {
				t.Fatalf("ParseBounce: empty failed recipient in %+v", b)
			}
		}
	})
}
