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
// writing folds them, so status, outbox list and a backup show them as sent; until then the
// status already leaves them out of pending.
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
	st, err := d.status(context.Background(), None{})
	if err != nil {
		t.Fatal(err)
	}
	if st.OutboxPending != 1 {
		t.Errorf("status with 2 of 3 in the sent log: %d pending, want 1", st.OutboxPending)
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
	err = d2.Store.View(func(tx *ticketstore.Tx) error {
		for i, want := range []ticketstore.OutboxState{ticketstore.OutboxSent, ticketstore.OutboxPending, ticketstore.OutboxSent} {
			m, err := tx.OutboxMail(ids[i])
			if err != nil {
				return err
			}
			if m.State != want || (want == ticketstore.OutboxSent && !m.Sent.Equal(at)) {
				t.Errorf("outbox %d: %s sent %v, want %s (at %v)", ids[i], m.State, m.Sent, want, at)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
