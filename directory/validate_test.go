package directory

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateValid(t *testing.T) {
	if err := (&Directory{}).Validate(); err != nil {
		t.Errorf("empty Directory.Validate() = %v, want nil", err)
	}
	validDir(t) // fails inside when invalid
}

func TestValidateProblems(t *testing.T) {
	tests := []struct {
		name    string
		change  func(d *Directory)
		setting string // exact Setting of the expected problem
		msg     string // substring of its Message
	}{
		{"notify address without domain", func(d *Directory) { d.Customers[0].Notify.NewTicket = []string{"it@berger.demo", "x@"} },
			"customer K-1: notify.new_ticket[1]", `invalid address "x@"`},
		{"contact address with name", func(d *Directory) { d.Contacts[0].Email = "Claudia <c@berger.demo>" },
			"contact C-1: email", "invalid address"},
		{"contact address without dot", func(d *Directory) { d.Contacts[0].Email = "c@localhost" },
			"contact C-1: email", "has no dot"},
		{"contact address upper-case", func(d *Directory) { d.Contacts[0].Email = "C@berger.demo" },
			"contact C-1: email", "not lower-case"},
		{"contact address missing", func(d *Directory) { d.Contacts[0].Email = "" },
			"contact C-1: email", "missing address"},
		{"account manager address", func(d *Directory) { d.Customers[0].AccountManager.Email = "jana at systemhaus" },
			"customer K-1: account_manager.email", "invalid address"},
		{"same email twice", func(d *Directory) { d.Contacts[2].Email = "c.berger@berger.demo" },
			"contact C-3: email", `address "c.berger@berger.demo" already used by contact C-1`},
		{"same contact id twice", func(d *Directory) { d.Contacts[2].ID = "C-1" },
			"contact C-1: id", "duplicate contact id, also contacts[0]"},
		{"contact without id", func(d *Directory) { d.Contacts[2].ID = "" },
			"contacts[2]: id", "missing"},
		{"contact id with space", func(d *Directory) { d.Contacts[2].ID = "C 3" },
			"contact C 3: id", "invalid identifier"},
		{"unknown branch", func(d *Directory) { d.Contacts[0].Branch = "BS" },
			"contact C-1: branch", `unknown branch "BS" of customer K-1`},
		{"branch of another customer", func(d *Directory) { d.Contacts[2].Branch = "HAN" },
			"contact C-3: branch", `unknown branch "HAN" of customer K-2`},
		{"contact of unknown customer", func(d *Directory) { d.Contacts[0].Customer = "K-9" },
			"contact C-1: customer", `unknown customer "K-9"`},
		{"contract of unknown customer", func(d *Directory) { d.Contracts[4].Customer = "K-9" },
			"contract V-5: customer", `unknown customer "K-9"`},
		{"bad permission", func(d *Directory) { d.Contacts[0].Permission = "admin" },
			"contact C-1: permission", `invalid value "admin"`},
		{"domain owned twice", func(d *Directory) { d.Customers[1].Domains = append(d.Customers[1].Domains, "berger.demo") },
			"customer K-2: domains[1]", `domain "berger.demo" already belongs to customer K-1`},
		{"domain listed twice", func(d *Directory) { d.Customers[0].Domains = []string{"berger.demo", "berger.demo"} },
			"customer K-1: domains[1]", "listed twice"},
		{"domain upper-case", func(d *Directory) { d.Customers[0].Domains = []string{"Berger.demo"} },
			"customer K-1: domains[0]", "invalid domain"},
		{"duplicate customer number", func(d *Directory) { d.Customers[1].Number = "K-1" },
			"customer K-1: number", "duplicate customer number, also customers[0]"},
		{"customer without name", func(d *Directory) { d.Customers[1].Name = "" },
			"customer K-2: name", "missing"},
		{"DATEV number too short", func(d *Directory) { d.Customers[0].DATEVAdvisor = "123" },
			"customer K-1: datev_advisor", "4 to 7 digits"},
		{"DATEV number too long", func(d *Directory) { d.Customers[0].DATEVAdvisor = "12345678" },
			"customer K-1: datev_advisor", "4 to 7 digits"},
		{"DATEV number with letters", func(d *Directory) { d.Customers[0].DATEVAdvisor = "12a45" },
			"customer K-1: datev_advisor", `invalid DATEV advisor number "12a45"`},
		{"bad billing", func(d *Directory) { d.Customers[0].Billing = "monthly" },
			"customer K-1: billing", `invalid value "monthly"`},
		{"branch billing without branches", func(d *Directory) { d.Customers[1].Billing = BillingBranch },
			"customer K-2: billing", "at least one branch"},
		{"bad language", func(d *Directory) { d.Customers[0].Language = "fr" },
			"customer K-1: language", `invalid value "fr"`},
		{"duplicate branch id", func(d *Directory) { d.Customers[0].Branches[1].ID = "HAN" },
			"customer K-1: branches[1].id", "duplicate branch id"},
		{"bad German postcode", func(d *Directory) { d.Customers[0].Address.Zip = "3016" },
			"customer K-1: address.zip", "5 digits"},
		{"bad country", func(d *Directory) { d.Customers[0].Branches[0].Address.Country = "Deutschland" },
			"customer K-1: branches[0].address.country", "ISO 3166"},
		{"overlapping cooperation", func(d *Directory) { d.Contracts[1].ValidFrom = date(t, "2024-12-31") },
			"contract V-2: valid_from", "overlapping contracts"},
		{"overlapping open-ended prepaid hours", func(d *Directory) {
			k := d.Contracts[2].clone()
			k.ID, k.ValidFrom, k.PrepaidHours.Start = "V-6", date(t, "2030-01-01"), date(t, "2030-01-01")
			d.Contracts = append(d.Contracts, k)
		}, "contract V-6: valid_from", "overlapping contracts: prepaid_hours contract V-6 (2030-01-01..open) overlaps V-3 (2025-01-01..open)"},
		{"duplicate contract id", func(d *Directory) { d.Contracts[4].ID = "V-1" },
			"contract V-1: id", "duplicate contract id, also contracts[0]"},
		{"bad kind", func(d *Directory) { d.Contracts[4].Kind = "leasing" },
			"contract V-5: kind", `invalid kind "leasing"`},
		{"terms of another kind", func(d *Directory) { d.Contracts[4].Datacenter = &Datacenter{} },
			"contract V-5: datacenter", `terms for "datacenter" given, but the contract's kind is "rental"`},
		{"terms missing", func(d *Directory) { d.Contracts[4].Rental = nil },
			"contract V-5: rental", `missing the terms of kind "rental"`},
		{"kind and terms swapped", func(d *Directory) { d.Contracts[4].Kind = KindDatacenter },
			"contract V-5: datacenter", `missing the terms of kind "datacenter"`},
		{"until before from", func(d *Directory) { d.Contracts[0].ValidUntil = date(t, "2023-12-31") },
			"contract V-1: valid_until", "2023-12-31 is before valid_from 2024-01-01"},
		{"from missing", func(d *Directory) { d.Contracts[4].ValidFrom = Date{} },
			"contract V-5: valid_from", "missing"},
		{"unknown priority", func(d *Directory) { d.Contracts[0].Cooperation.ReactionTimes["asap"] = Duration(3600e9) },
			"contract V-1: cooperation.reaction_times.asap", "unknown priority"},
		{"zero reaction time", func(d *Directory) { d.Contracts[0].Cooperation.ReactionTimes[PriorityUrgent] = 0 },
			"contract V-1: cooperation.reaction_times.urgent", "must be positive"},
		{"negative rate", func(d *Directory) { d.Contracts[0].Cooperation.TravelPerKm = -1 },
			"contract V-1: cooperation.travel_per_km", "negative amount -0.01"},
		{"bad interval", func(d *Directory) { d.Contracts[3].NeedsAnalysis.Checks[0].Interval = "biweekly" },
			"contract V-4: needs_analysis.checks[0].interval", `invalid interval "biweekly"`},
		{"duplicate check", func(d *Directory) {
			d.Contracts[3].NeedsAnalysis.Checks = append(d.Contracts[3].NeedsAnalysis.Checks, Check{Name: "Backup", Interval: "14d"})
		}, "contract V-4: needs_analysis.checks[1].name", `duplicate check "Backup"`},
		{"no hours", func(d *Directory) { d.Contracts[2].PrepaidHours.HoursPerMonth = 0 },
			"contract V-3: prepaid_hours.hours_per_month", "must be positive"},
		{"prepaid start before validity", func(d *Directory) { d.Contracts[2].PrepaidHours.Start = date(t, "2024-12-01") },
			"contract V-3: prepaid_hours.start", "before valid_from"},
		{"increment in seconds", func(d *Directory) { d.Contracts[0].Cooperation.BillingIncrement = Duration(90e9) },
			"contract V-1: cooperation.billing_increment", "whole minutes from 1m to 24h, got 1m30s"},
		{"increment negative", func(d *Directory) { d.Contracts[0].Cooperation.BillingIncrement = Duration(-15 * 60e9) },
			"contract V-1: cooperation.billing_increment", "got -15m"},
		{"increment over a day", func(d *Directory) { d.Contracts[2].PrepaidHours.BillingIncrement = Duration(25 * 3600e9) },
			"contract V-3: prepaid_hours.billing_increment", "got 25h"},
		{"bad rounding", func(d *Directory) { d.Contracts[0].Cooperation.Rounding = "day" },
			"contract V-1: cooperation.rounding", `invalid value "day"`},
		{"bad prepaid rounding", func(d *Directory) { d.Contracts[2].PrepaidHours.Rounding = "report" },
			"contract V-3: prepaid_hours.rounding", `invalid value "report"`},
		{"negative overdraw limit", func(d *Directory) {
			d.Contracts[2].PrepaidHours.OverdrawAllowed, d.Contracts[2].PrepaidHours.OverdrawLimit = true, -60
		}, "contract V-3: prepaid_hours.overdraw_limit", "must not be negative, got -1"},
		{"overdraw limit without overdraw", func(d *Directory) { d.Contracts[2].PrepaidHours.OverdrawLimit = 120 },
			"contract V-3: prepaid_hours.overdraw_limit", "set to 2, but overdraw_allowed is false"},
		{"bill without excess rate", func(d *Directory) { d.Contracts[2].PrepaidHours.BeyondLimit = BeyondBill },
			"contract V-3: prepaid_hours.excess_rate", `beyond_limit "bill" needs a positive excess_rate, got 0.00`},
		{"bad beyond limit", func(d *Directory) { d.Contracts[2].PrepaidHours.BeyondLimit = "drop" },
			"contract V-3: prepaid_hours.beyond_limit", `invalid value "drop"`},
		{"negative excess rate", func(d *Directory) { d.Contracts[2].PrepaidHours.ExcessRate = -100 },
			"contract V-3: prepaid_hours.excess_rate", "negative amount -1.00"},
		{"negative prepaid travel", func(d *Directory) { d.Contracts[2].PrepaidHours.TravelPerKm = -1 },
			"contract V-3: prepaid_hours.travel_per_km", "negative amount"},
		{"bad prorate", func(d *Directory) { d.Contracts[2].PrepaidHours.Prorate = "weekly" },
			"contract V-3: prepaid_hours.prorate", `invalid value "weekly"`},
		{"negative correction months", func(d *Directory) { d.Contracts[2].PrepaidHours.CorrectionAfterMonths = -1 },
			"contract V-3: prepaid_hours.correction_after_months", "got -1"},
		{"too many correction months", func(d *Directory) { d.Contracts[2].PrepaidHours.CorrectionAfterMonths = 121 },
			"contract V-3: prepaid_hours.correction_after_months", "got 121"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := validDir(t)
			tt.change(d)
			err := d.Validate()
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("Validate() = %v, want Problems", err)
			}
			for _, p := range ps {
				if p.Setting == tt.setting && strings.Contains(p.Message, tt.msg) {
					return
				}
			}
			t.Errorf("Validate() = %q, want a problem %q containing %q", err, tt.setting, tt.msg)
		})
	}
}

func TestValidateAdjacentContractsDoNotOverlap(t *testing.T) {
	d := validDir(t)
	// V-1 ends 2024-12-31 and V-2 starts 2025-01-01: adjacent, not overlapping.
	if err := d.Validate(); err != nil {
		t.Fatalf("Validate() = %v, want nil", err)
	}
	// Kinds other than cooperation and prepaid_hours may overlap.
	k := d.Contracts[4].clone()
	k.ID = "V-6"
	d.Contracts = append(d.Contracts, k)
	if err := d.Validate(); err != nil {
		t.Errorf("two overlapping rentals: Validate() = %v, want nil", err)
	}
	// The same kind at another customer may overlap too.
	k = d.Contracts[1].clone()
	k.ID, k.Customer = "V-7", "K-2"
	d.Contracts = append(d.Contracts, k)
	if err := d.Validate(); err != nil {
		t.Errorf("cooperations of two customers: Validate() = %v, want nil", err)
	}
}

func TestValidateReportsAllProblems(t *testing.T) {
	d := validDir(t)
	d.Customers[0].DATEVAdvisor = "1"
	d.Contacts[0].Email = "x@"
	d.Contracts[0].Kind = "leasing"
	err := d.Validate()
	var ps Problems
	if !errors.As(err, &ps) || len(ps) < 3 {
		t.Fatalf("Validate() = %v, want at least 3 problems", err)
	}
	for _, want := range []string{"customer K-1: datev_advisor:", `contact C-1: email: invalid address "x@"`, "contract V-1: kind:"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() error %q does not contain %q", err, want)
		}
	}
	if lines := strings.Count(err.Error(), "\n") + 1; lines != len(ps) {
		t.Errorf("Error() has %d lines, want one per problem (%d)", lines, len(ps))
	}
}

func TestCheckAddress(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"a@b.demo", true},
		{"first.last+tag@sub.example.com", true},
		{"x@", false},
		{"@b.demo", false},
		{"a b@c.demo", false},
		{"a@b", false},
		{"a@-b.demo", false},
		{"a@b..demo", false},
		{"a@[127.0.0.1]", false},
		{"a@bücher.demo", false},
		{"<a@b.demo>", false},
	}
	for _, tt := range tests {
		if got := checkAddress(tt.in) == ""; got != tt.ok {
			t.Errorf("checkAddress(%q) ok = %v, want %v (%s)", tt.in, got, tt.ok, checkAddress(tt.in))
		}
	}
}
