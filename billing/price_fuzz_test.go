package billing

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"helpdesk/directory"
)

// randomInput builds a report from a seed: one to three consecutive pricing contracts of
// random kinds and terms, entries on random days (some outside every contract), random rooms,
// and now and then absurd numbers to reach the overflow checks.
func randomInput(t testing.TB, a, b uint64) Input {
	r := rand.New(rand.NewPCG(a, b))
	start := day(t, "2025-01-01")
	var ks []directory.Contract
	from := start
	for i := range 1 + r.IntN(3) {
		until := directory.DateOf(from.Time(nil).AddDate(0, 1+r.IntN(8), -1))
		id := fmt.Sprintf("K%d", i)
		incs := []int{0, 1, 5, 15, 30, 60}
		inc, rounding := minutes(incs[r.IntN(len(incs))]), []directory.Rounding{"", directory.RoundEntry, directory.RoundTicket}[r.IntN(3)]
		k := directory.Contract{ID: id, Customer: "K-1", ValidFrom: from, ValidUntil: until}
		if r.IntN(2) == 0 {
			k.Kind, k.Cooperation = directory.KindCooperation, &directory.Cooperation{HourlyRate: directory.Money(r.IntN(20000)),
				TravelPerTrip: directory.Money(r.IntN(5000)), TravelPerKm: directory.Money(r.IntN(100)), BillingIncrement: inc, Rounding: rounding}
		} else {
			p := &directory.PrepaidHours{HoursPerMonth: directory.Hours(60 + r.IntN(1200)), Start: from,
				TravelPerTrip: directory.Money(r.IntN(5000)), TravelPerKm: directory.Money(r.IntN(100)), BillingIncrement: inc, Rounding: rounding}
			if r.IntN(2) == 0 {
				p.OverdrawAllowed, p.OverdrawLimit = true, directory.Hours(r.IntN(600))
			}
			if r.IntN(2) == 0 {
				p.BeyondLimit, p.ExcessRate = directory.BeyondBill, directory.Money(1+r.IntN(20000))
			}
			k.Kind, k.PrepaidHours = directory.KindPrepaidHours, p
		}
		ks = append(ks, k)
		from = directory.DateOf(until.Time(nil).AddDate(0, 0, 1))
	}
	span := int(from.Time(nil).Sub(start.Time(nil))/(24*time.Hour)) + 10
	var es []Entry
	for i := range r.IntN(25) {
		e := Entry{ID: fmt.Sprintf("E%02d", i), Ticket: fmt.Sprintf("T%d", r.IntN(4)), Technician: "m.keller",
			Date: directory.DateOf(start.Time(nil).AddDate(0, 0, r.IntN(span)-5)), Minutes: int64(r.IntN(600)),
			Billable: r.IntN(5) > 0, TravelTrips: int64(r.IntN(2)), TravelKm: int64(r.IntN(3) * r.IntN(80))}
		if !e.Billable {
			e.Reason = "Kulanz"
		}
		if r.IntN(200) == 0 {
			e.Minutes = math.MaxInt64 - int64(r.IntN(100))
		}
		es = append(es, e)
	}
	rooms := make(map[string]Room)
	for _, k := range ks {
		if k.PrepaidHours != nil && r.IntN(10) > 0 {
			rooms[k.ID] = Room{Unlimited: r.IntN(4) == 0, Minutes: int64(r.IntN(900))}
		}
	}
	return Input{Customer: customer(directory.BillingCentral), Contracts: ks, Entries: es, Rooms: rooms}
}

// checkPriced checks what must hold of every priced report: each entry once, on a line or
// held; amounts never negative; billed minutes at least the recorded ones and rounded to the
// increment; a Kontingent never past its room; the totals the sums of the lines.
func checkPriced(t *testing.T, in Input, r *Report) {
	t.Helper()
	contracts := make(map[string]*directory.Contract)
	for i := range in.Contracts {
		contracts[in.Contracts[i].ID] = &in.Contracts[i]
	}
	seen := make(map[string]int)
	for _, h := range r.Held {
		seen[h.Entry.ID]++
		if k := contracts[h.Contract]; k == nil || k.PrepaidHours == nil || k.PrepaidHours.BeyondLimit == directory.BeyondBill || !h.Entry.Billable {
			t.Errorf("held %+v: only billable entries of a hold Kontingent are held", h)
		}
	}
	type group struct{ recorded, billed, inc int64 }
	groups := make(map[string]*group)
	deducted := make(map[string]int64)
	excess := make(map[string]bool)
	var sum Totals
	for i, l := range r.Lines {
		e := l.Entry
		seen[e.ID]++
		if i > 0 {
			p := r.Lines[i-1].Entry
			if cmp.Or(p.Date.Compare(e.Date), cmp.Compare(p.Ticket, e.Ticket), cmp.Compare(p.ID, e.ID)) > 0 {
				t.Errorf("line %d (%s) out of order after %s", i, e.ID, p.ID)
			}
		}
		k := contracts[l.Contract]
		if k == nil || !k.ActiveOn(e.Date) || l.Kind != k.Kind {
			t.Fatalf("line %s priced by %s %q, not valid on %s", e.ID, l.Kind, l.Contract, e.Date)
		}
		if l.Labour < 0 || l.Travel < 0 || l.Amount != l.Labour+l.Travel {
			t.Errorf("line %s: labour %v, travel %v, amount %v", e.ID, l.Labour, l.Travel, l.Amount)
		}
		sum.BilledMinutes += l.BilledMinutes
		sum.DeductedMinutes += l.DeductedMinutes
		sum.ExcessMinutes += l.ExcessMinutes
		sum.Labour += l.Labour
		sum.Travel += l.Travel
		sum.Net += l.Amount
		if !e.Billable {
			sum.NonBillableMinutes += e.Minutes
			if l.BilledMinutes != 0 || l.Amount != 0 || l.DeductedMinutes != 0 || l.ExcessMinutes != 0 {
				t.Errorf("not billable line %s = %+v, want all zero", e.ID, l)
			}
			continue
		}
		sum.BillableMinutes += e.Minutes
		if l.BilledMinutes < e.Minutes {
			t.Errorf("line %s billed %d < recorded %d", e.ID, l.BilledMinutes, e.Minutes)
		}
		inc, rounding, perTrip, perKm, rate := termsFor(k)
		key := e.ID
		if rounding == directory.RoundTicket {
			key = k.ID + "/" + e.Ticket
		}
		g := groups[key]
		if g == nil {
			g = &group{inc: inc}
			groups[key] = g
		}
		g.recorded += e.Minutes
		g.billed += l.BilledMinutes
		if want := e.TravelTrips*int64(perTrip) + e.TravelKm*int64(perKm); l.Travel != directory.Money(want) {
			t.Errorf("line %s travel %v, want %v", e.ID, l.Travel, directory.Money(want))
		}
		priced := l.BilledMinutes
		if k.PrepaidHours != nil {
			priced = l.ExcessMinutes
			if l.DeductedMinutes+l.ExcessMinutes != l.BilledMinutes || l.DeductedMinutes < 0 || l.ExcessMinutes < 0 {
				t.Errorf("Kontingent line %s: deducted %d + excess %d != billed %d", e.ID, l.DeductedMinutes, l.ExcessMinutes, l.BilledMinutes)
			}
			deducted[k.ID] += l.DeductedMinutes
			excess[k.ID] = excess[k.ID] || l.ExcessMinutes > 0
		} else if l.DeductedMinutes != 0 || l.ExcessMinutes != 0 {
			t.Errorf("cooperation line %s deducts %d, excess %d", e.ID, l.DeductedMinutes, l.ExcessMinutes)
		}
		if want, err := Labour(priced, rate); err != nil || l.Labour != want {
			t.Errorf("line %s labour %v, want %v (%v)", e.ID, l.Labour, want, err)
		}
	}
	for key, g := range groups {
		if g.billed%g.inc != 0 || g.billed-g.recorded >= g.inc {
			t.Errorf("unit %s: recorded %d billed %d, want rounded up to a multiple of %d", key, g.recorded, g.billed, g.inc)
		}
	}
	for id, d := range deducted {
		room := in.Rooms[id]
		switch {
		case !room.Unlimited && d > room.Minutes:
			t.Errorf("contract %s: deducted %d beyond its room %d", id, d, room.Minutes)
		case excess[id] && (room.Unlimited || d != room.Minutes):
			t.Errorf("contract %s billed excess with room left: deducted %d of %+v", id, d, room)
		}
	}
	for _, e := range in.Entries {
		if seen[e.ID] != 1 {
			t.Errorf("entry %s appears %d times, want once", e.ID, seen[e.ID])
		}
	}
	if sum != r.Totals {
		t.Errorf("Totals = %+v, want the sums of the lines %+v", r.Totals, sum)
	}
}

// termsFor reads a contract's terms the way the package comment states them.
func termsFor(k *directory.Contract) (inc int64, r directory.Rounding, perTrip, perKm, rate directory.Money) {
	if c := k.Cooperation; c != nil {
		return int64(time.Duration(cmp.Or(c.BillingIncrement, directory.DefaultBillingIncrement)) / time.Minute),
			cmp.Or(c.Rounding, directory.RoundEntry), c.TravelPerTrip, c.TravelPerKm, c.HourlyRate
	}
	p := k.PrepaidHours
	return int64(time.Duration(cmp.Or(p.BillingIncrement, directory.DefaultBillingIncrement)) / time.Minute),
		cmp.Or(p.Rounding, directory.RoundEntry), p.TravelPerTrip, p.TravelPerKm, p.ExcessRate
}

// priceAndCheck prices a random report and checks it; it reports whether it was priced.
func priceAndCheck(t *testing.T, a, b uint64) bool {
	in := randomInput(t, a, b)
	r, err := Price(in)
	if err != nil {
		if r != nil {
			t.Fatalf("Price() returned a report with error %v", err)
		}
		if !errors.Is(err, ErrNoContract) && !errors.Is(err, ErrOverflow) && !errorsHasRoom(err) {
			t.Fatalf("Price(seed %d, %d) = %v, want only missing contracts, rooms or overflow", a, b, err)
		}
		return false
	}
	checkPriced(t, in, r)
	return true
}

// errorsHasRoom reports a missing ledger room, which randomInput leaves out now and then.
func errorsHasRoom(err error) bool { return strings.Contains(err.Error(), "no ledger room given") }

// TestPriceProperties runs the property check over many seeds, and makes sure most of them
// priced, so the check is not vacuous.
func TestPriceProperties(t *testing.T) {
	const n = 2000
	priced := 0
	for i := range uint64(n) {
		if priceAndCheck(t, i, i*7919+1) {
			priced++
		}
	}
	t.Logf("%d of %d random reports priced", priced, n)
	if priced < n/3 {
		t.Errorf("only %d of %d random reports priced; the generator makes too many errors", priced, n)
	}
}

func FuzzPrice(f *testing.F) {
	for i := range uint64(8) {
		f.Add(i, i*31+7)
	}
	f.Fuzz(func(t *testing.T, a, b uint64) { priceAndCheck(t, a, b) })
}
