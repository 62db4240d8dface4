// Package sentlog keeps the outbox's "this mail was sent" results durable between store
// commits.
//
// A connection of the outbox may start its next mail only once the previous mail's result is
// durable (a crash then resends at most one mail per connection). Recording every result in
// the store costs a bbolt commit per group: page writes, two fdatasyncs and the store's write
// lock, which the intake needs for incoming mail at the same time. Most results are plain
// "sent", and those are appended here instead — 20 bytes and one fdatasync — and folded into
// the store in one transaction per few hundred mails, when the outbox goes idle, and at start
// and stop.
//
// Folding is idempotent: applying a "sent" to a mail the store already has as sent changes
// nothing, so a crash after the store's commit and before the log's next round costs nothing
// but the replay. A torn record at the end (a crash during the append, before its fdatasync
// returned) ends the log: its mail was never reported durable, so it is resent.
package sentlog

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"sync"
	"time"
)

// recordSize is the size of one record: ID, sent time (Unix nanoseconds), epoch, and the
// CRC-32C of those.
const recordSize = 8 + 8 + 4 + 4

// preallocate is the size the file is given, in zeroes, when it is created: writing over
// blocks that exist lets fdatasync flush just the data, without a metadata commit of the file
// system for the growing size. Folding every few hundred mails keeps the log well below it;
// beyond it the file simply grows.
const preallocate = 64 << 10

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Entry is one sent mail.
type Entry struct {
	ID uint64
	At time.Time
}

// Log is an open sent log. Its methods are safe for concurrent use.
//
// The file is written from its start again after each fold, over the records of the previous
// round: every record carries the round's epoch, and reading stops at the first record that
// is torn, zero, or of another epoch. So a fold costs no write at all.
type Log struct {
	mu      sync.RWMutex
	f       *os.File
	epoch   uint32
	entries []Entry
	ids     map[uint64]struct{}
}

// Open opens or creates the log at path and reads the entries not folded yet.
func Open(path string) (*Log, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("sent log: %w", err)
	}
	l := &Log{f: f, ids: make(map[uint64]struct{})}
	if err := l.load(); err != nil {
		f.Close()
		return nil, fmt.Errorf("sent log %s: %w", path, err)
	}
	return l, nil
}

func (l *Log) load() error {
	data, err := io.ReadAll(l.f)
	if err != nil {
		return err
	}
	for off := 0; len(data)-off >= recordSize; off += recordSize {
		e, epoch, ok := decode(data[off : off+recordSize])
		if !ok || (off > 0 && epoch != l.epoch) {
			break
		}
		l.epoch = epoch
		l.add(e)
	}
	if len(l.entries) == 0 {
		l.epoch++ // a new round: nothing left of the last one may count in it
	}
	if len(data) < preallocate {
		if _, err := l.f.WriteAt(make([]byte, preallocate-len(data)), int64(len(data))); err != nil {
			return fmt.Errorf("preallocate: %w", err)
		}
		if err := l.f.Sync(); err != nil {
			return fmt.Errorf("preallocate: %w", err)
		}
	}
	return nil
}

func encode(dst []byte, e Entry, epoch uint32) {
	binary.BigEndian.PutUint64(dst[0:8], e.ID)
	binary.BigEndian.PutUint64(dst[8:16], uint64(e.At.UnixNano()))
	binary.BigEndian.PutUint32(dst[16:20], epoch)
	binary.BigEndian.PutUint32(dst[20:24], crc32.Checksum(dst[0:20], castagnoli))
}

func decode(rec []byte) (e Entry, epoch uint32, ok bool) {
	if crc32.Checksum(rec[0:20], castagnoli) != binary.BigEndian.Uint32(rec[20:24]) {
		return Entry{}, 0, false
	}
	id := binary.BigEndian.Uint64(rec[0:8])
	if id == 0 {
		return Entry{}, 0, false // outbox IDs start at 1
	}
	at := time.Unix(0, int64(binary.BigEndian.Uint64(rec[8:16]))).UTC()
	return Entry{ID: id, At: at}, binary.BigEndian.Uint32(rec[16:20]), true
}

func (l *Log) add(e Entry) {
	l.entries = append(l.entries, e)
	l.ids[e.ID] = struct{}{}
}

// Append writes es after the entries logged so far and returns once they are on disk
// (fdatasync). On error es count as not logged: the next Append writes over them.
func (l *Log) Append(es []Entry) error {
	if len(es) == 0 {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return errors.New("sent log: closed")
	}
	buf := make([]byte, len(es)*recordSize)
	for i, e := range es {
		encode(buf[i*recordSize:], e, l.epoch)
	}
	_, err := l.f.WriteAt(buf, int64(len(l.entries))*recordSize)
	if err == nil {
		err = fdatasync(l.f)
	}
	if err != nil {
		return fmt.Errorf("sent log: append: %w", err)
	}
	for _, e := range es {
		l.add(e)
	}
	return nil
}

// Len returns the number of entries not folded yet.
func (l *Log) Len() int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return len(l.entries)
}

// View calls f with a test for "logged as sent, not folded yet", holding Fold off meanwhile:
// what f reads from the store and what has reports stay consistent with each other.
func (l *Log) View(f func(has func(id uint64) bool) error) error {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return f(func(id uint64) bool {
		_, ok := l.ids[id]
		return ok
	})
}

// Fold calls apply with the entries logged so far (apply records them in the store and
// returns once that is durable), then empties the log. Appends and Views wait meanwhile. When
// apply fails the entries stay and the error is returned.
func (l *Log) Fold(apply func([]Entry) error) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return errors.New("sent log: closed")
	}
	if err := apply(l.entries); err != nil {
		return err
	}
	if len(l.entries) == 0 {
		return nil
	}
	// Nothing is written: the next round's first record, of the new epoch, ends this round
	// for a reader. Until it is on disk a crash folds this round again, which changes nothing.
	l.epoch++
	l.entries = l.entries[:0]
	clear(l.ids)
	return nil
}

// Close closes the file. Entries not folded stay in it for the next Open.
func (l *Log) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}
