package quote

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzCut: Cut never panics, and its four parts partition the input: every line of each
// part is an input line, in input order, and the parts together hold each non-blank input
// line exactly once. Text is non-empty whenever the input is not blank, unless the
// signature (asked for) took everything.
func FuzzCut(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "clients", "*.eml"))
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		_, body, _ := strings.Cut(string(raw), "\n\n") // the header as text is a fine input too
		f.Add(body, false, "AW: x")
		f.Add(body, true, "WG: x")
	}
	for _, s := range []string{
		"Danke\n\nAm 01.12.2026 um 10:15 schrieb Anna <a@b.example>:\n> alt",
		"> a\nb\n> c\n\nd\n-- \ne\nMobil 0171 2345678\nPS: f",
		"Von: a\nGesendet: b\nAn: c\nBetreff: d",
		"x\r\ny\rz\n>\n>\n> \u00a0\n\u200b\n-- ",
		"Von meinem iPhone gesendet\n\nVon meinem iPhone gesendet",
		"On 1 2 3 4 5 6 7 8 9 <\n>:\n>:",
	} {
		f.Add(s, true, "")
	}
	f.Fuzz(func(t *testing.T, in string, sig bool, subject string) {
		r := Cut(in, Options{Signature: sig, Subject: subject})
		lines := splitLines(in)
		var raws []string
		nonBlank := 0
		for _, l := range lines {
			raws = append(raws, l.raw)
			if !l.blank {
				nonBlank++
			}
		}
		got := 0
		for name, part := range map[string]string{"Text": r.Text, "Quote": r.Quote, "Signature": r.Signature, "Trailer": r.Trailer} {
			n, ok := subsequence(part, raws)
			if !ok {
				t.Fatalf("Cut(%q).%s = %q: not input lines in input order", in, name, part)
			}
			got += n
		}
		if got != nonBlank {
			t.Fatalf("Cut(%q) = %+v: the parts hold %d non-blank lines, the input %d", in, r, got, nonBlank)
		}
		if nonBlank > 0 && strings.TrimSpace(r.Text) == "" && (!sig || r.Signature == "") {
			t.Fatalf("Cut(%q, Signature %v) = %+v: empty text for a non-blank input", in, sig, r)
		}
		if !sig && r.Signature != "" {
			t.Fatalf("Cut(%q) cut a signature %q without Options.Signature", in, r.Signature)
		}
		if r.KeptAll && (r.Quote != "" || r.Trailer != "") {
			t.Fatalf("Cut(%q) = %+v: KeptAll but something was cut", in, r)
		}
		switch r.Kind {
		case KindNone, KindQuoted, KindAttribution, KindHeader, KindSeparator, KindTrailer, KindForward:
		default:
			t.Fatalf("Cut(%q).Kind = %q: unknown", in, r.Kind)
		}
	})
}

// subsequence reports whether the non-empty lines of part occur in lines in order, and how
// many there are.
func subsequence(part string, lines []string) (int, bool) {
	if part == "" {
		return 0, true
	}
	n, j := 0, 0
	for _, p := range strings.Split(part, "\n") {
		if strings.TrimSpace(p) == "" {
			continue
		}
		for j < len(lines) && lines[j] != p {
			j++
		}
		if j == len(lines) {
			return n, false
		}
		j++
		n++
	}
	return n, true
}
