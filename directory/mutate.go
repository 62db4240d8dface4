package directory

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Errors of the mutations, for errors.Is; validation failures are Problems (errors.As).
var (
	ErrExists   = errors.New("already exists")
	ErrNotFound = errors.New("not found")
)

// apply runs change on a deep copy of d, normalises, sorts and validates the copy, and
// only then replaces d's contents. On any error d is unchanged.
func (d *Directory) apply(what string, change func(n *Directory) error) error {
	n := d.clone()
	if err := change(n); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	n.normalize()
	n.sortRecords()
	if err := n.Validate(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	*d = *n
	return nil
}

// AddCustomer adds a new customer (ErrExists if the number is taken).
func (d *Directory) AddCustomer(c Customer) error {
	number := strings.TrimSpace(c.Number)
	return d.apply("add customer "+number, func(n *Directory) error {
		if n.customerIndex(number) >= 0 {
			return ErrExists
		}
		n.Customers = append(n.Customers, c.clone())
		return nil
	})
}

// UpdateCustomer replaces the customer with c.Number (ErrNotFound if there is none).
func (d *Directory) UpdateCustomer(c Customer) error {
	number := strings.TrimSpace(c.Number)
	return d.apply("update customer "+number, func(n *Directory) error {
		i := n.customerIndex(number)
		if i < 0 {
			return ErrNotFound
		}
		n.Customers[i] = c.clone()
		return nil
	})
}

// AddContact adds a new contact (ErrExists if the ID is taken).
func (d *Directory) AddContact(c Contact) error {
	id := strings.TrimSpace(c.ID)
	return d.apply("add contact "+id, func(n *Directory) error {
		if n.contactIndex(id) >= 0 {
			return ErrExists
		}
		n.Contacts = append(n.Contacts, c)
		return nil
	})
}

// UpdateContact replaces the contact with c.ID (ErrNotFound if there is none).
func (d *Directory) UpdateContact(c Contact) error {
	id := strings.TrimSpace(c.ID)
	return d.apply("update contact "+id, func(n *Directory) error {
		i := n.contactIndex(id)
		if i < 0 {
			return ErrNotFound
		}
		n.Contacts[i] = c
		return nil
	})
}

// AddContract adds a new contract (ErrExists if the ID is taken).
func (d *Directory) AddContract(k Contract) error {
	id := strings.TrimSpace(k.ID)
	return d.apply("add contract "+id, func(n *Directory) error {
		if n.contractIndex(id) >= 0 {
			return ErrExists
		}
		n.Contracts = append(n.Contracts, k.clone())
		return nil
	})
}

// UpdateContract replaces the contract with k.ID (ErrNotFound if there is none).
func (d *Directory) UpdateContract(k Contract) error {
	id := strings.TrimSpace(k.ID)
	return d.apply("update contract "+id, func(n *Directory) error {
		i := n.contractIndex(id)
		if i < 0 {
			return ErrNotFound
		}
		n.Contracts[i] = k.clone()
		return nil
	})
}

// NextContactID is the next free contact ID of the form C-NNNN.
func (d *Directory) NextContactID() string {
	ids := make([]string, len(d.Contacts))
	for i, c := range d.Contacts {
		ids[i] = c.ID
	}
	return nextID("C-", ids)
}

// NextContractID is the next free contract ID of the form V-NNNN.
func (d *Directory) NextContractID() string {
	ids := make([]string, len(d.Contracts))
	for i, k := range d.Contracts {
		ids[i] = k.ID
	}
	return nextID("V-", ids)
}

// nextID returns prefix and one more than the highest number among the IDs of that form,
// four digits at least: C-0008 after C-0007.
func nextID(prefix string, ids []string) string {
	highest := 0
	for _, id := range ids {
		digits, ok := strings.CutPrefix(id, prefix)
		if !ok || digits == "" || strings.Trim(digits, "0123456789") != "" {
			continue
		}
		if n, err := strconv.Atoi(digits); err == nil && n > highest {
			highest = n
		}
	}
	return fmt.Sprintf("%s%04d", prefix, highest+1)
}

// EndContract sets the last valid day of the contract to the calendar day of until (in
// until's location). It may shorten or extend an end already set, never to before valid_from.
func (d *Directory) EndContract(id string, until time.Time) error {
	return d.apply("end contract "+id, func(n *Directory) error {
		i := n.contractIndex(id)
		if i < 0 {
			return ErrNotFound
		}
		n.Contracts[i].ValidUntil = DateOf(until)
		return nil
	})
}

func (d *Directory) customerIndex(number string) int {
	for i := range d.Customers {
		if d.Customers[i].Number == number {
			return i
		}
	}
	return -1
}

func (d *Directory) contactIndex(id string) int {
	for i := range d.Contacts {
		if d.Contacts[i].ID == id {
			return i
		}
	}
	return -1
}

func (d *Directory) contractIndex(id string) int {
	for i := range d.Contracts {
		if d.Contracts[i].ID == id {
			return i
		}
	}
	return -1
}
