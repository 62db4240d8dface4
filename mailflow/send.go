package mailflow

import (
	"helpdesk/mailflow/notify"
	"helpdesk/templates"
	"helpdesk/ticketstore"
)

// recipient is one addressee of an outgoing mail.
type recipient struct{ name, addr string }

// mailData fills the template fields every ticket mail shares.
func (p *Processor) mailData(t *ticketstore.Ticket) templates.Data { return p.notify.Data(t) }

// enqueue sends a mail of kind to a customer-side recipient through the notifier (see
// notify.Notifier.Send). t is updated but not stored: the caller puts it.
func (p *Processor) enqueue(tx *ticketstore.Tx, t *ticketstore.Ticket, kind string, to recipient, d templates.Data, automatic bool) (bool, error) {
	return p.notify.Send(tx, t, notify.Mail{Kind: kind, To: notify.To{Name: to.name, Addr: to.addr}, Data: d, Automatic: automatic})
}

// answer enqueues an automatic answer of kind to the sender of the mail d was decided for,
// unless d withholds answers (an untrusted or unauthenticated sender, a new participant):
// then the suppression is recorded instead.
func (p *Processor) answer(tx *ticketstore.Tx, t *ticketstore.Ticket, kind string, to recipient, data templates.Data, d Decision) (bool, error) {
	if d.Withhold != "" {
		return false, p.notify.Suppress(tx, t, kind, to.addr, d.Withhold)
	}
	return p.enqueue(tx, t, kind, to, data, true)
}
