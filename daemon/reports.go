package daemon

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"helpdesk/billing"
	"helpdesk/control"
	"helpdesk/directory"
	"helpdesk/reports"
	"helpdesk/ticketstore"
)

// The service reports, the prepaid-hours ledger and the statistics.
var (
	ReportCreate      = control.Op[ReportCreateArgs, []ReportView]{Name: "report.create", Writes: true}
	ReportList        = control.StreamOp[ReportListArgs, ReportView, Page]{Name: "report.list"}
	ReportShow        = control.Op[IDStringArgs, ReportDetail]{Name: "report.show"}
	ReportResend      = control.Op[IDStringArgs, ReportView]{Name: "report.resend", Writes: true}
	ReportPDF         = control.Op[IDStringArgs, PDFResult]{Name: "report.pdf"}
	KontingentShow    = control.Op[KontingentArgs, *reports.Kontingent]{Name: "kontingent.show"}
	KontingentDue     = control.Op[AsOfArgs, []reports.Due]{Name: "kontingent.due"}
	KontingentCorrect = control.Op[KontingentCorrectArgs, *reports.Kontingent]{Name: "kontingent.correct", Writes: true}
	Stats             = control.Op[StatsArgs, []reports.Stats]{Name: "stats"}
)

// ReportView is a report in "report list --json" and "report create --json". Field names are
// a contract for scripts.
type ReportView struct {
	ID                 string    `json:"id"`
	Customer           string    `json:"customer"`
	Branch             string    `json:"branch"`
	Date               string    `json:"date"` // the report's day
	Created            time.Time `json:"created"`
	From               string    `json:"from"`
	Until              string    `json:"until"`
	BillableMinutes    int64     `json:"billable_minutes"` // billed, after the increment
	NonBillableMinutes int64     `json:"nonbillable_minutes"`
	DeductedMinutes    int64     `json:"deducted_minutes"` // taken from a Kontingent
	TravelCents        int64     `json:"travel_cents"`
	NetCents           int64     `json:"net_cents"`
	State              string    `json:"state"` // created, sent
	Corrects           string    `json:"corrects,omitempty"`
	Recipients         []string  `json:"recipients,omitempty"`
	Entries            []uint64  `json:"entries"`
	// Held are entries left approved because their Kontingent is beyond its limit (create only).
	Held []uint64 `json:"held,omitempty"`
	// Warning says why a created report was not sent (no report address), create only.
	Warning string `json:"warning,omitempty"`
}

// ReportDetail is "report show --json": the view with the priced lines and the Kontingent.
type ReportDetail struct {
	ReportView
	Lines      []billing.Line               `json:"lines"`
	Kontingent []ticketstore.KontingentMove `json:"kontingent"`
}

// PDFResult carries a report's PDF.
type PDFResult struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	PDF  []byte `json:"pdf"`
}

// Arguments of the report, ledger and statistics operations.
type (
	ReportCreateArgs struct {
		Customer string `json:"customer"`
		Until    string `json:"until,omitempty"` // YYYY-MM-DD; default today
		Corrects string `json:"corrects,omitempty"`
	}
	ReportListArgs struct {
		Customer string `json:"customer,omitempty"`
		Month    string `json:"month,omitempty"`
		Paging
	}
	KontingentArgs struct {
		Customer string `json:"customer"`
		Contract string `json:"contract,omitempty"`
		AsOf     string `json:"as_of,omitempty"` // YYYY-MM-DD; default today
	}
	AsOfArgs struct {
		AsOf string `json:"as_of,omitempty"`
	}
	KontingentCorrectArgs struct {
		Contract string `json:"contract"`
		Invoice  string `json:"invoice"`
		Minutes  int64  `json:"minutes,omitempty"` // 0: what is due
	}
	StatsArgs struct {
		Customer string `json:"customer,omitempty"`
		Month    string `json:"month,omitempty"` // YYYY-MM; default this month
	}
)

func reportView(r *ticketstore.ServiceReport) ReportView {
	t := r.Priced.Totals
	return ReportView{ID: r.ID, Customer: r.Customer, Branch: r.Branch, Date: r.Date.String(), Created: r.Created,
		From: r.From.String(), Until: r.Until.String(), BillableMinutes: t.BilledMinutes, NonBillableMinutes: t.NonBillableMinutes,
		DeductedMinutes: t.DeductedMinutes, TravelCents: int64(t.Travel), NetCents: int64(t.Net), State: string(r.State),
		Corrects: r.Corrects, Recipients: r.Recipients, Entries: r.Entries}
}

// day parses an optional YYYY-MM-DD; "" is today in the desk's zone.
func (d *Desk) day(s string) (directory.Date, error) {
	if s == "" {
		return reports.Today(d.Proc.Now(), d.Config.Location()), nil
	}
	return directory.ParseDate(s)
}

// reportCreate makes the customer's reports and queues their mails, all in one transaction. A
// report whose customer names no report address is kept "created", with a warning.
func (d *Desk) reportCreate(_ context.Context, a ReportCreateArgs) ([]ReportView, error) {
	var until directory.Date
	if a.Until != "" {
		u, err := directory.ParseDate(a.Until)
		if err != nil {
			return nil, err
		}
		until = u
	}
	dir := d.Proc.Directory()
	var out []ReportView
	err := d.Store.Update(func(tx *ticketstore.Tx) error {
		out = nil
		made, err := reports.Create(tx, dir, d.billingSettings(), reports.Request{Customer: a.Customer, Until: until, Corrects: a.Corrects, Now: d.Proc.Now()})
		if err != nil {
			return notFound(err)
		}
		for _, c := range made {
			warning, err := d.deliver(tx, dir, c.Report)
			if err != nil {
				return err
			}
			v := reportView(c.Report)
			v.Warning = warning
			for _, h := range c.Held {
				v.Held = append(v.Held, mustID(h.Entry.ID))
			}
			out = append(out, v)
		}
		if len(out) == 0 {
			return fmt.Errorf("customer %s: every approved entry is held beyond the Kontingent's overdraw limit", a.Customer)
		}
		return nil
	})
	if err == nil {
		d.wakeOutbox()
	}
	return out, err
}

// mustID is the store ID of a billing entry ID, which reports.Create formats from it.
func mustID(s string) uint64 {
	id, _ := strconv.ParseUint(s, 10, 64)
	return id
}

// deliver queues a report's mail in tx; a missing report address is a warning, not an error.
func (d *Desk) deliver(tx *ticketstore.Tx, dir *directory.Directory, sr *ticketstore.ServiceReport) (string, error) {
	v, err := reports.NewView(sr, dir, d.Config.Billing.Sender, d.Config.Location())
	if err != nil {
		return "", err
	}
	if _, err := reports.Deliver(tx, d.Proc.Notifier(), d.Blobs, v); errors.Is(err, reports.ErrNoReportAddress) {
		return err.Error(), nil
	} else if err != nil {
		return "", err
	}
	return "", nil
}

func (d *Desk) reportList(ctx context.Context, a ReportListArgs, emit func(ReportView) error) (Page, error) {
	if a.Month != "" {
		if _, err := time.Parse("2006-01", a.Month); err != nil {
			return Page{}, fmt.Errorf("month %q: want YYYY-MM", a.Month)
		}
	}
	var rs []ticketstore.ServiceReport
	if err := d.Store.View(func(tx *ticketstore.Tx) error {
		var err error
		rs, err = tx.Reports(ticketstore.ReportFilter{Customer: a.Customer, Month: a.Month})
		return err
	}); err != nil {
		return Page{}, err
	}
	p := &pager[ReportView]{limit: a.Limit, emit: emit, cursor: func(v ReportView) string { return v.ID }}
	if a.paged() {
		for i := len(rs) - 1; i >= 0; i-- {
			if a.Before != "" && rs[i].ID >= a.Before {
				continue
			}
			if stop, err := p.push(reportView(&rs[i])); stop {
				return p.page(), err
			}
		}
		return p.page(), nil
	}
	for i := range rs {
		if err := ctx.Err(); err != nil {
			return Page{}, err
		}
		if stop, err := p.push(reportView(&rs[i])); stop {
			return p.page(), err
		}
	}
	return p.page(), nil
}

func (d *Desk) report(id string) (*ticketstore.ServiceReport, error) {
	var r *ticketstore.ServiceReport
	err := d.Store.View(func(tx *ticketstore.Tx) error {
		var err error
		r, err = tx.Report(id)
		return notFound(err)
	})
	return r, err
}

func (d *Desk) reportShow(_ context.Context, a IDStringArgs) (ReportDetail, error) {
	r, err := d.report(a.ID)
	if err != nil {
		return ReportDetail{}, err
	}
	return ReportDetail{ReportView: reportView(r), Lines: r.Priced.Lines, Kontingent: r.Kontingent}, nil
}

// reportResend queues the report's mail again, with the PDF it was first sent with.
func (d *Desk) reportResend(_ context.Context, a IDStringArgs) (ReportView, error) {
	var out ReportView
	err := d.Store.Update(func(tx *ticketstore.Tx) error {
		r, err := tx.Report(a.ID)
		if err != nil {
			return notFound(err)
		}
		v, err := reports.NewView(r, d.Proc.Directory(), d.Config.Billing.Sender, d.Config.Location())
		if err != nil {
			return err
		}
		if _, err := reports.Deliver(tx, d.Proc.Notifier(), d.Blobs, v); err != nil {
			return err
		}
		out = reportView(r)
		return nil
	})
	if err == nil {
		d.wakeOutbox()
	}
	return out, err
}

func (d *Desk) reportPDF(_ context.Context, a IDStringArgs) (PDFResult, error) {
	r, err := d.report(a.ID)
	if err != nil {
		return PDFResult{}, err
	}
	v, err := reports.NewView(r, d.Proc.Directory(), d.Config.Billing.Sender, d.Config.Location())
	if err != nil {
		return PDFResult{}, err
	}
	b, err := reports.PDFBytes(d.Blobs, v)
	if err != nil {
		return PDFResult{}, err
	}
	return PDFResult{ID: r.ID, Name: reports.FileName(r.ID), PDF: b}, nil
}

func (d *Desk) kontingentShow(_ context.Context, a KontingentArgs) (*reports.Kontingent, error) {
	asOf, err := d.day(a.AsOf)
	if err != nil {
		return nil, err
	}
	dir := d.Proc.Directory()
	id, err := reports.CustomerKontingent(dir, a.Customer, a.Contract, asOf)
	if err != nil {
		return nil, notFound(err)
	}
	var out *reports.Kontingent
	err = d.Store.View(func(tx *ticketstore.Tx) error {
		out, err = reports.Ledger(tx, dir, d.billingSettings(), id, asOf)
		return err
	})
	return out, err
}

func (d *Desk) kontingentDue(_ context.Context, a AsOfArgs) ([]reports.Due, error) {
	asOf, err := d.day(a.AsOf)
	if err != nil {
		return nil, err
	}
	var out []reports.Due
	err = d.Store.View(func(tx *ticketstore.Tx) error {
		out, err = reports.DueCorrections(tx, d.Proc.Directory(), d.billingSettings(), asOf)
		return err
	})
	return out, err
}

func (d *Desk) kontingentCorrect(_ context.Context, a KontingentCorrectArgs) (*reports.Kontingent, error) {
	day, _ := d.day("")
	var out *reports.Kontingent
	err := d.Store.Update(func(tx *ticketstore.Tx) error {
		var err error
		out, err = reports.Correct(tx, d.Proc.Directory(), d.billingSettings(), a.Contract, a.Invoice, a.Minutes, day)
		return notFound(err)
	})
	return out, err
}

// stats computes the figures of one month for one customer, or for every customer.
func (d *Desk) stats(_ context.Context, a StatsArgs) ([]reports.Stats, error) {
	month, err := reports.ParseMonth(a.Month, d.Proc.Now(), d.Config.Location())
	if err != nil {
		return nil, err
	}
	dir := d.Proc.Directory()
	var customers []string
	if a.Customer != "" {
		if dir.Customer(a.Customer) == nil {
			return nil, notFound(fmt.Errorf("customer %s: %w", a.Customer, directory.ErrNotFound))
		}
		customers = []string{a.Customer}
	} else {
		for _, c := range dir.Customers {
			customers = append(customers, c.Number)
		}
	}
	out := []reports.Stats{}
	err = d.Store.View(func(tx *ticketstore.Tx) error {
		for _, c := range customers {
			s, err := reports.CustomerStats(tx, c, month, d.Config.Location())
			if err != nil {
				return err
			}
			out = append(out, *s)
		}
		return nil
	})
	return out, err
}
