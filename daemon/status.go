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
	counts := func(unfolded int) error {
		return d.Store.View(func(tx *ticketstore.Tx) error {
			c, err := tx.Counts()
			if err != nil {
				return err
			}
			// Counters only: status costs the same on a ten-year store as on a new one.
			r.Tickets, r.OpenTickets, r.SetAside = c.Tickets, c.Open(), c.SetAsideOpen
			// Mails in the sent log are sent, though the store's counters count them pending.
			r.OutboxPending = max(0, c.Outbox[ticketstore.OutboxPending]-unfolded)
			r.OutboxFailed = c.Outbox[ticketstore.OutboxFailed]
			return nil
		})
	}
	if d.sent == nil {
		return r, counts(0)
	}
	// The log's View holds folds off, so the counters and the log agree.
	err := d.sent.View(func(_ func(uint64) bool, logged int) error { return counts(logged) })
	return r, err
}
