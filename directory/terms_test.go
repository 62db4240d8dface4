package directory

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestBillingTermsZeroIsValid: contracts written before the billing terms existed (all zero)
// must stay valid, and every valid value of each term must be accepted.
func TestBillingTermsZeroIsValid(t *testing.T) {
	d := validDir(t) // its contracts leave every billing term zero
	p := d.Contracts[2].PrepaidHours
	p.OverdrawAllowed, p.OverdrawLimit, p.BeyondLimit, p.ExcessRate = true, 600, BeyondBill, 11000
	p.Prorate, p.Rounding, p.BillingIncrement, p.CorrectionAfterMonths = ProrateDaily, RoundTicket, Duration(time.Minute), 1
	c := d.Contracts[0].Cooperation
	c.BillingIncrement, c.Rounding = MaxBillingIncrement, RoundTicket
	if err := d.Validate(); err != nil {
		t.Errorf("Validate() with every billing term set = %v, want nil", err)
	}
}

func TestNormalizeFillsBillingDefaults(t *testing.T) {
	d := validDir(t)
	d.Contracts[1].Cooperation.BillingIncrement = Duration(time.Minute) // explicit values are kept
	d.Contracts[2].PrepaidHours.Prorate = ProrateDaily
	d.Normalize()
	for _, k := range d.Contracts {
		switch {
		case k.ID == "V-1":
			if c := k.Cooperation; c.BillingIncrement != DefaultBillingIncrement || c.Rounding != RoundEntry {
				t.Errorf("V-1 after Normalize: increment %s, rounding %q; want 15m, entry", c.BillingIncrement, c.Rounding)
			}
		case k.ID == "V-2":
			if c := k.Cooperation; c.BillingIncrement != Duration(time.Minute) {
				t.Errorf("V-2 after Normalize: increment %s, want the explicit 1m", c.BillingIncrement)
			}
		case k.ID == "V-3":
			p := k.PrepaidHours
			if p.BillingIncrement != DefaultBillingIncrement || p.Rounding != RoundEntry || p.BeyondLimit != BeyondHold ||
				p.Prorate != ProrateDaily || p.CorrectionAfterMonths != 3 {
				t.Errorf("V-3 after Normalize = %+v, want increment 15m, rounding entry, beyond hold, prorate daily (kept), 3 months", *p)
			}
		}
	}
	if err := d.Validate(); err != nil {
		t.Errorf("Validate() after Normalize = %v", err)
	}
}

func TestContractValidate(t *testing.T) {
	d := validDir(t)
	for _, k := range d.Contracts {
		if err := k.Validate(); err != nil {
			t.Errorf("Contract %s .Validate() = %v, want nil", k.ID, err)
		}
	}
	tests := []struct {
		name   string
		change func(k *Contract)
		want   string
	}{
		{"missing customer", func(k *Contract) { k.Customer = "" }, "contract V-3: customer: missing"},
		{"missing terms", func(k *Contract) { k.PrepaidHours = nil }, `contract V-3: prepaid_hours: missing the terms of kind "prepaid_hours"`},
		{"bad increment", func(k *Contract) { k.PrepaidHours.BillingIncrement = 1 }, "contract V-3: prepaid_hours.billing_increment"},
		{"no id", func(k *Contract) { k.ID = "" }, "contracts[0]: id: missing"},
	}
	for _, tt := range tests {
		k := d.Contracts[2].clone()
		tt.change(&k)
		err := k.Validate()
		var ps Problems
		if !errors.As(err, &ps) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Validate() = %v, want Problems containing %q", tt.name, err, tt.want)
		}
	}
}

// TestExampleShowsBillingTerms: the annotated example shows each non-default billing term,
// so an operator can copy it.
func TestExampleShowsBillingTerms(t *testing.T) {
	d, err := Load(examplePath)
	if err != nil {
		t.Fatalf("Load(%s) = %v", examplePath, err)
	}
	var ticket, daily, bill, limit, increment bool
	for _, k := range d.Contracts {
		if c := k.Cooperation; c != nil {
			increment = increment || c.BillingIncrement != DefaultBillingIncrement
		}
		if p := k.PrepaidHours; p != nil {
			ticket = ticket || p.Rounding == RoundTicket
			daily = daily || p.Prorate == ProrateDaily
			bill = bill || p.BeyondLimit == BeyondBill && p.ExcessRate > 0
			limit = limit || p.OverdrawLimit > 0
		}
	}
	if !ticket || !daily || !bill || !limit || !increment {
		t.Errorf("example shows rounding ticket %v, prorate daily %v, beyond bill %v, overdraw limit %v, other increment %v; want all",
			ticket, daily, bill, limit, increment)
	}
}
