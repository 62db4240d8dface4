package main

// The back office's commands: approval of time, service reports, prepaid hours, the billing
// export and the statistics.

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"helpdesk/daemon"
	"helpdesk/internal/cli"
	"helpdesk/mailflow/command"
	"helpdesk/reports"
)

func billingCommands() []*cli.Command {
	return []*cli.Command{
		{Name: "billing pending", Summary: "list time entries not yet released for billing",
			Help: "Lists the time entries that are recorded but neither approved nor rejected.\n" + listHelp + "\n\n" +
				"JSON fields: those of time list --json.\n\n" +
				"Example:\n  helpdesk billing pending --customer K-1001 --json",
			Setup: func(f *cli.Flags) cli.Action {
				var a daemon.BillingPendingArgs
				f.StringVar(&a.Customer, "customer", "", "only entries of customer `NUMBER`")
				return list(f, daemon.BillingPending, &a, &a.Paging, timeColumns)
			}},
		{Name: "billing approve", Summary: "release time entries for the next service report",
			Help: "Approves time entries: the next report create for their customer puts them on a service\n" +
				"report. All or none: one entry that cannot be approved approves none.\n\n" +
				"Example:\n  helpdesk billing approve 17 18 21",
			Setup: func(f *cli.Flags) cli.Action {
				var a daemon.TimeApproveArgs
				f.RestFunc("ENTRY", func(s string) error {
					var id uint64
					err := idInto(&id)(s)
					a.IDs = append(a.IDs, id)
					return err
				})
				f.StringVar(&a.By, "by", "", "who approves (recorded in the audit trail); default back office")
				return call(f, daemon.BillingApprove, &a, "print the entries as JSON", func(r *cli.Run, es []daemon.TimeView) error {
					for _, e := range es {
						fmt.Fprintf(r.Stdout, "time entry %d approved (%s on %s)\n", e.ID, minutesText(e.Minutes), e.Ticket)
					}
					return nil
				})
			}},
		{Name: "billing reject", Summary: "reject a time entry; its technician is told by mail",
			Help: "Rejects a time entry with a reason: it is not billed, and the technician gets a mail with\n" +
				"the entry and the reason. Edit it (time edit) to record it anew.\n\n" +
				"Example:\n  helpdesk billing reject 17 --reason \"Doppelt erfasst, siehe Eintrag 16\"",
			Setup: func(f *cli.Flags) cli.Action {
				var a daemon.TimeRejectArgs
				f.ArgFunc("ENTRY", idInto(&a.ID))
				f.StringVar(&a.Reason, "reason", "", "why (`TEXT`, required; the technician reads it)")
				f.Require("reason")
				f.StringVar(&a.By, "by", "", "who rejects (recorded and named in the mail); default back office")
				return call(f, daemon.BillingReject, &a, "print the entry as JSON", func(r *cli.Run, e daemon.TimeView) error {
					_, err := fmt.Fprintf(r.Stdout, "time entry %d rejected; %s is told by mail\n", e.ID, e.Technician)
					return err
				})
			}},
		{Name: "billing export", Summary: "the month's service reports for the accounting system (CSV or JSON)",
			Help: "Writes one row per service report dated in the month: report_id;date;customer;customer_name;\n" +
				"datev_advisor;branch;billable_minutes;nonbillable_minutes;travel;net_amount. CSV as German\n" +
				"accounting tools read it: UTF-8 with BOM, semicolons, decimal commas, dates DD.MM.YYYY.\n" +
				"Rental and datacenter customers are not on it (they are billed elsewhere).\n\n" +
				"Example:\n  helpdesk billing export --month 2026-12 > abrechnung-2026-12.csv\n" +
				"  helpdesk billing export --month 2026-12 --format json",
			Setup: func(f *cli.Flags) cli.Action {
				var a daemon.MonthArgs
				format := "csv"
				f.StringVar(&a.Month, "month", "", "the month, `YYYY-MM` (required)")
				f.StringVar(&format, "format", "csv", "`FORMAT`: csv or json")
				f.Require("month")
				return func(ctx context.Context, r *cli.Run) error {
					if format != "csv" && format != "json" {
						return cli.Usagef("--format %q: want csv or json", format)
					}
					rows, err := invoke(ctx, r, daemon.BillingExport, a)
					if err != nil {
						return err
					}
					if format == "json" {
						return writeJSON(r.Stdout, rows)
					}
					return reports.WriteCSV(r.Stdout, rows)
				}
			}},
		{Name: "time edit", Summary: "change a time entry before it is reported (audited)",
			Help: "Changes the given fields of a time entry that is not on a service report yet. Every change\n" +
				"is kept in the entry's audit trail (who, when, before and after; time show). An approved\n" +
				"or rejected entry that is edited is recorded again and needs a new approval.\n\n" +
				"Example:\n  helpdesk time edit 17 --duration 1h --activity \"Router getauscht und konfiguriert\"\n" +
				"  helpdesk time edit 18 --not-billable \"Kulanz\"   (--billable makes it billable again)",
			Setup: func(f *cli.Flags) cli.Action {
				var a daemon.TimeEditArgs
				var duration, date, notBillable, activity string
				var billable bool
				var trips, km int
				f.ArgFunc("ENTRY", idInto(&a.ID))
				f.StringVar(&duration, "duration", "", "the time, `DURATION` as in #zeit: 45m, 1h30, 1,5h, 1:30")
				f.StringVar(&date, "date", "", "the day worked, `YYYY-MM-DD`")
				f.StringVar(&notBillable, "not-billable", "", "not billable, for this `REASON`")
				f.BoolVar(&billable, "billable", false, "billable again")
				f.StringVar(&activity, "activity", "", "what was done (`TEXT`)")
				f.IntVar(&trips, "travel", -1, "`N` trips")
				f.IntVar(&km, "km", -1, "`N` kilometres")
				f.StringVar(&a.By, "by", "", "who edits (recorded in the audit trail); default back office")
				act := call(f, daemon.TimeEdit, &a, "print the entry as JSON", func(r *cli.Run, e daemon.TimeView) error {
					_, err := fmt.Fprintf(r.Stdout, "time entry %d changed (%s on %s, %s)\n", e.ID, minutesText(e.Minutes), e.Ticket, e.State)
					return err
				})
				return func(ctx context.Context, r *cli.Run) error {
					set := map[string]bool{}
					f.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
					given := func(name string) bool { return set[name] }
					if given("duration") {
						m, err := command.ParseDuration(duration, 0)
						if err != nil {
							return cli.Usagef("--duration: %v", err)
						}
						a.Minutes = &m
					}
					if given("date") {
						a.Date = &date
					}
					switch {
					case given("not-billable") && billable:
						return cli.Usagef("--not-billable and --billable: give one of them")
					case given("not-billable"):
						if strings.TrimSpace(notBillable) == "" {
							return cli.Usagef("--not-billable needs a reason")
						}
						a.NotBillable = &notBillable
					case billable:
						empty := ""
						a.NotBillable = &empty
					}
					if given("activity") {
						a.Activity = &activity
					}
					if trips >= 0 {
						a.Trips = &trips
					}
					if km >= 0 {
						a.Km = &km
					}
					return act(ctx, r)
				}
			}},
		{Name: "time show", Summary: "show a time entry with its audit trail",
			Help: "Shows one time entry and every change made to it before it was reported.\n\n" +
				"JSON fields: those of time list --json, and audit: a list of by, at, what (edit, approve,\n" +
				"reject), reason, before, after.\n\n" +
				"Example:\n  helpdesk time show 17 --json",
			Setup: onOne(daemon.TimeShow, "ENTRY", idKey, "print JSON", func(r *cli.Run, e daemon.TimeDetail) error {
				tw := tabs(r.Stdout)
				fmt.Fprintln(tw, timeColumns.header)
				fmt.Fprintln(tw, timeColumns.row(e.TimeView))
				if err := tw.Flush(); err != nil {
					return err
				}
				for _, c := range e.Audit {
					line := fmt.Sprintf("%s  %s by %s", c.At.Format("2006-01-02 15:04"), c.What, c.By)
					if c.Reason != "" {
						line += ": " + c.Reason
					}
					if c.Before != nil && c.After != nil && *c.Before != *c.After {
						line += fmt.Sprintf(" (%s %s %s → %s %s %s)", c.Before.Date, minutesText(c.Before.Minutes), c.Before.State,
							c.After.Date, minutesText(c.After.Minutes), c.After.State)
					}
					fmt.Fprintln(r.Stdout, line)
				}
				return nil
			})},
	}
}

// idInto parses a numeric ID argument into *p.
func idInto(p *uint64) func(string) error {
	return func(s string) error {
		id, err := strconv.ParseUint(s, 10, 64)
		if err != nil || id == 0 {
			return fmt.Errorf("%q is not an ID", s)
		}
		*p = id
		return nil
	}
}

func reportCommands() []*cli.Command {
	return []*cli.Command{
		{Name: "report create", Summary: "make the service reports of a customer's approved time and mail them",
			Help: "Puts the customer's approved, unreported time entries (up to --until) on service reports,\n" +
				"one per branch where the customer is billed per branch, prices them under the contract\n" +
				"valid on each entry's day, freezes them under a new number (SB-YYYY-NNNNN), and mails each\n" +
				"report, PDF attached, to the customer's notify.service_reports addresses. Prepaid hours\n" +
				"are deducted instead of billed. A correction is a new report: --corrects names the old one.\n\n" +
				"JSON fields: those of report list --json, and held (entries kept back beyond a Kontingent's\n" +
				"overdraw limit), warning (why a report was not mailed).\n\n" +
				"Example:\n  helpdesk report create --customer K-1001 --until 2026-12-31",
			Setup: func(f *cli.Flags) cli.Action {
				var a daemon.ReportCreateArgs
				f.StringVar(&a.Customer, "customer", "", "customer `NUMBER` (required)")
				f.Require("customer")
				f.StringVar(&a.Until, "until", "", "entries of days up to `YYYY-MM-DD`; default today")
				f.StringVar(&a.Corrects, "corrects", "", "the report `ID` these reports correct")
				return call(f, daemon.ReportCreate, &a, "print the reports as JSON", func(r *cli.Run, vs []daemon.ReportView) error {
					for _, v := range vs {
						fmt.Fprintf(r.Stdout, "%s: %s%s, %d entries, net %s, %s\n", v.ID, v.Customer, branchText(v.Branch), len(v.Entries),
							reports.DecimalComma(v.NetCents)+" €", v.State)
						if v.Warning != "" {
							fmt.Fprintf(r.Stdout, "  not mailed: %s\n", v.Warning)
						}
						if len(v.Held) > 0 {
							fmt.Fprintf(r.Stdout, "  held beyond the overdraw limit: entries %v\n", v.Held)
						}
					}
					return nil
				})
			}},
		{Name: "report list", Summary: "list service reports, paged",
			Help: "Lists service reports, by customer or month of the report's date.\n" + listHelp + "\n\n" +
				"JSON fields: id, customer, branch, created, from, until, billable_minutes (billed, after the\n" +
				"increment), nonbillable_minutes, travel_cents, net_cents, state (created, sent).\n\n" +
				"Example:\n  helpdesk report list --customer K-1001 --json",
			Setup: func(f *cli.Flags) cli.Action {
				var a daemon.ReportListArgs
				f.StringVar(&a.Customer, "customer", "", "only reports of customer `NUMBER`")
				f.StringVar(&a.Month, "month", "", "only reports dated in `YYYY-MM`")
				return list(f, daemon.ReportList, &a, &a.Paging, reportColumns)
			}},
		{Name: "report show", Summary: "show one service report with its lines",
			Help: "Shows a service report: its figures, every line as priced, the Kontingent movement.\n\n" +
				"Example:\n  helpdesk report show SB-2026-00042 --json",
			Setup: onOne(daemon.ReportShow, "ID", stringKey, "print JSON", func(r *cli.Run, d daemon.ReportDetail) error {
				tw := tabs(r.Stdout)
				fmt.Fprintln(tw, reportColumns.header)
				fmt.Fprintln(tw, reportColumns.row(d.ReportView))
				fmt.Fprintln(tw)
				fmt.Fprintln(tw, row("ENTRY", "DATE", "TICKET", "TECHNICIAN", "TIME", "BILLED", "DEDUCTED", "AMOUNT", "REASON"))
				for _, l := range d.Lines {
					fmt.Fprintln(tw, row(l.Entry.ID, l.Entry.Date.String(), l.Entry.Ticket, l.Entry.Technician, minutesText(int(l.Entry.Minutes)),
						minutesText(int(l.BilledMinutes)), minutesText(int(l.DeductedMinutes)), reports.DecimalComma(int64(l.Amount)), dash(l.Entry.Reason)))
				}
				for _, k := range d.Kontingent {
					fmt.Fprintf(tw, "\nKontingent %s: before %d min, credited %d, used %d, after %d, beyond the limit %d\n",
						k.Contract, k.Before, k.Credited, k.Used, k.After, k.Excess)
				}
				return tw.Flush()
			})},
		{Name: "report resend", Summary: "mail a service report again to the report addresses",
			Help: "Queues the report's mail again, with the PDF it was first sent with, to the customer's\n" +
				"notify.service_reports addresses as they are now.\n\n" +
				"Example:\n  helpdesk report resend SB-2026-00042",
			Setup: onOne(daemon.ReportResend, "ID", stringKey, "print JSON", func(r *cli.Run, v daemon.ReportView) error {
				_, err := fmt.Fprintf(r.Stdout, "%s queued to %s\n", v.ID, strings.Join(v.Recipients, ", "))
				return err
			})},
		{Name: "report pdf", Summary: "write a service report's PDF to a file",
			Help: "Writes the PDF of a report: the one its customer was sent, or for a report not yet sent,\n" +
				"the same rendering. Without -o it goes to ID.pdf in the current directory; -o - writes it\n" +
				"to standard output.\n\n" +
				"Example:\n  helpdesk report pdf SB-2026-00042 -o SB-2026-00042.pdf",
			Setup: func(f *cli.Flags) cli.Action {
				var a daemon.IDStringArgs
				var out string
				f.Arg("ID", &a.ID)
				f.StringVar(&out, "o", "", "write to `FILE` (- for standard output)")
				return func(ctx context.Context, r *cli.Run) error {
					res, err := invoke(ctx, r, daemon.ReportPDF, a)
					if err != nil {
						return err
					}
					if out == "-" {
						_, err := r.Stdout.Write(res.PDF)
						return err
					}
					if out == "" {
						out = res.Name
					}
					if err := os.WriteFile(out, res.PDF, 0o644); err != nil {
						return fmt.Errorf("write %s: %w", out, err)
					}
					_, err = fmt.Fprintf(r.Stdout, "%s written to %s (%d bytes)\n", res.ID, out, len(res.PDF))
					return err
				}
			}},
		{Name: "kontingent show", Summary: "a customer's prepaid hours: balance and every movement",
			Help: "Shows the ledger of a customer's prepaid-hours contract (the one valid on --as-of, or\n" +
				"--contract): monthly credits, deductions with their report and ticket, adjustments and\n" +
				"corrections, each with the balance after it; the room before the overdraw limit and\n" +
				"whether a correction invoice is due.\n\n" +
				"JSON fields: customer, contract, as_of, hours_per_month_minutes, balance_minutes, room,\n" +
				"warn, correction (due, minutes, negative_months, after_months), movements (kind, date,\n" +
				"minutes, balance_minutes, report, ticket, entry, work_date, invoice, reason), months.\n\n" +
				"Example:\n  helpdesk kontingent show K-1002 --json",
			Setup: func(f *cli.Flags) cli.Action {
				var a daemon.KontingentArgs
				f.Arg("CUSTOMER", &a.Customer)
				f.StringVar(&a.Contract, "contract", "", "the prepaid-hours contract `ID`; default the one valid on the day")
				f.StringVar(&a.AsOf, "as-of", "", "the balance at the end of `YYYY-MM-DD`; default today")
				return call(f, daemon.KontingentShow, &a, "print JSON", func(r *cli.Run, k *reports.Kontingent) error {
					return kontingentTable(r.Stdout, k)
				})
			}},
		{Name: "kontingent due", Summary: "prepaid hours below zero long enough for a correction invoice",
			Help: "Lists every Kontingent whose balance closed below zero in each of the last\n" +
				"correction_after_months complete months ([billing] or the contract's own; default 3) and\n" +
				"is still below zero: a correction invoice is due for the minutes below zero.\n\n" +
				"Example:\n  helpdesk kontingent due --json",
			Setup: func(f *cli.Flags) cli.Action {
				var a daemon.AsOfArgs
				f.StringVar(&a.AsOf, "as-of", "", "as of `YYYY-MM-DD`; default today")
				return call(f, daemon.KontingentDue, &a, "print a JSON array", func(r *cli.Run, ds []reports.Due) error {
					tw := tabs(r.Stdout)
					fmt.Fprintln(tw, row("CUSTOMER", "NAME", "CONTRACT", "BALANCE", "TO BILL", "NEGATIVE MONTHS"))
					for _, d := range ds {
						fmt.Fprintln(tw, row(d.Customer, d.CustomerName, d.Contract, signedMinutes(d.BalanceMinutes), minutesText(int(d.Minutes)),
							fmt.Sprintf("%d (of %d)", d.NegativeMonths, d.AfterMonths)))
					}
					return tw.Flush()
				})
			}},
		{Name: "kontingent correct", Summary: "record the correction invoice of an overdrawn Kontingent",
			Help: "Records that a correction invoice billed the hours below zero: the minutes are credited\n" +
				"back with the invoice's number, and the count of negative months starts again.\n\n" +
				"Example:\n  helpdesk kontingent correct V-0002 --invoice RE-2027-0113",
			Setup: func(f *cli.Flags) cli.Action {
				var a daemon.KontingentCorrectArgs
				f.Arg("CONTRACT", &a.Contract)
				f.StringVar(&a.Invoice, "invoice", "", "the correction invoice's `NUMBER` (required)")
				f.Require("invoice")
				f.Int64Var(&a.Minutes, "minutes", 0, "`N` minutes billed; default what is due")
				return call(f, daemon.KontingentCorrect, &a, "print the ledger as JSON", func(r *cli.Run, k *reports.Kontingent) error {
					_, err := fmt.Fprintf(r.Stdout, "%s: correction recorded, balance %s\n", k.Contract, signedMinutes(k.BalanceMinutes))
					return err
				})
			}},
		{Name: "stats", Summary: "a month's figures per customer",
			Help: "Per customer and month: tickets opened and resolved, first-response and resolution times\n" +
				"(median and 90th percentile, nearest rank, in minutes), billable and non-billable time,\n" +
				"time per technician.\n\n" +
				"JSON fields: customer, month, tickets_opened, tickets_resolved, first_response_minutes and\n" +
				"resolution_minutes (count, median, p90), billable_minutes, nonbillable_minutes,\n" +
				"technicians (technician, billable_minutes, nonbillable_minutes).\n\n" +
				"Example:\n  helpdesk stats --customer K-1001 --month 2026-12 --json",
			Setup: func(f *cli.Flags) cli.Action {
				var a daemon.StatsArgs
				f.StringVar(&a.Customer, "customer", "", "only customer `NUMBER`; default every customer")
				f.StringVar(&a.Month, "month", "", "`YYYY-MM`; default this month")
				return call(f, daemon.Stats, &a, "print a JSON array", func(r *cli.Run, ss []reports.Stats) error {
					tw := tabs(r.Stdout)
					fmt.Fprintln(tw, row("CUSTOMER", "MONTH", "OPENED", "RESOLVED", "FIRST RESPONSE (MEDIAN/P90)", "RESOLUTION (MEDIAN/P90)", "BILLABLE", "NOT BILLABLE"))
					for _, s := range ss {
						fmt.Fprintln(tw, row(s.Customer, s.Month, strconv.Itoa(s.TicketsOpened), strconv.Itoa(s.TicketsResolved),
							fmt.Sprintf("%d/%d min", s.FirstResponse.Median, s.FirstResponse.P90), fmt.Sprintf("%d/%d min", s.Resolution.Median, s.Resolution.P90),
							minutesText(int(s.BillableMinutes)), minutesText(int(s.NonBillable))))
					}
					return tw.Flush()
				})
			}},
	}
}

var reportColumns = columns[daemon.ReportView]{
	header: row("ID", "DATE", "CUSTOMER", "BRANCH", "PERIOD", "BILLED", "NOT BILLED", "TRAVEL", "NET", "STATE"),
	row: func(v daemon.ReportView) string {
		return row(v.ID, v.Date, v.Customer, dash(v.Branch), v.From+" – "+v.Until, minutesText(int(v.BillableMinutes)),
			minutesText(int(v.NonBillableMinutes)), reports.DecimalComma(v.TravelCents), reports.DecimalComma(v.NetCents), v.State)
	},
}

func branchText(b string) string {
	if b == "" {
		return ""
	}
	return " branch " + b
}

func signedMinutes(m int64) string {
	if m < 0 {
		return "-" + minutesText(int(-m))
	}
	return minutesText(int(m))
}

func kontingentTable(w io.Writer, k *reports.Kontingent) error {
	fmt.Fprintf(w, "%s of %s as of %s: balance %s", k.Contract, k.Customer, k.AsOf, signedMinutes(k.BalanceMinutes))
	if k.Room.Unlimited {
		fmt.Fprint(w, ", overdraw unlimited")
	} else {
		fmt.Fprintf(w, ", room %s", minutesText(int(k.Room.Minutes)))
	}
	if k.Correction.Due {
		fmt.Fprintf(w, ", correction due: %s", minutesText(int(k.Correction.Minutes)))
	}
	fmt.Fprintln(w)
	tw := tabs(w)
	fmt.Fprintln(tw, row("DATE", "KIND", "MINUTES", "BALANCE", "REPORT", "TICKET", "ENTRY", "NOTE"))
	for _, m := range k.Movements {
		fmt.Fprintln(tw, row(m.Date, m.Kind, strconv.FormatInt(m.Minutes, 10), signedMinutes(m.Balance), dash(m.Report), dash(m.Ticket),
			dash(m.Entry), dash(strings.TrimSpace(m.Reason+" "+m.Invoice))))
	}
	return tw.Flush()
}
