package mailflow

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"helpdesk/config"
	"helpdesk/ticketstore"
)

// suppressions returns the recorded suppressions.
func (f *fixture) suppressions() []ticketstore.Suppression {
	f.t.Helper()
	var sup []ticketstore.Suppression
	f.view(func(tx *ticketstore.Tx) error { var err error; sup, err = tx.Suppressions(); return err })
	return sup
}

// A stranger who knows one of a customer's Message-IDs (they are no secret) is kept as a
// flagged comment: the ticket is not reopened, nobody is mailed, and the stranger never gets
// the ticket's subject or reply address.
func TestStrangerWithCustomersMessageID(t *testing.T) {
	f := newFixture(t)
	f.p.SetDirectory(exampleDirectory(t))
	f.deliver(incident("l.neumann@kanzlei-berger.demo", "Drucker", "m1@kanzlei-berger.demo"))
	const number = "2026-000001"
	if _, err := f.p.SetStatus(context.Background(), number, ticketstore.StatusResolved, "", "tech"); err != nil {
		t.Fatal(err)
	}
	outBefore := len(f.outbox())

	folder := f.deliver(incident("eve@attacker.test", "Re: Drucker", "e1@attacker.test", "References: <m1@kanzlei-berger.demo>\n"))
	if folder != "Processed" {
		t.Errorf("folder = %q, want Processed (kept for the team)", folder)
	}
	tk := f.ticket(number)
	if tk.Status != ticketstore.StatusResolved {
		t.Errorf("status = %s, want resolved (a new participant reopens nothing)", tk.Status)
	}
	if !slices.Contains(tk.Flags, "new_participant:eve@attacker.test") {
		t.Errorf("ticket flags = %v, want new_participant:eve@attacker.test", tk.Flags)
	}
	cs := f.comments(number)
	last := cs[len(cs)-1]
	if last.Author != "eve@attacker.test" || !slices.Contains(last.Flags, FlagNewParticipant) {
		t.Errorf("last comment = %+v, want eve's, flagged new_participant", last)
	}
	for _, m := range f.outbox()[outBefore:] {
		t.Errorf("mail enqueued after the stranger's mail: to %v, %s", m.To, m.Subject)
	}
	if slices.Contains(tk.Participants, "eve@attacker.test") {
		t.Errorf("eve became a participant: %v", tk.Participants)
	}

	// The same stranger answering our confirmation's Message-ID fares no better.
	var confirmation string
	for _, m := range f.outbox() {
		if m.Kind == "confirmation" {
			confirmation = m.MessageID
		}
	}
	f.deliver(incident("eve@attacker.test", "Re: Drucker", "e2@attacker.test", "In-Reply-To: <"+confirmation+">\n"))
	if tk := f.ticket(number); tk.Status != ticketstore.StatusResolved {
		t.Errorf("after In-Reply-To: status %s, want resolved", tk.Status)
	}
}

// Whoever the customer put in Cc is a participant of the ticket's mails and may answer.
func TestParticipantMayReply(t *testing.T) {
	f := newFixture(t)
	f.p.SetDirectory(exampleDirectory(t))
	f.deliver(incident("l.neumann@kanzlei-berger.demo", "Drucker", "m1@kanzlei-berger.demo", "Cc: Partner <p.vogel@druckerservice.test>\n"))
	const number = "2026-000001"
	if _, err := f.p.SetStatus(context.Background(), number, ticketstore.StatusResolved, "", "tech"); err != nil {
		t.Fatal(err)
	}
	f.deliver(incident("p.vogel@druckerservice.test", "Re: Drucker", "p1@druckerservice.test", "In-Reply-To: <m1@kanzlei-berger.demo>\n"))
	tk := f.ticket(number)
	if tk.Status != ticketstore.StatusInProgress {
		t.Errorf("status = %s, want in_progress (a participant's reply reopens)", tk.Status)
	}
	for _, fl := range tk.Flags {
		if strings.HasPrefix(fl, "new_participant") {
			t.Errorf("participant flagged: %v", tk.Flags)
		}
	}
	if slices.Contains(tk.Participants, support) {
		t.Errorf("our own address is a participant: %v", tk.Participants)
	}
}

// For a ticket without customer, the ticket's side is the requester's exact address: on a
// mail provider's domain everybody else is a stranger.
func TestSameDomainStrangerOnCustomerlessTicket(t *testing.T) {
	f := newFixture(t)
	f.deliver(incident("anna@gmail.test", "Laptop", "a1@gmail.test"))
	const number = "2026-000001"
	f.deliver(incident("mallory@gmail.test", "Re: Laptop", "x1@gmail.test", "In-Reply-To: <a1@gmail.test>\n"))
	tk := f.ticket(number)
	if !slices.Contains(tk.Flags, "new_participant:mallory@gmail.test") {
		t.Errorf("flags = %v, want mallory flagged", tk.Flags)
	}
	if folder := f.deliver(incident("mallory@gmail.test", "Re: [Ticket#2026-000001] Laptop", "x2@gmail.test")); folder != "Set aside" {
		t.Errorf("subject tag from a same-domain stranger: folder %q, want Set aside", folder)
	}
	f.deliver(incident("anna@gmail.test", "Re: Laptop", "a2@gmail.test", "In-Reply-To: <a1@gmail.test>\n"))
	if cs := f.comments(number); len(cs) != 3 || slices.Contains(cs[2].Flags, FlagNewParticipant) {
		t.Errorf("requester's reply: comments %d, last flags %v; want 3 and unflagged", len(cs), cs[len(cs)-1].Flags)
	}
}

// A From line a forger broke so that the display name looks like a contact's address: the
// angle address counts, and the contact's privileges do not apply.
func TestDisplayNameAddressIsNotTheSender(t *testing.T) {
	f := newFixture(t)
	f.p.SetDirectory(exampleDirectory(t))
	f.deliver("From: \"c.berger@kanzlei-berger.demo\r\" <eve@attacker.test>\nTo: " + support +
		"\nSubject: Kontingent\nMessage-ID: <k1@attacker.test>\n\nStand bitte\n")
	ts := f.tickets()
	if len(ts) != 1 || ts[0].Requester != "eve@attacker.test" || ts[0].Customer != "" {
		t.Fatalf("tickets = %+v, want one for eve@attacker.test without customer", ts)
	}
	for _, m := range f.outbox() {
		if m.Kind == "status_summary" || slices.Contains(m.To, "c.berger@kanzlei-berger.demo") {
			t.Errorf("the contact's status summary was sent: %s to %v", m.Kind, m.To)
		}
	}

	// A From with two candidates and no angle address names nobody: kept, flagged, unanswered.
	f.deliver("From: c.berger@kanzlei-berger.demo\x01 eve@attacker.test\nTo: " + support +
		"\nSubject: Kontingent\nMessage-ID: <k2@attacker.test>\n\nStand bitte\n")
	ts = f.tickets()
	if len(ts) != 2 || !slices.Contains(ts[1].Flags, FlagUntrustedFrom) || ts[1].Customer != "" {
		t.Fatalf("second ticket = %+v, want one flagged untrusted_from without customer", ts[len(ts)-1])
	}
	for _, m := range f.outbox() {
		if m.Ticket == ts[1].Number {
			t.Errorf("mail enqueued for the untrusted From: %s to %v", m.Kind, m.To)
		}
	}
	sup := f.suppressions()
	if len(sup) != 1 || sup[0].Ticket != ts[1].Number || !strings.Contains(sup[0].Reason, "From header") {
		t.Errorf("suppressions = %+v, want the confirmation of %s suppressed for the From header", sup, ts[1].Number)
	}
}

// However many forged senders there are, the automatic mail to addresses outside the
// directory is capped per hour; what is held back is recorded.
func TestGlobalCapOnMailToStrangers(t *testing.T) {
	f := newFixture(t, func(c *config.Config) { c.Policy.AutoToUnknownPerHour = 3 })
	f.p.SetDirectory(exampleDirectory(t))
	for _, from := range []string{"a@x1.test", "b@x2.test", "c@x3.test", "d@x4.test", "e@x5.test"} {
		f.deliver(incident(from, "Hallo", "id-"+from))
	}
	// A known contact is not counted against strangers and still gets an answer.
	f.deliver(incident("l.neumann@kanzlei-berger.demo", "Drucker", "m1@kanzlei-berger.demo"))
	confirmations := 0
	for _, m := range f.outbox() {
		if m.Kind == "confirmation" {
			confirmations++
		}
	}
	if confirmations != 4 {
		t.Errorf("confirmations = %d, want 3 to strangers and 1 to the contact", confirmations)
	}
	sup := f.suppressions()
	if len(sup) != 2 || !strings.Contains(sup[0].Reason, "outside the directory") {
		t.Errorf("suppressions = %+v, want 2 for the global limit", sup)
	}
	// An hour later the window has moved on.
	f.now = f.now.Add(61 * 60e9)
	f.deliver(incident("f@x6.test", "Hallo", "id-f"))
	if n := len(f.suppressions()); n != 2 {
		t.Errorf("suppressions after an hour = %d, want still 2", n)
	}
}

// With support.reply_address = "plain" the Reply-To is the support address itself and a reply
// threads by In-Reply-To/References or the subject tag alone.
func TestPlainReplyAddress(t *testing.T) {
	f := newFixture(t, func(c *config.Config) { c.Support.ReplyAddress = config.ReplyAddressPlain })
	f.deliver(incident("a@kunde.test", "Drucker", "m1@kunde.test"))
	out := f.outbox()
	if len(out) != 1 {
		t.Fatalf("outbox = %d, want the confirmation", len(out))
	}
	raw := string(out[0].Raw)
	if !strings.Contains(raw, "Reply-To: \"IT-Service Test\" <"+support+">") || strings.Contains(raw, "support+t") {
		t.Errorf("confirmation headers, want Reply-To the plain support address:\n%s", raw[:strings.Index(raw, "\r\n\r\n")])
	}
	f.deliver(incident("a@kunde.test", "AW: Drucker", "r1@kunde.test", "In-Reply-To: <"+out[0].MessageID+">\n"))
	f.deliver(incident("a@kunde.test", "AW: [Ticket#2026-000001] Drucker", "r2@kunde.test"))
	if n, cs := len(f.tickets()), f.comments("2026-000001"); n != 1 || len(cs) != 3 {
		t.Errorf("tickets %d, comments %d; want 1 ticket with 3 comments", n, len(cs))
	}
}

// With confirm_unknown = authenticated a sender outside the directory gets a confirmation only
// when our receiving MTA saw SPF or DKIM pass for the From domain: a forged From gets none,
// whatever Authentication-Results the forger wrote himself. The ticket is made either way.
func TestNoBackscatterToForgedSenders(t *testing.T) {
	f := newFixture(t, func(c *config.Config) {
		c.Policy.TrustedAuthservIDs = []string{"mx.desk.test"}
		c.Policy.ConfirmUnknown = config.ConfirmAuthenticated
	})
	f.p.SetDirectory(exampleDirectory(t))
	tests := []struct {
		name    string
		from    string
		headers string
		confirm bool
	}{
		{"no Authentication-Results", "victim@elsewhere.test", "", false},
		{"forged by the sender, untrusted id", "victim@elsewhere.test",
			"Authentication-Results: mx.attacker.test; spf=pass smtp.mailfrom=elsewhere.test; dkim=pass header.d=elsewhere.test\n", false},
		{"trusted host: spf fail", "victim@elsewhere.test",
			"Authentication-Results: mx.desk.test; spf=fail smtp.mailfrom=elsewhere.test; dkim=none\n", false},
		{"trusted host: dkim pass for another domain", "victim@elsewhere.test",
			"Authentication-Results: mx.desk.test; spf=none; dkim=pass header.d=attacker.test\n", false},
		{"trusted host: dkim pass aligned", "kunde@elsewhere.test",
			"Authentication-Results: mx.desk.test; spf=none; dkim=pass header.d=mail.elsewhere.test\n", true},
		{"directory contact without any", "l.neumann@kanzlei-berger.demo", "", true},
	}
	for i, tt := range tests {
		before := len(f.suppressions())
		f.deliver(incident(tt.from, "Hilfe "+tt.name, fmt.Sprintf("b%d@x.test", i), tt.headers))
		number := f.tickets()[len(f.tickets())-1].Number
		confirmed := false
		for _, m := range f.outbox() {
			if m.Ticket == number && m.Kind == "confirmation" {
				confirmed = true
			}
		}
		if confirmed != tt.confirm {
			t.Errorf("%s: confirmation sent = %v, want %v", tt.name, confirmed, tt.confirm)
		}
		sup := f.suppressions()
		if !tt.confirm && (len(sup) != before+1 || !strings.Contains(sup[len(sup)-1].Reason, "not authenticated")) {
			t.Errorf("%s: suppressions = %+v, want one naming the missing authentication", tt.name, sup[before:])
		}
	}
}
