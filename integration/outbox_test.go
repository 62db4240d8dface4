package integration

import (
	"fmt"
	"strings"
	"testing"

	"helpdesk/daemon"
)

// TestSMTPOutageDelaysButLosesNoConfirmation: while the relay is down (connection refused, then
// 451), incidents still become tickets and their confirmations wait in the outbox with the
// errors recorded — a relay that cannot be reached costs no attempt, a 451 does — and when it
// accepts again, every confirmation is delivered exactly once.
func TestSMTPOutageDelaysButLosesNoConfirmation(t *testing.T) {
	// Not parallel: it stops a server and listens again on the same port, which a parallel
	// test could take in between. Sequential tests run before the parallel ones start.
	var customers []string
	for i := range 5 {
		customers = append(customers, fmt.Sprintf("kundin%d@praxis%d.test", i, i))
	}
	e := startEnv(t, envOptions{users: customers})
	if err := e.relay.Stop(); err != nil {
		t.Fatalf("relay.Stop: %v", err)
	}
	for i, c := range customers {
		e.deliver(newMail(c, fmt.Sprintf("Telefonanlage Störung %d", i), "Kein Freizeichen."))
	}

	waitFor(t, ingestTimeout, func() bool { return len(e.tickets()) == 5 }, "5 tickets while SMTP is down")
	// Down: connections are refused. Every confirmation was tried (the error kept), and none
	// counts an attempt: the session failed, not the mail.
	waitPending(t, e, 5, 0, "connect")
	if n := len(e.relay.Messages()); n != 0 {
		t.Fatalf("relay accepted %d mails while stopped", n)
	}
	for _, m := range e.outbox() {
		if m.Kind != "confirmation" || len(m.To) != 1 || m.Attempts != 0 {
			t.Errorf("outbox mail %+v, want a confirmation to one requester with no attempt counted", m)
		}
	}

	// Up, but answering 451 to MAIL FROM: a temporary failure of each mail, counted and retried.
	e.relay.SetFailing(451)
	if err := e.relay.Restart(); err != nil {
		t.Fatalf("relay.Restart: %v", err)
	}
	waitPending(t, e, 5, 3, "451")
	if n := len(e.relay.Messages()); n != 0 {
		t.Fatalf("relay accepted %d mails while failing", n)
	}
	e.relay.SetFailing(0)
	waitForState(t, ingestTimeout, func() (bool, string) {
		ob := e.outbox()
		sent := 0
		for _, m := range ob {
			if m.State == "sent" {
				sent++
			}
		}
		return sent == 5, fmt.Sprintf("%+v", ob)
	}, "all 5 confirmations sent after the relay is back")

	var attempts []int
	for _, m := range e.outbox() {
		attempts = append(attempts, m.Attempts)
	}
	t.Logf("delivery attempts per confirmation: %v", attempts)

	got := e.relay.Messages()
	ids := map[string]bool{}
	perRcpt := map[string]int{}
	for _, m := range got {
		ids[m.MessageID] = true
		for _, to := range m.To {
			perRcpt[to]++
		}
	}
	if len(got) != 5 || len(ids) != 5 {
		t.Errorf("relay accepted %d mails with %d distinct Message-IDs, want 5 and 5", len(got), len(ids))
	}
	for _, c := range customers {
		if perRcpt[c] != 1 {
			t.Errorf("%s got %d confirmations, want 1", c, perRcpt[c])
		}
		waitFor(t, ingestTimeout, func() bool { return e.count(c)["INBOX"] == 1 }, "the confirmation in "+c+"'s INBOX")
	}
	if st := call(t, e, daemon.Status, daemon.None{}); st.OutboxPending != 0 || st.OutboxFailed != 0 {
		t.Errorf("status = %+v, want no pending or failed outbox mail", st)
	}
}

// waitPending waits until n outbox mails are pending with at least attempts failed attempts and
// a last error containing errText.
func waitPending(t *testing.T, e *env, n, attempts int, errText string) {
	t.Helper()
	waitForState(t, ingestTimeout, func() (bool, string) {
		ob := e.outbox()
		retried := 0
		for _, m := range ob {
			if m.State == "pending" && m.Attempts >= attempts && m.LastError != "" && strings.Contains(m.LastError, errText) {
				retried++
			}
		}
		return len(ob) == n && retried == n, fmt.Sprintf("%+v", ob)
	}, fmt.Sprintf("%d pending mails with %d+ failed attempts and an error holding %q", n, attempts, errText))
}
