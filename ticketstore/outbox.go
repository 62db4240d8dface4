package ticketstore

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"time"
)

func dueKey(t time.Time, id uint64) []byte {
	return append(u64(uint64(t.UnixNano())), u64(id)...)
}

// Enqueue commits an outgoing mail as pending, due now unless NextAttempt is set.
// Automatic mails are also counted per recipient for the flood limit.
func (x *Tx) Enqueue(m *OutboxMail) error {
	b := x.tx.Bucket(bOutbox)
	id, err := b.NextSequence()
	if err != nil {
		return err
	}
	m.ID = id
	m.State = OutboxPending
	m.Sent, m.BodyRemoved = time.Time{}, time.Time{}
	if m.Created.IsZero() {
		m.Created = x.now
	}
	if m.NextAttempt.IsZero() {
		m.NextAttempt = m.Created
	}
	if err := x.tx.Bucket(bOutboxDue).Put(dueKey(m.NextAttempt, id), nil); err != nil {
		return err
	}
	// The bytes live in their own bucket: delivery results rewrite the record, not the mail.
	if err := x.tx.Bucket(bOutboxRaw).Put(u64(id), m.Raw); err != nil {
		return err
	}
	if m.Automatic {
		for _, to := range m.To {
			if err := x.tx.Bucket(bAutoSent).Put(autoKey(to, m.Created, id), []byte(m.Ticket)); err != nil {
				return err
			}
		}
		if m.Unlisted {
			if err := x.noteUnlisted(m.Created); err != nil {
				return err
			}
		}
	}
	return x.putOutbox(m, nil)
}

func autoKey(addr string, t time.Time, id uint64) []byte {
	k := append([]byte(addr), 0)
	k = binary.BigEndian.AppendUint64(k, uint64(t.UnixNano()))
	return binary.BigEndian.AppendUint64(k, id)
}

// AutoSentSince counts automatic mails enqueued to addr since t, in all and for one ticket.
func (x *Tx) AutoSentSince(addr string, since time.Time, ticket string) (toAddr, toTicket int) {
	prefix := append([]byte(addr), 0)
	c := x.tx.Bucket(bAutoSent).Cursor()
	for k, v := c.Seek(autoKey(addr, since, 0)); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		toAddr++
		if ticket != "" && string(v) == ticket {
			toTicket++
		}
	}
	return toAddr, toTicket
}

// unlistedKeep is how long the global flood counters are kept: the limit looks back one hour.
const unlistedKeep = 2 * time.Hour

// noteUnlisted counts an automatic mail to an address outside the directory in the counter of
// its minute and drops counters too old to matter: one read and write per mail, and at most
// ~120 counters, however many mails there are.
func (x *Tx) noteUnlisted(at time.Time) error {
	b := x.tx.Bucket(bAutoUnlist)
	c := b.Cursor()
	old := uint64(at.Add(-unlistedKeep).Unix() / 60)
	for k, _ := c.First(); k != nil && binary.BigEndian.Uint64(k) < old; k, _ = c.First() {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	key := u64(uint64(at.Unix() / 60))
	var n uint64
	if v := b.Get(key); len(v) == 8 {
		n = binary.BigEndian.Uint64(v)
	}
	return b.Put(key, u64(n+1))
}

// AutoUnlistedSince counts the automatic mails to addresses outside the directory enqueued
// since t, by whole minutes: the minute t falls in counts in full, so the window is up to a
// minute longer than asked, never shorter.
func (x *Tx) AutoUnlistedSince(t time.Time) int {
	n := uint64(0)
	c := x.tx.Bucket(bAutoUnlist).Cursor()
	for k, v := c.Seek(u64(uint64(t.Unix() / 60))); k != nil; k, v = c.Next() {
		if len(v) == 8 {
			n += binary.BigEndian.Uint64(v)
		}
	}
	return int(min(n, uint64(math.MaxInt32)))
}

// RecordSuppression notes an automatic mail we did not send.
func (x *Tx) RecordSuppression(s *Suppression) error {
	b := x.tx.Bucket(bSuppressed)
	id, err := b.NextSequence()
	if err != nil {
		return err
	}
	s.ID = id
	if s.Created.IsZero() {
		s.Created = x.now
	}
	return putJSON(b, u64(id), s)
}

// Suppressions lists suppressed automatic mails.
func (x *Tx) Suppressions() ([]Suppression, error) {
	var out []Suppression
	err := x.tx.Bucket(bSuppressed).ForEach(func(k, v []byte) error {
		var s Suppression
		if err := jsonUnmarshal(v, &s); err != nil {
			return err
		}
		out = append(out, s)
		return nil
	})
	return out, err
}

// OutboxMail returns one outgoing mail with its bytes.
func (x *Tx) OutboxMail(id uint64) (*OutboxMail, error) {
	m, err := x.outboxRecord(id)
	if err != nil {
		return nil, err
	}
	m.Raw = append([]byte(nil), x.tx.Bucket(bOutboxRaw).Get(u64(id))...)
	return m, nil
}

// outboxRecord returns an outgoing mail without its bytes.
func (x *Tx) outboxRecord(id uint64) (*OutboxMail, error) {
	var m OutboxMail
	if err := getJSON(x.tx.Bucket(bOutbox), u64(id), &m); err != nil {
		return nil, fmt.Errorf("outbox %d: %w", id, err)
	}
	return &m, nil
}

// Outbox lists outgoing mails without their bytes, oldest first, optionally only those in one
// state.
func (x *Tx) Outbox(state OutboxState) ([]OutboxMail, error) {
	var f OutboxFilter
	if state != "" {
		f.States = []OutboxState{state}
	}
	return x.OutboxMails(f)
}

// DueOutbox returns pending mails due at now, oldest due first, at most limit. Mails skip
// names (when skip is not nil) are left out before they are read: the sender's sent log holds
// mails the store still has as due.
func (x *Tx) DueOutbox(now time.Time, limit int, skip func(id uint64) bool) ([]OutboxMail, error) {
	var out []OutboxMail
	c := x.tx.Bucket(bOutboxDue).Cursor()
	end := uint64(now.UnixNano())
	for k, _ := c.First(); k != nil && len(out) < limit; k, _ = c.Next() {
		if binary.BigEndian.Uint64(k[:8]) > end {
			break
		}
		id := binary.BigEndian.Uint64(k[8:])
		if skip != nil && skip(id) {
			continue
		}
		m, err := x.OutboxMail(id)
		if err != nil {
			return nil, err
		}
		out = append(out, *m)
	}
	return out, nil
}

// NextOutboxDue returns the earliest due time of a pending mail.
func (x *Tx) NextOutboxDue() (time.Time, bool) {
	k, _ := x.tx.Bucket(bOutboxDue).Cursor().First()
	if k == nil {
		return time.Time{}, false
	}
	return time.Unix(0, int64(binary.BigEndian.Uint64(k[:8]))), true
}

// OutboxResult is the outcome of one delivery try.
type OutboxResult struct {
	ID        uint64
	Sent      bool
	Permanent bool
	// Deferred marks a try that was no attempt (the session failed or the relay refuses every
	// mail): it counts in Deferrals, not Attempts, so it never brings the mail nearer its limit.
	Deferred    bool
	Err         string
	NextAttempt time.Time
	At          time.Time
}

// RecordOutbox applies delivery results: sent, failed for good, or pending until NextAttempt.
func (x *Tx) RecordOutbox(r OutboxResult) error {
	m, err := x.outboxRecord(r.ID)
	if err != nil {
		return err
	}
	if m.State != OutboxPending {
		return nil // already settled, e.g. by a resend after a crash
	}
	old := *m
	due := x.tx.Bucket(bOutboxDue)
	if err := due.Delete(dueKey(m.NextAttempt, m.ID)); err != nil {
		return err
	}
	if r.Deferred {
		m.Deferrals++
	} else {
		m.Attempts++
	}
	m.LastError = r.Err
	switch {
	case r.Sent:
		m.State = OutboxSent
		m.Sent = r.At
	case r.Permanent:
		m.State = OutboxFailed
	default:
		m.NextAttempt = r.NextAttempt
		if err := due.Put(dueKey(m.NextAttempt, m.ID), nil); err != nil {
			return err
		}
	}
	return x.putOutbox(m, &old)
}

// Retry makes a failed mail pending again, due now, with a fresh attempt count and deadline.
func (x *Tx) Retry(id uint64) error {
	m, err := x.outboxRecord(id)
	if err != nil {
		return err
	}
	if !m.BodyRemoved.IsZero() {
		return fmt.Errorf("outbox %d: %w", id, ErrBodyRemoved)
	}
	if m.State != OutboxFailed {
		return fmt.Errorf("outbox %d is %s, not failed", id, m.State)
	}
	old := *m
	m.State = OutboxPending
	m.NextAttempt = x.now
	// A fresh delivery window: the sender gives up by attempt count and age since Created.
	m.Attempts, m.Deferrals, m.Created = 0, 0, x.now
	if err := x.tx.Bucket(bOutboxDue).Put(dueKey(m.NextAttempt, m.ID), nil); err != nil {
		return err
	}
	return x.putOutbox(m, &old)
}
