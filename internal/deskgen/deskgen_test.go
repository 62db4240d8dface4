package deskgen

import (
	"path/filepath"
	"reflect"
	"testing"

	"helpdesk/ticketstore"
)

// A small desk of the ten-year shape holds what Build reports, and a second build of the same
// spec holds the same tickets.
func TestBuild(t *testing.T) {
	spec := TenYears().Scaled(0.002) // 200 tickets, 2,000 raw mails
	var lists [2][]ticketstore.Ticket
	for i := range lists {
		path := filepath.Join(t.TempDir(), "desk.db")
		res, err := Build(path, spec)
		if err != nil {
			t.Fatalf("Build: %v", err)
		}
		if res.Tickets != spec.Tickets || res.Comments < spec.Comments*9/10 || res.Comments > spec.Comments || res.Raw < spec.Raw*99/100 || res.Raw > spec.Raw ||
			res.Outbox < spec.Outbox*9/10 || res.SetAside == 0 || res.OutboxPending == 0 {
			t.Errorf("Build = %+v for %+v", res, spec)
		}
		s, err := ticketstore.Open(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		err = s.View(func(tx *ticketstore.Tx) error {
			if err := tx.Check(); err != nil {
				return err
			}
			c, err := tx.Counts()
			if err != nil {
				return err
			}
			for st, n := range res.ByStatus {
				if c.ByStatus[st] != n {
					t.Errorf("status %s: store %d, Build %d", st, c.ByStatus[st], n)
				}
			}
			if c.Tickets != res.Tickets || c.SetAside != res.SetAside || c.SetAsideOpen != res.SetAside-res.Released {
				t.Errorf("Counts = %+v, Build = %+v", c, res)
			}
			customers := map[string]bool{}
			lists[i], err = tx.Tickets(ticketstore.TicketFilter{})
			for _, tk := range lists[i] {
				customers[tk.Customer] = true
			}
			if len(customers) < spec.Customers/4 {
				t.Errorf("tickets spread over %d customers, want many of %d", len(customers), spec.Customers)
			}
			return err
		})
		s.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(lists[0], lists[1]) {
		t.Error("two builds of one spec differ")
	}
}

func TestEnsureReuses(t *testing.T) {
	dir := t.TempDir()
	spec := TenYears().Scaled(0.0005)
	p1, err := Ensure(dir, spec)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := Ensure(dir, spec)
	if err != nil || p1 != p2 {
		t.Fatalf("Ensure again = %q, %v; want %q", p2, err, p1)
	}
	spec.Seed++
	if p3, err := Ensure(dir, spec); err != nil || p3 == p1 {
		t.Fatalf("Ensure of another spec = %q, %v", p3, err)
	}
}

func TestSpecCheck(t *testing.T) {
	for _, s := range []Spec{{}, {Tickets: 10, Comments: 5, Customers: 1, Techs: 1, Years: 1}, {Tickets: 1, Comments: 1}} {
		if _, err := Build(filepath.Join(t.TempDir(), "x.db"), s); err == nil {
			t.Errorf("Build(%+v) succeeded", s)
		}
	}
}
