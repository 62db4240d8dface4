package billing

import (
	"fmt"
	"strings"
	"testing"

	"helpdesk/directory"
)

func TestCredits(t *testing.T) {
	tests := []struct {
		name        string
		from, until string // validity
		start       string // "" = from
		hours       directory.Hours
		prorate     directory.Prorate
		through     string
		want        string // "date:minutes ..."
	}{
		{"whole months", "2025-01-01", "", "", 600, "", "2025-03-15", "2025-01-01:600 2025-02-01:600 2025-03-01:600"},
		{"credited on the first day, not later", "2025-01-01", "", "", 600, "", "2025-02-28", "2025-01-01:600 2025-02-01:600"},
		{"nothing before the start", "2025-01-01", "", "2025-03-01", 600, "", "2025-02-28", ""},
		{"first month in part, none", "2025-01-01", "", "2025-01-15", 600, directory.ProrateNone, "2025-02-01", "2025-01-15:600 2025-02-01:600"},
		{"first month in part, daily", "2025-01-15", "", "", 600, directory.ProrateDaily, "2025-02-01", "2025-01-15:329 2025-02-01:600"},                         // 17/31: 329.03
		{"last month in part, daily", "2025-01-01", "2025-03-10", "", 600, directory.ProrateDaily, "2025-12-31", "2025-01-01:600 2025-02-01:600 2025-03-01:194"}, // 10/31: 193.55
		{"last month in part, none", "2025-01-01", "2025-02-10", "", 600, "", "2025-12-31", "2025-01-01:600 2025-02-01:600"},
		{"one day of a leap February", "2024-02-29", "2024-02-29", "", 600, directory.ProrateDaily, "2024-12-31", "2024-02-29:21"}, // 20.69
		{"half a minute rounds up", "2025-04-16", "", "", 93, directory.ProrateDaily, "2025-04-30", "2025-04-16:47"},               // 15/30 of 93 = 46.5
		{"too small to credit", "2025-04-30", "", "", 1, directory.ProrateDaily, "2025-05-31", "2025-05-01:1"},                     // 1/30 of 1 minute: 0
		{"a whole month in daily is exact", "2025-02-01", "2025-02-28", "", 601, directory.ProrateDaily, "2025-12-31", "2025-02-01:601"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := directory.PrepaidHours{HoursPerMonth: tt.hours, Prorate: tt.prorate}
			if tt.start != "" {
				p.Start = day(t, tt.start)
			}
			k := kontingent(t, "P-1", tt.from, tt.until, p)
			ms, err := Credits(k, day(t, tt.through))
			if err != nil {
				t.Fatalf("Credits() = %v", err)
			}
			var got []string
			for _, m := range ms {
				if m.Kind != Credit || m.Contract != "P-1" || !strings.HasPrefix(m.Reason, "monthly credit ") {
					t.Errorf("credit %+v: want kind credit, contract P-1, a reason naming the month", m)
				}
				got = append(got, fmt.Sprintf("%s:%d", m.Date, m.Minutes))
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("Credits(through %s) = %q, want %q", tt.through, g, tt.want)
			}
		})
	}
}

func TestCreditsRefusesOtherContracts(t *testing.T) {
	c := coop(t, "V-1", "2024-01-01", "", 9500, 0, "")
	if _, err := Credits(c, day(t, "2025-01-01")); err == nil || !strings.Contains(err.Error(), "not prepaid_hours") {
		t.Errorf("Credits(cooperation) = %v, want an error", err)
	}
	k := kontingent(t, "P-1", "2025-01-01", "", directory.PrepaidHours{})
	k.PrepaidHours.HoursPerMonth = -60
	if _, err := Credits(k, day(t, "2025-01-01")); err == nil || !strings.Contains(err.Error(), "hours_per_month") {
		t.Errorf("Credits(negative hours) = %v, want an error naming hours_per_month", err)
	}
}
