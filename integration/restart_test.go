package integration

import (
	"crypto/rand"
	"fmt"
	"testing"
	"time"

	"helpdesk/config"
)

// TestDovecotRestartLosesNothing: Dovecot restarts while the daemon ingests a backlog; the
// intake reconnects, and every mail becomes exactly one ticket and one confirmation — none
// lost, none twice — and ends in "Processed".
func TestDovecotRestartLosesNothing(t *testing.T) {
	// Not parallel: it stops a server and listens again on the same port, which a parallel
	// test could take in between. Sequential tests run before the parallel ones start.
	e := newEnv(t, envOptions{configure: func(c *config.Config) {
		c.IMAP.BatchSize = 1 // many small batches, so the restart falls between fetch, commit and move
	}})
	const half = 50
	attachment := make([]byte, 64<<10)
	if _, err := rand.Read(attachment); err != nil {
		t.Fatal(err)
	}
	sent := map[string]string{} // Message-ID -> requester
	deliverN := func(from, to int) {
		for i := from; i < to; i++ {
			m := newMail(fmt.Sprintf("kunde%03d@firma%03d.test", i, i), fmt.Sprintf("Störung Nr. %d", i), "")
			// A log file attached to each mail makes the ingest slow enough for the restart
			// to cut it: Dovecot lets sessions run for ~1 s after SIGTERM.
			m.Raw = multipartBody("b", part{header: "Content-Type: text/plain; charset=utf-8", body: []byte("Bitte um Rückruf.\n")},
				part{header: "Content-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"log.bin\"\nContent-Transfer-Encoding: base64", body: attachment, base64: true})
			e.deliver(m)
			sent[m.MessageID] = m.From
		}
	}
	// A backlog before the daemon starts, so that the restart falls into its ingest (under
	// -race reliably; without, the ingest may finish within Dovecot's second of shutdown).
	deliverN(0, half)
	e.serve()
	waitFor(t, ingestTimeout, func() bool { return len(e.tickets()) > 0 }, "the first tickets")
	atRestart := len(e.tickets())
	if err := e.dc.Restart(); err != nil {
		t.Fatalf("Dovecot restart: %v", err)
	}
	t.Logf("Dovecot restarted when %d of %d tickets existed", atRestart, half)
	deliverN(half, 2*half)

	waitForState(t, 45*time.Second, func() (bool, string) {
		n := e.count(support)
		return n["INBOX"] == 0 && n["Processed"] == 2*half, fmt.Sprintf("folders %v, %d tickets", n, len(e.tickets()))
	}, "all 100 mails moved to Processed")

	tickets := e.tickets()
	if len(tickets) != 2*half {
		t.Errorf("%d tickets, want %d", len(tickets), 2*half)
	}
	seen := map[string]int{}
	for _, tk := range tickets {
		show := e.ticket(tk.Number)
		if len(show.Comments) != 1 {
			t.Errorf("ticket %s has %d comments, want 1", tk.Number, len(show.Comments))
			continue
		}
		id := show.Comments[0].MessageID
		seen[id]++
		if sent[id] != tk.Requester {
			t.Errorf("ticket %s: requester %s, Message-ID %s was sent by %q", tk.Number, tk.Requester, id, sent[id])
		}
	}
	for id := range sent {
		if seen[id] != 1 {
			t.Errorf("Message-ID %s became %d tickets, want exactly 1", id, seen[id])
		}
	}

	// One confirmation per ticket reaches the relay, none twice.
	waitFor(t, ingestTimeout, func() bool { return len(e.relay.Messages()) >= 2*half }, "100 confirmations at the relay")
	perRcpt := map[string]int{}
	for _, m := range e.relay.Messages() {
		for _, to := range m.To {
			perRcpt[to]++
		}
	}
	for _, from := range sent {
		if perRcpt[from] != 1 {
			t.Errorf("%s got %d confirmations, want 1", from, perRcpt[from])
		}
	}
	if len(perRcpt) != 2*half {
		t.Errorf("the relay got mail for %d recipients, want %d", len(perRcpt), 2*half)
	}
}
