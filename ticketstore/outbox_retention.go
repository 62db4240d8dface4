package ticketstore

import (
	"bytes"
	"errors"
	"fmt"
	"time"
)

// ErrBodyRemoved is returned for an outgoing mail whose bytes were dropped after keep_sent.
var ErrBodyRemoved = errors.New("its body was removed after [outbox] keep_sent (only the record is kept), so it cannot be sent again")

// DropSentBodies removes the bytes of at most limit sent mails that were sent before `before`,
// oldest first, and marks their records (BodyRemoved = now); the records stay. It reads the
// sent-time index, which holds only sent mails whose bytes are kept, so it touches what it
// drops and one key more, never the rest of the outbox. more reports that further mails are
// due: the caller runs it again in a new transaction, so no one transaction grows with the
// backlog. Pending and failed mails are never in the index and never touched.
func (x *Tx) DropSentBodies(before, now time.Time, limit int) (dropped int, more bool, err error) {
	if limit <= 0 {
		return 0, false, fmt.Errorf("drop sent bodies: limit %d: want at least 1", limit)
	}
	end := unixNanoKey(before)
	var keys [][]byte
	c := x.tx.Bucket(bOutboxSent).Cursor()
	for k, _ := c.First(); k != nil && bytes.Compare(k[:8], end) < 0; k, _ = c.Next() {
		if len(keys) == limit {
			more = true
			break
		}
		keys = append(keys, bytes.Clone(k))
	}
	raw, sent := x.tx.Bucket(bOutboxRaw), x.tx.Bucket(bOutboxSent)
	for _, k := range keys {
		id := keySeq(k)
		m, err := x.outboxRecord(id)
		if errors.Is(err, ErrNotFound) {
			// An index entry without its record (Check reports it): drop the entry so the
			// sweep does not stop at it for ever.
			if err := sent.Delete(k); err != nil {
				return dropped, more, fmt.Errorf("outbox %d: sent index: %w", id, err)
			}
			continue
		} else if err != nil {
			return dropped, more, err
		}
		if !bytes.Equal(outboxSentKey(m), k) {
			// The entry does not match its record (not sent, or sent at another time):
			// remove the entry and leave the mail alone, a pending mail keeps its bytes.
			if err := sent.Delete(k); err != nil {
				return dropped, more, fmt.Errorf("outbox %d: sent index: %w", id, err)
			}
			continue
		}
		old := *m
		m.BodyRemoved = now
		if err := raw.Delete(u64(id)); err != nil {
			return dropped, more, fmt.Errorf("outbox %d: remove body: %w", id, err)
		}
		if err := x.putOutbox(m, &old); err != nil { // removes the entry
			return dropped, more, err
		}
		dropped++
	}
	return dropped, more, nil
}
