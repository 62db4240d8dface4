package billing

import (
	"fmt"
	"reflect"
	"testing"

	"helpdesk/directory"
)

// simContract is the Kontingent of the simulation: 10 hours a month from 2025-03-10 to
// 2026-04-15, prorated by days (first month 22/31 = 426 minutes, last 15/30 = 300),
// overdraw to -15 hours, beyond that billed at 89.00, warning below 2 hours.
func simContract(t *testing.T) directory.Contract {
	return kontingent(t, "P-1", "2025-03-10", "2026-04-15", directory.PrepaidHours{
		OverdrawAllowed: true, OverdrawLimit: 900, BeyondLimit: directory.BeyondBill, ExcessRate: 8900,
		Prorate: directory.ProrateDaily, WarnBelow: 120, CorrectionAfterMonths: 3})
}

// workEntries splits total minutes of work in the month of first into entries of an hour,
// dated from the 10th to the 15th so that they lie within the contract.
func workEntries(t *testing.T, first directory.Date, total int64) []Entry {
	var es []Entry
	for i := int64(0); i*60 < total; i++ {
		d := directory.DateOf(first.Time(nil).AddDate(0, 0, 9+int(i%6)))
		es = append(es, Entry{ID: fmt.Sprintf("E-%s-%02d", first.Time(nil).Format("0601"), i), Ticket: fmt.Sprintf("T%d", i%3),
			Technician: "m.keller", Date: d, Minutes: min(60, total-i*60), Billable: true})
	}
	return es
}

// checkLedger checks the invariants of a statement: each row's balance is the sum of the
// movements up to it, in date order, credits first on a day; the months chain from 0 to the
// balance; room and warn follow from the balance.
func checkLedger(t *testing.T, s *Statement) {
	t.Helper()
	var sum int64
	for i, r := range s.Rows {
		sum += r.Minutes
		if r.Balance != sum {
			t.Fatalf("%s: row %d balance %d, want the sum of the movements %d", s.AsOf, i, r.Balance, sum)
		}
		if i > 0 {
			p := s.Rows[i-1]
			if p.Date.After(r.Date) || p.Date == r.Date && r.Kind == Credit && p.Kind != Credit {
				t.Fatalf("%s: row %d (%s %s) out of order after %s %s", s.AsOf, i, r.Kind, r.Date, p.Kind, p.Date)
			}
		}
		if r.Date.After(s.AsOf) {
			t.Fatalf("%s: row %d dated %s, after the statement's day", s.AsOf, i, r.Date)
		}
	}
	if s.Balance != sum {
		t.Fatalf("%s: balance %d, want the sum of the movements %d", s.AsOf, s.Balance, sum)
	}
	var closing int64
	for _, m := range s.Months {
		if m.Opening != closing || m.Closing != m.Opening+m.Credited+m.Deducted+m.Adjusted+m.Corrected {
			t.Fatalf("%s: month %s does not add up: %+v after closing %d", s.AsOf, m.Month, m, closing)
		}
		closing = m.Closing
	}
	if len(s.Months) > 0 && closing != s.Balance {
		t.Fatalf("%s: last month closes at %d, balance %d", s.AsOf, closing, s.Balance)
	}
	if want := (Room{Minutes: max(0, s.Balance+900)}); s.Room != want {
		t.Fatalf("%s: room %+v, want %+v", s.AsOf, s.Room, want)
	}
	if s.Warn != (s.Balance < 120) {
		t.Fatalf("%s: warn %v with balance %d", s.AsOf, s.Warn, s.Balance)
	}
}

// TestLedgerFourteenMonths runs a Kontingent through its whole life, day by day: on the
// first of each month the work of the month before is priced with the room of that day and
// its deductions are stored; an adjustment and two correction invoices come in between. Every
// day's statement is checked against the invariants, against the day before (a past day's
// balance never changes), and on chosen days against the numbers worked out by hand.
func TestLedgerFourteenMonths(t *testing.T) {
	k := simContract(t)
	work := map[string]int64{ // month -> minutes of work, reported on the first of the next month
		"2025-03": 300, "2025-05": 1500, "2025-06": 1800, "2025-07": 600, "2025-08": 1200, "2025-09": 600,
		"2025-10": 300, "2025-11": 1200, "2025-12": 900, "2026-01": 300, "2026-02": 1500, "2026-04": 600,
	}
	stored := map[string][]Movement{ // day -> movements the back office books on it
		"2025-10-10": {{Kind: Correction, Contract: "P-1", Date: day(t, "2025-10-10"), Minutes: 900, Invoice: "KR-2025-001"}},
		"2026-03-05": {{Kind: Adjustment, Contract: "P-1", Date: day(t, "2026-03-05"), Minutes: 120, Reason: "Gutschrift: Störung beim Provider"}},
		"2026-05-15": {{Kind: Correction, Contract: "P-1", Date: day(t, "2026-05-15"), Minutes: 900, Invoice: "KR-2026-002"}},
	}
	type check struct {
		balance, due int64 // due: minutes of a correction due, 0 = none
		excess       int64 // minutes billed beyond the limit by the report of that day
	}
	want := map[string]check{
		"2025-03-09": {0, 0, 0},
		"2025-03-10": {426, 0, 0},
		"2025-04-01": {726, 0, 0},
		"2025-05-01": {1326, 0, 0},
		"2025-06-01": {426, 0, 0},
		"2025-07-01": {-774, 0, 0},
		"2025-08-01": {-774, 0, 0},
		"2025-09-01": {-900, 0, 474}, // room 726 of the 1200 minutes
		"2025-09-29": {-900, 0, 0},   // July and August closed below zero: two months
		"2025-09-30": {-900, 900, 0}, // September too: due
		"2025-10-01": {-900, 900, 0}, // the credit is used up by the September report
		"2025-10-10": {0, 0, 0},      // correction invoice
		"2025-11-01": {300, 0, 0},
		"2025-12-01": {-300, 0, 0},
		"2026-01-01": {-600, 0, 0},
		"2026-02-01": {-300, 0, 0},
		"2026-02-27": {-300, 0, 0},
		"2026-02-28": {-300, 300, 0}, // December, January, February
		"2026-03-01": {-900, 900, 300},
		"2026-03-05": {-780, 780, 0},
		"2026-04-01": {-480, 480, 0},   // the last, prorated credit: 300
		"2026-05-01": {-900, 900, 180}, // work of April, reported after the end
		"2026-05-15": {0, 0, 0},
		"2026-06-30": {0, 0, 0}, // no credits after the end
	}
	var moves []Movement
	var yesterday *Statement
	checked := 0
	first, last := day(t, "2025-03-01"), day(t, "2026-06-30")
	for d := first; !d.After(last); d = directory.DateOf(d.Time(nil).AddDate(0, 0, 1)) {
		var excess int64
		if d == firstOfMonth(d) {
			prev := directory.DateOf(d.Time(nil).AddDate(0, -1, 0))
			if es := workEntries(t, prev, work[prev.Time(nil).Format("2006-01")]); len(es) > 0 {
				before, err := StatementOf(k, moves, d)
				if err != nil {
					t.Fatalf("%s: StatementOf() = %v", d, err)
				}
				r := mustPrice(t, Input{Customer: customer(directory.BillingCentral), Contracts: []directory.Contract{k},
					Entries: es, Rooms: map[string]Room{"P-1": before.Room}})
				excess = r.Totals.ExcessMinutes
				if r.Totals.DeductedMinutes+excess != r.Totals.BilledMinutes || r.Totals.Labour != mustLabour(t, excess, 8900) {
					t.Errorf("%s: report totals %+v do not split into deducted and excess at 89.00", d, r.Totals)
				}
				moves = append(moves, r.Deductions("SR-"+d.String(), d)...)
			}
		}
		moves = append(moves, stored[d.String()]...)
		s, err := StatementOf(k, moves, d)
		if err != nil {
			t.Fatalf("%s: StatementOf() = %v", d, err)
		}
		checkLedger(t, s)
		if yesterday != nil {
			again, err := StatementOf(k, moves, yesterday.AsOf)
			if err != nil || !reflect.DeepEqual(again, yesterday) {
				t.Fatalf("%s: the statement of %s changed after later movements were stored", d, yesterday.AsOf)
			}
		}
		yesterday = s
		if w, ok := want[d.String()]; ok {
			checked++
			got := check{s.Balance, s.Correction.Minutes, excess}
			if got != w || s.Correction.Due != (w.due > 0) {
				t.Errorf("%s: balance %d, correction %+v, excess %d; want balance %d, due %d, excess %d",
					d, s.Balance, s.Correction, excess, w.balance, w.due, w.excess)
			}
		}
	}
	if checked != len(want) {
		t.Errorf("checked %d of the %d days worked out by hand", checked, len(want))
	}
	// The whole life: 14 credits, 426 + 12 × 600 + 300 minutes.
	var credits, n int64
	for _, r := range yesterday.Rows {
		if r.Kind == Credit {
			credits += r.Minutes
			n++
		}
	}
	if n != 14 || credits != 426+12*600+300 {
		t.Errorf("%d credits of %d minutes in all, want 14 of %d", n, credits, 426+12*600+300)
	}
	if got := len(yesterday.Months); got != 16 {
		t.Errorf("%d months from March 2025 to June 2026, want 16", got)
	}
}

func mustLabour(t *testing.T, minutes int64, rate directory.Money) directory.Money {
	t.Helper()
	m, err := Labour(minutes, rate)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
