package main

// The commands on tickets, outgoing mail and set-aside mail.

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"helpdesk/daemon"
	"helpdesk/internal/cli"
	"helpdesk/templates"
)

const listHelp = "Without --limit and --before it lists all of them, oldest first. With --limit N it lists\n" +
	"the N newest and prints the cursor of the next page (more: --before CURSOR) to stderr;\n" +
	"--before CURSOR continues there. The output is streamed: any number of records."

func ticketCommands() []*cli.Command {
	return []*cli.Command{
		{Name: "ticket list", Summary: "list tickets (all unless filtered), paged",
			Help: "Lists tickets, filtered by status, customer or assignee.\n" + listHelp + "\n\n" +
				"JSON fields: number, status, subject, requester, customer, assignee, priority, created,\n" +
				"updated, comments (how many).\n\n" +
				"Example:\n  helpdesk ticket list --status new --limit 20\n  helpdesk ticket list --customer K-1001 --json",
			Setup: func(f *cli.Flags) cli.Action {
				var a daemon.TicketListArgs
				f.StringVar(&a.Status, "status", "", "only tickets in `STATUS` (new, in_progress, waiting, resolved, closed)")
				f.StringVar(&a.Customer, "customer", "", "only tickets of customer `NUMBER`")
				f.StringVar(&a.Assignee, "assignee", "", "only tickets assigned to `TECHNICIAN`")
				return list(f, daemon.TicketList, &a, &a.Paging, columns[daemon.TicketSummary]{
					header: row("NUMBER", "STATUS", "CUSTOMER", "ASSIGNEE", "REQUESTER", "UPDATED", "SUBJECT"),
					row: func(t daemon.TicketSummary) string {
						return row(t.Number, t.Status, dash(t.Customer), dash(t.Assignee), t.Requester,
							t.Updated.Local().Format("2006-01-02 15:04"), clip(t.Subject, 60))
					},
				})
			}},
		{Name: "ticket show", Summary: "show a ticket with its comments",
			Help:  "Shows one ticket with its comments and attachments.\n\nExample:\n  helpdesk ticket show 2026-000042",
			Setup: onOne(daemon.TicketShow, "NUMBER", numberKey, "print JSON", printTicket)},
		{Name: "ticket status", Summary: "change a ticket's status and mail the requester",
			Help: "Changes the status of a ticket and mails the requester (and the addresses the\n" +
				"customer chose for status changes). STATUS is new, in_progress, waiting, resolved or\n" +
				"closed, or a German or English label such as \"in Arbeit\" or \"erledigt\".\n\n" +
				"Example:\n  helpdesk ticket status 2026-000042 resolved --note \"Treiber neu installiert\"",
			Setup: func(f *cli.Flags) cli.Action {
				var a daemon.TicketStatusArgs
				f.Arg("NUMBER", &a.Number)
				f.Arg("STATUS", &a.Status)
				f.StringVar(&a.Note, "note", "", "note for the requester, included in the mail")
				f.StringVar(&a.Author, "author", "", "who made the change (recorded on the ticket)")
				return call(f, daemon.TicketStatus, &a, "print the ticket as JSON", func(r *cli.Run, t daemon.TicketSummary) error {
					cfg, err := loadConfig(r)
					if err != nil {
						return err
					}
					_, err = fmt.Fprintf(r.Stdout, "ticket %s is now %s (%s)\n", t.Number, t.Status, templates.StatusLabel(t.Status, cfg.Language))
					return err
				})
			}},
	}
}

func printTicket(r *cli.Run, t daemon.TicketDetail) error {
	w := r.Stdout
	fmt.Fprintf(w, "Ticket %s: %s\n", t.Number, t.Subject)
	fmt.Fprintf(w, "Status:    %s\nRequester: %s\nCustomer:  %s\nAssignee:  %s\nCreated:   %s\nUpdated:   %s\n",
		t.Status, t.Requester, dash(t.Customer), dash(t.Assignee), t.Created.Local().Format(time.RFC1123), t.Updated.Local().Format(time.RFC1123))
	if t.Priority != "" {
		fmt.Fprintf(w, "Priority:  %s\n", t.Priority)
	}
	if len(t.Flags) > 0 {
		fmt.Fprintf(w, "Flags:     %s\n", strings.Join(t.Flags, ", "))
	}
	if t.LinkedTo != "" {
		fmt.Fprintf(w, "Follows:   %s\n", t.LinkedTo)
	}
	for i, c := range t.Comments {
		fmt.Fprintf(w, "\n--- %d. %s (%s), %s\n%s\n", i+1, c.Author, c.Kind, c.Created.Local().Format("2006-01-02 15:04"), strings.TrimRight(c.Body, "\n"))
		for _, a := range c.Attachments {
			fmt.Fprintf(w, "    [attachment] %s (%s, %d bytes, sha256 %s)\n", a.Name, a.ContentType, a.Size, a.SHA256)
		}
	}
	return nil
}

func printOutboxMail(r *cli.Run, m daemon.OutboxDetail) error {
	w := r.Stdout
	fmt.Fprintf(w, "Outbox mail %d (%s)\n", m.ID, m.Kind)
	if m.Ticket != "" {
		fmt.Fprintf(w, "Ticket:     %s\n", m.Ticket)
	}
	fmt.Fprintf(w, "State:      %s, %d attempt(s)\n", m.State, m.Attempts)
	if m.LastError != "" {
		fmt.Fprintf(w, "Last error: %s\n", m.LastError)
	}
	fmt.Fprintf(w, "From:       %s\nTo:         %s\nSubject:    %s\nMessage-ID: %s\nCreated:    %s\n",
		m.From, strings.Join(m.To, ", "), m.Subject, m.MessageID, m.Created.Local().Format(time.RFC1123))
	if !m.Sent.IsZero() {
		fmt.Fprintf(w, "Sent:       %s\n", m.Sent.Local().Format(time.RFC1123))
	}
	if !m.BodyRemoved.IsZero() {
		_, err := fmt.Fprintf(w, "\nThe text of this mail was removed on %s ([outbox] keep_sent); only this record is kept.\n",
			m.BodyRemoved.Local().Format("2006-01-02 15:04"))
		return err
	}
	_, err := fmt.Fprintf(w, "\n%s\n", strings.TrimRight(strings.ReplaceAll(m.Raw, "\r\n", "\n"), "\n"))
	return err
}

func outboxCommands() []*cli.Command {
	return []*cli.Command{
		{Name: "outbox list", Summary: "list outgoing mail with delivery state, paged",
			Help: "Lists outgoing mail: all of it pending first, then failed, then sent.\n" + listHelp + "\n\n" +
				"JSON fields: id, to, subject, state (pending, sent, failed), attempts, last_error.\n\n" +
				"Example:\n  helpdesk outbox list --state failed",
			Setup: func(f *cli.Flags) cli.Action {
				var a daemon.OutboxListArgs
				f.StringVar(&a.State, "state", "", "only mail in `STATE` (pending, sent, failed)")
				return list(f, daemon.OutboxList, &a, &a.Paging, columns[daemon.OutboxView]{
					header: row("ID", "STATE", "ATTEMPTS", "TICKET", "TO", "SUBJECT", "LAST ERROR"),
					row: func(m daemon.OutboxView) string {
						return row(strconv.FormatUint(m.ID, 10), m.State, strconv.Itoa(m.Attempts), dash(m.Ticket),
							strings.Join(m.To, ","), clip(m.Subject, 50), clip(m.LastError, 60))
					},
				})
			}},
		{Name: "outbox show", Summary: "show one outgoing mail with its text",
			Help: "Shows one outgoing mail: recipients, state, times and the text as it was sent. The text\n" +
				"of a sent mail is kept for [outbox] keep_sent (default 30 days) after it was sent; after\n" +
				"that only the record is left, and this says when the text was removed.\n\n" +
				"JSON fields: those of outbox list, from, message_id, raw (the mail as sent, absent once\n" +
				"removed), body_removed.\n\nExample:\n  helpdesk outbox show 17",
			Setup: onOne(daemon.OutboxShow, "ID", idKey, "print JSON", printOutboxMail)},
		{Name: "outbox retry", Summary: "deliver a failed mail again",
			Help: "Makes a failed outgoing mail pending again, to be delivered now.\n\nExample:\n  helpdesk outbox retry 17",
			Setup: onOne(daemon.OutboxRetry, "ID", idKey, "print JSON", func(r *cli.Run, _ daemon.None) error {
				_, err := fmt.Fprintf(r.Stdout, "outbox mail %s will be delivered again\n", r.Args[0])
				return err
			})},
		{Name: "setaside list", Summary: "list set-aside mail with its reason, paged",
			Help: "Lists mail that was set aside (not made a ticket), with the reason; released mail only\n" +
				"with --all.\n" + listHelp + "\n\n" +
				"JSON fields: id, from, subject, reason_code, reason, received, ticket, released.\n\n" +
				"Example:\n  helpdesk setaside list --limit 50",
			Setup: func(f *cli.Flags) cli.Action {
				var a daemon.SetAsideListArgs
				f.BoolVar(&a.All, "all", false, "include mail that was released already")
				return list(f, daemon.SetAsideList, &a, &a.Paging, columns[daemon.SetAsideView]{
					header: row("ID", "RECEIVED", "REASON", "FROM", "SUBJECT"),
					row: func(s daemon.SetAsideView) string {
						return row(strconv.FormatUint(s.ID, 10), s.Received.Local().Format("2006-01-02 15:04"), s.ReasonCode, dash(s.From), clip(s.Subject, 60))
					},
				})
			}},
		{Name: "setaside release", Summary: "process a set-aside mail as a normal mail now",
			Help: "Processes a set-aside mail as a normal mail now: it becomes a ticket (with\n" +
				"confirmation) or a comment. The copy on the server stays in the set-aside folder.\n\n" +
				"Example:\n  helpdesk setaside release 12",
			Setup: onOne(daemon.SetAsideRelease, "ID", idKey, "print JSON", func(r *cli.Run, res daemon.ReleaseResult) error {
				_, err := fmt.Fprintf(r.Stdout, "set-aside mail %d released: %s %s\n", res.ID, res.Verdict, res.Ticket)
				return err
			})},
	}
}
