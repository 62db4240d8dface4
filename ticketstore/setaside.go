package ticketstore

import (
	"errors"
	"fmt"
)

// PutSetAside stores a set-aside record, assigning its ID when new, and keeps the index of
// records not released and the counters right.
func (x *Tx) PutSetAside(s *SetAside) error {
	b := x.tx.Bucket(bSetAside)
	var old *SetAside
	if s.ID == 0 {
		id, err := b.NextSequence()
		if err != nil {
			return fmt.Errorf("set-aside sequence: %w", err)
		}
		s.ID = id
	} else if v := b.Get(u64(s.ID)); v != nil {
		old = new(SetAside)
		if err := decodeSetAside(v, old); err != nil {
			return fmt.Errorf("set-aside %d: %w", s.ID, err)
		}
	}
	if err := x.indexSetAside(s, old); err != nil {
		return fmt.Errorf("set-aside %d: index: %w", s.ID, err)
	}
	return b.Put(u64(s.ID), encodeSetAside(s))
}

// SetAside returns one set-aside record.
func (x *Tx) SetAside(id uint64) (*SetAside, error) {
	v := x.tx.Bucket(bSetAside).Get(u64(id))
	if v == nil {
		return nil, fmt.Errorf("set-aside %d: %w", id, ErrNotFound)
	}
	var s SetAside
	if err := decodeSetAside(v, &s); err != nil {
		return nil, fmt.Errorf("set-aside %d: %w", id, err)
	}
	return &s, nil
}

// SetAsideFilter selects set-aside records; the zero value selects those not released,
// oldest first.
type SetAsideFilter struct {
	All    bool   // released ones too
	Before uint64 // only ID < Before (0: no bound): the cursor of a page newest first
	After  uint64 // only ID > After
	Desc   bool   // newest first
	Limit  int    // at most this many; 0 or less: all
}

// EachSetAside calls fn for every record f selects, one at a time. Records not released are
// walked in their own index, so the service team's list costs what it shows, however many
// released records years of spam left behind. fn owns the record; it may return Stop.
func (x *Tx) EachSetAside(f SetAsideFilter, fn func(*SetAside) error) error {
	b := x.tx.Bucket(bSetAside)
	walked := b
	if !f.All {
		walked = x.tx.Bucket(bSetAsideOpen)
	}
	lo, hi := seqBounds(nil, f.After, f.Before)
	it := newKeyIter(walked, lo, hi, f.Desc)
	n := 0
	for it.next() {
		v := it.value()
		if !f.All {
			if v = b.Get(it.k); v == nil {
				continue // an index entry without its record
			}
		}
		s := new(SetAside)
		if err := decodeSetAside(v, s); err != nil {
			return fmt.Errorf("set-aside %x: %w", it.k, err)
		}
		if !f.All && !s.Released.IsZero() {
			continue
		}
		if err := fn(s); err != nil {
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

// SetAsideRecords returns what EachSetAside would walk, for results small enough to hold.
func (x *Tx) SetAsideRecords(f SetAsideFilter) ([]SetAside, error) {
	var out []SetAside
	err := x.EachSetAside(f, func(s *SetAside) error {
		out = append(out, *s)
		return nil
	})
	return out, err
}

// SetAsides lists set-aside records, oldest first; released ones only when all is true.
// It holds them all: EachSetAside with a Limit is the list for large stores.
func (x *Tx) SetAsides(all bool) ([]SetAside, error) {
	return x.SetAsideRecords(SetAsideFilter{All: all})
}
