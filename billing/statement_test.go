package billing

import (
	"errors"
	"strings"
	"testing"

	"helpdesk/directory"
)

// adjust is an adjustment of minutes on date.
func adjust(t *testing.T, date string, min int64) Movement {
	return Movement{Kind: Adjustment, Contract: "P-1", Date: day(t, date), Minutes: min, Reason: "test"}
}

// deduct is a deduction of min minutes reported on date for work on work.
func deduct(t *testing.T, id, date, work string, min int64) Movement {
	return Movement{Kind: Deduction, Contract: "P-1", Date: day(t, date), Minutes: -min, Report: "SR-1", Ticket: "T1", Entry: id, WorkDate: day(t, work)}
}

func TestStatementRoomAndWarn(t *testing.T) {
	tests := []struct {
		name    string
		p       directory.PrepaidHours
		balance int64 // reached by an adjustment after the January credit of 600
		room    Room
		warn    bool
	}{
		{"no overdraw", directory.PrepaidHours{WarnBelow: 120}, 300, Room{Minutes: 300}, false},
		{"no overdraw, at zero", directory.PrepaidHours{WarnBelow: 120}, 0, Room{Minutes: 0}, true},
		{"no overdraw, below zero by an adjustment", directory.PrepaidHours{}, -60, Room{Minutes: 0}, true},
		{"limit", directory.PrepaidHours{OverdrawAllowed: true, OverdrawLimit: 900}, -300, Room{Minutes: 600}, true},
		{"limit reached", directory.PrepaidHours{OverdrawAllowed: true, OverdrawLimit: 900}, -900, Room{Minutes: 0}, true},
		{"past the limit", directory.PrepaidHours{OverdrawAllowed: true, OverdrawLimit: 900}, -1000, Room{Minutes: 0}, true},
		{"unlimited", directory.PrepaidHours{OverdrawAllowed: true}, -6000, Room{Unlimited: true}, true},
		{"warn below is strict", directory.PrepaidHours{WarnBelow: 120}, 120, Room{Minutes: 120}, false},
		{"just below warn", directory.PrepaidHours{WarnBelow: 120}, 119, Room{Minutes: 119}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := kontingent(t, "P-1", "2025-01-01", "", tt.p)
			s, err := StatementOf(k, []Movement{adjust(t, "2025-01-02", tt.balance-600)}, day(t, "2025-01-31"))
			if err != nil {
				t.Fatalf("StatementOf() = %v", err)
			}
			if s.Balance != tt.balance || s.Room != tt.room || s.Warn != tt.warn {
				t.Errorf("balance %d, room %+v, warn %v; want %d, %+v, %v", s.Balance, s.Room, s.Warn, tt.balance, tt.room, tt.warn)
			}
		})
	}
}

// monthlyMinus100 are adjustments that close January, February and March at -100 minutes
// (the credits are 600 a month).
func monthlyMinus100(t *testing.T) []Movement {
	return []Movement{adjust(t, "2025-01-20", -700), adjust(t, "2025-02-10", -600), adjust(t, "2025-03-10", -600)}
}

func TestStatementCorrection(t *testing.T) {
	// Credits of 600 on the first of every month from January; the adjustments make the
	// month ends what each case needs.
	tests := []struct {
		name    string
		after   int // correction_after_months, 0 = default 3
		moves   []Movement
		asOf    string
		due     bool
		minutes int64
		streak  int
	}{
		{"three negative month ends", 0, monthlyMinus100(t), "2025-03-31", true, 100, 3},
		{"the third month not yet over", 0, monthlyMinus100(t), "2025-03-30", false, 0, 2},
		{"back above zero by the next credit", 0, monthlyMinus100(t), "2025-04-01", false, 0, 3},
		{"still below zero after the next credit", 0, []Movement{adjust(t, "2025-01-20", -1300), adjust(t, "2025-02-10", -600), adjust(t, "2025-03-10", -600)},
			"2025-04-01", true, 100, 3},
		{"one month end at or above zero restarts the count", 0, []Movement{adjust(t, "2025-01-20", -700), adjust(t, "2025-03-10", -1200), adjust(t, "2025-04-10", -600)},
			"2025-04-30", false, 0, 2},
		{"after one month", 1, []Movement{adjust(t, "2025-01-20", -700)}, "2025-01-31", true, 100, 1},
		{"a correction in the current month resets, even a partial one", 0, []Movement{adjust(t, "2025-01-20", -1300), adjust(t, "2025-02-10", -600), adjust(t, "2025-03-10", -600),
			{Kind: Correction, Contract: "P-1", Date: day(t, "2025-04-05"), Minutes: 50, Invoice: "RE-1"}}, "2025-04-05", false, 0, 0},
		{"a partial correction too, and its month does not count", 0, []Movement{adjust(t, "2025-01-20", -2700),
			{Kind: Correction, Contract: "P-1", Date: day(t, "2025-02-05"), Minutes: 50, Invoice: "RE-1"}}, "2025-04-30", false, 0, 2},
		{"counted again from the month after the correction", 0, []Movement{adjust(t, "2025-01-20", -3700),
			{Kind: Correction, Contract: "P-1", Date: day(t, "2025-02-05"), Minutes: 50, Invoice: "RE-1"}}, "2025-05-31", true, 650, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := kontingent(t, "P-1", "2025-01-01", "", directory.PrepaidHours{OverdrawAllowed: true, CorrectionAfterMonths: tt.after})
			s, err := StatementOf(k, tt.moves, day(t, tt.asOf))
			if err != nil {
				t.Fatalf("StatementOf() = %v", err)
			}
			c := s.Correction
			if c.Due != tt.due || c.Minutes != tt.minutes || c.NegativeMonths != tt.streak {
				t.Errorf("correction as of %s = %+v (balance %d), want due %v, %d minutes, %d negative months",
					tt.asOf, c, s.Balance, tt.due, tt.minutes, tt.streak)
			}
			want := tt.after
			if want == 0 {
				want = 3
			}
			if c.AfterMonths != want {
				t.Errorf("AfterMonths = %d, want %d", c.AfterMonths, want)
			}
		})
	}
}

func TestStatementOrder(t *testing.T) {
	k := kontingent(t, "P-1", "2025-01-01", "", directory.PrepaidHours{})
	moves := []Movement{
		deduct(t, "E2", "2025-02-01", "2025-01-20", 60),
		adjust(t, "2025-01-15", 30),
		deduct(t, "E1", "2025-02-01", "2025-01-10", 90),
		deduct(t, "E3", "2025-03-01", "2025-02-10", 15), // after asOf: left out
	}
	s, err := StatementOf(k, moves, day(t, "2025-02-01"))
	if err != nil {
		t.Fatalf("StatementOf() = %v", err)
	}
	var got []string
	for _, r := range s.Rows {
		got = append(got, string(r.Kind)+" "+r.Entry+" "+r.Date.String())
	}
	want := []string{"credit  2025-01-01", "adjustment  2025-01-15", "credit  2025-02-01", "deduction E2 2025-02-01", "deduction E1 2025-02-01"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("rows = %q\nwant %q", got, want)
	}
	if s.Balance != 600+30+600-60-90 || s.Rows[len(s.Rows)-1].Balance != s.Balance {
		t.Errorf("balance %d (last row %d), want 1080", s.Balance, s.Rows[len(s.Rows)-1].Balance)
	}
	// Before the contract there is nothing; it is not an error.
	if s, err := StatementOf(k, nil, day(t, "2024-12-31")); err != nil || len(s.Rows) != 0 || len(s.Months) != 0 || s.Balance != 0 {
		t.Errorf("StatementOf(before the contract) = %+v, %v; want empty", s, err)
	}
}

func TestStatementRefuses(t *testing.T) {
	k := kontingent(t, "P-1", "2025-01-01", "2025-06-30", directory.PrepaidHours{})
	tests := []struct {
		name string
		m    Movement
		want string
	}{
		{"other contract", Movement{Kind: Adjustment, Contract: "P-2", Date: day(t, "2025-02-01"), Minutes: 5, Reason: "x"}, `belongs to contract "P-2"`},
		{"stored credit", Movement{Kind: Credit, Contract: "P-1", Date: day(t, "2025-02-01"), Minutes: 600}, "credits are derived"},
		{"positive deduction", deduct(t, "E1", "2025-02-01", "2025-01-10", -60), "must be negative"},
		{"deduction without report", Movement{Kind: Deduction, Contract: "P-1", Date: day(t, "2025-02-01"), Minutes: -60, Entry: "E1", Ticket: "T1", WorkDate: day(t, "2025-01-10")},
			"report, ticket and entry are required"},
		{"work outside the contract", deduct(t, "E1", "2025-07-01", "2025-07-01", 60), "outside the contract's validity"},
		{"work after the deduction", deduct(t, "E1", "2025-02-01", "2025-02-02", 60), "after the deduction"},
		{"adjustment without reason", Movement{Kind: Adjustment, Contract: "P-1", Date: day(t, "2025-02-01"), Minutes: 5}, "needs a reason"},
		{"zero adjustment", Movement{Kind: Adjustment, Contract: "P-1", Date: day(t, "2025-02-01"), Reason: "x"}, "0 minutes"},
		{"negative correction", Movement{Kind: Correction, Contract: "P-1", Date: day(t, "2025-02-01"), Minutes: -5, Invoice: "RE-1"}, "must be positive"},
		{"correction without invoice", Movement{Kind: Correction, Contract: "P-1", Date: day(t, "2025-02-01"), Minutes: 5}, "names its invoice"},
		{"before the contract", adjust(t, "2024-12-31", 5), "before the contract's valid_from"},
		{"undated", Movement{Kind: Adjustment, Contract: "P-1", Minutes: 5, Reason: "x"}, "date missing"},
		{"unknown kind", Movement{Kind: "bonus", Contract: "P-1", Date: day(t, "2025-02-01"), Minutes: 5}, `unknown kind "bonus"`},
	}
	for _, tt := range tests {
		// Movements after the day asked for are checked too: a broken store shows at once.
		s, err := StatementOf(k, []Movement{tt.m}, day(t, "2025-01-15"))
		if !errors.Is(err, ErrInvalidMovement) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: StatementOf() = %+v, %v; want ErrInvalidMovement containing %q", tt.name, s, err, tt.want)
		}
	}
	if _, err := StatementOf(k, nil, directory.Date{}); err == nil {
		t.Error("StatementOf(no day) = nil error, want one")
	}
	big := adjust(t, "2025-01-02", 1<<62)
	if _, err := StatementOf(k, []Movement{big, big}, day(t, "2025-01-31")); !errors.Is(err, ErrOverflow) {
		t.Errorf("StatementOf(balance past int64) = %v, want ErrOverflow", err)
	}
	// The balance stays small, but the month's sum of adjustments does not fit.
	swing := []Movement{big, deduct(t, "E1", "2025-01-03", "2025-01-02", 1<<62),
		adjust(t, "2025-01-04", 1<<62), deduct(t, "E2", "2025-01-05", "2025-01-02", 1<<62)}
	if _, err := StatementOf(k, swing, day(t, "2025-01-31")); !errors.Is(err, ErrOverflow) || !strings.Contains(err.Error(), "month 2025-01") {
		t.Errorf("StatementOf(a month's adjustments past int64) = %v, want ErrOverflow naming the month", err)
	}
}
