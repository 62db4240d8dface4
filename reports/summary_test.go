package reports

import (
	"testing"

	"helpdesk/templates"
	"helpdesk/ticketstore"
)

func TestDecimalHours(t *testing.T) {
	for _, tt := range []struct {
		in   int64
		want string
	}{{0, "0"}, {60, "1"}, {90, "1.5"}, {75, "1.25"}, {20, "0.33"}, {-120, "-2"}, {-15, "-0.25"}, {1, "0.02"}} {
		if got := decimalHours(tt.in); got != tt.want {
			t.Errorf("decimalHours(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// The Status mail's Kontingent: the balance and the latest movements of the customer's own
// contract; a customer without one gets none.
func TestPrepaidStatus(t *testing.T) {
	w, _ := kontingentWorld(t)
	w.view(func(tx *ticketstore.Tx) error {
		ps, err := Prepaid(tx, w.dir, settings, "K-1002", at("2026-11-03"))
		if err != nil {
			return err
		}
		if len(ps) != 1 || ps[0].Contract != "V-0002" || ps[0].Balance != "-2" || len(ps[0].Last) != LastMovements {
			t.Fatalf("Prepaid(K-1002) = %+v, want V-0002 at -2 h with %d movements", ps, LastMovements)
		}
		last := ps[0].Last[len(ps[0].Last)-1]
		if last.Kind != "deduction" || last.Report != "SB-2026-00002" || last.Ticket == "" {
			t.Errorf("last movement %+v, want a deduction of SB-2026-00002 naming its ticket", last)
		}
		other, err := Prepaid(tx, w.dir, settings, "K-1001", at("2026-11-03"))
		if err != nil || len(other) != 0 {
			t.Errorf("Prepaid(K-1001) = %+v, %v; want none", other, err)
		}
		s := &templates.Summary{Month: at("2026-10-20")}
		if err := SummaryStats(tx, "K-1002", s, cet); err != nil {
			return err
		}
		if s.BillableHours != "24.75" || s.NonBillableHours != "0.17" {
			t.Errorf("October's hours %q / %q, want 24.75 / 0.17", s.BillableHours, s.NonBillableHours)
		}
		return nil
	})
}
