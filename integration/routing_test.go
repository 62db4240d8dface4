package integration

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"helpdesk/daemon"
	"helpdesk/directory"
)

const (
	neumann = "l.neumann@kanzlei-berger.demo" // K-1001, permission report
	berger  = "c.berger@kanzlei-berger.demo"  // K-1001, permission extended
	itDesk  = "it@kanzlei-berger.demo"        // K-1001's new_ticket and status_change address
	oconnor = "d.oconnor@hoffmann-group.test" // K-1003 (English), extended, on its new_ticket list
	hoffIT  = "it-support@hoffmann-maschinenbau.demo"
)

// TestDirectoryRouting (issue 3): with examples/directory.toml imported, mail is answered in
// the customer's language and told to exactly the addresses the customer chose; a "Status"
// mail gets the customer's own summary when the contact may see it and a refusal without data
// when not, and neither becomes a ticket; a status change goes to the requester and the
// customer's status address, and the requester's answer reopens the ticket.
func TestDirectoryRouting(t *testing.T) {
	t.Parallel()
	e := startEnv(t, envOptions{users: []string{neumann, berger, itDesk, oconnor}})
	dir, err := directory.Load("../examples/directory.toml")
	if err != nil {
		t.Fatalf("directory.Load: %v", err)
	}
	counts := call(t, e, daemon.DirectoryImport, daemon.DirectoryArgs{Directory: dir})
	if counts.Customers != 3 || counts.Contacts != 7 {
		t.Fatalf("directory.import = %+v, want 3 customers and 7 contacts", counts)
	}

	// A German customer's incident: confirmation to the requester, new_ticket to the IT desk.
	inc := newMail(neumann, "Terminalserver langsam", "Seit dem Update hakt alles.")
	e.deliver(inc)
	berger1 := waitTicket(t, e, neumann)
	if berger1.Customer != "K-1001" {
		t.Errorf("ticket %s customer = %q, want K-1001", berger1.Number, berger1.Customer)
	}
	mails := waitTicketMails(t, e, berger1.Number, 2)
	wantRecipients(t, mails, neumann, itDesk)
	conf, notice := byRecipient(mails, neumann), byRecipient(mails, itDesk)
	if !strings.Contains(conf.Text, "vielen Dank für Ihre Nachricht") || !strings.Contains(conf.Subject, "[Ticket#"+berger1.Number+"]") {
		t.Errorf("confirmation to %s is not the German confirmation: %q\n%s", neumann, conf.Subject, conf.Text)
	}
	if !strings.Contains(notice.Text, "neues Ticket") || !strings.Contains(notice.Text, neumann) {
		t.Errorf("new_ticket mail to %s does not announce the ticket of %s:\n%s", itDesk, neumann, notice.Text)
	}

	// An English customer's incident: English confirmation; the requester is on the
	// customer's new_ticket list too, but gets one mail, not two.
	en := newMail(oconnor, "Printer offline", "The plotter in hall 2 is offline.")
	e.deliver(en)
	hoffmann := waitTicket(t, e, oconnor)
	mails = waitTicketMails(t, e, hoffmann.Number, 2)
	wantRecipients(t, mails, oconnor, hoffIT)
	if c := byRecipient(mails, oconnor); !strings.Contains(c.Text, "thank you for your message") || !strings.Contains(c.Text, "Kind regards") {
		t.Errorf("confirmation to %s is not English:\n%s", oconnor, c.Text)
	}

	// "Status" from an extended contact: K-1001's summary, nothing of K-1003; no ticket.
	e.deliver(newMail(berger, "Status", "Bitte um den aktuellen Stand."))
	summary := waitRelayed(t, e, berger, 1)[0]
	if !strings.Contains(summary.Text, berger1.Number) || !strings.Contains(summary.Text, berger1.Subject) {
		t.Errorf("summary to %s does not list K-1001's open ticket %s %q:\n%s", berger, berger1.Number, berger1.Subject, summary.Text)
	}
	if strings.Contains(summary.Text, hoffmann.Number) || strings.Contains(summary.Text, hoffmann.Subject) || strings.Contains(summary.Text, "Hoffmann") {
		t.Errorf("summary to %s shows K-1003's data:\n%s", berger, summary.Text)
	}

	// "Status" from a report-only contact: a refusal without ticket data; no ticket.
	e.deliver(newMail(neumann, "Status", "Wie ist der Stand?"))
	waitRelayed(t, e, neumann, 2)
	var refusal *gotMail
	for _, m := range e.relayed(neumann) {
		if m.Header.Get("X-Helpdesk-Ticket") == "" {
			refusal = m
		}
	}
	if refusal == nil {
		t.Fatalf("no refusal to %s among %d mails", neumann, len(e.relayed(neumann)))
	}
	if !strings.Contains(refusal.Text, "nicht bearbeiten") {
		t.Errorf("answer to %s's Status mail is not the refusal:\n%s", neumann, refusal.Text)
	}
	for _, leak := range []string{berger1.Number, berger1.Subject, hoffmann.Number, "Offene Tickets"} {
		if strings.Contains(refusal.Text, leak) || strings.Contains(refusal.HTML, leak) {
			t.Errorf("refusal to %s reveals %q:\n%s", neumann, leak, refusal.Text)
		}
	}
	waitFor(t, ingestTimeout, func() bool { return e.count(support)["Processed"] == 4 }, "4 mails in Processed")
	if n := len(e.tickets()); n != 2 {
		t.Errorf("%d tickets, want 2 (Status mails make none)", n)
	}

	// A status change goes to the requester and K-1001's status_change address, nobody else.
	call(t, e, daemon.TicketStatus, daemon.TicketStatusArgs{Number: berger1.Number, Status: "resolved", Note: "Profil neu angelegt."})
	mails = waitTicketMails(t, e, berger1.Number, 4)
	var changes []*gotMail
	for _, m := range mails[2:] {
		changes = append(changes, m)
		if !strings.Contains(m.Text, "Profil neu angelegt.") {
			t.Errorf("status mail to %v lacks the note:\n%s", m.EnvTo, m.Text)
		}
	}
	wantRecipients(t, changes, neumann, itDesk)

	// The requester answers the status mail: the ticket reopens and only he is told.
	reply := newMail(neumann, "AW: "+byRecipient(changes, neumann).Subject, "Leider wieder langsam.")
	reply.Headers = [][2]string{{"In-Reply-To", "<" + byRecipient(changes, neumann).MessageID + ">"}}
	e.deliver(reply)
	mails = waitTicketMails(t, e, berger1.Number, 5)
	wantRecipients(t, mails[4:], neumann)
	if got := e.ticket(berger1.Number); got.Status != "in_progress" {
		t.Errorf("ticket %s status after the reply = %s, want in_progress (reopened)", berger1.Number, got.Status)
	}
	for _, m := range e.outbox() {
		if m.State != "sent" {
			t.Errorf("outbox mail %+v not sent", m)
		}
	}
}

// waitTicket waits for the ticket requested by addr.
func waitTicket(t *testing.T, e *env, addr string) daemon.TicketSummary {
	t.Helper()
	var found daemon.TicketSummary
	waitFor(t, ingestTimeout, func() bool {
		for _, tk := range e.tickets() {
			if tk.Requester == addr {
				found = tk
				return true
			}
		}
		return false
	}, "the ticket of "+addr)
	return found
}

// waitTicketMails waits until the relay accepted n mails of ticket number and every outbox
// mail of the ticket is sent, so no further recipient can come; it returns them in order.
func waitTicketMails(t *testing.T, e *env, number string, n int) []*gotMail {
	t.Helper()
	waitForState(t, ingestTimeout, func() (bool, string) {
		pending := 0
		for _, m := range e.outbox() {
			if m.Ticket == number && m.State != "sent" {
				pending++
			}
		}
		got := len(ticketMails(e.relayed(""), number))
		return got >= n && pending == 0, fmt.Sprintf("%d mails relayed, %d not sent", got, pending)
	}, fmt.Sprintf("%d mails of ticket %s", n, number))
	return ticketMails(e.relayed(""), number)
}

// waitRelayed waits until the relay accepted n mails for rcpt.
func waitRelayed(t *testing.T, e *env, rcpt string, n int) []*gotMail {
	t.Helper()
	waitFor(t, ingestTimeout, func() bool { return len(e.relayed(rcpt)) >= n }, fmt.Sprintf("%d mails to %s", n, rcpt))
	return e.relayed(rcpt)
}

// wantRecipients checks that mails went to exactly the given addresses, one mail each.
func wantRecipients(t *testing.T, mails []*gotMail, addrs ...string) {
	t.Helper()
	got := map[string]int{}
	for _, m := range mails {
		for _, to := range m.EnvTo {
			got[strings.ToLower(to)]++
		}
	}
	want := map[string]int{}
	for _, a := range addrs {
		want[a] = 1
	}
	if !maps.Equal(got, want) {
		t.Errorf("recipients = %v, want exactly %v", got, slices.Sorted(maps.Keys(want)))
	}
}

func byRecipient(mails []*gotMail, addr string) *gotMail {
	for _, m := range mails {
		if containsFold(m.EnvTo, addr) {
			return m
		}
	}
	return &gotMail{}
}
