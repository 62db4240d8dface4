package command

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"#status in Arbeit\n#zuweisen m.keller\n#zeit 45m Router getauscht\n#zeit 20m nb Kulanz: Fehler lag bei uns\n#anfahrt 1\n\nHallo",
		"\ufeff#Status in Arbeit\r\n\r\n#zeit\u00a01,5h x\u200b\r\n\u200b#zeit 20m „nicht berechnen“ Kulanz\r\n#Anfahrt 35 km\r\nText",
		"#zeit 1,33h\n#zeit 1,30h\n#zeit 90\n#zeit -1h\n#zeit 1h 30\n#zeit 0:00\n#zeit 9999999h",
		"#zeit 45m 29.2.\n#zeit gestern 45m\n#zeit 45m 31.12.2026\n#time 1h today nb",
		"#assign a\n#take\n#status neu\n#gelöst\n#prio hoch\n#prio low\n#intern\n#intern",
		"#kunde K-1001\n#melder Eva Roth <eva@kunde.example>\n#melder x@y<mailto:x@y>\n#melder",
		"#ziet\n#\n# \n#:\n#zeit:\n#status:x\n＃gelöst\r#anfahrt 12,5 km\r\n",
		"Hallo\n#zeit 5m\n#1 Server\n> #gelöst",
		"#gel\xffst\n\xc3",
		"",
		"\n\n\n",
		Help("de"),
		Help("en"),
	} {
		f.Add(s)
	}
	if raw, err := os.ReadFile(filepath.Join("testdata", "outlook_html_only.eml")); err == nil {
		f.Add(string(raw))
	}
	f.Fuzz(func(t *testing.T, text string) {
		b := Parse(text, Options{Today: today})
		checkBlock(t, text, b)
	})
}

// checkBlock asserts what must hold for any text: positions lie inside the text and name the
// line as written, Text is exactly what follows the block, every '#' line of the block is a
// command or an error, and the values are within their bounds.
func checkBlock(t *testing.T, text string, b Block) {
	t.Helper()
	lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n"), "\n")
	inside := func(what string, line int, source string) {
		if line < 1 || line > len(lines) || lines[line-1] != source {
			t.Fatalf("Parse(%q): %s at line %d with source %q; the text has %d lines", text, what, line, source, len(lines))
		}
	}
	accounted := map[int]bool{}
	for _, c := range b.Commands {
		inside("command "+describe(c), c.At().Line, c.At().Source)
		accounted[c.At().Line] = true
		checkValues(t, text, c)
	}
	for _, group := range [][]Issue{b.Errors, b.Warnings} {
		for _, e := range group {
			inside("issue "+string(e.Code), e.Line, e.Source)
			for _, lang := range []string{"de", "en"} {
				if m := e.Message(lang); m == "" || !utf8.ValidString(m) {
					t.Fatalf("Parse(%q): Message(%q) of %v = %q; want valid, non-empty text", text, lang, e.Code, m)
				}
			}
		}
	}
	capped := len(lines) + 1 // lines from here on are covered by the too_many_commands error
	for _, e := range b.Errors {
		accounted[e.Line] = true
		if e.Code == CodeTooMany {
			capped = e.Line
		}
	}
	end := len(lines)
	if b.TextLine > 0 {
		end = b.TextLine - 1
		if want := strings.Join(lines[end:], "\n"); b.Text != want {
			t.Fatalf("Parse(%q).Text = %q, want the lines from %d on: %q", text, b.Text, b.TextLine, want)
		}
		if c := cleanLine(lines[end]); c == "" || c[0] == '#' {
			t.Fatalf("Parse(%q).TextLine = %d, but that line %q is blank or a command", text, b.TextLine, lines[end])
		}
	} else if b.Text != "" {
		t.Fatalf("Parse(%q).Text = %q with TextLine 0", text, b.Text)
	}
	for i := 0; i < end; i++ {
		c := cleanLine(lines[i])
		if c != "" && c[0] != '#' {
			t.Fatalf("Parse(%q): line %d %q is text but lies inside the block", text, i+1, lines[i])
		}
		if c != "" && i+1 < capped && !accounted[i+1] && !duplicateAt(b, i+1) {
			t.Fatalf("Parse(%q): block line %d %q is neither a command nor an error", text, i+1, lines[i])
		}
	}
}

// duplicateAt reports a warning that line n repeated an earlier command (and was dropped).
func duplicateAt(b Block, n int) bool {
	for _, w := range b.Warnings {
		if w.Line == n && w.Code == CodeDuplicate {
			return true
		}
	}
	return false
}

// checkValues asserts the bounds the callers rely on.
func checkValues(t *testing.T, text string, c Command) {
	t.Helper()
	after := func(d Date) bool { return d.daysSince(today) < 0 }
	switch c := c.(type) {
	case TimeEntry:
		if c.Minutes < 1 || c.Minutes > DefaultMaxMinutes || c.Billable == (c.Reason != "") || after(c.Date) || c.Date.IsZero() ||
			!c.Billable && c.Activity != "" {
			t.Fatalf("Parse(%q): bad time entry %+v", text, c)
		}
	case Travel:
		if (c.Trips > 0) == (c.Km > 0) || c.Trips < 0 || c.Trips > maxTrips || c.Km < 0 || c.Km > maxKm || after(c.Date) {
			t.Fatalf("Parse(%q): bad travel %+v", text, c)
		}
	case SetStatus:
		if !c.Status.Valid() {
			t.Fatalf("Parse(%q): bad status %+v", text, c)
		}
	case Assign:
		if !validID(c.Technician) {
			t.Fatalf("Parse(%q): bad technician %+v", text, c)
		}
	case SetCustomer:
		if !validID(c.Number) {
			t.Fatalf("Parse(%q): bad customer %+v", text, c)
		}
	case SetRequester:
		if c.Address != strings.ToLower(c.Address) || !strings.Contains(c.Address, "@") {
			t.Fatalf("Parse(%q): bad requester %+v", text, c)
		}
	}
}
