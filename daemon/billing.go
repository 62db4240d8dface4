package daemon

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"helpdesk/control"
	"helpdesk/directory"
	"helpdesk/mailflow/notify"
	"helpdesk/reports"
	"helpdesk/templates"
	"helpdesk/ticketstore"
)

// The back office's operations on time entries: approve, reject (the technician is told by
// mail), edit before release with an audit trail, and look at one entry with its trail.
var (
	BillingPending = control.StreamOp[BillingPendingArgs, TimeView, Page]{Name: "billing.pending"}
	BillingApprove = control.Op[TimeApproveArgs, []TimeView]{Name: "billing.approve", Writes: true}
	BillingReject  = control.Op[TimeRejectArgs, TimeView]{Name: "billing.reject", Writes: true}
	BillingExport  = control.Op[MonthArgs, []reports.ExportRow]{Name: "billing.export"}
	TimeEdit       = control.Op[TimeEditArgs, TimeView]{Name: "time.edit", Writes: true}
	TimeShow       = control.Op[IDArgs, TimeDetail]{Name: "time.show"}
)

// Arguments and answers of the approval operations.
type (
	BillingPendingArgs struct {
		Customer string `json:"customer,omitempty"`
		Paging
	}
	TimeApproveArgs struct {
		IDs []uint64 `json:"ids"`
		By  string   `json:"by,omitempty"`
	}
	TimeRejectArgs struct {
		ID     uint64 `json:"id"`
		Reason string `json:"reason"`
		By     string `json:"by,omitempty"`
	}
	// TimeEditArgs sets the fields given (nil: unchanged).
	TimeEditArgs struct {
		ID          uint64  `json:"id"`
		By          string  `json:"by,omitempty"`
		Minutes     *int    `json:"minutes,omitempty"`
		Date        *string `json:"date,omitempty"`
		NotBillable *string `json:"not_billable,omitempty"` // a reason: not billable; "": billable again
		Activity    *string `json:"activity,omitempty"`
		Trips       *int    `json:"trips,omitempty"`
		Km          *int    `json:"km,omitempty"`
	}
	// TimeDetail is "time show --json": the entry as "time list" shows it, with its trail.
	TimeDetail struct {
		TimeView
		Audit []AuditView `json:"audit"`
	}
	// AuditView is one change of an entry: who, when, what, and the entry before and after.
	AuditView struct {
		By     string    `json:"by"`
		At     time.Time `json:"at"`
		What   string    `json:"what"` // edit, approve, reject
		Reason string    `json:"reason,omitempty"`
		Before *TimeView `json:"before,omitempty"`
		After  *TimeView `json:"after,omitempty"`
	}
	MonthArgs struct {
		Month string `json:"month"` // YYYY-MM
	}
)

func byOrDefault(by string) string {
	if by = strings.TrimSpace(by); by != "" {
		return by
	}
	return "back office"
}

// billingPending lists the entries not yet released: recorded, neither approved nor rejected.
func (d *Desk) billingPending(ctx context.Context, a BillingPendingArgs, emit func(TimeView) error) (Page, error) {
	return d.timeList(ctx, TimeListArgs{State: string(ticketstore.TimeRecorded), Customer: a.Customer, Paging: a.Paging}, emit)
}

// billingApprove releases entries for the next report, all in one transaction or none.
func (d *Desk) billingApprove(_ context.Context, a TimeApproveArgs) ([]TimeView, error) {
	if len(a.IDs) == 0 {
		return nil, errors.New("no time entry given")
	}
	out := []TimeView{}
	err := d.Store.Update(func(tx *ticketstore.Tx) error {
		for _, id := range a.IDs {
			e, err := tx.ChangeTimeEntry(id, byOrDefault(a.By), ticketstore.TimeApprove, "", func(e *ticketstore.TimeEntry) error {
				switch e.State {
				case ticketstore.TimeApproved:
					return errors.New("already approved")
				case ticketstore.TimeRejected:
					return errors.New("rejected: edit it first (time edit), which records it anew")
				}
				if e.Customer == "" {
					return errors.New("its ticket has no customer: assign the ticket to a customer first")
				}
				e.State = ticketstore.TimeApproved
				return nil
			})
			if err != nil {
				return notFound(err)
			}
			out = append(out, timeView(e))
		}
		return nil
	})
	return out, err
}

// billingReject rejects an entry and tells its technician by mail, in one transaction.
func (d *Desk) billingReject(_ context.Context, a TimeRejectArgs) (TimeView, error) {
	reason := strings.TrimSpace(a.Reason)
	if reason == "" {
		return TimeView{}, errors.New("a rejection needs a reason (--reason)")
	}
	by := byOrDefault(a.By)
	var out TimeView
	err := d.Store.Update(func(tx *ticketstore.Tx) error {
		e, err := tx.ChangeTimeEntry(a.ID, by, ticketstore.TimeReject, reason, func(e *ticketstore.TimeEntry) error {
			if e.State == ticketstore.TimeRejected {
				return errors.New("already rejected")
			}
			e.State = ticketstore.TimeRejected
			return nil
		})
		if err != nil {
			return notFound(err)
		}
		out = timeView(e)
		return d.tellRejected(tx, e, by, reason)
	})
	if err == nil {
		d.wakeOutbox()
	}
	return out, err
}

// tellRejected mails the rejection to the technician's own address (a staff mail on the ticket).
func (d *Desk) tellRejected(tx *ticketstore.Tx, e *ticketstore.TimeEntry, by, reason string) error {
	tech, err := tx.Technician(e.Technician)
	if err != nil {
		return notFound(err)
	}
	t, err := tx.Ticket(e.Ticket)
	if err != nil {
		return notFound(err)
	}
	n := d.Proc.Notifier()
	data := n.Data(t)
	data.RecipientName, data.Reason = tech.Name, reason
	data.Rejected = &templates.RejectedTime{ID: e.ID, By: by, Change: templates.Change{What: templates.ChangeTime,
		Minutes: e.Minutes, Billable: e.Billable, Reason: e.Reason, Activity: e.Activity, Date: e.Date.Time(nil)}}
	lang := tech.Language
	if lang == "" {
		lang = d.Config.Language
	}
	if _, err := n.Send(tx, t, notify.Mail{Kind: templates.KindTimeRejected, To: notify.To{Name: tech.Name, Addr: tech.Address()},
		Data: data, Staff: true, Language: lang, ReplyTo: d.Config.Support.Address}); err != nil {
		return err
	}
	return tx.PutTicket(t)
}

// timeEdit changes the given fields of an entry before it is reported. An approved or rejected
// entry that is edited is recorded again: it needs a new approval.
func (d *Desk) timeEdit(_ context.Context, a TimeEditArgs) (TimeView, error) {
	var out TimeView
	err := d.Store.Update(func(tx *ticketstore.Tx) error {
		e, err := tx.ChangeTimeEntry(a.ID, byOrDefault(a.By), ticketstore.TimeEdit, "", func(e *ticketstore.TimeEntry) error {
			return a.apply(e)
		})
		if err != nil {
			return notFound(err)
		}
		out = timeView(e)
		return nil
	})
	return out, err
}

func (a TimeEditArgs) apply(e *ticketstore.TimeEntry) error {
	if a.Minutes != nil {
		e.Minutes = *a.Minutes
	}
	if a.Date != nil {
		day, err := directory.ParseDate(*a.Date)
		if err != nil {
			return err
		}
		e.Date = day
	}
	if a.NotBillable != nil {
		e.Reason = strings.TrimSpace(*a.NotBillable)
		e.Billable = e.Reason == ""
	}
	if a.Activity != nil {
		e.Activity = strings.TrimSpace(*a.Activity)
	}
	if a.Trips != nil {
		e.TravelTrips = *a.Trips
	}
	if a.Km != nil {
		e.TravelKm = *a.Km
	}
	e.State = ticketstore.TimeRecorded
	return e.Check()
}

func (d *Desk) timeShow(_ context.Context, a IDArgs) (TimeDetail, error) {
	var out TimeDetail
	err := d.Store.View(func(tx *ticketstore.Tx) error {
		e, err := tx.TimeEntry(a.ID)
		if err != nil {
			return notFound(err)
		}
		out = TimeDetail{TimeView: timeView(e), Audit: []AuditView{}}
		for _, c := range e.Audit {
			v := AuditView{By: c.By, At: c.At, What: c.What, Reason: c.Reason}
			if c.Before != nil {
				b := timeView(c.Before)
				v.Before = &b
			}
			if c.After != nil {
				b := timeView(c.After)
				v.After = &b
			}
			out.Audit = append(out.Audit, v)
		}
		return nil
	})
	return out, err
}

// billingExport returns one row per report dated in the month.
func (d *Desk) billingExport(_ context.Context, a MonthArgs) ([]reports.ExportRow, error) {
	if _, err := time.Parse("2006-01", a.Month); err != nil {
		return nil, fmt.Errorf("month %q: want YYYY-MM", a.Month)
	}
	var out []reports.ExportRow
	err := d.Store.View(func(tx *ticketstore.Tx) error {
		var err error
		out, err = reports.Export(tx, d.Proc.Directory(), a.Month)
		return err
	})
	return out, err
}

// billingSettings are the report settings of the config.
func (d *Desk) billingSettings() reports.Settings {
	return reports.Settings{Language: d.Config.Language, Location: d.Config.Location(), CorrectionAfterMonths: d.Config.Billing.CorrectionAfterMonths}
}

// billingBindings are the operations of billing (billing.go, reports.go).
func (d *Desk) billingBindings() []control.Binding {
	return []control.Binding{
		control.BindStream(BillingPending, d.billingPending),
		control.Bind(BillingApprove, d.billingApprove),
		control.Bind(BillingReject, d.billingReject),
		control.Bind(BillingExport, d.billingExport),
		control.Bind(TimeEdit, d.timeEdit),
		control.Bind(TimeShow, d.timeShow),
		control.Bind(ReportCreate, d.reportCreate),
		control.BindStream(ReportList, d.reportList),
		control.Bind(ReportShow, d.reportShow),
		control.Bind(ReportResend, d.reportResend),
		control.Bind(ReportPDF, d.reportPDF),
		control.Bind(KontingentShow, d.kontingentShow),
		control.Bind(KontingentDue, d.kontingentDue),
		control.Bind(KontingentCorrect, d.kontingentCorrect),
		control.Bind(Stats, d.stats),
	}
}
