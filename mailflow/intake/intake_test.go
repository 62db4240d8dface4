package intake

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
)

func TestBatchesAreHandedOverAndMoved(t *testing.T) {
	s := newServer(t, fullCaps)
	raws := make(map[imap.UID][]byte)
	for i := 1; i <= 5; i++ {
		raws[imap.UID(i)] = mail(i, 500)
		s.append(t, "INBOX", raws[imap.UID(i)])
	}
	rec := &recorder{decide: func(_ int, batch []*Fetched) (map[imap.UID]string, error) {
		dest := make(map[imap.UID]string)
		for _, f := range batch {
			if f.UID%2 == 0 {
				dest[f.UID] = "SetAside"
			} else {
				dest[f.UID] = "Processed"
			}
		}
		return dest, nil
	}}
	cfg := testConfig(t, s)
	cfg.BatchSize = 2
	in := start(t, cfg, rec)

	eventually(t, "INBOX to be emptied", func() bool { return s.count(t, "INBOX") == 0 && len(rec.snapshot()) == 3 })

	want := [][]imap.UID{{1, 2}, {3, 4}, {5}}
	if got := rec.snapshot(); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("Handle batches = %v, want %v", got, want)
	}
	for uid, raw := range raws {
		if got := rec.body(uid); !bytes.Equal(got, raw) {
			t.Errorf("body of uid %d = %d bytes, want the %d appended bytes", uid, len(got), len(raw))
		}
	}
	if got, want := s.count(t, "Processed"), 3; got != want {
		t.Errorf("Processed holds %d mails, want %d", got, want)
	}
	if got, want := s.count(t, "SetAside"), 2; got != want {
		t.Errorf("SetAside holds %d mails, want %d", got, want)
	}
	// BODY.PEEK[] must not set \Seen.
	for _, mbox := range []string{"Processed", "SetAside"} {
		st := s.status(t, mbox)
		if *st.NumUnseen != *st.NumMessages {
			t.Errorf("%s: %d of %d mails unseen, want all unseen", mbox, *st.NumUnseen, *st.NumMessages)
		}
	}
	uv := s.status(t, "INBOX").UIDValidity
	rec.mu.Lock()
	for i, v := range rec.valid {
		if v != uv {
			t.Errorf("Handle call %d got UIDVALIDITY %d, want %d", i, v, uv)
		}
	}
	rec.mu.Unlock()
	eventually(t, "the scan to complete", func() bool { return !in.Status().LastSync.IsZero() })
	if st := in.Status(); !st.Connected || st.UIDValidity != uv {
		t.Errorf("Status() = %+v, want connected with UIDValidity %d", st, uv)
	}
}

func TestNothingIsDeleted(t *testing.T) {
	s := newServer(t, fullCaps)
	for i := 1; i <= 7; i++ {
		s.append(t, "INBOX", mail(i, 300))
	}
	rec := &recorder{}
	cfg := testConfig(t, s)
	cfg.BatchSize = 3
	start(t, cfg, rec)
	eventually(t, "INBOX to be emptied", func() bool { return s.count(t, "INBOX") == 0 })
	total := 0
	for _, m := range []string{"INBOX", "Processed", "SetAside"} {
		total += s.count(t, m)
	}
	if total != 7 {
		t.Errorf("mails in all folders after processing = %d, want 7", total)
	}
}

func TestMailArrivingDuringIdleIsHandedPromptly(t *testing.T) {
	s := newServer(t, fullCaps)
	rec := &recorder{}
	in := start(t, testConfig(t, s), rec) // SafetyPoll and PollInterval are an hour
	eventually(t, "IDLE", func() bool { return in.Status().Idle })

	raw := mail(1, 400)
	s.append(t, "INBOX", raw)
	eventually(t, "the new mail to be handed over", func() bool { return len(rec.snapshot()) == 1 })
	if got := rec.body(1); !bytes.Equal(got, raw) {
		t.Errorf("body of uid 1 = %q, want %q", got, raw)
	}
	eventually(t, "the new mail to be moved", func() bool { return s.count(t, "Processed") == 1 })
}

func TestPollAndPoke(t *testing.T) {
	tests := []struct {
		name         string
		pollInterval time.Duration
		poke         bool
	}{
		{"poll interval elapses", 30 * time.Millisecond, false},
		{"poke wakes the poller", time.Hour, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t, fullCaps)
			rec := &recorder{}
			cfg := testConfig(t, s)
			cfg.UseIdle = false
			cfg.PollInterval = tt.pollInterval
			in := start(t, cfg, rec)
			eventually(t, "first scan", func() bool { return !in.Status().LastSync.IsZero() })
			s.append(t, "INBOX", mail(1, 200))
			if tt.poke {
				in.Poke()
			}
			eventually(t, "the mail to be handed over", func() bool { return len(rec.snapshot()) == 1 })
			if in.Status().Idle {
				t.Errorf("Status().Idle = true with UseIdle false")
			}
		})
	}
}

func TestHandleErrorLeavesMailAndRetries(t *testing.T) {
	s := newServer(t, fullCaps)
	for i := 1; i <= 3; i++ {
		s.append(t, "INBOX", mail(i, 200))
	}
	inboxAtRetry := -1
	rec := &recorder{}
	rec.decide = func(n int, batch []*Fetched) (map[imap.UID]string, error) {
		if n == 0 {
			return map[imap.UID]string{1: "Processed"}, errors.New("disk full")
		}
		inboxAtRetry = s.count(t, "INBOX")
		dest := make(map[imap.UID]string)
		for _, f := range batch {
			dest[f.UID] = "Processed"
		}
		return dest, nil
	}
	in := start(t, testConfig(t, s), rec)
	eventually(t, "INBOX to be emptied", func() bool { return s.count(t, "INBOX") == 0 })

	want := [][]imap.UID{{1, 2, 3}, {1, 2, 3}}
	if got := rec.snapshot(); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("Handle batches = %v, want %v", got, want)
	}
	if inboxAtRetry != 3 {
		t.Errorf("INBOX held %d mails when the batch was retried, want 3 (nothing moved after the error)", inboxAtRetry)
	}
	if got := in.Status().LastError; got == "" {
		t.Errorf("Status().LastError empty after a Handle error")
	}
}

func TestHandlerPanicIsRetried(t *testing.T) {
	s := newServer(t, fullCaps)
	s.append(t, "INBOX", mail(1, 200))
	rec := &recorder{}
	rec.decide = func(n int, _ []*Fetched) (map[imap.UID]string, error) {
		if n == 0 {
			panic("boom")
		}
		return map[imap.UID]string{1: "Processed"}, nil
	}
	start(t, testConfig(t, s), rec)
	eventually(t, "the mail to be moved after the panic", func() bool { return s.count(t, "Processed") == 1 })
}

func TestEmptyFolderLeavesMailInPlace(t *testing.T) {
	s := newServer(t, fullCaps)
	for i := 1; i <= 3; i++ {
		s.append(t, "INBOX", mail(i, 200))
	}
	rec := &recorder{}
	rec.decide = func(_ int, batch []*Fetched) (map[imap.UID]string, error) {
		dest := make(map[imap.UID]string)
		for _, f := range batch {
			if f.UID != 2 {
				dest[f.UID] = "Processed"
			} else {
				dest[f.UID] = ""
			}
		}
		return dest, nil
	}
	in := start(t, testConfig(t, s), rec)
	eventually(t, "two mails moved", func() bool { return s.count(t, "Processed") == 2 })
	if got := s.count(t, "INBOX"); got != 1 {
		t.Errorf("INBOX holds %d mails, want 1 (uid 2 left in place)", got)
	}

	// A later scan hands over only new mail, not the one left in place.
	s.append(t, "INBOX", mail(4, 200))
	in.Poke()
	eventually(t, "second Handle call", func() bool { return len(rec.snapshot()) == 2 })
	if got, want := rec.snapshot()[1], []imap.UID{4}; !slices.Equal(got, want) {
		t.Errorf("second batch = %v, want %v", got, want)
	}
}

func TestRunReturnsNilWhenCancelledBeforeConnecting(t *testing.T) {
	in := New(Config{Address: "127.0.0.1:1", Security: SecurityNone, MinBackoff: time.Hour}, &recorder{}, zerologNop())
	ctx, cancel := context.WithCancel(context.Background())
	res := make(chan error, 1)
	go func() { res <- in.Run(ctx) }()
	eventually(t, "a connection error", func() bool { return in.Status().LastError != "" })
	cancel()
	select {
	case err := <-res:
		if err != nil {
			t.Errorf("Run = %v, want nil", err)
		}
	case <-time.After(deadline):
		t.Fatal("Run did not return after cancel")
	}
}

func TestSafetyPollRescansWhileIdling(t *testing.T) {
	s := newServer(t, fullCaps)
	cfg := testConfig(t, s)
	cfg.SafetyPoll = 20 * time.Millisecond
	in := start(t, cfg, &recorder{})
	eventually(t, "first scan", func() bool { return !in.Status().LastSync.IsZero() })
	first := in.Status().LastSync
	eventually(t, "a rescan without new mail", func() bool { return in.Status().LastSync.After(first) })
}

func TestShutdownWhileIdleLogsOut(t *testing.T) {
	s := newServer(t, fullCaps)
	in := New(testConfig(t, s), &recorder{}, zerologNop())
	ctx, cancel := context.WithCancel(context.Background())
	res := make(chan error, 1)
	go func() { res <- in.Run(ctx) }()
	eventually(t, "IDLE", func() bool { return in.Status().Idle })
	startAt := time.Now()
	cancel()
	select {
	case err := <-res:
		if err != nil {
			t.Errorf("Run = %v, want nil", err)
		}
		if d := time.Since(startAt); d > time.Second {
			t.Errorf("shutdown took %v, want well under a second (clean IDLE stop and LOGOUT)", d)
		}
	case <-time.After(deadline):
		t.Fatal("Run did not return after cancel")
	}
	if st := in.Status(); st.Connected || st.Idle {
		t.Errorf("Status() after shutdown = %+v, want not connected, not idle", st)
	}
	traffic := s.traffic.String()
	for _, want := range []string{"IDLE\r\n", "DONE\r\n", "LOGOUT\r\n"} {
		if !strings.Contains(traffic, want) {
			t.Errorf("server never saw %q during shutdown", want)
		}
	}
}
