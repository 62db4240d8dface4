package ticketstore

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"
)

// The records a desk holds by the million (tickets, comments, raw-mail records, set-asides) are
// stored in a compact binary form instead of JSON: JSON repeats every field name in every
// record, spells each time in 30-odd bytes and base64-encodes bytes. Measured on the ten-year
// desk the binary form is a third of the JSON's size, and decodes several times faster.
//
// The form: one byte recordBinary, then fields, each a tag (uvarint: field number << 3 | wire
// type) and a value. Zero values are left out. Unknown fields are skipped by their wire type,
// so a field can be added without a migration; a field's number is never reused. A value that
// starts with '{' is the JSON of older versions, still read (a migration may be cut off
// halfway, and the next Open picks it up).
const recordBinary = 0x01

// Wire types.
const (
	wVarint = 0 // uvarint
	wBytes  = 1 // uvarint length, bytes
	wTime   = 2 // zigzag seconds, uvarint nanoseconds, zigzag zone offset in seconds
)

var errCorrupt = errors.New("corrupt record")

// enc appends fields to a record.
type enc struct{ b []byte }

func newEnc(size int) *enc { return &enc{b: append(make([]byte, 0, size), recordBinary)} }

func (e *enc) tag(f, w int) { e.b = binary.AppendUvarint(e.b, uint64(f)<<3|uint64(w)) }

func (e *enc) uint(f int, v uint64) {
	if v != 0 {
		e.tag(f, wVarint)
		e.b = binary.AppendUvarint(e.b, v)
	}
}

func (e *enc) int(f int, v int64) {
	if v != 0 {
		e.tag(f, wVarint)
		e.b = binary.AppendUvarint(e.b, zigzag(v))
	}
}

func (e *enc) bool(f int, v bool) {
	if v {
		e.uint(f, 1)
	}
}

func (e *enc) bytes(f int, v []byte) {
	e.tag(f, wBytes)
	e.b = binary.AppendUvarint(e.b, uint64(len(v)))
	e.b = append(e.b, v...)
}

func (e *enc) str(f int, v string) {
	if v != "" {
		e.tag(f, wBytes)
		e.b = binary.AppendUvarint(e.b, uint64(len(v)))
		e.b = append(e.b, v...)
	}
}

// strs writes one field per element, empty ones included.
func (e *enc) strs(f int, v []string) {
	for _, s := range v {
		e.tag(f, wBytes)
		e.b = binary.AppendUvarint(e.b, uint64(len(s)))
		e.b = append(e.b, s...)
	}
}

func (e *enc) time(f int, t time.Time) {
	if t.IsZero() {
		return
	}
	_, off := t.Zone()
	e.tag(f, wTime)
	e.b = binary.AppendUvarint(e.b, zigzag(t.Unix()))
	e.b = binary.AppendUvarint(e.b, uint64(t.Nanosecond()))
	e.b = binary.AppendUvarint(e.b, zigzag(int64(off)))
}

// dec reads the fields of a record.
type dec struct {
	b    []byte
	err  error
	f, w int
	u    uint64 // wVarint
	raw  []byte // wBytes
	t    time.Time
}

// newDec returns a decoder for a binary record, or nil for a JSON one.
func newDec(v []byte) (*dec, error) {
	switch {
	case len(v) > 0 && v[0] == recordBinary:
		return &dec{b: v[1:]}, nil
	case len(v) > 0 && v[0] == '{':
		return nil, nil
	}
	return nil, errCorrupt
}

// next reads the next field; false at the end or on an error (see err).
func (d *dec) next() bool {
	if len(d.b) == 0 || d.err != nil {
		return false
	}
	tag := d.uvarint()
	d.f, d.w = int(tag>>3), int(tag&7)
	switch d.w {
	case wVarint:
		d.u = d.uvarint()
	case wBytes:
		n := d.uvarint()
		if d.err == nil && n > uint64(len(d.b)) {
			d.err = errCorrupt
		}
		if d.err == nil {
			d.raw, d.b = d.b[:n:n], d.b[n:]
		}
	case wTime:
		sec, nsec, off := unzigzag(d.uvarint()), d.uvarint(), unzigzag(d.uvarint())
		if d.err == nil && (nsec >= 1e9 || off < -24*3600 || off > 24*3600) {
			d.err = errCorrupt
		}
		d.t = decodedTime(time.Unix(sec, int64(nsec)), int(off))
	default:
		d.err = fmt.Errorf("%w: wire type %d", errCorrupt, d.w)
	}
	return d.err == nil
}

func (d *dec) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		if d.err == nil {
			d.err = errCorrupt
		}
		d.b = nil
		return 0
	}
	d.b = d.b[n:]
	return v
}

// want checks the wire type of a known field.
func (d *dec) want(w int) bool {
	if d.w != w && d.err == nil {
		d.err = fmt.Errorf("%w: field %d has wire type %d, want %d", errCorrupt, d.f, d.w, w)
	}
	return d.err == nil
}

func (d *dec) uint() uint64 {
	if !d.want(wVarint) {
		return 0
	}
	return d.u
}

func (d *dec) int() int64 {
	if !d.want(wVarint) {
		return 0
	}
	return unzigzag(d.u)
}

func (d *dec) str() string {
	if !d.want(wBytes) {
		return ""
	}
	return string(d.raw)
}

func (d *dec) time() time.Time {
	if !d.want(wTime) {
		return time.Time{}
	}
	return d.t
}

// decodedTime gives a decoded instant the location a JSON round trip would: UTC for offset 0,
// Local where Local has that offset then, otherwise a fixed zone, so records read the same
// whichever way they were stored.
func decodedTime(t time.Time, off int) time.Time {
	if off == 0 {
		return t.UTC()
	}
	if _, local := t.Zone(); local == off {
		return t // time.Unix returns Local
	}
	return t.In(time.FixedZone("", off))
}

func zigzag(v int64) uint64   { return uint64(v<<1) ^ uint64(v>>63) }
func unzigzag(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }
