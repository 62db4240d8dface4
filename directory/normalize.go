package directory

import (
	"slices"
	"strings"
)

// normalize lower-cases addresses and domains and fills defaults, in place.
func (d *Directory) normalize() {
	for i := range d.Customers {
		d.Customers[i].normalize()
	}
	for i := range d.Contacts {
		d.Contacts[i].normalize()
	}
	for i := range d.Contracts {
		d.Contracts[i].normalize()
	}
}

// normalize lower-cases the customer's addresses and domains and fills defaults.
func (c *Customer) normalize() {
	c.Number = strings.TrimSpace(c.Number)
	if c.Billing == "" {
		c.Billing = BillingCentral
	}
	if c.Language == "" {
		c.Language = German
	}
	c.AccountManager.Email = normAddress(c.AccountManager.Email)
	for i := range c.Domains {
		c.Domains[i] = normDomain(c.Domains[i])
	}
	for _, list := range []*[]string{&c.Domains, &c.Notify.NewTicket, &c.Notify.StatusChange, &c.Notify.ServiceReports} {
		if len(*list) == 0 {
			*list = nil // an empty list and a missing one encode alike
		}
	}
	for _, list := range [][]string{c.Notify.NewTicket, c.Notify.StatusChange, c.Notify.ServiceReports} {
		for i := range list {
			list[i] = normAddress(list[i])
		}
	}
	if len(c.Branches) == 0 {
		c.Branches = nil
	}
}

// normalize lower-cases the contact's address and fills defaults.
func (c *Contact) normalize() {
	c.ID = strings.TrimSpace(c.ID)
	c.Customer = strings.TrimSpace(c.Customer)
	c.Email = normAddress(c.Email)
	if c.Permission == "" {
		c.Permission = PermReport
	}
}

// normalize trims the contract's keys, drops an empty reaction-time table and fills the
// default billing terms, so that a written contract shows the terms it is billed by.
func (k *Contract) normalize() {
	k.ID = strings.TrimSpace(k.ID)
	k.Customer = strings.TrimSpace(k.Customer)
	if k.Cooperation != nil {
		if len(k.Cooperation.ReactionTimes) == 0 {
			k.Cooperation.ReactionTimes = nil
		}
		k.Cooperation.fillDefaults()
	}
	if k.PrepaidHours != nil {
		k.PrepaidHours.fillDefaults()
	}
}

// sortRecords orders customers by number, contacts and contracts by ID (stable, in place).
func (d *Directory) sortRecords() {
	slices.SortStableFunc(d.Customers, func(a, b Customer) int { return strings.Compare(a.Number, b.Number) })
	slices.SortStableFunc(d.Contacts, func(a, b Contact) int { return strings.Compare(a.ID, b.ID) })
	slices.SortStableFunc(d.Contracts, func(a, b Contract) int { return strings.Compare(a.ID, b.ID) })
}

// Normalize lower-cases addresses and domains, fills defaults and sorts the records, in place:
// what Read does before validating, for directories that arrive by other ways (the control
// socket, the store).
func (d *Directory) Normalize() {
	d.normalize()
	d.sortRecords()
}
