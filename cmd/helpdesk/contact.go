package main

// The contact commands: add, edit, show and list the contact persons of the customers.

import (
	"fmt"

	"helpdesk/daemon"
	"helpdesk/directory"
	"helpdesk/internal/cli"
)

var contactKind = recordKind[directory.Contact]{
	name: "contact", idName: "ID",
	id:     func(c *directory.Contact) *string { return &c.ID },
	fields: contactFields,
	add:    daemon.ContactAdd, edit: daemon.ContactEdit, show: daemon.ContactShow, list: daemon.ContactList,
	table: contactTable,
	describe: func(c directory.Contact) string {
		return fmt.Sprintf("%s (%s <%s>) of customer %s", c.ID, fullName(c), c.Email, c.Customer)
	},
	defaults: func(c *directory.Contact) { c.Active = true },
}

func contactCommands() []*cli.Command {
	return []*cli.Command{
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
		contactKind.showCommand("show one contact", "Shows one contact.\n\nExample:\n  helpdesk contact show C-0003 --json"),
		contactKind.listCommand("list contacts, all or of one customer",
			"Lists contacts by ID, all or those of one customer.\n\nExample:\n  helpdesk contact list --customer K-1001"),
	}
}

// contactFields registers the flags of the contact fields.
func contactFields(r *cli.RecordFlags[directory.Contact]) {
	type C = directory.Contact
	cli.Field(r, "id", "contact `ID`, e.g. C-0008 (add: default the next free C-NNNN)", func(c *C) *string { return &c.ID }, cli.Trimmed)
	cli.Field(r, "customer", "customer `NUMBER`", func(c *C) *string { return &c.Customer }, cli.Trimmed)
	cli.Field(r, "name", "family `NAME`", func(c *C) *string { return &c.Name }, cli.Trimmed)
	cli.Field(r, "first-name", "first `NAME`", func(c *C) *string { return &c.FirstName }, cli.Trimmed)
	cli.Field(r, "phone", "`PHONE` number", func(c *C) *string { return &c.Phone }, cli.Trimmed)
	cli.Field(r, "email", "mail `ADDRESS`, unique in the directory", func(c *C) *string { return &c.Email }, cli.Trimmed)
	cli.Field(r, "branch", "branch `ID` of the customer; \"\" for the head office", func(c *C) *string { return &c.Branch }, cli.Trimmed)
	cli.Field(r, "permission", "`PERMISSION`: report (incidents only) or extended (also statistics, contract status)",
		func(c *C) *directory.Permission { return &c.Permission }, cli.OneOf(directory.PermReport, directory.PermExtended))
	cli.BoolField(r, "active", "whether the contact is active (--active=false for one who left)", func(c *C) *bool { return &c.Active })
}
