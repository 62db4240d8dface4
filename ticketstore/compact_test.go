package ticketstore

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// snapshot is everything a test compares between a store and its copy.
type snapshot struct {
	Tickets   []Ticket
	Comments  [][]Comment
	Raws      []RawMessage
	SetAsides []SetAside
	Outbox    []OutboxMail
	Counts    Counts
}

func takeSnapshot(t *testing.T, s *Store) snapshot {
	t.Helper()
	var sn snapshot
	err := s.View(func(x *Tx) error {
		if err := x.Check(); err != nil {
			return err
		}
		var err error
		if sn.Tickets, err = x.Tickets(TicketFilter{}); err != nil {
			return err
		}
		for _, tk := range sn.Tickets {
			cs, err := x.Comments(tk.Number)
			if err != nil {
				return err
			}
			sn.Comments = append(sn.Comments, cs)
			for _, c := range cs {
				r, err := x.Raw(c.RawID)
				if err != nil {
					return err
				}
				sn.Raws = append(sn.Raws, *r)
			}
		}
		if sn.SetAsides, err = x.SetAsides(true); err != nil {
			return err
		}
		if sn.Outbox, err = x.Outbox(""); err != nil {
			return err
		}
		sn.Counts, err = x.Counts()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return sn
}

// fillForCompact writes n tickets with a raw mail, a comment, a set-aside and an outgoing mail
// of 2 KiB each, then deletes the bytes of every sent mail, as a cleanup of sent mail would:
// the file keeps its size, with free pages where the bytes were.
func fillForCompact(t *testing.T, s *Store, n int) {
	t.Helper()
	body := []byte(strings.Repeat("x", 2048))
	for i := 0; i < n; i += 50 {
		err := s.Update(func(x *Tx) error {
			for j := i; j < i+50 && j < n; j++ {
				tk := &Ticket{Subject: fmt.Sprint("t", j), Customer: fmt.Sprint("K", j%7), Created: time.Unix(int64(1e9+j), 0).UTC()}
				if err := x.CreateTicket(tk, NumberYear); err != nil {
					return err
				}
				r := &RawMessage{Mailbox: "INBOX", UID: uint32(j + 1), SHA256: fmt.Sprintf("%064x", j), Data: body[:400], Received: tk.Created}
				if err := x.PutRaw(r); err != nil {
					return err
				}
				if err := x.AddComment(&Comment{Ticket: tk.Number, Body: "b", RawID: r.ID, Created: tk.Created}); err != nil {
					return err
				}
				if err := x.PutSetAside(&SetAside{RawID: r.ID, Subject: "s", Received: tk.Created}); err != nil {
					return err
				}
				if err := x.Enqueue(&OutboxMail{Ticket: tk.Number, To: []string{"a@example.com"}, Raw: body, Created: tk.Created}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	err := s.Update(func(x *Tx) error {
		var keys [][]byte
		c := x.tx.Bucket(bOutboxRaw).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			keys = append(keys, append([]byte(nil), k...))
		}
		for _, k := range keys {
			if err := x.tx.Bucket(bOutboxRaw).Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// checkCopy opens the copy at path and asserts it holds want, whole, and keeps counting its
// sequences where the original stopped.
func checkCopy(t *testing.T, path string, want snapshot) {
	t.Helper()
	c, err := Open(path, nil)
	if err != nil {
		t.Fatalf("Open copy: %v", err)
	}
	defer c.Close()
	if v, err := c.Version(); err != nil || v != SchemaVersion {
		t.Errorf("copy Version = %d, %v", v, err)
	}
	if got := takeSnapshot(t, c); !reflect.DeepEqual(got, want) {
		t.Errorf("copy differs: %d tickets, %d raws, %d set-asides, %d outbox, %+v; want %d, %d, %d, %d, %+v",
			len(got.Tickets), len(got.Raws), len(got.SetAsides), len(got.Outbox), got.Counts,
			len(want.Tickets), len(want.Raws), len(want.SetAsides), len(want.Outbox), want.Counts)
	}
	var tk Ticket
	var r RawMessage
	err = c.Update(func(x *Tx) error { return errors.Join(x.CreateTicket(&tk, NumberPlain), x.PutRaw(&r)) })
	if err != nil || tk.Seq != uint64(len(want.Tickets)+1) || r.ID != uint64(len(want.Raws)+1) {
		t.Errorf("next ticket and raw in the copy: %d, %d, %v; want %d, %d", tk.Seq, r.ID, err, len(want.Tickets)+1, len(want.Raws)+1)
	}
}

// A compacted copy, of the open store or of a closed file, opens, holds every record and is
// smaller than a file with deletions behind it.
func TestCompact(t *testing.T) {
	old := compactTxBytes
	compactTxBytes = 64 << 10 // many transactions in the copy
	t.Cleanup(func() { compactTxBytes = old })
	dir := t.TempDir()
	src := filepath.Join(dir, "helpdesk.db")
	s, err := Open(src, &Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	fillForCompact(t, s, 600)
	want := takeSnapshot(t, s)

	t.Run("open store", func(t *testing.T) {
		dst := filepath.Join(dir, "copy.db")
		res, err := s.CompactTo(dst)
		if err != nil {
			t.Fatalf("CompactTo: %v", err)
		}
		if res.After != fileSize(t, dst) || res.Before != fileSize(t, src) || res.SchemaVersion != SchemaVersion {
			t.Errorf("CompactTo = %+v", res)
		}
		if res.After >= res.Before*2/3 {
			t.Errorf("copy %d bytes, original %d: want much smaller after deleting the sent mails' bytes", res.After, res.Before)
		}
		if _, err := os.Stat(dst + ".tmp"); !os.IsNotExist(err) {
			t.Errorf("temporary file left: %v", err)
		}
		checkCopy(t, dst, want)
		if _, err := s.CompactTo(dst); err == nil {
			t.Error("CompactTo over an existing file succeeded")
		}
	})
	t.Run("closed file", func(t *testing.T) {
		if _, err := CompactFile(src, filepath.Join(dir, "locked.db")); !errors.Is(err, ErrLocked) {
			t.Fatalf("CompactFile of an open store = %v, want ErrLocked", err)
		}
		s.Close()
		dst := filepath.Join(dir, "offline.db")
		res, err := CompactFile(src, dst)
		if err != nil {
			t.Fatalf("CompactFile: %v", err)
		}
		if res.After >= res.Before*2/3 {
			t.Errorf("CompactFile = %+v: want much smaller", res)
		}
		checkCopy(t, dst, want)
	})
}

// Compacting the running store while it is written gives a consistent copy.
func TestCompactWhileWriting(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(filepath.Join(dir, "helpdesk.db"), &Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fillForCompact(t, s, 200)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			err := s.Update(func(x *Tx) error {
				if err := x.CreateTicket(&Ticket{Customer: "K1"}, NumberPlain); err != nil {
					return err
				}
				return x.PutSetAside(&SetAside{Subject: "during"})
			})
			if err != nil {
				t.Errorf("write during compaction: %v", err)
				return
			}
		}
	}()
	dst := filepath.Join(dir, "copy.db")
	_, err = s.CompactTo(dst)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	c, err := Open(dst, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	takeSnapshot(t, c) // runs Check: indexes and counters agree with the records
}

// Compacting a closed store in place: the file is replaced by a smaller one holding the same
// records; refused while the store is open; a daemon that starts meanwhile waits and then
// works on the new file, not on the replaced one.
func TestCompactInPlace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "helpdesk.db")
	s, err := Open(path, &Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	fillForCompact(t, s, 400)
	want := takeSnapshot(t, s)
	before := fileSize(t, path)
	if _, err := CompactInPlace(path); !errors.Is(err, ErrLocked) {
		t.Fatalf("CompactInPlace of an open store = %v, want ErrLocked", err)
	}
	if fileSize(t, path) != before {
		t.Fatal("a refused compaction changed the file")
	}
	s.Close()

	opened := make(chan *Store, 1)
	beforeReplace = func() {
		go func() {
			s, err := Open(path, &Options{Timeout: 10 * time.Second})
			if err != nil {
				t.Errorf("Open during compaction: %v", err)
			}
			opened <- s
		}()
		time.Sleep(100 * time.Millisecond) // the Open waits for the lock now
	}
	t.Cleanup(func() { beforeReplace = func() {} })
	res, err := CompactInPlace(path)
	if err != nil {
		t.Fatalf("CompactInPlace: %v", err)
	}
	if res.Before != before || res.After != fileSize(t, path) || res.After >= before*2/3 {
		t.Errorf("CompactInPlace = %+v, file %d bytes: want the file replaced by a much smaller one", res, fileSize(t, path))
	}
	if left, _ := filepath.Glob(path + ".*"); len(left) != 0 {
		t.Errorf("files left beside the store: %v", left)
	}
	late := <-opened
	if late == nil {
		t.FailNow()
	}
	err = late.Update(func(x *Tx) error { return x.CreateTicket(&Ticket{Subject: "after"}, NumberPlain) })
	late.Close()
	if err != nil {
		t.Fatal(err)
	}
	s, err = Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got := takeSnapshot(t, s)
	if len(got.Tickets) != len(want.Tickets)+1 || got.Tickets[len(got.Tickets)-1].Subject != "after" {
		t.Fatalf("after compaction and a write by the waiting Open: %d tickets, want %d with the new one last", len(got.Tickets), len(want.Tickets)+1)
	}
	got.Tickets, got.Comments, got.Counts = want.Tickets, want.Comments, want.Counts
	if !reflect.DeepEqual(got, want) {
		t.Error("the compacted store differs from the original")
	}
}

// The verification finds a copy that differs from its store in one value.
func TestVerifyCopyFindsDifference(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(filepath.Join(dir, "helpdesk.db"), &Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fillForCompact(t, s, 20)
	dst := filepath.Join(dir, "copy.db")
	if _, err := s.CompactTo(dst); err != nil {
		t.Fatal(err)
	}
	if err := verifyCopy(s.db, dst); err != nil {
		t.Fatalf("verifyCopy of a true copy: %v", err)
	}
	c, err := Open(dst, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = c.Update(func(x *Tx) error {
		tk, err := x.Ticket(fmt.Sprint(time.Unix(1e9, 0).UTC().Year(), "-000001"))
		if err != nil {
			return err
		}
		tk.Subject = "changed"
		return x.PutTicket(tk)
	})
	c.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := verifyCopy(s.db, dst); err == nil {
		t.Error("verifyCopy of a changed copy found nothing")
	}
}
