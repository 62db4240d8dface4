package ticketstore

import (
	"fmt"
	"slices"
)

// Valid reports whether s is a known state.
func (s OutboxState) Valid() bool {
	return s == OutboxPending || s == OutboxSent || s == OutboxFailed
}

// OutboxFilter selects outgoing mails; the zero value selects all, oldest first.
type OutboxFilter struct {
	States []OutboxState // any of these; none: all
	Before uint64        // only ID < Before; 0: no bound
	After  uint64        // only ID > After
	Desc   bool          // newest first
	Limit  int           // 0: no limit
}

// OutboxMails lists the outgoing mails f selects, in its order, without their bytes.
func (x *Tx) OutboxMails(f OutboxFilter) ([]OutboxMail, error) {
	var out []OutboxMail
	c := x.tx.Bucket(bOutbox).Cursor()
	k, v := c.First()
	next := c.Next
	if f.Desc {
		k, v = c.Last()
		next = c.Prev
	}
	if f.Desc && f.Before != 0 {
		k, v = c.Seek(u64(f.Before))
		if k == nil {
			k, v = c.Last()
		} else {
			k, v = c.Prev()
		}
	} else if !f.Desc && f.After != 0 {
		k, v = c.Seek(u64(f.After + 1))
	}
	for ; k != nil && (f.Limit == 0 || len(out) < f.Limit); k, v = next() {
		var m OutboxMail
		if err := jsonUnmarshal(v, &m); err != nil {
			return nil, fmt.Errorf("outbox %x: %w", k, err)
		}
		if (len(f.States) == 0 || slices.Contains(f.States, m.State)) &&
			(f.Before == 0 || m.ID < f.Before) && m.ID > f.After {
			out = append(out, m)
		}
	}
	return out, nil
}
