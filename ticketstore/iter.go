package ticketstore

import (
	"bytes"
	"math"

	bolt "go.etcd.io/bbolt"
)

// keyIter walks the keys of a bucket strictly between lo and hi, ascending or descending. The
// bounds are whole keys, so a walk of one prefix of an index with seq bounds is a walk between
// prefix+After and prefix+Before: it never looks at a key outside what it returns.
type keyIter struct {
	c       *bolt.Cursor
	lo, hi  []byte // exclusive; lo nil: from the first key, hi nil: to the last
	desc    bool
	started bool
	k, v    []byte
}

func newKeyIter(b *bolt.Bucket, lo, hi []byte, desc bool) *keyIter {
	return &keyIter{c: b.Cursor(), lo: lo, hi: hi, desc: desc}
}

// next moves to the next key; false at the end.
func (it *keyIter) next() bool {
	switch {
	case !it.started && !it.desc:
		it.started = true
		if it.lo == nil {
			it.k, it.v = it.c.First()
		} else if it.k, it.v = it.c.Seek(it.lo); bytes.Equal(it.k, it.lo) {
			it.k, it.v = it.c.Next()
		}
	case !it.started:
		it.started = true
		if it.hi == nil {
			it.k, it.v = it.c.Last()
		} else if it.k, it.v = it.c.Seek(it.hi); it.k == nil {
			it.k, it.v = it.c.Last()
		} else {
			it.k, it.v = it.c.Prev()
		}
	case it.desc:
		it.k, it.v = it.c.Prev()
	default:
		it.k, it.v = it.c.Next()
	}
	switch {
	case it.k == nil:
	case !it.desc && it.hi != nil && bytes.Compare(it.k, it.hi) >= 0:
		it.k = nil
	case it.desc && it.lo != nil && bytes.Compare(it.k, it.lo) <= 0:
		it.k = nil
	}
	return it.k != nil
}

// seqBounds are the exclusive key bounds of the seqs in (after, before) under prefix; before 0
// is no upper bound.
func seqBounds(prefix []byte, after, before uint64) (lo, hi []byte) {
	lo = append(bytes.Clone(prefix), u64(after)...)
	if before == 0 {
		// Above every seq of the prefix, including MaxUint64.
		hi = append(append(bytes.Clone(prefix), u64(math.MaxUint64)...), 0)
	} else {
		hi = append(bytes.Clone(prefix), u64(before)...)
	}
	return lo, hi
}

// seqIter yields seqs (from the last 8 bytes of each key) and the value, if the walked bucket
// holds records.
type seqIter interface {
	next() bool
	seq() uint64
	value() []byte
}

func (it *keyIter) seq() uint64   { return keySeq(it.k) }
func (it *keyIter) value() []byte { return it.v }

// mergeIter merges walks of several prefixes of one index (tickets of several statuses) into
// one walk in seq order, holding one key per prefix.
type mergeIter struct {
	its  []*keyIter
	live []bool
	desc bool
	cur  int
	init bool
}

func (m *mergeIter) next() bool {
	if !m.init {
		m.init = true
		m.live = make([]bool, len(m.its))
		for i, it := range m.its {
			m.live[i] = it.next()
		}
	} else if m.cur >= 0 {
		m.live[m.cur] = m.its[m.cur].next()
	}
	m.cur = -1
	for i, it := range m.its {
		if !m.live[i] {
			continue
		}
		if m.cur < 0 || (it.seq() < m.its[m.cur].seq()) != m.desc {
			m.cur = i
		}
	}
	return m.cur >= 0
}

func (m *mergeIter) seq() uint64   { return m.its[m.cur].seq() }
func (m *mergeIter) value() []byte { return nil }
