package main

// The contract commands: add, edit, show and list contracts, and set their last valid day.
// The terms of a contract depend on its kind; their flags (contractTerms) fill the terms of
// the contract's own kind and are refused for another.

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"time"

	"helpdesk/daemon"
	"helpdesk/directory"
	"helpdesk/internal/cli"
)

var contractKind = recordKind[directory.Contract]{
	name: "contract", idName: "ID",
	id:     func(k *directory.Contract) *string { return &k.ID },
	fields: contractFields,
	add:    daemon.ContractAdd, edit: daemon.ContractEdit, show: daemon.ContractShow, list: daemon.ContractList,
	table: contractTable,
	describe: func(k directory.Contract) string {
		return fmt.Sprintf("%s (%s) of customer %s, valid %s", k.ID, k.Kind, k.Customer, period(k))
	},
	extra: func(f *cli.Flags) recordExtra[directory.Contract] { return newTermFlags(f) },
}

func contractCommands() []*cli.Command {
	return []*cli.Command{
		contractKind.addCommand("add a contract",
			"Adds a contract. The term flags fill the terms of the contract's kind (each says which\n"+
				"kinds it is for); the checks of a needs analysis come with --file. Without --id the\n"+
				"daemon gives it the next free V-NNNN. Two cooperation or two prepaid_hours contracts\n"+
				"of a customer may not overlap.\n\n"+fileNote+"\n\n"+
				"Examples:\n  helpdesk contract add --customer K-1002 --kind cooperation --from 2026-01-01 \\\n"+
				"    --hourly-rate 95 --daily-rate 720 --travel-per-trip 35 --travel-per-km 0.42 \\\n"+
				"    --billing-increment 15m --reaction urgent=2h --reaction normal=8h\n"+
				"  helpdesk contract add --customer K-1002 --kind prepaid_hours --from 2026-01-01 \\\n"+
				"    --hours-per-month 10 --warn-below 2 --overdraw --overdraw-limit 5 --beyond-limit bill --excess-rate 95\n"+
				"  helpdesk contract add --file checks.toml"),
		contractKind.editCommand("change the given fields or terms of a contract",
			"Changes the fields and terms of a contract whose flags are given and keeps the others;\n"+
				"the daemon applies them in one transaction. With --file the file replaces the whole\n"+
				"record.\n\n"+fileNote+"\n\nExample:\n  helpdesk contract edit V-0002 --hourly-rate 98.50"),
		contractKind.showCommand("show one contract with its terms", "Shows one contract with its terms.\n\nExample:\n  helpdesk contract show V-0002 --json"),
		contractKind.listCommand("list contracts, all or of one customer",
			"Lists contracts by ID, all or those of one customer, with their terms in short.\n\n"+
				"Example:\n  helpdesk contract list --customer K-1003"),
		{Name: "contract end", Summary: "set the last valid day of a contract",
			Help: "Sets the last valid day of a contract (inclusive). It may shorten or extend an end\n" +
				"set before, never to before the first valid day.\n\nExample:\n  helpdesk contract end V-0004 --until 2026-06-30",
			Setup: func(f *cli.Flags) cli.Action {
				a := daemon.ContractEndArgs{Until: directory.DateOf(time.Now())}
				f.Arg("ID", &a.ID)
				f.Func("until", "last valid day, `YYYY-MM-DD`; default today", func(s string) error {
					d, err := directory.ParseDate(strings.TrimSpace(s))
					a.Until = d
					return err
				})
				return call(f, daemon.ContractEnd, &a, "print the stored contract as JSON", func(r *cli.Run, k directory.Contract) error {
					_, err := fmt.Fprintf(r.Stdout, "contract %s of customer %s is valid %s\n", k.ID, k.Customer, period(k))
					return err
				})
			}},
	}
}

// contractFields registers the flags of the contract's own fields.
func contractFields(r *cli.RecordFlags[directory.Contract]) {
	type K = directory.Contract
	cli.Field(r, "id", "contract `ID`, e.g. V-0008; add: default the next free V-NNNN", func(k *K) *string { return &k.ID }, cli.Trimmed)
	cli.Field(r, "customer", "customer `NUMBER`", func(k *K) *string { return &k.Customer }, cli.Trimmed)
	cli.Field(r, "kind", "`KIND`: "+kindList(), func(k *K) *directory.Kind { return &k.Kind }, cli.OneOf(directory.Kinds()...))
	cli.Field(r, "from", "first valid day, `YYYY-MM-DD`", func(k *K) *directory.Date { return &k.ValidFrom }, directory.ParseDate)
	cli.Field(r, "until", "last valid day, `YYYY-MM-DD`; default open-ended", func(k *K) *directory.Date { return &k.ValidUntil }, directory.ParseDate)
}

// contractTerms holds the values of every term flag, under the JSON names the terms of each
// kind use, so that the flags given make a patch of the terms of the contract's kind.
type contractTerms struct {
	HourlyRate            directory.Money               `json:"hourly_rate"`
	DailyRate             directory.Money               `json:"daily_rate"`
	TravelPerTrip         directory.Money               `json:"travel_per_trip"`
	TravelPerKm           directory.Money               `json:"travel_per_km"`
	Reachability          string                        `json:"reachability"`
	ReactionTimes         map[string]directory.Duration `json:"reaction_times"`
	BillingIncrement      directory.Duration            `json:"billing_increment"`
	Rounding              directory.Rounding            `json:"rounding"`
	HoursPerMonth         directory.Hours               `json:"hours_per_month"`
	Start                 directory.Date                `json:"start"`
	OverdrawAllowed       bool                          `json:"overdraw_allowed"`
	WarnBelow             directory.Hours               `json:"warn_below"`
	OverdrawLimit         directory.Hours               `json:"overdraw_limit"`
	BeyondLimit           directory.BeyondLimit         `json:"beyond_limit"`
	ExcessRate            directory.Money               `json:"excess_rate"`
	Prorate               directory.Prorate             `json:"prorate"`
	CorrectionAfterMonths int                           `json:"correction_after_months"`
	Description           string                        `json:"description"`
}

// termFlags are the flags of contractTerms, and the kinds each is for.
type termFlags struct {
	r     *cli.RecordFlags[contractTerms]
	kinds map[string][]directory.Kind
}

func newTermFlags(f *cli.Flags) *termFlags {
	type T = contractTerms
	coop, prepaid := directory.KindCooperation, directory.KindPrepaidHours
	r := cli.NewRecordFlags[T](f)
	t := &termFlags{r: r, kinds: map[string][]directory.Kind{}}
	money := func(name, usage string, get func(*T) *directory.Money, kinds ...directory.Kind) {
		cli.Field(r, name, usage, get, directory.ParseMoney)
		t.kinds[name] = kinds
	}
	hours := func(name, usage string, get func(*T) *directory.Hours) {
		cli.Field(r, name, usage, get, directory.ParseHours)
		t.kinds[name] = []directory.Kind{prepaid}
	}
	money("hourly-rate", "cooperation: hourly rate in `EURO`, e.g. 95.00", func(t *T) *directory.Money { return &t.HourlyRate }, coop)
	money("daily-rate", "cooperation: daily rate in `EURO` (quoted, not applied to reports)", func(t *T) *directory.Money { return &t.DailyRate }, coop)
	money("travel-per-trip", "cooperation, prepaid_hours: travel cost per trip in `EURO`", func(t *T) *directory.Money { return &t.TravelPerTrip }, coop, prepaid)
	money("travel-per-km", "cooperation, prepaid_hours: travel cost per km in `EURO`", func(t *T) *directory.Money { return &t.TravelPerKm }, coop, prepaid)
	cli.Field(r, "reachability", "cooperation: when we can be reached (`TEXT`), e.g. \"Mo-Fr 08:00-17:00\"", func(t *T) *string { return &t.Reachability }, cli.Trimmed)
	t.kinds["reachability"] = []directory.Kind{coop}
	f.Func("reaction", "cooperation: reaction time per priority (urgent, high, normal, low) as\n`PRIORITY=DURATION`, e.g. urgent=2h; repeatable, edit changes the priorities given",
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
			if r.Scratch().ReactionTimes == nil {
				r.Scratch().ReactionTimes = map[string]directory.Duration{}
			}
			r.Scratch().ReactionTimes[strings.ToLower(strings.TrimSpace(prio))] = d
			return nil
		})
	cli.Register(r, "reaction", func(t *T) *map[string]directory.Duration { return &t.ReactionTimes })
	t.kinds["reaction"] = []directory.Kind{coop}
	cli.Field(r, "billing-increment", "cooperation, prepaid_hours: every started `DURATION` is billed in full, e.g. 15m; 1m bills exactly",
		func(t *T) *directory.Duration { return &t.BillingIncrement }, directory.ParseDuration)
	t.kinds["billing-increment"] = []directory.Kind{coop, prepaid}
	cli.Field(r, "rounding", "cooperation, prepaid_hours: `WHAT` the increment rounds: entry (each entry) or ticket (a ticket's sum per report)",
		func(t *T) *directory.Rounding { return &t.Rounding }, cli.OneOf(directory.RoundEntry, directory.RoundTicket))
	t.kinds["rounding"] = []directory.Kind{coop, prepaid}
	hours("hours-per-month", "prepaid_hours: `HOURS` credited each month, e.g. 10, 7.5 or 7:30", func(t *T) *directory.Hours { return &t.HoursPerMonth })
	cli.Field(r, "start", "prepaid_hours: first day credited, `YYYY-MM-DD`; default --from", func(t *T) *directory.Date { return &t.Start }, directory.ParseDate)
	t.kinds["start"] = []directory.Kind{prepaid}
	cli.BoolField(r, "overdraw", "prepaid_hours: the balance may fall below zero", func(t *T) *bool { return &t.OverdrawAllowed })
	t.kinds["overdraw"] = []directory.Kind{prepaid}
	hours("warn-below", "prepaid_hours: warn when the balance falls below `HOURS`", func(t *T) *directory.Hours { return &t.WarnBelow })
	hours("overdraw-limit", "prepaid_hours: how far below zero the balance may go, `HOURS`; 0 with --overdraw: no limit", func(t *T) *directory.Hours { return &t.OverdrawLimit })
	cli.Field(r, "beyond-limit", "prepaid_hours: what becomes of time beyond the limit: `hold` (back office) or bill (at --excess-rate)",
		func(t *T) *directory.BeyondLimit { return &t.BeyondLimit }, cli.OneOf(directory.BeyondHold, directory.BeyondBill))
	t.kinds["beyond-limit"] = []directory.Kind{prepaid}
	money("excess-rate", "prepaid_hours: hourly rate in `EURO` for time billed beyond the limit", func(t *T) *directory.Money { return &t.ExcessRate }, prepaid)
	cli.Field(r, "prorate", "prepaid_hours: a month covered in part is credited `none` (in full) or daily (by days)",
		func(t *T) *directory.Prorate { return &t.Prorate }, cli.OneOf(directory.ProrateNone, directory.ProrateDaily))
	t.kinds["prorate"] = []directory.Kind{prepaid}
	cli.Field(r, "correction-after", "prepaid_hours: `MONTHS` below zero after which a correction invoice is due (default 3)",
		func(t *T) *int { return &t.CorrectionAfterMonths }, atoi)
	t.kinds["correction-after"] = []directory.Kind{prepaid}
	cli.Field(r, "description", "rental, datacenter: `TEXT` saying what is rented or hosted", func(t *T) *string { return &t.Description }, cli.Trimmed)
	t.kinds["description"] = []directory.Kind{directory.KindRental, directory.KindDatacenter}
	return t
}

func (t *termFlags) given() []string { return t.r.Given() }

// terms checks the flags given against kind and returns their patch of the terms, with the
// JSON name the terms of kind have in a contract.
func (t *termFlags) terms(kind directory.Kind) (string, map[string]any, error) {
	for _, name := range t.given() {
		if !slices.Contains(t.kinds[name], kind) {
			return "", nil, cli.Usagef("--%s is for %s contracts, this one is %s", name, kindList(t.kinds[name]...), kind)
		}
	}
	p := map[string]any{}
	t.r.Patch(p)
	return termsKey(kind), p, nil
}

// apply fills the terms of a new contract: the flags given on top of what --file brought.
func (t *termFlags) apply(k *directory.Contract) error {
	switch {
	case k.Customer == "":
		return cli.Usagef("want --customer NUMBER")
	case k.Kind == "":
		return cli.Usagef("want --kind (one of %s)", kindList())
	case k.ValidFrom.IsZero():
		return cli.Usagef("want --from YYYY-MM-DD, the first valid day")
	}
	_, p, err := t.terms(k.Kind)
	if err != nil {
		return err
	}
	if k.Kind == directory.KindNeedsAnalysis && (k.NeedsAnalysis == nil || len(k.NeedsAnalysis.Checks) == 0) {
		return cli.Usagef("a needs_analysis contract lists its checks: give the whole contract with --file")
	}
	if terms := termsOf(k); len(p) > 0 {
		b, err := jsonBytes(p)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(b, terms); err != nil {
			return err
		}
	}
	if k.PrepaidHours != nil && k.PrepaidHours.Start.IsZero() {
		k.PrepaidHours.Start = k.ValidFrom
	}
	return nil
}

// patch adds the flags given to an edit's patch, under the terms of the stored contract's kind.
func (t *termFlags) patch(p map[string]any, cur func() (directory.Contract, error)) error {
	if len(t.given()) == 0 {
		return nil
	}
	kind := directory.Kind("")
	if k, ok := p["kind"].(directory.Kind); ok {
		kind = k
	} else {
		k, err := cur()
		if err != nil {
			return err
		}
		kind = k.Kind
	}
	key, terms, err := t.terms(kind)
	if err != nil {
		return err
	}
	p[key] = terms
	return nil
}

// termsKey is the JSON name of the terms of kind in a contract.
func termsKey(kind directory.Kind) string { return string(kind) }

// termsOf returns the terms of k's kind, created when missing: the field of the contract whose
// JSON name is the kind (the kind and its terms are named alike, "prepaid_hours").
func termsOf(k *directory.Contract) any {
	v := reflect.ValueOf(k).Elem()
	for i := range v.NumField() {
		name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
		if fv := v.Field(i); name == string(k.Kind) && fv.Kind() == reflect.Pointer {
			if fv.IsNil() {
				fv.Set(reflect.New(fv.Type().Elem()))
			}
			return fv.Interface()
		}
	}
	return nil
}

func atoi(s string) (int, error) {
	var n int
	_, err := fmt.Sscan(strings.TrimSpace(s), &n)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("want a whole number")
	}
	return n, nil
}

func contractTable(w io.Writer, ks []directory.Contract) error {
	tw := tabs(w)
	fmt.Fprintln(tw, row("ID", "CUSTOMER", "KIND", "FROM", "UNTIL", "TERMS"))
	for _, k := range ks {
		fmt.Fprintln(tw, row(k.ID, k.Customer, string(k.Kind), k.ValidFrom.String(), dash(k.ValidUntil.String()), clip(termsSummary(k), 70)))
	}
	return tw.Flush()
}

// termsSummary describes a contract's terms in one line.
func termsSummary(k directory.Contract) string {
	switch {
	case k.Cooperation != nil:
		c := k.Cooperation
		s := fmt.Sprintf("%s/h per %s, %s/day, travel %s + %s/km", c.HourlyRate, c.BillingIncrement, c.DailyRate, c.TravelPerTrip, c.TravelPerKm)
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
			if p.OverdrawLimit > 0 {
				s += " " + p.OverdrawLimit.String() + " h, beyond: " + string(p.BeyondLimit)
			}
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

// kindList names the contract kinds given, or all.
func kindList(kinds ...directory.Kind) string {
	if len(kinds) == 0 {
		kinds = directory.Kinds()
	}
	return cli.JoinValues(kinds)
}

func period(k directory.Contract) string {
	until := "open-ended"
	if !k.ValidUntil.IsZero() {
		until = "until " + k.ValidUntil.String()
	}
	return "from " + k.ValidFrom.String() + ", " + until
}
