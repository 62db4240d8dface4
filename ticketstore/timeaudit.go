package ticketstore

import (
	"fmt"
	"reflect"
)

// Changes of a time entry before it is reported, each with an entry in its audit trail.
const (
	TimeEdit    = "edit"
	TimeApprove = "approve"
	TimeReject  = "reject"
)

// ChangeTimeEntry applies change to entry id in this transaction and records who did what,
// when, with the entry before and after, in its audit trail. A reported entry is refused
// (PutTimeEntry), and so is an edit that changes nothing.
func (x *Tx) ChangeTimeEntry(id uint64, by, what, reason string, change func(e *TimeEntry) error) (*TimeEntry, error) {
	e, err := x.TimeEntry(id)
	if err != nil {
		return nil, err
	}
	if e.State == TimeReported {
		return nil, fmt.Errorf("time entry %d is on report %s: it cannot change", id, e.Report)
	}
	before := entrySnapshot(e)
	if err := change(e); err != nil {
		return nil, fmt.Errorf("time entry %d: %w", id, err)
	}
	after := entrySnapshot(e)
	if what == TimeEdit && reflect.DeepEqual(before, after) {
		return nil, fmt.Errorf("time entry %d: the edit changes nothing", id)
	}
	e.Audit = append(e.Audit, TimeChange{By: by, At: x.now, What: what, Reason: reason, Before: before, After: after})
	if err := x.PutTimeEntry(e); err != nil {
		return nil, err
	}
	return e, nil
}

// entrySnapshot copies e without its audit trail, for the trail.
func entrySnapshot(e *TimeEntry) *TimeEntry {
	c := *e
	c.Audit = nil
	return &c
}
