package integration

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"helpdesk/config"
	"helpdesk/daemon"
)

// TestReplyLoopThroughPostfix (the mail-path issue): with a real Postfix as the relay, in both
// reply_address modes, an incident's confirmation reaches the customer's Dovecot mailbox, and
// her answer, built as a mail client builds it and submitted through Postfix, lands in the
// support INBOX over LMTP and becomes a comment on the ticket.
//
//   - plus: the Reply-To is the signed plus-address; Postfix hands support+t<number>.<mac>@…
//     to Dovecot, which (recipient_delimiter +) files it in the support INBOX, and the reply
//     address decides the ticket.
//   - plain: the Reply-To is the bare support address, so In-Reply-To decides.
//   - plain, subject tag only: the client drops In-Reply-To/References; the subject tag
//     threads, because the reply comes from the ticket's own requester.
func TestReplyLoopThroughPostfix(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		mode       string
		dropThread bool   // the client sends neither In-Reply-To nor References
		wantBy     string // the evidence that must decide (mail.classify's By)
	}{
		{"plus", config.ReplyAddressPlus, false, "reply_address"},
		{"plain", config.ReplyAddressPlain, false, "in_reply_to"},
		{"plain_subject_tag_only", config.ReplyAddressPlain, true, "subject_tag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			replyLoop(t, tt.mode, tt.dropThread, tt.wantBy)
			t.Logf("loop through Postfix (%s) took %v", tt.name, time.Since(start).Round(time.Millisecond))
		})
	}
}

func replyLoop(t *testing.T, mode string, dropThread bool, wantBy string) {
	const cust = "petra@praxis-p.test"
	e := startEnv(t, envOptions{
		users:     []string{cust},
		postfix:   true,
		configure: func(c *config.Config) { c.Support.ReplyAddress = mode },
	})

	incident := newMail(cust, "Scanner im Empfang geht nicht", "Der Scanner meldet Papierstau, es ist aber keins drin.")
	if err := e.pf.Submit(cust, []string{support}, incident.Bytes()); err != nil {
		t.Fatalf("submit the incident to Postfix: %v", err)
	}
	raw, err := e.dc.WaitMessage(cust, "INBOX", ingestTimeout, func(raw []byte) bool {
		return bytes.Contains(raw, []byte("X-Helpdesk-Ticket:"))
	})
	if err != nil {
		t.Fatalf("confirmation in the customer's mailbox: %v\nPostfix queue: %s", err, e.pfQueue())
	}
	conf := parseMail(t, raw)
	number := conf.Header.Get("X-Helpdesk-Ticket")
	replyTo := checkRelayedConfirmation(t, e, conf, number, mode)

	// Her mail client answers: to the Reply-To, threaded under the confirmation (RFC 5322
	// section 3.6.4: References = the parent's References + its Message-ID), "AW: " before
	// the subject, and the confirmation quoted below the new text.
	const newText = "Neustart hat nicht geholfen, der Papierstau wird weiter gemeldet."
	var quoted strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(conf.Text), "\n") {
		quoted.WriteString("> " + strings.TrimRight(line, "\r") + "\n")
	}
	reply := newMail(cust, "AW: "+conf.Subject, fmt.Sprintf("%s\n\nAm %s schrieb %s <%s>:\n%s",
		newText, time.Now().Format("02.01.2006 um 15:04"), e.cfg.Support.Name, support, quoted.String()))
	reply.To = replyTo
	if !dropThread {
		refs := append(append([]string(nil), conf.References...), conf.MessageID)
		reply.Headers = [][2]string{
			{"In-Reply-To", "<" + conf.MessageID + ">"},
			{"References", "<" + strings.Join(refs, "> <") + ">"},
		}
	}
	if err := e.pf.Submit(cust, []string{replyTo}, reply.Bytes()); err != nil {
		t.Fatalf("submit the answer to %s: %v", replyTo, err)
	}

	waitForState(t, ingestTimeout, func() (bool, string) {
		d := e.ticket(number)
		for _, c := range d.Comments {
			if strings.Contains(c.Body, newText) {
				return true, ""
			}
		}
		return false, fmt.Sprintf("%d comments, %d tickets, set aside %+v, support folders %v, Postfix queue %s",
			len(d.Comments), len(e.tickets()), e.setAside(), e.count(support), e.pfQueue())
	}, "the answer as a comment on ticket "+number)
	waitFor(t, ingestTimeout, func() bool {
		n := e.count(support)
		return n["INBOX"] == 0 && n["Processed"] == 2
	}, "incident and answer moved to Processed")

	var answer *daemon.CommentView
	for _, c := range e.ticket(number).Comments {
		if strings.Contains(c.Body, newText) {
			answer = &c
		}
	}
	if answer.Kind != "customer" || answer.Author != cust || answer.MessageID != reply.MessageID {
		t.Errorf("answer comment = %s by %s, Message-ID %q; want a customer comment by %s with %q",
			answer.Kind, answer.Author, answer.MessageID, cust, reply.MessageID)
	}
	if got := e.tickets(); len(got) != 1 {
		t.Errorf("tickets = %+v, want only %s (the answer is no new ticket)", got, number)
	}
	checkDecidedBy(t, e, reply.MessageID, number, wantBy)
	if mode == config.ReplyAddressPlus {
		// The signed address went through Postfix unchanged and Dovecot accepted it.
		if !logHasDelivery(e.pf.Log(), replyTo) {
			t.Errorf("Postfix log has no delivered to=<%s>:\n%s", replyTo, e.pf.LogTail(20))
		}
	}
	if n := len(e.relay.Messages()); n != 0 {
		t.Errorf("the test relay got %d mails, want none: the daemon's mail goes through Postfix", n)
	}
}

// checkRelayedConfirmation asserts what the customer sees of the confirmation: From the support
// address, the ticket's tag in the subject, the Reply-To of the mode, and the way through
// Postfix. It returns the address she answers to.
func checkRelayedConfirmation(t *testing.T, e *env, conf *gotMail, number, mode string) string {
	t.Helper()
	if number == "" {
		t.Fatalf("confirmation without X-Helpdesk-Ticket:\n%s", conf.Raw)
	}
	if from, err := conf.Header.AddressList("From"); err != nil || len(from) != 1 || from[0].Address != support {
		t.Errorf("confirmation From = %v (%v), want %s", from, err, support)
	}
	if tag := "[Ticket#" + number + "]"; !strings.Contains(conf.Subject, tag) {
		t.Errorf("confirmation subject %q lacks %s", conf.Subject, tag)
	}
	rt, err := conf.Header.AddressList("Reply-To")
	if err != nil || len(rt) != 1 {
		t.Fatalf("confirmation Reply-To = %v (%v), want one address", rt, err)
	}
	replyTo := rt[0].Address
	switch mode {
	case config.ReplyAddressPlus:
		prefix := "support+t" + number + "."
		n, ok := e.desk.Proc.Signer.Verify(replyTo)
		if !strings.HasPrefix(replyTo, prefix) || !strings.HasSuffix(replyTo, "@example.test") || !ok || n != number {
			t.Errorf("confirmation Reply-To = %s, want the signed %s<mac>@example.test of ticket %s", replyTo, prefix, number)
		}
	case config.ReplyAddressPlain:
		if replyTo != support {
			t.Errorf("confirmation Reply-To = %s, want the bare support address %s", replyTo, support)
		}
	}
	if !strings.Contains(strings.Join(conf.Header.Values("Received"), "\n"), "postfixtest.invalid") {
		t.Errorf("confirmation has no Received line of the test Postfix: %q", conf.Header.Values("Received"))
	}
	return replyTo
}

// checkDecidedBy runs the dry-run classifier on the copy Dovecot stored (as Postfix delivered
// it, with whatever headers it gained on the way) and asserts which evidence threads it.
func checkDecidedBy(t *testing.T, e *env, messageID, number, wantBy string) {
	t.Helper()
	raws, err := e.dc.Messages(support, "Processed")
	if err != nil {
		t.Fatalf("Messages(%s, Processed): %v", support, err)
	}
	for _, raw := range raws {
		if !bytes.Contains(raw, []byte("<"+messageID+">")) {
			continue
		}
		got := call(t, e, daemon.MailClassify, daemon.ClassifyArgs{Raw: raw})
		if got.Verdict != "comment" || got.Ticket != number || got.By != wantBy {
			t.Errorf("classify of the delivered answer = %s ticket %q by %q, want comment on %s by %s",
				got.Verdict, got.Ticket, got.By, number, wantBy)
		}
		return
	}
	t.Errorf("the answer <%s> is not in the support mailbox's Processed folder", messageID)
}

// logHasDelivery reports whether Postfix's log shows a successful delivery to rcpt.
func logHasDelivery(log, rcpt string) bool {
	for _, line := range strings.Split(log, "\n") {
		if strings.Contains(line, "to=<"+rcpt+">") && strings.Contains(line, "status=sent") {
			return true
		}
	}
	return false
}

// pfQueue describes what Postfix still holds, for failure messages.
func (e *env) pfQueue() string {
	q, err := e.pf.Queue()
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("%+v", q)
}

// domainsOf returns the distinct domains of addrs, in order, for the Postfix to deliver.
func domainsOf(addrs []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, a := range addrs {
		d := strings.ToLower(a[strings.LastIndexByte(a, '@')+1:])
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	return out
}
