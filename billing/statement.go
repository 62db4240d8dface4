package billing

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"helpdesk/directory"
)

// Row is one movement of a statement with the balance after it.
type Row struct {
	Movement
	Balance int64 `json:"balance"`
}

// Month sums one calendar month of a ledger. The sums are signed like the movements
// (Deducted is negative), so Opening plus the four sums is Closing.
type Month struct {
	Month     directory.Date `json:"month"` // its first day
	Opening   int64          `json:"opening"`
	Credited  int64          `json:"credited"`
	Deducted  int64          `json:"deducted"`
	Adjusted  int64          `json:"adjusted"`
	Corrected int64          `json:"corrected"`
	Closing   int64          `json:"closing"`
	Complete  bool           `json:"complete"` // the month ended on or before the statement's day
}

// CorrectionDue says whether a correction invoice is due.
type CorrectionDue struct {
	Due bool `json:"due"`
	// Minutes to bill: what brings the balance back to zero.
	Minutes int64 `json:"minutes,omitempty"`
	// NegativeMonths is how many complete months in a row, up to the last complete one,
	// closed below zero since the last correction; AfterMonths is the contract's threshold.
	NegativeMonths int `json:"negative_months"`
	AfterMonths    int `json:"after_months"`
}

// Statement is a Kontingent's ledger as of one day: where the hours went.
type Statement struct {
	Contract   string         `json:"contract"`
	AsOf       directory.Date `json:"as_of"`
	Rows       []Row          `json:"rows"`   // every movement up to AsOf, credits included, in date order
	Months     []Month        `json:"months"` // from the month of valid_from to the month of AsOf
	Balance    int64          `json:"balance"`
	Room       Room           `json:"room"`
	Warn       bool           `json:"warn"` // the balance is below warn_below
	Correction CorrectionDue  `json:"correction"`
}

// StatementOf computes the ledger of prepaid-hours contract k as of the end of day asOf from
// the stored movements (deductions, adjustments, corrections; those after asOf are checked
// but left out) and the credits derived from k. On one day credits come first, then the stored
// movements in the order given. See the package comment for the rules.
func StatementOf(k directory.Contract, movements []Movement, asOf directory.Date) (*Statement, error) {
	s, err := statement(k, movements, asOf)
	if err != nil {
		return nil, fmt.Errorf("statement of contract %s as of %s: %w", k.ID, asOf, err)
	}
	return s, nil
}

func statement(k directory.Contract, movements []Movement, asOf directory.Date) (*Statement, error) {
	if asOf.IsZero() {
		return nil, fmt.Errorf("day missing")
	}
	credits, err := Credits(k, asOf)
	if err != nil {
		return nil, err
	}
	entries := make(map[string]bool)
	moves := credits
	for i, m := range movements {
		if err := checkMovement(&k, m, i, entries); err != nil {
			return nil, err
		}
		if !m.Date.After(asOf) {
			moves = append(moves, m)
		}
	}
	// Credits are first in moves and the sort is stable: on one day they come first.
	slices.SortStableFunc(moves, func(a, b Movement) int { return a.Date.Compare(b.Date) })
	s := &Statement{Contract: k.ID, AsOf: asOf, Rows: make([]Row, len(moves))}
	for i, m := range moves {
		if s.Balance, err = add(s.Balance, m.Minutes); err != nil {
			return nil, fmt.Errorf("balance after movement %d: %w", i, err)
		}
		s.Rows[i] = Row{Movement: m, Balance: s.Balance}
	}
	if s.Months, err = months(k.ValidFrom, asOf, s.Rows); err != nil {
		return nil, err
	}
	p := k.PrepaidHours
	s.Room = room(p, s.Balance)
	s.Warn = s.Balance < p.WarnBelow.Minutes()
	s.Correction = correction(p, s)
	return s, nil
}

// months sums the rows per month from the month of from to the month of asOf.
func months(from, asOf directory.Date, rows []Row) ([]Month, error) {
	var out []Month
	var balance int64
	r := 0
	for m := firstOfMonth(from); !m.After(asOf); m = nextMonth(m) {
		end := lastOfMonth(m)
		mo := Month{Month: m, Opening: balance, Complete: !end.After(asOf)}
		for ; r < len(rows) && !rows[r].Date.After(end); r++ {
			sum := mo.sumOf(rows[r].Kind)
			var err error
			if *sum, err = add(*sum, rows[r].Minutes); err != nil {
				// Mixed signs can overflow a month's sum while the running balance fits.
				return nil, fmt.Errorf("month %s: %w", m.Time(nil).Format("2006-01"), err)
			}
			balance = rows[r].Balance
		}
		mo.Closing = balance
		out = append(out, mo)
	}
	return out, nil
}

// sumOf returns the month's sum that movements of kind go into.
func (m *Month) sumOf(kind MovementKind) *int64 {
	switch kind {
	case Credit:
		return &m.Credited
	case Deduction:
		return &m.Deducted
	case Correction:
		return &m.Corrected
	}
	return &m.Adjusted // checkMovement let no other kind through
}

// room is what the balance can still give before the overdraw limit.
func room(p *directory.PrepaidHours, balance int64) Room {
	if p.OverdrawAllowed && p.OverdrawLimit == 0 {
		return Room{Unlimited: true}
	}
	limit := int64(0)
	if p.OverdrawAllowed {
		limit = p.OverdrawLimit.Minutes()
	}
	r, err := add(balance, limit)
	if err != nil { // both are at most MaxInt64 and the limit positive: the sum is too large
		r = math.MaxInt64
	}
	return Room{Minutes: max(r, 0)}
}

// correction applies the correction rule: due when the last AfterMonths complete months all
// closed below zero, no correction was billed in them or since, and the balance is still
// below zero on the statement's day.
func correction(p *directory.PrepaidHours, s *Statement) CorrectionDue {
	c := CorrectionDue{AfterMonths: cmp.Or(p.CorrectionAfterMonths, directory.DefaultCorrectionAfterMonths)}
	for _, m := range s.Months {
		switch {
		case m.Corrected > 0:
			c.NegativeMonths = 0
		case !m.Complete:
		case m.Closing < 0:
			c.NegativeMonths++
		default:
			c.NegativeMonths = 0
		}
	}
	if c.NegativeMonths >= c.AfterMonths && s.Balance < 0 {
		c.Due, c.Minutes = true, -max(s.Balance, -math.MaxInt64)
	}
	return c
}
