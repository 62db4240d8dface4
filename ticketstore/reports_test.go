package ticketstore_test

import (
	"errors"
	"testing"

	"helpdesk/billing"
	"helpdesk/directory"
	"helpdesk/ticketstore"
)

func approvedEntry(t *testing.T, s *ticketstore.Store, customer string, day directory.Date) uint64 {
	t.Helper()
	var id uint64
	mustUpdate(t, s, func(tx *ticketstore.Tx) error {
		e := &ticketstore.TimeEntry{Ticket: "2026-000001", Customer: customer, Technician: "m.keller", Date: day, Minutes: 30, Billable: true, Source: "cli"}
		if err := tx.AddTimeEntry(e); err != nil {
			return err
		}
		id = e.ID
		_, err := tx.ChangeTimeEntry(id, "test", ticketstore.TimeApprove, "", func(e *ticketstore.TimeEntry) error {
			e.State = ticketstore.TimeApproved
			return nil
		})
		return err
	})
	return id
}

// Report numbers count per year and are never reused; a report freezes its entries, which no
// edit changes afterwards; its deductions land in the ledger with its ID.
func TestReportsFreezeAndNumber(t *testing.T) {
	s, _ := openTemp(t, nil)
	day, _ := directory.ParseDate("2026-12-01")
	next, _ := directory.ParseDate("2027-01-04")
	var ids []string
	for _, d := range []directory.Date{day, day, next} {
		e := approvedEntry(t, s, "K-1", d)
		mustUpdate(t, s, func(tx *ticketstore.Tx) error {
			r := &ticketstore.ServiceReport{Customer: "K-1", Date: d, Entries: []uint64{e}}
			if err := tx.CreateReport(r, []billing.Movement{{Kind: billing.Deduction, Contract: "V-1", Date: d, Minutes: -30, Ticket: "2026-000001", Entry: "x", WorkDate: d}}); err != nil {
				return err
			}
			ids = append(ids, r.ID)
			return nil
		})
		mustView(t, s, func(tx *ticketstore.Tx) error {
			got, err := tx.TimeEntry(e)
			if err != nil {
				return err
			}
			if got.State != ticketstore.TimeReported || got.Report != ids[len(ids)-1] {
				t.Errorf("entry %d: %s on %q, want reported on %s", e, got.State, got.Report, ids[len(ids)-1])
			}
			return nil
		})
		err := s.Update(func(tx *ticketstore.Tx) error {
			_, err := tx.ChangeTimeEntry(e, "test", ticketstore.TimeEdit, "", func(e *ticketstore.TimeEntry) error { e.Minutes = 5; return nil })
			return err
		})
		if err == nil {
			t.Errorf("a reported entry was edited")
		}
	}
	if want := []string{"SB-2026-00001", "SB-2026-00002", "SB-2027-00001"}; ids[0] != want[0] || ids[1] != want[1] || ids[2] != want[2] {
		t.Errorf("report IDs %v, want %v", ids, want)
	}
	// A failed create (entry not approved) leaves no number used and nothing changed.
	e := approvedEntry(t, s, "K-2", day)
	err := s.Update(func(tx *ticketstore.Tx) error {
		return tx.CreateReport(&ticketstore.ServiceReport{Customer: "K-1", Date: day, Entries: []uint64{e}}, nil)
	})
	if !errors.Is(err, ticketstore.ErrReportConflict) {
		t.Errorf("report of another customer's entry: %v, want ErrReportConflict", err)
	}
	err = s.Update(func(tx *ticketstore.Tx) error {
		return tx.CreateReport(&ticketstore.ServiceReport{Customer: "K-2", Date: day, Entries: []uint64{e}, Corrects: ids[0]}, nil)
	})
	if !errors.Is(err, ticketstore.ErrReportConflict) {
		t.Errorf("a correction of another customer's report: %v, want ErrReportConflict", err)
	}
	mustUpdate(t, s, func(tx *ticketstore.Tx) error {
		r := &ticketstore.ServiceReport{Customer: "K-2", Date: day, Entries: []uint64{e}}
		if err := tx.CreateReport(r, nil); err != nil {
			return err
		}
		if r.ID != "SB-2026-00003" {
			t.Errorf("next ID after failed creates = %s, want SB-2026-00003", r.ID)
		}
		return nil
	})
	mustView(t, s, func(tx *ticketstore.Tx) error {
		ms, err := tx.Movements("V-1")
		if err != nil || len(ms) != 3 || ms[0].Report != "SB-2026-00001" {
			t.Errorf("ledger = %+v, %v", ms, err)
		}
		rs, err := tx.Reports(ticketstore.ReportFilter{Customer: "K-1"})
		if err != nil || len(rs) != 3 {
			t.Errorf("reports of K-1 = %d, %v", len(rs), err)
		}
		rs, err = tx.Reports(ticketstore.ReportFilter{Month: "2026-12"})
		if err != nil || len(rs) != 3 {
			t.Errorf("reports of 2026-12 = %d, %v", len(rs), err)
		}
		return nil
	})
}
