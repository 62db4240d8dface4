// Package ticketstore keeps all of the daemon's state in one bbolt file: typed records
// (tickets, comments, raw messages, set-aside records, outbox, mailbox state, the customer
// directory), their indexes and counters updated in the same transaction, a schema version
// checked at open, ordered migrations, hot backups and compacted copies. bbolt types stay
// inside this package; callers work with Tx and the records.
//
// Nothing a request or a start-up does reads in proportion to the store: lists walk an index
// (query.go) and stream, totals are counters (counts.go), Open reads the meta pages and the
// freelist. What does read everything is named so: Check, SpaceReport, CompactTo, migrations.
package ticketstore

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
)

// SchemaVersion is the version this code writes. Open migrates older files up to it and refuses
// newer ones.
const SchemaVersion = 4

// ErrNotFound is returned when a record does not exist.
var ErrNotFound = errors.New("not found")

// ErrLocked is returned by Open when another process (normally the running daemon) holds the file.
var ErrLocked = errors.New("store is in use by another process")

var (
	bMeta           = []byte("meta")
	bCounts         = []byte("counts")          // counter name -> uint64, see counts.go
	bTickets        = []byte("tickets")         // seq -> Ticket
	bTicketNum      = []byte("ticket_num")      // number -> seq
	bTicketState    = []byte("ticket_state")    // status \x00 seq -> nil
	bTicketCustomer = []byte("ticket_customer") // len customer seq -> nil ("" = unknown sender)
	bTicketAssignee = []byte("ticket_assignee") // len assignee seq -> nil ("" = unassigned)
	bTicketUpdated  = []byte("ticket_updated")  // updated (unix nano) seq -> nil
	bComments       = []byte("comments")        // ticket seq + comment seq -> Comment
	bMessageIDs     = []byte("message_ids")     // Message-ID -> ticket number
	bRaw            = []byte("raw")             // id -> RawMessage without Data
	bRawData        = []byte("raw_data")        // id -> the mail's bytes, when stored inline
	bRawUID         = []byte("raw_uid")         // mailbox \x00 uidvalidity uid -> raw id
	bRawHash        = []byte("raw_sha256")      // sha256 (32 bytes) -> raw id
	bSetAside       = []byte("setaside")        // id -> SetAside
	bSetAsideOpen   = []byte("setaside_open")   // id -> nil, while not released
	bOutbox         = []byte("outbox")          // id -> OutboxMail
	bOutboxRaw      = []byte("outbox_raw")      // id -> the mail's bytes (kept apart from the record)
	bOutboxDue      = []byte("outbox_due")      // next attempt (unix nano) + id -> nil, pending only
	bOutboxState    = []byte("outbox_state")    // state \x00 id -> nil
	bOutboxSent     = []byte("outbox_sent")     // sent (unix nano) + id -> nil, sent mails whose bytes are kept
	bAutoSent       = []byte("auto_sent")       // address \x00 unix nano + outbox id -> ticket number
	bAutoUnlist     = []byte("auto_unlisted")   // unix minute -> count of automatic mails to addresses outside the directory
	bSuppressed     = []byte("suppressed")      // id -> Suppression
	bMailboxes      = []byte("mailboxes")       // mailbox name -> MailboxState
	bDirectory      = []byte("directory")       // "current" -> directory.Directory

	keySchema = []byte("schema")
	keyOrigin = []byte("origin")
)

// buckets is the one list of stored record kinds; Open creates every bucket.
var buckets = [][]byte{bMeta, bCounts, bTickets, bTicketNum, bTicketState, bTicketCustomer, bTicketAssignee,
	bTicketUpdated, bComments, bMessageIDs, bRaw, bRawData, bRawUID, bRawHash, bSetAside, bSetAsideOpen, bOutbox, bOutboxRaw,
	bOutboxDue, bOutboxState, bOutboxSent, bAutoSent, bAutoUnlist, bSuppressed, bMailboxes, bDirectory,
	bTechnicians, bTime, bTimeTicket, bTimeTech, bTimeMonth, bTimeState,
	bReports, bReportCustomer, bReportMonth, bReportSeq, bLedger}

// fillPercent is how full bbolt leaves the pages it splits, per bucket. bbolt's default of one
// half suits keys that arrive in random order (message_ids, raw_sha256 keep it); where keys
// ascend, the left half of every split page would never be written again and the bucket would
// stay half empty. Records rewritten after they are created keep a tenth of the page free, so
// a rewrite that grows a record does not split a full page into a full and an almost empty one.
// Set on every write transaction: bbolt does not store it.
var fillPercent = []struct {
	bucket []byte
	fill   float64
}{
	{bTickets, 0.9}, {bComments, 0.95}, {bRaw, 0.9}, {bSetAside, 0.9}, {bOutbox, 0.9}, {bSuppressed, 1},
	{bOutboxRaw, 1}, {bRawData, 1}, {bTicketNum, 1}, {bRawUID, 1}, {bSetAsideOpen, 1}, {bTicketState, 1},
	{bTicketAssignee, 1}, {bTicketUpdated, 1}, {bOutboxState, 1}, {bOutboxSent, 1},
	// Not ticket_customer and auto_sent: their groups (customers, addresses) are too many and
	// too small for a page each, so inserts land as if at random (measured: fill 0.39 and 0.44
	// at 1 and 0.9, against 0.5 and 0.66 at bbolt's default).
}

// setFill applies fillPercent to tx. bbolt hands out the same *Bucket for a name for the whole
// of a write transaction, so the setting holds for every later tx.Bucket call in it.
func setFill(tx *bolt.Tx) {
	for _, f := range fillPercent {
		if b := tx.Bucket(f.bucket); b != nil {
			b.FillPercent = f.fill
		}
	}
}

// Store is an open database.
type Store struct {
	db *bolt.DB
}

// Options tune Open.
type Options struct {
	// Timeout waits for the file lock; 0 means fail at once with ErrLocked.
	Timeout time.Duration
	// NoSync turns off fsync. Only for benchmarks that measure everything else.
	NoSync bool
	// ReadOnly opens an existing file for reading only (shared lock, no migrations; a file
	// of another schema version is refused).
	ReadOnly bool
}

// Open opens or creates the store at path, checks the schema version and runs migrations.
func Open(path string, opts *Options) (*Store, error) {
	if opts == nil {
		opts = &Options{}
	}
	timeout := opts.Timeout
	if timeout == 0 {
		timeout = 50 * time.Millisecond
	}
	// Opening reads the meta pages and the freelist, nothing in proportion to the records:
	// the freelist is synced on every commit (NoFreelistSync would make Open walk every page
	// of the file to find the free ones), the file is mapped without MAP_POPULATE, and the
	// hash-map freelist allocates in constant time however fragmented a large file is.
	bopts := &bolt.Options{Timeout: timeout, NoSync: opts.NoSync, ReadOnly: opts.ReadOnly, FreelistType: bolt.FreelistMapType}
	open := func() (*bolt.DB, error) {
		for attempt := 0; ; attempt++ {
			before, _ := os.Stat(path)
			db, err := bolt.Open(path, 0o600, bopts)
			if errors.Is(err, bolt.ErrTimeout) {
				return nil, fmt.Errorf("open %s: %w", path, ErrLocked)
			} else if err != nil {
				return nil, fmt.Errorf("open %s: %w", path, err)
			}
			// The file may have been replaced while we waited for its lock (CompactInPlace
			// renames the compacted copy over it, then lets go of the old file's lock): the
			// lock we hold is then on a file no one will open again. Open the new one.
			after, _ := os.Stat(path)
			if before == nil || after == nil || os.SameFile(before, after) || attempt == 3 {
				return db, nil
			}
			db.Close()
		}
	}
	db, err := open()
	if err != nil {
		return nil, err
	}
	s := &Store{db: db}
	if opts.ReadOnly {
		if v, err := s.Version(); err != nil || v != SchemaVersion {
			db.Close()
			return nil, fmt.Errorf("open %s: schema version %d, this program reads %d (open it once with serve to migrate)", path, v, SchemaVersion)
		}
		return s, nil
	}
	migrated, err := s.upgrade()
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if migrated {
		// bbolt remembers every page a process allocated until it is freed again (16 MB
		// after migrating the ten-year desk); a fresh open starts without that.
		if err := db.Close(); err != nil {
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		if s.db, err = open(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Close closes the file.
func (s *Store) Close() error { return s.db.Close() }

// Version returns the schema version of the open file (0 for a file without one).
func (s *Store) Version() (int, error) {
	var v int
	err := s.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bMeta); b != nil && len(b.Get(keySchema)) == 8 {
			v = int(binary.BigEndian.Uint64(b.Get(keySchema)))
		}
		return nil
	})
	return v, err
}

// Origins of a store: which command wrote it. The demo refuses a store that serve wrote, so a
// production outbox is never delivered into the demo's mail world.
const (
	OriginServe = "serve"
	OriginDemo  = "demo"
)

// Origin returns the command recorded as the store's writer ("" when none was recorded:
// a new store, or one written before origins were recorded).
func (s *Store) Origin() (string, error) {
	var o string
	err := s.db.View(func(tx *bolt.Tx) error {
		o = string(tx.Bucket(bMeta).Get(keyOrigin))
		return nil
	})
	return o, err
}

// SetOrigin records the command that writes the store. Recording the origin it has already
// writes nothing: every start of serve calls it, and a commit (fsync) costs a start-up time.
func (s *Store) SetOrigin(origin string) error {
	if cur, err := s.Origin(); err == nil && cur == origin {
		return nil
	}
	return s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bMeta).Put(keyOrigin, []byte(origin)) })
}

// Empty reports whether the store holds no ticket, raw mail and outbox mail.
func (s *Store) Empty() (bool, error) {
	empty := true
	err := s.db.View(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bTickets, bRaw, bOutbox} {
			if k, _ := tx.Bucket(b).Cursor().First(); k != nil {
				empty = false
			}
		}
		return nil
	})
	return empty, err
}

// Tx is one transaction. Its methods must not be used after the function given to Update or View
// returns.
type Tx struct {
	tx  *bolt.Tx
	now time.Time
}

// Update runs fn in one read-write transaction, committed (and fsynced) when fn returns nil.
func (s *Store) Update(fn func(tx *Tx) error) error {
	return s.db.Update(func(btx *bolt.Tx) error {
		setFill(btx)
		return fn(&Tx{tx: btx, now: time.Now()})
	})
}

// View runs fn in a read-only transaction.
func (s *Store) View(fn func(tx *Tx) error) error {
	return s.db.View(func(btx *bolt.Tx) error { return fn(&Tx{tx: btx, now: time.Now()}) })
}

// Backup writes a consistent copy of the database to w from a read transaction, so the daemon
// keeps working meanwhile.
func (s *Store) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

// BackupFile writes a consistent copy to path (via a temporary file, synced, then renamed).
func (s *Store) BackupFile(path string) (int64, error) {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	n, err := s.Backup(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return 0, fmt.Errorf("backup %s: %w", path, err)
	}
	return n, nil
}

func u64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func putJSON(b *bolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode record %x: %w", key, err)
	}
	return b.Put(key, data)
}

func getJSON(b *bolt.Bucket, key []byte, v any) error {
	data := b.Get(key)
	if data == nil {
		return ErrNotFound
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("decode record %x: %w", key, err)
	}
	return nil
}
