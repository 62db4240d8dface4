package pdf

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// TestLongReportPages renders 200 entries and reads the PDF back: every page says "Seite i von
// n" with the right n, every page of the table repeats its column header, a ticket cut by a page
// break repeats its header as continued, and every entry appears exactly once.
func TestLongReportPages(t *testing.T) {
	pdf, err := Bytes(longReport(200))
	if err != nil {
		t.Fatal(err)
	}
	pages := layoutText(t, pdf)
	n := len(pages)
	if n < 3 {
		t.Fatalf("200 entries fill %d pages, want at least 3", n)
	}
	header := regexp.MustCompile(`Datum +Techniker +Tätigkeit +Erfasst +Berechnet +Abrechnung +Betrag`)
	ticketHead := regexp.MustCompile(`^Ticket (\d{4}-\d{6}) · `)
	continued := regexp.MustCompile(`^Ticket (\d{4}-\d{6}) · .*\(Fortsetzung\)`)
	for i, page := range pages {
		label := fmt.Sprintf("Seite %d von %d", i+1, n)
		if !strings.Contains(page, label) {
			t.Errorf("page %d lacks %q", i+1, label)
		}
		if strings.Count(page, " von ") != 1 {
			t.Errorf("page %d has %d page labels", i+1, strings.Count(page, " von "))
		}
		if !header.MatchString(page) {
			t.Errorf("page %d does not repeat the table header", i+1)
		}
		if i == 0 {
			continue
		}
		// A page starts with a ticket header: the ticket's own when the ticket starts there,
		// else the header of the ticket cut by the break, marked as continued.
		body := page[header.FindStringIndex(page)[1]:]
		first := strings.TrimSpace(strings.SplitN(strings.TrimLeft(body, "\n "), "\n", 2)[0])
		m := ticketHead.FindStringSubmatch(first)
		if m == nil {
			t.Errorf("page %d starts with %q, not with a ticket header", i+1, first)
			continue
		}
		number, before := m[1], strings.Join(pages[:i], "\n")
		seen := strings.Contains(before, "Ticket "+number+" ·")
		closed := strings.Contains(before, "Summe Ticket "+number)
		if c := continued.MatchString(first); c != (seen && !closed) {
			t.Errorf("page %d starts with %q; ticket %s seen before: %v, closed before: %v", i+1, first, number, seen, closed)
		}
	}
	if got := len(regexp.MustCompile(`\(Fortsetzung\)`).FindAllString(strings.Join(pages, "\n"), -1)); got == 0 {
		t.Errorf("no ticket continued across a page: the fixture does not test continuation")
	}
	all := strings.Join(pages, "\n")
	for k := 1; k <= 200; k++ {
		if c := strings.Count(all, fmt.Sprintf("Arbeitsschritt %d:", k)); c != 1 {
			t.Errorf("entry %d appears %d times", k, c)
		}
	}
	if !strings.Contains(pages[n-1], "Nettobetrag") {
		t.Errorf("the last page has no net amount")
	}
	checkInside(t, pdf)
}

// checkInside reads every word's box: nothing may run off the page or past the right margin,
// and nothing but the page label may stand between the body and the footer.
func checkInside(t *testing.T, pdf []byte) {
	t.Helper()
	ws := words(t, pdf)
	footer := footerTop(3)
	pageLabel := map[string]bool{"Seite": true, "von": true, "Page": true, "of": true}
	for _, w := range ws {
		if w.xMin < left-0.5 || w.xMax > right+0.5 || w.yMin < 10 || w.yMax > pageH-5 {
			t.Errorf("page %d: %q at x %.1f–%.1f, y %.1f–%.1f lies outside the text area", w.page, w.text, w.xMin, w.xMax, w.yMin, w.yMax)
		}
		if w.yMax > footer-7+0.5 && w.yMin < footer {
			if _, err := fmt.Sscan(w.text, new(int)); err != nil && !pageLabel[w.text] {
				t.Errorf("page %d: %q at y %.1f–%.1f runs into the footer (starts at %.1f)", w.page, w.text, w.yMin, w.yMax, footer)
			}
		}
	}
}

// TestHardInput: umlauts and other scripts in names, an activity long enough to fill more than
// a page, a word longer than its column, control characters, an unknown glyph, and an address
// at the window's limit. It must render, keep every line on the page, and lose no text.
func TestHardInput(t *testing.T) {
	r := cooperationReport()
	long := strings.Repeat("Sehr lange Tätigkeitsbeschreibung mit Umlauten äöü ÄÖÜ ß und „Anführungszeichen“ – ", 60)
	word := strings.Repeat("Überlänge", 12)
	e := Entry{
		Date: day(12, 20), Technician: "Zoë Çelik-Šťastná Øre Łukasz", Activity: long + word + " ENDE\x00\x1b 😀",
		Minutes: 600, BilledMinutes: 600, Billable: true, AmountCents: 95000,
	}
	r.Tickets = append(r.Tickets, Ticket{Number: "2026-000999", Subject: strings.Repeat("Betreff ", 80), Entries: []Entry{e}})
	r.Totals.BillableMinutes += 600
	r.Totals.LabourCents += 95000
	r.Totals.NetCents += 95000
	r.Recipient.Lines = append(r.Recipient.Lines, "Postfach 12 34 56 mit einer Zeile, die breiter ist als das Anschriftfeld")

	pdf, err := Bytes(r)
	if err != nil {
		t.Fatal(err)
	}
	pages := layoutText(t, pdf)
	all := strings.Join(pages, "\n")
	for _, want := range []string{"Zoë", "Çelik-Šťastná", "Łukasz", "„Anführungszeichen“", "ENDE", "Überlänge", "(Fortsetzung)", "Postfach 12 34 56"} {
		if !strings.Contains(all, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	// Each repetition of the long text must survive the page breaks of its row.
	if got := strings.Count(all, "Tätigkeitsbeschreibung"); got != 60 {
		t.Errorf("the long activity shows %d of its 60 sentences", got)
	}
	if !strings.Contains(all, "ENDE ?") {
		t.Errorf("a character the font lacks is not shown as '?'")
	}
	checkInside(t, pdf)
}

func TestEmptyReport(t *testing.T) {
	r := cooperationReport()
	r.Tickets = nil
	r.Totals = Totals{}
	pdf, err := Bytes(r)
	if err != nil {
		t.Fatal(err)
	}
	pages := layoutText(t, pdf)
	if len(pages) != 1 {
		t.Fatalf("an empty report has %d pages", len(pages))
	}
	for _, want := range []string{"Servicebericht SB-2026-00042", "Im Zeitraum wurden keine Leistungen erfasst.", "Nettobetrag", "0,00 €", "Seite 1 von 1"} {
		if !strings.Contains(pages[0], want) {
			t.Errorf("empty report lacks %q", want)
		}
	}
}
