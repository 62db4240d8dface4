package mailflow

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/rs/zerolog"

	"helpdesk/blobstore"
	"helpdesk/config"
	"helpdesk/directory"
	"helpdesk/mailflow/intake"
	"helpdesk/mailflow/thread"
	"helpdesk/templates"
	"helpdesk/ticketstore"
)

const support = "support@desk.test"

// fixture is a Processor on a fresh store with a clock the test moves.
type fixture struct {
	t     testing.TB
	p     *Processor
	store *ticketstore.Store
	now   time.Time
	uid   imap.UID
	woken int
}

func newFixture(t testing.TB, tweak ...func(*config.Config)) *fixture {
	return newFixtureSync(t, false, tweak...)
}

// newFixtureSync is newFixture with fsync on commit when sync is set (for benchmarks).
func newFixtureSync(t testing.TB, sync bool, tweak ...func(*config.Config)) *fixture {
	t.Helper()
	dir := t.TempDir()
	cfg := config.Default()
	cfg.DataDir = dir
	cfg.Support.Address = support
	cfg.Support.Name = "IT-Service Test"
	for _, f := range tweak {
		f(cfg)
	}
	// Validate compiles the rules and loads the time zone; its complaints about the missing
	// IMAP and SMTP settings do not matter here.
	_ = cfg.Validate()
	store, err := ticketstore.Open(filepath.Join(dir, "t.db"), &ticketstore.Options{NoSync: !sync})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	blobs, err := blobstore.Open(filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := templates.Load("")
	if err != nil {
		t.Fatal(err)
	}
	signer, err := thread.NewSigner(support, bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, store: store, now: time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)}
	f.p, err = New(Deps{Config: cfg, Store: store, Blobs: blobs, Templates: tmpl, Signer: signer,
		Log: zerolog.Nop(), Now: func() time.Time { return f.now }, Wake: func() { f.woken++ }})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// deliver hands one raw mail to Handle as the next UID and returns the folder chosen.
func (f *fixture) deliver(raw string) string {
	f.t.Helper()
	f.uid++
	return f.deliverUID(1, f.uid, raw)
}

func (f *fixture) deliverUID(uidValidity uint32, uid imap.UID, raw string) string {
	f.t.Helper()
	raw = strings.ReplaceAll(raw, "\n", "\r\n")
	folders, err := f.p.Handle(context.Background(), uidValidity, []*intake.Fetched{intake.NewFetched(uid, f.now, []byte(raw))})
	if err != nil {
		f.t.Fatalf("Handle: %v", err)
	}
	return folders[uid]
}

func (f *fixture) tickets() []ticketstore.Ticket {
	f.t.Helper()
	var ts []ticketstore.Ticket
	f.view(func(tx *ticketstore.Tx) error {
		var err error
		ts, err = tx.Tickets(ticketstore.TicketFilter{})
		return err
	})
	return ts
}

func (f *fixture) ticket(number string) *ticketstore.Ticket {
	f.t.Helper()
	var t *ticketstore.Ticket
	f.view(func(tx *ticketstore.Tx) error {
		var err error
		t, err = tx.Ticket(number)
		return err
	})
	return t
}

func (f *fixture) comments(number string) []ticketstore.Comment {
	f.t.Helper()
	var cs []ticketstore.Comment
	f.view(func(tx *ticketstore.Tx) error {
		var err error
		cs, err = tx.Comments(number)
		return err
	})
	return cs
}

func (f *fixture) outbox() []ticketstore.OutboxMail {
	f.t.Helper()
	var ms []ticketstore.OutboxMail
	f.view(func(tx *ticketstore.Tx) error {
		var err error
		list, err := tx.Outbox(ticketstore.OutboxPending)
		for _, m := range list { // the listing leaves out the bytes
			full, err := tx.OutboxMail(m.ID)
			if err != nil {
				return err
			}
			ms = append(ms, *full)
		}
		return err
	})
	return ms
}

func (f *fixture) setAsides() []ticketstore.SetAside {
	f.t.Helper()
	var ss []ticketstore.SetAside
	f.view(func(tx *ticketstore.Tx) error {
		var err error
		ss, err = tx.SetAsides(true)
		return err
	})
	return ss
}

func (f *fixture) view(fn func(tx *ticketstore.Tx) error) {
	f.t.Helper()
	if err := f.store.View(fn); err != nil {
		f.t.Fatal(err)
	}
}

func incident(from, subject, msgID string, extra ...string) string {
	return fmt.Sprintf("From: %s\nTo: %s\nSubject: %s\nMessage-ID: <%s>\nDate: Sat, 28 Nov 2026 10:00:00 +0100\n%sContent-Type: text/plain; charset=utf-8\n\nBody of %s\n",
		from, support, subject, msgID, strings.Join(extra, ""), msgID)
}

func TestNewMailBecomesTicketWithConfirmation(t *testing.T) {
	f := newFixture(t)
	folder := f.deliver(incident("Jürgen Müller <j.mueller@kunde.test>", "Drucker druckt nicht", "m1@kunde.test"))
	if folder != "Processed" {
		t.Errorf("folder = %q, want Processed", folder)
	}
	ts := f.tickets()
	if len(ts) != 1 {
		t.Fatalf("tickets = %d, want 1", len(ts))
	}
	tk := ts[0]
	if tk.Number != "2026-000001" || tk.Status != ticketstore.StatusNew || tk.Requester != "j.mueller@kunde.test" || tk.Subject != "Drucker druckt nicht" {
		t.Errorf("ticket = %+v", tk)
	}
	cs := f.comments(tk.Number)
	if len(cs) != 1 || cs[0].Kind != ticketstore.KindCustomer || !strings.Contains(cs[0].Body, "Body of m1@kunde.test") {
		t.Errorf("comments = %+v", cs)
	}
	out := f.outbox()
	if len(out) != 1 {
		t.Fatalf("outbox = %d mails, want 1", len(out))
	}
	m := out[0]
	raw := string(m.Raw)
	for _, want := range []string{
		"[Ticket#2026-000001]", "Auto-Submitted: auto-replied", "X-Helpdesk-Loop: " + support,
		"In-Reply-To: <m1@kunde.test>", "Reply-To: ", "support+t2026-000001.", "text/html", "text/plain",
	} {
		if !strings.Contains(raw, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, raw)
		}
	}
	if m.To[0] != "j.mueller@kunde.test" || !m.Automatic || m.Kind != templates.KindConfirmation {
		t.Errorf("outbox mail = %+v", m)
	}
	// The confirmation's Message-ID is known, so a reply to it threads.
	f.view(func(tx *ticketstore.Tx) error {
		if got := tx.TicketByMessageID(m.MessageID); got != tk.Number {
			t.Errorf("TicketByMessageID(confirmation) = %q", got)
		}
		return nil
	})
	if f.woken == 0 {
		t.Error("outbox was not woken")
	}
}

func TestRepliesThread(t *testing.T) {
	f := newFixture(t)
	f.deliver(incident("a@kunde.test", "VPN down", "m1@kunde.test"))
	conf := f.outbox()[0]
	number := "2026-000001"
	cases := []struct {
		name string
		raw  string
	}{
		{"in-reply-to our confirmation", incident("a@kunde.test", "Re: whatever", "r1@kunde.test", "In-Reply-To: <"+conf.MessageID+">\n")},
		{"references rewritten, one known id", incident("a@kunde.test", "Re: whatever", "r2@kunde.test", "References: <unknown1@x> <m1@kunde.test> <unknown2@apple>\nIn-Reply-To: <unknown2@apple>\n")},
		{"subject tag only", incident("a@kunde.test", "AW: [Ticket#"+number+"] VPN down", "r3@kunde.test")},
		{"signed reply address", strings.Replace(incident("a@kunde.test", "no tag", "r4@kunde.test"), "To: "+support, "To: "+f.p.Signer.ReplyAddress(number), 1)},
	}
	for i, c := range cases {
		if folder := f.deliver(c.raw); folder != "Processed" {
			t.Errorf("%s: folder %q", c.name, folder)
		}
		if n := len(f.tickets()); n != 1 {
			t.Fatalf("%s: %d tickets, want 1", c.name, n)
		}
		if n := len(f.comments(number)); n != i+2 {
			t.Errorf("%s: %d comments, want %d", c.name, n, i+2)
		}
	}
	// Replies are not confirmed again.
	if n := len(f.outbox()); n != 1 {
		t.Errorf("outbox = %d, want only the first confirmation", n)
	}
}

func TestForgedReplyAddressDoesNotThread(t *testing.T) {
	f := newFixture(t)
	f.deliver(incident("a@kunde.test", "first", "m1@kunde.test"))
	forged := strings.Replace(incident("evil@other.test", "no tag", "e1@other.test"), "To: "+support, "To: support+t2026-000001.aaaaaaaaaaaaaaaa@desk.test", 1)
	f.deliver(forged)
	if n := len(f.tickets()); n != 2 {
		t.Errorf("a forged reply address threaded: %d tickets, want 2", n)
	}
}

func TestReplayIsNotProcessedTwice(t *testing.T) {
	f := newFixture(t)
	raw := incident("a@kunde.test", "once", "m1@kunde.test")
	f.deliverUID(1, 7, raw)
	// Crash after commit, before the move: the same UID comes again.
	if folder := f.deliverUID(1, 7, raw); folder != "Processed" {
		t.Errorf("replayed uid folder = %q", folder)
	}
	// UIDVALIDITY changed: same bytes under a new UID.
	if folder := f.deliverUID(2, 1, raw); folder != "Processed" {
		t.Errorf("replayed bytes folder = %q", folder)
	}
	if n := len(f.tickets()); n != 1 {
		t.Errorf("tickets = %d, want 1", n)
	}
	if n := len(f.outbox()); n != 1 {
		t.Errorf("confirmations = %d, want 1", n)
	}
	f.view(func(tx *ticketstore.Tx) error {
		if st, err := tx.Mailbox("INBOX"); err != nil || st.UIDValidity != 2 || st.Changed.IsZero() {
			t.Errorf("mailbox state after the UIDVALIDITY change = %+v, %v", st, err)
		}
		return nil
	})
}

func TestSetAside(t *testing.T) {
	cases := []struct {
		name, raw, code string
	}{
		{"auto-reply", incident("a@kunde.test", "Abwesenheitsnotiz: Ihre Anfrage", "o1@kunde.test", "Auto-Submitted: auto-replied\n"), "auto_reply"},
		{"list", incident("news@vendor.test", "Newsletter", "n1@vendor.test", "List-Id: <news.vendor.test>\nList-Unsubscribe: <mailto:u@vendor.test>\n"), "list"},
		{"loop", incident(support, "our own", "l1@desk.test"), "loop"},
		{"unparseable", "\x00\x01 not a mail", "unparseable"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			if folder := f.deliver(c.raw); folder != "Set aside" {
				t.Errorf("folder = %q, want Set aside", folder)
			}
			if n := len(f.tickets()); n != 0 {
				t.Errorf("%d tickets, want 0", n)
			}
			if n := len(f.outbox()); n != 0 {
				t.Errorf("%d outbox mails, want 0", n)
			}
			ss := f.setAsides()
			if len(ss) != 1 || ss[0].ReasonCode != c.code || ss[0].Reason == "" {
				t.Errorf("set-aside records = %+v, want one with code %s", ss, c.code)
			}
		})
	}
}

func TestBounceOfConfirmationIsNotedOnTicket(t *testing.T) {
	f := newFixture(t)
	f.deliver(incident("gone@kunde.test", "help", "m1@kunde.test"))
	conf := f.outbox()[0]
	bounce := "From: Mail Delivery System <MAILER-DAEMON@mx.kunde.test>\nTo: " + support + "\nSubject: Undelivered Mail Returned to Sender\n" +
		"Message-ID: <b1@mx.kunde.test>\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n" +
		"--B\nContent-Type: text/plain\n\nThe mail could not be delivered.\n" +
		"--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.kunde.test\n\nFinal-Recipient: rfc822; gone@kunde.test\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\n\n" +
		"--B\nContent-Type: text/rfc822-headers\n\nFrom: " + support + "\nTo: gone@kunde.test\nMessage-ID: <" + conf.MessageID + ">\nSubject: x\n\n--B--\n"
	if folder := f.deliver(bounce); folder != "Set aside" {
		t.Fatalf("bounce folder = %q", folder)
	}
	tk := f.ticket("2026-000001")
	if !strings.Contains(strings.Join(tk.Flags, ","), "bounced:gone@kunde.test") {
		t.Errorf("ticket flags = %v, want bounced:gone@kunde.test", tk.Flags)
	}
	cs := f.comments(tk.Number)
	if last := cs[len(cs)-1]; last.Kind != ticketstore.KindSystem || !strings.Contains(last.Body, "5.1.1") {
		t.Errorf("last comment = %+v", last)
	}
	if ss := f.setAsides(); ss[0].Ticket != tk.Number || ss[0].ReasonCode != "bounce" {
		t.Errorf("set-aside = %+v", ss[0])
	}
}

func TestStatusFlow(t *testing.T) {
	f := newFixture(t, func(c *config.Config) { c.Tickets.ReopenClosedWithin = config.Duration(24 * time.Hour) })
	f.deliver(incident("a@kunde.test", "Server langsam", "m1@kunde.test"))
	number := "2026-000001"
	if _, err := f.p.SetStatus(context.Background(), number, ticketstore.StatusResolved, "Neustart durchgeführt", "tech"); err != nil {
		t.Fatal(err)
	}
	out := f.outbox()
	if len(out) != 2 || out[1].Kind != templates.KindStatusChange || !strings.Contains(string(out[1].Raw), "Neustart durchgef") {
		t.Fatalf("status mail missing: %+v", out)
	}
	if _, err := f.p.SetStatus(context.Background(), number, ticketstore.StatusResolved, "", ""); err == nil {
		t.Error("setting the same status again succeeded")
	}
	// A reply to the resolved ticket reopens it.
	f.deliver(incident("a@kunde.test", "Re: [Ticket#"+number+"] Server langsam", "r1@kunde.test"))
	if st := f.ticket(number).Status; st != ticketstore.StatusInProgress {
		t.Errorf("after reply to resolved: %s, want in_progress", st)
	}
	// incident, status note, the reply, the reopen note: each its own comment, none overwritten.
	cs := f.comments(number)
	var kinds []string
	for _, c := range cs {
		kinds = append(kinds, string(c.Kind))
	}
	if got := strings.Join(kinds, ","); got != "customer,system,customer,system" || f.ticket(number).Comments != 4 {
		t.Errorf("comments = %s (count %d), want customer,system,customer,system", got, f.ticket(number).Comments)
	}
	// Closed long ago: a reply opens a new ticket linked to the old one.
	if _, err := f.p.SetStatus(context.Background(), number, ticketstore.StatusClosed, "", ""); err != nil {
		t.Fatal(err)
	}
	f.now = f.now.Add(48 * time.Hour)
	f.deliver(incident("a@kunde.test", "Re: [Ticket#"+number+"] Server langsam", "r2@kunde.test"))
	ts := f.tickets()
	if len(ts) != 2 || ts[1].LinkedTo != number || ts[0].Status != ticketstore.StatusClosed {
		t.Errorf("after reply to closed: %+v", ts)
	}
}

func TestFloodLimit(t *testing.T) {
	f := newFixture(t, func(c *config.Config) { c.Policy.AutoPerAddressPerHour = 2 })
	for i := range 4 {
		f.deliver(incident("busy@kunde.test", fmt.Sprintf("Problem %d", i), fmt.Sprintf("m%d@kunde.test", i)))
	}
	if n := len(f.tickets()); n != 4 {
		t.Errorf("tickets = %d, want 4: the limit is on answers, not on tickets", n)
	}
	if n := len(f.outbox()); n != 2 {
		t.Errorf("confirmations = %d, want 2", n)
	}
	var sup []ticketstore.Suppression
	f.view(func(tx *ticketstore.Tx) error { var err error; sup, err = tx.Suppressions(); return err })
	if len(sup) != 2 || !strings.Contains(sup[0].Reason, "flood limit") {
		t.Errorf("suppressions = %+v", sup)
	}
	// An hour later the address gets answers again.
	f.now = f.now.Add(61 * time.Minute)
	f.deliver(incident("busy@kunde.test", "later", "late@kunde.test"))
	if n := len(f.outbox()); n != 3 {
		t.Errorf("confirmations after an hour = %d, want 3", n)
	}
}

func TestNoReplyAddressGetsNoConfirmation(t *testing.T) {
	f := newFixture(t)
	f.deliver(incident("noreply@shop.test", "Ihre Bestellung", "m1@shop.test"))
	if n := len(f.outbox()); n != 0 {
		t.Errorf("confirmation to a no-reply address: %d mails", n)
	}
}

func exampleDirectory(t *testing.T) *directory.Directory {
	t.Helper()
	d, err := directory.Load("../examples/directory.toml")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestRoutingAndPrivacy(t *testing.T) {
	f := newFixture(t)
	f.p.SetDirectory(exampleDirectory(t))
	// A known contact of K-1001: ticket records customer and contact; notify addresses told.
	f.deliver(incident("l.neumann@kanzlei-berger.demo", "Drucker", "m1@kanzlei-berger.demo"))
	tk := f.tickets()[0]
	if tk.Customer != "K-1001" || tk.Contact == "" {
		t.Errorf("routing: %+v", tk)
	}
	kinds := map[string][]string{}
	for _, m := range f.outbox() {
		kinds[m.Kind] = append(kinds[m.Kind], m.To...)
	}
	if got := kinds[templates.KindNewTicket]; len(got) != 1 || got[0] != "it@kanzlei-berger.demo" {
		t.Errorf("new-ticket notifications to %v, want [it@kanzlei-berger.demo]", got)
	}
	// Domain match only.
	f.deliver(incident("neu@kanzlei-berger.demo", "Neuer Kollege", "m2@kanzlei-berger.demo"))
	if tk2 := f.tickets()[1]; tk2.Customer != "K-1001" || tk2.Contact != "" {
		t.Errorf("domain routing: %+v", tk2)
	}
	// English customer: English confirmation.
	f.deliver(incident("d.oconnor@hoffmann-group.test", "VPN", "m3@hoffmann-group.test"))
	var en *ticketstore.OutboxMail
	for _, m := range f.outbox() {
		if m.To[0] == "d.oconnor@hoffmann-group.test" {
			en = &m
		}
	}
	if en == nil || f.tickets()[2].Language != "en" || !strings.Contains(string(en.Raw), "ticket") {
		t.Errorf("English confirmation missing or not English: %+v", en)
	}
	// A contact of K-1002 replying to K-1001's ticket: kept, set aside, not a comment.
	before := len(f.comments(tk.Number))
	folder := f.deliver(incident("praxis@praxis-yilmaz.test", "Re: [Ticket#"+tk.Number+"] Drucker", "x1@praxis-yilmaz.test"))
	if folder != "Set aside" || len(f.comments(tk.Number)) != before {
		t.Errorf("foreign reply: folder %q, comments %d -> %d", folder, before, len(f.comments(tk.Number)))
	}
	if ss := f.setAsides(); ss[len(ss)-1].ReasonCode != CodeForeignTicket {
		t.Errorf("set-aside = %+v", ss)
	}
}

func TestStatusRequestByMail(t *testing.T) {
	f := newFixture(t)
	f.p.SetDirectory(exampleDirectory(t))
	f.deliver(incident("l.neumann@kanzlei-berger.demo", "Drucker", "m1@kanzlei-berger.demo"))
	f.deliver(incident("d.oconnor@hoffmann-group.test", "VPN", "m2@hoffmann-group.test"))
	n0 := len(f.outbox())
	// Extended contact: summary of their own customer only.
	f.deliver(incident("c.berger@kanzlei-berger.demo", "Status", "s1@kanzlei-berger.demo"))
	// Report-only contact: refusal without data.
	f.deliver(incident("l.neumann@kanzlei-berger.demo", "AW: Kontingent", "s2@kanzlei-berger.demo"))
	if n := len(f.tickets()); n != 2 {
		t.Errorf("status requests made tickets: %d", n)
	}
	out := f.outbox()[n0:]
	if len(out) != 2 {
		t.Fatalf("answers = %d, want 2", len(out))
	}
	summary, refusal := string(out[0].Raw), string(out[1].Raw)
	if out[0].Kind != templates.KindStatusSummary || !strings.Contains(summary, "2026-000001") || strings.Contains(summary, "2026-000002") {
		t.Errorf("summary (kind %s) must list K-1001's ticket and not K-1003's:\n%s", out[0].Kind, summary)
	}
	if out[1].Kind != templates.KindRefusal || strings.Contains(refusal, "2026-000001") {
		t.Errorf("refusal (kind %s) must not show data:\n%s", out[1].Kind, refusal)
	}
}

func TestRelease(t *testing.T) {
	f := newFixture(t)
	f.deliver(incident("a@kunde.test", "Out of Office: Drucker", "o1@kunde.test", "Auto-Submitted: auto-replied\n"))
	ss := f.setAsides()
	if len(ss) != 1 {
		t.Fatal("not set aside")
	}
	d, err := f.p.Release(context.Background(), ss[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Verdict != VerdictTicket || d.Ticket == "" || len(f.tickets()) != 1 {
		t.Errorf("release = %+v", d)
	}
	// Still automatic: no confirmation to an auto-responder.
	if n := len(f.outbox()); n != 0 {
		t.Errorf("released auto-reply got %d mails", n)
	}
	if _, err := f.p.Release(context.Background(), ss[0].ID); err == nil {
		t.Error("second release succeeded")
	}
}

func TestClassifyDryRunChangesNothing(t *testing.T) {
	f := newFixture(t)
	f.deliver(incident("a@kunde.test", "first", "m1@kunde.test"))
	before := len(f.tickets())
	d, m, err := f.p.Classify(strings.NewReader(incident("a@kunde.test", "Re: [Ticket#2026-000001] first", "r1@kunde.test")))
	if err != nil {
		t.Fatal(err)
	}
	if d.Verdict != VerdictComment || d.Ticket != "2026-000001" || m.From.Addr != "a@kunde.test" {
		t.Errorf("classify = %+v", d)
	}
	if len(f.tickets()) != before || len(f.comments("2026-000001")) != 1 {
		t.Error("dry run changed the store")
	}
}

func TestLargeMailGoesToBlobStore(t *testing.T) {
	f := newFixture(t)
	body := strings.Repeat("0123456789abcdef", (InlineLimit/16)+100)
	raw := incident("a@kunde.test", "big", "big@kunde.test") + body + "\n"
	f.deliver(raw)
	f.view(func(tx *ticketstore.Tx) error {
		r, ok, err := tx.RawByUID("INBOX", 1, 1)
		if err != nil || !ok {
			t.Fatalf("raw not stored: %v", err)
		}
		if r.Blob == "" || len(r.Data) != 0 || r.Size <= InlineLimit {
			t.Errorf("large raw mail: blob %q, inline %d bytes, size %d", r.Blob, len(r.Data), r.Size)
		}
		return nil
	})
}

func TestSenderPolicyKnownOnly(t *testing.T) {
	for _, unknown := range []string{"setaside", "flag"} {
		t.Run(unknown, func(t *testing.T) {
			f := newFixture(t, func(c *config.Config) {
				c.Policy.Senders, c.Policy.UnknownSenders = "known", unknown
			})
			f.p.SetDirectory(exampleDirectory(t))
			f.deliver(incident("l.neumann@kanzlei-berger.demo", "known contact", "k1@kanzlei-berger.demo"))
			f.deliver(incident("someone@kanzlei-berger.demo", "known domain", "k2@kanzlei-berger.demo"))
			folder := f.deliver(incident("stranger@elsewhere.test", "unknown", "u1@elsewhere.test"))
			ts := f.tickets()
			switch unknown {
			case "setaside":
				if len(ts) != 2 || folder != "Set aside" {
					t.Errorf("tickets %d (want 2), unknown sender's folder %q", len(ts), folder)
				}
				if ss := f.setAsides(); len(ss) != 1 || ss[0].ReasonCode != "sender_unknown" {
					t.Errorf("set-aside = %+v", ss)
				}
			case "flag":
				if len(ts) != 3 || ts[2].Customer != "" || !strings.Contains(strings.Join(ts[2].Flags, ","), "unknown_sender") {
					t.Errorf("tickets = %+v, want the third flagged unknown_sender", ts)
				}
				if ts[0].Customer != "K-1001" || ts[1].Customer != "K-1001" || len(ts[0].Flags)+len(ts[1].Flags) != 0 {
					t.Errorf("known senders: %+v", ts[:2])
				}
			}
		})
	}
}

// A mail over max_message_size arrives header-only: it is set aside as oversize, and release
// refuses it because only the server has the whole mail.
func TestOversizeHeaderOnly(t *testing.T) {
	f := newFixture(t)
	hdr := strings.ReplaceAll("From: a@kunde.test\nTo: "+support+"\nSubject: riesig\nMessage-ID: <big@kunde.test>\n\n", "\n", "\r\n")
	fe := intake.NewFetched(1, f.now, []byte(hdr))
	fe.TooLarge, fe.Size = true, 200<<20
	folders, err := f.p.Handle(context.Background(), 1, []*intake.Fetched{fe})
	if err != nil {
		t.Fatal(err)
	}
	if folders[1] != "Set aside" {
		t.Errorf("folder = %q", folders[1])
	}
	ss := f.setAsides()
	if len(ss) != 1 || ss[0].ReasonCode != "oversize" {
		t.Fatalf("set-aside = %+v", ss)
	}
	if _, err := f.p.Release(context.Background(), ss[0].ID); err == nil || !strings.Contains(err.Error(), "size limit") {
		t.Errorf("release of a header-only mail: %v", err)
	}
}

// A mail whose processing fails (here: a template that breaks at render time) is kept and set
// aside with the error; the other mails of the batch are processed, and the intake is not stuck.
func TestProcessingErrorDoesNotBlockTheBatch(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "de"), 0o755); err != nil {
		t.Fatal(err)
	}
	broken := "Subject: [Ticket#{{.Ticket}}] {{.Subject}}\n\n{{.Summary.Customer}}\n"
	if err := os.WriteFile(filepath.Join(dir, "de", "confirmation.txt"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	f := newFixture(t)
	// The override passes the check at load (a full sample has a Summary) but fails for every
	// real confirmation, which has none.
	tmpl, err := templates.Load(dir)
	if err != nil {
		t.Fatalf("the override was meant to pass the load check: %v", err)
	}
	f.p.SetTemplates(tmpl)
	raws := []string{
		incident("a@kunde.test", "Drucker", "p1@kunde.test"),
		incident("news@vendor.test", "News", "p2@vendor.test", "List-Id: <n.vendor.test>\n"),
	}
	var batch []*intake.Fetched
	for i, r := range raws {
		batch = append(batch, intake.NewFetched(imap.UID(i+1), f.now, []byte(strings.ReplaceAll(r, "\n", "\r\n"))))
	}
	folders, err := f.p.Handle(context.Background(), 1, batch)
	if err != nil {
		t.Fatalf("Handle: %v", err)
	}
	if folders[1] != "Set aside" || folders[2] != "Set aside" {
		t.Errorf("folders = %v", folders)
	}
	codes := map[string]string{}
	for _, s := range f.setAsides() {
		codes[s.From] = s.ReasonCode + ": " + s.Reason
	}
	if !strings.HasPrefix(codes["a@kunde.test"], CodeProcessingError+": processing failed") || !strings.HasPrefix(codes["news@vendor.test"], "list") {
		t.Errorf("set-aside = %v", codes)
	}
}

// A hostile encoded subject cannot inject headers into the confirmation.
func TestHostileSubjectInConfirmation(t *testing.T) {
	f := newFixture(t)
	enc := "=?utf-8?b?" + base64.StdEncoding.EncodeToString([]byte("Hallo\r\nBcc: victim@evil.test\r\n\r\nbody")) + "?="
	f.deliver(incident("a@kunde.test", enc, "h1@kunde.test"))
	out := f.outbox()
	if len(out) != 1 {
		t.Fatalf("outbox = %d", len(out))
	}
	header := strings.SplitN(string(out[0].Raw), "\r\n\r\n", 2)[0]
	for _, line := range strings.Split(header, "\r\n") {
		if strings.HasPrefix(strings.ToLower(line), "bcc:") {
			t.Errorf("injected header line %q in:\n%s", line, header)
		}
	}
}

// A second copy of a mail (same Message-ID, other trace headers) makes no second ticket or
// confirmation; a reply's second copy no second comment.
func TestSecondCopyByMessageID(t *testing.T) {
	f := newFixture(t)
	first := incident("a@kunde.test", "Doppelt", "dup@kunde.test")
	f.deliver("Received: from mx1.kunde.test\n" + first)
	if folder := f.deliver("Received: from mx2.kunde.test\n" + first); folder != "Processed" {
		t.Errorf("second copy folder = %q", folder)
	}
	reply := incident("a@kunde.test", "Re: [Ticket#2026-000001] Doppelt", "dupreply@kunde.test")
	f.deliver("Received: from mx1.kunde.test\n" + reply)
	f.deliver("Received: from mx2.kunde.test\n" + reply)
	if n := len(f.tickets()); n != 1 {
		t.Errorf("tickets = %d, want 1", n)
	}
	if n := len(f.outbox()); n != 1 {
		t.Errorf("confirmations = %d, want 1", n)
	}
	if n := len(f.comments("2026-000001")); n != 2 {
		t.Errorf("comments = %d, want 2", n)
	}
	f.view(func(tx *ticketstore.Tx) error {
		r, ok, err := tx.RawByUID("INBOX", 1, 2)
		if err != nil || !ok || r.Outcome != ticketstore.OutcomeDuplicate || r.Ticket != "2026-000001" {
			t.Errorf("second copy's record = %+v, %v", r, err)
		}
		return nil
	})
}

// The subject tag alone threads mail from the ticket's side only: a stranger guessing ticket
// numbers cannot add to a customer's ticket.
func TestSubjectTagFromStrangerIsSetAside(t *testing.T) {
	f := newFixture(t)
	f.p.SetDirectory(exampleDirectory(t))
	f.deliver(incident("l.neumann@kanzlei-berger.demo", "Drucker", "m1@kanzlei-berger.demo"))
	f.deliver(incident("c.berger@kanzlei-berger.demo", "Re: [Ticket#2026-000001] Drucker", "colleague@kanzlei-berger.demo"))
	if n := len(f.comments("2026-000001")); n != 2 {
		t.Errorf("a colleague of the same customer: %d comments, want 2", n)
	}
	folder := f.deliver(incident("guess@elsewhere.test", "Re: [Ticket#2026-000001] Drucker", "g1@elsewhere.test"))
	if folder != "Set aside" || len(f.comments("2026-000001")) != 2 {
		t.Errorf("a stranger's subject tag: folder %q, comments %d", folder, len(f.comments("2026-000001")))
	}
	// A ticket without a customer: only the requester's exact address may add by subject tag,
	// not its domain (on gmail.com that would be everybody).
	f.deliver(incident("a@kunde.test", "Ohne Kunde", "n1@kunde.test"))
	if folder := f.deliver(incident("b@kunde.test", "Re: [Ticket#2026-000002] Ohne Kunde", "n2@kunde.test")); folder != "Set aside" {
		t.Errorf("a same-domain stranger's subject tag: folder %q, want Set aside", folder)
	}
	f.deliver(incident("x@fremd.test", "Re: [Ticket#2026-000002] Ohne Kunde", "n3@fremd.test"))
	f.deliver(incident("A@Kunde.test", "Re: [Ticket#2026-000002] Ohne Kunde", "n4@kunde.test"))
	if n := len(f.comments("2026-000002")); n != 2 {
		t.Errorf("ticket without customer: %d comments, want 2 (the first mail and the requester's reply)", n)
	}
}

// A sender address nobody can write to still gets its ticket; the confirmation is suppressed
// with the reason instead of failing the mail.
func TestUnwritableSenderAddress(t *testing.T) {
	f := newFixture(t)
	long := strings.Repeat("n", 300) + "@kunde.test"
	f.deliver(incident(long, "Lange Adresse", "long@kunde.test"))
	if n := len(f.tickets()); n != 1 {
		t.Fatalf("tickets = %d", n)
	}
	if n := len(f.outbox()); n != 0 {
		t.Errorf("outbox = %d, want 0", n)
	}
	var sup []ticketstore.Suppression
	f.view(func(tx *ticketstore.Tx) error { var err error; sup, err = tx.Suppressions(); return err })
	if len(sup) != 1 || !strings.Contains(sup[0].Reason, "cannot be written to") {
		t.Errorf("suppressions = %+v", sup)
	}
}
