package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"helpdesk/config"
	"helpdesk/daemon"
	"helpdesk/ticketstore"
)

// fillSentMail writes n sent mails of 4 KiB into the desk of cfgPath, sent 40 days ago, and
// runs the keep_sent sweep on them: the store keeps its size, with free pages where the text
// was.
func fillSentMail(t *testing.T, cfgPath string, n int) {
	t.Helper()
	cfg, err := config.Load(cfgPath)
	var ps config.Problems
	if err != nil && !errors.As(err, &ps) {
		t.Fatal(err)
	}
	d, err := daemon.Open(cfg, zerolog.Nop(), daemon.Existing, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	// The test runs the demo on this store later, which takes only a store it wrote.
	if err := d.Store.SetOrigin(ticketstore.OriginDemo); err != nil {
		t.Fatal(err)
	}
	sent := time.Now().Add(-40 * 24 * time.Hour)
	err = d.Store.Update(func(tx *ticketstore.Tx) error {
		for range n {
			m := &ticketstore.OutboxMail{Kind: "confirmation", To: []string{"kunde@example.com"}, Subject: "Ihre Anfrage",
				Raw: []byte("Subject: Ihre Anfrage\r\n\r\n" + strings.Repeat("Text ", 800)), Created: sent}
			if err := tx.Enqueue(m); err != nil {
				return err
			}
			if err := tx.RecordOutbox(ticketstore.OutboxResult{ID: m.ID, Sent: true, At: sent}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n2, err := d.SweepSent(context.Background()); err != nil || n2 != n {
		t.Fatalf("SweepSent = %d, %v; want %d", n2, err, n)
	}
}

// A sent mail whose text keep_sent removed is shown with a word about it, and is not sent
// again; compact shrinks the store offline and refuses while the daemon runs, when
// --output writes a compacted copy instead.
func TestCompactAndRemovedText(t *testing.T) {
	cfg := dirTestConfig(t)
	dataDir := filepath.Join(filepath.Dir(cfg), "data")
	ok(t, cfg, "directory", "import", exampleDirectory)
	fillSentMail(t, cfg, 300)

	if out := ok(t, cfg, "outbox", "show", "1"); !strings.Contains(out, "was removed on") || strings.Contains(out, "Text Text") {
		t.Errorf("outbox show of a mail without its text:\n%s", out)
	}
	var m daemon.OutboxDetail
	okJSON(t, cfg, &m, "outbox", "show", "1")
	if m.BodyRemoved.IsZero() || m.Raw != "" || m.State != "sent" {
		t.Errorf("outbox show --json = %+v, want sent, body_removed set, no raw", m)
	}
	if errOut := fails(t, cfg, 1, "outbox", "retry", "1"); !strings.Contains(errOut, "keep_sent") {
		t.Errorf("outbox retry of a mail without its text: %q, want the keep_sent reason", errOut)
	}

	store := filepath.Join(dataDir, daemon.StoreFile)
	before := fileSizeOf(t, store)
	out := ok(t, cfg, "compact")
	if !strings.Contains(out, "before") || !strings.Contains(out, "after") {
		t.Errorf("compact printed %q, want the sizes before and after", out)
	}
	if after := fileSizeOf(t, store); after >= before*2/3 {
		t.Errorf("store %d bytes after compact, %d before: want much smaller", after, before)
	}
	if left, _ := filepath.Glob(store + ".*"); len(left) != 0 {
		t.Errorf("compact left %v", left)
	}
	if out := ok(t, cfg, "outbox", "show", "300"); !strings.Contains(out, "was removed on") {
		t.Errorf("outbox show after compact:\n%s", out)
	}

	runningDesk(t, cfg)
	if errOut := fails(t, cfg, 1, "compact"); !strings.Contains(errOut, "the daemon runs") {
		t.Errorf("compact while the daemon runs: %q, want a refusal naming the daemon", errOut)
	}
	copyFile := filepath.Join(t.TempDir(), "compact.db")
	if out := ok(t, cfg, "compact", "--output", copyFile); !strings.Contains(out, "compacted") {
		t.Errorf("compact --output printed %q", out)
	}
	backupFile := filepath.Join(t.TempDir(), "backup.db")
	ok(t, cfg, "backup", "--compact", backupFile)
	for _, f := range []string{copyFile, backupFile} {
		s, err := ticketstore.Open(f, &ticketstore.Options{ReadOnly: true})
		if err != nil {
			t.Fatalf("open the compacted copy %s: %v", f, err)
		}
		err = s.View(func(tx *ticketstore.Tx) error { return tx.Check() })
		s.Close()
		if err != nil {
			t.Errorf("compacted copy %s: %v", f, err)
		}
	}
}

func fileSizeOf(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
