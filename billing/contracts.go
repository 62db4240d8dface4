package billing

import (
	"fmt"
	"time"

	"helpdesk/directory"
)

// terms are the billing terms of one pricing contract, defaults resolved.
type terms struct {
	k         *directory.Contract
	prepaid   bool
	increment int64 // minutes
	rounding  directory.Rounding
	rate      directory.Money // per hour: the hourly rate, or a Kontingent's excess rate
	perTrip   directory.Money
	perKm     directory.Money
	beyond    directory.BeyondLimit // prepaid only
}

// incrementMinutes resolves a billing increment to whole minutes (zero: the default).
// Contract.Validate has checked that it is whole minutes within bounds.
func incrementMinutes(d directory.Duration) int64 {
	if d == 0 {
		d = directory.DefaultBillingIncrement
	}
	return int64(time.Duration(d) / time.Minute)
}

// roundingRule resolves a rounding rule ("" is the default).
func roundingRule(r directory.Rounding) directory.Rounding {
	if r == "" {
		return directory.DefaultRounding
	}
	return r
}

// termsOf resolves the billing terms of a cooperation or prepaid-hours contract.
func termsOf(k *directory.Contract) *terms {
	if c := k.Cooperation; c != nil {
		return &terms{k: k, increment: incrementMinutes(c.BillingIncrement), rounding: roundingRule(c.Rounding),
			rate: c.HourlyRate, perTrip: c.TravelPerTrip, perKm: c.TravelPerKm}
	}
	p := k.PrepaidHours
	beyond := p.BeyondLimit
	if beyond == "" {
		beyond = directory.DefaultBeyondLimit
	}
	return &terms{k: k, prepaid: true, increment: incrementMinutes(p.BillingIncrement), rounding: roundingRule(p.Rounding),
		rate: p.ExcessRate, perTrip: p.TravelPerTrip, perKm: p.TravelPerKm, beyond: beyond}
}

// contractSet is a customer's contracts as pricing sees them.
type contractSet struct {
	customer  string
	prepaid   []*terms              // prepaid_hours: they price the days they cover
	coop      []*terms              // cooperation: for days no Kontingent covers
	elsewhere []*directory.Contract // rental and datacenter: billed outside service reports
}

// newContractSet checks the contracts and sorts them by what they do. Contracts of another
// customer are an error: a caller that mixes customers would price with the wrong rates.
func newContractSet(customer string, ks []directory.Contract) (*contractSet, error) {
	s := &contractSet{customer: customer}
	for i := range ks {
		k := &ks[i]
		if k.Customer != customer {
			return nil, fmt.Errorf("contract %s is of customer %q, not %q", k.ID, k.Customer, customer)
		}
		if err := k.Validate(); err != nil {
			return nil, fmt.Errorf("contract %s: %w", k.ID, err)
		}
		switch k.Kind {
		case directory.KindPrepaidHours:
			s.prepaid = append(s.prepaid, termsOf(k))
		case directory.KindCooperation:
			s.coop = append(s.coop, termsOf(k))
		case directory.KindRental, directory.KindDatacenter:
			s.elsewhere = append(s.elsewhere, k)
		}
	}
	for _, group := range [][]*terms{s.prepaid, s.coop} {
		if err := checkOverlap(group); err != nil {
			return nil, err
		}
	}
	if len(s.prepaid)+len(s.coop) == 0 && len(s.elsewhere) > 0 {
		return nil, fmt.Errorf("customer %s has only rental or datacenter contracts: %w", customer, ErrBilledElsewhere)
	}
	return s, nil
}

// forDay returns the terms that price work done on day: the customer's Kontingent valid on
// that day, else its cooperation agreement valid on that day. The directory allows at most
// one of each kind on a day, so the choice is unique.
func (s *contractSet) forDay(day directory.Date) (*terms, error) {
	for _, group := range [][]*terms{s.prepaid, s.coop} {
		for _, t := range group {
			if t.k.ActiveOn(day) {
				return t, nil
			}
		}
	}
	for _, k := range s.elsewhere {
		if k.ActiveOn(day) {
			return nil, fmt.Errorf("on %s only %s contract %s covers customer %s: %w", day, k.Kind, k.ID, s.customer, ErrBilledElsewhere)
		}
	}
	return nil, fmt.Errorf("no cooperation or prepaid_hours contract of customer %s is valid on %s: %w", s.customer, day, ErrNoContract)
}

// checkOverlap refuses two contracts of one kind valid on the same day: which one priced an
// entry would depend on their order. A validated directory never has them.
func checkOverlap(group []*terms) error {
	for i, a := range group {
		for _, b := range group[:i] {
			if a.k.ActiveOn(b.k.ValidFrom) || b.k.ActiveOn(a.k.ValidFrom) {
				return fmt.Errorf("%s contracts %s and %s overlap", a.k.Kind, b.k.ID, a.k.ID)
			}
		}
	}
	return nil
}
