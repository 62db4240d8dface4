package main

// The technicians' commands: the desk's own people, and their work on tickets and time.

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"helpdesk/daemon"
	"helpdesk/internal/cli"
	"helpdesk/mailflow/command"
	"helpdesk/staff"
)

var technicianKind = recordKind[staff.Technician]{
	name: "technician", idName: "ID", idArg: true,
	id:     func(t *staff.Technician) *string { return &t.ID },
	fields: technicianFields,
	add:    daemon.TechnicianAdd, edit: daemon.TechnicianEdit, show: daemon.TechnicianShow,
	table: func(w io.Writer, ts []staff.Technician) error { return technicianTable(w, ts) },
	describe: func(t staff.Technician) string {
		return fmt.Sprintf("%s (%s <%s>, %s)", t.ID, t.Name, strings.Join(t.Emails, ", "), t.Role)
	},
	defaults: func(t *staff.Technician) { t.Active, t.Role = true, staff.RoleTechnician },
}

func technicianFields(r *cli.RecordFlags[staff.Technician]) {
	type T = staff.Technician
	cli.Field(r, "name", "the technician's `NAME`", func(t *T) *string { return &t.Name }, cli.Trimmed)
	cli.ListField(r, "email", "mail `ADDRESS` the technician writes from; the first gets the desk's mail;\n"+listFlagHelp,
		func(t *T) *[]string { return &t.Emails })
	cli.Field(r, "role", "`ROLE`: technician, or dispatch (also gets new and unassigned tickets)", func(t *T) *staff.Role { return &t.Role },
		cli.OneOf(staff.RoleTechnician, staff.RoleDispatch))
	cli.Field(r, "language", "`LANGUAGE` of the desk's mails to them: de or en; default the desk's", func(t *T) *string { return &t.Language },
		cli.OneOf("de", "en"))
	cli.BoolField(r, "active", "whether the technician may work tickets by mail", func(t *T) *bool { return &t.Active })
}

func technicianCommands() []*cli.Command {
	return []*cli.Command{
		technicianKind.addCommand("add a technician or dispatcher",
			"Adds one of the desk's own people. ID is the login name; it appears in the reply addresses\n"+
				"the desk issues to them. Only mail from their addresses to a reply address issued to them\n"+
				"is applied as their work.\n\n"+
				"Example:\n  helpdesk technician add m.keller --name \"Max Keller\" --email max.keller@systemhaus.test --role technician"),
		technicianKind.editCommand("change the given fields of a technician",
			"Changes the fields of a technician whose flags are given and keeps the others.\n\n"+
				"Example:\n  helpdesk technician edit m.keller --email max.keller@systemhaus.test --email max@mobil.test"),
		technicianKind.showCommand("show one technician", "Shows one technician.\n\nExample:\n  helpdesk technician show m.keller"),
		{Name: "technician list", Summary: "list the technicians",
			Help: "Lists the desk's technicians and dispatchers.\n\nJSON fields: id, name, emails, role, active.\n\n" +
				"Example:\n  helpdesk technician list --json",
			Setup: func(f *cli.Flags) cli.Action {
				var a daemon.None
				return call(f, daemon.TechnicianList, &a, "print a JSON array", func(r *cli.Run, ts []staff.Technician) error {
					return technicianTable(r.Stdout, ts)
				})
			}},
		{Name: "technician disable", Summary: "stop a technician's reply addresses and mail commands",
			Help: "Disables a technician: mail from them, and to the reply addresses issued to them, is no\n" +
				"longer applied (it is set aside). Their tickets stay assigned; assign them anew.\n\n" +
				"Example:\n  helpdesk technician disable m.keller",
			Setup: onOne(daemon.TechnicianDisable, "ID", stringKey, "print JSON", func(r *cli.Run, t staff.Technician) error {
				_, err := fmt.Fprintf(r.Stdout, "technician %s is disabled\n", t.ID)
				return err
			})},
		{Name: "ticket assign", Summary: "assign a ticket to a technician, who gets it by mail",
			Help: "Assigns a ticket to a technician. The technician gets the assignment mail with the whole\n" +
				"ticket and a reply address of their own, and works it by answering.\n\n" +
				"Example:\n  helpdesk ticket assign 2026-000042 m.keller",
			Setup: func(f *cli.Flags) cli.Action {
				var a daemon.TicketAssignArgs
				f.Arg("NUMBER", &a.Number)
				f.Arg("TECHNICIAN", &a.Technician)
				f.StringVar(&a.By, "by", "", "who assigns it (recorded on the ticket); default operator")
				return call(f, daemon.TicketAssign, &a, "print the ticket as JSON", func(r *cli.Run, t daemon.TicketSummary) error {
					_, err := fmt.Fprintf(r.Stdout, "ticket %s is assigned to %s\n", t.Number, t.Assignee)
					return err
				})
			}},
		{Name: "time list", Summary: "list time entries, paged",
			Help: "Lists time entries, filtered by ticket, technician, month or state.\n" + listHelp + "\n\n" +
				"JSON fields: id, ticket, technician, date (YYYY-MM-DD), minutes, billable, reason, activity,\n" +
				"travel (trips, km), state (recorded, approved, rejected, reported).\n\n" +
				"Example:\n  helpdesk time list --month 2026-12 --technician m.keller --json",
			Setup: func(f *cli.Flags) cli.Action {
				var a daemon.TimeListArgs
				f.StringVar(&a.Ticket, "ticket", "", "only entries of ticket `NUMBER`")
				f.StringVar(&a.Technician, "technician", "", "only entries of `TECHNICIAN`")
				f.StringVar(&a.Month, "month", "", "only entries of `YYYY-MM`")
				f.StringVar(&a.State, "state", "", "only entries in `STATE` (recorded, approved, rejected, reported)")
				f.StringVar(&a.Customer, "customer", "", "only entries of customer `NUMBER`")
				return list(f, daemon.TimeList, &a, &a.Paging, timeColumns)
			}},
		{Name: "time add", Summary: "record time on a ticket for a technician (the back office's entry)",
			Help: "Records time a technician spent on a ticket. DURATION is written as in the #zeit\n" +
				"command: 45m, 1h30, 1,5h, 1:30. Billable unless --not-billable gives the reason.\n\n" +
				"Example:\n  helpdesk time add 2026-000042 1h30 --technician m.keller --activity \"Server neu aufgesetzt\"\n" +
				"  helpdesk time add 2026-000042 20m --technician m.keller --not-billable \"Kulanz: Fehler lag bei uns\"",
			Setup: func(f *cli.Flags) cli.Action {
				var a daemon.TimeAddArgs
				f.Arg("TICKET", &a.Ticket)
				f.ArgFunc("DURATION", func(s string) (err error) {
					a.Minutes, err = command.ParseDuration(s, 0)
					return err
				})
				f.StringVar(&a.Technician, "technician", "", "`ID` of the technician who did the work (required)")
				f.Require("technician")
				f.StringVar(&a.Date, "date", "", "the day worked, `YYYY-MM-DD`; default today")
				f.StringVar(&a.NotBillable, "not-billable", "", "not billable, for this `REASON` (still on the report)")
				f.StringVar(&a.Activity, "activity", "", "what was done (`TEXT`)")
				f.IntVar(&a.Trips, "travel", 0, "`N` trips (billed by the contract's travel rate)")
				f.IntVar(&a.Km, "km", 0, "`N` kilometres driven")
				act := call(f, daemon.TimeAdd, &a, "print the entry as JSON", func(r *cli.Run, e daemon.TimeView) error {
					_, err := fmt.Fprintf(r.Stdout, "time entry %d: %s on %s for %s\n", e.ID, minutesText(e.Minutes), e.Ticket, e.Technician)
					return err
				})
				return func(ctx context.Context, r *cli.Run) error {
					if a.Trips > 0 && a.Km > 0 {
						return cli.Usagef("--travel and --km: give one of them")
					}
					return act(ctx, r)
				}
			}},
	}
}

var timeColumns = columns[daemon.TimeView]{
	header: row("ID", "DATE", "TICKET", "TECHNICIAN", "TIME", "BILLABLE", "STATE", "ACTIVITY / REASON"),
	row: func(e daemon.TimeView) string {
		what, bill := e.Activity, "yes"
		if !e.Billable {
			what, bill = e.Reason, "no"
		}
		if e.Travel.Trips > 0 {
			what = strings.TrimSpace(what + fmt.Sprintf(" (+%d trip)", e.Travel.Trips))
		}
		if e.Travel.Km > 0 {
			what = strings.TrimSpace(what + fmt.Sprintf(" (+%d km)", e.Travel.Km))
		}
		return row(strconv.FormatUint(e.ID, 10), e.Date, e.Ticket, e.Technician, minutesText(e.Minutes), bill, e.State, clip(what, 60))
	},
}

func minutesText(m int) string { return fmt.Sprintf("%d:%02d h", m/60, m%60) }

func technicianTable(w io.Writer, ts []staff.Technician) error {
	tw := tabs(w)
	fmt.Fprintln(tw, row("ID", "NAME", "ROLE", "ACTIVE", "EMAILS"))
	for _, t := range ts {
		fmt.Fprintln(tw, row(t.ID, t.Name, string(t.Role), fmt.Sprint(t.Active), strings.Join(t.Emails, ", ")))
	}
	return tw.Flush()
}
