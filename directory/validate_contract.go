package directory

import (
	"fmt"
	"slices"
)

// validateContracts checks every contract, its terms, and the overlap rule.
func (d *Directory) validateContracts(ps *Problems, customers map[string]*Customer) {
	firstID := make(map[string]int, len(d.Contracts))
	for i := range d.Contracts {
		k := &d.Contracts[i]
		col := collector{probs: ps, rec: recordName("contract", k.ID, "contracts", i)}
		if msg := checkID(k.ID); msg != "" {
			col.add("id", "%s", msg)
		} else if j, dup := firstID[k.ID]; dup {
			col.add("id", "duplicate contract id, also contracts[%d]", j)
		} else {
			firstID[k.ID] = i
		}
		checkCustomerRef(col, k.Customer, customers)
		k.validatePeriod(col)
		k.validateTerms(col)
	}
	d.checkOverlaps(ps)
}

// Validate checks one contract on its own: its ID, customer number, period and terms, but
// not whether the customer exists or the contract overlaps another (Directory.Validate does
// that). Package billing uses it to refuse contracts it cannot price. It expects the
// normalised form, like Directory.Validate.
func (k *Contract) Validate() error {
	var ps Problems
	col := collector{probs: &ps, rec: recordName("contract", k.ID, "contracts", 0)}
	if msg := checkID(k.ID); msg != "" {
		col.add("id", "%s", msg)
	}
	if k.Customer == "" {
		col.add("customer", "missing")
	}
	k.validatePeriod(col)
	k.validateTerms(col)
	return ps.Err()
}

func (k *Contract) validatePeriod(col collector) {
	if k.ValidFrom.IsZero() {
		col.add("valid_from", "missing")
		return
	}
	if !k.ValidUntil.IsZero() && k.ValidUntil.Before(k.ValidFrom) {
		col.add("valid_until", "%s is before valid_from %s", k.ValidUntil, k.ValidFrom)
	}
}

// setTerms returns the kinds whose terms are set on k.
func (k *Contract) setTerms() []Kind {
	var set []Kind
	if k.Cooperation != nil {
		set = append(set, KindCooperation)
	}
	if k.NeedsAnalysis != nil {
		set = append(set, KindNeedsAnalysis)
	}
	if k.PrepaidHours != nil {
		set = append(set, KindPrepaidHours)
	}
	if k.Rental != nil {
		set = append(set, KindRental)
	}
	if k.Datacenter != nil {
		set = append(set, KindDatacenter)
	}
	return set
}

// validateTerms checks that exactly the terms of the contract's kind are set, and checks them.
func (k *Contract) validateTerms(col collector) {
	if !slices.Contains(Kinds(), k.Kind) {
		col.add("kind", "invalid kind %q, want one of %v", k.Kind, Kinds())
	}
	set := k.setTerms()
	for _, s := range set {
		if s != k.Kind {
			col.add(string(s), "terms for %q given, but the contract's kind is %q", s, k.Kind)
		}
	}
	if slices.Contains(Kinds(), k.Kind) && !slices.Contains(set, k.Kind) {
		col.add(string(k.Kind), "missing the terms of kind %q", k.Kind)
	}
	if k.Cooperation != nil {
		k.Cooperation.validate(col)
	}
	if k.NeedsAnalysis != nil {
		k.NeedsAnalysis.validate(col)
	}
	if k.PrepaidHours != nil {
		k.PrepaidHours.validate(col, k)
	}
}

func (c *Cooperation) validate(col collector) {
	for _, m := range []struct {
		field string
		v     Money
	}{{"hourly_rate", c.HourlyRate}, {"daily_rate", c.DailyRate}, {"travel_per_trip", c.TravelPerTrip}, {"travel_per_km", c.TravelPerKm}} {
		if m.v < 0 {
			col.add("cooperation."+m.field, "negative amount %s", m.v)
		}
	}
	validateIncrement(col, "cooperation.billing_increment", c.BillingIncrement)
	validateRounding(col, "cooperation.rounding", c.Rounding)
	for _, prio := range sortedKeys(c.ReactionTimes) {
		field := "cooperation.reaction_times." + prio
		switch prio {
		case PriorityUrgent, PriorityHigh, PriorityNormal, PriorityLow:
		default:
			col.add(field, "unknown priority %q, want urgent, high, normal or low", prio)
		}
		if c.ReactionTimes[prio] <= 0 {
			col.add(field, "reaction time must be positive, got %s", c.ReactionTimes[prio])
		}
	}
}

func (n *NeedsAnalysis) validate(col collector) {
	if len(n.Checks) == 0 {
		col.add("needs_analysis.checks", "no checks")
	}
	for i, c := range n.Checks {
		field := fmt.Sprintf("needs_analysis.checks[%d]", i)
		if c.Name == "" {
			col.add(field+".name", "missing")
		} else if j := slices.IndexFunc(n.Checks, func(o Check) bool { return o.Name == c.Name }); j < i {
			col.add(field+".name", "duplicate check %q, also checks[%d]", c.Name, j)
		}
		if err := c.Interval.Validate(); err != nil {
			col.add(field+".interval", "%v", err)
		}
	}
}

func (p *PrepaidHours) validate(col collector, k *Contract) {
	if p.HoursPerMonth <= 0 {
		col.add("prepaid_hours.hours_per_month", "must be positive, got %s", p.HoursPerMonth)
	}
	switch {
	case p.Start.IsZero():
		col.add("prepaid_hours.start", "missing")
	case !k.ValidFrom.IsZero() && p.Start.Before(k.ValidFrom):
		col.add("prepaid_hours.start", "%s is before valid_from %s", p.Start, k.ValidFrom)
	case !k.ValidUntil.IsZero() && p.Start.After(k.ValidUntil):
		col.add("prepaid_hours.start", "%s is after valid_until %s", p.Start, k.ValidUntil)
	}
	switch {
	case p.OverdrawLimit < 0:
		col.add("prepaid_hours.overdraw_limit", "must not be negative, got %s", p.OverdrawLimit)
	case p.OverdrawLimit > 0 && !p.OverdrawAllowed:
		col.add("prepaid_hours.overdraw_limit", "set to %s, but overdraw_allowed is false", p.OverdrawLimit)
	}
	switch p.BeyondLimit {
	case "", BeyondHold:
	case BeyondBill:
		if p.ExcessRate <= 0 {
			col.add("prepaid_hours.excess_rate", "beyond_limit %q needs a positive excess_rate, got %s", BeyondBill, p.ExcessRate)
		}
	default:
		col.add("prepaid_hours.beyond_limit", "invalid value %q, want %q or %q", p.BeyondLimit, BeyondBill, BeyondHold)
	}
	for _, m := range []struct {
		field string
		v     Money
	}{{"excess_rate", p.ExcessRate}, {"travel_per_trip", p.TravelPerTrip}, {"travel_per_km", p.TravelPerKm}} {
		if m.v < 0 {
			col.add("prepaid_hours."+m.field, "negative amount %s", m.v)
		}
	}
	switch p.Prorate {
	case "", ProrateNone, ProrateDaily:
	default:
		col.add("prepaid_hours.prorate", "invalid value %q, want %q or %q", p.Prorate, ProrateNone, ProrateDaily)
	}
	validateIncrement(col, "prepaid_hours.billing_increment", p.BillingIncrement)
	validateRounding(col, "prepaid_hours.rounding", p.Rounding)
	if n := p.CorrectionAfterMonths; n < 0 || n > MaxCorrectionAfterMonths {
		col.add("prepaid_hours.correction_after_months", "must be from 1 to %d (0 for the default %d), got %d",
			MaxCorrectionAfterMonths, DefaultCorrectionAfterMonths, n)
	}
}

// exclusiveKind reports whether two contracts of this kind and customer may not overlap.
func exclusiveKind(k Kind) bool { return k == KindCooperation || k == KindPrepaidHours }

// overlaps reports whether the validity periods of a and b share a day.
func overlaps(a, b *Contract) bool {
	aEndsFirst := !a.ValidUntil.IsZero() && a.ValidUntil.Before(b.ValidFrom)
	bEndsFirst := !b.ValidUntil.IsZero() && b.ValidUntil.Before(a.ValidFrom)
	return !aEndsFirst && !bEndsFirst
}

// period formats a contract's validity, e.g. "2026-01-01..open".
func (k *Contract) period() string {
	until := "open"
	if !k.ValidUntil.IsZero() {
		until = k.ValidUntil.String()
	}
	return k.ValidFrom.String() + ".." + until
}

// checkOverlaps reports each pair of overlapping exclusive contracts once, on the later one.
func (d *Directory) checkOverlaps(ps *Problems) {
	for i := range d.Contracts {
		a := &d.Contracts[i]
		if !exclusiveKind(a.Kind) || a.ValidFrom.IsZero() {
			continue
		}
		for j := range i {
			b := &d.Contracts[j]
			if b.Kind != a.Kind || b.Customer != a.Customer || b.ValidFrom.IsZero() || !overlaps(a, b) {
				continue
			}
			col := collector{probs: ps, rec: recordName("contract", a.ID, "contracts", i)}
			col.add("valid_from", "overlapping contracts: %s contract %s (%s) overlaps %s (%s) of customer %s",
				a.Kind, a.ID, a.period(), b.ID, b.period(), a.Customer)
		}
	}
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
