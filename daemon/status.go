package daemon

import (
	"context"

	"helpdesk/ticketstore"
)

func (d *Desk) status(_ context.Context, _ None) (StatusResult, error) {
	var r StatusResult
	d.mu.Lock()
	in := d.intake
	d.mu.Unlock()
	if in != nil {
		s := in.Status()
		r.Running, r.IMAPConnected, r.IMAPIdle, r.LastSync, r.LastError = true, s.Connected, s.Idle, s.LastSync, s.LastError
	}
	err := d.Store.View(func(tx *ticketstore.Tx) error {
		c, err := tx.Counts()
		if err != nil {
			return err
		}
		r.Tickets, r.OpenTickets, r.SetAside = c.Tickets, c.Open(), c.SetAsideOpen
		if c.Outbox != nil {
			r.OutboxPending, r.OutboxFailed = c.Outbox[ticketstore.OutboxPending], c.Outbox[ticketstore.OutboxFailed]
			return nil
		}
		ms, err := tx.OutboxMails(ticketstore.OutboxFilter{States: []ticketstore.OutboxState{ticketstore.OutboxPending, ticketstore.OutboxFailed}})
		if err != nil {
			return err
		}
		for _, m := range ms {
			if m.State == ticketstore.OutboxPending {
				r.OutboxPending++
			} else {
				r.OutboxFailed++
			}
		}
		return nil
	})
	return r, err
}
