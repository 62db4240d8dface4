package billing

import (
	"testing"
	"time"

	"helpdesk/directory"
)

// day parses a test date or fails the test.
func day(t testing.TB, s string) directory.Date {
	t.Helper()
	d, err := directory.ParseDate(s)
	if err != nil {
		t.Fatalf("ParseDate(%q): %v", s, err)
	}
	return d
}

// minutes is a billing increment of n minutes.
func minutes(n int) directory.Duration { return directory.Duration(time.Duration(n) * time.Minute) }

// customer is a customer billed centrally, with two branches for the branch tests.
func customer(billing directory.Billing) directory.Customer {
	return directory.Customer{Number: "K-1", Name: "Berger", Billing: billing, Language: directory.German,
		Branches: []directory.Branch{{ID: "HAN", Name: "Hannover"}, {ID: "CE", Name: "Celle"}}}
}

// coop is a cooperation contract of K-1 at rate per hour with 35.00 per trip, 0.42 per km.
func coop(t testing.TB, id, from, until string, rate directory.Money, inc directory.Duration, r directory.Rounding) directory.Contract {
	t.Helper()
	k := directory.Contract{ID: id, Customer: "K-1", Kind: directory.KindCooperation, ValidFrom: day(t, from),
		Cooperation: &directory.Cooperation{HourlyRate: rate, DailyRate: 72000, TravelPerTrip: 3500, TravelPerKm: 42,
			BillingIncrement: inc, Rounding: r}}
	if until != "" {
		k.ValidUntil = day(t, until)
	}
	return k
}

// kontingent is a prepaid-hours contract of K-1 over 10 hours a month with the given terms.
func kontingent(t testing.TB, id, from, until string, p directory.PrepaidHours) directory.Contract {
	t.Helper()
	if p.HoursPerMonth == 0 {
		p.HoursPerMonth = 600
	}
	if p.Start.IsZero() {
		p.Start = day(t, from)
	}
	k := directory.Contract{ID: id, Customer: "K-1", Kind: directory.KindPrepaidHours, ValidFrom: day(t, from), PrepaidHours: &p}
	if until != "" {
		k.ValidUntil = day(t, until)
	}
	return k
}

// entry is a billable entry of minutes on ticket, on date.
func entry(t testing.TB, id, ticket, date string, min int64) Entry {
	t.Helper()
	return Entry{ID: id, Ticket: ticket, Technician: "m.keller", Date: day(t, date), Minutes: min, Billable: true}
}

// mustPrice prices in or fails the test.
func mustPrice(t *testing.T, in Input) *Report {
	t.Helper()
	r, err := Price(in)
	if err != nil {
		t.Fatalf("Price() = %v", err)
	}
	return r
}

// lineOf returns the line of entry id or fails the test.
func lineOf(t *testing.T, r *Report, id string) Line {
	t.Helper()
	for _, l := range r.Lines {
		if l.Entry.ID == id {
			return l
		}
	}
	t.Fatalf("report has no line of entry %s: %+v", id, r.Lines)
	return Line{}
}
