// Package blobstore keeps content-addressed files beside the database: attachment bodies and
// large raw mails, each stored once under the hex SHA-256 of its bytes and fsynced before Put
// returns, so a store transaction that refers to a blob never points at a file that a crash
// could lose.
package blobstore

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ErrInvalidSHA is returned for a blob name that is not 64 lower-case hex characters.
var ErrInvalidSHA = errors.New("blobstore: invalid sha256")

const (
	dirPerm    = 0o700 // blobs are customer data: private to the daemon's user
	tempPrefix = ".put-"
	staleAfter = time.Hour // temp files older than this are left-overs of a crash
)

// Store is a directory of blobs laid out as dir/<first 2 hex>/<sha256 hex>.
// It is safe for concurrent use: every Put writes its own temp file.
type Store struct {
	dir string
}

// Open opens the store in dir, creating dir if needed, and removes temp files that a crash
// left behind.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, dirPerm); err != nil {
		return nil, fmt.Errorf("blobstore: create %s: %w", dir, err)
	}
	s := &Store{dir: dir}
	if err := s.removeStaleTemps(); err != nil {
		return nil, err
	}
	return s, nil
}

// Existing returns the store in dir for reading, without creating the directory or cleaning
// up: for commands that must change nothing.
func Existing(dir string) *Store { return &Store{dir: dir} }

// Dir is the store's directory.
func (s *Store) Dir() string { return s.dir }

// Put streams r into the store and returns the hex SHA-256 and byte count of its content.
// r is read to its end (or first error) and never held whole in memory. The blob is fsynced
// and renamed into place, and its directory fsynced, before Put returns; content that is
// already stored is not written twice.
func (s *Store) Put(r io.Reader) (string, int64, error) {
	tmp, err := os.CreateTemp(s.dir, tempPrefix+"*")
	if err != nil {
		return "", 0, fmt.Errorf("blobstore: create temp file: %w", err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()

	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), r)
	if err != nil {
		return "", n, fmt.Errorf("blobstore: write blob: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return "", n, fmt.Errorf("blobstore: fsync blob: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", n, fmt.Errorf("blobstore: close blob: %w", err)
	}
	sum := hex.EncodeToString(h.Sum(nil))

	if err := s.install(tmp.Name(), sum); err != nil {
		return "", n, err
	}
	done = true
	return sum, n, nil
}

// install moves the finished temp file to its content address, or drops it when that blob
// exists already.
func (s *Store) install(tmpName, sum string) error {
	final := s.Path(sum)
	sub := filepath.Dir(final)
	if _, err := os.Stat(final); err == nil {
		if err := os.Remove(tmpName); err != nil {
			return fmt.Errorf("blobstore: remove duplicate temp file: %w", err)
		}
		return nil
	}
	created := false
	if _, err := os.Stat(sub); errors.Is(err, os.ErrNotExist) {
		if err := os.Mkdir(sub, dirPerm); err != nil && !errors.Is(err, os.ErrExist) {
			return fmt.Errorf("blobstore: create %s: %w", sub, err)
		}
		created = true
	}
	if err := os.Rename(tmpName, final); err != nil {
		return fmt.Errorf("blobstore: rename blob %s: %w", sum, err)
	}
	if err := syncDir(sub); err != nil {
		return err
	}
	if created {
		// The new sub-directory's entry lives in the store directory.
		return syncDir(s.dir)
	}
	return nil
}

// Open opens the blob sha for reading.
func (s *Store) Open(sha string) (*os.File, error) {
	if !ValidSHA(sha) {
		return nil, fmt.Errorf("blobstore: open %q: %w", sha, ErrInvalidSHA)
	}
	f, err := os.Open(s.Path(sha))
	if err != nil {
		return nil, fmt.Errorf("blobstore: open %s: %w", sha, err)
	}
	return f, nil
}

// Has reports whether the blob sha is stored; it is false for an invalid sha.
func (s *Store) Has(sha string) bool {
	if !ValidSHA(sha) {
		return false
	}
	_, err := os.Stat(s.Path(sha))
	return err == nil
}

// Path is the file name of blob sha, or "" when sha is not a valid name.
func (s *Store) Path(sha string) string {
	if !ValidSHA(sha) {
		return ""
	}
	return filepath.Join(s.dir, sha[:2], sha)
}

// ValidSHA reports whether sha is 64 lower-case hex characters, the only blob names there are.
func ValidSHA(sha string) bool {
	if len(sha) != sha256.Size*2 {
		return false
	}
	for i := 0; i < len(sha); i++ {
		c := sha[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("blobstore: open dir %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("blobstore: fsync dir %s: %w", dir, err)
	}
	return nil
}

// removeStaleTemps deletes temp files of Puts that a crash interrupted. Only files older than
// staleAfter go, so a Put running in another Store on the same directory is not disturbed.
func (s *Store) removeStaleTemps() error {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return fmt.Errorf("blobstore: read %s: %w", s.dir, err)
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasPrefix(e.Name(), tempPrefix) {
			continue
		}
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) < staleAfter {
			continue
		}
		if err := os.Remove(filepath.Join(s.dir, e.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("blobstore: remove stale temp file: %w", err)
		}
	}
	return nil
}
