package pdf_test

import (
	"bytes"
	"fmt"
	"time"

	"helpdesk/billing/pdf"
)

func ExampleRender() {
	day := func(d int) time.Time { return time.Date(2026, 12, d, 0, 0, 0, 0, time.UTC) }
	r := &pdf.Report{
		ID:        "SB-2026-00042",
		Created:   day(31),
		From:      day(1),
		Until:     day(31),
		Sender:    pdf.Sender{Name: "Nordlicht Systemhaus GmbH", Address: []string{"Hafenstraße 12", "20457 Hamburg"}},
		Recipient: pdf.Address{Name: "Müller & Söhne Bau GmbH", Lines: []string{"Am Sande 5", "21335 Lüneburg"}},
		Tickets: []pdf.Ticket{{Number: "2026-000042", Subject: "Drucker", Entries: []pdf.Entry{{
			Date: day(2), Technician: "Jörg Weiß", Activity: "Treiber aktualisiert",
			Minutes: 50, BilledMinutes: 60, Billable: true, AmountCents: 9500,
		}}}},
		Totals: pdf.Totals{BillableMinutes: 60, LabourCents: 9500, NetCents: 9500},
		Rates:  []pdf.Rate{{Label: "Stundensatz", Cents: 9500, Per: pdf.PerHour}},
	}
	var out bytes.Buffer
	if err := pdf.Render(&out, r); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(bytes.HasPrefix(out.Bytes(), []byte("%PDF-")))

	// A report whose sums do not add up is refused, with every problem named.
	r.Totals.NetCents = 9000
	r.Tickets[0].Entries[0].Billable = false
	fmt.Println(pdf.Render(&out, r))
	// Output:
	// true
	// service report SB-2026-00042: tickets[0] (2026-000042) entries[0]: not billable without a reason
	// tickets[0] (2026-000042) entries[0]: not billable, yet charged or deducted
	// totals.billable_minutes: 60, the entries sum to 0
	// totals.non_billable_minutes: 0, the entries sum to 50
	// totals.net_cents: 9000, labour plus travel is 9500
}
