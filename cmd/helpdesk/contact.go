package main

// The contact commands: add, edit, show and list the contact persons of the customers.

import (
	"fmt"

	"helpdesk/daemon"
	"helpdesk/directory"
)

var contactKind = recordKind[directory.Contact]{
	name: "contact", idName: "ID",
	id:     func(c *directory.Contact) *string { return &c.ID },
	fields: contactFields,
	add:    daemon.ContactAdd, edit: daemon.ContactEdit, show: &daemon.ContactShow,
	describe: func(c directory.Contact) string {
		return fmt.Sprintf("%s (%s <%s>) of customer %s", c.ID, fullName(c), c.Email, c.Customer)
	},
	defaults: func(c *directory.Contact) { c.Active = true },
}

func contactCommands() []*Command {
	return []*Command{
		contactKind.addCommand("add a contact person of a customer",
			"Adds a contact person of a customer. Without --id the daemon gives it the next free\n"+
				"C-NNNN (in the same transaction, so concurrent adds get distinct IDs); without --file\n"+
				"it is active unless --active=false. The mail address must be unique in the directory.\n\n"+fileNote+"\n\n"+
				"Example:\n  helpdesk contact add --customer K-1002 --first-name Anna --name Lange \\\n"+
				"    --email a.lange@praxis-yilmaz.test --permission extended"),
		contactKind.editCommand("change the given fields of a contact",
			"Changes the fields of a contact whose flags are given and keeps the others; the daemon\n"+
				"applies them in one transaction. With --file the file replaces the whole record (its\n"+
				"id may be left out).\n\n"+fileNote+"\n\nExample:\n  helpdesk contact edit C-0003 --active=false"),
		{Name: "contact show", Summary: "show one contact",
			Help: "Shows one contact.\n\nExample:\n  helpdesk contact show C-0003 --json",
			Setup: func(f *Flags) Action {
				var a daemon.IDStringArgs
				f.Arg("ID", &a.ID)
				return call(f, daemon.ContactShow, &a, "print JSON", func(r *Run, c directory.Contact) error {
					return contactTable(r.stdout, []directory.Contact{c})
				})
			}},
		{Name: "contact list", Summary: "list contacts, all or of one customer",
			Help: "Lists contacts by ID, all or those of one customer.\n\nExample:\n  helpdesk contact list --customer K-1001",
			Setup: func(f *Flags) Action {
				var a daemon.CustomerFilter
				f.StringVar(&a.Customer, "customer", "", "only contacts of customer `NUMBER`")
				return call(f, daemon.ContactList, &a, "print a JSON array", func(r *Run, cs []directory.Contact) error {
					return contactTable(r.stdout, cs)
				})
			}},
	}
}

// contactFields registers the flags of the contact fields.
func contactFields(r *recordFlags[directory.Contact]) {
	type C = directory.Contact
	field(r, "id", "contact `ID`, e.g. C-0008 (add: default the next free C-NNNN)", func(c *C) *string { return &c.ID }, trimmed)
	field(r, "customer", "customer `NUMBER`", func(c *C) *string { return &c.Customer }, trimmed)
	field(r, "name", "family `NAME`", func(c *C) *string { return &c.Name }, trimmed)
	field(r, "first-name", "first `NAME`", func(c *C) *string { return &c.FirstName }, trimmed)
	field(r, "phone", "`PHONE` number", func(c *C) *string { return &c.Phone }, trimmed)
	field(r, "email", "mail `ADDRESS`, unique in the directory", func(c *C) *string { return &c.Email }, trimmed)
	field(r, "branch", "branch `ID` of the customer; \"\" for the head office", func(c *C) *string { return &c.Branch }, trimmed)
	field(r, "permission", "`PERMISSION`: report (incidents only) or extended (also statistics, contract status)",
		func(c *C) *directory.Permission { return &c.Permission }, oneOf(directory.PermReport, directory.PermExtended))
	boolField(r, "active", "whether the contact is active (--active=false for one who left)", func(c *C) *bool { return &c.Active })
}
