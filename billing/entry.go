package billing

import (
	"errors"
	"fmt"
	"strings"

	"helpdesk/directory"
)

// Entry is one approved time entry of a technician on a ticket, as it goes onto a service
// report. Travel belongs to the entry it was recorded with.
type Entry struct {
	ID          string         `json:"id"`
	Ticket      string         `json:"ticket"`
	Technician  string         `json:"technician"`
	Date        directory.Date `json:"date"` // the day the work was done; picks the contract
	Minutes     int64          `json:"minutes"`
	Billable    bool           `json:"billable"`
	Reason      string         `json:"reason,omitempty"` // why not billable; required then
	Activity    string         `json:"activity,omitempty"`
	TravelTrips int64          `json:"travel_trips,omitempty"`
	TravelKm    int64          `json:"travel_km,omitempty"`
	Branch      string         `json:"branch,omitempty"` // branch ID of the customer, "" = head office
}

// Errors of pricing, for errors.Is. Every error about an entry is an *EntryError naming it.
var (
	ErrInvalidEntry    = errors.New("invalid entry")
	ErrNoContract      = errors.New("no contract prices it")
	ErrBilledElsewhere = errors.New("billed elsewhere, not on service reports")
)

// EntryError is a problem with one entry of a report.
type EntryError struct {
	Entry string // the entry's ID, or "entries[i]" when it has none
	Err   error
}

func (e *EntryError) Error() string { return "entry " + e.Entry + ": " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *EntryError) Unwrap() error { return e.Err }

// entryError names entry i of a report in an error.
func entryError(e Entry, i int, err error) error {
	name := e.ID
	if name == "" {
		name = fmt.Sprintf("entries[%d]", i)
	}
	return &EntryError{Entry: name, Err: err}
}

// invalid is an ErrInvalidEntry with a reason.
func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidEntry, fmt.Sprintf(format, args...))
}

// checkEntries checks every entry of one report and returns the report's branch with every
// problem found. A customer billed per branch gets one report per branch ("" = head office),
// so all its entries must name the same one; any branch named must be the customer's.
func checkEntries(c *directory.Customer, entries []Entry) (string, []error) {
	var errs []error
	seen := make(map[string]bool, len(entries))
	branch := ""
	if len(entries) > 0 {
		branch = entries[0].Branch
	}
	for i, e := range entries {
		fail := func(err error) { errs = append(errs, entryError(e, i, err)) }
		switch {
		case e.ID == "":
			fail(invalid("id missing"))
		case seen[e.ID]:
			fail(invalid("listed twice"))
		}
		seen[e.ID] = true
		if e.Ticket == "" {
			fail(invalid("ticket missing"))
		}
		if e.Date.IsZero() {
			fail(invalid("date missing"))
		}
		if e.Minutes < 0 || e.TravelTrips < 0 || e.TravelKm < 0 {
			fail(invalid("negative minutes, trips or km (%d, %d, %d)", e.Minutes, e.TravelTrips, e.TravelKm))
		}
		if !e.Billable && strings.TrimSpace(e.Reason) == "" {
			fail(invalid("not billable needs a reason"))
		}
		if e.Branch != "" && c.Branch(e.Branch) == nil {
			fail(invalid("unknown branch %q of customer %s", e.Branch, c.Number))
		}
		if c.Billing == directory.BillingBranch && e.Branch != branch {
			fail(invalid("branch %q, but customer %s is billed per branch and this report is for %q", e.Branch, c.Number, branch))
		}
	}
	if c.Billing != directory.BillingBranch {
		branch = ""
	}
	return branch, errs
}

// Batch is the entries of one service report.
type Batch struct {
	Branch  string  // "" for a customer billed centrally, or the head office
	Entries []Entry // in the order given
}

// Batches splits a customer's entries into the service reports they go on: one for a
// customer billed centrally, one per branch (in the order of the customer's branches, the
// head office "" first) for a customer billed per branch. Entries naming a branch the
// customer does not have get a batch of their own, last, which Price then refuses.
func Batches(c directory.Customer, entries []Entry) []Batch {
	if len(entries) == 0 {
		return nil
	}
	if c.Billing != directory.BillingBranch {
		return []Batch{{Entries: append([]Entry(nil), entries...)}}
	}
	order := []string{""}
	for _, b := range c.Branches {
		order = append(order, b.ID)
	}
	by := make(map[string][]Entry)
	for _, e := range entries {
		if c.Branch(e.Branch) == nil && e.Branch != "" && by[e.Branch] == nil {
			order = append(order, e.Branch)
		}
		by[e.Branch] = append(by[e.Branch], e)
	}
	var out []Batch
	for _, b := range order {
		if len(by[b]) > 0 {
			out = append(out, Batch{Branch: b, Entries: by[b]})
			delete(by, b) // a branch ID listed twice in a broken directory yields one batch
		}
	}
	return out
}
