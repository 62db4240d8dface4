package ticketstore

import (
	"bytes"
	"encoding/binary"
	"math"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The ticket indexes hold one key per ticket each, ending in the ticket's seq, with no value:
// status, customer, assignee and update time. Every list of tickets reads one of them, so a
// filter or a limit costs what it returns, not what the store holds. They are written only by
// indexTicket, in the transaction that writes the ticket.

// statusKey is the key of the status index: status \x00 seq.
func statusKey(s Status, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte(s), 0), seq)
}

// nameKey is the key of the customer and assignee indexes: the name's length (uvarint), the
// name, seq. The length comes first, so the prefix of one name is never the prefix of another
// and names may hold any byte.
func nameKey(name string, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(namePrefix(name), seq)
}

func namePrefix(name string) []byte {
	return append(binary.AppendUvarint(make([]byte, 0, len(name)+9+8), uint64(len(name))), name...)
}

// updatedKey is the key of the update-time index: Updated in unix nanoseconds (clamped to
// 1970..2262, which holds every time a desk writes), seq.
func updatedKey(t time.Time, seq uint64) []byte {
	return binary.BigEndian.AppendUint64(unixNanoKey(t), seq)
}

func unixNanoKey(t time.Time) []byte {
	var n uint64
	switch {
	case t.Before(time.Unix(0, 0)):
		n = 0
	case t.After(time.Unix(0, math.MaxInt64)):
		n = math.MaxInt64
	default:
		n = uint64(t.UnixNano())
	}
	return binary.BigEndian.AppendUint64(make([]byte, 0, 16), n)
}

// keySeq is the seq at the end of an index key.
func keySeq(k []byte) uint64 {
	if len(k) < 8 {
		return 0
	}
	return binary.BigEndian.Uint64(k[len(k)-8:])
}

// indexTicket brings the indexes and counters from old (nil for a new ticket) to t.
func (x *Tx) indexTicket(t, old *Ticket) error {
	if old == nil {
		if err := x.addCount(countTickets, 1); err != nil {
			return err
		}
	}
	type index struct {
		bucket         []byte
		oldKey, newKey []byte
		oldCnt, newCnt string
	}
	idx := []index{
		{bTicketState, nil, statusKey(t.Status, t.Seq), "", countStatus(t.Status)},
		{bTicketCustomer, nil, nameKey(t.Customer, t.Seq), "", countCustomer(t.Customer)},
		{bTicketAssignee, nil, nameKey(t.Assignee, t.Seq), "", countAssignee(t.Assignee)},
		{bTicketUpdated, nil, updatedKey(t.Updated, t.Seq), "", ""},
	}
	if old != nil {
		idx[0].oldKey, idx[0].oldCnt = statusKey(old.Status, old.Seq), countStatus(old.Status)
		idx[1].oldKey, idx[1].oldCnt = nameKey(old.Customer, old.Seq), countCustomer(old.Customer)
		idx[2].oldKey, idx[2].oldCnt = nameKey(old.Assignee, old.Seq), countAssignee(old.Assignee)
		idx[3].oldKey = updatedKey(old.Updated, old.Seq)
	}
	for _, i := range idx {
		if bytes.Equal(i.oldKey, i.newKey) {
			continue
		}
		b := x.tx.Bucket(i.bucket)
		if i.oldKey != nil {
			if err := b.Delete(i.oldKey); err != nil {
				return err
			}
			if err := x.addCount(i.oldCnt, -1); err != nil {
				return err
			}
		}
		if err := b.Put(i.newKey, nil); err != nil {
			return err
		}
		if err := x.addCount(i.newCnt, 1); err != nil {
			return err
		}
	}
	return nil
}

// indexSetAside keeps the index of set-aside mail not yet released and its counters, from old
// (nil for a new record) to s.
func (x *Tx) indexSetAside(s, old *SetAside) error {
	if old == nil {
		if err := x.addCount(countSetAside, 1); err != nil {
			return err
		}
	}
	wasOpen, isOpen := old != nil && old.Released.IsZero(), s.Released.IsZero()
	b := x.tx.Bucket(bSetAsideOpen)
	switch {
	case isOpen && !wasOpen:
		if err := b.Put(u64(s.ID), nil); err != nil {
			return err
		}
		return x.addCount(countSetAsideOpen, 1)
	case wasOpen && !isOpen:
		if err := b.Delete(u64(s.ID)); err != nil {
			return err
		}
		return x.addCount(countSetAsideOpen, -1)
	}
	return nil
}

// has reports whether bucket holds key.
func has(b *bolt.Bucket, key []byte) bool {
	k, _ := b.Cursor().Seek(key)
	return bytes.Equal(k, key)
}
