package work

import (
	"fmt"
	"strings"
	"time"

	"helpdesk/directory"
	"helpdesk/mailflow/command"
	"helpdesk/mailflow/notify"
	"helpdesk/mailflow/parse"
	"helpdesk/mailflow/quote"
	"helpdesk/staff"
	"helpdesk/templates"
	"helpdesk/ticketstore"
)

// Result is what Apply did.
type Result struct {
	Ticket  string // the ticket worked on (or opened)
	Queued  bool   // mail was committed to the outbox
	Applied bool   // the commands took effect; false: the mail had errors, its text is kept unapplied
}

// plan is what a command mail will change, checked in full before anything is applied.
type plan struct {
	status   ticketstore.Status
	assignee *staff.Technician
	priority string
	times    []ticketstore.TimeEntry
	customer *directory.Customer
	contact  *directory.Contact
	reqName  string
	reqAddr  string
	help     bool
	changes  []templates.Change
	problems []command.Issue
}

// Apply applies a proven staff mail in tx: its commands all or none, its text as an answer
// to the customer or as an internal note, and the answer to the sender with what changed.
func (w *Work) Apply(tx *ticketstore.Tx, raw *ticketstore.RawMessage, m *parse.Message, p Proof) (Result, error) {
	var res Result
	tech := p.Technician
	now := w.Now()
	loc := w.Config.Location()
	cut := quote.Cut(m.Text, quote.Options{Signature: true, Subject: m.Subject})
	block := command.Parse(cut.Text, command.Options{Today: command.DateOf(now.In(loc))})

	var t *ticketstore.Ticket
	if !p.Opens {
		var err error
		if t, err = tx.Ticket(p.Ticket); err != nil {
			return res, fmt.Errorf("ticket %s of a command mail: %w", p.Ticket, err)
		}
	}
	pl := w.plan(block, t, tech, p)
	if p.Opens && len(pl.problems) == 0 {
		var err error
		if t, err = w.open(tx, raw, m, pl, tech); err != nil {
			return res, err
		}
	}
	if t == nil { // a mail meant to open a ticket, with errors: nothing to attach it to
		return res, w.feedbackNoTicket(tx, m, tech, block, pl)
	}
	res.Ticket = t.Number
	if err := linkRaw(tx, raw, t); err != nil {
		return res, err
	}
	if len(block.Errors) > 0 || len(pl.problems) > 0 {
		q, err := w.unapplied(tx, t, raw, m, tech, cut.Text, block, pl)
		res.Queued = q
		return res, err
	}
	q, err := w.applyPlan(tx, t, raw, m, tech, block, pl, p.Opens)
	res.Queued, res.Applied = q, true
	return res, err
}

// plan checks every command against the desk's data and collects what it would change.
func (w *Work) plan(block command.Block, t *ticketstore.Ticket, tech *staff.Technician, p Proof) *plan {
	pl := &plan{}
	var travel []command.Travel
	for _, c := range block.Commands {
		switch c := c.(type) {
		case command.SetStatus:
			pl.status = c.Status
		case command.Assign:
			who := w.Roster().ByID(c.Technician)
			if who == nil || !who.Active {
				pl.problems = append(pl.problems, command.Refuse(c.Pos,
					fmt.Sprintf("es gibt keinen aktiven Techniker %q", c.Technician), fmt.Sprintf("there is no active technician %q", c.Technician),
					"die Kennungen stehen in der Zuweisungsmail der Disposition", "the dispatch mail lists the IDs"))
				continue
			}
			pl.assignee = who
		case command.Take:
			pl.assignee = tech
		case command.SetPriority:
			pl.priority = string(c.Priority)
		case command.TimeEntry:
			pl.times = append(pl.times, ticketstore.TimeEntry{Technician: tech.ID, Date: toDate(c.Date), Minutes: c.Minutes,
				Billable: c.Billable, Reason: c.Reason, Activity: c.Activity})
		case command.Travel:
			travel = append(travel, c)
		case command.HelpRequest:
			pl.help = true
		case command.SetCustomer:
			if !p.Opens {
				pl.problems = append(pl.problems, onlyNew(c.Pos))
				continue
			}
			dir := w.Directory()
			if pl.customer = dir.Customer(c.Number); pl.customer == nil {
				pl.problems = append(pl.problems, command.Refuse(c.Pos,
					fmt.Sprintf("es gibt keinen Kunden %s", c.Number), fmt.Sprintf("there is no customer %s", c.Number), "", ""))
			}
		case command.SetRequester:
			if !p.Opens {
				pl.problems = append(pl.problems, onlyNew(c.Pos))
				continue
			}
			pl.reqName, pl.reqAddr = c.Name, c.Address
		}
	}
	// Travel goes with the mail's first time entry, else it is an entry of its own.
	for _, tr := range travel {
		if len(pl.times) > 0 {
			pl.times[0].TravelTrips += tr.Trips
			pl.times[0].TravelKm += tr.Km
			continue
		}
		pl.times = append(pl.times, ticketstore.TimeEntry{Technician: tech.ID, Date: toDate(tr.Date), Billable: true,
			TravelTrips: tr.Trips, TravelKm: tr.Km})
	}
	if p.Opens {
		w.planRequester(pl, block)
	}
	return pl
}

// planRequester completes who a ticket opened by a technician is for: #melder, else the
// customer's contact, and the customer from the requester's address when #kunde is missing.
func (w *Work) planRequester(pl *plan, block command.Block) {
	dir := w.Directory()
	if pl.reqAddr != "" {
		match := dir.Match(pl.reqAddr)
		if pl.customer == nil && match.Customer != nil {
			pl.customer = match.Customer
		}
		if match.Contact != nil && (pl.customer == nil || match.Contact.Customer == pl.customer.Number) {
			pl.contact = match.Contact
		}
	}
	if pl.customer == nil && pl.reqAddr == "" {
		at := command.Pos{Line: 1}
		if len(block.Commands) > 0 {
			at = block.Commands[0].At()
		}
		pl.problems = append(pl.problems, command.Refuse(at,
			"für ein neues Ticket fehlt, für wen es ist", "a new ticket needs to say whom it is for",
			"„#kunde K-1001“ und/oder „#melder name@kunde.de“", `"#customer K-1001" and/or "#requester name@customer.com"`))
	}
}

func onlyNew(at command.Pos) command.Issue {
	return command.Refuse(at, "gilt nur für ein neues Ticket (eine Mail an die Support-Adresse)",
		"only for a new ticket (a mail to the support address)", "", "")
}

func toDate(d command.Date) directory.Date {
	return directory.DateOf(d.Time(nil))
}

// linkRaw notes the ticket on the stored mail.
func linkRaw(tx *ticketstore.Tx, raw *ticketstore.RawMessage, t *ticketstore.Ticket) error {
	raw.Ticket = t.Number
	return tx.UpdateRaw(raw)
}

// attachmentsOf converts the parsed mail's attachments to stored ones.
func attachmentsOf(m *parse.Message) []ticketstore.Attachment {
	var out []ticketstore.Attachment
	for _, a := range m.Attachments {
		out = append(out, ticketstore.Attachment{Name: a.Name, ContentType: a.ContentType, ContentID: a.ContentID, Inline: a.Inline, Size: a.Size, SHA256: a.SHA256})
	}
	return out
}

// issues renders command issues for a template in lang.
func issues(is []command.Issue, lang string) []templates.Issue {
	var out []templates.Issue
	for _, i := range is {
		out = append(out, templates.Issue{Line: i.Line, Source: i.Source, Message: i.Message(lang)})
	}
	return out
}

// unapplied keeps the text of a mail with errors as a comment marked unapplied and tells the
// sender what was wrong; nothing else changes.
func (w *Work) unapplied(tx *ticketstore.Tx, t *ticketstore.Ticket, raw *ticketstore.RawMessage, m *parse.Message,
	tech *staff.Technician, text string, block command.Block, pl *plan) (bool, error) {
	c := &ticketstore.Comment{Author: tech.ID, Kind: ticketstore.KindUnapplied, Body: text, Created: w.Now(),
		MessageID: m.MessageID, RawID: raw.ID, Attachments: attachmentsOf(m)}
	if err := tx.AddCommentTo(t, c); err != nil {
		return false, err
	}
	if err := tx.IndexMessageID(m.MessageID, t.Number); err != nil {
		return false, err
	}
	lang := w.lang(tech)
	d := w.staffData(t, tech.Name)
	d.Problems = issues(append(append([]command.Issue{}, block.Errors...), pl.problems...), lang)
	d.Warnings = issues(block.Warnings, lang)
	w.Log.Info().Str("ticket", t.Number).Str("technician", tech.ID).Int("errors", len(d.Problems)).Msg("command mail not applied")
	q, err := w.result(tx, t, tech, d)
	if err != nil {
		return false, err
	}
	return q, tx.PutTicket(t)
}

// feedbackNoTicket answers a mail meant to open a ticket that had errors: there is no ticket
// to keep its text on, so the set-aside-free answer says why and the raw mail stays stored.
func (w *Work) feedbackNoTicket(tx *ticketstore.Tx, m *parse.Message, tech *staff.Technician, block command.Block, pl *plan) error {
	lang := w.lang(tech)
	t := &ticketstore.Ticket{Subject: strings.TrimSpace(m.Subject), Language: lang}
	d := w.Notify.Data(t)
	d.RecipientName = tech.Name
	d.Problems = issues(append(append([]command.Issue{}, block.Errors...), pl.problems...), lang)
	d.Warnings = issues(block.Warnings, lang)
	_, err := w.Notify.Send(tx, t, notify.Mail{Kind: templates.KindCommandResult, To: notify.To{Name: tech.Name, Addr: tech.Address()}, Data: d, Staff: true, Language: lang})
	return err
}

// result sends the command result (or the help) to the technician.
func (w *Work) result(tx *ticketstore.Tx, t *ticketstore.Ticket, tech *staff.Technician, d templates.Data) (bool, error) {
	return w.Notify.Send(tx, t, notify.Mail{Kind: templates.KindCommandResult, To: notify.To{Name: tech.Name, Addr: tech.Address()}, Data: d,
		Staff: true, ReplyTo: w.Signer.TechnicianAddress(t.Number, tech.ID), Language: w.lang(tech)})
}

// StoredText is what a proven command mail leaves on its ticket: the text after the command
// block, its signature and quoted history cut; with errors in the block, all of that text.
// today resolves the dates of #zeit lines, as when the mail is applied.
func StoredText(m *parse.Message, today time.Time) string {
	cut := quote.Cut(m.Text, quote.Options{Signature: true, Subject: m.Subject})
	block := command.Parse(cut.Text, command.Options{Today: command.DateOf(today)})
	if !block.OK() {
		return cut.Text
	}
	return strings.TrimSpace(block.Text)
}
