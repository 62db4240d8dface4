package daemon

import (
	"context"
	"fmt"
	"time"

	"helpdesk/control"
	"helpdesk/directory"
	"helpdesk/ticketstore"
)

// Arguments and answers of the directory operations.
type (
	DirectoryArgs struct {
		Directory *directory.Directory `json:"directory"`
	}
	DirectoryCounts struct {
		Customers int `json:"customers"`
		Contacts  int `json:"contacts"`
		Contracts int `json:"contracts"`
	}
	CustomerArgs struct {
		Customer directory.Customer `json:"customer"`
	}
	ContactArgs struct {
		Contact directory.Contact `json:"contact"`
	}
	ContractArgs struct {
		Contract directory.Contract `json:"contract"`
	}
	CustomerFilter struct {
		Customer string `json:"customer,omitempty"`
	}
	ContractEndArgs struct {
		ID    string         `json:"id"`
		Until directory.Date `json:"until"`
	}
	// CustomerDetail is "customer show --json": the customer with its contacts and contracts.
	CustomerDetail struct {
		Customer  directory.Customer   `json:"customer"`
		Contacts  []directory.Contact  `json:"contacts"`
		Contracts []directory.Contract `json:"contracts"`
	}
)

func (d *Desk) directoryHandlers() map[string]control.HandlerFunc {
	return map[string]control.HandlerFunc{
		"directory.export": control.Func(d.directoryExport),
		"directory.import": control.Func(d.directoryImport),
		"customer.add":     control.Func(d.customerAdd),
		"customer.edit":    control.Func(d.customerEdit),
		"customer.show":    control.Func(d.customerShow),
		"customer.list":    control.Func(d.customerList),
		"contact.add":      control.Func(d.contactAdd),
		"contact.edit":     control.Func(d.contactEdit),
		"contact.list":     control.Func(d.contactList),
		"contract.add":     control.Func(d.contractAdd),
		"contract.list":    control.Func(d.contractList),
		"contract.end":     control.Func(d.contractEnd),
	}
}

// changeDirectory applies change to a copy of the stored directory and stores the result only
// when the whole directory still validates; routing switches to it after the commit.
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

func (d *Desk) directoryExport(context.Context, none) (*directory.Directory, error) {
	var dir *directory.Directory
	err := d.Store.View(func(tx *ticketstore.Tx) error {
		var err error
		dir, err = tx.Directory()
		return err
	})
	return dir, err
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

func (d *Desk) customerAdd(_ context.Context, a CustomerArgs) (directory.Customer, error) {
	dir, err := d.changeDirectory(func(dir *directory.Directory) error { return dir.AddCustomer(a.Customer) })
	if err != nil {
		return directory.Customer{}, err
	}
	return *dir.Customer(a.Customer.Number), nil
}

func (d *Desk) customerEdit(_ context.Context, a CustomerArgs) (directory.Customer, error) {
	dir, err := d.changeDirectory(func(dir *directory.Directory) error { return dir.UpdateCustomer(a.Customer) })
	if err != nil {
		return directory.Customer{}, err
	}
	return *dir.Customer(a.Customer.Number), nil
}

func (d *Desk) customerShow(ctx context.Context, a NumberArgs) (CustomerDetail, error) {
	dir, err := d.directoryExport(ctx, none{})
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

func (d *Desk) customerList(ctx context.Context, _ none) ([]directory.Customer, error) {
	dir, err := d.directoryExport(ctx, none{})
	if err != nil {
		return nil, err
	}
	return append([]directory.Customer{}, dir.Customers...), nil
}

func (d *Desk) contactAdd(_ context.Context, a ContactArgs) (directory.Contact, error) {
	dir, err := d.changeDirectory(func(dir *directory.Directory) error { return dir.AddContact(a.Contact) })
	if err != nil {
		return directory.Contact{}, err
	}
	return contactOrInput(dir, a.Contact), nil
}

func (d *Desk) contactEdit(_ context.Context, a ContactArgs) (directory.Contact, error) {
	dir, err := d.changeDirectory(func(dir *directory.Directory) error { return dir.UpdateContact(a.Contact) })
	if err != nil {
		return directory.Contact{}, err
	}
	return contactOrInput(dir, a.Contact), nil
}

// contactOrInput returns the contact as stored (normalised), found by ID or else by address.
func contactOrInput(dir *directory.Directory, c directory.Contact) directory.Contact {
	if c.ID != "" {
		if s := dir.Contact(c.ID); s != nil {
			return *s
		}
	}
	if m := dir.Match(c.Email); m.Contact != nil {
		return *m.Contact
	}
	return c
}

func (d *Desk) contactList(ctx context.Context, a CustomerFilter) ([]directory.Contact, error) {
	dir, err := d.directoryExport(ctx, none{})
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

func (d *Desk) contractAdd(_ context.Context, a ContractArgs) (directory.Contract, error) {
	dir, err := d.changeDirectory(func(dir *directory.Directory) error { return dir.AddContract(a.Contract) })
	if err != nil {
		return directory.Contract{}, err
	}
	if k := dir.Contract(a.Contract.ID); k != nil {
		return *k, nil
	}
	return a.Contract, nil
}

func (d *Desk) contractList(ctx context.Context, a CustomerFilter) ([]directory.Contract, error) {
	dir, err := d.directoryExport(ctx, none{})
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
