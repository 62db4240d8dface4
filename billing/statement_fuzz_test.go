package billing

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"helpdesk/directory"
)

// randomMovements are stored movements of simContract from a seed: deductions, adjustments
// and corrections on random days, and now and then one that breaks a rule.
func randomMovements(t *testing.T, r *rand.Rand) []Movement {
	k := simContract(t)
	var out []Movement
	for i := range r.IntN(40) {
		d := directory.DateOf(k.ValidFrom.Time(nil).AddDate(0, 0, r.IntN(500)))
		m := Movement{Contract: k.ID, Date: d}
		switch r.IntN(6) {
		case 0:
			m.Kind, m.Minutes, m.Reason = Adjustment, int64(r.IntN(1200)-600)|1, "fuzz"
		case 1:
			m.Kind, m.Minutes, m.Invoice = Correction, 1+int64(r.IntN(900)), "KR-1"
		default:
			work := directory.DateOf(d.Time(nil).AddDate(0, 0, -r.IntN(40)))
			if work.Before(k.ValidFrom) {
				work = k.ValidFrom
			}
			if work.After(k.ValidUntil) {
				work = k.ValidUntil
			}
			m.Kind, m.Minutes = Deduction, -1-int64(r.IntN(600))
			m.Report, m.Ticket, m.Entry, m.WorkDate = "SR-1", "T1", fmt.Sprintf("E%d", i), work
		}
		if r.IntN(100) == 0 { // break a rule: zero minutes, or another contract
			m.Minutes, m.Contract = m.Minutes*int64(r.IntN(2)), []string{k.ID, "P-2"}[r.IntN(2)]
		}
		out = append(out, m)
	}
	return out
}

// statementAndCheck computes a random statement and checks its invariants; an error must be
// a refused movement (a rule the random movements broke).
func statementAndCheck(t *testing.T, a, b uint64) bool {
	r := rand.New(rand.NewPCG(a, b))
	k := simContract(t)
	moves := randomMovements(t, r)
	asOf := directory.DateOf(k.ValidFrom.Time(nil).AddDate(0, 0, r.IntN(600)-30))
	s, err := StatementOf(k, moves, asOf)
	if err != nil {
		if !errors.Is(err, ErrInvalidMovement) {
			t.Fatalf("StatementOf() = %v, want only ErrInvalidMovement", err)
		}
		return false
	}
	checkLedger(t, s)
	if c := s.Correction; c.Due != (c.NegativeMonths >= 3 && s.Balance < 0) || c.Due && c.Minutes != -s.Balance {
		t.Fatalf("correction %+v with balance %d", c, s.Balance)
	}
	return true
}

func TestStatementProperties(t *testing.T) {
	const n = 1000
	ok := 0
	for i := range uint64(n) {
		if statementAndCheck(t, i, i^0x5eed) {
			ok++
		}
	}
	t.Logf("%d of %d random ledgers computed", ok, n)
	if ok < n/3 {
		t.Errorf("only %d of %d random ledgers were valid; the generator breaks too many rules", ok, n)
	}
}

func FuzzStatement(f *testing.F) {
	for i := range uint64(8) {
		f.Add(i, i*131+3)
	}
	f.Fuzz(func(t *testing.T, a, b uint64) { statementAndCheck(t, a, b) })
}
