package mailflow

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"helpdesk/mailflow/outbox"
	"helpdesk/ticketstore"
)

// Queue adapts the store to the outbox sender.
type Queue struct{ Store *ticketstore.Store }

var _ outbox.Queue = Queue{}

// Due implements outbox.Queue.
func (q Queue) Due(now time.Time, limit int) ([]outbox.Mail, error) {
	var out []outbox.Mail
	err := q.Store.View(func(tx *ticketstore.Tx) error {
		ms, err := tx.DueOutbox(now, limit)
		for _, m := range ms {
			out = append(out, outbox.Mail{ID: m.ID, From: m.From, To: m.To, Raw: m.Raw,
				Attempts: m.Attempts, Deferrals: m.Deferrals, Created: m.Created})
		}
		return err
	})
	return out, err
}

// Record implements outbox.Queue: one transaction for the group. A mail that failed for good,
// or reached only some of its recipients, is also noted on its ticket in the same transaction,
// so the failure is never recorded without the note or the note without the failure.
func (q Queue) Record(results []outbox.Result) error {
	return q.Store.Update(func(tx *ticketstore.Tx) error {
		for _, r := range results {
			var m *ticketstore.OutboxMail
			if len(r.Rejected) > 0 {
				// Read before recording: a result for a mail already settled changes nothing
				// and gets no note.
				var err error
				if m, err = tx.OutboxMail(r.ID); err != nil {
					return fmt.Errorf("record outbox %d: %w", r.ID, err)
				}
			}
			err := tx.RecordOutbox(ticketstore.OutboxResult{ID: r.ID, Sent: r.Sent, Permanent: r.Permanent,
				Deferred: r.Deferred, Err: r.Err, NextAttempt: r.NextAttempt, At: r.At})
			if err != nil {
				return fmt.Errorf("record outbox %d: %w", r.ID, err)
			}
			if m != nil && m.State == ticketstore.OutboxPending {
				if err := noteUndelivered(tx, m, r); err != nil {
					return fmt.Errorf("record outbox %d: note on ticket %s: %w", r.ID, m.Ticket, err)
				}
			}
		}
		return nil
	})
}

// noteUndelivered adds a system comment to the ticket of m naming the recipients r did not
// reach and the error, in the form of noteBounce's notes.
func noteUndelivered(tx *ticketstore.Tx, m *ticketstore.OutboxMail, r outbox.Result) error {
	if m.Ticket == "" {
		return nil // a mail of no ticket (a status summary): the outbox list still shows it
	}
	what := "failed"
	if r.Sent {
		what = "failed (delivered to the other recipients)"
	}
	kind := m.Kind
	if kind == "" {
		kind = "mail"
	}
	body := fmt.Sprintf("delivery of the %s to %s %s: %s (outbox mail %d)",
		strings.ReplaceAll(kind, "_", " "), strings.Join(r.Rejected, ", "), what, r.Err, m.ID)
	err := tx.AddComment(&ticketstore.Comment{Ticket: m.Ticket, Author: "helpdesk", Kind: ticketstore.KindSystem, Body: body, Created: r.At})
	if errors.Is(err, ticketstore.ErrNotFound) {
		return nil // the ticket is gone; the outbox record still names it
	}
	return err
}

// NextDue implements outbox.Queue.
func (q Queue) NextDue() (t time.Time, ok bool, err error) {
	err = q.Store.View(func(tx *ticketstore.Tx) error {
		t, ok = tx.NextOutboxDue()
		return nil
	})
	return t, ok, err
}
