package outbox

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/rs/zerolog"
)

func smtpErr(code int, msg string) error {
	return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 0, 0}, Message: msg}
}

// TestDeliverRecordsEachMail: on one connection every result is committed before the next mail
// starts, so each Record call holds one result, whatever the batch size of Due.
func TestDeliverRecordsEachMail(t *testing.T) {
	be := &backend{}
	addr := startServer(t, be, serverMode{}, "")
	var mails []Mail
	for i := range 5 {
		mails = append(mails, testMail(uint64(i+1), "a@example.org", "b@example.org"))
	}
	mails[4].From = "" // null sender
	q := newFakeQueue(mails...)
	s := newSender(t, Config{Address: addr, Security: SecurityNone, BatchSize: 2}, q, time.Time{})
	runSender(t, s)
	waitFor(t, "5 results", func() bool { return len(resultsOf(q.records())) == 5 })

	calls := q.records()
	var sizes []int
	for _, c := range calls {
		sizes = append(sizes, len(c))
	}
	if want := []int{1, 1, 1, 1, 1}; !slices.Equal(sizes, want) {
		t.Errorf("Record call sizes = %v, want %v", sizes, want)
	}
	for _, r := range resultsOf(calls) {
		if !r.Sent || r.Permanent || r.Err != "" || r.At.IsZero() {
			t.Errorf("result %+v, want Sent with no error and At set", r)
		}
	}
	got := be.received()
	if len(got) != 5 {
		t.Fatalf("server received %d mails, want 5", len(got))
	}
	for i, m := range got {
		if !bytes.Equal(m.Data, []byte(testRaw)) {
			t.Errorf("mail %d data = %q, want %q", i, m.Data, testRaw)
		}
		if want := []string{"a@example.org", "b@example.org"}; !slices.Equal(m.To, want) {
			t.Errorf("mail %d RCPT = %v, want %v", i, m.To, want)
		}
		if want := mails[i].From; m.From != want {
			t.Errorf("mail %d MAIL FROM = %q, want %q", i, m.From, want)
		}
	}
	if n := be.sessionCount(); n != 1 {
		t.Errorf("server saw %d connections, want 1 (reused)", n)
	}
}

// runOne delivers one mail against be with a fixed clock and returns its single result.
func runOne(t *testing.T, be *backend, m Mail, now time.Time) Result {
	t.Helper()
	addr := startServer(t, be, serverMode{}, "")
	q := newFakeQueue(m)
	s := newSender(t, Config{Address: addr, Security: SecurityNone}, q, now)
	stop := runSender(t, s)
	waitFor(t, "a result", func() bool { return len(q.records()) > 0 })
	stop()
	calls := q.records()
	if len(calls) != 1 || len(calls[0]) != 1 {
		t.Fatalf("Record calls = %+v, want one call with one result", calls)
	}
	return calls[0][0]
}

func TestFailures(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	reject := func(code int, addrs ...string) func(string) error {
		return func(to string) error {
			if slices.Contains(addrs, to) {
				return smtpErr(code, "nope "+to)
			}
			return nil
		}
	}
	tests := []struct {
		name      string
		be        *backend
		to        []string
		attempts  int
		created   time.Time // zero: now
		sent      bool
		permanent bool
		deferred  bool // not an attempt: the session or the relay, not the mail
		errHas    []string
		delivered []string // RCPTs of the one mail that arrived; nil: nothing arrived
		next      time.Duration
	}{
		{name: "rcpt 451", be: &backend{rcptErr: reject(451, "a@x.org")}, to: []string{"a@x.org"},
			errHas: []string{"451", "a@x.org"}, next: Backoff(1)},
		{name: "rcpt 451 third attempt", be: &backend{rcptErr: reject(451, "a@x.org")}, to: []string{"a@x.org"},
			attempts: 2, errHas: []string{"451"}, next: Backoff(3)},
		{name: "rcpt 550", be: &backend{rcptErr: reject(550, "a@x.org")}, to: []string{"a@x.org"},
			permanent: true, errHas: []string{"550", "all recipients rejected"}},
		{name: "mail from 550 pauses, fails nothing", be: &backend{mailErr: func(string) error { return smtpErr(550, "sender refused") }},
			deferred: true, errHas: []string{"550", "sender refused"}, next: Backoff(1)},
		{name: "mail from 550 at the give-up age", be: &backend{mailErr: func(string) error { return smtpErr(550, "sender refused") }},
			created: now.Add(-DefaultGiveUpAfter), permanent: true, errHas: []string{"giving up after 72h", "550"}},
		{name: "mail from 552 is the mail's size", be: &backend{mailErr: func(string) error { return smtpErr(552, "too big") }},
			permanent: true, errHas: []string{"552"}},
		{name: "mail from 451", be: &backend{mailErr: func(string) error { return smtpErr(451, "local error") }},
			errHas: []string{"451"}, next: Backoff(1)},
		{name: "mail from 421", be: &backend{mailErr: func(string) error { return smtpErr(421, "busy") }},
			deferred: true, errHas: []string{"421"}, next: Backoff(1)},
		{name: "mail from 503", be: &backend{mailErr: func(string) error { return smtpErr(503, "Duplicate HELO/EHLO") }},
			deferred: true, errHas: []string{"503"}, next: Backoff(1)},
		{name: "mail from 530 auth required", be: &backend{mailErr: func(string) error { return smtpErr(530, "authenticate first") }},
			attempts: DefaultMaxAttempts - 1, deferred: true, errHas: []string{"530"}, next: Backoff(1)},
		{name: "rcpt 421", be: &backend{rcptErr: reject(421, "a@x.org")}, to: []string{"a@x.org"},
			deferred: true, errHas: []string{"421", "a@x.org"}, next: Backoff(1)},
		{name: "rcpt 503 after MAIL was accepted: this mail only", be: &backend{rcptErr: reject(503, "a@x.org")}, to: []string{"a@x.org"},
			attempts: 3, deferred: true, errHas: []string{"503"}, next: Backoff(1)},
		{name: "data 503 on the final attempt is no attempt", be: &backend{dataErr: func(int) error { return smtpErr(503, "bad sequence") }},
			attempts: DefaultMaxAttempts - 1, deferred: true, errHas: []string{"503"}, next: Backoff(1)},
		{name: "data 554", be: &backend{dataErr: func(int) error { return smtpErr(554, "spam") }},
			permanent: true, errHas: []string{"554", "data"}},
		{name: "data 452", be: &backend{dataErr: func(int) error { return smtpErr(452, "full") }},
			errHas: []string{"452"}, next: Backoff(1)},
		{name: "mixed rcpt: partial delivery", be: &backend{rcptErr: reject(550, "bad@x.org")},
			to: []string{"ok1@x.org", "bad@x.org", "ok2@x.org"}, sent: true,
			errHas: []string{"partial", "bad@x.org", "550"}, delivered: []string{"ok1@x.org", "ok2@x.org"}},
		{name: "all rcpt 550", be: &backend{rcptErr: reject(550, "a@x.org", "b@x.org")},
			to: []string{"a@x.org", "b@x.org"}, permanent: true, errHas: []string{"a@x.org", "b@x.org"}},
		{name: "rcpt 451 + 550, none accepted", be: &backend{rcptErr: func(to string) error {
			return map[string]error{"a@x.org": smtpErr(451, "later"), "b@x.org": smtpErr(550, "never")}[to]
		}}, to: []string{"a@x.org", "b@x.org"}, errHas: []string{"451", "550"}, next: Backoff(1)},
		{name: "rcpt 451 + accepted: whole mail waits", be: &backend{rcptErr: reject(451, "later@x.org")},
			to: []string{"ok@x.org", "later@x.org"}, errHas: []string{"later@x.org", "451"}, next: Backoff(1)},
		{name: "rcpt 451 + accepted on final attempt: partial", be: &backend{rcptErr: reject(451, "later@x.org")},
			to: []string{"ok@x.org", "later@x.org"}, attempts: DefaultMaxAttempts - 1, sent: true,
			errHas: []string{"partial", "later@x.org"}, delivered: []string{"ok@x.org"}},
		{name: "max attempts", be: &backend{rcptErr: reject(451, "a@x.org")}, to: []string{"a@x.org"},
			attempts: DefaultMaxAttempts - 1, permanent: true, errHas: []string{"giving up after 12 attempts", "451"}},
		{name: "one before max attempts", be: &backend{rcptErr: reject(451, "a@x.org")}, to: []string{"a@x.org"},
			attempts: DefaultMaxAttempts - 2, errHas: []string{"451"}, next: Backoff(DefaultMaxAttempts - 1)},
		{name: "give up after 72h", be: &backend{rcptErr: reject(451, "a@x.org")}, to: []string{"a@x.org"},
			created: now.Add(-DefaultGiveUpAfter), permanent: true, errHas: []string{"giving up", "451"}},
		{name: "retry clamped to give-up deadline", be: &backend{rcptErr: reject(451, "a@x.org")}, to: []string{"a@x.org"},
			created: now.Add(-DefaultGiveUpAfter + 10*time.Second), errHas: []string{"451"}, next: 10 * time.Second},
		{name: "CR LF in recipient", to: []string{"a@x.org\r\nRCPT TO:<b@x.org>"}, permanent: true,
			errHas: []string{"invalid recipient"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := testMail(1, tc.to...)
			m.Attempts = tc.attempts
			m.Created = tc.created
			if m.Created.IsZero() {
				m.Created = now
			}
			be := tc.be
			if be == nil {
				be = &backend{}
			}
			r := runOne(t, be, m, now)
			if r.ID != 1 || r.Sent != tc.sent || r.Permanent != tc.permanent || r.Deferred != tc.deferred {
				t.Errorf("result = %+v, want Sent=%v Permanent=%v Deferred=%v", r, tc.sent, tc.permanent, tc.deferred)
			}
			if tc.permanent && !slices.Equal(r.Rejected, m.To) {
				t.Errorf("Rejected = %v, want every recipient %v", r.Rejected, m.To)
			}
			for _, s := range tc.errHas {
				if !strings.Contains(r.Err, s) {
					t.Errorf("Err = %q, want it to contain %q", r.Err, s)
				}
			}
			if !r.At.Equal(now) {
				t.Errorf("At = %v, want %v", r.At, now)
			}
			switch {
			case tc.sent || tc.permanent:
				if !r.NextAttempt.IsZero() {
					t.Errorf("NextAttempt = %v, want zero", r.NextAttempt)
				}
			case tc.next > 0:
				lo, hi := now.Add(tc.next), now.Add(tc.next+tc.next/10)
				if r.NextAttempt.Before(lo) || r.NextAttempt.After(hi) {
					t.Errorf("NextAttempt = now+%v, want now+[%v, %v]", r.NextAttempt.Sub(now), tc.next, tc.next+tc.next/10)
				}
				if deadline := m.Created.Add(DefaultGiveUpAfter); r.NextAttempt.After(deadline) {
					t.Errorf("NextAttempt %v after give-up deadline %v", r.NextAttempt, deadline)
				}
			}
			got := be.received()
			switch {
			case tc.delivered == nil && len(got) != 0:
				t.Errorf("server received %+v, want nothing", got)
			case tc.delivered != nil && (len(got) != 1 || !slices.Equal(got[0].To, tc.delivered)):
				t.Errorf("server received %+v, want one mail to %v", got, tc.delivered)
			}
		})
	}
}

func TestConnectionReuse(t *testing.T) {
	tests := []struct {
		name       string
		be         *backend
		maxPerConn int
		mails      int
		sent       int
		sessions   int
	}{
		{name: "one connection for all", mails: 6, sent: 6, sessions: 1},
		{name: "reconnect after maxPerConn", maxPerConn: 2, mails: 5, sent: 5, sessions: 3},
		{name: "rejected rcpt ends the connection: no RSET, so no second EHLO", mails: 3, sent: 2, sessions: 2,
			be: &backend{rcptErr: func(to string) error {
				if to == "bad@x.org" {
					return smtpErr(550, "unknown")
				}
				return nil
			}}},
		{name: "a reply to the final dot leaves no transaction open", mails: 3, sent: 2, sessions: 1,
			be: &backend{dataErr: func(n int) error {
				if n == 0 {
					return smtpErr(554, "spam")
				}
				return nil
			}}},
		{name: "421 on a used connection: the same mail at once on a new one", mails: 3, sent: 3, sessions: 2,
			be: &backend{dataErr: func(n int) error {
				if n == 1 {
					return smtpErr(421, "closing")
				}
				return nil
			}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			be := tc.be
			if be == nil {
				be = &backend{}
			}
			addr := startServer(t, be, serverMode{}, "")
			q := newFakeQueue()
			for i := range tc.mails {
				to := "ok@x.org"
				if i == 0 {
					to = "bad@x.org"
				}
				q.add(testMail(uint64(i+1), to), time.Time{})
			}
			s := newSender(t, Config{Address: addr, Security: SecurityNone}, q, time.Time{})
			if tc.maxPerConn > 0 {
				s.maxPerConn = tc.maxPerConn
			}
			runSender(t, s)
			waitFor(t, "all results", func() bool { return len(resultsOf(q.records())) == tc.mails })
			sent := 0
			for _, r := range resultsOf(q.records()) {
				if r.Sent {
					sent++
				}
			}
			if sent != tc.sent || len(be.received()) != tc.sent {
				t.Errorf("sent %d, server received %d, want %d", sent, len(be.received()), tc.sent)
			}
			if n := be.sessionCount(); n != tc.sessions {
				t.Errorf("server saw %d connections, want %d", n, tc.sessions)
			}
		})
	}
}

func TestServerDownThenUp(t *testing.T) {
	addr := freeAddr(t)
	q := newFakeQueue(testMail(1))
	s := newSender(t, Config{Address: addr, Security: SecurityNone}, q, time.Time{})
	s.backoff = func(int) time.Duration { return 20 * time.Millisecond }
	runSender(t, s)
	waitFor(t, "a temporary failure", func() bool { return len(q.records()) > 0 })
	r := q.records()[0][0]
	if r.Sent || r.Permanent || !r.Deferred || !strings.Contains(r.Err, "connect") || r.NextAttempt.IsZero() {
		t.Fatalf("first result = %+v, want a deferred connect failure with NextAttempt", r)
	}
	be := &backend{}
	startServer(t, be, serverMode{}, addr)
	waitFor(t, "delivery after the server came up", func() bool { return q.mail(1).state == "sent" })
	if got := be.received(); len(got) != 1 {
		t.Errorf("server received %d mails, want 1", len(got))
	}
}

func TestWakeDeliversAtOnce(t *testing.T) {
	be := &backend{}
	addr := startServer(t, be, serverMode{}, "")
	q := newFakeQueue()
	s := newSender(t, Config{Address: addr, Security: SecurityNone}, q, time.Time{})
	runSender(t, s)
	// Once Run has asked NextDue with nothing pending it sleeps with no timer: only Wake moves it.
	waitFor(t, "Run to go to sleep", func() bool { return q.nextDueCalls() > 0 })
	q.add(testMail(7), time.Time{})
	start := time.Now()
	s.Wake()
	s.Wake() // never blocks
	waitFor(t, "woken delivery", func() bool { return q.mail(7).state == "sent" })
	t.Logf("wake to recorded: %v", time.Since(start))
}

func TestShutdownMidDelivery(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{})
	be := &backend{dataErr: func(n int) error {
		if n == 1 {
			close(started)
			<-release
		}
		return nil
	}}
	addr := startServer(t, be, serverMode{}, "")
	t.Cleanup(func() { close(release) }) // runs before the server's Close
	q := newFakeQueue(testMail(1), testMail(2))
	s := newSender(t, Config{Address: addr, Security: SecurityNone}, q, time.Time{})
	stop := runSender(t, s)
	select {
	case <-started:
	case <-time.After(5 * time.Second):
		t.Fatal("second mail never reached DATA")
	}
	begin := time.Now()
	stop()
	if d := time.Since(begin); d > 2*time.Second {
		t.Errorf("Run took %v to stop, want prompt abort", d)
	}
	calls := q.records()
	if len(calls) != 1 || len(calls[0]) != 1 || calls[0][0].ID != 1 || !calls[0][0].Sent {
		t.Errorf("Record calls = %+v, want one call with mail 1 sent and nothing for mail 2", calls)
	}
	if m := q.mail(2); m.state != "pending" || m.Attempts != 0 {
		t.Errorf("mail 2 = %s after %d attempts, want pending with 0", m.state, m.Attempts)
	}
}

func TestRecordRetried(t *testing.T) {
	be := &backend{}
	addr := startServer(t, be, serverMode{}, "")
	q := newFakeQueue(testMail(1))
	q.failRecord = 1
	s := newSender(t, Config{Address: addr, Security: SecurityNone}, q, time.Time{})
	runSender(t, s)
	waitFor(t, "mail recorded sent", func() bool { return q.mail(1).state == "sent" })
	if n := len(q.records()); n != 2 {
		t.Errorf("Record called %d times, want 2 (one failure, one retry)", n)
	}
	if n := len(be.received()); n != 1 {
		t.Errorf("server received %d mails, want 1 (no resend after a retried Record)", n)
	}
}

func TestRunRejectsBadConfig(t *testing.T) {
	for _, cfg := range []Config{
		{Address: "127.0.0.1:25", Security: "ssl"},
		{Address: "no-port", Security: SecurityNone},
	} {
		s := New(cfg, newFakeQueue(), zerolog.Nop())
		done := make(chan error, 1)
		go func() { done <- s.Run(t.Context()) }()
		select {
		case err := <-done:
			if err == nil {
				t.Errorf("Run(%+v) = nil, want a config error", cfg)
			}
		case <-time.After(2 * time.Second):
			t.Errorf("Run(%+v) kept running, want a config error", cfg)
		}
	}
}
