package daemon

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"helpdesk/config"
	"helpdesk/ticketstore"
)

// openTestDesk opens a desk on a new data_dir.
func openTestDesk(t *testing.T) *Desk {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Support.Address = "support@example.test"
	d, err := Open(cfg, zerolog.Nop(), Create, 0)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// With a fake clock: the sweep drops the text of mail sent longer than keep_sent ago, in
// chunks, keeps newer sent mail, never touches pending or failed mail, and a mail without its
// text is shown, not refused, while sending it again is refused with the reason.
func TestSweepSentWithFakeClock(t *testing.T) {
	d := openTestDesk(t)
	d.Config.Outbox.KeepSent = config.Duration(30 * 24 * time.Hour)
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	d.Now = func() time.Time { return now }
	day := 24 * time.Hour
	const oldSent = 2*sweepChunk + 50 // crosses chunks
	var old, recent, failed, pending []uint64
	err := d.Store.Update(func(tx *ticketstore.Tx) error {
		add := func(sent time.Time, res ticketstore.OutboxResult) (uint64, error) {
			m := &ticketstore.OutboxMail{Kind: "confirmation", To: []string{"kunde@example.com"}, Subject: "s",
				Raw: []byte("Subject: s\r\n\r\ntext\r\n"), Created: sent.Add(-time.Minute)}
			if err := tx.Enqueue(m); err != nil {
				return 0, err
			}
			res.ID, res.At = m.ID, sent
			return m.ID, tx.RecordOutbox(res)
		}
		for i := range oldSent {
			id, err := add(now.Add(-31*day-time.Duration(i)*time.Minute), ticketstore.OutboxResult{Sent: true})
			if err != nil {
				return err
			}
			old = append(old, id)
		}
		for _, ago := range []time.Duration{29 * day, day} {
			id, err := add(now.Add(-ago), ticketstore.OutboxResult{Sent: true})
			if err != nil {
				return err
			}
			recent = append(recent, id)
		}
		id, err := add(now.Add(-90*day), ticketstore.OutboxResult{Permanent: true, Err: "550 no such user"})
		failed = append(failed, id)
		if err != nil {
			return err
		}
		id, err = add(now.Add(-90*day), ticketstore.OutboxResult{Err: "451 later", NextAttempt: now.Add(time.Hour)})
		pending = append(pending, id)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if n, err := d.SweepSent(ctx); err != nil || n != oldSent {
		t.Fatalf("SweepSent = %d, %v; want %d", n, err, oldSent)
	}
	show := func(id uint64) OutboxDetail {
		t.Helper()
		m, err := d.outboxShow(ctx, IDArgs{ID: id})
		if err != nil {
			t.Fatalf("outbox show %d: %v", id, err)
		}
		return m
	}
	for _, id := range old {
		if m := show(id); m.Raw != "" || !m.BodyRemoved.Equal(now) || m.State != "sent" {
			t.Fatalf("old sent mail %d: raw %q, removed %v, state %s; want no text, removed now, sent", id, m.Raw, m.BodyRemoved, m.State)
		}
	}
	for _, id := range append(append(recent, failed...), pending...) {
		if m := show(id); m.Raw == "" || !m.BodyRemoved.IsZero() {
			t.Errorf("mail %d (%s): text removed, want kept", id, m.State)
		}
	}
	if _, err := d.outboxRetry(ctx, IDArgs{ID: old[0]}); !errors.Is(err, ticketstore.ErrBodyRemoved) || !strings.Contains(err.Error(), "keep_sent") {
		t.Errorf("retry of a mail without text = %v, want the keep_sent refusal", err)
	}
	if n, err := d.SweepSent(ctx); err != nil || n != 0 {
		t.Errorf("second sweep = %d, %v; want 0", n, err)
	}
	now = now.Add(2 * day) // the one sent 29 days ago is now past keep_sent
	if n, err := d.SweepSent(ctx); err != nil || n != 1 {
		t.Errorf("sweep two days later = %d, %v; want 1", n, err)
	}
	if m := show(recent[1]); m.Raw == "" {
		t.Errorf("mail sent a day before is gone after two more days, want kept")
	}
	d.Config.Outbox.KeepSent = 0 // keep for ever
	now = now.Add(365 * day)
	if n, err := d.SweepSent(ctx); err != nil || n != 0 {
		t.Errorf("sweep with keep_sent 0 = %d, %v; want 0", n, err)
	}
	if err := d.Store.View(func(tx *ticketstore.Tx) error { return tx.Check() }); err != nil {
		t.Error(err)
	}
}
