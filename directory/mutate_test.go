package directory

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestMutationsSucceed(t *testing.T) {
	d := validDir(t)
	if err := d.AddCustomer(Customer{Number: "K-0", Name: "Apotheke am Markt", Domains: []string{"Apotheke.TEST"}}); err != nil {
		t.Fatalf("AddCustomer: %v", err)
	}
	c := d.Customer("K-0")
	if c == nil || c.Billing != BillingCentral || c.Language != German || c.Domains[0] != "apotheke.test" {
		t.Fatalf("Customer(K-0) = %+v, want defaults filled and domain lower-cased", c)
	}
	if d.Customers[0].Number != "K-0" {
		t.Errorf("Customers[0] = %s, want K-0 (kept sorted)", d.Customers[0].Number)
	}
	c.Language = English
	if err := d.UpdateCustomer(*c); err != nil {
		t.Fatalf("UpdateCustomer: %v", err)
	}
	if got := d.Customer("K-0").Language; got != English {
		t.Errorf("after UpdateCustomer language = %q, want en", got)
	}
	if err := d.AddContact(Contact{ID: "C-4", Customer: "K-0", Name: "Ahrens", Email: "Info@Apotheke.test", Active: true}); err != nil {
		t.Fatalf("AddContact: %v", err)
	}
	ct := d.Contact("C-4")
	if ct.Email != "info@apotheke.test" || ct.Permission != PermReport {
		t.Errorf("Contact(C-4) = %+v, want lower-cased email and permission report", ct)
	}
	ct.Permission = PermExtended
	if err := d.UpdateContact(*ct); err != nil {
		t.Fatalf("UpdateContact: %v", err)
	}
	if got := d.Contact("C-4").Permission; got != PermExtended {
		t.Errorf("after UpdateContact permission = %q, want extended", got)
	}
	k := Contract{ID: "V-6", Customer: "K-0", Kind: KindDatacenter, ValidFrom: date(t, "2026-01-01"), Datacenter: &Datacenter{}}
	if err := d.AddContract(k); err != nil {
		t.Fatalf("AddContract: %v", err)
	}
	if err := d.EndContract("V-6", time.Date(2026, 12, 31, 15, 0, 0, 0, time.UTC)); err != nil {
		t.Fatalf("EndContract: %v", err)
	}
	if got := d.Contract("V-6").ValidUntil; got != date(t, "2026-12-31") {
		t.Errorf("after EndContract valid_until = %s, want 2026-12-31", got)
	}
	if err := d.Validate(); err != nil {
		t.Errorf("Validate() after mutations = %v", err)
	}
}

// TestMutationsLeaveDirectoryUnchanged checks that a failing mutation changes nothing.
func TestMutationsLeaveDirectoryUnchanged(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(t *testing.T, d *Directory) error
		isErr  error  // sentinel, or nil
		want   string // substring of the error
	}{
		{"add existing customer", func(t *testing.T, d *Directory) error {
			return d.AddCustomer(Customer{Number: "K-1", Name: "Doppelt"})
		}, ErrExists, "add customer K-1: already exists"},
		{"add customer with taken domain", func(t *testing.T, d *Directory) error {
			return d.AddCustomer(Customer{Number: "K-3", Name: "X", Domains: []string{"Berger.demo"}})
		}, nil, `domain "berger.demo" already belongs to customer K-1`},
		{"update missing customer", func(t *testing.T, d *Directory) error {
			return d.UpdateCustomer(Customer{Number: "K-9", Name: "X"})
		}, ErrNotFound, "update customer K-9: not found"},
		{"update customer dropping a used branch", func(t *testing.T, d *Directory) error {
			c := *d.Customer("K-1")
			c.Branches = c.Branches[1:]
			return d.UpdateCustomer(c)
		}, nil, `unknown branch "HAN"`},
		{"add contact with taken email", func(t *testing.T, d *Directory) error {
			return d.AddContact(Contact{ID: "C-9", Customer: "K-2", Name: "X", Email: "C.Berger@berger.demo"})
		}, nil, "already used by contact C-1"},
		{"add existing contact", func(t *testing.T, d *Directory) error {
			return d.AddContact(Contact{ID: "C-1", Customer: "K-2", Name: "X", Email: "new@hoffmann.test"})
		}, ErrExists, "already exists"},
		{"update contact to unknown customer", func(t *testing.T, d *Directory) error {
			c := *d.Contact("C-3")
			c.Customer = "K-9"
			return d.UpdateContact(c)
		}, nil, `unknown customer "K-9"`},
		{"update missing contact", func(t *testing.T, d *Directory) error {
			return d.UpdateContact(Contact{ID: "C-9"})
		}, ErrNotFound, "not found"},
		{"add overlapping contract", func(t *testing.T, d *Directory) error {
			return d.AddContract(Contract{ID: "V-9", Customer: "K-1", Kind: KindCooperation, ValidFrom: date(t, "2026-01-01"), Cooperation: &Cooperation{}})
		}, nil, "overlapping contracts"},
		{"add existing contract", func(t *testing.T, d *Directory) error {
			return d.AddContract(Contract{ID: "V-1", Customer: "K-1", Kind: KindRental, ValidFrom: date(t, "2026-01-01"), Rental: &Rental{}})
		}, ErrExists, "already exists"},
		{"end contract before its start", func(t *testing.T, d *Directory) error {
			return d.EndContract("V-2", time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC))
		}, nil, "before valid_from"},
		{"end contract so it overlaps", func(t *testing.T, d *Directory) error {
			return d.EndContract("V-1", time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC))
		}, nil, "overlapping contracts"},
		{"end missing contract", func(t *testing.T, d *Directory) error {
			return d.EndContract("V-9", time.Now())
		}, ErrNotFound, "not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := validDir(t)
			before := d.clone()
			beforeTOML := writeString(t, d, FormatTOML)
			err := tt.mutate(t, d)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("mutation error = %v, want one containing %q", err, tt.want)
			}
			if tt.isErr != nil && !errors.Is(err, tt.isErr) {
				t.Errorf("errors.Is(%v, %v) = false", err, tt.isErr)
			}
			if tt.isErr == nil {
				var ps Problems
				if !errors.As(err, &ps) {
					t.Errorf("error %v is not Problems", err)
				}
			}
			if !reflect.DeepEqual(d, before) || writeString(t, d, FormatTOML) != beforeTOML {
				t.Errorf("directory changed by a failed mutation")
			}
		})
	}
}

func TestMutationsDoNotAliasInput(t *testing.T) {
	d := validDir(t)
	c := Customer{Number: "K-3", Name: "X", Domains: []string{"x.demo"}}
	if err := d.AddCustomer(c); err != nil {
		t.Fatalf("AddCustomer: %v", err)
	}
	c.Domains[0] = "berger.demo" // the caller's slice, changed afterwards
	if got := d.Customer("K-3").Domains[0]; got != "x.demo" {
		t.Errorf("directory domain = %q after the caller changed its slice, want x.demo", got)
	}
	got := d.Customer("K-3")
	got.Domains[0] = "y.demo"
	if d.Customer("K-3").Domains[0] != "x.demo" {
		t.Errorf("Customer() returned a slice shared with the directory")
	}
}
