package outbox

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"helpdesk/internal/relaytest"
)

// once returns a Fault that answers rep at the n-th event (from 0) of stage, and accepts
// everything else.
func once(stage relaytest.Stage, n int, rep relaytest.Reply) func(relaytest.Event) relaytest.Reply {
	return func(ev relaytest.Event) relaytest.Reply {
		if ev.Stage == stage && ev.N == n {
			return rep
		}
		return relaytest.Reply{}
	}
}

// TestStrictPeer: a peer that refuses a second EHLO on a connection (as Python's smtpd does),
// answers one 451 after DATA and one 451 to a recipient. Before, the RSET after such a failure
// repeated EHLO, the next MAIL FROM got "503 Duplicate HELO/EHLO" and that mail failed
// permanently. Now every mail is delivered, none twice, and no second EHLO is sent.
func TestStrictPeer(t *testing.T) {
	for _, conns := range []int{1, 4} {
		t.Run(fmt.Sprintf("%d connections", conns), func(t *testing.T) {
			var mu sync.Mutex
			rcpt, data := 0, 0
			fault := func(ev relaytest.Event) relaytest.Reply {
				mu.Lock()
				defer mu.Unlock()
				switch ev.Stage {
				case relaytest.StageRcpt:
					if rcpt++; rcpt == 5 {
						return relaytest.Reply{Code: 451, Message: "greylisted"}
					}
				case relaytest.StageData:
					if data++; data == 3 {
						return relaytest.Reply{Code: 451, Message: "try again"}
					}
				}
				return relaytest.Reply{}
			}
			p := startPeer(t, relaytest.Options{StrictHelo: true, Fault: fault}, Config{Connections: conns}, 30, nil)
			p.waitSettled(t)
			p.checkDeliveredOnce(t)
			retried := 0
			for _, id := range p.q.ids() {
				m := p.q.mail(id)
				retried += m.Attempts - 1
				if m.Deferrals != 0 {
					t.Errorf("mail %d: %d deferrals, want none (no session failed)", id, m.Deferrals)
				}
			}
			if retried != 2 {
				t.Errorf("%d attempts beyond the first, want 2 (the 451 after DATA, the 451 to RCPT)", retried)
			}
		})
	}
}

// TestMidSessionFailures: 503 and 421 at MAIL FROM, RCPT and after DATA, a connection dropped in
// the middle of DATA, and one dropped after the peer accepted: on a used connection (the 4th
// event) and on a fresh one (the first). Every mail is delivered, none fails, none counts an
// attempt for it, and none reaches the peer twice except the one the peer took before it hung up.
func TestMidSessionFailures(t *testing.T) {
	faults := []struct {
		name  string
		stage relaytest.Stage
		rep   relaytest.Reply
	}{
		{"503 at MAIL FROM", relaytest.StageMail, relaytest.Reply{Code: 503, Message: "bad sequence"}},
		{"503 at RCPT", relaytest.StageRcpt, relaytest.Reply{Code: 503, Message: "bad sequence"}},
		{"503 after DATA", relaytest.StageData, relaytest.Reply{Code: 503, Message: "bad sequence"}},
		{"421 at MAIL FROM", relaytest.StageMail, relaytest.Reply{Code: 421}},
		{"421 at RCPT", relaytest.StageRcpt, relaytest.Reply{Code: 421}},
		{"421 after DATA", relaytest.StageData, relaytest.Reply{Code: 421}},
		{"dropped mid-DATA", relaytest.StageDataStart, relaytest.Reply{Drop: true}},
		{"dropped after accepting", relaytest.StageData, relaytest.Reply{Drop: true}},
	}
	for _, f := range faults {
		for _, at := range []int{0, 3} {
			for _, conns := range []int{1, 4} {
				t.Run(fmt.Sprintf("%s/event %d/%d connections", f.name, at, conns), func(t *testing.T) {
					p := startPeer(t, relaytest.Options{Fault: once(f.stage, at, f.rep)}, Config{Connections: conns}, 12, nil)
					p.waitSettled(t)
					p.checkDeliveredOnce(t)
					deferrals := 0
					for _, id := range p.q.ids() {
						m := p.q.mail(id)
						if m.Attempts != 1 {
							t.Errorf("mail %d: %d attempts, want 1: a session failure is no attempt", id, m.Attempts)
						}
						deferrals += m.Deferrals
					}
					// On a fresh connection the failure is the relay's now: deferred. On a used
					// one (one connection, 4th event) the mail is retried at once on a new one.
					want := -1 // with several connections the 4th event may be a connection's first
					switch {
					case at == 0:
						want = 1
					case conns == 1:
						want = 0
					}
					if want >= 0 && deferrals != want {
						t.Errorf("%d deferrals, want %d", deferrals, want)
					}
					if f.rep.Drop && f.stage == relaytest.StageData && p.relay.Stats().AcceptedThenDropped != 1 {
						t.Errorf("peer dropped %d lines after accepting, want 1", p.relay.Stats().AcceptedThenDropped)
					}
				})
			}
		}
	}
}

// TestSenderRefusedPausesOutbox: while the relay answers 550 to MAIL FROM for every mail, the
// outbox pauses — no mail fails, it does not try mail after mail, and it says why at error
// level — and when the relay accepts again, everything goes out.
func TestSenderRefusedPausesOutbox(t *testing.T) {
	p := startPeer(t, relaytest.Options{}, Config{Connections: 4}, 0, func(s *Sender, q *fakeQueue) {
		s.backoff = func(n int) time.Duration { return time.Duration(n) * 20 * time.Millisecond }
	})
	p.relay.SetFailing(550)
	for i := range 20 {
		p.q.add(idMail(uint64(i+1)), time.Time{})
	}
	p.s.Wake()
	// Pauses of 20, 40, 60, 80 ms: about 200 ms hold four or five of them.
	time.Sleep(250 * time.Millisecond)
	tries := len(resultsOf(p.q.records()))
	for _, r := range resultsOf(p.q.records()) {
		if r.Permanent || !r.Deferred || !strings.Contains(r.Err, "550") {
			t.Errorf("result %+v while the sender is refused, want deferred with the 550", r)
		}
	}
	if st := p.q.states(); st["failed"] != 0 || st["sent"] != 0 {
		t.Errorf("queue states %v while the sender is refused, want all pending", st)
	}
	// One probe per pause, plus at most one mail per other connection in flight when the
	// first refusal came.
	if tries < 2 || tries > 10 {
		t.Errorf("%d tries in 250 ms of refusal, want a few (one per pause), not mail after mail", tries)
	}
	logs := p.log.String()
	if !strings.Contains(logs, `"level":"error"`) || !strings.Contains(logs, "outbox paused: the relay refuses our sender") ||
		!strings.Contains(logs, "550") {
		t.Errorf("log does not name the refused sender at error level:\n%s", logs)
	}

	p.relay.SetFailing(0)
	p.waitSettled(t)
	p.checkDeliveredOnce(t)
	for _, id := range p.q.ids() {
		if m := p.q.mail(id); m.Attempts != 1 {
			t.Errorf("mail %d: %d attempts, want 1 (pauses are no attempts)", id, m.Attempts)
		}
	}
	if !strings.Contains(p.log.String(), "outbox resumed") {
		t.Errorf("log does not say the outbox resumed:\n%s", p.log.String())
	}
	t.Logf("%d deferred tries during the refusal", tries)
}

// TestIdleConnectionClosed: a connection unused for idleTimeout is closed, so the next mail
// opens a new one; a shorter pause keeps it.
func TestIdleConnectionClosed(t *testing.T) {
	tests := []struct {
		idle        time.Duration
		connections int
	}{
		{time.Hour, 1},
		{20 * time.Millisecond, 2},
	}
	for _, tc := range tests {
		p := startPeer(t, relaytest.Options{}, Config{}, 1, func(s *Sender, q *fakeQueue) { s.idleTimeout = tc.idle })
		p.waitSettled(t)
		time.Sleep(100 * time.Millisecond)
		p.q.add(idMail(2), time.Time{})
		p.s.Wake()
		p.waitSettled(t)
		p.checkDeliveredOnce(t)
		if n := p.relay.Stats().Connections; n != tc.connections {
			t.Errorf("idle timeout %v, 100 ms between mails: %d connections, want %d", tc.idle, n, tc.connections)
		}
	}
}
