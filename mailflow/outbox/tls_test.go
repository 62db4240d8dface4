package outbox

import (
	"crypto/tls"
	"strings"
	"testing"
	"time"
)

func TestTLSAndAuth(t *testing.T) {
	cert, pool := selfSigned(t)
	serverTLS := &tls.Config{Certificates: []tls.Certificate{cert}}
	trusted := &tls.Config{RootCAs: pool}
	const user, pass = "helpdesk", "s3cret-Passw0rd"
	users := map[string]string{user: pass}

	tests := []struct {
		name     string
		mode     serverMode
		users    map[string]string
		security string
		client   *tls.Config
		user     string
		pass     string
		sent     bool
		errHas   string
	}{
		{name: "starttls auth plain", mode: serverMode{tls: serverTLS}, users: users,
			security: SecuritySTARTTLS, client: trusted, user: user, pass: pass, sent: true},
		{name: "implicit tls auth plain", mode: serverMode{tls: serverTLS, implicit: true}, users: users,
			security: SecurityTLS, client: trusted, user: user, pass: pass, sent: true},
		{name: "starttls without auth", mode: serverMode{tls: serverTLS},
			security: SecuritySTARTTLS, client: trusted, sent: true},
		{name: "wrong password 535 defers", mode: serverMode{tls: serverTLS}, users: users,
			security: SecuritySTARTTLS, client: trusted, user: user, pass: "wrong", errHas: "535"},
		{name: "untrusted certificate, starttls", mode: serverMode{tls: serverTLS},
			security: SecuritySTARTTLS, client: nil, errHas: "certificate"},
		{name: "untrusted certificate, implicit tls", mode: serverMode{tls: serverTLS, implicit: true},
			security: SecurityTLS, client: nil, errHas: "certificate"},
		{name: "server without STARTTLS", mode: serverMode{},
			security: SecuritySTARTTLS, client: trusted, errHas: "STARTTLS"},
		{name: "no AUTH offered over plain text", mode: serverMode{tls: serverTLS}, users: users,
			security: SecurityNone, user: user, pass: pass, errHas: "does not offer AUTH PLAIN"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			be := &backend{users: tc.users}
			addr := startServer(t, be, tc.mode, "")
			q := newFakeQueue(testMail(1), testMail(2))
			cfg := Config{Address: addr, Security: tc.security, TLSConfig: tc.client,
				Username: tc.user, Password: tc.pass, HeloName: "helpdesk.example.com"}
			s := newSender(t, cfg, q, time.Time{})
			stop := runSender(t, s)
			// A session that cannot be set up pauses the outbox after the first mail: the
			// second waits, unfailed.
			want := 1
			if tc.sent {
				want = 2
			}
			waitFor(t, "results", func() bool { return len(resultsOf(q.records())) == want })
			stop()
			if n := len(resultsOf(q.records())); n != want {
				t.Errorf("%d results, want %d", n, want)
			}
			for _, r := range resultsOf(q.records()) {
				if r.Sent != tc.sent || r.Permanent || r.Deferred == tc.sent {
					t.Errorf("result %+v, want Sent=%v, not permanent, deferred unless sent", r, tc.sent)
				}
				if !strings.Contains(r.Err, tc.errHas) {
					t.Errorf("Err = %q, want it to contain %q", r.Err, tc.errHas)
				}
				if strings.Contains(r.Err, pass) {
					t.Errorf("Err = %q contains the password", r.Err)
				}
				if !tc.sent && r.NextAttempt.IsZero() {
					t.Errorf("NextAttempt is zero for a temporary failure")
				}
			}
			got := be.received()
			if !tc.sent {
				if len(got) != 0 {
					t.Errorf("server received %d mails, want 0", len(got))
				}
				return
			}
			if len(got) != 2 {
				t.Fatalf("server received %d mails, want 2", len(got))
			}
			for _, m := range got {
				if !m.TLS || m.User != tc.user || m.Helo != cfg.HeloName || string(m.Data) != testRaw {
					t.Errorf("received TLS=%v user=%q helo=%q data ok=%v, want TLS, user %q, helo %q, data unchanged",
						m.TLS, m.User, m.Helo, string(m.Data) == testRaw, tc.user, cfg.HeloName)
				}
			}
			if n := be.sessionCount(); n != 1 {
				t.Errorf("server saw %d connections, want 1", n)
			}
		})
	}
}
