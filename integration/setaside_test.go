package integration

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"helpdesk/config"
	"helpdesk/daemon"
)

// TestNothingIsDeleted: of a mixed mailbox — incidents, an out-of-office reply, a newsletter, a
// bounce, a read receipt, mail flagged as spam — nothing disappears from the support account: incidents end in
// "Processed", the rest in "Set aside", each set-aside mail recorded with its reason code.
func TestNothingIsDeleted(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOptions{})

	incidents := []*testMail{
		newMail("franz@autohaus-f.test", "Kasse startet nicht", "Die Kasse bleibt beim Logo stehen."),
		newMail("greta@hotel-g.test", "WLAN im Gästehaus", "Gäste kommen nicht ins WLAN."),
		newMail("hans@bau-h.test", "Passwort abgelaufen", "Ich komme nicht mehr ins ERP."),
	}
	autoReply := newMail("ida@kanzlei-i.test", "Abwesend: Ihre Anfrage", "Ich bin bis Montag nicht im Büro.")
	autoReply.Headers = [][2]string{{"Auto-Submitted", "auto-replied"}}
	newsletter := newMail("news@versand-n.test", "Unsere Angebote im März", "Jetzt 20 % sparen!")
	newsletter.Headers = [][2]string{{"List-Id", "Angebote <angebote.versand-n.test>"}, {"List-Unsubscribe", "<mailto:leave@versand-n.test>"}}
	spam := newMail("gewinn@lotto-s.test", "Sie haben gewonnen", "Klicken Sie hier.")
	spam.Headers = [][2]string{{"X-Spam-Flag", "YES"}}
	bounce := newMail("MAILER-DAEMON@mx.kunde-b.test", "Undelivered Mail Returned to Sender", "")
	bounce.NullSender = true
	bounce.Raw = dsnBody("karl@kunde-b.test", "<hd.unknownoriginal@example.test>")

	receipt := newMail("ida@kanzlei-i.test", "Gelesen: [Ticket#2026-000998] Drucker", "")
	receipt.Raw = `Content-Type: multipart/report; report-type=disposition-notification; boundary="mdn-1"

--mdn-1
Content-Type: text/plain; charset=utf-8

Ihre Nachricht wurde gelesen.
--mdn-1
Content-Type: message/disposition-notification

Final-Recipient: rfc822; ida@kanzlei-i.test
Disposition: manual-action/MDN-sent-manually; displayed
--mdn-1--
`

	want := map[string]string{ // subject -> reason code
		autoReply.Subject:  "auto_reply",
		newsletter.Subject: "list",
		spam.Subject:       "spam",
		bounce.Subject:     "bounce",
		receipt.Subject:    "read_receipt",
	}
	all := append(slices.Clone(incidents), autoReply, newsletter, spam, bounce, receipt)
	for _, m := range all {
		e.deliver(m)
	}
	// Count before the daemon runs: all in the INBOX (other folders may not exist yet).
	before := e.count(support)
	if total(before) != len(all) || before["INBOX"] != len(all) {
		t.Fatalf("support folders before processing = %v, want %d in INBOX", before, len(all))
	}

	e.serve()
	waitForState(t, ingestTimeout, func() (bool, string) {
		n := e.count(support)
		return n["INBOX"] == 0 && n["Processed"]+n["Set aside"] == len(all), fmt.Sprint(n)
	}, "the INBOX emptied into Processed and Set aside")

	after := e.count(support)
	if total(after) != total(before) {
		t.Errorf("support holds %d mails after processing (%v), %d before (%v): mail was lost", total(after), after, total(before), before)
	}
	if after["Processed"] != len(incidents) || after["Set aside"] != len(want) {
		t.Errorf("support folders after processing = %v, want Processed %d, Set aside %d", after, len(incidents), len(want))
	}
	sa := e.setAside()
	got := map[string]string{}
	for _, s := range sa {
		got[s.Subject] = s.ReasonCode
		if s.Reason == "" {
			t.Errorf("set-aside mail %q has no reason", s.Subject)
		}
	}
	if !maps.Equal(got, want) {
		t.Errorf("setaside.list reason codes = %v, want %v", got, want)
	}
	if n := len(e.tickets()); n != len(incidents) {
		t.Errorf("%d tickets, want %d (one per incident)", n, len(incidents))
	}

	// The mails in "Set aside" on the server are exactly the recorded ones.
	raws, err := e.dc.Messages(support, "Set aside")
	if err != nil {
		t.Fatalf("Messages(Set aside): %v", err)
	}
	var subjects []string
	for _, raw := range raws {
		subjects = append(subjects, parseMail(t, raw).Subject)
	}
	slices.Sort(subjects)
	wantSubjects := slices.Sorted(maps.Keys(want))
	if !slices.Equal(subjects, wantSubjects) {
		t.Errorf("\"Set aside\" holds %q, want %q", subjects, wantSubjects)
	}
}

func total(counts map[string]int) int {
	n := 0
	for _, c := range counts {
		n += c
	}
	return n
}

// dsnBody is a delivery status notification (RFC 3464) for rcpt about the mail originalID.
func dsnBody(rcpt, originalID string) string {
	return fmt.Sprintf(`Content-Type: multipart/report; report-type=delivery-status; boundary="dsn-1"

--dsn-1
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.kunde-b.test.
I'm sorry to have to inform you that your message could not be delivered.

<%[1]s>: host mx.kunde-b.test said: 550 5.1.1 User unknown
--dsn-1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.kunde-b.test

Final-Recipient: rfc822; %[1]s
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 User unknown
--dsn-1
Content-Type: text/rfc822-headers

From: Kundensupport <support@example.test>
To: %[1]s
Subject: [Ticket#2026-000999] Alte Anfrage
Message-ID: %[2]s
--dsn-1--
`, rcpt, originalID)
}

// TestBounceOfConfirmationNotedOnTicket: when a confirmation bounces, the delivery status
// notification is set aside as a bounce and noted on the ticket it belongs to, with the failed
// recipient flagged; it is not answered.
func TestBounceOfConfirmationNotedOnTicket(t *testing.T) {
	t.Parallel()
	const cust = "tippfehler@kunde-t.test" // no mailbox: the relay only records the confirmation
	e := startEnv(t, envOptions{})
	e.deliver(newMail(cust, "Monitor flackert", "Seit gestern."))
	conf := waitRelayed(t, e, cust, 1)[0]
	number := conf.Header.Get("X-Helpdesk-Ticket")

	dsn := newMail("MAILER-DAEMON@mx.kunde-t.test", "Undelivered Mail Returned to Sender", "")
	dsn.NullSender = true
	dsn.Raw = dsnBody(cust, "<"+conf.MessageID+">")
	e.deliver(dsn)

	waitFor(t, ingestTimeout, func() bool { return e.count(support)["Set aside"] == 1 }, "the bounce in Set aside")
	sa := e.setAside()
	if len(sa) != 1 || sa[0].ReasonCode != "bounce" || sa[0].Ticket != number {
		t.Fatalf("setaside.list = %+v, want one bounce of ticket %s", sa, number)
	}
	show := e.ticket(number)
	if !slices.Contains(show.Flags, "bounced:"+cust) {
		t.Errorf("ticket %s flags = %v, want bounced:%s", number, show.Flags, cust)
	}
	noted := false
	for _, c := range show.Comments {
		noted = noted || (c.Kind == "system" && strings.Contains(c.Body, cust) && strings.Contains(c.Body, "5.1.1"))
	}
	if !noted {
		t.Errorf("ticket %s comments = %+v, want a system note of the failed delivery to %s", number, show.Comments, cust)
	}
	if ob := e.outbox(); len(ob) != 1 {
		t.Errorf("outbox = %+v, want only the confirmation (a bounce is never answered)", ob)
	}
}

// TestOversizeMailSetAsideWhole: a mail over limits.max_message_size is fetched header-only,
// set aside as oversize, and stays whole on the server in "Set aside"; it cannot be released
// from the store (only its header was kept there).
func TestOversizeMailSetAsideWhole(t *testing.T) {
	t.Parallel()
	e := startEnv(t, envOptions{configure: func(c *config.Config) {
		c.Limits.MaxMessageSize = 64 << 10
		c.Limits.MaxTextSize = 32 << 10
	}})
	big := make([]byte, 200<<10)
	if _, err := rand.Read(big); err != nil {
		t.Fatal(err)
	}
	m := newMail("max@gross-m.test", "Riesige Logdatei", "")
	m.Raw = multipartBody("o", part{header: "Content-Type: text/plain; charset=utf-8", body: []byte("Log anbei.\n")},
		part{header: "Content-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"gross.log\"\nContent-Transfer-Encoding: base64", body: big, base64: true})
	raw := m.Bytes()
	if err := e.dc.DeliverLMTP(m.From, support, raw); err != nil {
		t.Fatalf("deliver: %v", err)
	}

	waitFor(t, ingestTimeout, func() bool { return e.count(support)["Set aside"] == 1 }, "the big mail in Set aside")
	sa := e.setAside()
	if len(sa) != 1 || sa[0].ReasonCode != "oversize" || sa[0].Subject != m.Subject {
		t.Fatalf("setaside.list = %+v, want the big mail as oversize", sa)
	}
	raws, err := e.dc.Messages(support, "Set aside")
	if err != nil || len(raws) != 1 {
		t.Fatalf("Messages(Set aside) = %d mails, %v; want 1", len(raws), err)
	}
	// Dovecot prepends its trace headers; the rest is the mail as sent, byte for byte.
	if want := bytes.ReplaceAll(raw, []byte("\n"), []byte("\r\n")); !bytes.HasSuffix(raws[0], want) {
		t.Errorf("the mail in Set aside (%d bytes) does not end with the %d bytes sent; want it whole", len(raws[0]), len(want))
	}
	if _, err := tryCall(e, daemon.SetAsideRelease, daemon.IDArgs{ID: sa[0].ID}); err == nil {
		t.Errorf("setaside.release of the header-only oversize mail succeeded, want a refusal")
	}
	if n := len(e.tickets()); n != 0 {
		t.Errorf("%d tickets, want none", n)
	}
}
