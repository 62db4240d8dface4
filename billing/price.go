package billing

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"helpdesk/directory"
)

// Input is everything one service report is priced from.
type Input struct {
	Customer directory.Customer
	// Contracts are the customer's contracts; those of other kinds than cooperation and
	// prepaid_hours only matter for "billed elsewhere".
	Contracts []directory.Contract
	Entries   []Entry
	// Rooms is, per prepaid-hours contract ID, the room its ledger has on the day of the
	// report (Statement.Room). Every Kontingent that prices a billable entry needs one.
	Rooms map[string]Room
}

// Line is one priced entry of a report.
type Line struct {
	Entry    Entry          `json:"entry"`
	Contract string         `json:"contract"` // the contract that priced it
	Kind     directory.Kind `json:"kind"`     // cooperation or prepaid_hours
	// BilledMinutes is the entry's minutes after the billing increment (0 when not billable).
	// Under a Kontingent they are split into DeductedMinutes and ExcessMinutes.
	BilledMinutes   int64 `json:"billed_minutes"`
	DeductedMinutes int64 `json:"deducted_minutes,omitempty"` // taken from the Kontingent
	ExcessMinutes   int64 `json:"excess_minutes,omitempty"`   // beyond the overdraw limit, billed
	// Rate is the hourly rate Labour was priced at: the cooperation's hourly rate, or the
	// Kontingent's excess rate; 0 when no minutes were priced in money.
	Rate   directory.Money `json:"rate"`
	Labour directory.Money `json:"labour"`
	Travel directory.Money `json:"travel"`
	Amount directory.Money `json:"amount"` // Labour + Travel
}

// Held is a Kontingent entry kept off the report because it does not fit before the
// overdraw limit and the contract says hold. It stays unreported.
type Held struct {
	Entry    Entry  `json:"entry"`
	Contract string `json:"contract"`
	Minutes  int64  `json:"minutes"` // what it would deduct, after the increment
	Reason   string `json:"reason"`
}

// Totals sum a report's lines.
type Totals struct {
	BillableMinutes    int64           `json:"billable_minutes"` // recorded, of billable lines
	NonBillableMinutes int64           `json:"non_billable_minutes"`
	BilledMinutes      int64           `json:"billed_minutes"` // after increments
	DeductedMinutes    int64           `json:"deducted_minutes"`
	ExcessMinutes      int64           `json:"excess_minutes"`
	Labour             directory.Money `json:"labour"`
	Travel             directory.Money `json:"travel"`
	Net                directory.Money `json:"net"` // Labour + Travel, before VAT
}

// Report is a priced service report, ready to be frozen under its ID.
type Report struct {
	Customer string `json:"customer"`
	Branch   string `json:"branch,omitempty"` // for a customer billed per branch
	Lines    []Line `json:"lines"`            // by date, ticket, entry ID
	Held     []Held `json:"held,omitempty"`
	Totals   Totals `json:"totals"`
}

// Price prices the entries of one service report under the customer's contracts; see the
// package comment for the rules. It refuses the whole report, naming every entry at fault,
// rather than price any entry by guesswork: an entry without a pricing contract, an invalid
// entry, a customer billed elsewhere.
func Price(in Input) (*Report, error) {
	r, err := price(in)
	if err != nil {
		return nil, fmt.Errorf("price report of customer %s: %w", in.Customer.Number, err)
	}
	return r, nil
}

func price(in Input) (*Report, error) {
	if in.Customer.Number == "" {
		return nil, errors.New("customer number missing")
	}
	cs, err := newContractSet(in.Customer.Number, in.Contracts)
	if err != nil {
		return nil, err
	}
	branch, errs := checkEntries(&in.Customer, in.Entries)
	items := make([]item, 0, len(in.Entries))
	for i, e := range in.Entries {
		if e.Date.IsZero() {
			continue // already reported by checkEntries
		}
		t, err := cs.forDay(e.Date)
		if err != nil {
			errs = append(errs, entryError(e, i, err))
			continue
		}
		items = append(items, item{e: e, t: t})
	}
	errs = append(errs, checkRooms(items, in.Rooms)...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	slices.SortStableFunc(items, func(a, b item) int {
		return cmp.Or(a.e.Date.Compare(b.e.Date), cmp.Compare(a.e.Ticket, b.e.Ticket), cmp.Compare(a.e.ID, b.e.ID))
	})
	p := newPricer(in.Rooms)
	for pos := range items {
		items[pos].pos = pos
		if !items[pos].e.Billable {
			p.add(items[pos], Line{Entry: items[pos].e, Contract: items[pos].t.k.ID, Kind: items[pos].t.k.Kind})
		}
	}
	for _, u := range units(items) {
		if err := roundUnit(items, u); err != nil {
			return nil, err
		}
		if err := p.price(items, u); err != nil {
			return nil, err
		}
	}
	r := &Report{Customer: in.Customer.Number, Branch: branch}
	r.Lines, r.Held = p.result()
	if r.Totals, err = total(r.Lines); err != nil {
		return nil, err
	}
	return r, nil
}

// checkRooms requires a room for every Kontingent that prices a billable entry.
func checkRooms(items []item, rooms map[string]Room) []error {
	var errs []error
	seen := make(map[string]bool)
	for _, it := range items {
		id := it.t.k.ID
		if !it.t.prepaid || !it.e.Billable || seen[id] {
			continue
		}
		seen[id] = true
		room, ok := rooms[id]
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("no ledger room given for prepaid_hours contract %s", id))
		case !room.Unlimited && room.Minutes < 0:
			errs = append(errs, fmt.Errorf("ledger room of prepaid_hours contract %s is negative (%d minutes)", id, room.Minutes))
		}
	}
	return errs
}

// total sums the lines.
func total(lines []Line) (Totals, error) {
	var t Totals
	var err error
	sum := func(dst *int64, v int64) {
		if err == nil {
			*dst, err = add(*dst, v)
		}
	}
	sumMoney := func(dst *directory.Money, v directory.Money) {
		if err == nil {
			*dst, err = addMoney(*dst, v)
		}
	}
	for _, l := range lines {
		if l.Entry.Billable {
			sum(&t.BillableMinutes, l.Entry.Minutes)
		} else {
			sum(&t.NonBillableMinutes, l.Entry.Minutes)
		}
		sum(&t.BilledMinutes, l.BilledMinutes)
		sum(&t.DeductedMinutes, l.DeductedMinutes)
		sum(&t.ExcessMinutes, l.ExcessMinutes)
		sumMoney(&t.Labour, l.Labour)
		sumMoney(&t.Travel, l.Travel)
		sumMoney(&t.Net, l.Amount)
	}
	if err != nil {
		return Totals{}, fmt.Errorf("totals: %w", err)
	}
	return t, nil
}

// Deductions returns the ledger movements that reporting r as reportID on day makes: one
// deduction per line that took minutes from a Kontingent, dated on the report's day and
// carrying the day of the work.
func (r *Report) Deductions(reportID string, day directory.Date) []Movement {
	var out []Movement
	for _, l := range r.Lines {
		if l.DeductedMinutes > 0 {
			out = append(out, Movement{Kind: Deduction, Contract: l.Contract, Date: day, Minutes: -l.DeductedMinutes,
				Report: reportID, Ticket: l.Entry.Ticket, Entry: l.Entry.ID, WorkDate: l.Entry.Date})
		}
	}
	return out
}
