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
		t.Run(tc.name, func(t *testing.T) {
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

			s := outbox.New(outbox.Config{Address: relay.Addr(), Security: outbox.SecurityNone, Timeout: 5 * time.Second},
				Queue{Store: st}, zerolog.Nop())
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- s.Run(ctx) }()
			var m *ticketstore.OutboxMail
			for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
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
