package ticketstore_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"helpdesk/ticketstore"
)

func TestRaw(t *testing.T) {
	s, _ := openTemp(t, nil)
	in := ticketstore.RawMessage{
		Mailbox: "INBOX", UIDValidity: 1700000000, UID: 42, MessageID: "m1@example.com",
		SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Size: 5,
		Received: t0, Stored: t0.Add(time.Second), Data: []byte("hello"), Outcome: ticketstore.OutcomeTicket,
		Ticket: "2026-000001", Problems: []string{"bad charset"},
	}
	r := in
	mustUpdate(t, s, func(tx *ticketstore.Tx) error { return tx.PutRaw(&r) })
	if r.ID != 1 {
		t.Fatalf("PutRaw ID = %d, want 1", r.ID)
	}
	want := in
	want.ID = 1

	// A second message without UID (e.g. large, blob-stored) and a default Stored time.
	r2 := ticketstore.RawMessage{Mailbox: "INBOX", SHA256: "bb", Blob: "bb", Size: 2 << 20}
	before := time.Now()
	mustUpdate(t, s, func(tx *ticketstore.Tx) error { return tx.PutRaw(&r2) })
	if r2.ID != 2 || r2.Stored.Before(before) || r2.Stored.After(time.Now()) {
		t.Errorf("second PutRaw: ID %d Stored %v", r2.ID, r2.Stored)
	}

	type lookup struct {
		name  string
		get   rawLookup
		found bool
	}
	check := func(t *testing.T, lookups []lookup, want ticketstore.RawMessage) {
		t.Helper()
		for _, tc := range lookups {
			mustView(t, s, func(tx *ticketstore.Tx) error {
				got, found, err := tc.get(tx)
				if err != nil {
					t.Errorf("%s: %v", tc.name, err)
					return nil
				}
				if found != tc.found {
					t.Errorf("%s: found = %v, want %v", tc.name, found, tc.found)
				}
				if found && !reflect.DeepEqual(*got, want) {
					t.Errorf("%s:\n got %+v\nwant %+v", tc.name, *got, want)
				}
				return nil
			})
		}
	}
	check(t, []lookup{
		{"RawByUID", byUID("INBOX", 1700000000, 42), true},
		{"RawByHash", byHash(in.SHA256), true},
		{"Raw", byID(1), true},
		{"other UIDVALIDITY", byUID("INBOX", 1700000001, 42), false},
		{"other UID", byUID("INBOX", 1700000000, 43), false},
		{"other mailbox", byUID("Archive", 1700000000, 42), false},
		{"mailbox case matters", byUID("inbox", 1700000000, 42), false},
		{"other hash", byHash("cc"), false},
		{"empty hash", byHash(""), false},
	}, want)

	mustView(t, s, func(tx *ticketstore.Tx) error {
		if _, err := tx.Raw(99); !errors.Is(err, ticketstore.ErrNotFound) {
			t.Errorf("Raw(99) = %v, want ErrNotFound", err)
		}
		// r2 had no UID: it is not indexed under UID 0.
		if _, found, _ := tx.RawByUID("INBOX", 0, 0); found {
			t.Error("message without UID indexed under UID 0")
		}
		return nil
	})

	// MarkUID: a replayed duplicate under a new UIDVALIDITY/UID points at the stored record.
	mustUpdate(t, s, func(tx *ticketstore.Tx) error { return tx.MarkUID("INBOX", 1800000000, 7, 1) })
	check(t, []lookup{
		{"RawByUID after MarkUID", byUID("INBOX", 1800000000, 7), true},
		{"old UID still found", byUID("INBOX", 1700000000, 42), true},
	}, want)

	// UpdateRaw rewrites the record; the indexes still lead to it.
	upd := want
	upd.Outcome = ticketstore.OutcomeSetAside
	upd.Ticket = ""
	upd.SetAside = 5
	mustUpdate(t, s, func(tx *ticketstore.Tx) error { return tx.UpdateRaw(&upd) })
	check(t, []lookup{
		{"RawByUID after UpdateRaw", byUID("INBOX", 1700000000, 42), true},
		{"RawByHash after UpdateRaw", byHash(in.SHA256), true},
		{"MarkUID after UpdateRaw", byUID("INBOX", 1800000000, 7), true},
	}, upd)

	// A UID marked with a record that does not exist reports the error, not found=true.
	mustUpdate(t, s, func(tx *ticketstore.Tx) error { return tx.MarkUID("INBOX", 1, 1, 99) })
	mustView(t, s, func(tx *ticketstore.Tx) error {
		if _, found, err := tx.RawByUID("INBOX", 1, 1); found || !errors.Is(err, ticketstore.ErrNotFound) {
			t.Errorf("RawByUID of a dangling mark = %v, %v", found, err)
		}
		return nil
	})
}

func TestSetAside(t *testing.T) {
	s, _ := openTemp(t, nil)
	in := []ticketstore.SetAside{
		{RawID: 1, From: "mailer-daemon@example.com", Subject: "Undelivered", ReasonCode: "bounce", Reason: "DSN", Received: t0, Ticket: "2026-000001"},
		{RawID: 2, From: "noreply@example.com", Subject: "Newsletter", ReasonCode: "bulk", Reason: "List-Id", Received: t0.Add(time.Minute)},
		{RawID: 3, From: "me@example.com", Subject: "Vacation", ReasonCode: "auto_reply", Reason: "Auto-Submitted", Received: t0.Add(2 * time.Minute)},
	}
	stored := make([]ticketstore.SetAside, len(in))
	mustUpdate(t, s, func(tx *ticketstore.Tx) error {
		for i := range in {
			stored[i] = in[i]
			if err := tx.PutSetAside(&stored[i]); err != nil {
				return err
			}
		}
		return nil
	})
	for i, sa := range stored {
		if sa.ID != uint64(i+1) {
			t.Errorf("set-aside %d: ID %d", i, sa.ID)
		}
	}
	// Release the second one: PutSetAside with its ID updates it in place.
	released := stored[1]
	released.Released = t0.Add(time.Hour)
	mustUpdate(t, s, func(tx *ticketstore.Tx) error { return tx.PutSetAside(&released) })
	if released.ID != 2 {
		t.Fatalf("update changed the ID to %d", released.ID)
	}
	mustView(t, s, func(tx *ticketstore.Tx) error {
		for _, want := range []ticketstore.SetAside{stored[0], released, stored[2]} {
			got, err := tx.SetAside(want.ID)
			if err != nil || !reflect.DeepEqual(*got, want) {
				t.Errorf("SetAside(%d) = %+v, %v; want %+v", want.ID, got, err, want)
			}
		}
		if _, err := tx.SetAside(4); !errors.Is(err, ticketstore.ErrNotFound) {
			t.Errorf("SetAside(4) = %v, want ErrNotFound", err)
		}
		for _, tc := range []struct {
			all  bool
			want []ticketstore.SetAside
		}{
			{false, []ticketstore.SetAside{stored[0], stored[2]}},
			{true, []ticketstore.SetAside{stored[0], released, stored[2]}},
		} {
			got, err := tx.SetAsides(tc.all)
			if err != nil || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("SetAsides(%v) = %+v, %v; want %+v", tc.all, got, err, tc.want)
			}
		}
		return nil
	})
}

type rawLookup = func(tx *ticketstore.Tx) (*ticketstore.RawMessage, bool, error)

func byUID(mailbox string, uidValidity, uid uint32) rawLookup {
	return func(tx *ticketstore.Tx) (*ticketstore.RawMessage, bool, error) {
		return tx.RawByUID(mailbox, uidValidity, uid)
	}
}

func byHash(sha string) rawLookup {
	return func(tx *ticketstore.Tx) (*ticketstore.RawMessage, bool, error) { return tx.RawByHash(sha) }
}

func byID(id uint64) rawLookup {
	return func(tx *ticketstore.Tx) (*ticketstore.RawMessage, bool, error) {
		r, err := tx.Raw(id)
		return r, err == nil, err
	}
}

// A raw mail's bytes are kept as first stored: a record update without them, or with other
// bytes, leaves them alone.
func TestRawBytesKept(t *testing.T) {
	s, _ := openTemp(t, nil)
	r := ticketstore.RawMessage{Mailbox: "INBOX", UID: 1, SHA256: "ab", Data: []byte("as received")}
	mustUpdate(t, s, func(tx *ticketstore.Tx) error { return tx.PutRaw(&r) })
	for _, data := range [][]byte{nil, []byte("other")} {
		u := r
		u.Data, u.Outcome = data, ticketstore.OutcomeSetAside
		mustUpdate(t, s, func(tx *ticketstore.Tx) error { return tx.UpdateRaw(&u) })
	}
	var got *ticketstore.RawMessage
	mustView(t, s, func(tx *ticketstore.Tx) error {
		var err error
		got, err = tx.Raw(r.ID)
		return err
	})
	// Read after the transaction: the bytes are the caller's copy.
	if string(got.Data) != "as received" || got.Outcome != ticketstore.OutcomeSetAside {
		t.Errorf("raw after updates = %q, outcome %q", got.Data, got.Outcome)
	}
}
