package stress

import (
	"bytes"
	"errors"
	"net/mail"
	"os"
	"sort"
	"strings"
	"testing"

	"helpdesk/ticketstore"
)

// checkStore asserts that the store at path holds exactly one ticket and one raw message per
// delivered mail, nothing else, and that every confirmation was sent.
func checkStore(t *testing.T, path string, delivered map[string]string) {
	t.Helper()
	st, err := ticketstore.Open(path, nil)
	if err != nil {
		t.Fatalf("open store after the run: %v", err)
	}
	defer st.Close()
	err = st.View(func(tx *ticketstore.Tx) error {
		tickets, err := tx.Tickets(ticketstore.TicketFilter{})
		if err != nil {
			return err
		}
		perMail := make(map[string][]string) // Message-ID -> ticket numbers
		for _, tk := range tickets {
			cs, err := tx.Comments(tk.Number)
			if err != nil {
				return err
			}
			if len(cs) == 0 {
				t.Errorf("ticket %s has no comment", tk.Number)
				continue
			}
			mid := cs[0].MessageID
			from, ok := delivered[mid]
			switch {
			case !ok:
				t.Errorf("ticket %s: first comment's Message-ID %q was never delivered", tk.Number, mid)
			case !strings.EqualFold(tk.Requester, from):
				t.Errorf("ticket %s: requester %q, want %q", tk.Number, tk.Requester, from)
			}
			perMail[mid] = append(perMail[mid], tk.Number)
		}
		for mid := range delivered {
			switch n := len(perMail[mid]); {
			case n == 0:
				t.Errorf("mail %s: no ticket (lost)", mid)
			case n > 1:
				t.Errorf("mail %s: %d tickets %v, want 1", mid, n, perMail[mid])
			}
		}
		if len(tickets) != len(delivered) {
			t.Errorf("store has %d tickets, want %d (one per delivered mail)", len(tickets), len(delivered))
		}

		raws := make(map[string]int)
		nraw := 0
		for id, misses := uint64(1), 0; misses < 50; id++ {
			r, err := tx.Raw(id)
			if errors.Is(err, ticketstore.ErrNotFound) {
				misses++
				continue
			}
			if err != nil {
				return err
			}
			misses = 0
			nraw++
			raws[r.MessageID]++
			if r.Outcome != ticketstore.OutcomeTicket {
				t.Errorf("raw message %d (%s): outcome %q, want %q", r.ID, r.MessageID, r.Outcome, ticketstore.OutcomeTicket)
			}
		}
		for mid, n := range raws {
			if n != 1 {
				t.Errorf("mail %s stored %d times as a raw message, want once", mid, n)
			}
		}
		if nraw != len(delivered) {
			t.Errorf("store has %d raw messages, want %d", nraw, len(delivered))
		}

		for _, s := range []ticketstore.OutboxState{ticketstore.OutboxPending, ticketstore.OutboxFailed} {
			ms, err := tx.Outbox(s)
			if err != nil {
				return err
			}
			for _, m := range ms {
				t.Errorf("outbox mail %d (%s to %v) is %s after the run: attempts %d, last error %q",
					m.ID, m.Kind, m.To, m.State, m.Attempts, m.LastError)
			}
		}
		sent, err := tx.Outbox(ticketstore.OutboxSent)
		if err != nil {
			return err
		}
		if len(sent) != len(delivered) {
			t.Errorf("outbox has %d sent mails, want %d (one confirmation per ticket)", len(sent), len(delivered))
		}
		sa, err := tx.SetAsides(true)
		if err != nil {
			return err
		}
		for _, s := range sa {
			t.Errorf("mail from %s set aside: %s (%s)", s.From, s.ReasonCode, s.Reason)
		}
		sup, err := tx.Suppressions()
		if err != nil {
			return err
		}
		for _, s := range sup {
			t.Errorf("%s to %s suppressed: %s", s.Kind, s.To, s.Reason)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("read store: %v", err)
	}
}

// checkLogs fails the test when a child daemon reported a data race or a panic; killed children
// never reach the exit status that would tell.
func checkLogs(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"WARNING: DATA RACE", "panic:", "handler panic"} {
		if i := bytes.Index(data, []byte(bad)); i >= 0 {
			t.Errorf("child daemon log %s reports %q:\n%s", path, bad, data[i:min(len(data), i+4000)])
		}
	}
}

// checkMailbox asserts that the INBOX is empty and Processed holds every delivered mail once.
func checkMailbox(t *testing.T, r *rig, delivered map[string]string) {
	t.Helper()
	cnt, err := r.counts()
	if err != nil {
		t.Fatal(err)
	}
	if cnt["INBOX"] != 0 || cnt[setAsideFolder] != 0 || cnt[processedFolder] != len(delivered) {
		t.Errorf("folders %v, want INBOX 0, %s 0, %s %d", cnt, setAsideFolder, processedFolder, len(delivered))
	}
	msgs, err := r.dc.Messages(supportUser, processedFolder)
	if err != nil {
		t.Fatal(err)
	}
	seen := make(map[string]int)
	for _, raw := range msgs {
		m, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Errorf("mail in %s does not parse: %v", processedFolder, err)
			continue
		}
		seen[strings.Trim(m.Header.Get("Message-ID"), "<>")]++
	}
	for mid := range delivered {
		if seen[mid] != 1 {
			t.Errorf("mail %s is %d times in %s, want once", mid, seen[mid], processedFolder)
		}
	}
	for mid := range seen {
		if _, ok := delivered[mid]; !ok {
			t.Errorf("%s holds %s, which was never delivered", processedFolder, mid)
		}
	}
}

// checkConfirmations asserts that the relay accepted a confirmation for every delivered mail,
// each at most kills times more than once, at most kills × perKill more in all (each kill
// resends at most the mails between the relay's 250 and their commit: one with serial accept,
// else one per connection), and nothing else. It returns the number of duplicates.
func checkConfirmations(t *testing.T, r *rig, delivered map[string]string, kills, perKill int) int {
	t.Helper()
	ans, err := answered(r.relay.Messages())
	if err != nil {
		t.Fatal(err)
	}
	dups, worst := 0, 0
	var dupMails []string
	for mid := range delivered {
		n := len(ans[mid])
		switch {
		case n == 0:
			t.Errorf("mail %s: no confirmation reached the relay", mid)
		case n-1 > kills:
			t.Errorf("mail %s: %d confirmations, more than 1 + %d kills", mid, n, kills)
		}
		worst = max(worst, n)
		if n > 1 {
			dups += n - 1
			dupMails = append(dupMails, mid)
		}
	}
	for mid, at := range ans {
		if _, ok := delivered[mid]; !ok {
			t.Errorf("the relay got %d mails answering %q, which was never delivered", len(at), mid)
		}
	}
	if dups > kills*perKill {
		t.Errorf("%d duplicate confirmations after %d kills, want at most %d (%d per kill)",
			dups, kills, kills*perKill, perKill)
	}
	sort.Strings(dupMails)
	if len(dupMails) > 10 {
		dupMails = dupMails[:10]
	}
	t.Logf("duplicate confirmations: %d after %d kills (%d mails confirmed, %d accepted by the relay, at most %d for one mail); e.g. %v",
		dups, kills, len(delivered), len(r.relay.Messages()), worst, dupMails)
	return dups
}
