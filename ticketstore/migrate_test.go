package ticketstore

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// v1Buckets are the buckets of a version 1 store.
var v1Buckets = []string{"meta", "tickets", "ticket_num", "ticket_state", "comments", "message_ids", "raw",
	"raw_uid", "raw_hash", "setaside", "outbox", "outbox_raw", "outbox_due", "auto_sent", "auto_unlisted",
	"suppressed", "mailboxes", "directory"}

// v1Desk is what writeV1 stores.
type v1Desk struct {
	tickets   []Ticket
	comments  []Comment
	setAsides []SetAside
	raws      []RawMessage
	outbox    []OutboxMail
}

// writeV1 writes a store in the layout of schema version 1 (JSON records, the status index
// as the only ticket index), as that version's code left it, without using this version's code.
func writeV1(t *testing.T, path string, n int) v1Desk {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var d v1Desk
	t0 := time.Date(2026, 3, 14, 9, 26, 53, 589793238, time.UTC)
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range v1Buckets {
			if _, err := tx.CreateBucket([]byte(name)); err != nil {
				return err
			}
		}
		put := func(bucket string, key []byte, v any) error {
			data, err := json.Marshal(v)
			if err != nil {
				return err
			}
			return tx.Bucket([]byte(bucket)).Put(key, data)
		}
		for i := 1; i <= n; i++ {
			tk := Ticket{Seq: uint64(i), Number: fmt.Sprint(i), Status: Statuses[i%len(Statuses)],
				Subject: fmt.Sprint("subject ", i), Customer: []string{"", "K1", "K2"}[i%3],
				Assignee: []string{"", "anna", "ben", "carl"}[i%4], Created: t0.Add(time.Duration(i) * time.Minute),
				Updated: t0.Add(time.Duration(n-i) * time.Minute), Comments: 1}
			c := Comment{Ticket: tk.Number, Seq: 1, Author: "a@example.com", Kind: KindCustomer, Body: "body", Created: tk.Created, RawID: uint64(i)}
			r := RawMessage{ID: uint64(i), Mailbox: "INBOX", UIDValidity: 7, UID: uint32(i), SHA256: fmt.Sprintf("%064x", i),
				Size: 5, Received: tk.Created, Stored: tk.Created, Data: []byte("hello"), Outcome: OutcomeTicket, Ticket: tk.Number}
			sa := SetAside{ID: uint64(i), RawID: uint64(i), From: "b@example.com", ReasonCode: "bounce", Received: tk.Created}
			if i%5 == 0 {
				sa.Released = tk.Created.Add(time.Hour)
			}
			err := errors.Join(
				put("tickets", u64(tk.Seq), tk),
				tx.Bucket([]byte("ticket_num")).Put([]byte(tk.Number), u64(tk.Seq)),
				tx.Bucket([]byte("ticket_state")).Put(append([]byte(string(tk.Status)+"\x00"), u64(tk.Seq)...), nil),
				put("comments", append(u64(tk.Seq), u64(1)...), c),
				put("raw", u64(r.ID), r),
				tx.Bucket([]byte("raw_uid")).Put(uidKey("INBOX", 7, uint32(i)), u64(r.ID)),
				tx.Bucket([]byte("raw_hash")).Put([]byte(r.SHA256), u64(r.ID)),
				put("setaside", u64(sa.ID), sa),
			)
			if err != nil {
				return err
			}
			d.tickets, d.comments, d.raws, d.setAsides = append(d.tickets, tk), append(d.comments, c), append(d.raws, r), append(d.setAsides, sa)
			// Outgoing mail in every state, as the versions before 4 stored it: the record,
			// its bytes, the due index for pending mail, and no state index or counters.
			m := OutboxMail{ID: uint64(i), Ticket: tk.Number, Kind: "confirmation", From: "s@example.com", To: []string{"a@example.com"},
				Subject: "re", MessageID: fmt.Sprintf("<%d@x>", i), State: []OutboxState{OutboxPending, OutboxSent, OutboxSent, OutboxFailed}[i%4],
				Created: tk.Created, NextAttempt: tk.Created}
			if m.State == OutboxSent {
				m.Sent, m.Attempts = tk.Created.Add(time.Minute), 1
			}
			err = errors.Join(put("outbox", u64(m.ID), m), tx.Bucket([]byte("outbox_raw")).Put(u64(m.ID), []byte("mail")))
			if m.State == OutboxPending {
				err = errors.Join(err, tx.Bucket([]byte("outbox_due")).Put(append(u64(uint64(m.NextAttempt.UnixNano())), u64(m.ID)...), nil))
			}
			if err != nil {
				return err
			}
			d.outbox = append(d.outbox, m)
		}
		for _, b := range []string{"tickets", "raw", "setaside", "outbox"} {
			if err := tx.Bucket([]byte(b)).SetSequence(uint64(n)); err != nil {
				return err
			}
		}
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), u64(1))
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// smallChunks makes migrations commit every few records, so tests cross chunk boundaries.
func smallChunks(t *testing.T, n int) {
	old := migrationChunk
	migrationChunk = n
	t.Cleanup(func() { migrationChunk = old })
}

// checkMigrated asserts that s holds d, whole, with indexes and counters built.
func checkMigrated(t *testing.T, s *Store, d v1Desk) {
	t.Helper()
	if v, err := s.Version(); err != nil || v != SchemaVersion {
		t.Fatalf("Version = %d, %v; want %d", v, err, SchemaVersion)
	}
	err := s.View(func(x *Tx) error {
		if err := x.Check(); err != nil {
			return err
		}
		for _, b := range [][]byte{bTickets, bComments, bRaw, bSetAside} {
			x.tx.Bucket(b).ForEach(func(k, v []byte) error {
				if v[0] != recordBinary {
					t.Fatalf("%s %x still JSON after migration", b, k)
				}
				return nil
			})
		}
		if n := x.tx.Bucket(bRawData).Stats().KeyN; n != len(d.raws) {
			t.Errorf("raw_data holds %d mails, want %d", n, len(d.raws))
		}
		got, err := x.Tickets(TicketFilter{})
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(got, d.tickets) {
			t.Errorf("tickets after migration differ: got %d, want %d", len(got), len(d.tickets))
		}
		for i, want := range d.comments {
			cs, err := x.Comments(want.Ticket)
			if err != nil || len(cs) != 1 || !reflect.DeepEqual(cs[0], want) {
				t.Fatalf("comments of %s = %+v, %v; want %+v", want.Ticket, cs, err, want)
			}
			r, err := x.Raw(d.raws[i].ID)
			if err != nil || !reflect.DeepEqual(*r, d.raws[i]) {
				t.Fatalf("raw %d = %+v, %v; want %+v", d.raws[i].ID, r, err, d.raws[i])
			}
			if r, ok, err := x.RawByHash(d.raws[i].SHA256); !ok || err != nil || r.ID != d.raws[i].ID {
				t.Fatalf("RawByHash(%s) = %v, %v, %v", d.raws[i].SHA256, r, ok, err)
			}
			if r, ok, err := x.RawByUID("INBOX", 7, d.raws[i].UID); !ok || err != nil || r.ID != d.raws[i].ID {
				t.Fatalf("RawByUID(%d) = %v, %v, %v", d.raws[i].UID, r, ok, err)
			}
		}
		sas, err := x.SetAsides(true)
		if err != nil || !reflect.DeepEqual(sas, d.setAsides) {
			t.Errorf("set-asides after migration = %d, %v; want %d", len(sas), err, len(d.setAsides))
		}
		c, err := x.Counts()
		if err != nil {
			return err
		}
		open := 0
		for _, sa := range d.setAsides {
			if sa.Released.IsZero() {
				open++
			}
		}
		if c.Tickets != len(d.tickets) || c.SetAside != len(d.setAsides) || c.SetAsideOpen != open {
			t.Errorf("Counts = %+v, want %d tickets, %d set aside, %d open", c, len(d.tickets), len(d.setAsides), open)
		}
		wantOutbox := map[OutboxState]int{OutboxPending: 0, OutboxSent: 0, OutboxFailed: 0}
		for _, m := range d.outbox {
			wantOutbox[m.State]++
		}
		if !reflect.DeepEqual(c.Outbox, wantOutbox) {
			t.Errorf("Counts.Outbox = %v, want %v", c.Outbox, wantOutbox)
		}
		for _, st := range []OutboxState{OutboxPending, OutboxSent, OutboxFailed} {
			ms, err := x.OutboxMails(OutboxFilter{States: []OutboxState{st}})
			if err != nil || len(ms) != wantOutbox[st] {
				t.Errorf("OutboxMails(%s) = %d mails, %v; want %d", st, len(ms), err, wantOutbox[st])
			}
		}
		// The new indexes answer.
		n, err := x.CountTickets(TicketFilter{Customer: "K1", Assignee: "anna"})
		want := 0
		for _, tk := range d.tickets {
			if tk.Customer == "K1" && tk.Assignee == "anna" {
				want++
			}
		}
		if err != nil || n != want {
			t.Errorf("CountTickets(K1, anna) = %d, %v; want %d", n, err, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A version 1 store is migrated in place: every record kept, the new indexes and the counters
// built, in chunks of a few records.
func TestMigrateV1(t *testing.T) {
	smallChunks(t, 7)
	path := filepath.Join(t.TempDir(), "v1.db")
	d := writeV1(t, path, 100)
	s, err := Open(path, nil)
	if err != nil {
		t.Fatalf("Open v1 store: %v", err)
	}
	defer s.Close()
	checkMigrated(t, s, d)
	// Writes after the migration keep everything right.
	err = s.Update(func(x *Tx) error {
		tk, err := x.Ticket("3")
		if err != nil {
			return err
		}
		tk.Customer, tk.Status = "K9", StatusClosed
		if err := x.PutTicket(tk); err != nil {
			return err
		}
		return x.CreateTicket(&Ticket{Customer: "K9"}, NumberPlain)
	})
	if err != nil {
		t.Fatal(err)
	}
	s.View(func(x *Tx) error {
		if err := x.Check(); err != nil {
			t.Error(err)
		}
		if n, _ := x.CountTickets(TicketFilter{Customer: "K9"}); n != 2 {
			t.Errorf("K9 tickets = %d, want 2", n)
		}
		return nil
	})
}

// A migration cut off between two chunks (a crash, a full disk) leaves the old version; the
// next Open runs it again from its start and ends with the same store. Each migration is cut
// in its pass over the bucket given.
func TestMigrateInterrupted(t *testing.T) {
	for _, tc := range []struct {
		from int
		pass []byte
	}{{1, bTickets}, {1, bSetAside}, {2, bRaw}, {2, bSetAside}, {3, bOutbox}} {
		t.Run(fmt.Sprintf("%d in %s", tc.from, tc.pass), func(t *testing.T) {
			smallChunks(t, 5)
			path := filepath.Join(t.TempDir(), "v1.db")
			d := writeV1(t, path, 40)
			db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
			if err != nil {
				t.Fatal(err)
			}
			s := &Store{db: db}
			if err := s.upgradeCreate(); err != nil {
				t.Fatal(err)
			}
			boom := errors.New("power cut")
			for _, m := range migrations {
				if m.from < 1 || m.from > tc.from {
					continue
				}
				if m.from < tc.from {
					if err := s.migrate(m); err != nil {
						t.Fatal(err)
					}
					continue
				}
				cut := m
				cut.passes = append([]pass(nil), m.passes...)
				calls := 0
				for i, p := range cut.passes {
					if string(p.bucket) == string(tc.pass) {
						each := p.each
						cut.passes[i].each = func(x *Tx, k, v []byte) error {
							if calls++; calls > 23 {
								return boom
							}
							return each(x, k, v)
						}
					}
				}
				if err := s.migrate(cut); !errors.Is(err, boom) {
					t.Fatalf("cut migration = %v, want %v", err, boom)
				}
			}
			if v, _ := s.Version(); v != tc.from {
				t.Fatalf("version after a cut migration = %d, want %d", v, tc.from)
			}
			db.Close()
			s, err = Open(path, nil)
			if err != nil {
				t.Fatalf("Open after the cut: %v", err)
			}
			defer s.Close()
			checkMigrated(t, s, d)
		})
	}
}

// Opening a store at the current version writes nothing.
func TestOpenCurrentWritesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	for range 2 {
		s, err := Open(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		var txid int
		s.db.View(func(tx *bolt.Tx) error { txid = tx.ID(); return nil })
		s.Close()
		s, _ = Open(path, nil)
		s.db.View(func(tx *bolt.Tx) error {
			if tx.ID() != txid {
				t.Errorf("Open committed a transaction: txid %d -> %d", txid, tx.ID())
			}
			return nil
		})
		s.Close()
	}
}
