package thread

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

const (
	// MinKeyLen is the shortest HMAC key accepted; shorter keys make the MAC guessable.
	MinKeyLen = 16
	newKeyLen = 32
)

// ErrNoKey is returned (wrapped) by LoadKey when the key file does not exist.
var ErrNoKey = errors.New("no reply key")

// LoadKey reads the HMAC key for reply addresses from path; it never creates one (a command
// that only reads must leave no key behind). A missing file is an error wrapping ErrNoKey; a
// file shorter than MinKeyLen bytes is an error too, never replaced: that is for an operator to
// look at.
func LoadKey(path string) ([]byte, error) {
	key, err := os.ReadFile(path)
	switch {
	case err == nil:
		if len(key) < MinKeyLen {
			return nil, fmt.Errorf("thread: key file %s: %d bytes, want at least %d", path, len(key), MinKeyLen)
		}
		return key, nil
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("thread: key file %s: %w", path, ErrNoKey)
	default:
		return nil, fmt.Errorf("thread: read key: %w", err)
	}
}

// LoadOrCreateKey is LoadKey, but when the file does not exist it creates it, with its
// directories (0700), holding 32 random bytes (0600). The file is written atomically (temp
// file, fsync, rename, fsync of the directory) so a crash never leaves a short or empty key,
// which would silently invalidate every reply address handed out. Only the commands that may
// create a store call it. Concurrent first starts are not guarded against: only one daemon
// runs per store.
func LoadOrCreateKey(path string) ([]byte, error) {
	key, err := LoadKey(path)
	if !errors.Is(err, ErrNoKey) {
		return key, err
	}
	key = make([]byte, newKeyLen)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("thread: generate key: %w", err)
	}
	if err := writeFileAtomic(path, key); err != nil {
		return nil, fmt.Errorf("thread: create key file: %w", err)
	}
	return key, nil
}

// writeFileAtomic writes data to path with mode 0600 through a synced temp file in the same
// directory and a rename.
func writeFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*") // CreateTemp uses 0600
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := f.Chmod(0o600); err != nil { // in case the platform's CreateTemp differs
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
