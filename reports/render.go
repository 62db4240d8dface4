package reports

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"helpdesk/billing"
	"helpdesk/billing/pdf"
	"helpdesk/billing/textfmt"
	"helpdesk/config"
	"helpdesk/directory"
	"helpdesk/templates"
	"helpdesk/ticketstore"
)

// View is what the PDF and the mail of one frozen report are made from: the report, the
// customer as the directory has it now (the address), the contracts that priced it (the rates)
// and the issuer.
type View struct {
	Report    *ticketstore.ServiceReport
	Customer  directory.Customer
	Contracts []directory.Contract // those the report's lines name
	Sender    config.BillingSender
	Location  *time.Location
}

// NewView looks up what View needs in the directory.
func NewView(sr *ticketstore.ServiceReport, dir *directory.Directory, sender config.BillingSender, loc *time.Location) (*View, error) {
	c := dir.Customer(sr.Customer)
	if c == nil {
		return nil, fmt.Errorf("service report %s: customer %s: %w", sr.ID, sr.Customer, directory.ErrNotFound)
	}
	v := &View{Report: sr, Customer: *c, Sender: sender, Location: cmp.Or(loc, time.UTC)}
	seen := map[string]bool{}
	for _, l := range sr.Priced.Lines {
		if seen[l.Contract] {
			continue
		}
		seen[l.Contract] = true
		if k := dir.Contract(l.Contract); k != nil {
			v.Contracts = append(v.Contracts, *k)
		}
	}
	return v, nil
}

// FileName is the name the report's PDF is attached and saved under.
func FileName(id string) string { return id + ".pdf" }

func (v *View) format() textfmt.Format {
	f, err := textfmt.New(v.Report.Language)
	if err != nil {
		f, _ = textfmt.New("de")
	}
	return f
}

func (v *View) date(d directory.Date) time.Time { return d.Time(v.Location) }

// branchName is the name of the report's branch, "" for none.
func (v *View) branchName() string {
	if b := v.Customer.Branch(v.Report.Branch); b != nil {
		return b.Name
	}
	return v.Report.Branch
}

// PDF is the report as billing/pdf lays it out.
func (v *View) PDF() *pdf.Report {
	sr := v.Report
	r := &pdf.Report{
		Lang: v.format().Lang(), ID: sr.ID, Created: sr.Created.In(v.Location),
		From: v.date(sr.From), Until: v.date(sr.Until), Corrects: sr.Corrects,
		Sender: pdf.Sender{Name: v.Sender.Name, Address: v.Sender.Address, Phone: v.Sender.Phone, Mail: v.Sender.Email,
			Web: v.Sender.Web, Register: v.Sender.Register, Management: v.Sender.Management, VATID: v.Sender.VATID, Bank: v.Sender.Bank},
		Recipient:      v.recipient(),
		CustomerNumber: sr.Customer, CustomerName: v.Customer.Name, Branch: v.branchName(), DATEVAdvisor: v.Customer.DATEVAdvisor,
		Contract: v.contractLabel(),
		Totals: pdf.Totals{BillableMinutes: int(sr.Priced.Totals.BilledMinutes), NonBillableMinutes: int(sr.Priced.Totals.NonBillableMinutes),
			LabourCents: int64(sr.Priced.Totals.Labour), TravelCents: int64(sr.Priced.Totals.Travel), NetCents: int64(sr.Priced.Totals.Net)},
	}
	for _, g := range groups(sr) {
		t := pdf.Ticket{Number: g.ticket, Subject: sr.Subjects[g.ticket]}
		for _, l := range g.lines {
			t.Entries = append(t.Entries, pdf.Entry{Date: v.date(l.Entry.Date), Technician: v.technician(l.Entry.Technician),
				Activity: l.Entry.Activity, Minutes: int(l.Entry.Minutes), BilledMinutes: int(l.BilledMinutes), Billable: l.Entry.Billable,
				Reason: l.Entry.Reason, DeductedMinutes: int(l.DeductedMinutes), AmountCents: int64(l.Labour),
				TravelTrips: int(l.Entry.TravelTrips), TravelKm: int(l.Entry.TravelKm), TravelCents: int64(l.Travel)})
		}
		r.Tickets = append(r.Tickets, t)
	}
	if len(sr.Kontingent) > 0 {
		k := &pdf.Kontingent{}
		var ids []string
		for _, m := range sr.Kontingent {
			ids = append(ids, m.Contract)
			k.BalanceBefore += int(m.Before)
			k.Credited += int(m.Credited)
			k.Used += int(m.Used)
			k.BalanceAfter += int(m.After)
			k.OverdrawLimit += int(m.OverdrawLimit)
			k.BilledBeyondLimit += int(m.Excess)
		}
		k.Name = v.kontingentName(ids)
		r.Kontingent = k
	}
	r.Rates, r.IncrementMinutes = v.rates()
	return r
}

func (v *View) technician(id string) string { return cmp.Or(v.Report.Technicians[id], id) }

// recipient is the address window: the customer, or the branch billed on its own.
func (v *View) recipient() pdf.Address {
	c := v.Customer
	a := pdf.Address{Name: c.Name}
	addr := c.Address
	if b := c.Branch(v.Report.Branch); b != nil {
		a.Lines = append(a.Lines, b.Name)
		if b.Address != (directory.Address{}) {
			addr = b.Address
		}
	}
	if addr.Street != "" {
		a.Lines = append(a.Lines, addr.Street)
	}
	if city := strings.TrimSpace(addr.Zip + " " + addr.City); city != "" {
		a.Lines = append(a.Lines, city)
	}
	if addr.Country != "" && !strings.EqualFold(addr.Country, "DE") {
		a.Lines = append(a.Lines, strings.ToUpper(addr.Country))
	}
	return a
}

var kindLabels = map[string]map[directory.Kind]string{
	"de": {directory.KindCooperation: "Kooperationsvereinbarung", directory.KindPrepaidHours: "Stundenkontingent"},
	"en": {directory.KindCooperation: "Cooperation agreement", directory.KindPrepaidHours: "Prepaid hours"},
}

// contractLabel names the agreements the rates come from.
func (v *View) contractLabel() string {
	fm := v.format()
	var parts []string
	for _, k := range v.Contracts {
		from := map[string]string{"de": " vom ", "en": " of "}[fm.Lang()]
		parts = append(parts, kindLabels[fm.Lang()][k.Kind]+" "+k.ID+from+fm.Date(v.date(k.ValidFrom)))
	}
	return strings.Join(parts, "; ")
}

func (v *View) kontingentName(ids []string) string {
	fm := v.format()
	var parts []string
	for _, k := range v.Contracts {
		if k.PrepaidHours == nil {
			continue
		}
		per := map[string]string{"de": " h/Monat", "en": " h/month"}[fm.Lang()]
		parts = append(parts, k.ID+": "+strings.ReplaceAll(k.PrepaidHours.HoursPerMonth.String(), ".", map[string]string{"de": ",", "en": "."}[fm.Lang()])+per)
	}
	if len(parts) == 0 {
		return strings.Join(ids, ", ")
	}
	return strings.Join(parts, "; ")
}

var rateLabels = map[string][4]string{
	"de": {"Stundensatz", "Anfahrtspauschale", "Kilometerpauschale", "Stundensatz über dem Kontingent"},
	"en": {"Hourly rate", "Travel per trip", "Travel per km", "Hourly rate beyond the prepaid hours"},
}

// rates lists the rates of the contracts that priced the report, and the billing increment.
func (v *View) rates() ([]pdf.Rate, int) {
	lb := rateLabels[v.format().Lang()]
	var out []pdf.Rate
	add := func(label string, m directory.Money, per pdf.Unit) {
		if m > 0 {
			out = append(out, pdf.Rate{Label: label, Cents: int64(m), Per: per})
		}
	}
	inc := 0
	for _, k := range v.Contracts {
		var d directory.Duration
		switch {
		case k.Cooperation != nil:
			c := k.Cooperation
			add(lb[0], c.HourlyRate, pdf.PerHour)
			add(lb[1], c.TravelPerTrip, pdf.PerTrip)
			add(lb[2], c.TravelPerKm, pdf.PerKm)
			d = c.BillingIncrement
		case k.PrepaidHours != nil:
			p := k.PrepaidHours
			if p.BeyondLimit == directory.BeyondBill {
				add(lb[3], p.ExcessRate, pdf.PerHour)
			}
			add(lb[1], p.TravelPerTrip, pdf.PerTrip)
			add(lb[2], p.TravelPerKm, pdf.PerKm)
			d = p.BillingIncrement
		}
		if inc == 0 {
			inc = int(time.Duration(cmp.Or(d, directory.DefaultBillingIncrement)) / time.Minute)
		}
	}
	return out, inc
}

// group is one ticket's lines, in the order of the report.
type group struct {
	ticket string
	lines  []billing.Line
}

func groups(sr *ticketstore.ServiceReport) []group {
	var out []group
	at := map[string]int{}
	for _, l := range sr.Priced.Lines {
		i, ok := at[l.Entry.Ticket]
		if !ok {
			i = len(out)
			at[l.Entry.Ticket] = i
			out = append(out, group{ticket: l.Entry.Ticket})
		}
		out[i].lines = append(out[i].lines, l)
	}
	return out
}

// Mail is the report as the body of its mail shows it, formatted as the PDF formats it.
func (v *View) Mail() *templates.ReportInfo {
	sr, fm := v.Report, v.format()
	t := sr.Priced.Totals
	info := &templates.ReportInfo{
		ID: sr.ID, Date: fm.Date(sr.Created.In(v.Location)), Period: fm.Period(v.date(sr.From), v.date(sr.Until)),
		CustomerNumber: sr.Customer, CustomerName: v.Customer.Name, Branch: v.branchName(), DATEVAdvisor: v.Customer.DATEVAdvisor,
		Corrects: sr.Corrects, BillableTime: fm.Hours(int(t.BilledMinutes)), NonBillableTime: fm.Hours(int(t.NonBillableMinutes)),
		Labour: fm.Money(int64(t.Labour)), Travel: fm.Money(int64(t.Travel)), Net: fm.Money(int64(t.Net)),
		Attachment: FileName(sr.ID),
	}
	for _, g := range groups(sr) {
		rt := templates.ReportTicket{Number: g.ticket, Subject: sr.Subjects[g.ticket]}
		for _, l := range g.lines {
			e := l.Entry
			line := templates.ReportLine{Date: fm.Date(v.date(e.Date)), Technician: v.technician(e.Technician), Activity: e.Activity,
				Time: fm.Duration(int(e.Minutes)), Billable: e.Billable, Reason: e.Reason, Amount: fm.Money(int64(l.Amount)),
				Travel: v.travel(e)}
			if e.Billable {
				line.Billed = fm.Duration(int(l.BilledMinutes))
			}
			if l.DeductedMinutes > 0 {
				line.Deducted = fm.Duration(int(l.DeductedMinutes))
			}
			rt.Lines = append(rt.Lines, line)
		}
		info.Tickets = append(info.Tickets, rt)
	}
	for _, m := range sr.Kontingent {
		k := templates.ReportKontingent{Contract: m.Contract, Before: fm.Balance(int(m.Before)), Credited: fm.Balance(int(m.Credited)), Used: fm.Duration(int(m.Used)),
			After: fm.Balance(int(m.After))}
		if m.Excess > 0 {
			k.Excess = fm.Duration(int(m.Excess))
		}
		info.Kontingent = append(info.Kontingent, k)
	}
	return info
}

func (v *View) travel(e billing.Entry) string {
	fm := v.format()
	var parts []string
	if e.TravelTrips > 0 {
		word := map[string][2]string{"de": {"Anfahrt", "Anfahrten"}, "en": {"trip", "trips"}}[fm.Lang()]
		w := word[0]
		if e.TravelTrips != 1 {
			w = word[1]
		}
		parts = append(parts, fm.Int(e.TravelTrips)+" "+w)
	}
	if e.TravelKm > 0 {
		parts = append(parts, fm.Km(int(e.TravelKm)))
	}
	return strings.Join(parts, ", ")
}
