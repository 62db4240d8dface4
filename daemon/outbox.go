package daemon

import (
	"context"
	"fmt"
	"strconv"

	"helpdesk/ticketstore"
)

func outboxView(m *ticketstore.OutboxMail) OutboxView {
	v := OutboxView{ID: m.ID, Ticket: m.Ticket, Kind: m.Kind, To: m.To, Subject: m.Subject, State: string(m.State),
		Attempts: m.Attempts, LastError: m.LastError, Created: m.Created, Sent: m.Sent, BodyRemoved: m.BodyRemoved}
	if m.State == ticketstore.OutboxPending {
		v.NextAttempt = m.NextAttempt
	}
	return v
}

// outboxStates is the order "outbox list" shows the states in: what still needs attention
// first.
var outboxStates = []ticketstore.OutboxState{ticketstore.OutboxPending, ticketstore.OutboxFailed, ticketstore.OutboxSent}

// outboxList streams outgoing mail: all of it pending first, then failed, then sent, oldest
// first within each state; or, limited or from a cursor (an outbox ID), newest first.
func (d *Desk) outboxList(ctx context.Context, a OutboxListArgs, emit func(OutboxView) error) (Page, error) {
	if err := d.foldSent(); err != nil {
		return Page{}, err
	}
	states := outboxStates
	if a.State != "" {
		st := ticketstore.OutboxState(a.State)
		if !st.Valid() {
			return Page{}, fmt.Errorf("unknown state %q: want pending, sent or failed", a.State)
		}
		states = []ticketstore.OutboxState{st}
	}
	p := &pager[OutboxView]{limit: a.Limit, emit: emit, cursor: func(v OutboxView) string { return strconv.FormatUint(v.ID, 10) }}
	if !a.paged() {
		for _, st := range states {
			if err := d.streamOutbox(ctx, ticketstore.OutboxFilter{States: []ticketstore.OutboxState{st}}, p); err != nil {
				return Page{}, err
			}
		}
		return Page{}, nil
	}
	f := ticketstore.OutboxFilter{States: states, Desc: true}
	if a.Before != "" {
		id, err := strconv.ParseUint(a.Before, 10, 64)
		if err != nil || id == 0 {
			return Page{}, fmt.Errorf("cursor %q: want an outbox ID", a.Before)
		}
		f.Before = id
	}
	err := d.streamOutbox(ctx, f, p)
	return p.page(), err
}

// streamOutbox pushes the mails f selects to p, reading them in short transactions.
func (d *Desk) streamOutbox(ctx context.Context, f ticketstore.OutboxFilter, p *pager[OutboxView]) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		f.Limit = p.chunkSize()
		var chunk []ticketstore.OutboxMail
		if err := d.Store.View(func(tx *ticketstore.Tx) error {
			var err error
			chunk, err = tx.OutboxMails(f)
			return err
		}); err != nil {
			return err
		}
		for i := range chunk {
			if stop, err := p.push(outboxView(&chunk[i])); stop {
				return err
			}
			if f.Desc {
				f.Before = chunk[i].ID
			} else {
				f.After = chunk[i].ID
			}
		}
		if len(chunk) < f.Limit {
			return nil
		}
	}
}

// outboxShow returns one mail with its text; a mail whose text keep_sent removed is shown
// without it, not refused.
func (d *Desk) outboxShow(_ context.Context, a IDArgs) (OutboxDetail, error) {
	var r OutboxDetail
	if err := d.foldSent(); err != nil {
		return r, err
	}
	err := d.Store.View(func(tx *ticketstore.Tx) error {
		m, err := tx.OutboxMail(a.ID)
		if err != nil {
			return notFound(err)
		}
		r = OutboxDetail{OutboxView: outboxView(m), From: m.From, MessageID: m.MessageID, Raw: string(m.Raw)}
		return nil
	})
	return r, err
}

func (d *Desk) outboxRetry(_ context.Context, a IDArgs) (None, error) {
	err := d.Store.Update(func(tx *ticketstore.Tx) error { return notFound(tx.Retry(a.ID)) })
	if err == nil {
		d.wakeOutbox()
	}
	return None{}, err
}

// foldSent folds the sent log so that what the operator reads shows sent mail as sent.
func (d *Desk) foldSent() error {
	if err := d.queue(d.sent).Fold(); err != nil {
		return fmt.Errorf("fold the sent log: %w", err)
	}
	return nil
}

func (d *Desk) wakeOutbox() {
	d.mu.Lock()
	s := d.sender
	d.mu.Unlock()
	if s != nil {
		s.Wake()
	}
}
