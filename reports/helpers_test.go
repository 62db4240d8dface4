package reports

import (
	"path/filepath"
	"testing"
	"time"

	"helpdesk/config"
	"helpdesk/directory"
	"helpdesk/staff"
	"helpdesk/ticketstore"
)

var cet = mustLoc("Europe/Berlin")

func mustLoc(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return l
}

func date(s string) directory.Date {
	d, err := directory.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// at is 10:00 of day s in Berlin.
func at(s string) time.Time { return date(s).Time(cet).Add(10 * time.Hour) }

var settings = Settings{Language: "de", Location: cet, CorrectionAfterMonths: 3}

func sender() config.BillingSender {
	return config.BillingSender{
		Name: "Nordlicht Systemhaus GmbH", Address: []string{"Hafenstraße 12", "20457 Hamburg"},
		Phone: "+49 40 123456-0", Email: "service@nordlicht-it.example", Web: "www.nordlicht-it.example",
		Register: "Amtsgericht Hamburg, HRB 987654", Management: "Jörg Weiß, Anna Krüger",
		VATID: "DE123456789", Bank: "Hamburger Sparkasse · IBAN DE12 2005 0550 1234 5678 90 · BIC HASPDEHHXXX",
	}
}

// testDirectory: K-1001 under a cooperation agreement, billed per branch; K-1002 with a
// Kontingent of 10 h a month, overdraw to −2 h, beyond it billed; K-1003 rental only.
func testDirectory() *directory.Directory {
	return &directory.Directory{
		Customers: []directory.Customer{
			{Number: "K-1001", Name: "Müller & Söhne Bau GmbH", Billing: directory.BillingBranch, DATEVAdvisor: "12345",
				Language: directory.German, Domains: []string{"mueller-bau.example"},
				Address: directory.Address{Street: "Hauptstraße 1", Zip: "21337", City: "Lüneburg"},
				Notify:  directory.Notify{ServiceReports: []string{"rechnung@mueller-bau.example"}},
				Branches: []directory.Branch{{ID: "lg-sande", Name: "Niederlassung Am Sande",
					Address: directory.Address{Street: "Am Sande 5", Zip: "21335", City: "Lüneburg"}}}},
			{Number: "K-1002", Name: "Praxis Dr. med. Jürgen Groß", Billing: directory.BillingCentral, Language: directory.German,
				Domains: []string{"praxis-gross.example"}, Address: directory.Address{Street: "Lindenallee 3", Zip: "22041", City: "Hamburg"},
				Notify: directory.Notify{ServiceReports: []string{"buchhaltung@praxis-gross.example"}}},
			{Number: "K-1003", Name: "Rechenzentrum Kunde AG", Billing: directory.BillingCentral, Language: directory.English},
		},
		Contacts: []directory.Contact{
			{ID: "C-0001", Customer: "K-1001", Name: "Özdemir", FirstName: "Ayşe", Email: "a.oezdemir@mueller-bau.example", Branch: "lg-sande",
				Permission: directory.PermExtended, Active: true},
			{ID: "C-0002", Customer: "K-1001", Name: "Müller", FirstName: "Hans", Email: "h.mueller@mueller-bau.example",
				Permission: directory.PermExtended, Active: true},
			{ID: "C-0003", Customer: "K-1002", Name: "Groß", FirstName: "Jürgen", Email: "j.gross@praxis-gross.example",
				Permission: directory.PermExtended, Active: true},
		},
		Contracts: []directory.Contract{
			{ID: "V-0001", Customer: "K-1001", Kind: directory.KindCooperation, ValidFrom: date("2025-03-01"),
				Cooperation: &directory.Cooperation{HourlyRate: 9500, DailyRate: 68000, TravelPerTrip: 3500, TravelPerKm: 45,
					BillingIncrement: directory.Duration(15 * time.Minute)}},
			{ID: "V-0002", Customer: "K-1002", Kind: directory.KindPrepaidHours, ValidFrom: date("2026-09-01"),
				PrepaidHours: &directory.PrepaidHours{HoursPerMonth: 600, Start: date("2026-09-01"), OverdrawAllowed: true,
					OverdrawLimit: 120, BeyondLimit: directory.BeyondBill, ExcessRate: 9500, TravelPerTrip: 3000, WarnBelow: 60}},
			{ID: "V-0003", Customer: "K-1003", Kind: directory.KindRental, ValidFrom: date("2026-01-01"),
				Rental: &directory.Rental{Description: "Server und Arbeitsplätze"}},
		},
	}
}

// world is a store with the test directory, two technicians and nothing else.
type world struct {
	t     *testing.T
	store *ticketstore.Store
	dir   *directory.Directory
}

func newWorld(t *testing.T) *world {
	t.Helper()
	s, err := ticketstore.Open(filepath.Join(t.TempDir(), "helpdesk.db"), &ticketstore.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	w := &world{t: t, store: s, dir: testDirectory()}
	w.update(func(tx *ticketstore.Tx) error {
		if err := tx.PutDirectory(w.dir); err != nil {
			return err
		}
		for _, tech := range []staff.Technician{
			{ID: "j.weiss", Name: "Jörg Weiß", Emails: []string{"j.weiss@nordlicht-it.example"}, Role: staff.RoleTechnician, Active: true},
			{ID: "a.krueger", Name: "Anna Krüger", Emails: []string{"a.krueger@nordlicht-it.example"}, Role: staff.RoleTechnician, Active: true},
		} {
			if err := tx.PutTechnician(&tech); err != nil {
				return err
			}
		}
		return nil
	})
	return w
}

func (w *world) update(fn func(tx *ticketstore.Tx) error) {
	w.t.Helper()
	if err := w.store.Update(fn); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) view(fn func(tx *ticketstore.Tx) error) {
	w.t.Helper()
	if err := w.store.View(fn); err != nil {
		w.t.Fatal(err)
	}
}

// ticket opens a ticket of contact on day.
func (w *world) ticket(contact, subject, day string) string {
	w.t.Helper()
	k := w.dir.Contact(contact)
	tk := &ticketstore.Ticket{Subject: subject, Requester: k.Email, Customer: k.Customer, Contact: k.ID, Created: at(day)}
	w.update(func(tx *ticketstore.Tx) error { return tx.CreateTicket(tk, ticketstore.NumberYear) })
	return tk.Number
}

// entry records time and approves it; reason "" is billable.
func (w *world) entry(ticket, tech, day string, minutes int, activity, reason string, trips, km int) uint64 {
	w.t.Helper()
	var id uint64
	w.update(func(tx *ticketstore.Tx) error {
		tk, err := tx.Ticket(ticket)
		if err != nil {
			return err
		}
		e := &ticketstore.TimeEntry{Ticket: ticket, Customer: tk.Customer, Technician: tech, Date: date(day), Minutes: minutes,
			Billable: reason == "", Reason: reason, Activity: activity, TravelTrips: trips, TravelKm: km, Source: "cli"}
		if err := tx.AddTimeEntry(e); err != nil {
			return err
		}
		id = e.ID
		_, err = tx.ChangeTimeEntry(id, "back office", ticketstore.TimeApprove, "", func(e *ticketstore.TimeEntry) error {
			e.State = ticketstore.TimeApproved
			return nil
		})
		return err
	})
	return id
}

// create runs Create for customer on day.
func (w *world) create(customer, day string) []Created {
	w.t.Helper()
	var out []Created
	w.update(func(tx *ticketstore.Tx) error {
		var err error
		out, err = Create(tx, w.dir, settings, Request{Customer: customer, Now: at(day)})
		return err
	})
	return out
}
