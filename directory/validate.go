package directory

import (
	"fmt"
	"slices"
)

// Validate checks the whole directory and returns Problems listing every problem found, or
// nil. It does not normalise: addresses and domains must already be lower-case and the
// defaulted fields set (Load, Read and the mutations do that before validating).
func (d *Directory) Validate() error {
	var ps Problems
	customers := d.validateCustomers(&ps)
	d.validateContacts(&ps, customers)
	d.validateContracts(&ps, customers)
	return ps.Err()
}

// recordName names a record by its key, or by its index when the key is empty.
func recordName(kind, key, list string, i int) string {
	if key == "" {
		return fmt.Sprintf("%s[%d]", list, i)
	}
	return kind + " " + key
}

// validateCustomers checks every customer and returns the customers by number (first wins).
func (d *Directory) validateCustomers(ps *Problems) map[string]*Customer {
	byNumber := make(map[string]*Customer, len(d.Customers))
	firstIndex := make(map[string]int, len(d.Customers))
	domainOwner := make(map[string]string)
	for i := range d.Customers {
		c := &d.Customers[i]
		col := collector{probs: ps, rec: recordName("customer", c.Number, "customers", i)}
		if msg := checkID(c.Number); msg != "" {
			col.add("number", "%s", msg)
		} else if j, dup := firstIndex[c.Number]; dup {
			col.add("number", "duplicate customer number, also customers[%d]", j)
		} else {
			firstIndex[c.Number] = i
			byNumber[c.Number] = c
		}
		c.validate(col, domainOwner)
	}
	return byNumber
}

// validate checks one customer; domainOwner maps each domain seen so far to its customer.
func (c *Customer) validate(col collector, domainOwner map[string]string) {
	if c.Name == "" {
		col.add("name", "missing")
	}
	checkPostal(col, "address", c.Address)
	switch c.Billing {
	case BillingCentral:
	case BillingBranch:
		if len(c.Branches) == 0 {
			col.add("billing", "billing %q needs at least one branch", c.Billing)
		}
	default:
		col.add("billing", "invalid value %q, want %q or %q", c.Billing, BillingCentral, BillingBranch)
	}
	if c.DATEVAdvisor != "" && (!allDigits(c.DATEVAdvisor) || len(c.DATEVAdvisor) < 4 || len(c.DATEVAdvisor) > 7) {
		col.add("datev_advisor", "invalid DATEV advisor number %q, want 4 to 7 digits", c.DATEVAdvisor)
	}
	if e := c.AccountManager.Email; e != "" {
		if msg := checkAddress(e); msg != "" {
			col.add("account_manager.email", "%s", msg)
		}
	}
	if c.Language != German && c.Language != English {
		col.add("language", "invalid value %q, want %q or %q", c.Language, German, English)
	}
	c.validateDomains(col, domainOwner)
	checkAddressList(col, "notify.new_ticket", c.Notify.NewTicket)
	checkAddressList(col, "notify.status_change", c.Notify.StatusChange)
	checkAddressList(col, "notify.service_reports", c.Notify.ServiceReports)
	c.validateBranches(col)
}

func (c *Customer) validateDomains(col collector, domainOwner map[string]string) {
	for i, dom := range c.Domains {
		field := fmt.Sprintf("domains[%d]", i)
		if msg := checkDomain(dom); msg != "" {
			col.add(field, "%s", msg)
			continue
		}
		if slices.Index(c.Domains, dom) < i {
			col.add(field, "domain %q listed twice", dom)
			continue
		}
		if owner, taken := domainOwner[dom]; taken {
			col.add(field, "domain %q already belongs to customer %s", dom, owner)
			continue
		}
		domainOwner[dom] = c.Number
	}
}

func (c *Customer) validateBranches(col collector) {
	for i, b := range c.Branches {
		field := fmt.Sprintf("branches[%d]", i)
		if msg := checkID(b.ID); msg != "" {
			col.add(field+".id", "%s", msg)
		} else if j := slices.IndexFunc(c.Branches, func(o Branch) bool { return o.ID == b.ID }); j < i {
			col.add(field+".id", "duplicate branch id %q, also branches[%d]", b.ID, j)
		}
		if b.Name == "" {
			col.add(field+".name", "missing")
		}
		checkPostal(col, field+".address", b.Address)
	}
}

// branch returns the customer's branch with id, or nil.
func (c *Customer) branch(id string) *Branch {
	for i := range c.Branches {
		if c.Branches[i].ID == id {
			return &c.Branches[i]
		}
	}
	return nil
}

// checkPostal checks the country code and, for Germany, the five-digit postcode.
func checkPostal(col collector, field string, a Address) {
	if a.Country != "" && (len(a.Country) != 2 || a.Country[0] < 'A' || a.Country[0] > 'Z' || a.Country[1] < 'A' || a.Country[1] > 'Z') {
		col.add(field+".country", "invalid country %q, want an ISO 3166 code such as \"DE\"", a.Country)
	}
	if (a.Country == "" || a.Country == "DE") && a.Zip != "" && (len(a.Zip) != 5 || !allDigits(a.Zip)) {
		col.add(field+".zip", "invalid German postcode %q, want 5 digits", a.Zip)
	}
}

// checkAddressList checks every address of a notification list.
func checkAddressList(col collector, field string, addrs []string) {
	for i, a := range addrs {
		f := fmt.Sprintf("%s[%d]", field, i)
		if msg := checkAddress(a); msg != "" {
			col.add(f, "%s", msg)
		} else if slices.Index(addrs, a) < i {
			col.add(f, "address %q listed twice", a)
		}
	}
}

// validateContacts checks every contact against the customers.
func (d *Directory) validateContacts(ps *Problems, customers map[string]*Customer) {
	firstID := make(map[string]string, len(d.Contacts))
	firstEmail := make(map[string]string, len(d.Contacts))
	for i := range d.Contacts {
		c := &d.Contacts[i]
		col := collector{probs: ps, rec: recordName("contact", c.ID, "contacts", i)}
		if msg := checkID(c.ID); msg != "" {
			col.add("id", "%s", msg)
		} else if prev, dup := firstID[c.ID]; dup {
			col.add("id", "duplicate contact id, also %s", prev)
		} else {
			firstID[c.ID] = fmt.Sprintf("contacts[%d]", i)
		}
		cust := checkCustomerRef(col, c.Customer, customers)
		if c.Name == "" {
			col.add("name", "missing")
		}
		if msg := checkAddress(c.Email); msg != "" {
			col.add("email", "%s", msg)
		} else if prev, dup := firstEmail[c.Email]; dup {
			col.add("email", "address %q already used by %s", c.Email, prev)
		} else {
			firstEmail[c.Email] = recordName("contact", c.ID, "contacts", i)
		}
		if c.Branch != "" && cust != nil && cust.branch(c.Branch) == nil {
			col.add("branch", "unknown branch %q of customer %s", c.Branch, cust.Number)
		}
		if c.Permission != PermReport && c.Permission != PermExtended {
			col.add("permission", "invalid value %q, want %q or %q", c.Permission, PermReport, PermExtended)
		}
	}
}

// checkCustomerRef checks a record's customer number and returns the customer, or nil.
func checkCustomerRef(col collector, number string, customers map[string]*Customer) *Customer {
	if number == "" {
		col.add("customer", "missing")
		return nil
	}
	c := customers[number]
	if c == nil {
		col.add("customer", "unknown customer %q", number)
	}
	return c
}
