package outbox

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"helpdesk/internal/relaytest"
	"helpdesk/internal/testlog"
)

// Helpers for tests against relaytest peers: mails whose Message-ID carries their outbox id, so
// what the peer accepted maps back to the queue.

// idMail returns mail id with a Message-ID of the form <id@outbox.test>.
func idMail(id uint64) Mail {
	raw := fmt.Sprintf("Message-ID: <%d@outbox.test>\r\nSubject: Test %d\r\n\r\nGuten Tag,\r\n.\r\nGruss\r\n", id, id)
	return Mail{ID: id, From: "support@example.com", To: []string{"kunde@example.org"}, Raw: []byte(raw), Created: time.Now()}
}

// idOf returns the outbox id in a raw mail made by idMail, 0 when there is none.
func idOf(raw []byte) uint64 {
	_, rest, ok := bytes.Cut(raw, []byte("Message-ID: <"))
	if !ok {
		return 0
	}
	num, _, _ := bytes.Cut(rest, []byte("@"))
	id, _ := strconv.ParseUint(string(num), 10, 64)
	return id
}

// accepted counts the mails the peer accepted per outbox id.
func accepted(r *relaytest.Relay) map[uint64]int {
	out := map[uint64]int{}
	for _, m := range r.Messages() {
		out[idOf(m.Raw)]++
	}
	return out
}

// peerRun is a Sender delivering n idMails from a fake queue to a relaytest peer.
type peerRun struct {
	q     *fakeQueue
	s     *Sender
	relay *relaytest.Relay
	log   *testlog.Buffer
	stop  func()
}

// startPeer starts a relay with opts and a Sender for n mails with cfg (Address and Security
// are filled in); retries and pauses wait 10ms. tweak, if not nil, adjusts the Sender before
// Run, and the queue is left empty when n is 0.
func startPeer(t *testing.T, opts relaytest.Options, cfg Config, n int, tweak func(*Sender, *fakeQueue)) *peerRun {
	t.Helper()
	relay, err := relaytest.StartWith("127.0.0.1:0", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { relay.Close() })
	q := newFakeQueue()
	for i := range n {
		q.add(idMail(uint64(i+1)), time.Time{})
	}
	cfg.Address, cfg.Security = relay.Addr(), SecurityNone
	s := newSender(t, cfg, q, time.Time{})
	s.backoff = func(int) time.Duration { return 10 * time.Millisecond }
	buf := &testlog.Buffer{}
	s.log = zerolog.New(buf).With().Str("component", "outbox").Logger()
	if tweak != nil {
		tweak(s, q)
	}
	return &peerRun{q: q, s: s, relay: relay, log: buf, stop: runSender(t, s)}
}

// waitSettled waits until no mail is pending.
func (p *peerRun) waitSettled(t *testing.T) {
	t.Helper()
	waitFor(t, "every mail settled", func() bool { return p.q.states()["pending"] == 0 })
}

// checkDeliveredOnce asserts that every mail of the queue was recorded sent, none failed, that
// the peer accepted each exactly once plus the resends it made necessary by dropping the line
// after accepting, and that no second EHLO reached it.
func (p *peerRun) checkDeliveredOnce(t *testing.T) {
	t.Helper()
	st := p.q.states()
	if st["failed"] != 0 || st["pending"] != 0 {
		t.Errorf("queue states %v, want every mail sent", st)
	}
	resends := 0
	got := accepted(p.relay)
	for id, n := range got {
		switch {
		case id == 0 || p.q.mail(id).state != "sent":
			t.Errorf("peer accepted mail %d (%d times), which is not recorded sent", id, n)
		case n > 1:
			resends += n - 1
		}
	}
	stats := p.relay.Stats()
	if resends != stats.AcceptedThenDropped {
		t.Errorf("peer accepted %d mails more than once, want %d (the times it dropped the line after accepting)", resends, stats.AcceptedThenDropped)
	}
	if stats.DuplicateHelo != 0 {
		t.Errorf("peer refused %d second EHLOs, want none sent", stats.DuplicateHelo)
	}
	for _, id := range p.q.ids() {
		if got[id] == 0 {
			t.Errorf("mail %d never reached the peer", id)
		}
	}
}
