package directory

import "time"

// Rounding says what a billing increment is applied to.
type Rounding string

// Rounding values.
const (
	RoundEntry  Rounding = "entry"  // each time entry is rounded up on its own
	RoundTicket Rounding = "ticket" // the sum of one ticket's entries in one report is rounded up once
)

// BeyondLimit is what becomes of a Kontingent entry that would take the balance past the
// overdraw limit.
type BeyondLimit string

// BeyondLimit values.
const (
	BeyondBill BeyondLimit = "bill" // the part beyond the limit is billed at the excess rate
	BeyondHold BeyondLimit = "hold" // the entry is held back, unreported, for the back office
)

// Prorate is how a month that a prepaid-hours contract covers only in part is credited.
type Prorate string

// Prorate values.
const (
	ProrateNone  Prorate = "none"  // the full monthly hours, however few days are covered
	ProrateDaily Prorate = "daily" // hours per month × covered days / days of the month
)

// Defaults of the billing terms, filled on write and assumed where a term is zero.
const (
	// DefaultBillingIncrement is the started quarter hour usual in German IT service.
	DefaultBillingIncrement = Duration(15 * time.Minute)
	DefaultRounding         = RoundEntry
	// DefaultBeyondLimit holds rather than bills, so that nothing is invoiced that the
	// contract does not price, and no excess rate is needed for older contracts.
	DefaultBeyondLimit           = BeyondHold
	DefaultProrate               = ProrateNone
	DefaultCorrectionAfterMonths = 3
)

// Bounds of the billing terms, checked by Validate.
const (
	MaxBillingIncrement      = Duration(24 * time.Hour)
	MaxCorrectionAfterMonths = 120
)

// fillDefaults sets the zero billing terms of a cooperation to their defaults.
func (c *Cooperation) fillDefaults() {
	if c.BillingIncrement == 0 {
		c.BillingIncrement = DefaultBillingIncrement
	}
	if c.Rounding == "" {
		c.Rounding = DefaultRounding
	}
}

// fillDefaults sets the zero optional terms of a prepaid-hours contract to their defaults.
func (p *PrepaidHours) fillDefaults() {
	if p.BillingIncrement == 0 {
		p.BillingIncrement = DefaultBillingIncrement
	}
	if p.Rounding == "" {
		p.Rounding = DefaultRounding
	}
	if p.BeyondLimit == "" {
		p.BeyondLimit = DefaultBeyondLimit
	}
	if p.Prorate == "" {
		p.Prorate = DefaultProrate
	}
	if p.CorrectionAfterMonths == 0 {
		p.CorrectionAfterMonths = DefaultCorrectionAfterMonths
	}
}

// validateIncrement checks a billing increment: zero (the default) or whole minutes from 1m
// to MaxBillingIncrement, so that rounding up is always to a whole minute.
func validateIncrement(col collector, field string, d Duration) {
	if d == 0 {
		return
	}
	if d < Duration(time.Minute) || d > MaxBillingIncrement || time.Duration(d)%time.Minute != 0 {
		col.add(field, "must be whole minutes from 1m to %s, got %s", MaxBillingIncrement, d)
	}
}

// validateRounding checks a rounding rule ("" is the default).
func validateRounding(col collector, field string, r Rounding) {
	switch r {
	case "", RoundEntry, RoundTicket:
	default:
		col.add(field, "invalid value %q, want %q or %q", r, RoundEntry, RoundTicket)
	}
}
