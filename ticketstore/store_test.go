package ticketstore_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"helpdesk/ticketstore"
)

func TestOpenCreatesAndReopens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub-less.db")
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("file exists before Open: %v", err)
	}
	s, err := ticketstore.Open(path, nil)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("Open did not create the file: %v", err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("file mode = %v, want 0600", perm)
	}
	if v, err := s.Version(); err != nil || v != ticketstore.SchemaVersion {
		t.Fatalf("Version = %d, %v; want %d", v, err, ticketstore.SchemaVersion)
	}
	// Every record kind is usable on a new file (all buckets exist).
	mustView(t, s, func(tx *ticketstore.Tx) error {
		if ts, err := tx.Tickets(ticketstore.TicketFilter{}); err != nil || len(ts) != 0 {
			t.Errorf("Tickets on new store = %v, %v", ts, err)
		}
		if ts, err := tx.Tickets(ticketstore.TicketFilter{Status: []ticketstore.Status{ticketstore.StatusNew}}); err != nil || len(ts) != 0 {
			t.Errorf("Tickets(status) on new store = %v, %v", ts, err)
		}
		if _, found, err := tx.RawByUID("INBOX", 1, 1); found || err != nil {
			t.Errorf("RawByUID on new store = %v, %v", found, err)
		}
		if _, found, err := tx.RawByHash("00"); found || err != nil {
			t.Errorf("RawByHash on new store = %v, %v", found, err)
		}
		if sa, err := tx.SetAsides(true); err != nil || len(sa) != 0 {
			t.Errorf("SetAsides on new store = %v, %v", sa, err)
		}
		if ob, err := tx.Outbox(""); err != nil || len(ob) != 0 {
			t.Errorf("Outbox on new store = %v, %v", ob, err)
		}
		if due, err := tx.DueOutbox(t0, 10, nil); err != nil || len(due) != 0 {
			t.Errorf("DueOutbox on new store = %v, %v", due, err)
		}
		if _, ok := tx.NextOutboxDue(); ok {
			t.Error("NextOutboxDue on new store reports a due mail")
		}
		if n, m := tx.AutoSentSince("a@example.com", time.Time{}, "1"); n != 0 || m != 0 {
			t.Errorf("AutoSentSince on new store = %d, %d", n, m)
		}
		if sp, err := tx.Suppressions(); err != nil || len(sp) != 0 {
			t.Errorf("Suppressions on new store = %v, %v", sp, err)
		}
		if got := tx.TicketByMessageID("x@y"); got != "" {
			t.Errorf("TicketByMessageID on new store = %q", got)
		}
		mb, err := tx.Mailbox("INBOX")
		if err != nil || mb != (ticketstore.MailboxState{Mailbox: "INBOX"}) {
			t.Errorf("Mailbox on new store = %+v, %v", mb, err)
		}
		return nil
	})
	created := createTickets(t, s, ticketstore.Ticket{Subject: "persisted"})
	mb := ticketstore.MailboxState{Mailbox: "INBOX", UIDValidity: 7, Changed: t0, LastSync: t0.Add(time.Minute)}
	mustUpdate(t, s, func(tx *ticketstore.Tx) error { return tx.PutMailbox(mb) })
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	s, err = ticketstore.Open(path, nil)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s.Close()
	if v, err := s.Version(); err != nil || v != ticketstore.SchemaVersion {
		t.Fatalf("Version after reopen = %d, %v", v, err)
	}
	mustView(t, s, func(tx *ticketstore.Tx) error {
		got, err := tx.Ticket(created[0].Number)
		if err != nil || got.Subject != "persisted" {
			t.Errorf("ticket after reopen = %+v, %v", got, err)
		}
		gotMB, err := tx.Mailbox("INBOX")
		if err != nil || !reflect.DeepEqual(gotMB, mb) {
			t.Errorf("mailbox after reopen = %+v, %v; want %+v", gotMB, err, mb)
		}
		return nil
	})
}

// setSchema writes a schema version into a closed store file, as a newer (or older) program would.
func setSchema(t *testing.T, path string, version uint64, del bool) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists([]byte("meta"))
		if err != nil {
			return err
		}
		if del {
			return meta.Delete([]byte("schema"))
		}
		return meta.Put([]byte("schema"), binary.BigEndian.AppendUint64(nil, version))
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOpenSchemaVersion(t *testing.T) {
	t.Run("newer is refused", func(t *testing.T) {
		s, path := openTemp(t, nil)
		createTickets(t, s, ticketstore.Ticket{Subject: "x"})
		s.Close()
		newer := uint64(ticketstore.SchemaVersion + 1)
		setSchema(t, path, newer, false)

		_, err := ticketstore.Open(path, nil)
		if err == nil {
			t.Fatal("Open of a newer schema succeeded")
		}
		for _, want := range []string{fmt.Sprintf("schema version %d", newer), "newer", "upgrade helpdesk", path} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not mention %q", err, want)
			}
		}
		if errors.Is(err, ticketstore.ErrLocked) {
			t.Errorf("newer schema reported as ErrLocked: %v", err)
		}
		// The refused Open released the lock and left the version alone.
		db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
		if err != nil {
			t.Fatalf("file still locked after refused Open: %v", err)
		}
		defer db.Close()
		db.View(func(tx *bolt.Tx) error {
			if v := binary.BigEndian.Uint64(tx.Bucket([]byte("meta")).Get([]byte("schema"))); v != newer {
				t.Errorf("schema after refused Open = %d, want %d", v, newer)
			}
			return nil
		})
	})
	t.Run("version 0 is migrated", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "old.db")
		setSchema(t, path, 0, true) // a file with a meta bucket but no version yet
		s, err := ticketstore.Open(path, nil)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		defer s.Close()
		if v, err := s.Version(); err != nil || v != ticketstore.SchemaVersion {
			t.Fatalf("Version = %d, %v; want %d", v, err, ticketstore.SchemaVersion)
		}
		createTickets(t, s, ticketstore.Ticket{Subject: "works"})
	})
	t.Run("not a database", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "garbage.db")
		if err := os.WriteFile(path, bytes.Repeat([]byte("not bolt "), 1000), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := ticketstore.Open(path, nil)
		if err == nil || errors.Is(err, ticketstore.ErrLocked) {
			t.Fatalf("Open of garbage = %v, want a non-lock error", err)
		}
	})
}

func TestOpenLocked(t *testing.T) {
	for _, tc := range []struct {
		name    string
		timeout time.Duration
	}{
		{"default timeout", 0},
		{"explicit timeout", 100 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, path := openTemp(t, nil)
			start := time.Now()
			s2, err := ticketstore.Open(path, &ticketstore.Options{Timeout: tc.timeout})
			elapsed := time.Since(start)
			if err == nil {
				s2.Close()
				t.Fatal("second Open of an open store succeeded")
			}
			if !errors.Is(err, ticketstore.ErrLocked) {
				t.Fatalf("second Open error = %v, want ErrLocked", err)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the file", err)
			}
			// bbolt polls the lock every 50ms and gives up up to one poll early.
			if elapsed > tc.timeout+time.Second {
				t.Errorf("second Open took %v with timeout %v", elapsed, tc.timeout)
			}
		})
	}
	t.Run("waits for the lock", func(t *testing.T) {
		s, path := openTemp(t, nil)
		go func() {
			time.Sleep(200 * time.Millisecond)
			s.Close()
		}()
		s2, err := ticketstore.Open(path, &ticketstore.Options{Timeout: 10 * time.Second})
		if err != nil {
			t.Fatalf("Open waiting for the lock: %v", err)
		}
		s2.Close()
	})
	t.Run("free after close", func(t *testing.T) {
		s, path := openTemp(t, nil)
		s.Close()
		s2, err := ticketstore.Open(path, &ticketstore.Options{Timeout: 100 * time.Millisecond})
		if err != nil {
			t.Fatalf("Open after Close: %v", err)
		}
		s2.Close()
	})
}

// A transaction whose function fails leaves nothing behind, including sequence numbers.
func TestUpdateErrorRollsBack(t *testing.T) {
	boom := errors.New("boom")
	for _, tc := range []struct {
		name  string
		fail  func() error // what the function does at the end
		panic bool
	}{
		{name: "error", fail: func() error { return boom }},
		{name: "panic", fail: func() error { panic(boom) }, panic: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTemp(t, nil)
			var number string
			err := func() (err error) {
				defer func() {
					if r := recover(); r != nil {
						if !tc.panic {
							t.Fatalf("unexpected panic %v", r)
						}
						err = r.(error)
					}
				}()
				return s.Update(func(tx *ticketstore.Tx) error {
					tk := &ticketstore.Ticket{Subject: "ghost", Requester: "a@example.com"}
					if err := tx.CreateTicket(tk, ticketstore.NumberPlain); err != nil {
						return err
					}
					number = tk.Number
					if err := tx.AddComment(&ticketstore.Comment{Ticket: tk.Number, Body: "hi"}); err != nil {
						return err
					}
					if err := tx.IndexMessageID("ghost@example.com", tk.Number); err != nil {
						return err
					}
					if err := tx.PutRaw(&ticketstore.RawMessage{Mailbox: "INBOX", UIDValidity: 1, UID: 1, SHA256: "aa"}); err != nil {
						return err
					}
					if err := tx.PutSetAside(&ticketstore.SetAside{Subject: "ghost"}); err != nil {
						return err
					}
					if err := tx.Enqueue(&ticketstore.OutboxMail{Ticket: tk.Number, To: []string{"a@example.com"}, Automatic: true}); err != nil {
						return err
					}
					if err := tx.RecordSuppression(&ticketstore.Suppression{To: "a@example.com"}); err != nil {
						return err
					}
					return tc.fail()
				})
			}()
			if !errors.Is(err, boom) {
				t.Fatalf("Update = %v, want %v", err, boom)
			}
			if number != "1" {
				t.Fatalf("number inside the failed tx = %q", number)
			}
			mustView(t, s, func(tx *ticketstore.Tx) error {
				if _, err := tx.Ticket(number); !errors.Is(err, ticketstore.ErrNotFound) {
					t.Errorf("Ticket after rollback: %v", err)
				}
				if ts, _ := tx.Tickets(ticketstore.TicketFilter{}); len(ts) != 0 {
					t.Errorf("Tickets after rollback = %v", ts)
				}
				if ts, _ := tx.Tickets(ticketstore.TicketFilter{Status: ticketstore.Statuses}); len(ts) != 0 {
					t.Errorf("status index after rollback = %v", ts)
				}
				if got := tx.TicketByMessageID("ghost@example.com"); got != "" {
					t.Errorf("Message-ID index after rollback = %q", got)
				}
				if _, found, _ := tx.RawByUID("INBOX", 1, 1); found {
					t.Error("raw UID index after rollback")
				}
				if _, found, _ := tx.RawByHash("aa"); found {
					t.Error("raw hash index after rollback")
				}
				if sa, _ := tx.SetAsides(true); len(sa) != 0 {
					t.Errorf("set-asides after rollback = %v", sa)
				}
				if ob, _ := tx.Outbox(""); len(ob) != 0 {
					t.Errorf("outbox after rollback = %v", ob)
				}
				if _, ok := tx.NextOutboxDue(); ok {
					t.Error("due index after rollback")
				}
				if n, _ := tx.AutoSentSince("a@example.com", time.Time{}, ""); n != 0 {
					t.Errorf("auto-sent index after rollback = %d", n)
				}
				if sp, _ := tx.Suppressions(); len(sp) != 0 {
					t.Errorf("suppressions after rollback = %v", sp)
				}
				return nil
			})
			// Sequences are part of the transaction: the failed one consumed nothing.
			var tk ticketstore.Ticket
			var m ticketstore.OutboxMail
			var r ticketstore.RawMessage
			var sa ticketstore.SetAside
			var sp ticketstore.Suppression
			mustUpdate(t, s, func(tx *ticketstore.Tx) error {
				return errors.Join(
					tx.CreateTicket(&tk, ticketstore.NumberPlain),
					tx.Enqueue(&m),
					tx.PutRaw(&r),
					tx.PutSetAside(&sa),
					tx.RecordSuppression(&sp))
			})
			if tk.Seq != 1 || tk.Number != "1" || m.ID != 1 || r.ID != 1 || sa.ID != 1 || sp.ID != 1 {
				t.Errorf("ids after rollback: ticket %d/%s outbox %d raw %d setaside %d suppression %d; want all 1",
					tk.Seq, tk.Number, m.ID, r.ID, sa.ID, sp.ID)
			}
		})
	}
}

func TestBackup(t *testing.T) {
	for _, tc := range []struct {
		name   string
		backup func(t *testing.T, s *ticketstore.Store, path string) int64
	}{
		{"Backup", func(t *testing.T, s *ticketstore.Store, path string) int64 {
			var buf bytes.Buffer
			n, err := s.Backup(&buf)
			if err != nil {
				t.Fatalf("Backup: %v", err)
			}
			if n != int64(buf.Len()) {
				t.Errorf("Backup returned %d, wrote %d bytes", n, buf.Len())
			}
			if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			return n
		}},
		{"BackupFile", func(t *testing.T, s *ticketstore.Store, path string) int64 {
			n, err := s.BackupFile(path)
			if err != nil {
				t.Fatalf("BackupFile: %v", err)
			}
			if _, err := os.Stat(path + ".tmp"); !os.IsNotExist(err) {
				t.Errorf("temporary file left behind: %v", err)
			}
			return n
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTemp(t, nil)
			var want []ticketstore.Ticket
			for i := range 20 {
				want = append(want, createTickets(t, s, ticketstore.Ticket{
					Subject: strings.Repeat("x", i), Created: t0.Add(time.Duration(i) * time.Minute), Customer: "K1",
				})...)
			}
			// Writers keep going while the backup runs (the daemon is not stopped).
			stop := make(chan struct{})
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					if err := s.Update(func(tx *ticketstore.Tx) error {
						return tx.CreateTicket(&ticketstore.Ticket{Subject: "during backup", Customer: "K2"}, ticketstore.NumberPlain)
					}); err != nil {
						t.Errorf("concurrent Update: %v", err)
						return
					}
				}
			}()
			path := filepath.Join(t.TempDir(), "backup.db")
			n := tc.backup(t, s, path)
			close(stop)
			wg.Wait()

			fi, err := os.Stat(path)
			if err != nil || fi.Size() != n {
				t.Fatalf("backup file: %v, size %v, reported %d", err, fi, n)
			}
			b, err := ticketstore.Open(path, nil)
			if err != nil {
				t.Fatalf("Open backup: %v", err)
			}
			defer b.Close()
			if v, err := b.Version(); err != nil || v != ticketstore.SchemaVersion {
				t.Errorf("backup Version = %d, %v", v, err)
			}
			mustView(t, b, func(tx *ticketstore.Tx) error {
				got, err := tx.Tickets(ticketstore.TicketFilter{Customer: "K1"})
				if err != nil {
					return err
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("backup tickets differ:\n got %+v\nwant %+v", got, want)
				}
				for _, w := range want {
					if g, err := tx.Ticket(w.Number); err != nil || !reflect.DeepEqual(*g, w) {
						t.Errorf("backup Ticket(%s) = %+v, %v", w.Number, g, err)
					}
				}
				// The backup is a consistent snapshot: every ticket in it has its status index entry.
				all, _ := tx.Tickets(ticketstore.TicketFilter{})
				indexed, _ := tx.Tickets(ticketstore.TicketFilter{Status: ticketstore.Statuses})
				if !reflect.DeepEqual(all, indexed) {
					t.Errorf("backup: %d tickets but %d in the status index", len(all), len(indexed))
				}
				return nil
			})
		})
	}
	t.Run("BackupFile error", func(t *testing.T) {
		s, _ := openTemp(t, nil)
		if _, err := s.BackupFile(filepath.Join(t.TempDir(), "missing", "backup.db")); err == nil {
			t.Fatal("BackupFile into a missing directory succeeded")
		}
	})
}
