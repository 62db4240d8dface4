package mailflow

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"helpdesk/directory"
	"helpdesk/mailflow/parse"
	"helpdesk/mailflow/policy"
	"helpdesk/mailflow/work"
	"helpdesk/reports"
	"helpdesk/templates"
	"helpdesk/ticketstore"
)

// ErrUsage marks an operator request that cannot be done as asked (bad status, already released).
var ErrUsage = errors.New("invalid request")

// SetStatus changes a ticket's status, records the change (with note) on the ticket, and mails the
// requester and the addresses the customer chose for status changes.
func (p *Processor) SetStatus(ctx context.Context, number string, status ticketstore.Status, note, author string) (*ticketstore.Ticket, error) {
	if !status.Valid() {
		return nil, fmt.Errorf("%w: unknown status %q", ErrUsage, status)
	}
	if author == "" {
		author = "operator"
	}
	var t *ticketstore.Ticket
	queued := false
	err := p.Store.Update(func(tx *ticketstore.Tx) error {
		var err error
		if t, err = tx.Ticket(number); err != nil {
			return err
		}
		old := t.Status
		if old == status {
			return fmt.Errorf("%w: ticket %s is already %s", ErrUsage, number, status)
		}
		t.Status, t.Updated = status, p.Now()
		body := fmt.Sprintf("status %s -> %s", old, status)
		if note != "" {
			body += "\n\n" + note
		}
		if err := tx.AddCommentTo(t, &ticketstore.Comment{Author: author, Kind: ticketstore.KindSystem, Body: body, Created: t.Updated}); err != nil {
			return err
		}
		data := p.mailData(t)
		data.OldStatus, data.NewStatus, data.Note, data.Received = string(old), string(status), note, t.Received
		var to []recipient
		if p.Config.Notify.Requester {
			to = append(to, recipient{t.RequesterName, t.Requester})
		}
		if c := p.customerOf(t); c != nil {
			for _, a := range c.NotifyAddresses("status_change") {
				to = append(to, recipient{"", a})
			}
		}
		seen := map[string]bool{}
		for _, r := range to {
			key := strings.ToLower(r.addr)
			if seen[key] {
				continue
			}
			seen[key] = true
			d := data
			d.RecipientName = r.name
			q, err := p.enqueue(tx, t, templates.KindStatusChange, r, d, false)
			if err != nil {
				return err
			}
			queued = queued || q
		}
		return tx.PutTicket(t)
	})
	if err != nil {
		return nil, fmt.Errorf("set status of %s: %w", number, err)
	}
	p.Log.Info().Str("ticket", number).Str("status", string(status)).Str("author", author).Msg("status changed")
	if queued && p.Wake != nil {
		p.Wake()
	}
	return t, nil
}

// Assign gives ticket number to technician tech (by names who did it), notes it on the
// ticket and sends the technician the assignment mail with the whole ticket.
func (p *Processor) Assign(ctx context.Context, number, tech, by string) (*ticketstore.Ticket, error) {
	who := p.roster.Load().ByID(tech)
	if who == nil || !who.Active {
		return nil, fmt.Errorf("%w: there is no active technician %q", ErrUsage, tech)
	}
	var t *ticketstore.Ticket
	queued := false
	err := p.Store.Update(func(tx *ticketstore.Tx) error {
		var err error
		if t, err = tx.Ticket(number); err != nil {
			return err
		}
		if t.Assignee == who.ID {
			return fmt.Errorf("%w: ticket %s is already assigned to %s", ErrUsage, number, who.ID)
		}
		t.Assignee, t.Updated = who.ID, p.Now()
		if err := tx.AddCommentTo(t, &ticketstore.Comment{Author: by, Kind: ticketstore.KindSystem,
			Body: fmt.Sprintf("assigned to %s by %s", who.ID, by), Created: t.Updated}); err != nil {
			return err
		}
		if queued, err = p.work.Assigned(tx, t, who, by); err != nil {
			return err
		}
		return tx.PutTicket(t)
	})
	if err != nil {
		return nil, fmt.Errorf("assign %s: %w", number, err)
	}
	p.Log.Info().Str("ticket", number).Str("technician", who.ID).Str("by", by).Msg("ticket assigned")
	if queued && p.Wake != nil {
		p.Wake()
	}
	return t, nil
}

// StoredTextOf is the text the store keeps of m as d decided it: for a technician's command
// mail what follows the command block, signature and quoted history cut; for any other mail
// the new text without the quoted history.
func (p *Processor) StoredTextOf(m *parse.Message, d Decision) string {
	if m == nil {
		return ""
	}
	if d.Staff != nil && d.Staff.Proven() {
		return work.StoredText(m, p.Now().In(p.Config.Location()))
	}
	return StoredText(m)
}

// Release processes a set-aside mail as a normal mail now: it becomes a ticket or a comment.
// The copy on the server stays in the set-aside folder.
func (p *Processor) Release(ctx context.Context, id uint64) (Decision, error) {
	var (
		sa  *ticketstore.SetAside
		raw *ticketstore.RawMessage
	)
	err := p.Store.View(func(tx *ticketstore.Tx) error {
		var err error
		if sa, err = tx.SetAside(id); err != nil {
			return err
		}
		raw, err = tx.Raw(sa.RawID)
		return err
	})
	if err != nil {
		return Decision{}, fmt.Errorf("release %d: %w", id, err)
	}
	if !sa.Released.IsZero() {
		return Decision{}, fmt.Errorf("%w: set-aside mail %d was already released on %s", ErrUsage, id, sa.Released.Format(time.RFC3339))
	}
	if sa.ReasonCode == string(policy.Oversize) {
		return Decision{}, fmt.Errorf("%w: set-aside mail %d is over the size limit and only its header was kept; take it from the set-aside folder on the server", ErrUsage, id)
	}
	m, err := p.parseStored(raw)
	if err != nil {
		return Decision{}, fmt.Errorf("%w: set-aside mail %d cannot be parsed (%v); it stays set aside", ErrUsage, id, err)
	}
	var d Decision
	queued := false
	err = p.Store.Update(func(tx *ticketstore.Tx) error {
		d = p.decide(tx, m, nil, nil, true)
		// The operator vouched for the mail, but an automatic sender still gets no answer.
		d.Automatic = policy.Classify(m, &p.policy).Automatic
		if d.Verdict == VerdictSetAside || d.Verdict == VerdictCommand {
			// A reply to another customer's ticket becomes that sender's own ticket.
			d.LinkTo, d.Ticket, d.Verdict = d.Ticket, "", VerdictTicket
		}
		res, err := p.apply(tx, raw, m, d)
		if err != nil {
			return err
		}
		queued = res.queued
		if d.Verdict == VerdictTicket {
			d.Ticket = res.ticket
		}
		sa.Released = p.Now()
		sa.Ticket = d.Ticket
		return tx.PutSetAside(sa)
	})
	if err != nil {
		return Decision{}, fmt.Errorf("release %d: %w", id, err)
	}
	p.Log.Info().Uint64("setaside", id).Str("verdict", string(d.Verdict)).Str("ticket", d.Ticket).Msg("set-aside mail released")
	if queued && p.Wake != nil {
		p.Wake()
	}
	return d, nil
}

// parseStored parses a stored raw message again.
func (p *Processor) parseStored(raw *ticketstore.RawMessage) (*parse.Message, error) {
	rc, err := rawOpener(p, raw)()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return p.parse(rc)
}

// Classify is the dry run of "mail classify": the daemon's decision for one raw mail, without
// changing anything. With a store, replies are matched to its tickets.
func (p *Processor) Classify(r io.Reader) (Decision, *parse.Message, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Decision{}, nil, err
	}
	opener := func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
	var sink parse.BlobSink // nil: attachments only hashed
	m, perr := parse.Parse(bytes.NewReader(data), sink, parse.Options{MaxTextSize: p.Config.Limits.MaxTextSize.Int64()})
	if p.Store == nil {
		return p.decide(noStore{}, m, perr, opener, false), m, nil
	}
	var d Decision
	err = p.Store.View(func(tx *ticketstore.Tx) error {
		d = p.decide(tx, m, perr, opener, false)
		return nil
	})
	return d, m, err
}

// answerStatusRequest answers a contact's "Status" mail: the summary for extended contacts, a
// polite refusal without data for everyone else.
func (p *Processor) answerStatusRequest(tx *ticketstore.Tx, raw *ticketstore.RawMessage, m *parse.Message, d Decision) (applied, error) {
	var res applied
	c, k := d.Sender.Customer, d.Sender.Contact
	lang := p.Config.Language
	if c != nil && c.Language != "" {
		lang = string(c.Language)
	}
	pseudo := &ticketstore.Ticket{Subject: ticketSubject(m.Subject), Language: lang}
	if m.MessageID != "" {
		pseudo.ThreadIDs = []string{m.MessageID}
	}
	data := templates.Data{
		Subject: pseudo.Subject, RecipientName: m.From.Name, Received: raw.Received, Location: p.Config.Location(),
		SupportName: p.Config.Support.Name, SupportAddress: p.Config.Support.Address,
	}
	to := recipient{m.From.Name, m.From.Addr}
	kind := templates.KindStatusSummary
	if c == nil || k == nil || !k.Active || k.Permission != directory.PermExtended {
		kind = templates.KindRefusal
		data.Reason = refusalReason(lang)
	} else {
		s, err := p.summary(tx, c)
		if err != nil {
			return res, err
		}
		data.Summary = s
	}
	q, err := p.enqueue(tx, pseudo, kind, to, data, true)
	if err != nil {
		return res, err
	}
	res.queued = q
	p.Log.Info().Uint64("raw_id", raw.ID).Str("from", m.From.Addr).Str("kind", kind).Msg("status request answered")
	return res, nil
}

func refusalReason(lang string) string {
	if lang == "en" {
		return "Contract and statistics information is only sent to contacts authorised for it. Please ask your company's responsible contact person."
	}
	return "Vertrags- und Statistikdaten senden wir nur an dafür freigegebene Ansprechpartner. Bitte wenden Sie sich an die zuständige Person in Ihrem Unternehmen."
}

// summary gathers what an extended contact may see of their own customer, and nothing else.
func (p *Processor) summary(tx *ticketstore.Tx, c *directory.Customer) (*templates.Summary, error) {
	now := p.Now().In(p.Config.Location())
	start := monthStart(now)
	tickets, err := tx.Tickets(ticketstore.TicketFilter{Customer: c.Number})
	if err != nil {
		return nil, err
	}
	s := &templates.Summary{Customer: c.Name, Month: now}
	for _, t := range tickets {
		if t.Customer != c.Number {
			continue // defence in depth: the filter already says so
		}
		if !t.Created.Before(start) {
			s.Opened++
		}
		done := t.Status == ticketstore.StatusResolved || t.Status == ticketstore.StatusClosed
		if done && !t.Updated.Before(start) {
			s.Resolved++
		}
		if !done {
			s.OpenTickets = append(s.OpenTickets, templates.SummaryTicket{Number: t.Number, Subject: t.Subject, Status: string(t.Status), Created: t.Created.In(now.Location())})
		}
	}
	// The Kontingent balances with their latest movements and the month's own figures, of
	// this customer only (package reports).
	set := reports.Settings{Language: p.Config.Language, Location: p.Config.Location(), CorrectionAfterMonths: p.Config.Billing.CorrectionAfterMonths}
	if s.Prepaid, err = reports.Prepaid(tx, p.Directory(), set, c.Number, now); err != nil {
		return nil, err
	}
	if err := reports.SummaryStats(tx, c.Number, s, p.Config.Location()); err != nil {
		return nil, err
	}
	return s, nil
}
