package ticketstore

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Stop, returned by the function given to EachTicket or EachSetAside, ends the walk early;
// the walk then returns nil.
var Stop = errors.New("stop")

// TicketFilter selects tickets; the zero value selects all, oldest first.
//
// A list walks one index: with ByUpdated the update-time index, otherwise the smallest of the
// status, customer and assignee indexes the filter names (by their counters), or the tickets
// themselves when it names none. The other conditions are checked in their own indexes, key
// by key, before a record is read, so only returned tickets are decoded. The worst case is a
// filter of two large sets with a small intersection, e.g. every closed ticket of a large
// customer when that customer's tickets are mostly open: it walks the customer's tickets,
// two index lookups each. With ByUpdated, a selective filter (a customer with few tickets)
// walks the update-time index until Limit tickets matched: up to the whole index (one lookup
// per ticket, no decoding) when fewer match.
type TicketFilter struct {
	Status     []Status // any of these; empty: every status
	Customer   string   // customer number; "": every customer
	Assignee   string   // technician id; "": whoever (see Unassigned)
	Unassigned bool     // only tickets without assignee; Assignee must be ""
	Before     uint64   // only Seq < Before (0: no bound): the cursor of a page newest first
	After      uint64   // only Seq > After: the cursor of a page oldest first
	Desc       bool     // newest first (by Seq, or by Updated with ByUpdated)
	Limit      int      // at most this many; 0 or less: all

	// ByUpdated lists in the order of Updated, then Seq, instead of Seq: "recently changed".
	ByUpdated bool
	// UpdatedBefore and UpdatedAfter bound that order (zero: no bound): the cursor of the next
	// page is PositionOf the last ticket of this one. Position{Updated: t} as UpdatedAfter
	// selects the tickets updated at t or later. Only with ByUpdated.
	UpdatedBefore, UpdatedAfter Position
}

// Position is a place in the update-time order of tickets.
type Position struct {
	Updated time.Time
	Seq     uint64
}

// PositionOf returns t's place in the update-time order.
func PositionOf(t *Ticket) Position { return Position{t.Updated, t.Seq} }

func (p Position) zero() bool { return p.Updated.IsZero() && p.Seq == 0 }

func (f TicketFilter) check() error {
	if f.Unassigned && f.Assignee != "" {
		return errors.New("ticket filter: Unassigned with an Assignee")
	}
	if !f.ByUpdated && (!f.UpdatedBefore.zero() || !f.UpdatedAfter.zero()) {
		return errors.New("ticket filter: UpdatedBefore/UpdatedAfter without ByUpdated")
	}
	return nil
}

// EachTicket calls fn for every ticket f selects, in f's order, reading them one at a time:
// memory does not grow with the result. fn owns the ticket it is given. It may return Stop.
func (x *Tx) EachTicket(f TicketFilter, fn func(*Ticket) error) error {
	return x.walkTickets(f, true, func(seq uint64, t *Ticket) error { return fn(t) })
}

// Tickets returns what EachTicket would walk, for results small enough to hold.
func (x *Tx) Tickets(f TicketFilter) ([]Ticket, error) {
	var out []Ticket
	err := x.EachTicket(f, func(t *Ticket) error {
		out = append(out, *t)
		return nil
	})
	return out, err
}

// CountTickets counts the tickets f selects, ignoring Limit and order. A filter on one of
// status, customer or assignee without seq bounds is a counter read; otherwise the walk is
// EachTicket's without reading a record.
func (x *Tx) CountTickets(f TicketFilter) (int, error) {
	if err := f.check(); err != nil {
		return 0, err
	}
	f.Limit = 0
	if f.Before == 0 && f.After == 0 && !f.ByUpdated {
		m := x.newMatcher(f)
		switch {
		case m.statuses == nil && m.customer == nil && m.assignee == nil:
			return x.count(countTickets), nil
		case m.customer == nil && m.assignee == nil:
			return m.statusCount(x), nil
		case m.statuses == nil && m.assignee == nil:
			return x.count(countCustomer(*m.customer)), nil
		case m.statuses == nil && m.customer == nil:
			return x.count(countAssignee(*m.assignee)), nil
		}
	}
	n := 0
	err := x.walkTickets(f, false, func(uint64, *Ticket) error {
		n++
		return nil
	})
	return n, err
}

// TicketSeq returns the seq of the ticket with a public number: the cursor for Before/After.
func (x *Tx) TicketSeq(number string) (uint64, error) {
	v := x.tx.Bucket(bTicketNum).Get([]byte(number))
	if len(v) != 8 {
		return 0, fmt.Errorf("ticket %s: %w", number, ErrNotFound)
	}
	return binary.BigEndian.Uint64(v), nil
}

// matcher is a filter made ready: nil fields do not filter.
type matcher struct {
	statuses []Status // nil: any; empty (not nil): none can match
	customer *string
	assignee *string
	f        TicketFilter
	cursors  map[string]*bolt.Cursor // one per index looked up in, reused (a cursor is an allocation)
}

func (x *Tx) newMatcher(f TicketFilter) *matcher {
	m := &matcher{f: f}
	if len(f.Status) > 0 {
		m.statuses = []Status{}
		for _, s := range f.Status {
			if s.Valid() && !slices.Contains(m.statuses, s) {
				m.statuses = append(m.statuses, s)
			}
		}
	}
	if f.Customer != "" {
		m.customer = &f.Customer
	}
	if f.Assignee != "" || f.Unassigned {
		m.assignee = &f.Assignee
	}
	return m
}

func (m *matcher) statusCount(x *Tx) int {
	n := 0
	for _, s := range m.statuses {
		n += x.count(countStatus(s))
	}
	return n
}

// inIndexes checks seq against the conditions the walked index does not answer.
func (m *matcher) inIndexes(x *Tx, seq uint64, walked []byte) bool {
	if m.f.ByUpdated && (seq <= m.f.After || (m.f.Before != 0 && seq >= m.f.Before)) {
		return false
	}
	if m.statuses != nil && string(walked) != string(bTicketState) {
		found := false
		for _, s := range m.statuses {
			if found = m.has(x, bTicketState, statusKey(s, seq)); found {
				break
			}
		}
		if !found {
			return false
		}
	}
	if m.customer != nil && string(walked) != string(bTicketCustomer) && !m.has(x, bTicketCustomer, nameKey(*m.customer, seq)) {
		return false
	}
	if m.assignee != nil && string(walked) != string(bTicketAssignee) && !m.has(x, bTicketAssignee, nameKey(*m.assignee, seq)) {
		return false
	}
	return true
}

// has reports whether the index bucket holds key.
func (m *matcher) has(x *Tx, bucket, key []byte) bool {
	c := m.cursors[string(bucket)]
	if c == nil {
		if m.cursors == nil {
			m.cursors = map[string]*bolt.Cursor{}
		}
		c = x.tx.Bucket(bucket).Cursor()
		m.cursors[string(bucket)] = c
	}
	k, _ := c.Seek(key)
	return bytes.Equal(k, key)
}

// onRecord checks the ticket itself: the indexes are written with it, so this only guards
// against a store damaged by hand.
func (m *matcher) onRecord(t *Ticket) bool {
	return (m.statuses == nil || slices.Contains(m.statuses, t.Status)) &&
		(m.customer == nil || t.Customer == *m.customer) &&
		(m.assignee == nil || t.Assignee == *m.assignee)
}

// walkTickets runs fn on the tickets f selects; with read false it passes no ticket and reads
// no record (for counting).
func (x *Tx) walkTickets(f TicketFilter, read bool, fn func(uint64, *Ticket) error) error {
	if err := f.check(); err != nil {
		return err
	}
	m := x.newMatcher(f)
	if m.statuses != nil && len(m.statuses) == 0 {
		return nil // only unknown statuses
	}
	walked, it := x.plan(m)
	n := 0
	for it.next() {
		seq := it.seq()
		if !m.inIndexes(x, seq, walked) {
			continue
		}
		var t *Ticket
		if read {
			t = new(Ticket)
			var v []byte
			if string(walked) == string(bTickets) {
				v = it.value()
			} else {
				v = x.tx.Bucket(bTickets).Get(u64(seq))
			}
			if v == nil {
				continue // an index entry without its ticket: skip what cannot be shown
			}
			if err := decodeTicket(v, t); err != nil {
				return fmt.Errorf("ticket #%d: %w", seq, err)
			}
			if !m.onRecord(t) {
				continue
			}
		}
		if err := fn(seq, t); err != nil {
			if errors.Is(err, Stop) {
				return nil
			}
			return err
		}
		if n++; f.Limit > 0 && n >= f.Limit {
			return nil
		}
	}
	return nil
}

// plan picks the index to walk and returns its name and the walk.
func (x *Tx) plan(m *matcher) ([]byte, seqIter) {
	f := m.f
	if f.ByUpdated {
		var lo, hi []byte
		if !f.UpdatedAfter.zero() {
			lo = updatedKey(f.UpdatedAfter.Updated, f.UpdatedAfter.Seq)
		}
		if !f.UpdatedBefore.zero() {
			hi = updatedKey(f.UpdatedBefore.Updated, f.UpdatedBefore.Seq)
		}
		return bTicketUpdated, newKeyIter(x.tx.Bucket(bTicketUpdated), lo, hi, f.Desc)
	}
	best, cost := bTickets, x.count(countTickets)
	if m.statuses != nil {
		if n := m.statusCount(x); n < cost {
			best, cost = bTicketState, n
		}
	}
	if m.customer != nil {
		if n := x.count(countCustomer(*m.customer)); n < cost {
			best, cost = bTicketCustomer, n
		}
	}
	if m.assignee != nil {
		if n := x.count(countAssignee(*m.assignee)); n < cost {
			best = bTicketAssignee
		}
	}
	b := x.tx.Bucket(best)
	switch string(best) {
	case string(bTicketState):
		merge := &mergeIter{desc: f.Desc}
		for _, s := range m.statuses {
			lo, hi := seqBounds(append([]byte(s), 0), f.After, f.Before)
			merge.its = append(merge.its, newKeyIter(b, lo, hi, f.Desc))
		}
		return best, merge
	case string(bTicketCustomer):
		lo, hi := seqBounds(namePrefix(*m.customer), f.After, f.Before)
		return best, newKeyIter(b, lo, hi, f.Desc)
	case string(bTicketAssignee):
		lo, hi := seqBounds(namePrefix(*m.assignee), f.After, f.Before)
		return best, newKeyIter(b, lo, hi, f.Desc)
	}
	lo, hi := seqBounds(nil, f.After, f.Before)
	return best, newKeyIter(b, lo, hi, f.Desc)
}
