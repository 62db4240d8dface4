package ticketstore

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"time"

	"helpdesk/directory"
)

// Time entries: what a technician did on a ticket and for how long, billable or not. Billing
// builds on them: they are editable (with an audit trail) until reported, never after.
var (
	bTime       = []byte("time")        // id -> TimeEntry
	bTimeTicket = []byte("time_ticket") // ticket number \x00 id -> nil
	bTimeTech   = []byte("time_tech")   // technician \x00 id -> nil
	bTimeMonth  = []byte("time_month")  // YYYY-MM id -> nil (the entry's date)
	bTimeState  = []byte("time_state")  // state \x00 id -> nil
)

// TimeState is where an entry is on its way to the invoice.
type TimeState string

const (
	TimeRecorded TimeState = "recorded" // entered by a technician or the back office
	TimeApproved TimeState = "approved" // released by the back office for the next report
	TimeRejected TimeState = "rejected" // not to be billed as recorded; the technician was told
	TimeReported TimeState = "reported" // on a service report: frozen
)

// Valid reports whether s is a known state.
func (s TimeState) Valid() bool {
	return s == TimeRecorded || s == TimeApproved || s == TimeRejected || s == TimeReported
}

// TimeEntry is one entry of time (and travel) on a ticket. Minutes are whole minutes; a
// not-billable entry always has a Reason and still appears on the report.
type TimeEntry struct {
	ID          uint64         `json:"id"`
	Ticket      string         `json:"ticket"`
	Customer    string         `json:"customer,omitempty"` // the ticket's customer when recorded
	Technician  string         `json:"technician"`
	Date        directory.Date `json:"date"`
	Minutes     int            `json:"minutes"`
	Billable    bool           `json:"billable"`
	Reason      string         `json:"reason,omitempty"`
	Activity    string         `json:"activity,omitempty"`
	TravelTrips int            `json:"travel_trips,omitempty"`
	TravelKm    int            `json:"travel_km,omitempty"`
	Source      string         `json:"source"` // "mail:<raw id>" or "cli"
	State       TimeState      `json:"state"`
	Report      string         `json:"report,omitempty"` // the service report, once reported
	Created     time.Time      `json:"created"`
	Audit       []TimeChange   `json:"audit,omitempty"`
}

// TimeChange is one change of an entry before it was reported: who, when, and the entry
// before and after.
type TimeChange struct {
	By     string     `json:"by"`
	At     time.Time  `json:"at"`
	What   string     `json:"what"` // edit, approve, reject
	Reason string     `json:"reason,omitempty"`
	Before *TimeEntry `json:"before,omitempty"`
	After  *TimeEntry `json:"after,omitempty"`
}

// Check reports what makes e unfit to store.
func (e *TimeEntry) Check() error {
	switch {
	case e.Ticket == "":
		return fmt.Errorf("time entry: no ticket")
	case e.Technician == "":
		return fmt.Errorf("time entry: no technician")
	case e.Date.IsZero():
		return fmt.Errorf("time entry: no date")
	case e.Minutes < 0 || e.TravelTrips < 0 || e.TravelKm < 0:
		return fmt.Errorf("time entry: negative minutes or travel")
	case e.Minutes == 0 && e.TravelTrips == 0 && e.TravelKm == 0:
		return fmt.Errorf("time entry: neither time nor travel")
	case !e.Billable && e.Reason == "":
		return fmt.Errorf("time entry: not billable needs a reason")
	case !e.State.Valid():
		return fmt.Errorf("time entry: unknown state %q", e.State)
	}
	return nil
}

func timeKey(prefix string, id uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte(prefix), 0), id)
}

func monthKey(d directory.Date, id uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte(d.String()[:7]), id)
}

// AddTimeEntry stores a new entry, assigning its ID (and state recorded when empty), and
// indexes it by ticket, technician, month and state.
func (x *Tx) AddTimeEntry(e *TimeEntry) error {
	if e.State == "" {
		e.State = TimeRecorded
	}
	if e.Created.IsZero() {
		e.Created = x.now
	}
	if err := e.Check(); err != nil {
		return err
	}
	b := x.tx.Bucket(bTime)
	id, err := b.NextSequence()
	if err != nil {
		return err
	}
	e.ID = id
	for _, ix := range []struct {
		bucket []byte
		key    []byte
	}{
		{bTimeTicket, timeKey(e.Ticket, id)}, {bTimeTech, timeKey(e.Technician, id)},
		{bTimeMonth, monthKey(e.Date, id)}, {bTimeState, timeKey(string(e.State), id)},
	} {
		if err := x.tx.Bucket(ix.bucket).Put(ix.key, nil); err != nil {
			return err
		}
	}
	return putJSON(b, u64(id), e)
}

// TimeEntry returns one entry.
func (x *Tx) TimeEntry(id uint64) (*TimeEntry, error) {
	var e TimeEntry
	if err := getJSON(x.tx.Bucket(bTime), u64(id), &e); err != nil {
		return nil, fmt.Errorf("time entry %d: %w", id, err)
	}
	return &e, nil
}

// PutTimeEntry stores a changed entry; a reported entry cannot be changed, nor can an entry's
// ticket, technician or ID.
func (x *Tx) PutTimeEntry(e *TimeEntry) error {
	old, err := x.TimeEntry(e.ID)
	if err != nil {
		return err
	}
	switch {
	case old.State == TimeReported:
		return fmt.Errorf("time entry %d is on report %s: it cannot change", e.ID, old.Report)
	case old.Ticket != e.Ticket || old.Technician != e.Technician:
		return fmt.Errorf("time entry %d: ticket and technician cannot change", e.ID)
	}
	if err := e.Check(); err != nil {
		return err
	}
	if old.Date.String()[:7] != e.Date.String()[:7] {
		if err := x.tx.Bucket(bTimeMonth).Delete(monthKey(old.Date, e.ID)); err != nil {
			return err
		}
		if err := x.tx.Bucket(bTimeMonth).Put(monthKey(e.Date, e.ID), nil); err != nil {
			return err
		}
	}
	if old.State != e.State {
		if err := x.tx.Bucket(bTimeState).Delete(timeKey(string(old.State), e.ID)); err != nil {
			return err
		}
		if err := x.tx.Bucket(bTimeState).Put(timeKey(string(e.State), e.ID), nil); err != nil {
			return err
		}
	}
	return putJSON(x.tx.Bucket(bTime), u64(e.ID), e)
}

// TimeFilter selects entries; the zero value selects all, oldest first.
type TimeFilter struct {
	Ticket     string
	Technician string
	Month      string // YYYY-MM of the entry's date
	States     []TimeState
	Customer   string
}

// TimeEntries lists the entries f selects, oldest first, walking the most selective index.
func (x *Tx) TimeEntries(f TimeFilter) ([]TimeEntry, error) {
	var bucket, prefix []byte
	switch {
	case f.Ticket != "":
		bucket, prefix = bTimeTicket, append([]byte(f.Ticket), 0)
	case f.Technician != "":
		bucket, prefix = bTimeTech, append([]byte(f.Technician), 0)
	case f.Month != "":
		bucket, prefix = bTimeMonth, []byte(f.Month)
	case len(f.States) == 1:
		bucket, prefix = bTimeState, append([]byte(f.States[0]), 0)
	}
	var ids []uint64
	if bucket != nil {
		c := x.tx.Bucket(bucket).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) && len(k) == len(prefix)+8; k, _ = c.Next() {
			ids = append(ids, binary.BigEndian.Uint64(k[len(prefix):]))
		}
	} else {
		c := x.tx.Bucket(bTime).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			ids = append(ids, binary.BigEndian.Uint64(k))
		}
	}
	out := []TimeEntry{}
	for _, id := range ids {
		e, err := x.TimeEntry(id)
		if err != nil {
			return nil, err
		}
		if f.match(e) {
			out = append(out, *e)
		}
	}
	return out, nil
}

func (f *TimeFilter) match(e *TimeEntry) bool {
	stateOK := len(f.States) == 0
	for _, s := range f.States {
		stateOK = stateOK || e.State == s
	}
	return stateOK && (f.Ticket == "" || e.Ticket == f.Ticket) && (f.Technician == "" || e.Technician == f.Technician) &&
		(f.Month == "" || e.Date.String()[:7] == f.Month) && (f.Customer == "" || e.Customer == f.Customer)
}
