package directory

import (
	"maps"
	"slices"
)

// clone returns a deep copy of c.
func (c Customer) clone() Customer {
	c.Domains = slices.Clone(c.Domains)
	c.Branches = slices.Clone(c.Branches)
	c.Notify.NewTicket = slices.Clone(c.Notify.NewTicket)
	c.Notify.StatusChange = slices.Clone(c.Notify.StatusChange)
	c.Notify.ServiceReports = slices.Clone(c.Notify.ServiceReports)
	return c
}

// clone returns a deep copy of k.
func (k Contract) clone() Contract {
	if k.Cooperation != nil {
		c := *k.Cooperation
		c.ReactionTimes = maps.Clone(c.ReactionTimes)
		k.Cooperation = &c
	}
	if k.NeedsAnalysis != nil {
		n := NeedsAnalysis{Checks: slices.Clone(k.NeedsAnalysis.Checks)}
		k.NeedsAnalysis = &n
	}
	if k.PrepaidHours != nil {
		p := *k.PrepaidHours
		k.PrepaidHours = &p
	}
	if k.Rental != nil {
		r := *k.Rental
		k.Rental = &r
	}
	if k.Datacenter != nil {
		dc := *k.Datacenter
		k.Datacenter = &dc
	}
	return k
}

// clone returns a deep copy of d.
func (d *Directory) clone() *Directory {
	out := &Directory{
		Customers: make([]Customer, len(d.Customers)),
		Contacts:  slices.Clone(d.Contacts),
		Contracts: make([]Contract, len(d.Contracts)),
	}
	for i, c := range d.Customers {
		out.Customers[i] = c.clone()
	}
	for i, k := range d.Contracts {
		out.Contracts[i] = k.clone()
	}
	return out
}
