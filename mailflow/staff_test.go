package mailflow

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"helpdesk/config"
	"helpdesk/staff"
	"helpdesk/templates"
	"helpdesk/ticketstore"
)

// The desk's people in the staff tests: Max Keller, technician; Dana Dispo, dispatcher; Lea
// Lang, technician, disabled.
const (
	maxAddr   = "max.keller@desk.test"
	maxHome   = "max@privat.example" // Max's second address: allowed to mail, never shown to customers
	danaAddr  = "dana@desk.test"
	dispatch  = "dispo@desk.test"
	customerA = "l.neumann@kanzlei-berger.demo" // a contact of K-1001
	statusTo  = "it@kanzlei-berger.demo"        // K-1001's notify address
)

var deskStaff = []staff.Technician{
	{ID: "mkeller", Name: "Max Keller", Emails: []string{maxAddr, maxHome}, Role: staff.RoleTechnician, Active: true},
	{ID: "dana", Name: "Dana Dispo", Emails: []string{danaAddr}, Role: staff.RoleDispatch, Active: true},
	{ID: "llang", Name: "Lea Lang", Emails: []string{"lea@desk.test"}, Role: staff.RoleTechnician, Active: false},
}

// newStaffFixture is a desk with the example directory, the staff above and a dispatch address.
func newStaffFixture(t *testing.T, tweak ...func(*config.Config)) *fixture {
	t.Helper()
	f := newFixture(t, append([]func(*config.Config){func(c *config.Config) {
		c.Dispatch.Address = dispatch
		c.Policy.TrustedAuthservIDs = []string{"mx.desk.test"}
	}}, tweak...)...)
	f.p.SetDirectory(exampleDirectory(t))
	f.p.SetTechnicians(deskStaff)
	return f
}

// staffMail is a mail of a technician: from, to, subject, extra header lines, body.
func staffMail(from, to, subject, msgID, extra, body string) string {
	return fmt.Sprintf("From: %s\nTo: %s\nSubject: %s\nMessage-ID: <%s>\nDate: Sat, 28 Nov 2026 11:00:00 +0100\n%sContent-Type: text/plain; charset=utf-8\n\n%s\n",
		from, to, subject, msgID, extra, body)
}

// mailsTo returns the outbox mails to addr, of kind when kind is set.
func (f *fixture) mailsTo(addr, kind string) []ticketstore.OutboxMail {
	f.t.Helper()
	var out []ticketstore.OutboxMail
	for _, m := range f.outbox() {
		if slices.Contains(m.To, addr) && (kind == "" || m.Kind == kind) {
			out = append(out, m)
		}
	}
	return out
}

// openAssigned opens a ticket of customer A and assigns it to mkeller.
func (f *fixture) openAssigned() *ticketstore.Ticket {
	f.t.Helper()
	f.deliver(incident("Lena Neumann <"+customerA+">", "Drucker im 2. OG druckt nicht", "m1@kanzlei-berger.demo"))
	tk := f.tickets()[0]
	if _, err := f.p.Assign(context.Background(), tk.Number, "mkeller", "dana"); err != nil {
		f.t.Fatalf("Assign: %v", err)
	}
	return f.ticket(tk.Number)
}

func TestNewTicketAnnouncedToDispatch(t *testing.T) {
	f := newStaffFixture(t)
	f.deliver(incident("Lena Neumann <"+customerA+">", "Drucker", "m1@kanzlei-berger.demo"))
	ms := f.mailsTo(dispatch, templates.KindDispatch)
	if len(ms) != 1 {
		t.Fatalf("dispatch mails = %d, want 1", len(ms))
	}
	raw := string(ms[0].Raw)
	for _, want := range []string{"Reply-To: ", "support+d2026-000001.", "mkeller", "K-1001"} {
		if !strings.Contains(raw, want) {
			t.Errorf("dispatch mail lacks %q:\n%s", want, raw)
		}
	}
	if strings.Contains(raw, "llang") {
		t.Errorf("dispatch mail lists the disabled technician:\n%s", raw)
	}
}

func TestAssignmentMailCarriesTheTicket(t *testing.T) {
	f := newStaffFixture(t)
	tk := f.openAssigned()
	if tk.Assignee != "mkeller" {
		t.Fatalf("assignee = %q", tk.Assignee)
	}
	ms := f.mailsTo(maxAddr, templates.KindAssignment)
	if len(ms) != 1 {
		t.Fatalf("assignment mails = %d, want 1", len(ms))
	}
	raw := string(ms[0].Raw)
	reply := f.p.Signer.TechnicianAddress(tk.Number, "mkeller")
	for _, want := range []string{reply, "Body of m1@kanzlei-berger.demo", "K-1001", customerA} {
		if !strings.Contains(raw, want) {
			t.Errorf("assignment mail lacks %q:\n%s", want, raw)
		}
	}
	if slices.Contains(ms[0].To, maxHome) {
		t.Errorf("assignment went to the second address: %v", ms[0].To)
	}
}

// TestTechnicianAnswerAppliesAll is the main case: status, two time entries and a
// text that reaches the customer from the support address, without the technician's address,
// signature or the quoted history.
func TestTechnicianAnswerAppliesAll(t *testing.T) {
	f := newStaffFixture(t)
	tk := f.openAssigned()
	before := len(f.outbox())
	reply := f.p.Signer.TechnicianAddress(tk.Number, "mkeller")
	body := "#status in Arbeit\n#zeit 45m Router getauscht\n#zeit 20m nb Kulanz: Fehler lag bei uns\n\n" +
		"Guten Tag Frau Neumann,\n\nder Router ist getauscht, bitte testen Sie erneut.\n\n" +
		"-- \nMax Keller\nMobil 0171 5550123\n\n" +
		"Am 28.11.2026 um 10:00 schrieb IT-Service Test <" + support + ">:\n> Body of m1@kanzlei-berger.demo\n"
	if folder := f.deliver(staffMail("Max Keller <"+maxAddr+">", reply, "AW: [Ticket#"+tk.Number+"] Drucker im 2. OG druckt nicht", "a1@desk.test", "", body)); folder != "Processed" {
		t.Fatalf("folder = %q, want Processed", folder)
	}
	got := f.ticket(tk.Number)
	if got.Status != ticketstore.StatusInProgress {
		t.Errorf("status = %s, want in_progress", got.Status)
	}
	var times []ticketstore.TimeEntry
	f.view(func(tx *ticketstore.Tx) error {
		var err error
		times, err = tx.TimeEntries(ticketstore.TimeFilter{Ticket: tk.Number})
		return err
	})
	if len(times) != 2 {
		t.Fatalf("time entries = %+v, want 2", times)
	}
	if e := times[0]; e.Minutes != 45 || !e.Billable || e.Activity != "Router getauscht" || e.Technician != "mkeller" || e.Customer != "K-1001" || !strings.HasPrefix(e.Source, "mail:") {
		t.Errorf("first entry = %+v", e)
	}
	if e := times[1]; e.Minutes != 20 || e.Billable || e.Reason != "Kulanz: Fehler lag bei uns" {
		t.Errorf("second entry = %+v", e)
	}
	cs := f.comments(tk.Number)
	var public *ticketstore.Comment
	for i := range cs {
		if cs[i].Kind == ticketstore.KindPublic {
			public = &cs[i]
		}
	}
	if public == nil || public.Body != "Guten Tag Frau Neumann,\n\nder Router ist getauscht, bitte testen Sie erneut." {
		t.Fatalf("public comment = %+v", public)
	}
	out := f.outbox()[before:]
	var toCustomer, result []ticketstore.OutboxMail
	for _, m := range out {
		switch {
		case m.Kind == templates.KindCommentAdded:
			toCustomer = append(toCustomer, m)
		case m.Kind == templates.KindCommandResult:
			result = append(result, m)
		}
	}
	// The requester and the customer's status-change address (the status changed).
	var recipients []string
	for _, m := range toCustomer {
		recipients = append(recipients, m.To...)
	}
	slices.Sort(recipients)
	if want := []string{statusTo, customerA}; !slices.Equal(recipients, want) {
		t.Errorf("answer went to %v, want %v", recipients, want)
	}
	for _, m := range toCustomer {
		raw := string(m.Raw)
		for _, bad := range []string{maxAddr, maxHome, "0171 5550123", "schrieb IT-Service", "#zeit", "Kulanz", "+w"} {
			if strings.Contains(raw, bad) {
				t.Errorf("customer's mail contains %q:\n%s", bad, raw)
			}
		}
		for _, want := range []string{`From: "IT-Service Test" <` + support + ">", "der Router ist getauscht", "In-Reply-To: <m1@kanzlei-berger.demo>", "support+t" + tk.Number + "."} {
			if !strings.Contains(raw, want) {
				t.Errorf("customer's mail lacks %q:\n%s", want, raw)
			}
		}
	}
	if len(result) != 1 || result[0].To[0] != maxAddr || !strings.Contains(string(result[0].Raw), "Ausgef") {
		t.Errorf("command result = %+v", result)
	}
	// The status mail is not sent as well: the answer said it.
	if n := len(f.mailsTo(customerA, templates.KindStatusChange)); n != 0 {
		t.Errorf("status-change mails = %d, want 0 (the answer carries the status)", n)
	}
}

func TestInternalNoteNeverReachesTheCustomer(t *testing.T) {
	f := newStaffFixture(t)
	tk := f.openAssigned()
	before := len(f.outbox())
	reply := f.p.Signer.TechnicianAddress(tk.Number, "mkeller")
	f.deliver(staffMail(maxAddr, reply, "AW: [Ticket#"+tk.Number+"] Drucker", "a1@desk.test", "", "#intern\nKunde hat das Admin-Passwort am Monitor kleben."))
	cs := f.comments(tk.Number)
	last := cs[len(cs)-1]
	if last.Kind != ticketstore.KindInternal || !strings.Contains(last.Body, "Admin-Passwort") {
		t.Errorf("last comment = %+v, want the internal note", last)
	}
	for _, m := range f.outbox()[before:] {
		if !slices.Contains(m.To, maxAddr) {
			t.Errorf("an internal note sent %s to %v", m.Kind, m.To)
		}
		if m.Kind != templates.KindCommandResult {
			t.Errorf("an internal note sent a %s mail", m.Kind)
		}
	}
}

func TestCustomerReplyForwardedAndAnswerLands(t *testing.T) {
	f := newStaffFixture(t)
	tk := f.openAssigned()
	f.deliver(incident(customerA, "AW: [Ticket#"+tk.Number+"] Drucker", "r1@kanzlei-berger.demo"))
	fw := f.mailsTo(maxAddr, templates.KindForward)
	if len(fw) != 1 {
		t.Fatalf("forwards = %d, want 1", len(fw))
	}
	reply := f.p.Signer.TechnicianAddress(tk.Number, "mkeller")
	if raw := string(fw[0].Raw); !strings.Contains(raw, "Body of r1@kanzlei-berger.demo") || !strings.Contains(raw, reply) {
		t.Errorf("forward lacks the comment or the reply address:\n%s", raw)
	}
	// The technician answers the forward: threaded by its Message-ID, addressed to its Reply-To.
	f.deliver(staffMail(maxAddr, reply, "AW: [Ticket#"+tk.Number+"] Drucker", "a2@desk.test",
		"In-Reply-To: <"+fw[0].MessageID+">\n", "Ich komme morgen um 9 Uhr vorbei."))
	cs := f.comments(tk.Number)
	if last := cs[len(cs)-1]; last.Kind != ticketstore.KindPublic || last.Body != "Ich komme morgen um 9 Uhr vorbei." || last.Author != "mkeller" {
		t.Errorf("last comment = %+v", last)
	}
	if n := len(f.mailsTo(customerA, templates.KindCommentAdded)); n != 1 {
		t.Errorf("answers to the customer = %d, want 1", n)
	}
}

func TestUnassignedReplyGoesToDispatch(t *testing.T) {
	f := newStaffFixture(t)
	f.deliver(incident(customerA, "Drucker", "m1@kanzlei-berger.demo"))
	f.deliver(incident(customerA, "AW: [Ticket#2026-000001] Drucker", "r1@kanzlei-berger.demo"))
	if n := len(f.mailsTo(dispatch, templates.KindForward)); n != 1 {
		t.Errorf("forwards to dispatch = %d, want 1", n)
	}
	// Dispatch assigns by answering.
	f.deliver(staffMail(danaAddr, f.p.Signer.DispatchAddress("2026-000001"), "AW: [Ticket#2026-000001] Drucker", "d1@desk.test", "", "#zuweisen mkeller"))
	if a := f.ticket("2026-000001").Assignee; a != "mkeller" {
		t.Errorf("assignee = %q, want mkeller", a)
	}
	if n := len(f.mailsTo(maxAddr, templates.KindAssignment)); n != 1 {
		t.Errorf("assignment mails = %d, want 1", n)
	}
}

func TestBadCommandAppliesNothing(t *testing.T) {
	f := newStaffFixture(t)
	tk := f.openAssigned()
	before := len(f.outbox())
	reply := f.p.Signer.TechnicianAddress(tk.Number, "mkeller")
	f.deliver(staffMail(maxAddr, reply, "AW: [Ticket#"+tk.Number+"] Drucker", "a1@desk.test", "", "#status gelöst\n#zeit 45\n\nIst erledigt."))
	if got := f.ticket(tk.Number); got.Status != tk.Status {
		t.Errorf("status changed to %s by a mail with an error", got.Status)
	}
	f.view(func(tx *ticketstore.Tx) error {
		es, err := tx.TimeEntries(ticketstore.TimeFilter{Ticket: tk.Number})
		if len(es) != 0 {
			t.Errorf("time entries = %+v, want none", es)
		}
		return err
	})
	cs := f.comments(tk.Number)
	if last := cs[len(cs)-1]; last.Kind != ticketstore.KindUnapplied || !strings.Contains(last.Body, "Ist erledigt.") {
		t.Errorf("last comment = %+v, want the text kept unapplied", last)
	}
	out := f.outbox()[before:]
	if len(out) != 1 || out[0].Kind != templates.KindCommandResult || out[0].To[0] != maxAddr {
		t.Fatalf("mails = %+v, want only the result to the technician", out)
	}
	if raw := string(out[0].Raw); !strings.Contains(raw, "NICHT ausgef") || !strings.Contains(raw, "#zeit 45m") {
		t.Errorf("result does not name the error and the fix:\n%s", raw)
	}
}

func TestHelpAnswersTheSyntax(t *testing.T) {
	f := newStaffFixture(t)
	tk := f.openAssigned()
	reply := f.p.Signer.TechnicianAddress(tk.Number, "mkeller")
	f.deliver(staffMail(maxAddr, reply, "AW: [Ticket#"+tk.Number+"] Drucker", "a1@desk.test", "", "#hilfe"))
	ms := f.mailsTo(maxAddr, templates.KindCommandHelp)
	if len(ms) != 1 || !strings.Contains(string(ms[0].Raw), "#zeit") {
		t.Fatalf("help mails = %+v", ms)
	}
	if n := len(f.mailsTo(customerA, "")); n != 1 { // only the confirmation
		t.Errorf("mails to the customer = %d, want 1", n)
	}
}

// TestUnprovenCommands: each mail claims to be a technician's and fails proof. None changes
// anything; each is set aside unproven_command; the known address hears of it, never the
// address the mail came from.
func TestUnprovenCommands(t *testing.T) {
	const foreignAR = "Authentication-Results: mx.evil.example; dkim=pass header.d=desk.test; spf=pass smtp.mailfrom=desk.test\n"
	cases := []struct {
		name   string
		tweak  func(*config.Config)
		mail   func(f *fixture, number, other string) string
		reason string // part of the recorded reason
	}{
		{"forged From to the plain address with the subject tag", nil, func(f *fixture, n, _ string) string {
			return staffMail(maxAddr, support, "AW: [Ticket#"+n+"] Drucker", "x@evil.example", "", "#status geschlossen")
		}, "plain support address"},
		{"valid token of another ticket", nil, func(f *fixture, n, other string) string {
			return staffMail(maxAddr, f.p.Signer.TechnicianAddress(other, "mkeller"), "AW: [Ticket#"+n+"] Drucker", "x@evil.example", "", "#status geschlossen")
		}, "issued for ticket"},
		{"token of another technician", nil, func(f *fixture, n, _ string) string {
			return staffMail(maxAddr, f.p.Signer.TechnicianAddress(n, "dana"), "AW: [Ticket#"+n+"] Drucker", "x@evil.example", "", "#status geschlossen")
		}, "issued to dana"},
		{"altered token", nil, func(f *fixture, n, _ string) string {
			tok := f.p.Signer.TechnicianAddress(n, "mkeller")
			at := strings.IndexByte(tok, '@')
			flip := "0"
			if tok[at-1] == '0' {
				flip = "1"
			}
			return staffMail(maxAddr, tok[:at-1]+flip+tok[at:], "AW: [Ticket#"+n+"] Drucker", "x@evil.example", "", "#status geschlossen")
		}, "not issued by this desk"},
		{"correct token, foreign From", nil, func(f *fixture, n, _ string) string {
			return staffMail("m.keller@freemail.example", f.p.Signer.TechnicianAddress(n, "mkeller"), "AW: [Ticket#"+n+"] Drucker", "x@evil.example", "", "#status geschlossen")
		}, "not one of mkeller's addresses"},
		{"display-name spoof", nil, func(f *fixture, n, _ string) string {
			return staffMail(`"Max Keller <max.keller@desk.test>" <max.keller@evil.example>`, f.p.Signer.TechnicianAddress(n, "mkeller"), "AW: [Ticket#"+n+"] Drucker", "x@evil.example", "", "#status geschlossen")
		}, "max.keller@evil.example"},
		{"Authentication-Results of an untrusted host when required", func(c *config.Config) { c.Technicians.RequireAuthenticationResults = true }, func(f *fixture, n, _ string) string {
			return staffMail(maxAddr, f.p.Signer.TechnicianAddress(n, "mkeller"), "AW: [Ticket#"+n+"] Drucker", "x@evil.example", foreignAR, "#status geschlossen")
		}, "Authentication-Results"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var tweaks []func(*config.Config)
			if tc.tweak != nil {
				tweaks = append(tweaks, tc.tweak)
			}
			f := newStaffFixture(t, tweaks...)
			tk := f.openAssigned()
			f.deliver(incident("other@kanzlei-berger.demo", "Zweites Ticket", "m2@kanzlei-berger.demo"))
			other := f.tickets()[1].Number
			before := len(f.outbox())
			comments := len(f.comments(tk.Number))

			if folder := f.deliver(tc.mail(f, tk.Number, other)); folder != "Set-Aside" && folder != f.p.Config.IMAP.SetAsideFolder {
				t.Errorf("folder = %q, want the set-aside folder", folder)
			}
			if got := f.ticket(tk.Number); got.Status != tk.Status {
				t.Errorf("status changed to %s", got.Status)
			}
			if n := len(f.comments(tk.Number)); n != comments {
				t.Errorf("comments %d -> %d: an unproven mail left text on the ticket", comments, n)
			}
			ss := f.setAsides()
			last := ss[len(ss)-1]
			if last.ReasonCode != "unproven_command" || !strings.Contains(last.Reason, tc.reason) {
				t.Errorf("set aside %q %q, want unproven_command naming %q", last.ReasonCode, last.Reason, tc.reason)
			}
			out := f.outbox()[before:]
			if len(out) != 1 || out[0].Kind != templates.KindUnprovenCommand {
				t.Fatalf("mails = %+v, want one unproven_command mail", out)
			}
			if to := out[0].To; len(to) != 1 || to[0] != maxAddr {
				t.Errorf("told %v, want only the known address %s", to, maxAddr)
			}
			if raw := string(out[0].Raw); strings.Contains(raw, "#status geschlossen") {
				t.Errorf("the warning repeats the mail's text:\n%s", raw)
			}
		})
	}
}

// TestPhoneCallOpensTicket: a technician's new mail to the plain support address opens a
// ticket for a customer, under the Authentication-Results proof only.
func TestPhoneCallOpensTicket(t *testing.T) {
	const trusted = "Authentication-Results: mx.desk.test; dkim=pass header.d=desk.test; spf=pass smtp.mailfrom=desk.test\n"
	f := newStaffFixture(t)
	f.deliver(staffMail(maxAddr, support, "Anruf: Outlook startet nicht", "p1@desk.test", trusted,
		"#kunde K-1001\n#melder Lena Neumann <"+customerA+">\n#zeit 15m Telefonat\n\nOutlook hängt beim Start, Profil neu anlegen."))
	ts := f.tickets()
	if len(ts) != 1 {
		t.Fatalf("tickets = %d, want 1", len(ts))
	}
	tk := ts[0]
	if tk.Customer != "K-1001" || tk.Requester != customerA {
		t.Errorf("ticket = %+v", tk)
	}
	cs := f.comments(tk.Number)
	if last := cs[len(cs)-1]; last.Kind != ticketstore.KindInternal || !strings.Contains(last.Body, "Profil neu anlegen") {
		t.Errorf("the call's note = %+v, want internal", last)
	}
	if n := len(f.mailsTo(customerA, templates.KindConfirmation)); n != 1 {
		t.Errorf("confirmations to the requester = %d, want 1", n)
	}
	// Without the proof: set aside, no ticket.
	f.deliver(staffMail(maxAddr, support, "Anruf: Drucker", "p2@desk.test", "", "#kunde K-1001\n\nDrucker."))
	if n := len(f.tickets()); n != 1 {
		t.Errorf("tickets = %d after an unauthenticated call note, want 1", n)
	}
	if ss := f.setAsides(); len(ss) != 1 || ss[0].ReasonCode != "unproven_command" {
		t.Errorf("set-asides = %+v", ss)
	}
}

// TestTechnicianAttachmentAndHTMLOnlyAnswer: an Outlook answer with only an HTML part (each
// line a paragraph) and an attachment: the commands apply, and the customer gets the text and
// the attachment.
func TestTechnicianAttachmentAndHTMLOnlyAnswer(t *testing.T) {
	f := newStaffFixture(t)
	tk := f.openAssigned()
	reply := f.p.Signer.TechnicianAddress(tk.Number, "mkeller")
	raw := "From: Max Keller <" + maxAddr + ">\nTo: " + reply + "\nSubject: AW: [Ticket#" + tk.Number + "] Drucker\n" +
		"Message-ID: <h1@desk.test>\nDate: Sat, 28 Nov 2026 11:00:00 +0100\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/mixed; boundary=\"m\"\n\n--m\nContent-Type: text/html; charset=utf-8\n\n" +
		"<html><body><p class=MsoNormal>#gelöst<o:p></o:p></p><p class=MsoNormal>&nbsp;</p>" +
		"<p class=MsoNormal>#zeit 1h30 Treiber neu installiert<o:p></o:p></p>" +
		"<p class=MsoNormal>Anbei die Anleitung für das n&auml;chste Mal.<o:p></o:p></p>" +
		"<div id=\"divRplyFwdMsg\"><p><b>Von:</b> IT-Service Test</p></div><p>Body of m1</p></body></html>\n" +
		"--m\nContent-Type: application/pdf; name=\"anleitung.pdf\"\nContent-Disposition: attachment; filename=\"anleitung.pdf\"\n" +
		"Content-Transfer-Encoding: base64\n\nJVBERi0xLjQKJeLjz9MK\n--m--\n"
	f.deliver(raw)
	if st := f.ticket(tk.Number).Status; st != ticketstore.StatusResolved {
		t.Errorf("status = %s, want resolved", st)
	}
	var times []ticketstore.TimeEntry
	f.view(func(tx *ticketstore.Tx) error {
		var err error
		times, err = tx.TimeEntries(ticketstore.TimeFilter{Ticket: tk.Number})
		return err
	})
	if len(times) != 1 || times[0].Minutes != 90 || times[0].Activity != "Treiber neu installiert" {
		t.Errorf("time entries = %+v", times)
	}
	ms := f.mailsTo(customerA, templates.KindCommentAdded)
	if len(ms) != 1 {
		t.Fatalf("answers to the customer = %d, want 1", len(ms))
	}
	out := string(ms[0].Raw)
	for _, want := range []string{"Anleitung f", "anleitung.pdf", "JVBERi0xLjQKJeLjz9MK"} {
		if !strings.Contains(out, want) {
			t.Errorf("customer's answer lacks %q:\n%s", want, out)
		}
	}
	for _, bad := range []string{"#zeit", "Treiber neu installiert", "Body of m1", "Von:"} {
		if strings.Contains(out, bad) {
			t.Errorf("customer's answer contains %q", bad)
		}
	}
}
