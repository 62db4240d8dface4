package mailflow

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"helpdesk/directory"
	"helpdesk/mailflow/notify"
	"helpdesk/mailflow/parse"
	"helpdesk/mailflow/quote"
	"helpdesk/templates"
	"helpdesk/ticketstore"
)

// applied tells the caller what a committed decision caused.
type applied struct {
	ticket string
	queued bool // outbox mail was committed
}

// apply writes raw (new, ID unassigned) and the records d calls for, in tx.
func (p *Processor) apply(tx *ticketstore.Tx, raw *ticketstore.RawMessage, m *parse.Message, d Decision) (applied, error) {
	var res applied
	switch d.Verdict {
	case VerdictSetAside:
		raw.Outcome = ticketstore.OutcomeSetAside
		if err := tx.PutRaw(raw); err != nil {
			return res, err
		}
		sa := &ticketstore.SetAside{
			RawID: raw.ID, ReasonCode: d.Code, Reason: d.Reason, Received: raw.Received, Ticket: d.Ticket,
		}
		if m != nil {
			sa.From, sa.Subject = m.From.Addr, m.Subject
		}
		if err := tx.PutSetAside(sa); err != nil {
			return res, err
		}
		raw.SetAside, raw.Ticket = sa.ID, d.Ticket
		if err := tx.UpdateRaw(raw); err != nil {
			return res, err
		}
		if d.Bounce != nil && d.Ticket != "" {
			if err := p.noteBounce(tx, d, raw); err != nil {
				return res, err
			}
		}
		if d.Staff != nil {
			q, err := p.work.Unproven(tx, *d.Staff, d.Ticket, sa.Subject, sa.From, raw.Received, sa.ID)
			if err != nil {
				return res, err
			}
			res.queued = q
		}
		p.Log.Info().Uint64("raw_id", raw.ID).Uint64("setaside", sa.ID).Str("reason_code", d.Code).
			Str("reason", d.Reason).Str("ticket", d.Ticket).Msg("mail set aside")
		return res, nil

	case VerdictComment:
		raw.Outcome = ticketstore.OutcomeComment
		if err := tx.PutRaw(raw); err != nil {
			return res, err
		}
		return p.addReply(tx, raw, m, d)

	case VerdictCommand:
		raw.Outcome = ticketstore.OutcomeCommand
		if err := tx.PutRaw(raw); err != nil {
			return res, err
		}
		if d.Staff != nil {
			r, err := p.work.Apply(tx, raw, m, *d.Staff)
			return applied{ticket: r.Ticket, queued: r.Queued}, err
		}
		return p.answerStatusRequest(tx, raw, m, d)

	default:
		raw.Outcome = ticketstore.OutcomeTicket
		if err := tx.PutRaw(raw); err != nil {
			return res, err
		}
		return p.openTicket(tx, raw, m, d)
	}
}

// openTicket creates a ticket from m, confirms it to the requester and tells the customer's
// chosen addresses.
func (p *Processor) openTicket(tx *ticketstore.Tx, raw *ticketstore.RawMessage, m *parse.Message, d Decision) (applied, error) {
	var res applied
	now := p.Now()
	t := &ticketstore.Ticket{
		Status:        ticketstore.StatusNew,
		Subject:       ticketSubject(m.Subject),
		Requester:     m.From.Addr,
		RequesterName: m.From.Name,
		Language:      p.Config.Language,
		Priority:      d.Priority,
		Tags:          d.Tags,
		LinkedTo:      d.LinkTo,
		Created:       now,
		Updated:       now,
		Received:      raw.Received,
	}
	if c := d.Sender.Customer; c != nil {
		t.Customer = c.Number
		if c.Language != "" {
			t.Language = string(c.Language)
		}
	}
	if c := d.Sender.Contact; c != nil {
		t.Contact = c.ID
	}
	t.Flags = append(t.Flags, d.Flags...)
	if err := tx.CreateTicket(t, ticketstore.NumberFormat(p.Config.Tickets.NumberFormat)); err != nil {
		return res, fmt.Errorf("create ticket: %w", err)
	}
	res.ticket = t.Number
	if _, err := p.recordOnTicket(tx, t, raw, m, d); err != nil {
		return res, err
	}
	if q, err := p.work.Announce(tx, t); err != nil {
		return res, err
	} else {
		res.queued = res.queued || q
	}
	if d.LinkTo != "" {
		if err := p.systemNote(tx, d.LinkTo, "follow-up ticket "+t.Number+" opened by a reply to this closed ticket"); err != nil {
			return res, err
		}
	}

	data := p.mailData(t)
	data.Received = raw.Received
	if !d.Automatic && p.Config.Notify.Requester {
		data.RecipientName = m.From.Name
		q, err := p.answer(tx, t, templates.KindConfirmation, recipient{m.From.Name, m.From.Addr}, data, d)
		if err != nil {
			return res, err
		}
		res.queued = res.queued || q
	}
	if c := d.Sender.Customer; c != nil {
		data.RecipientName = ""
		data.Requester, data.RequesterName = m.From.Addr, m.From.Name
		for _, addr := range c.NotifyAddresses("new_ticket") {
			if strings.EqualFold(addr, m.From.Addr) {
				continue
			}
			q, err := p.enqueue(tx, t, templates.KindNewTicket, recipient{"", addr}, data, false)
			if err != nil {
				return res, err
			}
			res.queued = res.queued || q
		}
	}
	if err := tx.PutTicket(t); err != nil {
		return res, err
	}
	p.Log.Info().Uint64("raw_id", raw.ID).Str("ticket", t.Number).Str("from", m.From.Addr).
		Str("customer", t.Customer).Msg("ticket opened")
	return res, nil
}

// addReply adds m as a comment to its ticket, reopening or resuming it where the status says so.
func (p *Processor) addReply(tx *ticketstore.Tx, raw *ticketstore.RawMessage, m *parse.Message, d Decision) (applied, error) {
	res := applied{ticket: d.Ticket}
	t, err := tx.Ticket(d.Ticket)
	if err != nil {
		return res, err
	}
	c, err := p.recordOnTicket(tx, t, raw, m, d)
	if err != nil {
		return res, err
	}
	if d.NewParticipant {
		// Flagged for the team; the ticket's status stays and nobody is mailed.
		if f := FlagNewParticipant + ":" + strings.ToLower(m.From.Addr); !slices.Contains(t.Flags, f) {
			t.Flags = append(t.Flags, f)
		}
		t.Updated = p.Now()
		p.Log.Warn().Uint64("raw_id", raw.ID).Str("ticket", t.Number).Str("from", m.From.Addr).
			Str("by", string(d.By)).Msg("reply from a new participant flagged, nothing changed")
		return res, tx.PutTicket(t)
	}
	if q, err := p.work.Forward(tx, t, c); err != nil {
		return res, err
	} else {
		res.queued = res.queued || q
	}
	old := t.Status
	t.Updated = p.Now()
	switch {
	case d.Reopen:
		t.Status = ticketstore.StatusInProgress
	case old == ticketstore.StatusWaiting:
		// The customer answered what we waited for: back to the technician.
		t.Status = ticketstore.StatusInProgress
	}
	if t.Status != old {
		note := fmt.Sprintf("status %s -> %s by reply of %s", old, t.Status, m.From.Addr)
		if err := tx.AddCommentTo(t, &ticketstore.Comment{Author: "helpdesk", Kind: ticketstore.KindSystem, Body: note, Created: t.Updated}); err != nil {
			return res, err
		}
	}
	if d.Reopen && !d.Automatic {
		data := p.mailData(t)
		data.Received, data.RecipientName = raw.Received, m.From.Name
		data.OldStatus, data.NewStatus = string(old), string(t.Status)
		q, err := p.answer(tx, t, templates.KindReopened, recipient{m.From.Name, m.From.Addr}, data, d)
		if err != nil {
			return res, err
		}
		res.queued = q
	}
	if err := tx.PutTicket(t); err != nil {
		return res, err
	}
	p.Log.Info().Uint64("raw_id", raw.ID).Str("ticket", t.Number).Str("from", m.From.Addr).
		Str("by", string(d.By)).Bool("reopened", d.Reopen).Msg("reply added")
	return res, nil
}

// noteBounce records on the ticket that one of its mails did not reach a recipient.
func (p *Processor) noteBounce(tx *ticketstore.Tx, d Decision, raw *ticketstore.RawMessage) error {
	b := d.Bounce
	t, err := tx.Ticket(d.Ticket)
	if err != nil {
		return nil // the ticket is gone; the set-aside record still names it
	}
	who := strings.Join(b.FailedRecipients, ", ")
	if who == "" {
		who = "a recipient"
	}
	what := "failed"
	if b.Delay {
		what = "delayed (still being tried)"
	}
	note := fmt.Sprintf("delivery to %s %s", who, what)
	if b.Status != "" || b.Diagnostic != "" {
		note += fmt.Sprintf(": %s %s", b.Status, b.Diagnostic)
	}
	note = strings.TrimSpace(note) + fmt.Sprintf(" (set-aside mail %d)", raw.SetAside)
	if err := tx.AddCommentTo(t, &ticketstore.Comment{Author: "helpdesk", Kind: ticketstore.KindSystem, Body: note, Created: p.Now(), RawID: raw.ID}); err != nil {
		return err
	}
	if !b.Delay {
		for _, r := range b.FailedRecipients {
			if f := "bounced:" + r; !slices.Contains(t.Flags, f) {
				t.Flags = append(t.Flags, f)
			}
		}
	}
	t.Updated = p.Now()
	return tx.PutTicket(t)
}

// systemNote adds a system comment to ticket number.
func (p *Processor) systemNote(tx *ticketstore.Tx, number, note string) error {
	t, err := tx.Ticket(number)
	if err != nil {
		return err
	}
	if err := tx.AddCommentTo(t, &ticketstore.Comment{Author: "helpdesk", Kind: ticketstore.KindSystem, Body: note, Created: p.Now()}); err != nil {
		return err
	}
	t.Updated = p.Now()
	return tx.PutTicket(t)
}

// recordOnTicket links raw to ticket t, adds the mail as a comment and indexes its Message-ID;
// t (comment count, thread, participants) is changed in memory and the caller stores it with
// PutTicket. The addresses of a mail from the ticket's side become participants; those of a
// new participant's mail do not.
func (p *Processor) recordOnTicket(tx *ticketstore.Tx, t *ticketstore.Ticket, raw *ticketstore.RawMessage, m *parse.Message, d Decision) (*ticketstore.Comment, error) {
	raw.Ticket = t.Number
	if err := tx.UpdateRaw(raw); err != nil {
		return nil, err
	}
	c := customerComment(t.Number, raw, m)
	if d.NewParticipant {
		c.Flags = append(c.Flags, FlagNewParticipant)
	} else if m.FromProblem == "" {
		p.addParticipants(t, m)
	}
	if err := tx.AddCommentTo(t, c); err != nil {
		return nil, err
	}
	if m.MessageID == "" {
		return c, nil
	}
	t.ThreadIDs = notify.AppendThreadID(t.ThreadIDs, m.MessageID)
	return c, tx.IndexMessageID(m.MessageID, t.Number)
}

// customerComment is the comment made from an incoming mail: its new text, without the
// quoted history (the raw mail keeps everything).
func customerComment(number string, raw *ticketstore.RawMessage, m *parse.Message) *ticketstore.Comment {
	c := &ticketstore.Comment{
		Ticket: number, Author: m.From.Addr, Kind: ticketstore.KindCustomer, Body: StoredText(m),
		Created: raw.Received, MessageID: m.MessageID, RawID: raw.ID,
	}
	for _, a := range m.Attachments {
		c.Attachments = append(c.Attachments, ticketstore.Attachment{
			Name: a.Name, ContentType: a.ContentType, ContentID: a.ContentID, Inline: a.Inline, Size: a.Size, SHA256: a.SHA256,
		})
	}
	return c
}

// StoredText is what a ticket stores of a customer's mail: the new text, the quoted history
// cut (when unsure, everything is kept).
func StoredText(m *parse.Message) string {
	return quote.Cut(m.Text, quote.Options{Subject: m.Subject}).Text
}

// ticketSubject is the subject a ticket is filed under.
func ticketSubject(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return "(no subject)"
	}
	return s
}

// monthStart returns the first instant of t's month in t's location.
func monthStart(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, t.Location())
}

// customerOf returns the directory customer of a ticket, nil when unknown.
func (p *Processor) customerOf(t *ticketstore.Ticket) *directory.Customer {
	if t.Customer == "" {
		return nil
	}
	return p.Directory().Customer(t.Customer)
}
