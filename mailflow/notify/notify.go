// Package notify composes every mail the desk sends about a ticket and commits it to the
// outbox in the caller's transaction: confirmations, status changes and answers to customers,
// and the mails to the desk's own technicians (assignments, forwards, command results). It
// owns what those share: the templates, the threading headers (our Message-ID, indexed;
// In-Reply-To/References; the subject tag; the reply address), the loop header, RFC 3834's
// Auto-Submitted, the flood limits on automatic mail, and the record of every mail not sent.
package notify

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"helpdesk/blobstore"
	"helpdesk/config"
	"helpdesk/directory"
	"helpdesk/mailflow/compose"
	"helpdesk/mailflow/policy"
	"helpdesk/mailflow/thread"
	"helpdesk/templates"
	"helpdesk/ticketstore"
)

// TicketHeader names the ticket in every mail we send, for filters and for support staff.
const TicketHeader = "X-Helpdesk-Ticket"

// MaxThreadIDs bounds the References we send: the first Message-ID and the latest ones.
const MaxThreadIDs = 20

// Deps are what a Notifier works with.
type Deps struct {
	Config    *config.Config
	Templates *templates.Set
	Signer    *thread.Signer   // nil: no signed reply addresses (dry runs)
	Blobs     *blobstore.Store // attachments; nil: none can be attached
	Log       zerolog.Logger
	Now       func() time.Time
	// Listed reports whether an address is in the customer directory: automatic mail to
	// addresses outside it has a global hourly cap.
	Listed func(addr string) bool
}

// Notifier sends the desk's mail through the outbox.
type Notifier struct {
	Deps
	domain string
}

// New checks d.
func New(d Deps) (*Notifier, error) {
	if d.Config == nil || d.Templates == nil {
		return nil, errors.New("notify: config and templates are required")
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Listed == nil {
		d.Listed = func(string) bool { return false }
	}
	_, domain, ok := strings.Cut(strings.ToLower(d.Config.Support.Address), "@")
	if !ok || domain == "" {
		return nil, fmt.Errorf("notify: support address %q has no domain", d.Config.Support.Address)
	}
	return &Notifier{Deps: d, domain: domain}, nil
}

// Domain is the domain of the support address, which our Message-IDs carry.
func (n *Notifier) Domain() string { return n.domain }

// To is one addressee.
type To struct{ Name, Addr string }

// Mail is one mail to send about a ticket.
type Mail struct {
	Kind string // a templates kind
	To   To
	Data templates.Data
	// Automatic: an answer caused by incoming mail (RFC 3834 auto-replied), subject to the
	// flood limits. Otherwise auto-generated: caused by an operator or technician.
	Automatic bool
	// Staff: to the desk's own people. Its Message-ID threads replies to the ticket, but it
	// stays out of the References the customer's mails carry, and the addressee does not
	// become a participant of the ticket.
	Staff bool
	// ReplyTo is the Reply-To address; "" is the ticket's customer reply address.
	ReplyTo string
	// Language of the texts; "" is the ticket's.
	Language string
	// Attachments from the blob store, attached in this order.
	Attachments []ticketstore.Attachment
	// InReplyTo replaces the thread's newest Message-ID as In-Reply-To (an answer threads
	// under the customer's last mail, not under our own last one).
	InReplyTo string
}

// Data fills the template fields every ticket mail shares.
func (n *Notifier) Data(t *ticketstore.Ticket) templates.Data {
	return templates.Data{
		Ticket:         t.Number,
		Subject:        t.Subject,
		Location:       n.Config.Location(),
		SupportName:    n.Config.Support.Name,
		SupportAddress: n.Config.Support.Address,
	}
}

// Send renders m and commits it to the outbox in tx, threaded into t's conversation. A mail
// that may not go (no address, a no-reply address, our own, a flood limit) is recorded as a
// suppression and Send reports false. t is updated (ThreadIDs, participants) but not stored:
// the caller puts it.
func (n *Notifier) Send(tx *ticketstore.Tx, t *ticketstore.Ticket, m Mail) (bool, error) {
	addr := strings.ToLower(strings.TrimSpace(m.To.Addr))
	now := n.Now()
	suppress := func(reason string) (bool, error) { return false, n.Suppress(tx, t, m.Kind, addr, reason) }
	if addr == "" {
		return false, nil
	}
	if policy.NoReply(addr) {
		return suppress("no-reply style address")
	}
	if err := compose.ValidAddress(addr); err != nil {
		return suppress("address cannot be written to: " + err.Error())
	}
	if strings.EqualFold(addr, n.Config.Support.Address) {
		return suppress("our own address")
	}
	unlisted := !m.Staff && !n.Listed(addr)
	if m.Automatic {
		if reason := n.flooded(tx, t, addr, unlisted, now); reason != "" {
			return suppress(reason)
		}
	}
	lang := m.Language
	if lang == "" {
		lang = t.Language
	}
	r, err := n.Templates.Render(m.Kind, lang, m.Data)
	if err != nil {
		return false, fmt.Errorf("render %s: %w", m.Kind, err)
	}
	cm := n.threaded(t, To{m.To.Name, addr}, r, m)
	cm.AutoSubmitted = compose.AutoGenerated
	if m.Automatic {
		cm.AutoSubmitted = compose.AutoReplied
	}
	for _, a := range m.Attachments {
		cm.Attachments = append(cm.Attachments, n.attachment(a))
	}
	raw, err := compose.Bytes(cm)
	if err != nil {
		return false, fmt.Errorf("compose %s to %s: %w", m.Kind, addr, err)
	}
	om := &ticketstore.OutboxMail{
		Ticket: t.Number, Kind: m.Kind, From: n.Config.Support.Address, To: []string{addr},
		Subject: cm.Subject, MessageID: cm.MessageID, Automatic: m.Automatic, Unlisted: unlisted, Raw: raw, Created: now,
	}
	if err := tx.Enqueue(om); err != nil {
		return false, err
	}
	if t.Number != "" {
		if err := tx.IndexMessageID(cm.MessageID, t.Number); err != nil {
			return false, err
		}
	}
	if !m.Staff {
		t.ThreadIDs = AppendThreadID(t.ThreadIDs, cm.MessageID)
		if t.Number != "" {
			t.AddParticipant(addr)
		}
	}
	return true, nil
}

// flooded says why an automatic mail to addr may not go now, or "".
func (n *Notifier) flooded(tx *ticketstore.Tx, t *ticketstore.Ticket, addr string, unlisted bool, now time.Time) string {
	p := n.Config.Policy
	nAddr, nTicket := tx.AutoSentSince(addr, now.Add(-time.Hour), t.Number)
	switch {
	case p.AutoPerAddressPerHour > 0 && nAddr >= p.AutoPerAddressPerHour:
		return fmt.Sprintf("flood limit: %d automatic mails to this address within the hour", nAddr)
	case p.AutoPerTicketPerHour > 0 && nTicket >= p.AutoPerTicketPerHour:
		return fmt.Sprintf("flood limit: %d automatic mails for this ticket within the hour", nTicket)
	case unlisted && p.AutoToUnknownPerHour > 0:
		if c := tx.AutoUnlistedSince(now.Add(-time.Hour)); c >= p.AutoToUnknownPerHour {
			return fmt.Sprintf("flood limit: %d automatic mails to addresses outside the directory within the hour", c)
		}
	}
	return ""
}

// Suppress records a mail of kind to addr that we did not send, and why.
func (n *Notifier) Suppress(tx *ticketstore.Tx, t *ticketstore.Ticket, kind, addr, reason string) error {
	addr = strings.ToLower(strings.TrimSpace(addr))
	n.Log.Warn().Str("ticket", t.Number).Str("to", addr).Str("kind", kind).Str("reason", reason).Msg("mail suppressed")
	return tx.RecordSuppression(&ticketstore.Suppression{To: addr, Ticket: t.Number, Kind: kind, Reason: reason, Created: n.Now()})
}

// ReplyAddress is the Reply-To of customer mail: the signed plus-address of the ticket, or with
// support.reply_address = "plain" (for servers that do not deliver plus-addresses) the support
// address itself, and threading then rests on In-Reply-To/References and the subject tag.
func (n *Notifier) ReplyAddress(number string) string {
	if n.Config.Support.ReplyAddress != config.ReplyAddressPlain && n.Signer != nil {
		if a := n.Signer.ReplyAddress(number); a != "" {
			return a
		}
	}
	return n.Config.Support.Address
}

// threaded builds the headers that let a reply find the ticket again: our Message-ID
// (indexed), In-Reply-To/References of the thread, the subject tag from the template, and the
// Reply-To address.
func (n *Notifier) threaded(t *ticketstore.Ticket, to To, r templates.Rendered, m Mail) *compose.Mail {
	cm := &compose.Mail{
		From:      compose.Address{Name: n.Config.Support.Name, Addr: n.Config.Support.Address},
		To:        []compose.Address{{Name: to.Name, Addr: to.Addr}},
		Subject:   r.Subject,
		Date:      n.Now(),
		MessageID: compose.NewMessageID(n.domain),
		Headers:   [][2]string{{policy.DefaultLoopHeader, strings.ToLower(n.Config.Support.Address)}},
		Text:      r.Text,
		HTML:      r.HTML,
	}
	if t.Number != "" {
		cm.Headers = append(cm.Headers, [2]string{TicketHeader, t.Number})
		reply := m.ReplyTo
		if reply == "" {
			reply = n.ReplyAddress(t.Number)
		}
		cm.ReplyTo = &compose.Address{Name: n.Config.Support.Name, Addr: reply}
	}
	if k := len(t.ThreadIDs); k > 0 {
		cm.InReplyTo = t.ThreadIDs[k-1]
		cm.References = slices.Clone(t.ThreadIDs)
	}
	if m.InReplyTo != "" {
		cm.InReplyTo = m.InReplyTo
	}
	return cm
}

// AppendThreadID adds id to a ticket's thread, keeping the first and the newest ids.
func AppendThreadID(ids []string, id string) []string {
	if slices.Contains(ids, id) {
		return ids
	}
	ids = append(ids, id)
	if len(ids) > MaxThreadIDs {
		ids = append(ids[:1], ids[len(ids)-MaxThreadIDs+1:]...)
	}
	return ids
}

// attachment streams a stored attachment into a mail.
func (n *Notifier) attachment(a ticketstore.Attachment) compose.Attachment {
	return compose.Attachment{Name: a.Name, ContentType: a.ContentType, Open: func() (io.ReadCloser, error) {
		if n.Blobs == nil {
			return nil, errors.New("no blob store")
		}
		return n.Blobs.Open(a.SHA256)
	}}
}

// Listed adapts a directory index for Deps.Listed.
func Listed(index func() *directory.Index) func(string) bool {
	return func(addr string) bool { return index().Match(addr).By != "" }
}
