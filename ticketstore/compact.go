package ticketstore

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// compactTxBytes bounds one transaction of the copy: bbolt holds every page a transaction
// writes in memory until it commits, so this is what compacting costs in memory, however
// large the store (a variable for the tests). Each record counts its bytes plus
// compactRecordCost, bbolt's memory per record in a transaction: buckets of small index keys
// are many records for few bytes. Measured on the ten-year desk with 8 MiB of bytes alone:
// 203 MB of anonymous memory at the peak.
var compactTxBytes int64 = 4 << 20

const compactRecordCost = 64

// CompactResult says what compacting saved.
type CompactResult struct {
	From, To       string
	Before, After  int64 // file sizes in bytes
	Elapsed        time.Duration
	SchemaVersion  int
	FreePagesAfter int
}

// CompactTo writes a compacted copy of the open store to path: every bucket, record and
// sequence, written in key order into full pages, without the free pages a file collects when records are deleted or
// rewritten. It reads in one read transaction, so the daemon keeps working meanwhile and the
// copy is consistent: it is a backup that takes the least room ("compact into the backup").
// The copy is written to a temporary file, synced, then renamed to path; path must not exist.
func (s *Store) CompactTo(path string) (CompactResult, error) {
	return compact(s.db, path)
}

// CompactFile compacts the store file src, which no process may have open, into a new file
// dst: `helpdesk compact` while the daemon is stopped; then dst replaces src. ErrLocked when
// the daemon holds src (ask it to CompactTo instead).
func CompactFile(src, dst string) (CompactResult, error) {
	db, err := bolt.Open(src, 0o600, &bolt.Options{ReadOnly: true, Timeout: 50 * time.Millisecond})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return CompactResult{}, fmt.Errorf("compact %s: %w", src, ErrLocked)
		}
		return CompactResult{}, fmt.Errorf("compact %s: %w", src, err)
	}
	defer db.Close()
	return compact(db, dst)
}

func compact(src *bolt.DB, path string) (CompactResult, error) {
	start := time.Now()
	res := CompactResult{From: src.Path(), To: path}
	if fi, err := os.Stat(src.Path()); err == nil {
		res.Before = fi.Size()
	}
	if _, err := os.Stat(path); err == nil {
		return res, fmt.Errorf("compact to %s: file exists", path)
	}
	tmp := path + ".tmp"
	os.Remove(tmp) // left by a compaction that was cut off
	err := func() error {
		// Without fsync while writing: the copy counts only once synced and renamed below.
		dst, err := bolt.Open(tmp, 0o600, &bolt.Options{NoSync: true, FreelistType: bolt.FreelistMapType})
		if err != nil {
			return err
		}
		if err := src.View(func(tx *bolt.Tx) error { return copyAll(dst, tx) }); err != nil {
			dst.Close()
			return err
		}
		err = dst.View(func(tx *bolt.Tx) error {
			if b := tx.Bucket(bMeta); b != nil && len(b.Get(keySchema)) == 8 {
				res.SchemaVersion = int(binary.BigEndian.Uint64(b.Get(keySchema)))
			}
			return nil
		})
		res.FreePagesAfter = dst.Stats().FreePageN
		if err == nil {
			err = dst.Sync()
		}
		if cerr := dst.Close(); err == nil {
			err = cerr
		}
		return err
	}()
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err == nil {
		err = syncDir(filepath.Dir(path))
	}
	if err != nil {
		os.Remove(tmp)
		return res, fmt.Errorf("compact %s to %s: %w", res.From, path, err)
	}
	if fi, err := os.Stat(path); err == nil {
		res.After = fi.Size()
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// copyAll copies every bucket of src into dst, in dst transactions of at most compactTxBytes,
// each committed before src ends. Not bolt.Compact: its last destination transaction commits
// after its source read transaction has closed, while the values it holds still point into the
// source's memory map; a daemon writing meanwhile reuses those pages (seen as records of
// zeros in the copy, TestCompactWhileWriting) or remaps the file.
func copyAll(dst *bolt.DB, src *bolt.Tx) error {
	tx, err := dst.Begin(true)
	if err != nil {
		return err
	}
	defer func() { tx.Rollback() }()
	size := int64(0)
	// put writes one record under the bucket path, starting a new transaction when the
	// current one is full. Buckets are looked up again after each commit.
	var put func(path [][]byte, k, v []byte) error
	put = func(path [][]byte, k, v []byte) error {
		if size += int64(len(k) + len(v) + compactRecordCost); size > compactTxBytes {
			if err := tx.Commit(); err != nil {
				return err
			}
			if tx, err = dst.Begin(true); err != nil {
				return err
			}
			size = int64(len(k) + len(v) + compactRecordCost)
		}
		b := tx.Bucket(path[0])
		for _, name := range path[1:] {
			b = b.Bucket(name)
		}
		b.FillPercent = 1 // written in key order: every page full
		return b.Put(k, v)
	}
	var copyBucket func(path [][]byte, from *bolt.Bucket) error
	copyBucket = func(path [][]byte, from *bolt.Bucket) error {
		return from.ForEach(func(k, v []byte) error {
			if v != nil {
				return put(path, k, v)
			}
			parent := tx.Bucket(path[0])
			for _, name := range path[1:] {
				parent = parent.Bucket(name)
			}
			child, err := parent.CreateBucket(k)
			if err != nil {
				return fmt.Errorf("bucket %s: %w", k, err)
			}
			sub := from.Bucket(k)
			if err := child.SetSequence(sub.Sequence()); err != nil {
				return err
			}
			return copyBucket(append(path[:len(path):len(path)], k), sub)
		})
	}
	err = src.ForEach(func(name []byte, from *bolt.Bucket) error {
		b, err := tx.CreateBucket(name)
		if err != nil {
			return fmt.Errorf("bucket %s: %w", name, err)
		}
		if err := b.SetSequence(from.Sequence()); err != nil {
			return err
		}
		return copyBucket([][]byte{name}, from)
	})
	if err != nil {
		return err
	}
	return tx.Commit()
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
