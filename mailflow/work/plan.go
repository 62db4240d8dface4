package work

import (
	"fmt"
	"slices"
	"strings"

	"helpdesk/mailflow/command"
	"helpdesk/mailflow/notify"
	"helpdesk/mailflow/parse"
	"helpdesk/staff"
	"helpdesk/templates"
	"helpdesk/ticketstore"
)

// applyPlan applies a checked plan to t: status, assignment, priority, time entries, the text
// as an answer or an internal note, and the mails that follow from them. t is stored.
// With opened, the mail opened t: its text is the technician's note of the call, internal.
func (w *Work) applyPlan(tx *ticketstore.Tx, t *ticketstore.Ticket, raw *ticketstore.RawMessage, m *parse.Message,
	tech *staff.Technician, block command.Block, pl *plan, opened bool) (bool, error) {
	now := w.Now()
	queued := false
	changes := pl.changes
	note := func(format string, a ...any) error {
		return tx.AddCommentTo(t, &ticketstore.Comment{Author: "helpdesk", Kind: ticketstore.KindSystem, Body: fmt.Sprintf(format, a...), Created: now})
	}
	oldStatus := t.Status
	if pl.status != "" && pl.status != t.Status {
		changes = append(changes, templates.Change{What: "status", Old: string(t.Status), New: string(pl.status)})
		t.Status = pl.status
		if err := note("status %s -> %s by %s", oldStatus, t.Status, tech.ID); err != nil {
			return false, err
		}
	}
	var assigned *staff.Technician
	if pl.assignee != nil && pl.assignee.ID != t.Assignee {
		what := "assign"
		if pl.assignee == tech {
			what = "take"
		}
		changes = append(changes, templates.Change{What: what, Old: t.Assignee, New: pl.assignee.ID})
		t.Assignee, assigned = pl.assignee.ID, pl.assignee
		if err := note("assigned to %s by %s", assigned.ID, tech.ID); err != nil {
			return false, err
		}
	}
	if pl.priority != "" && pl.priority != t.Priority {
		changes = append(changes, templates.Change{What: "priority", Old: t.Priority, New: pl.priority})
		t.Priority = pl.priority
	}
	for i := range pl.times {
		e := &pl.times[i]
		e.Ticket, e.Customer, e.Source = t.Number, t.Customer, fmt.Sprintf("mail:%d", raw.ID)
		if err := tx.AddTimeEntry(e); err != nil {
			return false, err
		}
		what := "time"
		if e.Minutes == 0 {
			what = "travel"
		}
		changes = append(changes, templates.Change{What: what, Minutes: e.Minutes, Billable: e.Billable, Reason: e.Reason,
			Activity: e.Activity, Date: e.Date.Time(w.Config.Location()), Trips: e.TravelTrips, Km: e.TravelKm})
	}

	text := strings.TrimSpace(block.Text)
	attach := attachmentsOf(m)
	var answeredTo []string
	if text != "" || len(attach) > 0 {
		kind := ticketstore.KindPublic
		if block.Internal() || opened {
			kind = ticketstore.KindInternal
		}
		c := &ticketstore.Comment{Author: tech.ID, Kind: kind, Body: text, Created: now, MessageID: m.MessageID, RawID: raw.ID, Attachments: attach}
		lastCustomer := w.lastCustomerMail(tx, t)
		if err := tx.AddCommentTo(t, c); err != nil {
			return false, err
		}
		if kind == ticketstore.KindInternal {
			changes = append(changes, templates.Change{What: "internal"})
		} else {
			var err error
			if answeredTo, err = w.answer(tx, t, c, oldStatus, lastCustomer); err != nil {
				return false, err
			}
			queued = queued || len(answeredTo) > 0
			changes = append(changes, templates.Change{What: "answer"})
		}
	}
	if t.Status != oldStatus && len(answeredTo) == 0 {
		q, err := w.statusMail(tx, t, oldStatus)
		if err != nil {
			return false, err
		}
		queued = queued || q
	}
	if assigned != nil && assigned != tech {
		q, err := w.Assigned(tx, t, assigned, tech.ID)
		if err != nil {
			return false, err
		}
		queued = queued || q
	}
	if m.MessageID != "" {
		if err := tx.IndexMessageID(m.MessageID, t.Number); err != nil {
			return false, err
		}
	}
	t.Updated = now

	lang := w.lang(tech)
	d := w.staffData(t, tech.Name)
	d.Changes, d.Warnings, d.Applied, d.AnsweredTo = changes, issues(block.Warnings, lang), true, answeredTo
	if len(changes) > 0 || len(d.Warnings) > 0 || !pl.help {
		q, err := w.result(tx, t, tech, d)
		if err != nil {
			return false, err
		}
		queued = queued || q
	}
	if pl.help {
		d.Help = command.Help(lang)
		q, err := w.Notify.Send(tx, t, notify.Mail{Kind: templates.KindCommandHelp, To: notify.To{Name: tech.Name, Addr: tech.Address()}, Data: d,
			Staff: true, ReplyTo: w.Signer.TechnicianAddress(t.Number, tech.ID), Language: lang})
		if err != nil {
			return false, err
		}
		queued = queued || q
	}
	if opened && t.Assignee == "" {
		q, err := w.Announce(tx, t)
		if err != nil {
			return false, err
		}
		queued = queued || q
	}
	w.Log.Info().Str("ticket", t.Number).Str("technician", tech.ID).Int("changes", len(changes)).Msg("command mail applied")
	return queued, tx.PutTicket(t)
}

// lastCustomerMail is the Message-ID of the customer's newest mail on t: the answer threads
// under it.
func (w *Work) lastCustomerMail(tx *ticketstore.Tx, t *ticketstore.Ticket) string {
	cs, err := tx.Comments(t.Number)
	if err != nil {
		return ""
	}
	for i := len(cs) - 1; i >= 0; i-- {
		if cs[i].Kind == ticketstore.KindCustomer && cs[i].MessageID != "" {
			return cs[i].MessageID
		}
	}
	return ""
}

// answer sends a technician's public answer to the requester and, when the status changed,
// to the customer's status-change addresses: from the support address, with the customer's
// reply address, never the technician's address, signature or quoted history.
func (w *Work) answer(tx *ticketstore.Tx, t *ticketstore.Ticket, c *ticketstore.Comment, old ticketstore.Status, inReplyTo string) ([]string, error) {
	to := []notify.To{}
	if w.Config.Notify.Requester {
		to = append(to, notify.To{Name: t.RequesterName, Addr: t.Requester})
	}
	if t.Status != old {
		to = append(to, w.statusAddresses(t)...)
	}
	budget := w.Config.Technicians.AttachmentLimit.Int64()
	_, attach := w.fit(c.Attachments, nil, &budget)
	var sent []string
	seen := map[string]bool{}
	for _, r := range to {
		key := strings.ToLower(r.Addr)
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		d := w.Notify.Data(t)
		d.RecipientName, d.Body, d.OldStatus, d.NewStatus = r.Name, c.Body, string(old), string(t.Status)
		ok, err := w.Notify.Send(tx, t, notify.Mail{Kind: templates.KindCommentAdded, To: r, Data: d, InReplyTo: inReplyTo, Attachments: attach})
		if err != nil {
			return nil, err
		}
		if ok {
			sent = append(sent, key)
		}
	}
	return sent, nil
}

// statusAddresses are the customer's addresses for status changes.
func (w *Work) statusAddresses(t *ticketstore.Ticket) []notify.To {
	var out []notify.To
	if c := w.Directory().Customer(t.Customer); c != nil && t.Customer != "" {
		for _, a := range c.NotifyAddresses("status_change") {
			out = append(out, notify.To{Addr: a})
		}
	}
	return out
}

// statusMail tells the requester and the customer's status-change addresses of a status
// changed by mail, in the customer's language.
func (w *Work) statusMail(tx *ticketstore.Tx, t *ticketstore.Ticket, old ticketstore.Status) (bool, error) {
	to := []notify.To{}
	if w.Config.Notify.Requester {
		to = append(to, notify.To{Name: t.RequesterName, Addr: t.Requester})
	}
	to = append(to, w.statusAddresses(t)...)
	queued := false
	var seen []string
	for _, r := range to {
		key := strings.ToLower(r.Addr)
		if key == "" || slices.Contains(seen, key) {
			continue
		}
		seen = append(seen, key)
		d := w.Notify.Data(t)
		d.RecipientName, d.OldStatus, d.NewStatus, d.Received = r.Name, string(old), string(t.Status), t.Received
		q, err := w.Notify.Send(tx, t, notify.Mail{Kind: templates.KindStatusChange, To: r, Data: d})
		if err != nil {
			return false, err
		}
		queued = queued || q
	}
	return queued, nil
}

// open creates the ticket a technician's authenticated mail to the plain support address asks
// for (a call taken on the phone) and confirms it to the requester.
func (w *Work) open(tx *ticketstore.Tx, raw *ticketstore.RawMessage, m *parse.Message, pl *plan, tech *staff.Technician) (*ticketstore.Ticket, error) {
	now := w.Now()
	t := &ticketstore.Ticket{Status: ticketstore.StatusNew, Subject: strings.TrimSpace(m.Subject), Requester: pl.reqAddr,
		RequesterName: pl.reqName, Language: w.Config.Language, Created: now, Updated: now, Received: raw.Received}
	if t.Subject == "" {
		t.Subject = "(no subject)"
	}
	if pl.customer != nil {
		t.Customer = pl.customer.Number
		if pl.customer.Language != "" {
			t.Language = string(pl.customer.Language)
		}
	}
	if pl.contact != nil {
		t.Contact = pl.contact.ID
		if t.Requester == "" {
			t.Requester, t.RequesterName = pl.contact.Email, strings.TrimSpace(pl.contact.FirstName+" "+pl.contact.Name)
		}
	}
	if err := tx.CreateTicket(t, ticketstore.NumberFormat(w.Config.Tickets.NumberFormat)); err != nil {
		return nil, fmt.Errorf("create ticket: %w", err)
	}
	if err := tx.AddCommentTo(t, &ticketstore.Comment{Author: "helpdesk", Kind: ticketstore.KindSystem, Created: now,
		Body: fmt.Sprintf("opened by %s by mail (a call taken on the phone)", tech.ID)}); err != nil {
		return nil, err
	}
	if t.Requester != "" {
		d := w.Notify.Data(t)
		d.RecipientName, d.Received = t.RequesterName, raw.Received
		if _, err := w.Notify.Send(tx, t, notify.Mail{Kind: templates.KindConfirmation, To: notify.To{Name: t.RequesterName, Addr: t.Requester}, Data: d}); err != nil {
			return nil, err
		}
	}
	pl.changes = append(pl.changes, templates.Change{What: "customer", New: t.Customer}, templates.Change{What: "requester", New: t.Requester})
	w.Log.Info().Str("ticket", t.Number).Str("technician", tech.ID).Str("customer", t.Customer).Msg("ticket opened by a technician's mail")
	return t, nil
}
