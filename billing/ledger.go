package billing

import (
	"errors"
	"fmt"

	"helpdesk/directory"
)

// MovementKind is what moved a Kontingent's balance.
type MovementKind string

// Movement kinds. Credits are derived from the contract, never stored; the others are.
const (
	Credit     MovementKind = "credit"     // the monthly hours
	Deduction  MovementKind = "deduction"  // a reported entry
	Adjustment MovementKind = "adjustment" // a manual change, with a reason
	Correction MovementKind = "correction" // a correction invoice billed the overdrawn hours
)

// Movement is one change of a Kontingent's balance.
type Movement struct {
	Kind     MovementKind   `json:"kind"`
	Contract string         `json:"contract"`
	Date     directory.Date `json:"date"` // the day it takes effect; a deduction: the report's day
	// Minutes is the change to the balance: positive for credits and corrections, negative
	// for deductions, either for adjustments.
	Minutes int64 `json:"minutes"`

	Report   string         `json:"report,omitempty"`   // deduction: service report ID
	Ticket   string         `json:"ticket,omitempty"`   // deduction
	Entry    string         `json:"entry,omitempty"`    // deduction: time entry ID
	WorkDate directory.Date `json:"work_date,omitzero"` // deduction: the day the work was done
	Invoice  string         `json:"invoice,omitempty"`  // correction: the correction invoice
	Reason   string         `json:"reason,omitempty"`   // adjustment: why; credit: which month
}

// Room is how many minutes a Kontingent can still take before its overdraw limit.
type Room struct {
	Unlimited bool  `json:"unlimited,omitempty"`
	Minutes   int64 `json:"minutes"` // when not Unlimited; never negative
}

// ErrInvalidMovement marks a stored movement that cannot belong to the ledger.
var ErrInvalidMovement = errors.New("invalid movement")

// checkMovement checks a stored movement i of contract k. entries are the entry IDs of the
// deductions seen so far: an entry is deducted once.
func checkMovement(k *directory.Contract, m Movement, i int, entries map[string]bool) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("movement %d (%s of %s): %w: %s", i, m.Kind, m.Date, ErrInvalidMovement, fmt.Sprintf(format, args...))
	}
	switch {
	case m.Contract != k.ID:
		return fail("belongs to contract %q, not %q", m.Contract, k.ID)
	case m.Date.IsZero():
		return fail("date missing")
	case m.Date.Before(k.ValidFrom):
		return fail("dated before the contract's valid_from %s", k.ValidFrom)
	}
	switch m.Kind {
	case Credit:
		return fail("credits are derived from the contract, not stored")
	case Deduction:
		switch {
		case m.Minutes >= 0:
			return fail("a deduction must be negative, got %d minutes", m.Minutes)
		case m.Report == "" || m.Entry == "" || m.Ticket == "":
			return fail("report, ticket and entry are required")
		case entries[m.Entry]:
			return fail("entry %s is deducted twice", m.Entry)
		case !k.ActiveOn(m.WorkDate):
			return fail("work date %q is outside the contract's validity", m.WorkDate)
		case m.WorkDate.After(m.Date):
			return fail("work date %s is after the deduction", m.WorkDate)
		}
		entries[m.Entry] = true
	case Adjustment:
		switch {
		case m.Minutes == 0:
			return fail("an adjustment of 0 minutes")
		case m.Reason == "":
			return fail("an adjustment needs a reason")
		}
	case Correction:
		switch {
		case m.Minutes <= 0:
			return fail("a correction must be positive, got %d minutes", m.Minutes)
		case m.Invoice == "":
			return fail("a correction names its invoice")
		}
	default:
		return fail("unknown kind %q", m.Kind)
	}
	return nil
}
