package mailflow

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"helpdesk/mailflow/outbox"
	"helpdesk/mailflow/sentlog"
	"helpdesk/ticketstore"
)

// FoldEvery is the number of logged sent results after which Record folds the sent log into
// the store while the outbox is busy (when it goes idle it folds at once).
const FoldEvery = 512

// Queue adapts the store to the outbox sender.
type Queue struct {
	Store *ticketstore.Store
	// Sent, when set, takes the plain "sent" results (all recipients reached) so that they
	// cost an append and an fdatasync instead of a store commit each; they are folded into the
	// store in groups (see package sentlog). Nil records every result in the store at once.
	Sent *sentlog.Log
}

var _ outbox.Queue = Queue{}

// Due implements outbox.Queue. Mails logged as sent but not folded yet are pending in the
// store still, and are left out.
func (q Queue) Due(now time.Time, limit int) ([]outbox.Mail, error) {
	if q.Sent == nil {
		return q.due(now, limit, nil)
	}
	var out []outbox.Mail
	err := q.Sent.View(func(has func(uint64) bool) error {
		var err error
		out, err = q.due(now, limit, has)
		return err
	})
	return out, err
}

func (q Queue) due(now time.Time, limit int, skip func(uint64) bool) ([]outbox.Mail, error) {
	var out []outbox.Mail
	err := q.Store.View(func(tx *ticketstore.Tx) error {
		ms, err := tx.DueOutbox(now, limit, skip)
		for _, m := range ms {
			out = append(out, outbox.Mail{ID: m.ID, From: m.From, To: m.To, Raw: m.Raw,
				Attempts: m.Attempts, Deferrals: m.Deferrals, Created: m.Created})
		}
		return err
	})
	return out, err
}

// Record implements outbox.Queue. Plain "sent" results go to the sent log when there is one
// (folded once FoldEvery are there); any other group is recorded in one store transaction
// together with whatever the log holds. A mail that failed for good, or reached only some of
// its recipients, is also noted on its ticket in the same transaction, so the failure is
// never recorded without the note or the note without the failure.
func (q Queue) Record(results []outbox.Result) error {
	if q.Sent == nil {
		return q.Store.Update(func(tx *ticketstore.Tx) error { return recordResults(tx, results) })
	}
	if entries, ok := plainSent(results); ok {
		if err := q.Sent.Append(entries); err == nil {
			if q.Sent.Len() >= FoldEvery {
				// The results are durable in the log already: a failed fold is retried with
				// the next one, and its error shows there.
				_ = q.Fold()
			}
			return nil
		}
		// The log failed (disk full?): the store may still take them.
	}
	return q.Sent.Fold(func(logged []sentlog.Entry) error {
		return q.Store.Update(func(tx *ticketstore.Tx) error {
			if err := foldSent(tx, logged); err != nil {
				return err
			}
			return recordResults(tx, results)
		})
	})
}

// Fold records the sent log's results in the store and empties the log. Without a log it
// does nothing.
func (q Queue) Fold() error {
	if q.Sent == nil {
		return nil
	}
	return q.Sent.Fold(func(logged []sentlog.Entry) error {
		if len(logged) == 0 {
			return nil
		}
		return q.Store.Update(func(tx *ticketstore.Tx) error { return foldSent(tx, logged) })
	})
}

// plainSent returns results as sent-log entries when every one is a plain "sent".
func plainSent(results []outbox.Result) ([]sentlog.Entry, bool) {
	entries := make([]sentlog.Entry, len(results))
	for i, r := range results {
		if !r.Sent || r.Permanent || r.Deferred || r.Err != "" || len(r.Rejected) > 0 {
			return nil, false
		}
		entries[i] = sentlog.Entry{ID: r.ID, At: r.At}
	}
	return entries, true
}

// foldSent records logged sent results. A mail settled already (folded before a crash cut the
// log's truncation short) is left as it is; a mail no longer in the store (a log older than a
// restored backup) is skipped.
func foldSent(tx *ticketstore.Tx, logged []sentlog.Entry) error {
	for _, e := range logged {
		err := tx.RecordOutbox(ticketstore.OutboxResult{ID: e.ID, Sent: true, At: e.At})
		if errors.Is(err, ticketstore.ErrNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("fold sent outbox %d: %w", e.ID, err)
		}
	}
	return nil
}

func recordResults(tx *ticketstore.Tx, results []outbox.Result) error {
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

// NextDue implements outbox.Queue. The sender asks when it has nothing to hand out: a good
// moment to fold the sent log, which also keeps its mails from looking due.
func (q Queue) NextDue() (t time.Time, ok bool, err error) {
	if err := q.Fold(); err != nil {
		return time.Time{}, false, err
	}
	err = q.Store.View(func(tx *ticketstore.Tx) error {
		t, ok = tx.NextOutboxDue()
		return nil
	})
	return t, ok, err
}
