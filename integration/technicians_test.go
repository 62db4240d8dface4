package integration

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"helpdesk/config"
	"helpdesk/daemon"
	"helpdesk/directory"
	"helpdesk/staff"
)

// The people of the technician tests: a contact of K-1001 (examples/directory.toml), its
// status-change address, technician Max Keller with a second, private address, the dispatch
// team's mailbox and a dispatcher.
const (
	techCustomer = "l.neumann@kanzlei-berger.demo"
	techStatusTo = "it@kanzlei-berger.demo"
	techMax      = "max.keller@systemhaus.test"
	techMaxHome  = "max@privat.test"
	techDispatch = "dispo@systemhaus.test"
	techDana     = "dana@systemhaus.test"
	techStranger = "max.keller@evil.test"
)

// startTechEnv is a running desk with the example directory, Max and Dana, and mailboxes for
// everyone the desk writes to.
func startTechEnv(t *testing.T, configure func(*config.Config)) *env {
	t.Helper()
	e := startEnv(t, envOptions{
		users: []string{techCustomer, techStatusTo, techMax, techMaxHome, techDispatch, techDana, techStranger},
		configure: func(c *config.Config) {
			c.Dispatch.Address = techDispatch
			if configure != nil {
				configure(c)
			}
		},
	})
	dir, err := directory.Load("../examples/directory.toml")
	if err != nil {
		t.Fatalf("directory.Load: %v", err)
	}
	call(t, e, daemon.DirectoryImport, daemon.DirectoryArgs{Directory: dir})
	call(t, e, daemon.TechnicianAdd, daemon.AddArgs[staff.Technician]{Record: staff.Technician{
		ID: "mkeller", Name: "Max Keller", Emails: []string{techMax, techMaxHome}, Role: staff.RoleTechnician, Active: true}})
	call(t, e, daemon.TechnicianAdd, daemon.AddArgs[staff.Technician]{Record: staff.Technician{
		ID: "dana", Name: "Dana Dispo", Emails: []string{techDana}, Role: staff.RoleDispatch, Active: true}})
	return e
}

// waitMail waits for a mail of ticket number in user's INBOX whose subject or text contains
// want, and returns it.
func (e *env) waitMail(user, number, want string) *gotMail {
	e.t.Helper()
	var found *gotMail
	waitForState(e.t, ingestTimeout, func() (bool, string) {
		ms := ticketMails(e.inbox(user), number)
		for _, m := range ms {
			if strings.Contains(m.Subject, want) || strings.Contains(m.Text, want) {
				found = m
				return true, ""
			}
		}
		return false, fmt.Sprintf("%d mails of the ticket", len(ms))
	}, fmt.Sprintf("a mail of ticket %s with %q to %s", number, want, user))
	return found
}

// answer is a technician's answer to a desk mail: to its Reply-To, threaded under it.
func answer(from string, to *gotMail, body string) *testMail {
	m := newMail(from, "AW: "+to.Subject, body)
	m.To = to.Header.Get("Reply-To")
	m.Headers = [][2]string{{"In-Reply-To", "<" + to.MessageID + ">"}, {"References", "<" + to.MessageID + ">"}}
	return m
}

// TestTechnicianWorksTicketByMail is issue 10's main flow against Dovecot: the assignment mail
// with history and attachments, an answer with status and two time entries whose text reaches
// the customer clean, an internal note that reaches nobody, a customer's reply forwarded to
// the technician and the answer to that forward landing on the ticket.
func TestTechnicianWorksTicketByMail(t *testing.T) {
	t.Parallel()
	e := startTechEnv(t, nil)

	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 4096)...)
	in := newMail("Lena Neumann <"+techCustomer+">", "Drucker im 2. OG druckt nicht", "")
	in.Raw = multipartBody("b-1",
		part{header: "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit", body: []byte("Der Drucker zeigt Fehler 0x42, Foto anbei.\n")},
		part{header: "Content-Type: image/png\nContent-Disposition: attachment; filename=\"fehler.png\"\nContent-Transfer-Encoding: base64", body: png, base64: true},
	)
	e.deliver(in)
	waitFor(t, ingestTimeout, func() bool { return len(e.tickets()) == 1 }, "the ticket")
	number := e.tickets()[0].Number

	// Dispatch hears of the new ticket and assigns it by answering.
	disp := e.waitMail(techDispatch, number, "Drucker")
	if !strings.Contains(disp.Header.Get("Reply-To"), "+d"+number+".") {
		t.Errorf("dispatch mail's Reply-To = %q, want the dispatch reply address", disp.Header.Get("Reply-To"))
	}
	e.deliver(answer(techDana, disp, "#zuweisen mkeller"))

	asg := e.waitMail(techMax, number, "Fehler 0x42")
	for _, want := range []string{"fehler.png", "Content-Disposition: attachment", "K-1001", techCustomer} {
		if !strings.Contains(string(asg.Raw), want) {
			t.Errorf("assignment mail lacks %q", want)
		}
	}
	if !strings.Contains(asg.Header.Get("Reply-To"), "+w"+number+".mkeller.") {
		t.Fatalf("assignment Reply-To = %q, want Max's reply address", asg.Header.Get("Reply-To"))
	}
	if got := e.ticket(number).Assignee; got != "mkeller" {
		t.Errorf("assignee = %q, want mkeller", got)
	}

	// Max answers from his private address: commands, the answer, a signature, the quote.
	work := answer("Max Keller <"+techMaxHome+">", asg, "#status in Arbeit\n#zeit 45m Router getauscht\n#zeit 20m nb Kulanz: Fehler lag bei uns\n\n"+
		"Guten Tag Frau Neumann,\n\nder Router ist getauscht, bitte testen Sie erneut.\n\n-- \nMax Keller\nMobil 0171 5550123\n\n"+
		"Am 01.12.2026 um 09:00 schrieb Helpdesk <"+support+">:\n> Der Drucker zeigt Fehler 0x42\n")
	// The dry run says what will happen and what will be stored.
	cl := call(t, e, daemon.MailClassify, daemon.ClassifyArgs{Raw: work.Bytes()})
	if wantText := "Guten Tag Frau Neumann,\n\nder Router ist getauscht, bitte testen Sie erneut."; cl.Verdict != "command" || cl.Ticket != number || cl.Text != wantText {
		t.Errorf("mail.classify of the answer = %s %q text %q, want command on %s with text %q", cl.Verdict, cl.Ticket, cl.Text, number, wantText)
	}
	e.deliver(work)
	got := e.waitMail(techCustomer, number, "der Router ist getauscht")
	for _, bad := range []string{techMax, techMaxHome, "0171 5550123", "schrieb Helpdesk", "#zeit", "Kulanz", "+w" + number} {
		if strings.Contains(string(got.Raw), bad) {
			t.Errorf("the customer's mail contains %q", bad)
		}
	}
	if from := got.Header.Get("From"); !strings.Contains(from, support) {
		t.Errorf("the customer's mail is from %q, want the support address", from)
	}
	if !slices.Contains(got.InReplyTo, in.MessageID) {
		t.Errorf("answer In-Reply-To = %v, want the customer's mail %s", got.InReplyTo, in.MessageID)
	}
	e.waitMail(techStatusTo, number, "der Router ist getauscht") // the status changed
	if st := e.ticket(number).Status; st != "in_progress" {
		t.Errorf("status = %s, want in_progress", st)
	}
	times := collect(t, e, daemon.TimeList, daemon.TimeListArgs{Ticket: number})
	if len(times) != 2 {
		t.Fatalf("time entries = %+v, want 2", times)
	}
	slices.SortFunc(times, func(a, b daemon.TimeView) int { return int(a.ID) - int(b.ID) })
	if a, b := times[0], times[1]; a.Minutes != 45 || !a.Billable || a.Activity != "Router getauscht" ||
		b.Minutes != 20 || b.Billable || b.Reason != "Kulanz: Fehler lag bei uns" || a.Technician != "mkeller" || a.State != "recorded" {
		t.Errorf("time entries = %+v", times)
	}
	e.waitMail(techMax, number, "Ausgeführt") // the result, to his desk address

	// An internal note: on the ticket, to nobody.
	customerMails := len(e.inbox(techCustomer))
	e.deliver(answer(techMax, asg, "#intern\nAdmin-Passwort klebt am Monitor, Kunde darauf hinweisen."))
	waitFor(t, ingestTimeout, func() bool {
		cs := e.ticket(number).Comments
		return cs[len(cs)-1].Kind == "internal"
	}, "the internal note")

	// The customer answers; Max gets it forwarded and answers the forward.
	reply := newMail(techCustomer, "AW: "+got.Subject, "Geht leider immer noch nicht.")
	reply.To = got.Header.Get("Reply-To")
	e.deliver(reply)
	fw := e.waitMail(techMax, number, "Geht leider immer noch nicht.")
	e.deliver(answer(techMax, fw, "Ich komme morgen um 9 Uhr vorbei."))
	e.waitMail(techCustomer, number, "Ich komme morgen um 9 Uhr vorbei.")
	cs := e.ticket(number).Comments
	if last := cs[len(cs)-1]; last.Kind != "public" || last.Author != "mkeller" || last.Body != "Ich komme morgen um 9 Uhr vorbei." {
		t.Errorf("last comment = %+v", last)
	}
	for _, m := range e.inbox(techCustomer)[customerMails:] {
		if strings.Contains(string(m.Raw), "Admin-Passwort") {
			t.Errorf("the internal note reached the customer: %q", m.Subject)
		}
	}
	for _, addr := range []string{techCustomer, techStatusTo} {
		for _, m := range e.inbox(addr) {
			if strings.Contains(string(m.Raw), techMaxHome) || strings.Contains(string(m.Raw), techMax) {
				t.Errorf("a mail to %s names the technician's address: %q", addr, m.Subject)
			}
		}
	}
}

// TestUnprovenTechnicianMail: forged mails in a technician's name change nothing, are set
// aside unproven_command, and the technician's known address hears of it, never the sender.
func TestUnprovenTechnicianMail(t *testing.T) {
	t.Parallel()
	e := startTechEnv(t, nil)
	e.deliver(newMail(techCustomer, "VPN geht nicht", "Seit heute früh."))
	waitFor(t, ingestTimeout, func() bool { return len(e.tickets()) == 1 }, "the ticket")
	number := e.tickets()[0].Number
	call(t, e, daemon.TicketAssign, daemon.TicketAssignArgs{Number: number, Technician: "mkeller", By: "dana"})
	asg := e.waitMail(techMax, number, "VPN geht nicht")

	// The technician's address in From, to the plain support address, with the subject tag.
	forged := newMail(techMax, "AW: [Ticket#"+number+"] VPN geht nicht", "#status geschlossen\nErledigt.")
	e.deliver(forged)
	// Max's reply address, from a look-alike address.
	spoof := answer(`"Max Keller <`+techMax+`>" <`+techStranger+`>`, asg, "#status geschlossen\n#zeit 8h\nErledigt.")
	if cl := call(t, e, daemon.MailClassify, daemon.ClassifyArgs{Raw: spoof.Bytes()}); cl.Verdict != "setaside" || cl.ReasonCode != "unproven_command" {
		t.Errorf("mail.classify of the spoof = %s [%s], want setaside [unproven_command]", cl.Verdict, cl.ReasonCode)
	}
	e.deliver(spoof)

	waitFor(t, ingestTimeout, func() bool { return len(e.setAside()) == 2 }, "both mails set aside")
	for _, s := range e.setAside() {
		if s.ReasonCode != "unproven_command" || s.Ticket != number {
			t.Errorf("set aside %+v, want unproven_command for ticket %s", s, number)
		}
	}
	waitFor(t, ingestTimeout, func() bool {
		n := 0
		for _, m := range ticketMails(e.inbox(techMax), number) {
			if strings.Contains(m.Subject, "NICHT") || strings.Contains(m.Text, "nicht angewendet") || strings.Contains(m.Text, "NICHT") {
				n++
			}
		}
		return n == 2
	}, "two warnings to Max's known address")
	time.Sleep(time.Second) // the outbox would have sent anything else by now
	if ms := e.inbox(techStranger); len(ms) != 0 {
		t.Errorf("the look-alike sender got %d mails, want none", len(ms))
	}
	if st := e.ticket(number).Status; st != "new" {
		t.Errorf("status = %s, want new", st)
	}
	if times := collect(t, e, daemon.TimeList, daemon.TimeListArgs{Ticket: number}); len(times) != 0 {
		t.Errorf("time entries = %+v, want none", times)
	}
	for _, c := range e.ticket(number).Comments {
		if strings.Contains(c.Body, "Erledigt.") {
			t.Errorf("an unproven mail's text is on the ticket: %+v", c)
		}
	}
}
