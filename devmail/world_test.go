package devmail

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

const testMail = "From: Kunde <kunde@example.com>\r\n" +
	"To: support@helpdesk.test, Technik@Helpdesk.test\r\n" +
	"Subject: =?UTF-8?Q?Drucker_f=C3=A4llt_aus?=\r\n" +
	"Message-ID: <m1@example.com>\r\n" +
	"\r\n" +
	"Der Drucker im 2. OG druckt nicht.\r\n"

func TestSMTPDeliveryReachesEveryInbox(t *testing.T) {
	w, logs := startWorld(t, Options{})
	to := []string{"support@helpdesk.test", "Technik@Helpdesk.test"}
	if err := sendSMTP(t, w.SMTPAddr(), "kunde@example.com", to, testMail); err != nil {
		t.Fatalf("SendMail: %v", err)
	}
	for _, user := range []string{"support@helpdesk.test", "technik@helpdesk.test"} {
		c := login(t, w.IMAPAddr(), user, "demo", nil)
		got := fetchAll(t, c, "INBOX")
		if len(got) != 1 {
			t.Fatalf("INBOX of %s has %d messages, want 1", user, len(got))
		}
		msg := got[0]
		if want := "Return-Path: <kunde@example.com>\r\nDelivered-To: " + user + "\r\nReceived: from "; !strings.HasPrefix(msg, want) {
			t.Errorf("message of %s starts %q, want Return-Path, Delivered-To, Received", user, firstLines(msg, 3))
		}
		if want := "for <" + user + ">;"; !strings.Contains(msg, want) {
			t.Errorf("Received header of %s lacks %q:\n%s", user, want, firstLines(msg, 4))
		}
		if !strings.HasSuffix(msg, testMail) {
			t.Errorf("message of %s does not end with the sent mail:\n%s", user, msg)
		}
	}
	log := logs.String()
	for _, want := range []string{`"component":"devmail"`, `"from":"kunde@example.com"`,
		`"to":["support@helpdesk.test","technik@helpdesk.test"]`, `"subject":"Drucker fällt aus"`, `"size":`} {
		if !strings.Contains(log, want) {
			t.Errorf("delivery log lacks %s:\n%s", want, log)
		}
	}
}

func TestUnknownUserSeesEmptyInbox(t *testing.T) {
	w, _ := startWorld(t, Options{})
	c := login(t, w.IMAPAddr(), "Neu@Example.COM", "demo", nil)
	if got := fetchAll(t, c, "INBOX"); len(got) != 0 {
		t.Errorf("INBOX of a new user has %d messages, want 0", len(got))
	}
	// The login created the user under its lower-case name.
	if err := w.Deliver("a@example.com", []string{"neu@example.com"}, []byte("Subject: x\r\n\r\nhi\r\n")); err != nil {
		t.Fatalf("Deliver: %v", err)
	}
	if got := fetchAll(t, c, "INBOX"); len(got) != 1 {
		t.Errorf("INBOX after one delivery has %d messages, want 1", len(got))
	}
}

func TestIMAPLoginPassword(t *testing.T) {
	w, _ := startWorld(t, Options{Password: "geheim"})
	tests := []struct {
		user, password string
		ok             bool
	}{
		{"a@example.com", "geheim", true},
		{"a@example.com", "demo", false},
		{"a@example.com", "", false},
		{"a@example.com", "GEHEIM", false},
		{"", "geheim", false},
	}
	for _, tt := range tests {
		c, err := imapclient.DialInsecure(w.IMAPAddr(), nil)
		if err != nil {
			t.Fatalf("DialInsecure: %v", err)
		}
		err = c.Login(tt.user, tt.password).Wait()
		c.Close()
		if (err == nil) != tt.ok {
			t.Errorf("Login(%q, %q) error = %v, want ok=%v", tt.user, tt.password, err, tt.ok)
		}
	}
}

func TestSMTPAuthPlain(t *testing.T) {
	w, _ := startWorld(t, Options{})
	tests := []struct {
		user, password string
		ok             bool
	}{
		{"helpdesk@example.com", "demo", true},
		{"anyone", "demo", true},
		{"helpdesk@example.com", "wrong", false},
	}
	for _, tt := range tests {
		c, err := smtp.Dial(w.SMTPAddr())
		if err != nil {
			t.Fatalf("smtp.Dial: %v", err)
		}
		err = c.Auth(sasl.NewPlainClient("", tt.user, tt.password))
		if (err == nil) != tt.ok {
			t.Errorf("Auth(%q, %q) error = %v, want ok=%v", tt.user, tt.password, err, tt.ok)
		}
		if err == nil {
			if err := c.SendMail("helpdesk@example.com", []string{"kunde@example.com"}, strings.NewReader(testMail)); err != nil {
				t.Errorf("SendMail after Auth: %v", err)
			}
		}
		c.Close()
	}
	if got, err := w.Mailbox("kunde@example.com", "INBOX"); err != nil || len(got) != 2 {
		t.Errorf("Mailbox(kunde) = %d messages, %v; want 2, nil", len(got), err)
	}
}

func TestIdleSeesSMTPDelivery(t *testing.T) {
	w, _ := startWorld(t, Options{})
	counts := make(chan uint32, 10)
	c := login(t, w.IMAPAddr(), "support@helpdesk.test", "demo", &imapclient.Options{
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{
			Mailbox: func(data *imapclient.UnilateralDataMailbox) {
				if data.NumMessages != nil {
					counts <- *data.NumMessages
				}
			},
		},
	})
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		t.Fatalf("Select: %v", err)
	}
	idle, err := c.Idle()
	if err != nil {
		t.Fatalf("Idle: %v", err)
	}
	if err := sendSMTP(t, w.SMTPAddr(), "kunde@example.com", []string{"support@helpdesk.test"}, testMail); err != nil {
		t.Fatalf("SendMail: %v", err)
	}
	select {
	case n := <-counts:
		if n != 1 {
			t.Errorf("IDLE reported EXISTS %d, want 1", n)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no IDLE notification within 5 s of the SMTP delivery")
	}
	if err := idle.Close(); err != nil {
		t.Fatalf("idle.Close: %v", err)
	}
	if err := idle.Wait(); err != nil {
		t.Fatalf("idle.Wait: %v", err)
	}
}

func TestCapabilitiesAndMove(t *testing.T) {
	w, _ := startWorld(t, Options{})
	if err := w.Deliver("kunde@example.com", []string{"support@helpdesk.test"}, []byte(testMail)); err != nil {
		t.Fatalf("Deliver: %v", err)
	}
	c := login(t, w.IMAPAddr(), "support@helpdesk.test", "demo", nil)
	caps, err := c.Capability().Wait()
	if err != nil {
		t.Fatalf("Capability: %v", err)
	}
	for _, want := range []imap.Cap{imap.CapIMAP4rev1, imap.CapIdle, imap.CapMove, imap.CapUIDPlus} {
		if !caps.Has(want) {
			t.Errorf("capabilities %v lack %s", caps, want)
		}
	}
	if err := c.Create("Processed", nil).Wait(); err != nil {
		t.Fatalf("Create: %v", err)
	}
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		t.Fatalf("Select: %v", err)
	}
	moved, err := c.Move(imap.UIDSetNum(1), "Processed").Wait()
	if err != nil {
		t.Fatalf("UID MOVE: %v", err)
	}
	if moved.UIDValidity == 0 || moved.DestUIDs.String() != "1" {
		t.Errorf("MOVE COPYUID = %+v, want UIDVALIDITY and dest UID 1", moved)
	}
	inbox, err := w.Mailbox("support@helpdesk.test", "INBOX")
	if err != nil || len(inbox) != 0 {
		t.Errorf("Mailbox(INBOX) after MOVE = %d messages, %v; want 0, nil", len(inbox), err)
	}
	done, err := w.Mailbox("SUPPORT@helpdesk.test", "Processed")
	if err != nil || len(done) != 1 {
		t.Errorf("Mailbox(Processed) after MOVE = %d messages, %v; want 1, nil", len(done), err)
	}
}

func TestDeliverEnvelope(t *testing.T) {
	w, _ := startWorld(t, Options{MaxMessageSize: 100})
	tests := []struct {
		name    string
		from    string
		to      []string
		raw     string
		wantErr bool
		want    map[string]int // user -> messages in INBOX afterwards
		prefix  string         // start of the stored message of the first user
	}{
		{name: "bounce has empty return path", from: "", to: []string{"a@x.test"}, raw: "Subject: b\r\n\r\nx\r\n",
			want: map[string]int{"a@x.test": 1}, prefix: "Return-Path: <>\r\n"},
		{name: "duplicate recipients deliver once", from: "<s@x.test>", to: []string{"b@x.test", "B@X.test"}, raw: "Subject: d\r\n\r\nx\r\n",
			want: map[string]int{"b@x.test": 1}, prefix: "Return-Path: <s@x.test>\r\n"},
		{name: "too large", from: "s@x.test", to: []string{"c@x.test"}, raw: strings.Repeat("x", 101), wantErr: true,
			want: map[string]int{"c@x.test": 0}},
		{name: "no recipients", from: "s@x.test", raw: "Subject: n\r\n\r\n", wantErr: true},
		{name: "bad recipient", from: "s@x.test", to: []string{"a b@x.test"}, raw: "Subject: n\r\n\r\n", wantErr: true},
		{name: "header injection in sender", from: "s@x.test>\r\nX-Evil: 1", to: []string{"e@x.test"}, raw: "S: n\r\n\r\n", wantErr: true,
			want: map[string]int{"e@x.test": 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := w.Deliver(tt.from, tt.to, []byte(tt.raw))
			if (err != nil) != tt.wantErr {
				t.Fatalf("Deliver(%q, %q) error = %v, wantErr %v", tt.from, tt.to, err, tt.wantErr)
			}
			for user, n := range tt.want {
				got, err := w.Mailbox(user, "INBOX")
				if err != nil {
					t.Fatalf("Mailbox(%q): %v", user, err)
				}
				if len(got) != n {
					t.Fatalf("Mailbox(%q) has %d messages, want %d", user, len(got), n)
				}
				if n > 0 && !strings.HasPrefix(string(got[0]), tt.prefix) {
					t.Errorf("message starts %q, want prefix %q", firstLines(string(got[0]), 1), tt.prefix)
				}
			}
		})
	}
}

// Real servers deliver local+detail@domain to local@domain; the daemon's signed reply
// addresses depend on it.
func TestPlusAddressing(t *testing.T) {
	tests := []struct {
		name    string
		opts    Options
		rcpt    string
		mailbox string // where the mail must land
	}{
		{"plus reaches the base mailbox", Options{}, "Support+t2026-000001.abc@Demo.test", "support@demo.test"},
		{"first delimiter ends the local part", Options{}, "a+b+c@x.test", "a@x.test"},
		{"no extension", Options{}, "plain@x.test", "plain@x.test"},
		{"leading delimiter is no extension", Options{}, "+x@x.test", "+x@x.test"},
		{"other delimiter", Options{RecipientDelimiter: "-"}, "team-sales@x.test", "team@x.test"},
		{"either of two delimiters", Options{RecipientDelimiter: "+-"}, "a-b@x.test", "a@x.test"},
		{"plus kept with another delimiter", Options{RecipientDelimiter: "-"}, "a+b@x.test", "a+b@x.test"},
		{"extensions kept", Options{KeepExtensions: true}, "a+b@x.test", "a+b@x.test"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, _ := startWorld(t, tt.opts)
			if err := sendSMTP(t, w.SMTPAddr(), "kunde@example.com", []string{tt.rcpt}, testMail); err != nil {
				t.Fatalf("SendMail to %s: %v", tt.rcpt, err)
			}
			got, err := w.Mailbox(tt.mailbox, "INBOX")
			if err != nil || len(got) != 1 {
				t.Fatalf("Mailbox(%q) = %d messages, %v; want 1", tt.mailbox, len(got), err)
			}
			if want := "Delivered-To: " + strings.ToLower(tt.rcpt) + "\r\n"; !strings.Contains(string(got[0]), want) {
				t.Errorf("delivered mail lacks %q:\n%s", want, firstLines(string(got[0]), 3))
			}
			if full := strings.ToLower(tt.rcpt); full != tt.mailbox {
				if got, _ := w.Mailbox(full, "INBOX"); len(got) != 0 {
					t.Errorf("mail also landed in a mailbox named %s", full)
				}
			}
		})
	}
}

func TestSMTPRejectsOversizeMail(t *testing.T) {
	w, _ := startWorld(t, Options{MaxMessageSize: 1024})
	big := "Subject: big\r\n\r\n" + strings.Repeat("0123456789\r\n", 200)
	err := sendSMTP(t, w.SMTPAddr(), "s@x.test", []string{"big@x.test"}, big)
	var smtpErr *smtp.SMTPError
	if !errors.As(err, &smtpErr) || smtpErr.Code != 552 {
		t.Errorf("SendMail of %d bytes with limit 1024: error = %v, want SMTP 552", len(big), err)
	}
	if got, _ := w.Mailbox("big@x.test", "INBOX"); len(got) != 0 {
		t.Errorf("oversize mail was stored: %d messages", len(got))
	}
}

func TestMailboxOfUnknownUserCreatesNothing(t *testing.T) {
	w, _ := startWorld(t, Options{})
	got, err := w.Mailbox("nobody@x.test", "INBOX")
	if err != nil || len(got) != 0 {
		t.Errorf("Mailbox(nobody) = %d, %v; want 0, nil", len(got), err)
	}
	if _, ok := w.users.lookup("nobody@x.test"); ok {
		t.Error("Mailbox created the unknown user")
	}
	if _, err := w.Mailbox("a@x.test", "INBOX"); err != nil {
		t.Fatalf("Mailbox: %v", err)
	}
	if err := w.Deliver("s@x.test", []string{"a@x.test"}, []byte("S: 1\r\n\r\n")); err != nil {
		t.Fatalf("Deliver: %v", err)
	}
	if _, err := w.Mailbox("a@x.test", "NoSuchFolder"); err == nil {
		t.Error("Mailbox(NoSuchFolder) succeeded, want error")
	}
}

func TestStartFailsOnBusyPort(t *testing.T) {
	w, _ := startWorld(t, Options{})
	_, err := Start(Options{IMAPAddr: "127.0.0.1:0", SMTPAddr: w.SMTPAddr()})
	if err == nil {
		t.Fatal("Start on a busy SMTP port succeeded, want error")
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\r\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return fmt.Sprint(lines)
}

func TestIdleSeesMoveByAnotherSession(t *testing.T) {
	w, _ := startWorld(t, Options{})
	if err := w.Deliver("k@x.test", []string{"support@helpdesk.test"}, []byte(testMail)); err != nil {
		t.Fatalf("Deliver: %v", err)
	}
	expunged := make(chan uint32, 10)
	watcher := login(t, w.IMAPAddr(), "support@helpdesk.test", "demo", &imapclient.Options{
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{
			Expunge: func(seqNum uint32) { expunged <- seqNum },
		},
	})
	if _, err := watcher.Select("INBOX", nil).Wait(); err != nil {
		t.Fatalf("Select: %v", err)
	}
	idle, err := watcher.Idle()
	if err != nil {
		t.Fatalf("Idle: %v", err)
	}
	mover := login(t, w.IMAPAddr(), "support@helpdesk.test", "demo", nil)
	if err := mover.Create("Erledigt", nil).Wait(); err != nil {
		t.Fatalf("Create: %v", err)
	}
	if _, err := mover.Select("INBOX", nil).Wait(); err != nil {
		t.Fatalf("Select: %v", err)
	}
	if _, err := mover.Move(imap.UIDSetNum(1), "Erledigt").Wait(); err != nil {
		t.Fatalf("MOVE: %v", err)
	}
	select {
	case n := <-expunged:
		if n != 1 {
			t.Errorf("IDLE reported EXPUNGE %d, want 1", n)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no EXPUNGE during IDLE within 5 s of another session's MOVE")
	}
	if err := idle.Close(); err != nil {
		t.Fatalf("idle.Close: %v", err)
	}
	if err := idle.Wait(); err != nil {
		t.Fatalf("idle.Wait: %v", err)
	}
}
