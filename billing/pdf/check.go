package pdf

import (
	"errors"
	"fmt"
	"time"

	"helpdesk/billing/textfmt"
)

// Bounds beyond which an input is a bug upstream rather than a report: they keep every sum far
// from overflowing and every figure within its column.
const (
	maxMinutes = 1_000_000       // per entry and per balance: about 16,000 hours
	maxCents   = 100_000_000_000 // per amount: one billion euros
	maxLines   = 5               // address lines below the name, DIN 5008 window
	maxEntries = 100_000         // entries per report
)

// Check reports every inconsistency of r at once, each naming the field: sums that do not match
// the entries, a non-billable entry without its reason, a deduction without a Kontingent, a
// Kontingent whose movement does not add up. Render calls it and renders nothing on error.
func (r *Report) Check() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	if _, err := textfmt.New(r.Lang); err != nil {
		add("lang: %w", err)
	}
	if r.ID == "" {
		add("id: missing")
	}
	if r.Created.IsZero() {
		add("created: missing; it is the report's date and the PDF's creation date")
	}
	if r.Until.Before(r.From) {
		add("period: until %s is before from %s", r.Until.Format("2006-01-02"), r.From.Format("2006-01-02"))
	}
	if r.Recipient.Name == "" {
		add("recipient.name: missing")
	}
	if n := len(r.Recipient.Lines); n > maxLines {
		add("recipient.lines: %d lines, the address window holds %d below the name", n, maxLines)
	}

	var sum Totals
	var deducted, entries int
	for i, t := range r.Tickets {
		for j, e := range t.Entries {
			entries++
			at := fmt.Sprintf("tickets[%d] (%s) entries[%d]", i, t.Number, j)
			checkEntry(at, e, add)
			if d := dayOf(e.Date); d < dayOf(r.From) || d > dayOf(r.Until) {
				add("%s: date %s outside the period", at, e.Date.Format("2006-01-02"))
			}
			if e.Billable {
				sum.BillableMinutes += e.BilledMinutes
			} else {
				sum.NonBillableMinutes += e.Minutes
			}
			deducted += e.DeductedMinutes
			sum.LabourCents += e.AmountCents
			sum.TravelCents += e.TravelCents
		}
	}
	if entries > maxEntries {
		add("tickets: %d entries, at most %d", entries, maxEntries)
	}
	sum.NetCents = sum.LabourCents + sum.TravelCents
	checkTotals(r.Totals, sum, add)
	checkKontingent(r.Kontingent, deducted, add)

	for i, rate := range r.Rates {
		if rate.Label == "" {
			add("rates[%d]: label missing", i)
		}
		if rate.Per < Flat || rate.Per > PerKm {
			add("rates[%d] (%s): unknown unit %d", i, rate.Label, rate.Per)
		}
		if !centsOK(rate.Cents) {
			add("rates[%d] (%s): %d cents out of range", i, rate.Label, rate.Cents)
		}
	}
	if r.IncrementMinutes < 0 || r.IncrementMinutes > 24*60 {
		add("increment_minutes: %d out of range 0..1440", r.IncrementMinutes)
	}
	return errors.Join(errs...)
}

func checkEntry(at string, e Entry, add func(string, ...any)) {
	if !minutesOK(e.Minutes) || !minutesOK(e.BilledMinutes) || !minutesOK(e.DeductedMinutes) {
		add("%s: minutes out of range 0..%d", at, maxMinutes)
	}
	if !centsOK(e.AmountCents) || !centsOK(e.TravelCents) {
		add("%s: amount out of range", at)
	}
	if e.TravelTrips < 0 || e.TravelKm < 0 || e.TravelTrips > maxMinutes || e.TravelKm > maxMinutes {
		add("%s: travel trips or km out of range", at)
	}
	if e.Billable {
		if e.DeductedMinutes > e.BilledMinutes {
			add("%s: %d minutes deducted of %d billed", at, e.DeductedMinutes, e.BilledMinutes)
		}
		return
	}
	// A customer reading "nicht berechnet" is owed the reason, and a non-billable entry that
	// still costs something would contradict its own line.
	if e.Reason == "" {
		add("%s: not billable without a reason", at)
	}
	if e.AmountCents != 0 || e.DeductedMinutes != 0 {
		add("%s: not billable, yet charged or deducted", at)
	}
}

func checkTotals(got, want Totals, add func(string, ...any)) {
	if got.BillableMinutes != want.BillableMinutes {
		add("totals.billable_minutes: %d, the entries sum to %d", got.BillableMinutes, want.BillableMinutes)
	}
	if got.NonBillableMinutes != want.NonBillableMinutes {
		add("totals.non_billable_minutes: %d, the entries sum to %d", got.NonBillableMinutes, want.NonBillableMinutes)
	}
	if got.LabourCents != want.LabourCents {
		add("totals.labour_cents: %d, the entries sum to %d", got.LabourCents, want.LabourCents)
	}
	if got.TravelCents != want.TravelCents {
		add("totals.travel_cents: %d, the entries sum to %d", got.TravelCents, want.TravelCents)
	}
	if got.NetCents != want.NetCents {
		add("totals.net_cents: %d, labour plus travel is %d", got.NetCents, want.NetCents)
	}
}

func checkKontingent(k *Kontingent, deducted int, add func(string, ...any)) {
	if k == nil {
		if deducted != 0 {
			add("kontingent: missing, yet entries deduct %d minutes", deducted)
		}
		return
	}
	if !balanceOK(k.BalanceBefore) || !balanceOK(k.BalanceAfter) {
		add("kontingent: balance out of range ±%d", maxMinutes)
	}
	if !minutesOK(k.Credited) || !minutesOK(k.Expired) || !minutesOK(k.Used) ||
		!minutesOK(k.OverdrawLimit) || !minutesOK(k.BilledBeyondLimit) {
		add("kontingent: a movement is out of range 0..%d", maxMinutes)
	}
	if k.Used != deducted {
		add("kontingent.used: %d, the entries deduct %d", k.Used, deducted)
	}
	if want := k.BalanceBefore + k.Credited - k.Expired - k.Used; k.BalanceAfter != want {
		add("kontingent.balance_after: %d, before + credited − expired − used is %d", k.BalanceAfter, want)
	}
}

// dayOf is the calendar date of t in its own location, comparable as a number: the report
// prints dates that way, so it checks them that way.
func dayOf(t time.Time) int {
	y, m, d := t.Date()
	return y*10000 + int(m)*100 + d
}

func minutesOK(m int) bool { return m >= 0 && m <= maxMinutes }
func balanceOK(m int) bool { return m >= -maxMinutes && m <= maxMinutes }
func centsOK(c int64) bool { return c >= -maxCents && c <= maxCents }
