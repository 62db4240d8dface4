package compose

import (
	"bufio"
	"bytes"
	"strings"
	"testing"

	"github.com/emersion/go-message"
	gomail "github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"
)

// allowedTop is every header name Write may produce at the top level, plus the fuzzed extra
// header's name.
var allowedTop = map[string]bool{
	"Mime-Version": true, "Content-Type": true, "Content-Transfer-Encoding": true,
	"Date": true, "From": true, "To": true, "Cc": true, "Reply-To": true, "Subject": true,
	"Message-Id": true, "In-Reply-To": true, "References": true, "Auto-Submitted": true,
	"X-Auto-Response-Suppress": true, "X-Helpdesk-Loop": true,
}

// FuzzWrite: whatever the subject, display name, address, extra header value and text, Write
// either refuses (and then Validate refuses too) or produces a mail whose header parses back
// with exactly the fields we wrote: one Subject, one From with our address, one To, no other
// field names. It must never panic.
func FuzzWrite(f *testing.F) {
	f.Add("[Ticket#2026-000042] Drucker", "Jürgen Groß", "j@example.org", "support@example.com", "Hallo\n")
	f.Add("Subject: x\r\nBcc: evil@x", "a\nBcc: evil@x", "a@x\r\nBcc: e@x", "v\r\nBcc: e@x", "x\r\n.\r\n")
	f.Add("=?utf-8?q?=0D=0ABcc:_evil@x?=", `"Müller, Hans" <x@y>`, "a@x>, <b@y", "=?utf-8?b?DQo=?=", "")
	f.Add("\x00\x7f\t\u2028\u0085", "\"\\", "a@[127.0.0.1]", "\t", "--boundary\r\n")
	f.Add(strings.Repeat("Überlänge ", 120), strings.Repeat("x", 1200), "a@b", strings.Repeat("y", 1100), "text")
	f.Fuzz(func(t *testing.T, subject, name, addr, hval, text string) {
		m := &Mail{
			From:    Address{Name: name, Addr: "support@example.com"},
			To:      []Address{{Name: name, Addr: addr}},
			Subject: subject,
			Headers: [][2]string{{"X-Helpdesk-Loop", hval}},
			Text:    text,
		}
		b, err := Bytes(m)
		if err != nil {
			if Validate(m) == nil {
				t.Fatalf("Bytes failed although Validate passed: %v", err)
			}
			return
		}
		h, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(b)))
		if err != nil {
			t.Fatalf("ReadHeader of our own output: %v\n%q", err, b)
		}
		counts := map[string]int{}
		for fields := h.Fields(); fields.Next(); {
			k := fields.Key()
			counts[k]++
			if !allowedTop[k] {
				t.Fatalf("unexpected header %q in output:\n%q", k, b)
			}
		}
		for _, k := range []string{"Subject", "From", "To", "Date", "X-Helpdesk-Loop"} {
			if counts[k] != 1 {
				t.Fatalf("%d %s fields, want 1:\n%q", counts[k], k, b)
			}
		}
		mh := gomail.Header{Header: message.Header{Header: h}}
		to, err := mh.AddressList("To")
		if err != nil || len(to) != 1 || to[0].Address != addr {
			t.Fatalf("To = %v, %v; want exactly %q:\n%q", to, err, addr, b)
		}
		from, err := mh.AddressList("From")
		if err != nil || len(from) != 1 || from[0].Address != "support@example.com" {
			t.Fatalf("From = %v, %v:\n%q", from, err, b)
		}
		got, err := mh.Subject()
		if err == nil && plainRoundTrip(subject) && got != subject {
			t.Fatalf("Subject round trip %q = %q:\n%q", subject, got, b)
		}
	})
}

// plainRoundTrip reports whether a subject must come back unchanged: header parsing trims
// surrounding white space, and a word longer than the 998-octet line limit gets a folding space.
func plainRoundTrip(s string) bool {
	if s != strings.TrimSpace(s) || strings.ContainsAny(s, "\t") {
		return false
	}
	for _, w := range strings.Fields(s) {
		if len(w) > 900 {
			return false
		}
	}
	return strings.ToValidUTF8(s, "\ufffd") == s
}
