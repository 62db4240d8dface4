package mailflow

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"helpdesk/internal/relaytest"
	"helpdesk/mailflow/outbox"
	"helpdesk/mailflow/sentlog"
	"helpdesk/ticketstore"
)

// TestQueueNotesUndeliveredMailOnTicket delivers through Queue on a real store to a relay that
// rejects some recipients or the content, and checks that every mail that missed a recipient
// for good is recorded so (failed, or sent with the error) and noted on its ticket, naming the
// recipient and the error, while delivered mail leaves no note.
func TestQueueNotesUndeliveredMailOnTicket(t *testing.T) {
	tests := []struct {
		name      string
		to        []string
		rcpt550   []string // recipients the relay refuses
		data554   bool     // the relay refuses the content
		state     ticketstore.OutboxState
		noteNames []string // recipients the ticket note must name; nil: no note
		noteHas   string
	}{
		{name: "delivered", to: []string{"anna@kunde.test"}, state: ticketstore.OutboxSent},
		{name: "one of two recipients refused: partial", to: []string{"anna@kunde.test", "weg@kunde.test"},
			rcpt550: []string{"weg@kunde.test"}, state: ticketstore.OutboxSent,
			noteNames: []string{"weg@kunde.test"}, noteHas: "550"},
		{name: "every recipient refused", to: []string{"anna@kunde.test", "weg@kunde.test"},
			rcpt550: []string{"anna@kunde.test", "weg@kunde.test"}, state: ticketstore.OutboxFailed,
			noteNames: []string{"anna@kunde.test", "weg@kunde.test"}, noteHas: "550"},
		{name: "content refused", to: []string{"anna@kunde.test"}, data554: true, state: ticketstore.OutboxFailed,
			noteNames: []string{"anna@kunde.test"}, noteHas: "554"},
	}
	for _, tc := range tests {
		for _, withLog := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/sentlog=%v", tc.name, withLog), func(t *testing.T) {
				relay, err := relaytest.StartWith("127.0.0.1:0", relaytest.Options{Fault: func(ev relaytest.Event) relaytest.Reply {
					switch {
					case ev.Stage == relaytest.StageRcpt && slices.Contains(tc.rcpt550, ev.To):
						return relaytest.Reply{Code: 550, Message: "no such mailbox " + ev.To}
					case ev.Stage == relaytest.StageData && tc.data554:
						return relaytest.Reply{Code: 554, Message: "content rejected"}
					}
					return relaytest.Reply{}
				}})
				if err != nil {
					t.Fatal(err)
				}
				defer relay.Close()
				st, err := ticketstore.Open(filepath.Join(t.TempDir(), "q.db"), nil)
				if err != nil {
					t.Fatal(err)
				}
				defer st.Close()

				var number string
				var id uint64
				err = st.Update(func(tx *ticketstore.Tx) error {
					tk := &ticketstore.Ticket{Subject: "Drucker", Requester: tc.to[0]}
					if err := tx.CreateTicket(tk, ticketstore.NumberYear); err != nil {
						return err
					}
					number = tk.Number
					m := &ticketstore.OutboxMail{Ticket: number, Kind: "status_change", From: "support@desk.test", To: tc.to,
						Raw: []byte("Message-ID: <q@desk.test>\r\nSubject: Status\r\n\r\nneu\r\n")}
					if err := tx.Enqueue(m); err != nil {
						return err
					}
					id = m.ID
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}

				q := Queue{Store: st}
				if withLog {
					if q.Sent, err = sentlog.Open(filepath.Join(t.TempDir(), "sent.log")); err != nil {
						t.Fatal(err)
					}
					defer q.Sent.Close()
				}
				s := outbox.New(outbox.Config{Address: relay.Addr(), Security: outbox.SecurityNone, Timeout: 5 * time.Second},
					q, zerolog.Nop())
				ctx, cancel := context.WithCancel(context.Background())
				done := make(chan error, 1)
				go func() { done <- s.Run(ctx) }()
				var m *ticketstore.OutboxMail
				for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
					if err := q.Fold(); err != nil {
						t.Fatal(err)
					}
					if err := st.View(func(tx *ticketstore.Tx) (err error) { m, err = tx.OutboxMail(id); return err }); err != nil {
						t.Fatal(err)
					}
					if m.State != ticketstore.OutboxPending || time.Now().After(deadline) {
						break
					}
				}
				cancel()
				if err := <-done; err != nil {
					t.Fatalf("Run = %v", err)
				}
				if m.State != tc.state || m.Attempts != 1 {
					t.Fatalf("outbox mail %s after %d attempts (%q), want %s after 1", m.State, m.Attempts, m.LastError, tc.state)
				}

				var notes []ticketstore.Comment
				err = st.View(func(tx *ticketstore.Tx) error {
					cs, err := tx.Comments(number)
					for _, c := range cs {
						if c.Kind == ticketstore.KindSystem && c.Author == "helpdesk" {
							notes = append(notes, c)
						}
					}
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				if tc.noteNames == nil {
					if len(notes) != 0 {
						t.Errorf("notes %+v, want none for a delivered mail", notes)
					}
					return
				}
				if len(notes) != 1 {
					t.Fatalf("notes %+v, want one system note by helpdesk", notes)
				}
				body := notes[0].Body
				t.Logf("note on %s: %s", number, body)
				for _, want := range append(tc.noteNames, tc.noteHas, fmt.Sprintf("outbox mail %d", id)) {
					if !strings.Contains(body, want) {
						t.Errorf("note %q does not name %q", body, want)
					}
				}
				for _, addr := range tc.to {
					if !slices.Contains(tc.noteNames, addr) && strings.Contains(body, "to "+addr) {
						t.Errorf("note %q names %s, which got the mail", body, addr)
					}
				}
			})
		}
	}
}

// TestQueueSentLog checks the sent log's part of Queue on a real store: plain "sent" results
// go to the log and not the store, mails in the log are not due, any other result folds the
// log into the store in its own transaction, and NextDue and FoldEvery fold too.
func TestQueueSentLog(t *testing.T) {
	st, err := ticketstore.Open(filepath.Join(t.TempDir(), "q.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	logPath := filepath.Join(t.TempDir(), "sent.log")
	l, err := sentlog.Open(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { l.Close() }()
	q := Queue{Store: st, Sent: l}

	n := FoldEvery + 4
	err = st.Update(func(tx *ticketstore.Tx) error {
		for i := range n {
			m := &ticketstore.OutboxMail{Kind: "confirmation", From: "support@desk.test", To: []string{"anna@kunde.test"},
				Raw: []byte(fmt.Sprintf("Message-ID: <q%d@desk.test>\r\n\r\nx\r\n", i))}
			if err := tx.Enqueue(m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().Add(time.Second)
	state := func(id uint64) ticketstore.OutboxState {
		t.Helper()
		var m *ticketstore.OutboxMail
		if err := st.View(func(tx *ticketstore.Tx) (err error) { m, err = tx.OutboxMail(id); return err }); err != nil {
			t.Fatal(err)
		}
		return m.State
	}
	dueIDs := func() []uint64 {
		t.Helper()
		ms, err := q.Due(now, n)
		if err != nil {
			t.Fatal(err)
		}
		var ids []uint64
		for _, m := range ms {
			ids = append(ids, m.ID)
		}
		return ids
	}
	sent := func(id uint64) outbox.Result { return outbox.Result{ID: id, Sent: true, At: now} }

	if err := q.Record([]outbox.Result{sent(1), sent(2)}); err != nil {
		t.Fatal(err)
	}
	if state(1) != ticketstore.OutboxPending || q.Sent.Len() != 2 {
		t.Fatalf("after plain sent: store %s, %d unfolded; want pending in the store and 2 in the log", state(1), q.Sent.Len())
	}
	if ids := dueIDs(); slices.Contains(ids, 1) || slices.Contains(ids, 2) || len(ids) != n-2 {
		t.Fatalf("Due = %d mails (%v...), want %d without 1 and 2", len(ids), ids[:min(3, len(ids))], n-2)
	}
	// A reopened log (a crash) still holds them.
	l.Close()
	if l, err = sentlog.Open(logPath); err != nil {
		t.Fatal(err)
	}
	q.Sent = l
	if q.Sent.Len() != 2 {
		t.Fatalf("after reopen: %d unfolded, want 2", q.Sent.Len())
	}

	// A temporary failure is recorded in the store at once, with the log folded alongside.
	fail := outbox.Result{ID: 3, Err: "451 try later", NextAttempt: now.Add(time.Hour), At: now}
	if err := q.Record([]outbox.Result{fail}); err != nil {
		t.Fatal(err)
	}
	if state(1) != ticketstore.OutboxSent || state(2) != ticketstore.OutboxSent || q.Sent.Len() != 0 {
		t.Fatalf("after a failure result: 1 %s, 2 %s, %d unfolded; want both sent and none unfolded", state(1), state(2), q.Sent.Len())
	}
	if ids := dueIDs(); slices.Contains(ids, 3) {
		t.Fatalf("Due has 3, which waits an hour")
	}

	// NextDue (the sender has nothing to hand out) folds.
	if err := q.Record([]outbox.Result{sent(4)}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := q.NextDue(); err != nil {
		t.Fatal(err)
	}
	if state(4) != ticketstore.OutboxSent || q.Sent.Len() != 0 {
		t.Fatalf("after NextDue: 4 %s, %d unfolded; want sent, 0", state(4), q.Sent.Len())
	}

	// FoldEvery results fold while busy.
	for id := uint64(5); id < uint64(5+FoldEvery); id++ {
		if err := q.Record([]outbox.Result{sent(id)}); err != nil {
			t.Fatal(err)
		}
	}
	if q.Sent.Len() != 0 || state(uint64(4+FoldEvery)) != ticketstore.OutboxSent {
		t.Fatalf("after %d results: %d unfolded, last %s; want folded", FoldEvery, q.Sent.Len(), state(uint64(4+FoldEvery)))
	}
	var c ticketstore.Counts
	if err := st.View(func(tx *ticketstore.Tx) (err error) { c, err = tx.Counts(); return err }); err != nil {
		t.Fatal(err)
	}
	if got, want := c.Outbox[ticketstore.OutboxSent], FoldEvery+3; got != want {
		t.Errorf("sent counter = %d, want %d", got, want)
	}
}
