package directory

import (
	"bytes"
	"path/filepath"
	"testing"
)

// examplePath is the annotated example directory shipped with the project.
var examplePath = filepath.Join("..", "examples", "directory.toml")

// date parses a test date or fails the test.
func date(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatalf("ParseDate(%q): %v", s, err)
	}
	return d
}

// validDir returns a small valid directory: two customers (one with branches), three
// contacts, and contracts of several kinds.
func validDir(t *testing.T) *Directory {
	t.Helper()
	d := &Directory{
		Customers: []Customer{
			{
				Number: "K-1", Name: "Berger Steuerberatung", Billing: BillingBranch, Language: German,
				DATEVAdvisor: "12345", Domains: []string{"berger.demo"},
				Branches: []Branch{{ID: "HAN", Name: "Hannover"}, {ID: "CE", Name: "Celle"}},
				Notify:   Notify{NewTicket: []string{"it@berger.demo"}, ServiceReports: []string{"rechnung@berger.demo"}},
			},
			{Number: "K-2", Name: "Hoffmann GmbH", Billing: BillingCentral, Language: English, Domains: []string{"hoffmann.test"}},
		},
		Contacts: []Contact{
			{ID: "C-1", Customer: "K-1", Name: "Berger", Email: "c.berger@berger.demo", Branch: "HAN", Permission: PermExtended, Active: true},
			{ID: "C-2", Customer: "K-1", Name: "Krüger", Email: "s.krueger@berger.demo", Permission: PermReport, Active: false},
			{ID: "C-3", Customer: "K-2", Name: "Wagner", Email: "s.wagner@hoffmann.test", Permission: PermReport, Active: true},
		},
		Contracts: []Contract{
			{ID: "V-1", Customer: "K-1", Kind: KindCooperation, ValidFrom: date(t, "2024-01-01"), ValidUntil: date(t, "2024-12-31"),
				Cooperation: &Cooperation{HourlyRate: 9500, ReactionTimes: map[string]Duration{PriorityUrgent: Duration(7200e9)}}},
			{ID: "V-2", Customer: "K-1", Kind: KindCooperation, ValidFrom: date(t, "2025-01-01"),
				Cooperation: &Cooperation{HourlyRate: 9800}},
			{ID: "V-3", Customer: "K-2", Kind: KindPrepaidHours, ValidFrom: date(t, "2025-01-01"),
				PrepaidHours: &PrepaidHours{HoursPerMonth: 600, Start: date(t, "2025-01-01")}},
			{ID: "V-4", Customer: "K-2", Kind: KindNeedsAnalysis, ValidFrom: date(t, "2025-01-01"),
				NeedsAnalysis: &NeedsAnalysis{Checks: []Check{{Name: "Backup", Interval: Weekly}}}},
			{ID: "V-5", Customer: "K-2", Kind: KindRental, ValidFrom: date(t, "2025-01-01"), Rental: &Rental{Description: "Drucker"}},
		},
	}
	if err := d.Validate(); err != nil {
		t.Fatalf("validDir: Validate() = %v, want nil", err)
	}
	return d
}

// writeString writes d in format or fails the test.
func writeString(t *testing.T, d *Directory, format string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := d.Write(&buf, format); err != nil {
		t.Fatalf("Write(%s): %v", format, err)
	}
	return buf.String()
}
