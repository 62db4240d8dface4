package notify

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"helpdesk/blobstore"
	"helpdesk/config"
	"helpdesk/mailflow/thread"
	"helpdesk/templates"
	"helpdesk/ticketstore"
)

const support = "support@desk.test"

type fixture struct {
	n     *Notifier
	store *ticketstore.Store
	blobs *blobstore.Store
	now   time.Time
}

func newFixture(t *testing.T, tweak ...func(*config.Config)) *fixture {
	t.Helper()
	dir := t.TempDir()
	cfg := config.Default()
	cfg.DataDir = dir
	cfg.Support.Address, cfg.Support.Name = support, "IT-Service Test"
	for _, f := range tweak {
		f(cfg)
	}
	_ = cfg.Validate() // loads the time zone; the missing IMAP settings do not matter here
	store, err := ticketstore.Open(filepath.Join(dir, "t.db"), &ticketstore.Options{NoSync: true})
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
	signer, err := thread.NewSigner(support, bytes.Repeat([]byte{9}, 32))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{store: store, blobs: blobs, now: time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)}
	f.n, err = New(Deps{Config: cfg, Templates: tmpl, Signer: signer, Blobs: blobs, Log: zerolog.Nop(),
		Now: func() time.Time { return f.now }, Listed: func(a string) bool { return strings.HasSuffix(a, "@kunde.test") }})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// ticket stores a ticket and returns it.
func (f *fixture) ticket(t *testing.T) *ticketstore.Ticket {
	t.Helper()
	tk := &ticketstore.Ticket{Status: ticketstore.StatusNew, Subject: "Drucker", Requester: "a@kunde.test",
		Language: "de", Created: f.now, Updated: f.now, Received: f.now, ThreadIDs: []string{"m1@kunde.test"}}
	if err := f.store.Update(func(tx *ticketstore.Tx) error { return tx.CreateTicket(tk, ticketstore.NumberYear) }); err != nil {
		t.Fatal(err)
	}
	return tk
}

// send sends m about tk in one transaction and returns whether it was queued.
func (f *fixture) send(t *testing.T, tk *ticketstore.Ticket, m Mail) bool {
	t.Helper()
	var ok bool
	err := f.store.Update(func(tx *ticketstore.Tx) error {
		var err error
		if m.Data.Ticket == "" {
			d := f.n.Data(tk)
			d.RecipientName, d.Received = m.To.Name, f.now
			m.Data = d
		}
		ok, err = f.n.Send(tx, tk, m)
		if err != nil {
			return err
		}
		return tx.PutTicket(tk)
	})
	if err != nil {
		t.Fatalf("Send(%s to %s): %v", m.Kind, m.To.Addr, err)
	}
	return ok
}

func (f *fixture) outbox(t *testing.T) []ticketstore.OutboxMail {
	t.Helper()
	var out []ticketstore.OutboxMail
	err := f.store.View(func(tx *ticketstore.Tx) error {
		list, err := tx.Outbox("")
		for _, m := range list {
			full, err := tx.OutboxMail(m.ID)
			if err != nil {
				return err
			}
			out = append(out, *full)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (f *fixture) suppressions(t *testing.T) []ticketstore.Suppression {
	t.Helper()
	var ss []ticketstore.Suppression
	if err := f.store.View(func(tx *ticketstore.Tx) error {
		var err error
		ss, err = tx.Suppressions()
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return ss
}

func TestSendSuppresses(t *testing.T) {
	tests := []struct {
		name, addr string
		automatic  bool
		reason     string // part of the recorded reason; "" when the mail goes
	}{
		{"customer", "a@kunde.test", true, ""},
		{"no-reply address", "noreply@kunde.test", true, "no-reply"},
		{"header injection", "a@kunde.test\r\nBcc: x@evil.test", false, "cannot be written"},
		{"our own address", "Support@Desk.Test", false, "our own address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			tk := f.ticket(t)
			ok := f.send(t, tk, Mail{Kind: templates.KindConfirmation, To: To{Addr: tt.addr}, Automatic: tt.automatic})
			ss := f.suppressions(t)
			if tt.reason == "" {
				if !ok || len(ss) != 0 || len(f.outbox(t)) != 1 {
					t.Errorf("Send to %q = %v, suppressions %+v; want it queued", tt.addr, ok, ss)
				}
				return
			}
			if ok || len(f.outbox(t)) != 0 {
				t.Errorf("Send to %q queued, want it suppressed", tt.addr)
			}
			if len(ss) != 1 || !strings.Contains(ss[0].Reason, tt.reason) || ss[0].Ticket != tk.Number {
				t.Errorf("suppressions = %+v, want one naming %q", ss, tt.reason)
			}
		})
	}
}

func TestFloodLimits(t *testing.T) {
	f := newFixture(t, func(c *config.Config) {
		c.Policy.AutoPerAddressPerHour, c.Policy.AutoPerTicketPerHour, c.Policy.AutoToUnknownPerHour = 2, 100, 3
	})
	tk := f.ticket(t)
	var sent int
	for range 4 {
		if f.send(t, tk, Mail{Kind: templates.KindConfirmation, To: To{Addr: "a@kunde.test"}, Automatic: true}) {
			sent++
		}
	}
	if sent != 2 {
		t.Errorf("automatic mails to one address within the hour = %d, want 2", sent)
	}
	// Not automatic (a technician's answer): no limit.
	if !f.send(t, tk, Mail{Kind: templates.KindConfirmation, To: To{Addr: "a@kunde.test"}}) {
		t.Error("a mail that is not automatic was limited")
	}
	// Outside the directory: at most 3 within the hour, whoever they are.
	sent = 0
	for _, a := range []string{"x1@other.test", "x2@other.test", "x3@other.test", "x4@other.test"} {
		if f.send(t, tk, Mail{Kind: templates.KindConfirmation, To: To{Addr: a}, Automatic: true}) {
			sent++
		}
	}
	if sent != 3 {
		t.Errorf("automatic mails outside the directory = %d, want 3", sent)
	}
	// An hour later the limits have passed.
	f.now = f.now.Add(61 * time.Minute)
	if !f.send(t, tk, Mail{Kind: templates.KindConfirmation, To: To{Addr: "x5@other.test"}, Automatic: true}) {
		t.Error("the limit outlasted its hour")
	}
}

func TestThreadingAndReplyAddress(t *testing.T) {
	for _, mode := range []string{config.ReplyAddressPlus, config.ReplyAddressPlain} {
		t.Run(mode, func(t *testing.T) {
			f := newFixture(t, func(c *config.Config) { c.Support.ReplyAddress = mode })
			tk := f.ticket(t)
			f.send(t, tk, Mail{Kind: templates.KindConfirmation, To: To{Name: "Anna", Addr: "a@kunde.test"}, Automatic: true})
			m := f.outbox(t)[0]
			raw := string(m.Raw)
			wantReply := support
			if mode == config.ReplyAddressPlus {
				wantReply = f.n.Signer.ReplyAddress(tk.Number)
			}
			for _, want := range []string{"In-Reply-To: <m1@kunde.test>", "References: <m1@kunde.test>", "Auto-Submitted: auto-replied",
				"X-Helpdesk-Ticket: " + tk.Number, "X-Helpdesk-Loop: " + support, wantReply, "[Ticket#" + tk.Number + "]"} {
				if !strings.Contains(raw, want) {
					t.Errorf("mail lacks %q:\n%s", want, raw)
				}
			}
			// Our Message-ID threads a reply and joins the thread of later mails.
			var got string
			f.store.View(func(tx *ticketstore.Tx) error { got = tx.TicketByMessageID(m.MessageID); return nil })
			if got != tk.Number {
				t.Errorf("TicketByMessageID(%s) = %q, want %s", m.MessageID, got, tk.Number)
			}
			if last := tk.ThreadIDs[len(tk.ThreadIDs)-1]; last != m.MessageID {
				t.Errorf("thread ends with %q, want our Message-ID %q", last, m.MessageID)
			}
		})
	}
}

// TestStaffMailStaysOutOfTheCustomersThread: a mail to a technician threads replies to the
// ticket but never appears in the customer's References, and its addressee does not become a
// participant who could reply as the customer's side.
func TestStaffMailStaysOutOfTheCustomersThread(t *testing.T) {
	f := newFixture(t)
	tk := f.ticket(t)
	d := f.n.Data(tk)
	d.RecipientName, d.Requester, d.Status = "Max Keller", tk.Requester, string(tk.Status)
	reply := f.n.Signer.TechnicianAddress(tk.Number, "mkeller")
	if !f.send(t, tk, Mail{Kind: templates.KindAssignment, To: To{Name: "Max Keller", Addr: "max@desk.test"}, Data: d, Staff: true, ReplyTo: reply}) {
		t.Fatal("assignment not queued")
	}
	staff := f.outbox(t)[0]
	if !strings.Contains(string(staff.Raw), reply) {
		t.Errorf("assignment lacks the technician's reply address:\n%s", staff.Raw)
	}
	if len(tk.ThreadIDs) != 1 || len(tk.Participants) != 0 {
		t.Errorf("after a staff mail: thread %v, participants %v; want them unchanged", tk.ThreadIDs, tk.Participants)
	}
	f.send(t, tk, Mail{Kind: templates.KindConfirmation, To: To{Addr: "a@kunde.test"}, Automatic: true})
	customer := f.outbox(t)[1]
	if strings.Contains(string(customer.Raw), staff.MessageID) || strings.Contains(string(customer.Raw), "max@desk.test") {
		t.Errorf("the customer's mail names the staff mail or the technician:\n%s", customer.Raw)
	}
	var got string
	f.store.View(func(tx *ticketstore.Tx) error { got = tx.TicketByMessageID(staff.MessageID); return nil })
	if got != tk.Number {
		t.Errorf("a reply to the staff mail would not thread: TicketByMessageID = %q", got)
	}
}

func TestInReplyToOverride(t *testing.T) {
	f := newFixture(t)
	tk := f.ticket(t)
	tk.ThreadIDs = append(tk.ThreadIDs, "hd.ours@desk.test")
	f.send(t, tk, Mail{Kind: templates.KindConfirmation, To: To{Addr: "a@kunde.test"}, InReplyTo: "r2@kunde.test"})
	if raw := string(f.outbox(t)[0].Raw); !strings.Contains(raw, "In-Reply-To: <r2@kunde.test>") {
		t.Errorf("In-Reply-To not the customer's last mail:\n%s", raw)
	}
}

func TestAttachmentsStreamed(t *testing.T) {
	f := newFixture(t)
	tk := f.ticket(t)
	sha, n, err := f.blobs.Put(strings.NewReader("PNG-bytes"))
	if err != nil {
		t.Fatal(err)
	}
	a := ticketstore.Attachment{Name: "fehler.png", ContentType: "image/png", Size: n, SHA256: sha}
	f.send(t, tk, Mail{Kind: templates.KindConfirmation, To: To{Addr: "a@kunde.test"}, Attachments: []ticketstore.Attachment{a}})
	raw := string(f.outbox(t)[0].Raw)
	if !strings.Contains(raw, "fehler.png") || !strings.Contains(raw, "UE5HLWJ5dGVz") { // base64 of PNG-bytes
		t.Errorf("attachment missing:\n%s", raw)
	}
}

func TestAppendThreadIDKeepsFirstAndNewest(t *testing.T) {
	var ids []string
	for i := range MaxThreadIDs + 5 {
		ids = AppendThreadID(ids, string(rune('a'+i)))
	}
	if len(ids) != MaxThreadIDs || ids[0] != "a" || ids[len(ids)-1] != string(rune('a'+MaxThreadIDs+4)) {
		t.Errorf("AppendThreadID kept %v", ids)
	}
	if again := AppendThreadID(ids, ids[3]); len(again) != len(ids) {
		t.Errorf("AppendThreadID added a known id")
	}
}
