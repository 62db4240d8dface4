package main

// The contact commands: add, edit and list the contact persons of the customers.

import (
	"context"
	"fmt"
	"io"
	"slices"

	"helpdesk/daemon"
	"helpdesk/directory"
)

func contactCommands() []*command {
	return []*command{
		{name: "add", summary: "add a contact person of a customer", run: runContactAdd},
		{name: "edit", args: "ID", summary: "change the given fields of a contact", run: runContactEdit},
		{name: "list", summary: "list contacts, all or of one customer", run: runContactList},
	}
}

func runContactAdd(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "contact add", "", "Adds a contact person of a customer. Without --id the contact gets the next free\n"+
		"C-NNNN; without --file it is active unless --active=false. The mail address must be\n"+
		"unique in the whole directory.\n\n"+
		"Example:\n  helpdesk contact add --customer K-1002 --first-name Anna --name Lange \\\n"+
		"    --email a.lange@praxis-yilmaz.test --permission extended\n\n"+fileNote)
	asJSON := f.Bool("json", false, "print the stored contact as JSON")
	file := f.String("file", "", fileFlagHelp)
	r := contactFlags(f)
	if err := noArgs(f.parse(args)); err != nil {
		return err
	}
	c := directory.Contact{Active: true}
	if *file != "" {
		c = directory.Contact{}
		if err := readRecord(*file, &c); err != nil {
			return err
		}
	}
	r.apply(&c)
	cfg, err := f.loadConfig()
	if err != nil {
		return err
	}
	if c.ID == "" {
		var cs []directory.Contact
		if err := dirCall(ctx, e, cfg, "contact.list", daemon.CustomerFilter{}, &cs); err != nil {
			return err
		}
		c.ID = nextID("C-", cs, func(c directory.Contact) string { return c.ID })
	}
	var out directory.Contact
	if err := dirCall(ctx, e, cfg, "contact.add", daemon.ContactArgs{Contact: c}, &out); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, out)
	}
	fmt.Fprintf(e.stdout, "added contact %s (%s <%s>) of customer %s\n", out.ID, fullName(out), out.Email, out.Customer)
	return nil
}

func runContactEdit(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "contact edit", "ID", "Changes the fields of a contact whose flags are given and keeps the others.\n"+
		"With --file the file replaces the whole record (its id may be left out).\n\n"+
		"Example:\n  helpdesk contact edit C-0003 --active=false\n\n"+fileNote)
	asJSON := f.Bool("json", false, "print the stored contact as JSON")
	file := f.String("file", "", fileFlagHelp)
	r := contactFlags(f)
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want exactly one contact ID")
	}
	id := pos[0]
	if *file == "" && len(r.given()) == 0 {
		return usagef("nothing to change: give the flags of the fields to change, or --file")
	}
	cfg, err := f.loadConfig()
	if err != nil {
		return err
	}
	var c directory.Contact
	if *file != "" {
		if err := readRecord(*file, &c); err != nil {
			return err
		}
		if c.ID == "" {
			c.ID = id
		}
	} else {
		var cs []directory.Contact
		if err := dirCall(ctx, e, cfg, "contact.list", daemon.CustomerFilter{}, &cs); err != nil {
			return err
		}
		i := slices.IndexFunc(cs, func(c directory.Contact) bool { return c.ID == id })
		if i < 0 {
			return fmt.Errorf("no contact %s", id)
		}
		c = cs[i]
	}
	r.apply(&c)
	if c.ID != id {
		return usagef("the contact ID cannot be changed (%s to %s)", id, c.ID)
	}
	var out directory.Contact
	if err := dirCall(ctx, e, cfg, "contact.edit", daemon.ContactArgs{Contact: c}, &out); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, out)
	}
	fmt.Fprintf(e.stdout, "changed contact %s (%s <%s>)\n", out.ID, fullName(out), out.Email)
	return nil
}

// contactFlags registers the flags of the contact fields.
func contactFlags(f *flags) *recordFlags[directory.Contact] {
	type C = directory.Contact
	r := newRecordFlags[C](f)
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
	return r
}

func runContactList(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "contact list", "", "Lists contacts by ID, all or those of one customer.\n\nExample:\n  helpdesk contact list --customer K-1001")
	asJSON := f.Bool("json", false, "print a JSON array")
	var a daemon.CustomerFilter
	f.StringVar(&a.Customer, "customer", "", "only contacts of customer `NUMBER`")
	var cs []directory.Contact
	if err := f.dirCallNoArgs(ctx, e, args, "contact.list", &a, &cs); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, cs)
	}
	return contactTable(e.stdout, cs)
}

func contactTable(w io.Writer, cs []directory.Contact) error {
	tw := table(w)
	fmt.Fprintln(tw, "ID\tCUSTOMER\tNAME\tEMAIL\tPHONE\tBRANCH\tPERMISSION\tACTIVE")
	for _, c := range cs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%v\n", c.ID, c.Customer, clip(fullName(c), 30), c.Email, dash(c.Phone),
			dash(c.Branch), c.Permission, c.Active)
	}
	return tw.Flush()
}

func fullName(c directory.Contact) string { return joinNonEmpty(" ", c.FirstName, c.Name) }
