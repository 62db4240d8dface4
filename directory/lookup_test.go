package directory

import (
	"slices"
	"testing"
	"time"
)

func TestMatch(t *testing.T) {
	d := validDir(t)
	tests := []struct {
		addr     string
		customer string // "" = unknown
		contact  string
		by       string
		active   bool
	}{
		{"c.berger@berger.demo", "K-1", "C-1", ByAddress, true},
		{"C.Berger@BERGER.DEMO", "K-1", "C-1", ByAddress, true},
		{"Claudia Berger <c.berger@berger.demo>", "K-1", "C-1", ByAddress, true},
		{"<s.wagner@hoffmann.test>", "K-2", "C-3", ByAddress, true},
		{"  s.wagner@hoffmann.test ", "K-2", "C-3", ByAddress, true},
		{"s.krueger@berger.demo", "K-1", "C-2", ByAddress, false}, // inactive: still identified
		{"neu@berger.demo", "K-1", "", ByDomain, false},
		{"Neu@Hoffmann.TEST", "K-2", "", ByDomain, false},
		{"it@mail.berger.demo", "", "", "", false}, // subdomain: no match
		{"x@berger.demo.evil.test", "", "", "", false},
		{"someone@unknown.test", "", "", "", false},
		{"not an address", "", "", "", false},
		{"", "", "", "", false},
	}
	for _, tt := range tests {
		m := d.Match(tt.addr)
		var gotCustomer, gotContact string
		gotActive := false
		if m.Customer != nil {
			gotCustomer = m.Customer.Number
		}
		if m.Contact != nil {
			gotContact, gotActive = m.Contact.ID, m.Contact.Active
		}
		if gotCustomer != tt.customer || gotContact != tt.contact || m.By != tt.by || gotActive != tt.active {
			t.Errorf("Match(%q) = customer %q contact %q by %q active %v; want %q %q %q %v",
				tt.addr, gotCustomer, gotContact, m.By, gotActive, tt.customer, tt.contact, tt.by, tt.active)
		}
	}
}

// TestMatchContactBeforeDomain: a contact whose address is at another customer's domain
// (an external IT person, say) belongs to its own customer.
func TestMatchContactBeforeDomain(t *testing.T) {
	d := validDir(t)
	d.Contacts[2].Email = "extern@berger.demo" // contact of K-2 at K-1's domain
	if err := d.Validate(); err != nil {
		t.Fatalf("Validate() = %v", err)
	}
	m := d.Match("extern@berger.demo")
	if m.Customer == nil || m.Customer.Number != "K-2" || m.By != ByAddress {
		t.Errorf("Match(extern@berger.demo) = %+v, want customer K-2 by address", m)
	}
}

func TestActiveContracts(t *testing.T) {
	d := validDir(t)
	tests := []struct {
		customer string
		at       time.Time
		want     []string
	}{
		{"K-1", time.Date(2023, 12, 31, 12, 0, 0, 0, time.UTC), nil},
		{"K-1", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), []string{"V-1"}},
		{"K-1", time.Date(2024, 12, 31, 23, 59, 0, 0, time.UTC), []string{"V-1"}}, // last day inclusive
		{"K-1", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), []string{"V-2"}},
		{"K-1", time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC), []string{"V-2"}}, // open-ended
		{"K-2", time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), []string{"V-3", "V-4", "V-5"}},
		{"K-9", time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), nil},
		// 2024-12-31 23:30 UTC is already 2025-01-01 in Berlin: the day of at's location counts.
		{"K-1", time.Date(2024, 12, 31, 23, 30, 0, 0, time.UTC).In(time.FixedZone("CET", 3600)), []string{"V-2"}},
	}
	for _, tt := range tests {
		var got []string
		for _, k := range d.ActiveContracts(tt.customer, tt.at) {
			got = append(got, k.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("ActiveContracts(%q, %v) = %v, want %v", tt.customer, tt.at, got, tt.want)
		}
	}
}

func TestNotifyAddresses(t *testing.T) {
	d := validDir(t)
	c := d.Customer("K-1")
	tests := []struct {
		event string
		want  []string
	}{
		{EventNewTicket, []string{"it@berger.demo"}},
		{EventStatusChange, nil}, // not wanted
		{EventServiceReport, []string{"rechnung@berger.demo"}},
		{"birthday", nil},
	}
	for _, tt := range tests {
		if got := c.NotifyAddresses(tt.event); !slices.Equal(got, tt.want) {
			t.Errorf("NotifyAddresses(%q) = %v, want %v", tt.event, got, tt.want)
		}
	}
	c.NotifyAddresses(EventNewTicket)[0] = "changed@x.demo"
	if got := c.NotifyAddresses(EventNewTicket)[0]; got != "it@berger.demo" {
		t.Errorf("NotifyAddresses returned a shared slice: now %q", got)
	}
}

func TestLookups(t *testing.T) {
	d := validDir(t)
	if d.Customer("K-9") != nil || d.Contact("C-9") != nil || d.Contract("V-9") != nil {
		t.Errorf("lookups of missing records returned non-nil")
	}
	if b := d.Customer("K-1").Branch("CE"); b == nil || b.Name != "Celle" {
		t.Errorf("Branch(CE) = %+v, want Celle", b)
	}
	var ids []string
	for _, c := range d.ContactsOf("K-1") {
		ids = append(ids, c.ID)
	}
	if !slices.Equal(ids, []string{"C-1", "C-2"}) {
		t.Errorf("ContactsOf(K-1) = %v, want [C-1 C-2]", ids)
	}
	k := d.Contract("V-1")
	k.Cooperation.ReactionTimes[PriorityUrgent] = 1
	if d.Contracts[0].Cooperation.ReactionTimes[PriorityUrgent] == 1 {
		t.Errorf("Contract() returned terms shared with the directory")
	}
}
