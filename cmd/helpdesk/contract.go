package main

// The contract commands: add and list contracts, and set their last valid day. The terms that
// depend on a contract's kind have flags of their own (contractTerms).

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"helpdesk/daemon"
	"helpdesk/directory"
)

func contractCommands() []*command {
	return []*command{
		{name: "add", summary: "add a contract", run: runContractAdd},
		{name: "list", summary: "list contracts, all or of one customer", run: runContractList},
		{name: "end", args: "ID", summary: "set the last valid day of a contract", run: runContractEnd},
	}
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
	var ks []directory.Contract
	if err := f.dirCallNoArgs(ctx, e, args, "contract.list", &a, &ks); err != nil {
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

// kindList names the contract kinds given, or all.
func kindList(kinds ...directory.Kind) string {
	if len(kinds) == 0 {
		kinds = directory.Kinds()
	}
	return joinValues(kinds)
}

func period(k directory.Contract) string {
	until := "open-ended"
	if !k.ValidUntil.IsZero() {
		until = "until " + k.ValidUntil.String()
	}
	return "from " + k.ValidFrom.String() + ", " + until
}
