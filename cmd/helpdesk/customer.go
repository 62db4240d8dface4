package main

// The customer commands: add, edit, show and list the customers of the directory.

import (
	"context"
	"fmt"
	"io"
	"strings"

	"helpdesk/daemon"
	"helpdesk/directory"
)

func customerCommands() []*command {
	return []*command{
		{name: "add", summary: "add a customer", run: runCustomerAdd},
		{name: "edit", args: "NUMBER", summary: "change the given fields of a customer", run: runCustomerEdit},
		{name: "show", args: "NUMBER", summary: "show a customer with its contacts and contracts", run: runCustomerShow},
		{name: "list", summary: "list the customers", run: runCustomerList},
	}
}

func runCustomerAdd(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "customer add", "", "Adds a customer. Branches (needed for --billing branch) come with --file.\n"+
		"Defaults: billing central, language de.\n\n"+
		"Example:\n  helpdesk customer add --number K-1004 --name \"Praxis Lange\" --domain praxis-lange.test \\\n"+
		"    --notify-new it@praxis-lange.test --notify-status it@praxis-lange.test\n\n"+fileNote)
	asJSON := f.Bool("json", false, "print the stored customer as JSON")
	file := f.String("file", "", fileFlagHelp)
	r := customerFlags(f)
	if err := noArgs(f.parse(args)); err != nil {
		return err
	}
	var c directory.Customer
	if *file != "" {
		if err := readRecord(*file, &c); err != nil {
			return err
		}
	}
	r.apply(&c)
	if strings.TrimSpace(c.Number) == "" {
		return usagef("want --number (the customer number, e.g. K-1004)")
	}
	cfg, err := f.loadConfig()
	if err != nil {
		return err
	}
	var out directory.Customer
	if err := dirCall(ctx, e, cfg, "customer.add", daemon.CustomerArgs{Customer: c}, &out); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, out)
	}
	fmt.Fprintf(e.stdout, "added customer %s (%s)\n", out.Number, out.Name)
	return nil
}

func runCustomerEdit(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "customer edit", "NUMBER", "Changes the fields of a customer whose flags are given and keeps the others.\n"+
		"With --file the file replaces the whole record (its number may be left out).\n\n"+
		"Example:\n  helpdesk customer edit K-1002 --notify-status praxis@praxis-yilmaz.test --city Hildesheim\n"+
		"  helpdesk customer edit K-1002 --notify-status \"\"   (nobody gets status mails)\n\n"+fileNote)
	asJSON := f.Bool("json", false, "print the stored customer as JSON")
	file := f.String("file", "", fileFlagHelp)
	r := customerFlags(f)
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want exactly one customer number")
	}
	number := pos[0]
	if *file == "" && len(r.given()) == 0 {
		return usagef("nothing to change: give the flags of the fields to change, or --file")
	}
	cfg, err := f.loadConfig()
	if err != nil {
		return err
	}
	var c directory.Customer
	if *file != "" {
		if err := readRecord(*file, &c); err != nil {
			return err
		}
		if c.Number == "" {
			c.Number = number
		}
	} else {
		var cur daemon.CustomerDetail
		if err := dirCall(ctx, e, cfg, "customer.show", daemon.NumberArgs{Number: number}, &cur); err != nil {
			return err
		}
		c = cur.Customer
	}
	r.apply(&c)
	if c.Number != number {
		return usagef("the customer number cannot be changed (%s to %s)", number, c.Number)
	}
	var out directory.Customer
	if err := dirCall(ctx, e, cfg, "customer.edit", daemon.CustomerArgs{Customer: c}, &out); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, out)
	}
	fmt.Fprintf(e.stdout, "changed customer %s (%s)\n", out.Number, out.Name)
	return nil
}

// customerFlags registers the flags of the customer fields.
func customerFlags(f *flags) *recordFlags[directory.Customer] {
	type C = directory.Customer
	r := newRecordFlags[C](f)
	field(r, "number", "customer `NUMBER`, e.g. K-1004", func(c *C) *string { return &c.Number }, trimmed)
	field(r, "name", "company `NAME`", func(c *C) *string { return &c.Name }, trimmed)
	field(r, "street", "`STREET` and house number", func(c *C) *string { return &c.Address.Street }, trimmed)
	field(r, "zip", "`POSTCODE` (5 digits in Germany)", func(c *C) *string { return &c.Address.Zip }, trimmed)
	field(r, "city", "`CITY` of the postal address", func(c *C) *string { return &c.Address.City }, trimmed)
	field(r, "country", "ISO 3166 country `CODE`; empty means DE", func(c *C) *string { return &c.Address.Country },
		func(s string) (string, error) { return strings.ToUpper(strings.TrimSpace(s)), nil })
	field(r, "billing", "`central` (one invoice) or branch (one per branch)", func(c *C) *directory.Billing { return &c.Billing },
		oneOf(directory.BillingCentral, directory.BillingBranch))
	field(r, "datev", "DATEV advisor `NUMBER` (Beraternummer), 4 to 7 digits", func(c *C) *string { return &c.DATEVAdvisor }, trimmed)
	field(r, "language", "`LANGUAGE` of the customer's mails: de or en", func(c *C) *directory.Language { return &c.Language },
		oneOf(directory.German, directory.English))
	listField(r, "domain", "mail `DOMAIN` of the customer, exact match;\n"+listFlagHelp, func(c *C) *[]string { return &c.Domains })
	field(r, "manager-name", "`NAME` of the account manager (our colleague)", func(c *C) *string { return &c.AccountManager.Name }, trimmed)
	field(r, "manager-phone", "`PHONE` of the account manager", func(c *C) *string { return &c.AccountManager.Phone }, trimmed)
	field(r, "manager-email", "mail `ADDRESS` of the account manager", func(c *C) *string { return &c.AccountManager.Email }, trimmed)
	listField(r, "notify-new", "`ADDRESS` told of new tickets;\n"+listFlagHelp, func(c *C) *[]string { return &c.Notify.NewTicket })
	listField(r, "notify-status", "`ADDRESS` told of status changes;\n"+listFlagHelp, func(c *C) *[]string { return &c.Notify.StatusChange })
	listField(r, "notify-reports", "`ADDRESS` that gets the service reports;\n"+listFlagHelp, func(c *C) *[]string { return &c.Notify.ServiceReports })
	return r
}

func runCustomerShow(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "customer show", "NUMBER", "Shows a customer with branches, contacts and contracts.\n\nExample:\n  helpdesk customer show K-1001")
	asJSON := f.Bool("json", false, "print JSON: customer, contacts, contracts")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want exactly one customer number")
	}
	cfg, err := f.loadConfig()
	if err != nil {
		return err
	}
	var d daemon.CustomerDetail
	if err := dirCall(ctx, e, cfg, "customer.show", daemon.NumberArgs{Number: pos[0]}, &d); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, d)
	}
	return printCustomer(e.stdout, d)
}

func printCustomer(w io.Writer, d daemon.CustomerDetail) error {
	c := d.Customer
	fmt.Fprintf(w, "Customer %s: %s\n", c.Number, c.Name)
	tw := table(w)
	fmt.Fprintf(tw, "address:\t%s\n", dash(postal(c.Address)))
	fmt.Fprintf(tw, "billing:\t%s\n", c.Billing)
	fmt.Fprintf(tw, "language:\t%s\n", c.Language)
	fmt.Fprintf(tw, "DATEV advisor:\t%s\n", dash(c.DATEVAdvisor))
	fmt.Fprintf(tw, "domains:\t%s\n", dash(strings.Join(c.Domains, ", ")))
	m := c.AccountManager
	fmt.Fprintf(tw, "account manager:\t%s\n", dash(joinNonEmpty(", ", m.Name, m.Phone, m.Email)))
	fmt.Fprintf(tw, "notify new tickets:\t%s\n", dash(strings.Join(c.Notify.NewTicket, ", ")))
	fmt.Fprintf(tw, "notify status changes:\t%s\n", dash(strings.Join(c.Notify.StatusChange, ", ")))
	fmt.Fprintf(tw, "service reports to:\t%s\n", dash(strings.Join(c.Notify.ServiceReports, ", ")))
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(c.Branches) > 0 {
		fmt.Fprintln(w, "\nBranches:")
		tw = table(w)
		for _, b := range c.Branches {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", b.ID, b.Name, dash(postal(b.Address)))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintln(w, "\nContacts:")
	if err := contactTable(w, d.Contacts); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nContracts:")
	return contractTable(w, d.Contracts)
}

func runCustomerList(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "customer list", "", "Lists the customers by number.")
	asJSON := f.Bool("json", false, "print a JSON array")
	var cs []directory.Customer
	if err := f.dirCallNoArgs(ctx, e, args, "customer.list", struct{}{}, &cs); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, cs)
	}
	tw := table(e.stdout)
	fmt.Fprintln(tw, "NUMBER\tNAME\tCITY\tBILLING\tLANG\tDOMAINS")
	for _, c := range cs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", c.Number, clip(c.Name, 40), dash(c.Address.City), c.Billing, c.Language,
			dash(strings.Join(c.Domains, ",")))
	}
	return tw.Flush()
}

func postal(a directory.Address) string {
	return joinNonEmpty(", ", a.Street, joinNonEmpty(" ", a.Zip, a.City), a.Country)
}
