package pdf

import (
	"strings"
	"testing"
	"time"
)

func TestFixturesAddUp(t *testing.T) {
	for name, r := range map[string]*Report{
		"cooperation": cooperationReport(), "kontingent": kontingentReport(),
		"english": englishReport(), "long": longReport(200),
	} {
		if err := r.Check(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestCheck breaks one thing at a time; Check must name it, and Bytes must refuse the report.
func TestCheck(t *testing.T) {
	tests := []struct {
		name   string
		base   func() *Report
		mutate func(r *Report)
		want   string
	}{
		{"language", cooperationReport, func(r *Report) { r.Lang = "fr" }, "lang:"},
		{"id", cooperationReport, func(r *Report) { r.ID = "" }, "id: missing"},
		{"created", cooperationReport, func(r *Report) { r.Created = time.Time{} }, "created: missing"},
		{"period", cooperationReport, func(r *Report) { r.Until = r.From.AddDate(0, 0, -1) }, "period:"},
		{"recipient", cooperationReport, func(r *Report) { r.Recipient.Name = "" }, "recipient.name"},
		{"address lines", cooperationReport, func(r *Report) { r.Recipient.Lines = make([]string, 6) }, "recipient.lines: 6 lines"},
		{"reason", cooperationReport, func(r *Report) { r.Tickets[0].Entries[1].Reason = "" }, "entries[1]: not billable without a reason"},
		{"charged though not billable", cooperationReport, func(r *Report) {
			r.Tickets[0].Entries[1].AmountCents = 100
			r.Totals.LabourCents += 100
			r.Totals.NetCents += 100
		}, "not billable, yet charged"},
		{"billable minutes", cooperationReport, func(r *Report) { r.Totals.BillableMinutes++ }, "totals.billable_minutes: 241, the entries sum to 240"},
		{"non-billable minutes", cooperationReport, func(r *Report) { r.Totals.NonBillableMinutes = 0 }, "totals.non_billable_minutes"},
		{"labour", cooperationReport, func(r *Report) { r.Tickets[1].Entries[0].AmountCents-- }, "totals.labour_cents: 38000, the entries sum to 37999"},
		{"travel", cooperationReport, func(r *Report) { r.Totals.TravelCents = 0 }, "totals.travel_cents"},
		{"net", cooperationReport, func(r *Report) { r.Totals.NetCents = 0 }, "totals.net_cents: 0, labour plus travel is 48150"},
		{"negative minutes", cooperationReport, func(r *Report) { r.Tickets[0].Entries[0].Minutes = -5 }, "minutes out of range"},
		{"huge amount", cooperationReport, func(r *Report) { r.Tickets[0].Entries[0].TravelCents = 1 << 62 }, "amount out of range"},
		{"deduction without Kontingent", cooperationReport, func(r *Report) { r.Tickets[0].Entries[0].DeductedMinutes = 30 }, "kontingent: missing, yet entries deduct 30 minutes"},
		{"deducted more than billed", kontingentReport, func(r *Report) {
			r.Tickets[0].Entries[0].DeductedMinutes = 300
			r.Kontingent.Used += 60
			r.Kontingent.BalanceAfter -= 60
		}, "300 minutes deducted of 240 billed"},
		{"used", kontingentReport, func(r *Report) { r.Kontingent.Used = 800 }, "kontingent.used: 800, the entries deduct 840"},
		{"balance", kontingentReport, func(r *Report) { r.Kontingent.BalanceAfter = 0 }, "kontingent.balance_after: 0, before + credited − expired − used is -120"},
		{"entry after the period", cooperationReport, func(r *Report) { r.Tickets[1].Entries[1].Date = day(12, 31).AddDate(0, 0, 1) }, "entries[1]: date 2027-01-01 outside the period"},
		{"entry without a date", cooperationReport, func(r *Report) { r.Tickets[0].Entries[0].Date = time.Time{} }, "outside the period"},
		{"rate unit", cooperationReport, func(r *Report) { r.Rates[0].Per = 9 }, "unknown unit 9"},
		{"rate label", cooperationReport, func(r *Report) { r.Rates[1].Label = "" }, "rates[1]: label missing"},
		{"increment", cooperationReport, func(r *Report) { r.IncrementMinutes = -15 }, "increment_minutes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.base()
			tt.mutate(r)
			err := r.Check()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Check() = %v, want an error containing %q", err, tt.want)
			}
			if b, err := Bytes(r); err == nil || b != nil {
				t.Errorf("Bytes rendered a report that fails Check")
			}
		})
	}
}

// TestCheckReportsAll: several problems come back together, each named.
func TestCheckReportsAll(t *testing.T) {
	r := cooperationReport()
	r.ID = ""
	r.Totals.NetCents = 1
	r.Tickets[0].Entries[1].Reason = ""
	err := r.Check()
	if err == nil {
		t.Fatal("Check() = nil")
	}
	for _, want := range []string{"id: missing", "totals.net_cents", "not billable without a reason"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Check() = %v, lacks %q", err, want)
		}
	}
}

func TestNilReport(t *testing.T) {
	if _, err := Bytes(nil); err == nil {
		t.Error("Bytes(nil) gave no error")
	}
}
