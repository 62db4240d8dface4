package pdf

import (
	"bytes"
	"testing"
)

// FuzzRender puts arbitrary text into every free-text field of a report: Render must either
// refuse it with an error or produce a PDF, never panic. (Sums stay consistent, so most inputs
// render.)
func FuzzRender(f *testing.F) {
	f.Add("Jörg Weiß", "Drucker „neu“ eingerichtet – ok", "Kulanz", "Betreff", "Müller GmbH", int64(9500), 60)
	f.Add("", "", "", "", "", int64(0), 0)
	f.Add("\x00\xff\xfe", "line\nline\r\n\u202Eevil\u2028😀中文", "\t", "\u00AD", " ", int64(-1), -1)
	f.Add("a", string(bytes.Repeat([]byte("Überlänge"), 500)), "r", "s", "n", int64(1<<40), 1<<20)
	f.Fuzz(func(t *testing.T, tech, activity, reason, subject, name string, cents int64, minutes int) {
		r := cooperationReport()
		r.Recipient.Name = name
		r.CustomerName = name
		r.Branch = subject
		r.Sender.Name = tech
		e := Entry{Date: day(12, 5), Technician: tech, Activity: activity, Minutes: minutes}
		if reason == "" {
			e.Billable, e.BilledMinutes, e.AmountCents = true, minutes, cents
			r.Totals.BillableMinutes += minutes
			r.Totals.LabourCents += cents
			r.Totals.NetCents += cents
		} else {
			e.Reason = reason
			r.Totals.NonBillableMinutes += minutes
		}
		r.Tickets = append(r.Tickets, Ticket{Number: subject, Subject: activity, Entries: []Entry{e}})
		pdf, err := Bytes(r)
		if err != nil {
			return
		}
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimSpace(pdf), []byte("%%EOF")) {
			t.Fatalf("no complete PDF: %.40q … %.40q", pdf, pdf[max(0, len(pdf)-40):])
		}
	})
}
