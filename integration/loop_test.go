package integration

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"helpdesk/internal/dovecottest"
)

// TestNoMailLoopWithVacation (issue 4): a customer whose mailbox answers with a Sieve vacation
// notice writes three incidents. Dovecot sends the vacation replies through the relay, which
// delivers them to the support mailbox, so a loop would show as an endless exchange. The
// daemon confirms each incident, never answers the vacation reply (it is set aside as
// auto_reply), and the whole exchange stays small and stops.
func TestNoMailLoopWithVacation(t *testing.T) {
	t.Parallel()
	const cust = "urlaub@kanzlei-u.test"
	e := startEnv(t, envOptions{users: []string{cust}})
	if err := e.dc.SetVacation(cust, dovecottest.VacationScript(1, "Abwesend", "Ich bin nicht da")); err != nil {
		t.Fatalf("SetVacation: %v", err)
	}

	for i := range 3 {
		e.deliver(newMail(cust, fmt.Sprintf("Server %d nicht erreichbar", i+1), "Bitte dringend ansehen."))
	}
	waitFor(t, ingestTimeout, func() bool { return e.count(cust)["INBOX"] >= 3 }, "3 confirmations in the customer's INBOX")
	number := e.tickets()[0].Number

	// Our confirmations carry Auto-Submitted, so an RFC 3834 responder like Sieve's stays
	// silent. A technician's personal mail from the support address has no such header and
	// does get the vacation notice: that is the reply the daemon must not answer.
	tech := newMail(support, "[Ticket#"+number+"] Rückfrage", "Wann dürfen wir den Server neu starten?")
	tech.To = cust
	e.sendViaRelay(support, []string{cust}, tech.Bytes())

	waitForState(t, ingestTimeout, func() (bool, string) {
		for _, s := range e.setAside() {
			if s.From == cust {
				return true, ""
			}
		}
		return false, fmt.Sprintf("set aside: %+v; support folders %v", e.setAside(), e.count(support))
	}, "the vacation reply set aside")
	waitQuiet(t, 3*time.Second, 30*time.Second, func() string {
		return fmt.Sprint(len(e.relay.Messages()), e.count(support), e.count(cust), len(e.outbox()))
	}, "the mail exchange")

	all := e.relayed("")
	var fromDesk, vacations []*gotMail
	for _, m := range all {
		switch {
		case fromDaemon(m):
			fromDesk = append(fromDesk, m)
		case m.EnvFrom == "" && containsFold(m.EnvTo, support):
			vacations = append(vacations, m)
		}
	}
	var toCust []*gotMail
	for _, m := range fromDesk {
		if containsFold(m.EnvTo, cust) {
			toCust = append(toCust, m)
			if m.Header.Get("Auto-Submitted") == "" {
				t.Errorf("daemon mail %q to the customer lacks Auto-Submitted", m.Subject)
			}
		}
	}
	t.Logf("relay saw %d mails: %d from the daemon (%d to the customer), %d vacation replies", len(all), len(fromDesk), len(toCust), len(vacations))
	if log, err := os.ReadFile(filepath.Join(e.dc.Dir, "dovecot.log")); err == nil {
		t.Logf("Sieve discarded %d vacation responses to auto-submitted mail", bytes.Count(log, []byte("discarding vacation response to auto-submitted message")))
	}

	if len(toCust) > 3 {
		t.Errorf("the daemon sent %d mails to the customer, want at most the 3 confirmations", len(toCust))
	}
	if len(vacations) != 1 {
		t.Fatalf("%d vacation replies reached the support address, want exactly 1 (to the technician's mail)", len(vacations))
	}
	vac := vacations[0]
	if as := vac.Header.Get("Auto-Submitted"); !strings.HasPrefix(as, "auto-replied") || !strings.Contains(vac.Subject, "Abwesend") {
		t.Errorf("vacation reply: Auto-Submitted %q, subject %q; want auto-replied..., Abwesend", as, vac.Subject)
	}
	for _, m := range fromDesk {
		if slices.Contains(m.InReplyTo, vac.MessageID) || slices.Contains(m.References, vac.MessageID) {
			t.Errorf("the daemon answered the vacation reply: %q to %v", m.Subject, m.EnvTo)
		}
	}
	var codes []string
	for _, s := range e.setAside() {
		if s.From == cust {
			codes = append(codes, s.ReasonCode)
		}
	}
	if !slices.Equal(codes, []string{"auto_reply"}) {
		t.Errorf("set-aside reason codes of the customer's mail = %v, want [auto_reply]", codes)
	}
	if n := len(e.tickets()); n != 3 {
		t.Errorf("%d tickets, want 3 (the vacation reply is no ticket)", n)
	}
	// Bounded: at most 4 automatic mails each way (3 confirmations; 1 vacation notice).
	if len(fromDesk) > 4 || len(vacations) > 4 {
		t.Errorf("exchange not bounded: %d daemon mails, %d vacation replies", len(fromDesk), len(vacations))
	}
}

// TestFloodLimitPerAddress: ten incidents from one address within the hour become ten
// tickets, but only auto_per_address_per_hour (5) confirmations go out; the others are
// recorded as suppressed.
func TestFloodLimitPerAddress(t *testing.T) {
	t.Parallel()
	const cust = "viel@schreiber-v.test"
	e := startEnv(t, envOptions{})
	limit := e.cfg.Policy.AutoPerAddressPerHour
	for i := range 10 {
		e.deliver(newMail(cust, fmt.Sprintf("Problem %d", i+1), "Noch ein Problem."))
	}
	waitFor(t, ingestTimeout, func() bool { return len(e.tickets()) == 10 }, "10 tickets")
	waitForState(t, ingestTimeout, func() (bool, string) {
		sent := 0
		for _, m := range e.outbox() {
			if m.State == "sent" {
				sent++
			}
		}
		return sent == limit && len(e.suppressions()) == 10-limit, fmt.Sprintf("%d sent, %d suppressed", sent, len(e.suppressions()))
	}, fmt.Sprintf("%d confirmations sent and %d suppressed", limit, 10-limit))
	waitQuiet(t, time.Second, 10*time.Second, func() string { return fmt.Sprint(len(e.relay.Messages())) }, "the relay")

	if n := len(e.relayed(cust)); n != limit {
		t.Errorf("%s got %d confirmations, want %d (auto_per_address_per_hour)", cust, n, limit)
	}
	for _, s := range e.suppressions() {
		if s.To != cust || s.Kind != "confirmation" || !strings.Contains(s.Reason, "flood limit") {
			t.Errorf("suppression %+v, want a confirmation to %s held back by the flood limit", s, cust)
		}
	}
}

// TestNoReplySenderGetsNoConfirmation: an alert from a monitoring system's no-reply address
// becomes a ticket, but nothing is mailed back to that address.
func TestNoReplySenderGetsNoConfirmation(t *testing.T) {
	t.Parallel()
	const alerts = "noreply@monitoring.kunde-m.test"
	e := startEnv(t, envOptions{})
	e.deliver(newMail(alerts, "ALARM: Festplatte C: zu 98 % voll", "Server FS01, Laufwerk C:"))
	e.deliver(newMail("mensch@kunde-m.test", "Kollege meldet dasselbe", "Speicher voll."))
	waitFor(t, ingestTimeout, func() bool { return len(e.tickets()) == 2 }, "2 tickets")
	waitRelayed(t, e, "mensch@kunde-m.test", 1) // the other confirmation went out: the outbox ran
	waitQuiet(t, time.Second, 10*time.Second, func() string { return fmt.Sprint(len(e.relay.Messages())) }, "the relay")
	if got := e.relayed(alerts); len(got) != 0 {
		t.Errorf("%d mails to the no-reply address %s, want none", len(got), alerts)
	}
	for _, m := range e.outbox() {
		if containsFold(m.To, alerts) {
			t.Errorf("outbox mail %+v to the no-reply address", m)
		}
	}
}

// sendViaRelay submits raw to the relay as a mail client would (the relay hands it to Dovecot).
func (e *env) sendViaRelay(from string, to []string, raw []byte) {
	e.t.Helper()
	c, err := smtp.Dial(e.relay.Addr())
	if err != nil {
		e.t.Fatalf("dial relay: %v", err)
	}
	defer c.Close()
	if err := c.SendMail(from, to, bytes.NewReader(raw)); err != nil {
		e.t.Fatalf("send via relay: %v", err)
	}
	if err := c.Quit(); err != nil {
		e.t.Fatalf("quit relay: %v", err)
	}
}
