package ticketstore

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// CompactInPlace compacts the store file at path, which no process may have open for
// writing: `helpdesk compact` with the daemon stopped. The original stays untouched until
// the compacted copy is complete, synced and verified equal to it record by record; then the
// copy replaces it with one rename. The original's lock is held throughout (a daemon
// starting meanwhile waits and then opens the new file, see Open), so no write can land in
// the file being replaced. ErrLocked when another process holds the store.
func CompactInPlace(path string) (CompactResult, error) {
	start := time.Now()
	src, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: 50 * time.Millisecond})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return CompactResult{}, fmt.Errorf("compact %s: %w", path, ErrLocked)
		}
		return CompactResult{}, fmt.Errorf("compact %s: %w", path, err)
	}
	defer src.Close() // after the rename: the lock covers the whole replacement
	tmp := path + ".compacting"
	os.Remove(tmp) // left by a compaction that was cut off
	res, err := compact(src, tmp)
	if err != nil {
		os.Remove(tmp)
		return res, err
	}
	beforeReplace()
	if err := verifyCopy(src, tmp); err != nil {
		os.Remove(tmp)
		return res, fmt.Errorf("compact %s: the copy is not equal to the store, kept the store: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return res, fmt.Errorf("compact %s: replace the store: %w", path, err)
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return res, fmt.Errorf("compact %s: %w", path, err)
	}
	res.To, res.Elapsed = path, time.Since(start)
	return res, nil
}

// beforeReplace runs between the copy and its verification; tests start a competing Open there.
var beforeReplace = func() {}

// verifyCopy compares every bucket, sequence, key and value of src with the file at path.
// It reads both files whole, through their memory maps (page cache, not heap).
func verifyCopy(src *bolt.DB, path string) error {
	dst, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return err
	}
	defer dst.Close()
	return src.View(func(stx *bolt.Tx) error {
		return dst.View(func(dtx *bolt.Tx) error {
			return sameBuckets(stx.Cursor(), dtx.Cursor(), func(name []byte) (*bolt.Bucket, *bolt.Bucket) {
				return stx.Bucket(name), dtx.Bucket(name)
			}, "")
		})
	})
}

// sameBuckets walks two cursors over the same level in step: keys must match one for one,
// values byte for byte, nested buckets (value nil) recursively with their sequences.
func sameBuckets(a, b *bolt.Cursor, sub func([]byte) (*bolt.Bucket, *bolt.Bucket), where string) error {
	ka, va := a.First()
	kb, vb := b.First()
	for ka != nil || kb != nil {
		switch {
		case ka == nil || kb == nil || !bytes.Equal(ka, kb):
			return fmt.Errorf("%s: key %q in the store, %q in the copy", where, ka, kb)
		case (va == nil) != (vb == nil):
			return fmt.Errorf("%s/%q: a bucket in one file only", where, ka)
		case va == nil:
			ba, bb := sub(ka)
			if ba.Sequence() != bb.Sequence() {
				return fmt.Errorf("%s/%q: sequence %d in the store, %d in the copy", where, ka, ba.Sequence(), bb.Sequence())
			}
			if err := sameBuckets(ba.Cursor(), bb.Cursor(), func(n []byte) (*bolt.Bucket, *bolt.Bucket) {
				return ba.Bucket(n), bb.Bucket(n)
			}, where+"/"+string(ka)); err != nil {
				return err
			}
		case !bytes.Equal(va, vb):
			return fmt.Errorf("%s: value of key %x differs", where, ka)
		}
		ka, va = a.Next()
		kb, vb = b.Next()
	}
	return nil
}
