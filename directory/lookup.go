package directory

import (
	"net/mail"
	"slices"
	"strings"
	"time"
)

// Match is the answer to "who sent this mail?". All fields are empty for an unknown sender.
type Match struct {
	Customer *Customer // nil when unknown
	Contact  *Contact  // set when By is "address"; may be inactive (Contact.Active false)
	By       string    // "address", "domain" or "" (unknown)
}

// How a Match was found.
const (
	ByAddress = "address"
	ByDomain  = "domain"
)

// Match finds the sender of a mail address, case-insensitively: first a contact with exactly
// this address (inactive contacts included, see the package comment), else the customer owning
// exactly the address's domain (no subdomains), else nothing. addr may be a bare address or
// "Name <addr>". The returned records are copies.
func (d *Directory) Match(addr string) Match {
	a := canonicalAddress(addr)
	if a == "" {
		return Match{}
	}
	for i := range d.Contacts {
		if d.Contacts[i].Email == a {
			ct := d.Contacts[i]
			return Match{Customer: d.Customer(ct.Customer), Contact: &ct, By: ByAddress}
		}
	}
	dom := normDomain(domainOf(a))
	if dom == "" {
		return Match{}
	}
	for i := range d.Customers {
		if slices.Contains(d.Customers[i].Domains, dom) {
			c := d.Customers[i].clone()
			return Match{Customer: &c, By: ByDomain}
		}
	}
	return Match{}
}

// canonicalAddress returns the lower-cased bare address of addr, or "" if it has no '@'.
func canonicalAddress(addr string) string {
	addr = strings.TrimSpace(addr)
	if strings.ContainsAny(addr, "<\"") {
		if a, err := mail.ParseAddress(addr); err == nil {
			addr = a.Address
		}
	}
	addr = normAddress(strings.Trim(addr, "<>"))
	if !strings.Contains(addr, "@") {
		return ""
	}
	return addr
}

// Customer returns a copy of the customer with number, or nil.
func (d *Directory) Customer(number string) *Customer {
	for i := range d.Customers {
		if d.Customers[i].Number == number {
			c := d.Customers[i].clone()
			return &c
		}
	}
	return nil
}

// Contact returns a copy of the contact with id, or nil.
func (d *Directory) Contact(id string) *Contact {
	for i := range d.Contacts {
		if d.Contacts[i].ID == id {
			c := d.Contacts[i]
			return &c
		}
	}
	return nil
}

// Contract returns a copy of the contract with id, or nil.
func (d *Directory) Contract(id string) *Contract {
	for i := range d.Contracts {
		if d.Contracts[i].ID == id {
			k := d.Contracts[i].clone()
			return &k
		}
	}
	return nil
}

// ContactsOf returns copies of the customer's contacts, ordered by ID as stored.
func (d *Directory) ContactsOf(customer string) []Contact {
	var out []Contact
	for _, c := range d.Contacts {
		if c.Customer == customer {
			out = append(out, c)
		}
	}
	return out
}

// ActiveContracts returns copies of the customer's contracts valid on the calendar day of at
// (in at's location), both ends of the validity inclusive.
func (d *Directory) ActiveContracts(customer string, at time.Time) []Contract {
	day := DateOf(at)
	var out []Contract
	for _, k := range d.Contracts {
		if k.Customer == customer && k.ActiveOn(day) {
			out = append(out, k.clone())
		}
	}
	return out
}

// ActiveOn reports whether the contract is valid on day.
func (k *Contract) ActiveOn(day Date) bool {
	return !k.ValidFrom.IsZero() && !day.Before(k.ValidFrom) && (k.ValidUntil.IsZero() || !day.After(k.ValidUntil))
}

// NotifyAddresses returns a copy of the addresses told of event (EventNewTicket,
// EventStatusChange or EventServiceReport); nil when nobody wants it or the event is unknown.
func (c *Customer) NotifyAddresses(event string) []string {
	switch event {
	case EventNewTicket:
		return slices.Clone(c.Notify.NewTicket)
	case EventStatusChange:
		return slices.Clone(c.Notify.StatusChange)
	case EventServiceReport:
		return slices.Clone(c.Notify.ServiceReports)
	}
	return nil
}

// Branch returns a copy of the customer's branch with id, or nil.
func (c *Customer) Branch(id string) *Branch {
	if b := c.branch(id); b != nil {
		out := *b
		return &out
	}
	return nil
}
