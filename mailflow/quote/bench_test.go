package quote

import (
	"strings"
	"testing"
)

// benchText is the text of a client mail from testdata, as the mail path hands it to Cut.
func benchText(b *testing.B, name string) string {
	b.Helper()
	t := &testing.T{}
	m := parseClientMail(t, name)
	if t.Failed() {
		b.Fatalf("cannot parse %s", name)
	}
	return m.Text
}

// BenchmarkCut: typical replies (about 1 KB: a customer's Outlook reply, a technician's
// answer with signature), a long thread (30 Outlook replies quoted in each other), and a
// 1 MiB text of lines that each look like a marker (the parser's default text cap).
func BenchmarkCut(b *testing.B) {
	thread := benchText(b, "outlook-desktop-de.eml")
	for range 30 {
		thread += "\n\nVon: Anna Lange <anna.lange@kunde.example>\nGesendet: Montag, 1. Dezember 2026 10:15\nAn: Support <s@x.example>\nBetreff: AW: Drucker\n\n" + thread
		if len(thread) > 64<<10 {
			break
		}
	}
	worst := strings.Repeat("Von: a\nOn 1.12.2026 10:15 x <a@b>\n> q\nTel. 0171 2345678\nSent from my iPhone\n\nViele Grüße\n", 1<<20/96)
	cases := []struct {
		name string
		text string
		opt  Options
	}{
		{"customer-reply", benchText(b, "outlook-desktop-de.eml"), Options{}},
		{"technician-signature", benchText(b, "tech-outlook-de-signature.eml"), Options{Signature: true}},
		{"html-reply", benchText(b, "gmail-web-en-html.eml"), Options{}},
		{"long-thread", thread, Options{}},
		{"worst-1MiB", worst, Options{Signature: true}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.text)))
			b.ReportAllocs()
			for b.Loop() {
				Cut(c.text, c.opt)
			}
		})
	}
}
