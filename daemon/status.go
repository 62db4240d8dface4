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
		ts, err := tx.Tickets(ticketstore.TicketFilter{})
		if err != nil {
			return err
		}
		r.Tickets = len(ts)
		for _, t := range ts {
			if t.Status != ticketstore.StatusResolved && t.Status != ticketstore.StatusClosed {
				r.OpenTickets++
			}
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
		sa, err := tx.SetAsideRecords(ticketstore.SetAsideFilter{})
		r.SetAside = len(sa)
		return err
	})
	return r, err
}
