package integration

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"helpdesk/daemon"
)

// TestRepliesThreadOntoTicket: a customer's replies find their ticket by each kind of evidence
// on its own — In-Reply-To of the confirmation, the subject tag, a References chain that an
// Apple-Mail-like client rewrote, the signed Reply-To address — and each becomes a comment on
// that ticket, never a new ticket or a new confirmation.
func TestRepliesThreadOntoTicket(t *testing.T) {
	t.Parallel()
	const cust = "dora@steuer-d.test"
	e := startEnv(t, envOptions{users: []string{cust}})

	first := newMail(cust, "VPN verbindet nicht", "Der VPN-Client meldet Fehler 809.")
	e.deliver(first)
	waitFor(t, ingestTimeout, func() bool { return e.count(cust)["INBOX"] == 1 }, "the confirmation in the customer's INBOX")
	conf := e.inbox(cust)[0]
	tickets := e.tickets()
	if len(tickets) != 1 {
		t.Fatalf("tickets = %+v, want 1", tickets)
	}
	number := tickets[0].Number
	replyTo, err := conf.Header.AddressList("Reply-To")
	if err != nil || len(replyTo) != 1 {
		t.Fatalf("confirmation Reply-To = %v, %v; want one address", replyTo, err)
	}

	// Each reply carries exactly one kind of evidence; the others are absent or unknown.
	a := newMail(cust, "AW: VPN", "(a) Antwort per In-Reply-To.")
	a.Headers = [][2]string{{"In-Reply-To", "<" + conf.MessageID + ">"}}

	b := newMail(cust, "Re: [Ticket#"+number+"] VPN", "(b) Antwort nur mit Betreff-Kennung.")

	c := newMail(cust, "Re: VPN", "(c) Antwort wie Apple Mail: nur eine alte ID bekannt.")
	c.Headers = [][2]string{
		{"In-Reply-To", "<rewritten.1@apple.invalid>"},
		{"References", fmt.Sprintf("<%s> <rewritten.0@apple.invalid> <rewritten.1@apple.invalid>", first.MessageID)},
	}

	d := newMail(cust, "Nachtrag", "(d) Antwort nur an die signierte Antwortadresse.")
	d.To = replyTo[0].Address

	replies := []struct {
		m  *testMail
		by string
	}{{a, "in_reply_to"}, {b, "subject_tag"}, {c, "references"}, {d, "reply_address"}}
	for _, r := range replies {
		// The dry run shows which evidence decides; the delivery below shows the effect.
		got := call(t, e, daemon.MailClassify, daemon.ClassifyArgs{Raw: r.m.Bytes()})
		if got.Verdict != "comment" || got.Ticket != number || got.By != r.by {
			t.Errorf("classify %q = %s ticket %q by %q, want comment on %s by %s", r.m.Subject, got.Verdict, got.Ticket, got.By, number, r.by)
		}
	}
	for _, r := range replies[:3] {
		e.deliver(r.m)
	}
	// The signed address reaches the support mailbox as plus-addressing: the envelope
	// recipient is the reply address itself.
	if err := e.dc.DeliverLMTP(cust, d.To, d.Bytes()); err != nil {
		t.Fatalf("deliver to the reply address %s: %v", d.To, err)
	}

	waitForState(t, ingestTimeout, func() (bool, string) {
		s := e.ticket(number)
		return len(s.Comments) >= 5, fmt.Sprintf("%d comments", len(s.Comments))
	}, "4 replies as comments on ticket "+number)
	waitFor(t, ingestTimeout, func() bool {
		n := e.count(support)
		return n["INBOX"] == 0 && n["Processed"] == 5
	}, "all 5 mails moved to Processed")

	show := e.ticket(number)
	var bodies []string
	for _, cm := range show.Comments {
		if cm.Kind != "customer" || cm.Author != cust {
			t.Errorf("comment %+v, want a customer comment by %s", cm, cust)
		}
		bodies = append(bodies, strings.TrimSpace(cm.Body))
	}
	for _, m := range []*testMail{first, a, b, c, d} {
		if !slices.Contains(bodies, m.Body) {
			t.Errorf("ticket %s has no comment %q; comments: %q", number, m.Body, bodies)
		}
	}
	if len(show.Comments) != 5 {
		t.Errorf("ticket %s has %d comments, want 5", number, len(show.Comments))
	}
	if got := e.tickets(); len(got) != 1 {
		t.Errorf("tickets = %+v, want only %s", got, number)
	}
	if ob := e.outbox(); len(ob) != 1 || ob[0].Kind != "confirmation" {
		t.Errorf("outbox = %+v, want only the first confirmation (replies are not confirmed)", ob)
	}
}
