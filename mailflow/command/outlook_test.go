package command_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"helpdesk/mailflow/command"
	"helpdesk/mailflow/parse"
	"helpdesk/ticketstore"
)

// TestOutlookHTMLOnly runs a technician's answer from Outlook 16 that has only an HTML part
// through parse.Parse and then Parse: the commands sit in <p class=MsoNormal> paragraphs
// (so blank lines separate them), with a BOM, zero-width spaces, &nbsp; between words and
// AutoCorrect's „typographic quotes“, followed by the greeting and Outlook's quoted header.
func TestOutlookHTMLOnly(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "outlook_html_only.eml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := parse.Parse(f, nil, parse.Options{})
	if err != nil {
		t.Fatalf("parse.Parse(outlook_html_only.eml): %v", err)
	}
	if !m.TextFromHTML {
		t.Fatalf("parse.Parse(outlook_html_only.eml).TextFromHTML = false; the test needs the HTML conversion")
	}
	// The premise: the invisible characters survive the HTML conversion.
	for _, r := range []string{"\ufeff", "\u200b"} {
		if !strings.Contains(m.Text, r) {
			t.Fatalf("parse.Parse(outlook_html_only.eml).Text has no %q; the test would not test it", r)
		}
	}

	today := command.Date{Year: 2026, Month: 12, Day: 2}
	b := command.Parse(m.Text, command.Options{Today: today})
	if len(b.Errors) > 0 || len(b.Warnings) > 0 {
		t.Fatalf("Parse(Outlook text) errors %v, warnings %v; want none\ntext: %q", b.Errors, b.Warnings, m.Text)
	}
	want := []command.Command{
		command.SetStatus{Status: ticketstore.StatusInProgress},
		command.TimeEntry{Minutes: 90, Billable: true, Date: today, Activity: "Drucker-Treiber neu installiert"},
		command.TimeEntry{Minutes: 20, Reason: "Kulanz: Fehler lag bei uns", Date: today},
		command.Travel{Km: 35, Date: today},
	}
	wantLines := []int{1, 3, 5, 7}
	if len(b.Commands) != len(want) {
		t.Fatalf("Parse(Outlook text).Commands = %+v, want %+v", b.Commands, want)
	}
	lines := strings.Split(m.Text, "\n")
	for i, c := range b.Commands {
		pos := c.At()
		if pos.Line != wantLines[i] || pos.Source != lines[pos.Line-1] {
			t.Errorf("command %d at %+v, want line %d with its source", i, pos, wantLines[i])
		}
		if got := withoutPos(c); got != want[i] {
			t.Errorf("command %d = %+v, want %+v", i, got, want[i])
		}
	}
	if b.TextLine != 9 || !strings.HasPrefix(b.Text, "Sehr geehrter Herr Müller,\n") ||
		!strings.Contains(b.Text, "Betreff: [Ticket#2026-000042]") {
		t.Errorf("Parse(Outlook text) text at line %d = %q; want the greeting at line 9 through the quoted header", b.TextLine, b.Text)
	}
	if b.Text != strings.Join(lines[8:], "\n") {
		t.Errorf("Parse(Outlook text).Text is not the mail's text from line 9 on")
	}
	if b.Internal() || !slices.ContainsFunc(b.Commands, func(c command.Command) bool { _, ok := c.(command.Travel); return ok }) {
		t.Errorf("Parse(Outlook text): Internal %v, want false, and a travel entry", b.Internal())
	}
}

// withoutPos returns c with its position cleared, for comparing the values alone.
func withoutPos(c command.Command) command.Command {
	switch c := c.(type) {
	case command.SetStatus:
		c.Pos = command.Pos{}
		return c
	case command.TimeEntry:
		c.Pos = command.Pos{}
		return c
	case command.Travel:
		c.Pos = command.Pos{}
		return c
	}
	return c
}
