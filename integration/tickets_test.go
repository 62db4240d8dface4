package integration

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"helpdesk/daemon"
)

// germanReceived finds the received time in a German confirmation ("am 02.01.2006 um 15:04 Uhr").
var germanReceived = regexp.MustCompile(`am (\d{2}\.\d{2}\.\d{4} um \d{2}:\d{2}) Uhr`)

// TestNewMailBecomesConfirmedTicket: each incident delivered to the support mailbox becomes a
// ticket, its requester gets a confirmation in their own mailbox that a reply can be threaded
// by (tag, signed Reply-To, In-Reply-To), and the support INBOX is emptied into "Processed".
func TestNewMailBecomesConfirmedTicket(t *testing.T) {
	t.Parallel()
	customers := []string{"anna@praxis-a.test", "bernd@buero-b.test", "carla@firma-c.test"}
	e := startEnv(t, envOptions{users: customers})
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}

	sent := map[string]*testMail{} // requester -> incident
	before := time.Now()
	for i, c := range customers {
		m := newMail(c, fmt.Sprintf("Drucker im Büro %d druckt nicht", i+1), "Seit heute früh kommt nichts mehr aus dem Drucker.\nGrüße")
		sent[c] = m
		e.deliver(m)
	}
	after := time.Now()

	waitFor(t, ingestTimeout, func() bool { return len(e.tickets()) == 3 }, "3 tickets")
	byRequester := map[string]daemon.TicketSummary{}
	for _, tk := range e.tickets() {
		byRequester[tk.Requester] = tk
	}
	for c, m := range sent {
		tk, ok := byRequester[c]
		if !ok {
			t.Fatalf("no ticket with requester %s; tickets: %+v", c, e.tickets())
		}
		if tk.Subject != m.Subject || tk.Status != "new" {
			t.Errorf("ticket %s of %s: subject %q, status %q; want %q, new", tk.Number, c, tk.Subject, tk.Status, m.Subject)
		}
		show := e.ticket(tk.Number)
		if len(show.Comments) != 1 || show.Comments[0].MessageID != m.MessageID || show.Comments[0].Author != c {
			t.Errorf("ticket %s comments = %+v, want one from %s with Message-ID %s", tk.Number, show.Comments, c, m.MessageID)
		}
	}

	for _, c := range customers {
		waitFor(t, ingestTimeout, func() bool { return e.count(c)["INBOX"] >= 1 }, "the confirmation in "+c+"'s INBOX")
		got := e.inbox(c)
		if len(got) != 1 {
			t.Fatalf("%s's INBOX holds %d mails, want 1 confirmation", c, len(got))
		}
		checkConfirmation(t, got[0], byRequester[c], sent[c], berlin, before, after)
	}

	waitFor(t, ingestTimeout, func() bool {
		n := e.count(support)
		return n["INBOX"] == 0 && n["Processed"] == 3
	}, "support INBOX empty and 3 mails in Processed")
	if n := e.count(support); n["Set aside"] != 0 {
		t.Errorf("support folders = %v, want nothing set aside", n)
	}
}

func checkConfirmation(t *testing.T, m *gotMail, tk daemon.TicketSummary, incident *testMail, loc *time.Location, before, after time.Time) {
	t.Helper()
	n := tk.Number
	if want := "[Ticket#" + n + "]"; !strings.Contains(m.Subject, want) || !strings.Contains(m.Subject, incident.Subject) {
		t.Errorf("confirmation subject %q, want it to hold %q and %q", m.Subject, want, incident.Subject)
	}
	if got := m.Header.Get("Auto-Submitted"); got != "auto-replied" {
		t.Errorf("confirmation Auto-Submitted = %q, want auto-replied", got)
	}
	if got := m.Header.Get("X-Auto-Response-Suppress"); got != "All" {
		t.Errorf("confirmation X-Auto-Response-Suppress = %q, want All (keeps Exchange from answering)", got)
	}
	if got := m.Header.Get("X-Helpdesk-Loop"); !strings.EqualFold(got, support) {
		t.Errorf("confirmation X-Helpdesk-Loop = %q, want %s", got, support)
	}
	replyTo, err := m.Header.AddressList("Reply-To")
	wantReply := regexp.MustCompile(`^support\+t` + regexp.QuoteMeta(n) + `\.[a-z2-7]{16}@example\.test$`)
	if err != nil || len(replyTo) != 1 || !wantReply.MatchString(replyTo[0].Address) {
		t.Errorf("confirmation Reply-To = %v (%v), want one address matching %s", replyTo, err, wantReply)
	}
	if !slices.Equal(m.InReplyTo, []string{incident.MessageID}) {
		t.Errorf("confirmation In-Reply-To = %v, want [%s]", m.InReplyTo, incident.MessageID)
	}
	if !slices.Contains(m.References, incident.MessageID) {
		t.Errorf("confirmation References = %v, want it to hold %s", m.References, incident.MessageID)
	}
	if m.Text == "" || m.HTML == "" {
		t.Errorf("confirmation has text %d bytes, HTML %d bytes; want both parts", len(m.Text), len(m.HTML))
	}
	for _, part := range []string{m.Text, m.HTML} {
		if !strings.Contains(part, n) {
			t.Errorf("confirmation part does not name ticket %s:\n%s", n, part)
		}
	}
	// The received time in German, in the configured zone, is when Dovecot got the mail.
	sub := germanReceived.FindStringSubmatch(m.Text)
	if sub == nil {
		t.Fatalf("confirmation text has no German received time (am TT.MM.JJJJ um hh:mm Uhr):\n%s", m.Text)
	}
	at, err := time.ParseInLocation("02.01.2006 um 15:04", sub[1], loc)
	if err != nil {
		t.Fatalf("received time %q: %v", sub[1], err)
	}
	if at.Before(before.Truncate(time.Minute)) || at.After(after) {
		t.Errorf("confirmation says received %s, want between %s and %s (Europe/Berlin)", sub[1],
			before.In(loc).Format("15:04:05"), after.In(loc).Format("15:04:05"))
	}
	if want := tk.Received.In(loc).Format("02.01.2006 um 15:04 Uhr"); !strings.Contains(m.Text, want) || !strings.Contains(m.HTML, want) {
		t.Errorf("confirmation does not state the ticket's received time %q in both parts", want)
	}
	if !strings.Contains(m.Text, "vielen Dank für Ihre Nachricht") {
		t.Errorf("confirmation is not the German text:\n%s", m.Text)
	}
}
