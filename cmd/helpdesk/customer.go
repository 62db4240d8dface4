package main

// The customer commands: add, edit, show and list the customers of the directory.

import (
	"fmt"
	"io"
	"strings"

	"helpdesk/daemon"
	"helpdesk/directory"
	"helpdesk/internal/cli"
)

var customerKind = recordKind[directory.Customer]{
	name: "customer", idName: "NUMBER",
	id:     func(c *directory.Customer) *string { return &c.Number },
	fields: customerFields,
	add:    daemon.CustomerAdd, edit: daemon.CustomerEdit,
	describe: func(c directory.Customer) string { return fmt.Sprintf("%s (%s)", c.Number, c.Name) },
}

func customerCommands() []*cli.Command {
	return []*cli.Command{
		customerKind.addCommand("add a customer",
			"Adds a customer. Branches (needed for --billing branch) come with --file.\n"+
				"Defaults: billing central, language de.\n\n"+fileNote+"\n\n"+
				"Example:\n  helpdesk customer add --number K-1004 --name \"Praxis Lange\" --domain praxis-lange.test \\\n"+
				"    --notify-new it@praxis-lange.test --notify-status it@praxis-lange.test"),
		customerKind.editCommand("change the given fields of a customer",
			"Changes the fields of a customer whose flags are given and keeps the others; the\n"+
				"daemon applies them in one transaction, so concurrent edits of other fields survive.\n"+
				"With --file the file replaces the whole record (its number may be left out).\n\n"+fileNote+"\n\n"+
				"Example:\n  helpdesk customer edit K-1002 --notify-status praxis@praxis-yilmaz.test --city Hildesheim\n"+
				"  helpdesk customer edit K-1002 --notify-status \"\"   (nobody gets status mails)"),
		{Name: "customer show", Summary: "show a customer with its contacts and contracts",
			Help:  "Shows a customer with branches, contacts and contracts.\n\nExample:\n  helpdesk customer show K-1001",
			Setup: onOne(daemon.CustomerShow, "NUMBER", numberKey, "print JSON: customer, contacts, contracts", printCustomer)},
		{Name: "customer list", Summary: "list the customers",
			Help: "Lists the customers by number.\n\nExample:\n  helpdesk customer list --json",
			Setup: func(f *cli.Flags) cli.Action {
				var a daemon.None
				return call(f, daemon.CustomerList, &a, "print a JSON array", func(r *cli.Run, cs []directory.Customer) error {
					tw := tabs(r.Stdout)
					fmt.Fprintln(tw, row("NUMBER", "NAME", "CITY", "BILLING", "LANG", "DOMAINS"))
					for _, c := range cs {
						fmt.Fprintln(tw, row(c.Number, clip(c.Name, 40), dash(c.Address.City), string(c.Billing), string(c.Language),
							dash(strings.Join(c.Domains, ","))))
					}
					return tw.Flush()
				})
			}},
	}
}

// customerFields registers the flags of the customer fields.
func customerFields(r *cli.RecordFlags[directory.Customer]) {
	type C = directory.Customer
	cli.Field(r, "number", "customer `NUMBER`, e.g. K-1004", func(c *C) *string { return &c.Number }, cli.Trimmed)
	cli.Field(r, "name", "company `NAME`", func(c *C) *string { return &c.Name }, cli.Trimmed)
	cli.Field(r, "street", "`STREET` and house number", func(c *C) *string { return &c.Address.Street }, cli.Trimmed)
	cli.Field(r, "zip", "`POSTCODE` (5 digits in Germany)", func(c *C) *string { return &c.Address.Zip }, cli.Trimmed)
	cli.Field(r, "city", "`CITY` of the postal address", func(c *C) *string { return &c.Address.City }, cli.Trimmed)
	cli.Field(r, "country", "ISO 3166 country `CODE`; empty means DE", func(c *C) *string { return &c.Address.Country },
		func(s string) (string, error) { return strings.ToUpper(strings.TrimSpace(s)), nil })
	cli.Field(r, "billing", "`central` (one invoice) or branch (one per branch)", func(c *C) *directory.Billing { return &c.Billing },
		cli.OneOf(directory.BillingCentral, directory.BillingBranch))
	cli.Field(r, "datev", "DATEV advisor `NUMBER` (Beraternummer), 4 to 7 digits", func(c *C) *string { return &c.DATEVAdvisor }, cli.Trimmed)
	cli.Field(r, "language", "`LANGUAGE` of the customer's mails: de or en", func(c *C) *directory.Language { return &c.Language },
		cli.OneOf(directory.German, directory.English))
	cli.ListField(r, "domain", "mail `DOMAIN` of the customer, exact match;\n"+listFlagHelp, func(c *C) *[]string { return &c.Domains })
	cli.Field(r, "manager-name", "`NAME` of the account manager (our colleague)", func(c *C) *string { return &c.AccountManager.Name }, cli.Trimmed)
	cli.Field(r, "manager-phone", "`PHONE` of the account manager", func(c *C) *string { return &c.AccountManager.Phone }, cli.Trimmed)
	cli.Field(r, "manager-email", "mail `ADDRESS` of the account manager", func(c *C) *string { return &c.AccountManager.Email }, cli.Trimmed)
	cli.ListField(r, "notify-new", "`ADDRESS` told of new tickets;\n"+listFlagHelp, func(c *C) *[]string { return &c.Notify.NewTicket })
	cli.ListField(r, "notify-status", "`ADDRESS` told of status changes;\n"+listFlagHelp, func(c *C) *[]string { return &c.Notify.StatusChange })
	cli.ListField(r, "notify-reports", "`ADDRESS` that gets the service reports;\n"+listFlagHelp, func(c *C) *[]string { return &c.Notify.ServiceReports })
}

func printCustomer(r *cli.Run, d daemon.CustomerDetail) error {
	w := r.Stdout
	c := d.Customer
	fmt.Fprintf(w, "Customer %s: %s\n", c.Number, c.Name)
	tw := tabs(w)
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
		tw = tabs(w)
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

func postal(a directory.Address) string {
	return joinNonEmpty(", ", a.Street, joinNonEmpty(" ", a.Zip, a.City), a.Country)
}

func contactTable(w io.Writer, cs []directory.Contact) error {
	tw := tabs(w)
	fmt.Fprintln(tw, row("ID", "CUSTOMER", "NAME", "EMAIL", "PHONE", "BRANCH", "PERMISSION", "ACTIVE"))
	for _, c := range cs {
		fmt.Fprintln(tw, row(c.ID, c.Customer, clip(fullName(c), 30), c.Email, dash(c.Phone), dash(c.Branch), string(c.Permission), fmt.Sprint(c.Active)))
	}
	return tw.Flush()
}

func fullName(c directory.Contact) string { return joinNonEmpty(" ", c.FirstName, c.Name) }
