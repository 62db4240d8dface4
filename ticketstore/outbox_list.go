package ticketstore

import (
	"fmt"
)

// Valid reports whether s is a known state.
func (s OutboxState) Valid() bool {
	return s == OutboxPending || s == OutboxSent || s == OutboxFailed
}

// OutboxFilter selects outgoing mails; the zero value selects all, oldest first.
type OutboxFilter struct {
	States []OutboxState // any of these; none: all (unknown states select nothing)
	Before uint64        // only ID < Before; 0: no bound
	After  uint64        // only ID > After
	Desc   bool          // newest first
	Limit  int           // 0: no limit
}

// OutboxMails lists the outgoing mails f selects, in its order, without their bytes. With
// States it walks the state index, so it reads what it returns (plus nothing), however large
// the outbox history; without, the records themselves.
func (x *Tx) OutboxMails(f OutboxFilter) ([]OutboxMail, error) {
	var out []OutboxMail
	var it seqIter
	records := x.tx.Bucket(bOutbox)
	if states := f.states(); states != nil {
		merge := &mergeIter{desc: f.Desc}
		for _, s := range states {
			lo, hi := seqBounds(outboxStateKey(s, 0)[:len(s)+1], f.After, f.Before)
			merge.its = append(merge.its, newKeyIter(x.tx.Bucket(bOutboxState), lo, hi, f.Desc))
		}
		it = merge
	} else if len(f.States) > 0 {
		return nil, nil // only unknown states
	} else {
		lo, hi := seqBounds(nil, f.After, f.Before)
		it = newKeyIter(records, lo, hi, f.Desc)
	}
	for it.next() && (f.Limit <= 0 || len(out) < f.Limit) {
		v := it.value()
		if v == nil {
			if v = records.Get(u64(it.seq())); v == nil {
				continue // an index entry without its record: Check reports it
			}
		}
		var m OutboxMail
		if err := jsonUnmarshal(v, &m); err != nil {
			return nil, fmt.Errorf("outbox %d: %w", it.seq(), err)
		}
		out = append(out, m)
	}
	return out, nil
}
