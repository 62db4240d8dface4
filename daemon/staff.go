package daemon

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"helpdesk/directory"
	"helpdesk/mailflow"
	"helpdesk/staff"
	"helpdesk/ticketstore"
)

// changeTechnicians runs change on the stored technicians in one transaction and gives the
// mail path the new roster after the commit.
func (d *Desk) changeTechnician(id string, change func(cur *staff.Technician, exists bool) (*staff.Technician, error)) (staff.Technician, error) {
	var out staff.Technician
	err := d.Store.Update(func(tx *ticketstore.Tx) error {
		cur, err := tx.Technician(strings.ToLower(strings.TrimSpace(id)))
		exists := err == nil
		if err != nil && !isNotFound(err) {
			return err
		}
		if cur == nil {
			cur = &staff.Technician{}
		}
		t, err := change(cur, exists)
		if err != nil {
			return err
		}
		if err := tx.PutTechnician(t); err != nil {
			return err
		}
		out = *t
		return nil
	})
	if err != nil {
		return out, notFound(err)
	}
	return out, d.loadRoster()
}

// loadRoster gives the mail path the stored technicians.
func (d *Desk) loadRoster() error {
	return d.Store.View(func(tx *ticketstore.Tx) error {
		ts, err := tx.Technicians()
		if err == nil {
			d.Proc.SetTechnicians(ts)
		}
		return err
	})
}

// AddTechnician stores a new technician and gives the mail path the new roster (for the demo's
// seed; operators use the technician.add operation).
func (d *Desk) AddTechnician(t staff.Technician) (staff.Technician, error) {
	return d.technicianAdd(context.Background(), AddArgs[staff.Technician]{Record: t})
}

func (d *Desk) technicianAdd(_ context.Context, a AddArgs[staff.Technician]) (staff.Technician, error) {
	return d.changeTechnician(a.Record.ID, func(_ *staff.Technician, exists bool) (*staff.Technician, error) {
		if exists {
			return nil, fmt.Errorf("technician %s: %w", a.Record.ID, directory.ErrExists)
		}
		t := a.Record
		return &t, nil
	})
}

func (d *Desk) technicianEdit(_ context.Context, a PatchArgs) (staff.Technician, error) {
	return d.changeTechnician(a.ID, func(cur *staff.Technician, exists bool) (*staff.Technician, error) {
		if !exists {
			return nil, fmt.Errorf("technician %s: %w", a.ID, ticketstore.ErrNotFound)
		}
		t, err := applyPatch(*cur, a, func(t *staff.Technician) string { return strings.ToLower(t.ID) })
		return &t, err
	})
}

func (d *Desk) technicianDisable(_ context.Context, a IDStringArgs) (staff.Technician, error) {
	return d.changeTechnician(a.ID, func(cur *staff.Technician, exists bool) (*staff.Technician, error) {
		if !exists {
			return nil, fmt.Errorf("technician %s: %w", a.ID, ticketstore.ErrNotFound)
		}
		cur.Active = false
		return cur, nil
	})
}

func (d *Desk) technicianShow(_ context.Context, a IDStringArgs) (staff.Technician, error) {
	var out staff.Technician
	err := d.Store.View(func(tx *ticketstore.Tx) error {
		t, err := tx.Technician(strings.ToLower(a.ID))
		if err != nil {
			return notFound(err)
		}
		out = *t
		return nil
	})
	return out, err
}

func (d *Desk) technicianList(context.Context, None) ([]staff.Technician, error) {
	var out []staff.Technician
	err := d.Store.View(func(tx *ticketstore.Tx) error {
		var err error
		out, err = tx.Technicians()
		return err
	})
	return out, err
}

func (d *Desk) ticketAssign(ctx context.Context, a TicketAssignArgs) (TicketSummary, error) {
	by := a.By
	if by == "" {
		by = "operator"
	}
	t, err := d.Proc.Assign(ctx, a.Number, strings.ToLower(strings.TrimSpace(a.Technician)), by)
	if err != nil {
		return TicketSummary{}, notFound(err)
	}
	return summarize(t), nil
}

func timeView(e *ticketstore.TimeEntry) TimeView {
	return TimeView{ID: e.ID, Ticket: e.Ticket, Technician: e.Technician, Date: e.Date.String(), Minutes: e.Minutes,
		Billable: e.Billable, Reason: e.Reason, Activity: e.Activity, Travel: TravelView{Trips: e.TravelTrips, Km: e.TravelKm},
		State: string(e.State), Customer: e.Customer, Report: e.Report, Source: e.Source, Created: e.Created}
}

// timeList streams the time entries, oldest first, or limited or from a cursor (an entry ID)
// newest first.
func (d *Desk) timeList(ctx context.Context, a TimeListArgs, emit func(TimeView) error) (Page, error) {
	f := ticketstore.TimeFilter{Ticket: a.Ticket, Technician: a.Technician, Month: a.Month, Customer: a.Customer}
	if a.State != "" {
		st := ticketstore.TimeState(a.State)
		if !st.Valid() {
			return Page{}, fmt.Errorf("unknown state %q: want recorded, approved, rejected or reported", a.State)
		}
		f.States = []ticketstore.TimeState{st}
	}
	if a.Month != "" {
		if _, err := time.Parse("2006-01", a.Month); err != nil {
			return Page{}, fmt.Errorf("month %q: want YYYY-MM", a.Month)
		}
	}
	var before uint64
	if a.Before != "" {
		id, err := strconv.ParseUint(a.Before, 10, 64)
		if err != nil || id == 0 {
			return Page{}, fmt.Errorf("cursor %q: want a time entry ID", a.Before)
		}
		before = id
	}
	var es []ticketstore.TimeEntry
	if err := d.Store.View(func(tx *ticketstore.Tx) error {
		var err error
		es, err = tx.TimeEntries(f)
		return err
	}); err != nil {
		return Page{}, err
	}
	p := &pager[TimeView]{limit: a.Limit, emit: emit, cursor: func(v TimeView) string { return strconv.FormatUint(v.ID, 10) }}
	if a.paged() {
		for i := len(es) - 1; i >= 0; i-- {
			if before != 0 && es[i].ID >= before {
				continue
			}
			if stop, err := p.push(timeView(&es[i])); stop {
				return p.page(), err
			}
		}
		return p.page(), nil
	}
	for i := range es {
		if err := ctx.Err(); err != nil {
			return Page{}, err
		}
		if stop, err := p.push(timeView(&es[i])); stop {
			return p.page(), err
		}
	}
	return p.page(), nil
}

// timeAdd records time for the back office: a technician's entry on a ticket.
func (d *Desk) timeAdd(_ context.Context, a TimeAddArgs) (TimeView, error) {
	if a.Trips > 0 && a.Km > 0 {
		return TimeView{}, fmt.Errorf("%w: travel is counted in trips or in kilometres, not both", mailflow.ErrUsage)
	}
	e := &ticketstore.TimeEntry{Ticket: a.Ticket, Technician: strings.ToLower(strings.TrimSpace(a.Technician)), Minutes: a.Minutes,
		Billable: a.NotBillable == "", Reason: strings.TrimSpace(a.NotBillable), Activity: strings.TrimSpace(a.Activity),
		TravelTrips: a.Trips, TravelKm: a.Km, Source: "cli"}
	if a.Date == "" {
		e.Date = directory.DateOf(time.Now().In(d.Config.Location()))
	} else {
		date, err := directory.ParseDate(a.Date)
		if err != nil {
			return TimeView{}, err
		}
		e.Date = date
	}
	err := d.Store.Update(func(tx *ticketstore.Tx) error {
		t, err := tx.Ticket(a.Ticket)
		if err != nil {
			return notFound(err)
		}
		if _, err := tx.Technician(e.Technician); err != nil {
			return notFound(err)
		}
		e.Customer = t.Customer
		return tx.AddTimeEntry(e)
	})
	if err != nil {
		return TimeView{}, err
	}
	return timeView(e), nil
}

func isNotFound(err error) bool { return errors.Is(err, ticketstore.ErrNotFound) }
