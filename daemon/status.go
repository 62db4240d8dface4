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
	// Mails in the sent log count as pending until folded.
	if err := d.foldSent(); err != nil {
		return r, err
	}
	err := d.Store.View(func(tx *ticketstore.Tx) error {
		c, err := tx.Counts()
		if err != nil {
			return err
		}
		// Counters only: status costs the same on a ten-year store as on a new one.
		r.Tickets, r.OpenTickets, r.SetAside = c.Tickets, c.Open(), c.SetAsideOpen
		r.OutboxPending, r.OutboxFailed = c.Outbox[ticketstore.OutboxPending], c.Outbox[ticketstore.OutboxFailed]
		return nil
	})
	return r, err
}
