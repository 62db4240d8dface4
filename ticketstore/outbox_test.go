package ticketstore_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"helpdesk/ticketstore"
)

func enqueue(tb testing.TB, s *ticketstore.Store, mails ...ticketstore.OutboxMail) []ticketstore.OutboxMail {
	tb.Helper()
	out := make([]ticketstore.OutboxMail, len(mails))
	mustUpdate(tb, s, func(tx *ticketstore.Tx) error {
		for i := range mails {
			out[i] = mails[i]
			if err := tx.Enqueue(&out[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return out
}

func ids(ms []ticketstore.OutboxMail) []uint64 {
	out := []uint64{}
	for _, m := range ms {
		out = append(out, m.ID)
	}
	return out
}

func outboxMail(tb testing.TB, s *ticketstore.Store, id uint64) ticketstore.OutboxMail {
	tb.Helper()
	var m ticketstore.OutboxMail
	mustView(tb, s, func(tx *ticketstore.Tx) error {
		got, err := tx.OutboxMail(id)
		if err != nil {
			return err
		}
		m = *got
		return nil
	})
	return m
}

func due(tb testing.TB, s *ticketstore.Store, now time.Time) []uint64 {
	tb.Helper()
	var out []ticketstore.OutboxMail
	mustView(tb, s, func(tx *ticketstore.Tx) error {
		var err error
		out, err = tx.DueOutbox(now, 100, nil)
		return err
	})
	return ids(out)
}

func nextDue(tb testing.TB, s *ticketstore.Store) (time.Time, bool) {
	tb.Helper()
	var t time.Time
	var ok bool
	mustView(tb, s, func(tx *ticketstore.Tx) error { t, ok = tx.NextOutboxDue(); return nil })
	return t, ok
}

func record(tb testing.TB, s *ticketstore.Store, rs ...ticketstore.OutboxResult) {
	tb.Helper()
	mustUpdate(tb, s, func(tx *ticketstore.Tx) error {
		for _, r := range rs {
			if err := tx.RecordOutbox(r); err != nil {
				return err
			}
		}
		return nil
	})
}

func TestEnqueue(t *testing.T) {
	s, _ := openTemp(t, nil)
	in := ticketstore.OutboxMail{
		ID: 77, State: ticketstore.OutboxFailed, Attempts: 0, // ignored: Enqueue assigns ID and state
		Ticket: "2026-000001", Kind: "confirmation", From: "helpdesk@example.com",
		To: []string{"anna@example.com", "cc@example.com"}, Subject: "[2026-000001] Drucker",
		MessageID: "out1@helpdesk.example", Automatic: true, Raw: []byte("Subject: x\r\n\r\nbody\r\n"),
		Created: t0,
	}
	m := enqueue(t, s, in)[0]
	want := in
	want.ID, want.State, want.NextAttempt = 1, ticketstore.OutboxPending, t0
	if !reflect.DeepEqual(m, want) {
		t.Errorf("Enqueue:\n got %+v\nwant %+v", m, want)
	}
	if got := outboxMail(t, s, 1); !reflect.DeepEqual(got, want) {
		t.Errorf("OutboxMail round trip:\n got %+v\nwant %+v", got, want)
	}
	// Defaults: Created is the transaction time, due at once.
	before := time.Now()
	m2 := enqueue(t, s, ticketstore.OutboxMail{To: []string{"x@example.com"}})[0]
	if m2.ID != 2 || m2.Created.Before(before) || m2.Created.After(time.Now()) || !m2.NextAttempt.Equal(m2.Created) {
		t.Errorf("Enqueue defaults: %+v", m2)
	}
	if got := due(t, s, time.Now()); !reflect.DeepEqual(got, []uint64{1, 2}) {
		t.Errorf("due = %v, want [1 2]", got)
	}
	mustView(t, s, func(tx *ticketstore.Tx) error {
		if _, err := tx.OutboxMail(3); err == nil {
			t.Error("OutboxMail(3) found")
		}
		return nil
	})
}

// The outbox state machine: pending -> sent | pending (retry later) | failed; failed -> Retry -> pending.
func TestOutboxStateMachine(t *testing.T) {
	s, _ := openTemp(t, nil)
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	mails := enqueue(t, s,
		ticketstore.OutboxMail{Kind: "a", Created: t0},                                    // 1: due at t0
		ticketstore.OutboxMail{Kind: "b", Created: t0, NextAttempt: at(10 * time.Minute)}, // 2: due later
		ticketstore.OutboxMail{Kind: "c", Created: t0, NextAttempt: at(5 * time.Minute)},  // 3
		ticketstore.OutboxMail{Kind: "d", Created: t0, Raw: []byte("raw")},                // 4
	)
	for i, m := range mails {
		if m.ID != uint64(i+1) || m.State != ticketstore.OutboxPending {
			t.Fatalf("mail %d: %+v", i, m)
		}
	}

	// DueOutbox returns a mail only when NextAttempt <= now, oldest due first (ties by ID).
	for _, tc := range []struct {
		now  time.Time
		want []uint64
	}{
		{at(-time.Nanosecond), []uint64{}},
		{t0, []uint64{1, 4}},
		{at(5*time.Minute - 1), []uint64{1, 4}},
		{at(5 * time.Minute), []uint64{1, 4, 3}},
		{at(time.Hour), []uint64{1, 4, 3, 2}},
	} {
		if got := due(t, s, tc.now); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("DueOutbox(t0%+v) = %v, want %v", tc.now.Sub(t0), got, tc.want)
		}
	}
	mustView(t, s, func(tx *ticketstore.Tx) error {
		for _, tc := range []struct {
			limit int
			want  []uint64
		}{{1, []uint64{1}}, {3, []uint64{1, 4, 3}}, {0, []uint64{}}} {
			got, err := tx.DueOutbox(at(time.Hour), tc.limit, nil)
			if err != nil || !reflect.DeepEqual(ids(got), tc.want) {
				t.Errorf("DueOutbox limit %d = %v, %v; want %v", tc.limit, ids(got), err, tc.want)
			}
		}
		// Skipped mails do not count against the limit.
		skip4 := func(id uint64) bool { return id == 4 }
		if got, err := tx.DueOutbox(at(time.Hour), 2, skip4); err != nil || !reflect.DeepEqual(ids(got), []uint64{1, 3}) {
			t.Errorf("DueOutbox limit 2 skipping 4 = %v, %v; want [1 3]", ids(got), err)
		}
		got, _ := tx.DueOutbox(t0, 10, nil)
		if string(got[1].Raw) != "raw" {
			t.Errorf("DueOutbox leaves out Raw: %q", got[1].Raw)
		}
		return nil
	})
	if nt, ok := nextDue(t, s); !ok || !nt.Equal(t0) {
		t.Errorf("NextOutboxDue = %v, %v; want t0", nt, ok)
	}

	// 1 is sent; 4 fails temporarily; 3 fails permanently. One transaction, as the sender does.
	record(t, s,
		ticketstore.OutboxResult{ID: 1, Sent: true, At: at(time.Minute)},
		ticketstore.OutboxResult{ID: 4, Err: "421 try later", NextAttempt: at(20 * time.Minute), At: at(time.Minute)},
		ticketstore.OutboxResult{ID: 3, Permanent: true, Err: "550 no such user", At: at(time.Minute)},
	)
	m1 := outboxMail(t, s, 1)
	if m1.State != ticketstore.OutboxSent || m1.Attempts != 1 || !m1.Sent.Equal(at(time.Minute)) || m1.LastError != "" {
		t.Errorf("sent mail: %+v", m1)
	}
	m4 := outboxMail(t, s, 4)
	if m4.State != ticketstore.OutboxPending || m4.Attempts != 1 || m4.LastError != "421 try later" ||
		!m4.NextAttempt.Equal(at(20*time.Minute)) || !m4.Sent.IsZero() {
		t.Errorf("temporarily failed mail: %+v", m4)
	}
	m3 := outboxMail(t, s, 3)
	if m3.State != ticketstore.OutboxFailed || m3.Attempts != 1 || m3.LastError != "550 no such user" {
		t.Errorf("permanently failed mail: %+v", m3)
	}
	for _, tc := range []struct {
		now  time.Time
		want []uint64
	}{
		{t0, []uint64{}}, // 1 sent, 4 moved: nothing left at the old times
		{at(10 * time.Minute), []uint64{2}},
		{at(20 * time.Minute), []uint64{2, 4}},
		{at(24 * time.Hour), []uint64{2, 4}}, // 3 failed: never due
	} {
		if got := due(t, s, tc.now); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("after results: DueOutbox(t0%+v) = %v, want %v", tc.now.Sub(t0), got, tc.want)
		}
	}
	if nt, ok := nextDue(t, s); !ok || !nt.Equal(at(10*time.Minute)) {
		t.Errorf("NextOutboxDue = %v, %v; want t0+10m", nt, ok)
	}

	// A second temporary failure of 4 counts another attempt and moves it again.
	record(t, s, ticketstore.OutboxResult{ID: 4, Err: "451 still busy", NextAttempt: at(40 * time.Minute), At: at(20 * time.Minute)})
	if m4 := outboxMail(t, s, 4); m4.Attempts != 2 || m4.LastError != "451 still busy" || !m4.NextAttempt.Equal(at(40*time.Minute)) {
		t.Errorf("second temporary failure: %+v", m4)
	}
	if got := due(t, s, at(39*time.Minute)); !reflect.DeepEqual(got, []uint64{2}) {
		t.Errorf("DueOutbox before the new time = %v, want [2]", got)
	}
	// A deferred try (the relay failed, not the mail) moves it too, but counts no attempt.
	record(t, s, ticketstore.OutboxResult{ID: 4, Deferred: true, Err: "connect: refused", NextAttempt: at(50 * time.Minute), At: at(40 * time.Minute)})
	if m4 := outboxMail(t, s, 4); m4.Attempts != 2 || m4.Deferrals != 1 || m4.LastError != "connect: refused" || !m4.NextAttempt.Equal(at(50*time.Minute)) {
		t.Errorf("deferred try: %+v, want Attempts 2, Deferrals 1, the new error and time", m4)
	}
	if got := due(t, s, at(49*time.Minute)); !reflect.DeepEqual(got, []uint64{2}) {
		t.Errorf("DueOutbox before the deferred time = %v, want [2]", got)
	}

	// Results for settled mails change nothing (a resend after a crash).
	record(t, s,
		ticketstore.OutboxResult{ID: 1, Err: "late temporary", NextAttempt: at(time.Hour)},
		ticketstore.OutboxResult{ID: 3, Sent: true, At: at(time.Hour)},
	)
	if got := outboxMail(t, s, 1); !reflect.DeepEqual(got, m1) {
		t.Errorf("result for a sent mail changed it: %+v", got)
	}
	if got := outboxMail(t, s, 3); !reflect.DeepEqual(got, m3) {
		t.Errorf("result for a failed mail changed it: %+v", got)
	}
	if err := s.Update(func(tx *ticketstore.Tx) error { return tx.RecordOutbox(ticketstore.OutboxResult{ID: 99, Sent: true}) }); err == nil {
		t.Error("RecordOutbox of an unknown mail succeeded")
	}

	// Outbox(state) lists per state, oldest first, without the raw bytes.
	mustView(t, s, func(tx *ticketstore.Tx) error {
		for _, tc := range []struct {
			state ticketstore.OutboxState
			want  []uint64
		}{
			{"", []uint64{1, 2, 3, 4}},
			{ticketstore.OutboxPending, []uint64{2, 4}},
			{ticketstore.OutboxSent, []uint64{1}},
			{ticketstore.OutboxFailed, []uint64{3}},
		} {
			got, err := tx.Outbox(tc.state)
			if err != nil || !reflect.DeepEqual(ids(got), tc.want) {
				t.Errorf("Outbox(%q) = %v, %v; want %v", tc.state, ids(got), err, tc.want)
			}
			for _, m := range got {
				if m.Raw != nil {
					t.Errorf("Outbox(%q) returned Raw of %d", tc.state, m.ID)
				}
				if tc.state != "" && m.State != tc.state {
					t.Errorf("Outbox(%q) returned %d in state %q", tc.state, m.ID, m.State)
				}
			}
		}
		return nil
	})

	// Retry: only failed mails; the mail becomes pending and due at the transaction's time.
	for _, id := range []uint64{1, 2} {
		err := s.Update(func(tx *ticketstore.Tx) error { return tx.Retry(id) })
		if err == nil || !strings.Contains(err.Error(), "not failed") {
			t.Errorf("Retry(%d) in state %s = %v, want an error", id, outboxMail(t, s, id).State, err)
		}
	}
	if err := s.Update(func(tx *ticketstore.Tx) error { return tx.Retry(99) }); err == nil {
		t.Error("Retry of an unknown mail succeeded")
	}
	before := time.Now()
	mustUpdate(t, s, func(tx *ticketstore.Tx) error { return tx.Retry(3) })
	after := time.Now()
	m3 = outboxMail(t, s, 3)
	if m3.State != ticketstore.OutboxPending || m3.NextAttempt.Before(before) || m3.NextAttempt.After(after) {
		t.Errorf("retried mail: %+v", m3)
	}
	// A fresh delivery window (attempts and age count from the retry), the last error kept.
	if m3.Attempts != 0 || m3.LastError != "550 no such user" || m3.Created.Before(before) {
		t.Errorf("Retry: want Attempts 0, Created reset, LastError kept: %+v", m3)
	}
	if got := due(t, s, after); !reflect.DeepEqual(got, []uint64{2, 4, 3}) {
		t.Errorf("DueOutbox after Retry = %v, want [2 4 3]", got)
	}
	// And it can be delivered normally afterwards.
	record(t, s, ticketstore.OutboxResult{ID: 3, Sent: true, At: after})
	if m3 := outboxMail(t, s, 3); m3.State != ticketstore.OutboxSent || m3.Attempts != 1 {
		t.Errorf("retried mail after sending: %+v", m3)
	}

	// Everything settled: nothing due.
	record(t, s,
		ticketstore.OutboxResult{ID: 2, Sent: true, At: after},
		ticketstore.OutboxResult{ID: 4, Permanent: true, Err: "gave up", At: after},
	)
	if nt, ok := nextDue(t, s); ok {
		t.Errorf("NextOutboxDue with nothing pending = %v", nt)
	}
	if got := due(t, s, after.Add(24*time.Hour)); len(got) != 0 {
		t.Errorf("DueOutbox with nothing pending = %v", got)
	}
}

func TestAutoSentSince(t *testing.T) {
	s, _ := openTemp(t, nil)
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	const a, b = "anna@example.com", "bob@example.com"
	enqueue(t, s,
		ticketstore.OutboxMail{To: []string{a}, Ticket: "T1", Automatic: true, Created: at(0)},
		ticketstore.OutboxMail{To: []string{a}, Ticket: "T1", Automatic: true, Created: at(time.Hour)},
		ticketstore.OutboxMail{To: []string{a}, Ticket: "T2", Automatic: true, Created: at(2 * time.Hour)},
		ticketstore.OutboxMail{To: []string{a}, Ticket: "T1", Automatic: false, Created: at(2 * time.Hour)}, // a technician's answer
		ticketstore.OutboxMail{To: []string{b, a}, Ticket: "T3", Automatic: true, Created: at(3 * time.Hour)},
		ticketstore.OutboxMail{To: []string{a + ".org"}, Ticket: "T1", Automatic: true, Created: at(3 * time.Hour)}, // longer address, same prefix
		ticketstore.OutboxMail{To: []string{"x" + a}, Ticket: "T1", Automatic: true, Created: at(3 * time.Hour)},
	)
	// The settled state of a mail does not matter: the count is of mails enqueued.
	record(t, s, ticketstore.OutboxResult{ID: 1, Permanent: true, Err: "550"})

	for _, tc := range []struct {
		name             string
		addr             string
		since            time.Time
		ticket           string
		toAddr, toTicket int
	}{
		{"all of a, ticket T1", a, at(0), "T1", 4, 2},
		{"since is inclusive", a, at(time.Hour), "T1", 3, 1},
		{"just after", a, at(time.Hour + 1), "T1", 2, 0},
		{"ticket T2", a, at(0), "T2", 4, 1},
		{"ticket T3 (second recipient)", a, at(0), "T3", 4, 1},
		{"no ticket", a, at(0), "", 4, 0},
		{"unknown ticket", a, at(0), "T9", 4, 0},
		{"since in the future", a, at(4 * time.Hour), "T1", 0, 0},
		{"b", b, at(0), "T3", 1, 1},
		{"b, other ticket", b, at(0), "T1", 1, 0},
		{"unknown address", "carl@example.com", at(0), "T1", 0, 0},
		{"address is matched exactly (case)", "Anna@example.com", at(0), "T1", 0, 0},
		{"prefix of an address", "anna@example", at(0), "T1", 0, 0},
		{"longer address", a + ".org", at(0), "T1", 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mustView(t, s, func(tx *ticketstore.Tx) error {
				n, m := tx.AutoSentSince(tc.addr, tc.since, tc.ticket)
				if n != tc.toAddr || m != tc.toTicket {
					t.Errorf("AutoSentSince(%q, t0%+v, %q) = %d, %d; want %d, %d",
						tc.addr, tc.since.Sub(t0), tc.ticket, n, m, tc.toAddr, tc.toTicket)
				}
				return nil
			})
		})
	}
}

func TestSuppressions(t *testing.T) {
	s, _ := openTemp(t, nil)
	in := []ticketstore.Suppression{
		{To: "anna@example.com", Ticket: "T1", Kind: "confirmation", Reason: "flood limit per address", Created: t0},
		{To: "bob@example.com", Kind: "status_change", Reason: "flood limit per ticket", Created: t0.Add(time.Minute)},
	}
	stored := make([]ticketstore.Suppression, len(in))
	for i := range in {
		stored[i] = in[i]
		mustUpdate(t, s, func(tx *ticketstore.Tx) error { return tx.RecordSuppression(&stored[i]) })
		if stored[i].ID != uint64(i+1) {
			t.Errorf("suppression %d: ID %d", i, stored[i].ID)
		}
	}
	var def ticketstore.Suppression
	before := time.Now()
	mustUpdate(t, s, func(tx *ticketstore.Tx) error { return tx.RecordSuppression(&def) })
	if def.ID != 3 || def.Created.Before(before) || def.Created.After(time.Now()) {
		t.Errorf("suppression defaults: %+v", def)
	}
	mustView(t, s, func(tx *ticketstore.Tx) error {
		got, err := tx.Suppressions()
		if err != nil {
			return err
		}
		if len(got) != 3 || !reflect.DeepEqual(got[:2], stored) || got[2].ID != 3 {
			t.Errorf("Suppressions = %+v, want %+v + default", got, stored)
		}
		return nil
	})
}
