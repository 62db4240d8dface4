package main

// The customer directory commands: customers, contacts, contracts, and the whole directory as one
// file. Each command builds a record from its flags (or from --file) and sends one directory
// operation to the daemon, or to the store when no daemon runs. The directory package validates
// the whole directory on every change and nothing is stored when it finds a problem; the
// commands show every problem it reports.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"helpdesk/config"
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

func contactCommands() []*command {
	return []*command{
		{name: "add", summary: "add a contact person of a customer", run: runContactAdd},
		{name: "edit", args: "ID", summary: "change the given fields of a contact", run: runContactEdit},
		{name: "list", summary: "list contacts, all or of one customer", run: runContactList},
	}
}

func contractCommands() []*command {
	return []*command{
		{name: "add", summary: "add a contract", run: runContractAdd},
		{name: "list", summary: "list contracts, all or of one customer", run: runContractList},
		{name: "end", args: "ID", summary: "set the last valid day of a contract", run: runContractEnd},
	}
}

func directoryCommands() []*command {
	return []*command{
		{name: "import", args: "FILE", summary: "replace the directory with a file, checked as a whole first", run: runDirectoryImport},
		{name: "export", args: "[FILE]", summary: "write the directory as TOML, YAML or JSON", run: runDirectoryExport},
	}
}

// loadDirectoryFile reads a directory file (.toml, .yaml, .yml or .json), normalised and
// validated as a whole.
func loadDirectoryFile(path string) (*directory.Directory, error) {
	return directory.Load(path)
}

// Help texts shared by several commands.
const (
	fileFlagHelp = "read the whole record from `FILE` (.toml, .yaml, .yml or .json: the fields at the top\n" +
		"level, not inside [[customers]]); the other flags given override its fields"
	listFlagHelp = "repeatable: given at all, it replaces the list; a single \"\" empties it"
	fileNote     = "If the config sets directory.file, the daemon imports that file at every start and\n" +
		"replaces changes made with these commands: keep the file up to date with 'directory export'."
)

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
	if err := noArgs(f.parse(args)); err != nil {
		return err
	}
	cfg, err := f.loadConfig()
	if err != nil {
		return err
	}
	var cs []directory.Customer
	if err := dirCall(ctx, e, cfg, "customer.list", struct{}{}, &cs); err != nil {
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
	if err := noArgs(f.parse(args)); err != nil {
		return err
	}
	cfg, err := f.loadConfig()
	if err != nil {
		return err
	}
	var cs []directory.Contact
	if err := dirCall(ctx, e, cfg, "contact.list", a, &cs); err != nil {
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

func runContractAdd(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "contract add", "", "Adds a contract. The flags marked with a kind set the terms of that kind of contract;\n"+
		"the checks of a needs analysis come with --file. Without --id the contract gets the next\n"+
		"free V-NNNN. Two cooperation or two prepaid_hours contracts of a customer may not overlap.\n\n"+
		"Examples:\n  helpdesk contract add --customer K-1002 --kind cooperation --from 2026-01-01 \\\n"+
		"    --hourly-rate 95 --daily-rate 720 --travel-per-trip 35 --travel-per-km 0.42 \\\n"+
		"    --reaction urgent=2h --reaction normal=8h --reachability \"Mo-Fr 08:00-17:00\"\n"+
		"  helpdesk contract add --customer K-1002 --kind prepaid_hours --from 2026-01-01 \\\n"+
		"    --hours-per-month 10 --warn-below 2 --overdraw\n"+
		"  helpdesk contract add --file checks.toml\n\n"+fileNote)
	asJSON := f.Bool("json", false, "print the stored contract as JSON")
	file := f.String("file", "", fileFlagHelp)
	r, terms := contractFlags(f)
	if err := noArgs(f.parse(args)); err != nil {
		return err
	}
	var k directory.Contract
	if *file != "" {
		if err := readRecord(*file, &k); err != nil {
			return err
		}
	}
	r.apply(&k)
	switch {
	case k.Customer == "":
		return usagef("want --customer NUMBER")
	case k.Kind == "":
		return usagef("want --kind (one of %s)", kindList())
	case k.ValidFrom.IsZero():
		return usagef("want --from YYYY-MM-DD, the first valid day")
	}
	if err := terms.apply(&k); err != nil {
		return err
	}
	cfg, err := f.loadConfig()
	if err != nil {
		return err
	}
	if k.ID == "" {
		var ks []directory.Contract
		if err := dirCall(ctx, e, cfg, "contract.list", daemon.CustomerFilter{}, &ks); err != nil {
			return err
		}
		k.ID = nextID("V-", ks, func(k directory.Contract) string { return k.ID })
	}
	var out directory.Contract
	if err := dirCall(ctx, e, cfg, "contract.add", daemon.ContractArgs{Contract: k}, &out); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, out)
	}
	fmt.Fprintf(e.stdout, "added %s contract %s of customer %s, valid %s\n", out.Kind, out.ID, out.Customer, period(out))
	return nil
}

// contractTerms are the flags of the kind-specific terms of a contract.
type contractTerms struct {
	coop    *recordFlags[directory.Cooperation]
	prepaid *recordFlags[directory.PrepaidHours]
	desc    *recordFlags[directory.Rental] // the description of a rental or datacenter contract
}

// contractFlags registers the flags of the contract fields and of the terms of each kind.
func contractFlags(f *flags) (*recordFlags[directory.Contract], contractTerms) {
	type K = directory.Contract
	r := newRecordFlags[K](f)
	field(r, "id", "contract `ID`, e.g. V-0008; default the next free V-NNNN", func(k *K) *string { return &k.ID }, trimmed)
	field(r, "customer", "customer `NUMBER`", func(k *K) *string { return &k.Customer }, trimmed)
	field(r, "kind", "`KIND`: "+kindList(), func(k *K) *directory.Kind { return &k.Kind }, oneOf(directory.Kinds()...))
	field(r, "from", "first valid day, `YYYY-MM-DD`", func(k *K) *directory.Date { return &k.ValidFrom }, directory.ParseDate)
	field(r, "until", "last valid day, `YYYY-MM-DD`; default open-ended", func(k *K) *directory.Date { return &k.ValidUntil }, directory.ParseDate)

	type C = directory.Cooperation
	coop := newRecordFlags[C](f)
	field(coop, "hourly-rate", "cooperation: hourly rate in `EURO`, e.g. 95.00", func(c *C) *directory.Money { return &c.HourlyRate }, directory.ParseMoney)
	field(coop, "daily-rate", "cooperation: daily rate in `EURO`", func(c *C) *directory.Money { return &c.DailyRate }, directory.ParseMoney)
	field(coop, "travel-per-trip", "cooperation: travel cost per trip in `EURO`", func(c *C) *directory.Money { return &c.TravelPerTrip }, directory.ParseMoney)
	field(coop, "travel-per-km", "cooperation: travel cost per km in `EURO`", func(c *C) *directory.Money { return &c.TravelPerKm }, directory.ParseMoney)
	field(coop, "reachability", "cooperation: when we can be reached (`TEXT`), e.g. \"Mo-Fr 08:00-17:00\"", func(c *C) *string { return &c.Reachability }, trimmed)
	f.Func("reaction", "cooperation: reaction time per priority (urgent, high, normal, low) as\n`PRIORITY=DURATION`, e.g. urgent=2h; "+listFlagHelp,
		func(s string) error {
			if strings.TrimSpace(s) == "" {
				return nil
			}
			prio, dur, ok := strings.Cut(s, "=")
			if !ok {
				return fmt.Errorf("want PRIORITY=DURATION, e.g. urgent=2h")
			}
			d, err := directory.ParseDuration(dur)
			if err != nil {
				return err
			}
			if coop.scratch.ReactionTimes == nil {
				coop.scratch.ReactionTimes = map[string]directory.Duration{}
			}
			coop.scratch.ReactionTimes[strings.ToLower(strings.TrimSpace(prio))] = d
			return nil
		})
	coop.copy["reaction"] = func(dst, src *C) { dst.ReactionTimes = maps.Clone(src.ReactionTimes) }

	type P = directory.PrepaidHours
	prepaid := newRecordFlags[P](f)
	field(prepaid, "hours-per-month", "prepaid_hours: `HOURS` credited each month, e.g. 10, 7.5 or 7:30", func(p *P) *directory.Hours { return &p.HoursPerMonth }, directory.ParseHours)
	field(prepaid, "start", "prepaid_hours: first month credited, `YYYY-MM-DD`; default --from", func(p *P) *directory.Date { return &p.Start }, directory.ParseDate)
	boolField(prepaid, "overdraw", "prepaid_hours: the balance may fall below zero", func(p *P) *bool { return &p.OverdrawAllowed })
	field(prepaid, "warn-below", "prepaid_hours: warn when the balance falls below `HOURS`", func(p *P) *directory.Hours { return &p.WarnBelow }, directory.ParseHours)

	desc := newRecordFlags[directory.Rental](f)
	field(desc, "description", "rental, datacenter: `TEXT` saying what is rented or hosted", func(r *directory.Rental) *string { return &r.Description }, trimmed)
	return r, contractTerms{coop: coop, prepaid: prepaid, desc: desc}
}

// apply sets the terms given by flags on k, creating the terms of k's kind when they are
// missing, and rejects flags of another kind.
func (t contractTerms) apply(k *directory.Contract) error {
	for _, g := range []struct {
		given []string
		kinds []directory.Kind
	}{
		{t.coop.given(), []directory.Kind{directory.KindCooperation}},
		{t.prepaid.given(), []directory.Kind{directory.KindPrepaidHours}},
		{t.desc.given(), []directory.Kind{directory.KindRental, directory.KindDatacenter}},
	} {
		if len(g.given) > 0 && !slices.Contains(g.kinds, k.Kind) {
			return usagef("--%s is for %s contracts, this one is %s", g.given[0], kindList(g.kinds...), k.Kind)
		}
	}
	switch k.Kind {
	case directory.KindCooperation:
		if k.Cooperation == nil {
			k.Cooperation = &directory.Cooperation{}
		}
		t.coop.apply(k.Cooperation)
	case directory.KindPrepaidHours:
		if k.PrepaidHours == nil {
			k.PrepaidHours = &directory.PrepaidHours{}
		}
		t.prepaid.apply(k.PrepaidHours)
		if k.PrepaidHours.Start.IsZero() {
			k.PrepaidHours.Start = k.ValidFrom
		}
	case directory.KindRental:
		if k.Rental == nil {
			k.Rental = &directory.Rental{}
		}
		t.desc.apply(k.Rental)
	case directory.KindDatacenter:
		if k.Datacenter == nil {
			k.Datacenter = &directory.Datacenter{}
		}
		r := directory.Rental{Description: k.Datacenter.Description}
		t.desc.apply(&r)
		k.Datacenter.Description = r.Description
	case directory.KindNeedsAnalysis:
		if k.NeedsAnalysis == nil || len(k.NeedsAnalysis.Checks) == 0 {
			return usagef("a needs_analysis contract lists its checks: give the whole contract with --file")
		}
	}
	return nil
}

func runContractList(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "contract list", "", "Lists contracts by ID, all or those of one customer, with their terms in short.\n\n"+
		"Example:\n  helpdesk contract list --customer K-1003")
	asJSON := f.Bool("json", false, "print a JSON array")
	var a daemon.CustomerFilter
	f.StringVar(&a.Customer, "customer", "", "only contracts of customer `NUMBER`")
	if err := noArgs(f.parse(args)); err != nil {
		return err
	}
	cfg, err := f.loadConfig()
	if err != nil {
		return err
	}
	var ks []directory.Contract
	if err := dirCall(ctx, e, cfg, "contract.list", a, &ks); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, ks)
	}
	return contractTable(e.stdout, ks)
}

func contractTable(w io.Writer, ks []directory.Contract) error {
	tw := table(w)
	fmt.Fprintln(tw, "ID\tCUSTOMER\tKIND\tFROM\tUNTIL\tTERMS")
	for _, k := range ks {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Customer, k.Kind, k.ValidFrom, dash(k.ValidUntil.String()), clip(termsSummary(k), 70))
	}
	return tw.Flush()
}

// termsSummary describes a contract's terms in one line.
func termsSummary(k directory.Contract) string {
	switch {
	case k.Cooperation != nil:
		c := k.Cooperation
		s := fmt.Sprintf("%s/h, %s/day, travel %s + %s/km", c.HourlyRate, c.DailyRate, c.TravelPerTrip, c.TravelPerKm)
		var rt []string
		for _, p := range []string{directory.PriorityUrgent, directory.PriorityHigh, directory.PriorityNormal, directory.PriorityLow} {
			if d, ok := c.ReactionTimes[p]; ok {
				rt = append(rt, p+" "+d.String())
			}
		}
		if len(rt) > 0 {
			s += "; " + strings.Join(rt, ", ")
		}
		return s
	case k.PrepaidHours != nil:
		p := k.PrepaidHours
		s := fmt.Sprintf("%s h/month from %s, warn below %s", p.HoursPerMonth, p.Start, p.WarnBelow)
		if p.OverdrawAllowed {
			s += ", may overdraw"
		}
		return s
	case k.NeedsAnalysis != nil:
		return fmt.Sprintf("%d checks", len(k.NeedsAnalysis.Checks))
	case k.Rental != nil:
		return dash(k.Rental.Description)
	case k.Datacenter != nil:
		return dash(k.Datacenter.Description)
	}
	return "-"
}

func runContractEnd(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "contract end", "ID", "Sets the last valid day of a contract (inclusive). It may shorten or extend an end\n"+
		"set before, never to before the first valid day.\n\n"+
		"Example:\n  helpdesk contract end V-0004 --until 2026-06-30")
	asJSON := f.Bool("json", false, "print the stored contract as JSON")
	until := directory.DateOf(time.Now())
	f.Func("until", "last valid day, `YYYY-MM-DD`; default today", func(s string) error {
		d, err := directory.ParseDate(strings.TrimSpace(s))
		until = d
		return err
	})
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want exactly one contract ID")
	}
	cfg, err := f.loadConfig()
	if err != nil {
		return err
	}
	var out directory.Contract
	if err := dirCall(ctx, e, cfg, "contract.end", daemon.ContractEndArgs{ID: pos[0], Until: until}, &out); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, out)
	}
	fmt.Fprintf(e.stdout, "contract %s of customer %s is valid %s\n", out.ID, out.Customer, period(out))
	return nil
}

func runDirectoryImport(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "directory import", "FILE", "Replaces the whole customer directory with FILE (.toml, .yaml, .yml or .json).\n"+
		"The file is checked as a whole first: when it has any problem, every problem is listed\n"+
		"and nothing changes. The format is that of 'directory export' and examples/directory.toml.\n\n"+
		"Example:\n  helpdesk directory import examples/directory.toml\n\n"+fileNote)
	asJSON := f.Bool("json", false, "print the counts as JSON")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want exactly one directory file")
	}
	dir, err := loadDirectoryFile(pos[0])
	if err != nil {
		return readable(err)
	}
	cfg, err := f.loadConfig()
	if err != nil {
		return err
	}
	var n daemon.DirectoryCounts
	if err := dirCall(ctx, e, cfg, "directory.import", daemon.DirectoryArgs{Directory: dir}, &n); err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, n)
	}
	fmt.Fprintf(e.stdout, "imported %s: %d customers, %d contacts, %d contracts\n", pos[0], n.Customers, n.Contacts, n.Contracts)
	return nil
}

// exportResult is "directory export FILE --json".
type exportResult struct {
	File   string `json:"file"`
	Format string `json:"format"`
	daemon.DirectoryCounts
}

func runDirectoryExport(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "directory export", "[FILE]", "Writes the whole customer directory, records sorted by number and ID, to FILE or\n"+
		"to stdout. The format is FILE's extension (.toml, .yaml, .yml, .json), else --format.\n"+
		"What is exported imports again unchanged.\n\n"+
		"Examples:\n  helpdesk directory export directory.toml\n  helpdesk directory export --format yaml | less")
	asJSON := f.Bool("json", false, "to stdout: the same as --format json; with FILE: print the counts as JSON")
	format := f.String("format", "", "`FORMAT` without FILE or when FILE's extension says none: toml, yaml or json (default toml)")
	pos, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("want at most one file")
	}
	chosen, err := exportFormat(pos, *format, *asJSON)
	if err != nil {
		return err
	}
	cfg, err := f.loadConfig()
	if err != nil {
		return err
	}
	var dir directory.Directory
	if err := dirCall(ctx, e, cfg, "directory.export", struct{}{}, &dir); err != nil {
		return err
	}
	if len(pos) == 0 {
		return dir.Write(e.stdout, chosen)
	}
	var buf bytes.Buffer
	if err := dir.Write(&buf, chosen); err != nil {
		return err
	}
	// Names, addresses and phone numbers: readable by the owner only.
	if err := os.WriteFile(pos[0], buf.Bytes(), 0o600); err != nil {
		return err
	}
	n := daemon.DirectoryCounts{Customers: len(dir.Customers), Contacts: len(dir.Contacts), Contracts: len(dir.Contracts)}
	if *asJSON {
		return writeJSON(e.stdout, exportResult{File: pos[0], Format: chosen, DirectoryCounts: n})
	}
	fmt.Fprintf(e.stdout, "wrote %s (%s): %d customers, %d contacts, %d contracts\n", pos[0], chosen, n.Customers, n.Contacts, n.Contracts)
	return nil
}

// exportFormat picks the format of "directory export": FILE's extension, else --format (or
// --json to stdout), else TOML.
func exportFormat(pos []string, format string, asJSON bool) (string, error) {
	switch format {
	case "":
	case "yml":
		format = directory.FormatYAML
	case directory.FormatTOML, directory.FormatYAML, directory.FormatJSON:
	default:
		return "", usagef("unknown format %q, want toml, yaml or json", format)
	}
	if len(pos) == 1 {
		if ext, err := directory.FormatOf(pos[0]); err == nil {
			if format != "" && format != ext {
				return "", usagef("--format %s does not match the extension of %s", format, pos[0])
			}
			return ext, nil
		}
	} else if asJSON {
		if format != "" && format != directory.FormatJSON {
			return "", usagef("--json and --format %s contradict each other", format)
		}
		return directory.FormatJSON, nil
	}
	if format == "" {
		return directory.FormatTOML, nil
	}
	return format, nil
}

// dirCall runs one directory operation and makes a multi-line error readable.
func dirCall(ctx context.Context, e *env, cfg *config.Config, op string, args, result any) error {
	return readable(daemon.Call(ctx, cfg, quietLogger(e), op, args, result))
}

// multiLineError is an error whose message spans lines, such as every problem the directory
// validation found; its continuation lines are indented under the first.
type multiLineError struct {
	err error
	msg string
}

func (e multiLineError) Error() string { return e.msg }
func (e multiLineError) Unwrap() error { return e.err }

// readable indents the continuation lines of a multi-line error. The message comes as text
// through the control socket, so this works the same whether or not the daemon runs.
func readable(err error) error {
	if err == nil {
		return nil
	}
	first, rest, ok := strings.Cut(err.Error(), "\n")
	if !ok {
		return err
	}
	return multiLineError{err: err, msg: first + "\n" + indent(rest)}
}

// readRecord decodes one record (a customer, contact or contract, not a whole directory) from
// a .toml, .yaml, .yml or .json file. Unknown fields are errors, so that a misspelt one is not
// silently lost.
func readRecord(path string, v any) error {
	format, err := directory.FormatOf(path)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	switch format {
	case directory.FormatTOML:
		md, err := toml.Decode(string(data), v)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if und := md.Undecoded(); len(und) > 0 {
			keys := make([]string, len(und))
			for i, k := range und {
				keys[i] = k.String()
			}
			return fmt.Errorf("%s: unknown setting(s) %s", path, strings.Join(keys, ", "))
		}
	case directory.FormatYAML:
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(v); err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("%s: %w", path, err)
		}
	case directory.FormatJSON:
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	return nil
}

// recordFlags registers flags that set fields of a scratch record, and copies onto a target
// record exactly the fields whose flags were given (flag.Visit): "edit" changes only what was
// asked, and flags override the fields of a record read with --file.
type recordFlags[T any] struct {
	fs      *flags
	scratch T
	copy    map[string]func(dst, src *T)
}

func newRecordFlags[T any](f *flags) *recordFlags[T] {
	return &recordFlags[T]{fs: f, copy: map[string]func(dst, src *T){}}
}

// apply copies the fields of the flags given from the scratch record onto dst.
func (r *recordFlags[T]) apply(dst *T) {
	r.fs.Visit(func(fl *flag.Flag) {
		if c := r.copy[fl.Name]; c != nil {
			c(dst, &r.scratch)
		}
	})
}

// given returns the names of r's flags that were given, in lexical order.
func (r *recordFlags[T]) given() []string {
	var names []string
	r.fs.Visit(func(fl *flag.Flag) {
		if r.copy[fl.Name] != nil {
			names = append(names, fl.Name)
		}
	})
	return names
}

// field registers a flag that sets one field of the record with parse; a parse error is
// reported with the flag's name.
func field[T, V any](r *recordFlags[T], name, usage string, get func(*T) *V, parse func(string) (V, error)) {
	r.fs.Func(name, usage, func(s string) error {
		v, err := parse(s)
		if err != nil {
			return err
		}
		*get(&r.scratch) = v
		return nil
	})
	r.copy[name] = func(dst, src *T) { *get(dst) = *get(src) }
}

// boolField registers a boolean flag: --name alone means true, --name=false false.
func boolField[T any](r *recordFlags[T], name, usage string, get func(*T) *bool) {
	r.fs.BoolFunc(name, usage, func(s string) error {
		v, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("want true or false")
		}
		*get(&r.scratch) = v
		return nil
	})
	r.copy[name] = func(dst, src *T) { *get(dst) = *get(src) }
}

// listField registers a repeatable flag for a list: given at all, it replaces the list; empty
// values are dropped, so a single "" empties it.
func listField[T any](r *recordFlags[T], name, usage string, get func(*T) *[]string) {
	r.fs.Func(name, usage, func(s string) error {
		if s = strings.TrimSpace(s); s != "" {
			p := get(&r.scratch)
			*p = append(*p, s)
		}
		return nil
	})
	r.copy[name] = func(dst, src *T) { *get(dst) = slices.Clone(*get(src)) }
}

// trimmed is the parse function of a plain text field.
func trimmed(s string) (string, error) { return strings.TrimSpace(s), nil }

// oneOf returns the parse function of a field that takes one of values.
func oneOf[V ~string](values ...V) func(string) (V, error) {
	return func(s string) (V, error) {
		v := V(strings.TrimSpace(s))
		if !slices.Contains(values, v) {
			return v, fmt.Errorf("want %s", joinValues(values))
		}
		return v, nil
	}
}

func joinValues[V ~string](values []V) string {
	s := make([]string, len(values))
	for i, v := range values {
		s[i] = string(v)
	}
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// kindList names the contract kinds given, or all.
func kindList(kinds ...directory.Kind) string {
	if len(kinds) == 0 {
		kinds = directory.Kinds()
	}
	return joinValues(kinds)
}

// noArgs passes on a parse error and rejects positional arguments.
func noArgs(pos []string, err error) error {
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	return nil
}

// nextID returns prefix and one more than the highest number among the IDs of that form,
// four digits at least: C-0008 after C-0007.
func nextID[R any](prefix string, records []R, id func(R) string) string {
	highest := 0
	for _, r := range records {
		digits, ok := strings.CutPrefix(id(r), prefix)
		if !ok || digits == "" || strings.Trim(digits, "0123456789") != "" {
			continue
		}
		if n, err := strconv.Atoi(digits); err == nil && n > highest {
			highest = n
		}
	}
	return fmt.Sprintf("%s%04d", prefix, highest+1)
}

func fullName(c directory.Contact) string { return joinNonEmpty(" ", c.FirstName, c.Name) }

func postal(a directory.Address) string {
	return joinNonEmpty(", ", a.Street, joinNonEmpty(" ", a.Zip, a.City), a.Country)
}

func period(k directory.Contract) string {
	until := "open-ended"
	if !k.ValidUntil.IsZero() {
		until = "until " + k.ValidUntil.String()
	}
	return "from " + k.ValidFrom.String() + ", " + until
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
