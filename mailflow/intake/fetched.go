package intake

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/emersion/go-imap/v2"
)

// Handler commits fetched mail. It is implemented by the mail processor.
type Handler interface {
	// Handle commits the batch durably and returns, for each UID, the folder to move it to
	// ("" or a missing UID = leave it in the mailbox). An error means nothing of the batch was
	// committed: the batch is retried later. The Fetched values and their spool files are only
	// valid until Handle returns.
	Handle(ctx context.Context, uidValidity uint32, batch []*Fetched) (map[imap.UID]string, error)
}

// Fetched is one mail of a batch.
type Fetched struct {
	UID          imap.UID
	Size         int64 // RFC822.SIZE as reported by the server
	InternalDate time.Time
	// TooLarge is set when Size exceeds Config.MaxMessageSize: only the header section
	// (BODY.PEEK[HEADER]) was fetched and Open returns just that.
	TooLarge bool

	data []byte // small mails (<= 64 KiB) kept in memory
	path string // larger ones streamed to a spool file, never whole in memory
}

// Open returns the raw bytes of the mail (or only its header when TooLarge).
func (f *Fetched) Open() (io.ReadCloser, error) {
	if f.path == "" {
		return io.NopCloser(bytes.NewReader(f.data)), nil
	}
	r, err := os.Open(f.path)
	if err != nil {
		return nil, fmt.Errorf("open spooled uid %d: %w", f.UID, err)
	}
	return r, nil
}

// readLiteral stores a FETCH literal in memory when it is at most memLimit bytes, otherwise in
// a new file in spoolDir.
func (f *Fetched) readLiteral(lit imap.LiteralReader, spoolDir string) error {
	if lit.Size() <= memLimit {
		var buf bytes.Buffer
		buf.Grow(int(lit.Size()))
		if _, err := buf.ReadFrom(lit); err != nil {
			return fmt.Errorf("read uid %d: %w", f.UID, err)
		}
		f.data = buf.Bytes()
		return nil
	}
	file, err := os.CreateTemp(spoolDir, "intake-*.eml")
	if err != nil {
		return fmt.Errorf("spool uid %d: %w", f.UID, err)
	}
	f.path = file.Name()
	_, err = io.Copy(file, lit)
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("spool uid %d: %w", f.UID, err)
	}
	return nil
}

// release deletes the spool file, if any.
func (f *Fetched) release() error {
	if f.path == "" {
		return nil
	}
	err := os.Remove(f.path)
	f.path = ""
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove spool file of uid %d: %w", f.UID, err)
	}
	return nil
}

// releaseAll deletes the spool files of batch and returns the first error.
func releaseAll(batch []*Fetched) error {
	var first error
	for _, f := range batch {
		if err := f.release(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// NewFetched returns a Fetched holding data in memory, as the session makes them for small
// mails. It lets other handlers (tests, replays of stored mail) feed a Handler directly.
func NewFetched(uid imap.UID, internalDate time.Time, data []byte) *Fetched {
	return &Fetched{UID: uid, Size: int64(len(data)), InternalDate: internalDate, data: data}
}
