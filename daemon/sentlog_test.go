package daemon

import (
	"context"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"helpdesk/mailflow/sentlog"
	"helpdesk/ticketstore"
)

// A crash leaves sent mails in the sent log that the store has as pending: the next Open for
// writing folds them; and status, like outbox list and backup, folds before it reads.
func TestOpenFoldsTheSentLog(t *testing.T) {
	d := openTestDesk(t)
	var ids []uint64
	err := d.Store.Update(func(tx *ticketstore.Tx) error {
		for range 3 {
			m := &ticketstore.OutboxMail{Kind: "confirmation", To: []string{"kunde@example.com"}, Subject: "s",
				Raw: []byte("Subject: s\r\n\r\ntext\r\n")}
			if err := tx.Enqueue(m); err != nil {
				return err
			}
			ids = append(ids, m.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	if err := d.sent.Append([]sentlog.Entry{{ID: ids[0], At: at}, {ID: ids[2], At: at}}); err != nil {
		t.Fatal(err)
	}
	cfg := d.Config
	d.Close() // as a crash would: the log is not folded

	d2, err := Open(cfg, zerolog.Nop(), Existing, 0)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer d2.Close()
	if n := d2.sent.Len(); n != 0 {
		t.Fatalf("after Open the log holds %d entries, want 0 (folded)", n)
	}
	states := func(want ...ticketstore.OutboxState) {
		t.Helper()
		err := d2.Store.View(func(tx *ticketstore.Tx) error {
			for i, id := range ids {
				m, err := tx.OutboxMail(id)
				if err != nil {
					return err
				}
				if m.State != want[i] || (want[i] == ticketstore.OutboxSent && !m.Sent.Equal(at)) {
					t.Errorf("outbox %d: %s sent %v, want %s (at %v)", id, m.State, m.Sent, want[i], at)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	sent, pending := ticketstore.OutboxSent, ticketstore.OutboxPending
	states(sent, pending, sent)

	if err := d2.sent.Append([]sentlog.Entry{{ID: ids[1], At: at}}); err != nil {
		t.Fatal(err)
	}
	st, err := d2.status(context.Background(), None{})
	if err != nil {
		t.Fatal(err)
	}
	if st.OutboxPending != 0 || d2.sent.Len() != 0 {
		t.Errorf("status with the last pending mail in the sent log: %d pending, %d left in the log; want 0, 0", st.OutboxPending, d2.sent.Len())
	}
	states(sent, sent, sent)
}
