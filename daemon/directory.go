package daemon

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"helpdesk/control"
	"helpdesk/directory"
	"helpdesk/ticketstore"
)

// changeDirectory applies change to the stored directory and stores the result only when the
// whole directory still validates, all in one transaction (so concurrent changes never lose
// one another); routing switches to it after the commit.
func (d *Desk) changeDirectory(change func(dir *directory.Directory) error) (*directory.Directory, error) {
	var dir *directory.Directory
	err := d.Store.Update(func(tx *ticketstore.Tx) error {
		var err error
		if dir, err = tx.Directory(); err != nil {
			return err
		}
		if err := change(dir); err != nil {
			return err
		}
		return tx.PutDirectory(dir)
	})
	if err != nil {
		return nil, notFound(err)
	}
	d.Proc.SetDirectory(dir)
	return dir, nil
}

func (d *Desk) readDirectory() (*directory.Directory, error) {
	var dir *directory.Directory
	err := d.Store.View(func(tx *ticketstore.Tx) error {
		var err error
		dir, err = tx.Directory()
		return err
	})
	return dir, err
}

// applyPatch applies a's fields to cur, a copy of a stored record (see PatchArgs); id reads
// the record's ID, which a patch may not change.
func applyPatch[T any](cur T, a PatchArgs, id func(*T) string) (T, error) {
	rec := cur
	if a.Replace {
		var zero T
		rec = zero
	}
	dec := json.NewDecoder(bytes.NewReader(a.Fields))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rec); err != nil {
		return cur, &control.RemoteError{Code: control.CodeBadRequest, Message: "bad fields: " + err.Error()}
	}
	switch got := strings.TrimSpace(id(&rec)); {
	case got == "" && a.Replace:
		return rec, fmt.Errorf("the record names no ID")
	case got != a.ID:
		return rec, fmt.Errorf("the ID cannot be changed (%s to %s)", a.ID, got)
	}
	return rec, nil
}

func counts(dir *directory.Directory) DirectoryCounts {
	return DirectoryCounts{Customers: len(dir.Customers), Contacts: len(dir.Contacts), Contracts: len(dir.Contracts)}
}

// ImportDirectoryFile replaces the directory with the file's content, validated as a whole first.
func (d *Desk) ImportDirectoryFile(path string) (DirectoryCounts, error) {
	dir, err := directory.Load(path)
	if err != nil {
		return DirectoryCounts{}, err
	}
	return d.ImportDirectoryFromValue(dir)
}

// ImportDirectoryFromValue replaces the directory with dir, validated as a whole first.
func (d *Desk) ImportDirectoryFromValue(dir *directory.Directory) (DirectoryCounts, error) {
	return d.directoryImport(context.Background(), DirectoryArgs{Directory: dir})
}

func (d *Desk) directoryExport(context.Context, None) (*directory.Directory, error) {
	return d.readDirectory()
}

func (d *Desk) directoryImport(_ context.Context, a DirectoryArgs) (DirectoryCounts, error) {
	if a.Directory == nil {
		return DirectoryCounts{}, fmt.Errorf("no directory given")
	}
	dir, err := d.changeDirectory(func(dir *directory.Directory) error {
		*dir = *a.Directory
		return nil
	})
	if err != nil {
		return DirectoryCounts{}, err
	}
	d.Log.Info().Int("customers", len(dir.Customers)).Int("contacts", len(dir.Contacts)).Msg("directory imported")
	return counts(dir), nil
}

func (d *Desk) customerAdd(_ context.Context, a AddArgs[directory.Customer]) (directory.Customer, error) {
	number := strings.TrimSpace(a.Record.Number)
	if number == "" {
		return directory.Customer{}, fmt.Errorf("add customer: the customer number is missing")
	}
	dir, err := d.changeDirectory(func(dir *directory.Directory) error { return dir.AddCustomer(a.Record) })
	if err != nil {
		return directory.Customer{}, err
	}
	return *dir.Customer(number), nil
}

func (d *Desk) customerEdit(_ context.Context, a PatchArgs) (directory.Customer, error) {
	dir, err := d.changeDirectory(func(dir *directory.Directory) error {
		cur := dir.Customer(a.ID)
		if cur == nil {
			return fmt.Errorf("customer %s: %w", a.ID, directory.ErrNotFound)
		}
		c, err := applyPatch(*cur, a, func(c *directory.Customer) string { return c.Number })
		if err != nil {
			return fmt.Errorf("edit customer %s: %w", a.ID, err)
		}
		return dir.UpdateCustomer(c)
	})
	if err != nil {
		return directory.Customer{}, err
	}
	return *dir.Customer(a.ID), nil
}

func (d *Desk) customerShow(_ context.Context, a NumberArgs) (CustomerDetail, error) {
	dir, err := d.readDirectory()
	if err != nil {
		return CustomerDetail{}, err
	}
	c := dir.Customer(a.Number)
	if c == nil {
		return CustomerDetail{}, fmt.Errorf("%w: customer %s", control.ErrNotFound, a.Number)
	}
	out := CustomerDetail{Customer: *c, Contacts: dir.ContactsOf(c.Number), Contracts: []directory.Contract{}}
	if out.Contacts == nil {
		out.Contacts = []directory.Contact{}
	}
	for _, k := range dir.Contracts {
		if k.Customer == c.Number {
			out.Contracts = append(out.Contracts, k)
		}
	}
	return out, nil
}

func (d *Desk) customerList(context.Context, None) ([]directory.Customer, error) {
	dir, err := d.readDirectory()
	if err != nil {
		return nil, err
	}
	return append([]directory.Customer{}, dir.Customers...), nil
}

// contactAdd adds a contact; without an ID it gets the next free C-NNNN, chosen in the same
// transaction, so concurrent adds get distinct IDs.
func (d *Desk) contactAdd(_ context.Context, a AddArgs[directory.Contact]) (directory.Contact, error) {
	c := a.Record
	dir, err := d.changeDirectory(func(dir *directory.Directory) error {
		if strings.TrimSpace(c.ID) == "" {
			c.ID = dir.NextContactID()
		}
		return dir.AddContact(c)
	})
	if err != nil {
		return directory.Contact{}, err
	}
	return *dir.Contact(strings.TrimSpace(c.ID)), nil
}

func (d *Desk) contactEdit(_ context.Context, a PatchArgs) (directory.Contact, error) {
	dir, err := d.changeDirectory(func(dir *directory.Directory) error {
		cur := dir.Contact(a.ID)
		if cur == nil {
			return fmt.Errorf("contact %s: %w", a.ID, directory.ErrNotFound)
		}
		c, err := applyPatch(*cur, a, func(c *directory.Contact) string { return c.ID })
		if err != nil {
			return fmt.Errorf("edit contact %s: %w", a.ID, err)
		}
		return dir.UpdateContact(c)
	})
	if err != nil {
		return directory.Contact{}, err
	}
	return *dir.Contact(a.ID), nil
}

func (d *Desk) contactShow(_ context.Context, a IDStringArgs) (directory.Contact, error) {
	dir, err := d.readDirectory()
	if err != nil {
		return directory.Contact{}, err
	}
	if c := dir.Contact(a.ID); c != nil {
		return *c, nil
	}
	return directory.Contact{}, fmt.Errorf("%w: contact %s", control.ErrNotFound, a.ID)
}

func (d *Desk) contactList(_ context.Context, a CustomerFilter) ([]directory.Contact, error) {
	dir, err := d.readDirectory()
	if err != nil {
		return nil, err
	}
	out := []directory.Contact{}
	for _, c := range dir.Contacts {
		if a.Customer == "" || c.Customer == a.Customer {
			out = append(out, c)
		}
	}
	return out, nil
}

// contractAdd adds a contract; without an ID it gets the next free V-NNNN, chosen in the same
// transaction.
func (d *Desk) contractAdd(_ context.Context, a AddArgs[directory.Contract]) (directory.Contract, error) {
	k := a.Record
	dir, err := d.changeDirectory(func(dir *directory.Directory) error {
		if strings.TrimSpace(k.ID) == "" {
			k.ID = dir.NextContractID()
		}
		return dir.AddContract(k)
	})
	if err != nil {
		return directory.Contract{}, err
	}
	return *dir.Contract(strings.TrimSpace(k.ID)), nil
}

func (d *Desk) contractEdit(_ context.Context, a PatchArgs) (directory.Contract, error) {
	dir, err := d.changeDirectory(func(dir *directory.Directory) error {
		cur := dir.Contract(a.ID)
		if cur == nil {
			return fmt.Errorf("contract %s: %w", a.ID, directory.ErrNotFound)
		}
		k, err := applyPatch(*cur, a, func(k *directory.Contract) string { return k.ID })
		if err != nil {
			return fmt.Errorf("edit contract %s: %w", a.ID, err)
		}
		return dir.UpdateContract(k)
	})
	if err != nil {
		return directory.Contract{}, err
	}
	return *dir.Contract(a.ID), nil
}

func (d *Desk) contractShow(_ context.Context, a IDStringArgs) (directory.Contract, error) {
	dir, err := d.readDirectory()
	if err != nil {
		return directory.Contract{}, err
	}
	if k := dir.Contract(a.ID); k != nil {
		return *k, nil
	}
	return directory.Contract{}, fmt.Errorf("%w: contract %s", control.ErrNotFound, a.ID)
}

func (d *Desk) contractList(_ context.Context, a CustomerFilter) ([]directory.Contract, error) {
	dir, err := d.readDirectory()
	if err != nil {
		return nil, err
	}
	out := []directory.Contract{}
	for _, k := range dir.Contracts {
		if a.Customer == "" || k.Customer == a.Customer {
			out = append(out, k)
		}
	}
	return out, nil
}

func (d *Desk) contractEnd(_ context.Context, a ContractEndArgs) (directory.Contract, error) {
	if a.Until.IsZero() {
		return directory.Contract{}, fmt.Errorf("contract end %s: the last valid day (until) is missing", a.ID)
	}
	until := a.Until.Time(time.Local)
	dir, err := d.changeDirectory(func(dir *directory.Directory) error { return dir.EndContract(a.ID, until) })
	if err != nil {
		return directory.Contract{}, err
	}
	return *dir.Contract(a.ID), nil
}
