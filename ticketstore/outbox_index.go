package ticketstore

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
)

// The outbox keeps two indexes beside its records, written only by putOutbox in the
// transaction that writes the record, and one counter per state:
//
//	outbox_state  state \x00 id -> nil     every mail, so a list of one state costs what it returns
//	outbox_sent   sent time + id -> nil     sent mails whose bytes are still kept, oldest first,
//	                                        so the keep_sent sweep finds what to drop without a scan
//	outbox:<state>                          counters (counts.go); "outbox" = 1 says they are there

// outboxStateKey is the key of the state index: state \x00 id.
func outboxStateKey(s OutboxState, id uint64) []byte { return statusKey(Status(s), id) }

// outboxSentKey is the key of the sent-time index, or nil when m has none: only sent mails
// whose bytes are kept are in it (a sent mail without a time is kept forever).
func outboxSentKey(m *OutboxMail) []byte {
	if m == nil || m.State != OutboxSent || !m.BodyRemoved.IsZero() || m.Sent.IsZero() {
		return nil
	}
	return updatedKey(m.Sent, m.ID)
}

func countOutboxState(s OutboxState) string { return countOutbox + ":" + string(s) }

// putOutbox writes m (without its bytes) and brings the indexes and counters from old (nil
// for a new mail) to m. Every change of an outbox record goes through here.
func (x *Tx) putOutbox(m, old *OutboxMail) error {
	raw := m.Raw
	m.Raw = nil
	err := putJSON(x.tx.Bucket(bOutbox), u64(m.ID), m)
	m.Raw = raw
	if err != nil {
		return err
	}
	return x.indexOutbox(m, old)
}

// indexOutbox brings the outbox indexes and counters from old (nil: none) to m.
func (x *Tx) indexOutbox(m, old *OutboxMail) error {
	if old == nil || old.State != m.State {
		b := x.tx.Bucket(bOutboxState)
		if old != nil {
			if err := b.Delete(outboxStateKey(old.State, old.ID)); err != nil {
				return fmt.Errorf("outbox %d: state index: %w", m.ID, err)
			}
			if err := x.addCount(countOutboxState(old.State), -1); err != nil {
				return err
			}
		}
		if err := b.Put(outboxStateKey(m.State, m.ID), nil); err != nil {
			return fmt.Errorf("outbox %d: state index: %w", m.ID, err)
		}
		if err := x.addCount(countOutboxState(m.State), 1); err != nil {
			return err
		}
	}
	oldKey, newKey := outboxSentKey(old), outboxSentKey(m)
	if bytes.Equal(oldKey, newKey) {
		return nil
	}
	b := x.tx.Bucket(bOutboxSent)
	if oldKey != nil {
		if err := b.Delete(oldKey); err != nil {
			return fmt.Errorf("outbox %d: sent index: %w", m.ID, err)
		}
	}
	if newKey != nil {
		if err := b.Put(newKey, nil); err != nil {
			return fmt.Errorf("outbox %d: sent index: %w", m.ID, err)
		}
	}
	return nil
}

// clearOutboxCounts deletes the outbox's counters (the migration that builds them starts so).
func (x *Tx) clearOutboxCounts() error {
	b := x.tx.Bucket(bCounts)
	var names [][]byte
	c := b.Cursor()
	for k, _ := c.Seek([]byte(countOutbox)); k != nil && bytes.HasPrefix(k, []byte(countOutbox)); k, _ = c.Next() {
		if isOutboxCounter(string(k)) {
			names = append(names, bytes.Clone(k))
		}
	}
	for _, k := range names {
		if err := b.Delete(k); err != nil {
			return fmt.Errorf("counter %s: %w", k, err)
		}
	}
	return nil
}

// isOutboxCounter tells the outbox's counters.
func isOutboxCounter(name string) bool {
	return name == countOutbox || strings.HasPrefix(name, countOutbox+":")
}

// checkOutbox compares the outbox indexes with the records and counts the states for
// checkCounters.
func (x *Tx) checkOutbox(counts map[string]int, bad func(string, ...any)) {
	state, sent := x.tx.Bucket(bOutboxState), x.tx.Bucket(bOutboxSent)
	counts[countOutbox] = 1 // the sign that the counters are kept
	x.tx.Bucket(bOutbox).ForEach(func(k, v []byte) error {
		var m OutboxMail
		if err := jsonUnmarshal(v, &m); err != nil {
			bad("outbox %x: %v", k, err)
			return nil
		}
		counts[countOutboxState(m.State)]++
		if !has(state, outboxStateKey(m.State, m.ID)) {
			bad("outbox %d: %s, not in %s", m.ID, m.State, bOutboxState)
		}
		if key := outboxSentKey(&m); key != nil && !has(sent, key) {
			bad("outbox %d: sent with its bytes, not in %s", m.ID, bOutboxSent)
		}
		return nil
	})
	state.ForEach(func(k, _ []byte) error {
		m, err := x.outboxRecord(keySeq(k))
		if err != nil || !bytes.Equal(outboxStateKey(m.State, m.ID), k) {
			bad("%s entry %q: record missing or in another state", bOutboxState, k)
		}
		return nil
	})
	sent.ForEach(func(k, _ []byte) error {
		m, err := x.outboxRecord(keySeq(k))
		if err != nil || !bytes.Equal(outboxSentKey(m), k) {
			bad("%s entry %x: record missing, not sent, or its bytes removed", bOutboxSent, k)
		}
		return nil
	})
}

// states returns the valid states of f without repeats, in the order given, or nil for
// all states.
func (f OutboxFilter) states() []OutboxState {
	if len(f.States) == 0 {
		return nil
	}
	out := make([]OutboxState, 0, len(f.States))
	for _, s := range f.States {
		if s.Valid() && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
