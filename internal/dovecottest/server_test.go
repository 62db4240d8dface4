package dovecottest

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-smtp"
)

func testMail(from, to, subject string) []byte {
	return []byte(fmt.Sprintf("From: %s\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: <%s.%d@dovecottest>\r\n"+
		"Date: %s\r\n\r\nHallo,\r\nder Drucker geht nicht.\r\n",
		from, to, subject, strings.ReplaceAll(subject, " ", "-"), time.Now().UnixNano(), time.Now().Format(time.RFC1123Z)))
}

func TestAppendCountMessages(t *testing.T) {
	t.Parallel()
	s := Start(t)
	s.AddUser("support@helpdesk.test", "geheim")
	inbox := testMail("kunde@example.com", "support@helpdesk.test", "eins")
	if err := s.Append("support@helpdesk.test", "INBOX", inbox); err != nil {
		t.Fatalf("Append(INBOX): %v", err)
	}
	for i := 0; i < 2; i++ {
		if err := s.Append("support@helpdesk.test", "Erledigt", testMail("a@x.test", "support@helpdesk.test", "zwei")); err != nil {
			t.Fatalf("Append(Erledigt): %v", err)
		}
	}
	got, err := s.Count("support@helpdesk.test")
	if err != nil {
		t.Fatalf("Count: %v", err)
	}
	if want := map[string]int{"INBOX": 1, "Erledigt": 2}; !reflect.DeepEqual(got, want) {
		t.Errorf("Count = %v, want %v", got, want)
	}
	msgs, err := s.Messages("support@helpdesk.test", "INBOX")
	if err != nil {
		t.Fatalf("Messages: %v", err)
	}
	if len(msgs) != 1 || !bytes.Equal(msgs[0], inbox) {
		t.Errorf("Messages(INBOX) = %q, want [%q]", msgs, inbox)
	}
	if err := s.Append("nobody@helpdesk.test", "INBOX", inbox); err == nil {
		t.Error("Append for a user never added succeeded, want error")
	}
}

func TestLoginNeedsPassword(t *testing.T) {
	t.Parallel()
	s := Start(t)
	s.AddUser("a@x.test", "richtig")
	tests := []struct {
		password string
		ok       bool
	}{{"richtig", true}, {"falsch", false}} // each failure costs Dovecot's 0.5 s auth delay
	for _, tt := range tests {
		c, err := imapclient.DialInsecure(s.IMAPAddr, nil)
		if err != nil {
			t.Fatalf("DialInsecure: %v", err)
		}
		err = c.Login("a@x.test", tt.password).Wait()
		c.Close()
		if (err == nil) != tt.ok {
			t.Errorf("Login(a@x.test, %q) error = %v, want ok=%v", tt.password, err, tt.ok)
		}
	}
}

func TestDeliverMaildirBulk(t *testing.T) {
	t.Parallel()
	s := Start(t)
	s.AddUser("last@helpdesk.test", "pw")
	const n = 1000
	raws := make([][]byte, n)
	for i := range raws {
		raws[i] = []byte(fmt.Sprintf("From: k%d@example.com\nTo: last@helpdesk.test\nSubject: Nr. %d\n\nText %d\n", i, i, i))
	}
	start := time.Now()
	if err := s.DeliverMaildir("last@helpdesk.test", raws); err != nil {
		t.Fatalf("DeliverMaildir: %v", err)
	}
	written := time.Since(start)
	got, err := s.Count("last@helpdesk.test")
	if err != nil {
		t.Fatalf("Count: %v", err)
	}
	if got["INBOX"] != n {
		t.Fatalf("Count after DeliverMaildir of %d = %v, want INBOX: %d", n, got, n)
	}
	t.Logf("DeliverMaildir: %d mails written in %v (%.0f/s); visible via IMAP STATUS after %v",
		n, written, n/written.Seconds(), time.Since(start))
	msgs, err := s.Messages("last@helpdesk.test", "INBOX")
	if err != nil {
		t.Fatalf("Messages: %v", err)
	}
	if want := "From: k0@example.com\r\nTo: last@helpdesk.test\r\nSubject: Nr. 0\r\n\r\nText 0\r\n"; len(msgs) != n || string(msgs[0]) != want {
		t.Errorf("Messages: %d mails, first %q; want %d, first %q", len(msgs), msgs[0], n, want)
	}
}

func TestDeliverMaildirWakesIdle(t *testing.T) {
	t.Parallel()
	s := Start(t)
	s.AddUser("idle@helpdesk.test", "pw")
	exists := make(chan uint32, 10)
	c, err := imapclient.DialInsecure(s.IMAPAddr, &imapclient.Options{
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{
			Mailbox: func(d *imapclient.UnilateralDataMailbox) {
				if d.NumMessages != nil {
					exists <- *d.NumMessages
				}
			},
		},
	})
	if err != nil {
		t.Fatalf("DialInsecure: %v", err)
	}
	defer c.Close()
	if err := c.Login("idle@helpdesk.test", "pw").Wait(); err != nil {
		t.Fatalf("Login: %v", err)
	}
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		t.Fatalf("Select: %v", err)
	}
	idle, err := c.Idle()
	if err != nil {
		t.Fatalf("Idle: %v", err)
	}
	start := time.Now()
	if err := s.DeliverMaildir("idle@helpdesk.test", [][]byte{testMail("a@x.test", "idle@helpdesk.test", "neu")}); err != nil {
		t.Fatalf("DeliverMaildir: %v", err)
	}
	select {
	case n := <-exists:
		if n != 1 {
			t.Errorf("IDLE reported EXISTS %d, want 1", n)
		}
		t.Logf("IDLE notified %v after the Maildir write", time.Since(start))
	case <-time.After(5 * time.Second):
		t.Fatal("no IDLE notification within 5 s of DeliverMaildir")
	}
	if err := idle.Close(); err != nil {
		t.Fatalf("idle.Close: %v", err)
	}
	if err := idle.Wait(); err != nil {
		t.Fatalf("idle.Wait: %v", err)
	}
}

func TestRestartKeepsData(t *testing.T) {
	t.Parallel()
	s := Start(t)
	s.AddUser("a@x.test", "pw")
	if err := s.Append("a@x.test", "INBOX", testMail("k@example.com", "a@x.test", "vorher")); err != nil {
		t.Fatalf("Append: %v", err)
	}
	imapAddr, lmtpAddr := s.IMAPAddr, s.LMTPAddr
	if err := s.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if c, err := net.DialTimeout("tcp", imapAddr, time.Second); err == nil {
		c.Close()
		t.Fatalf("IMAP port %s still accepts connections after Stop", imapAddr)
	}
	if err := s.Restart(); err != nil {
		t.Fatalf("Restart: %v", err)
	}
	if s.IMAPAddr != imapAddr || s.LMTPAddr != lmtpAddr {
		t.Errorf("addresses after Restart = %s, %s; want %s, %s", s.IMAPAddr, s.LMTPAddr, imapAddr, lmtpAddr)
	}
	if err := s.DeliverLMTP("k@example.com", "a@x.test", testMail("k@example.com", "a@x.test", "nachher")); err != nil {
		t.Fatalf("DeliverLMTP after Restart: %v", err)
	}
	got, err := s.Count("a@x.test")
	if err != nil {
		t.Fatalf("Count after Restart: %v", err)
	}
	if got["INBOX"] != 2 {
		t.Errorf("Count after Restart = %v, want INBOX: 2", got)
	}
}

// sink is a go-smtp server that records what it receives.
type sink struct {
	mu    sync.Mutex
	mails []sunkMail
	got   chan struct{}
}

type sunkMail struct {
	from string
	to   []string
	data string
}

func startSink(t *testing.T) (*sink, string) {
	t.Helper()
	k := &sink{got: make(chan struct{}, 100)}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &sinkSession{sink: k}, nil
	}))
	srv.Domain = "sink.test"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
	return k, ln.Addr().String()
}

func (k *sink) snapshot() []sunkMail {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]sunkMail(nil), k.mails...)
}

type sinkSession struct {
	sink *sink
	from string
	to   []string
}

func (s *sinkSession) Mail(from string, _ *smtp.MailOptions) error { s.from = from; return nil }
func (s *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error   { s.to = append(s.to, to); return nil }
func (s *sinkSession) Reset()                                      { s.from, s.to = "", nil }
func (s *sinkSession) Logout() error                               { return nil }
func (s *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.sink.mu.Lock()
	s.sink.mails = append(s.sink.mails, sunkMail{from: s.from, to: s.to, data: string(b)})
	s.sink.mu.Unlock()
	s.sink.got <- struct{}{}
	return nil
}

func TestVacationAnswersOncePerSender(t *testing.T) {
	t.Parallel()
	k, sinkAddr := startSink(t)
	s := Start(t, WithSubmissionHost(sinkAddr))
	const user = "support@helpdesk.test"
	s.AddUser(user, "pw")
	if err := s.SetVacation(user, VacationScript(1, "Abwesend", "Ich bin bis Montag nicht im Haus.")); err != nil {
		t.Fatalf("SetVacation: %v", err)
	}
	deliveries := []string{"kunde-a@example.com", "kunde-a@example.com", "kunde-b@example.com"}
	for i, from := range deliveries {
		if err := s.DeliverLMTP(from, user, testMail(from, user, fmt.Sprintf("Anfrage %d", i))); err != nil {
			t.Fatalf("DeliverLMTP #%d from %s: %v", i, from, err)
		}
	}
	// Two replies are due (one per sender); wait for them, then a little
	// longer to catch a third that should not come.
	deadline := time.After(10 * time.Second)
	for received := 0; received < 2; received++ {
		select {
		case <-k.got:
		case <-deadline:
			t.Fatalf("vacation replies received: %d, want 2\n%s", received, s.logTail(20))
		}
	}
	select {
	case <-k.got:
		t.Errorf("a third vacation reply arrived; want one per sender: %+v", k.snapshot())
	case <-time.After(700 * time.Millisecond):
	}
	replied := map[string]int{}
	for _, m := range k.snapshot() {
		for _, to := range m.to {
			replied[to]++
		}
		if m.from != "" {
			t.Errorf("vacation reply sent with MAIL FROM %q, want the null sender", m.from)
		}
		if !strings.Contains(m.data, "Auto-Submitted: auto-replied") || !strings.Contains(m.data, "Subject: Abwesend") {
			t.Errorf("vacation reply lacks Auto-Submitted or Subject:\n%s", m.data)
		}
	}
	if want := map[string]int{"kunde-a@example.com": 1, "kunde-b@example.com": 1}; !reflect.DeepEqual(replied, want) {
		t.Errorf("vacation replies per recipient = %v, want %v", replied, want)
	}
	got, err := s.Count(user)
	if err != nil {
		t.Fatalf("Count: %v", err)
	}
	if got["INBOX"] != len(deliveries) {
		t.Errorf("Count = %v, want INBOX: %d (vacation must still deliver)", got, len(deliveries))
	}
}

func TestVacationScriptQuoting(t *testing.T) {
	got := VacationScript(3, `Sag "Hallo"`, `C:\Pfad`)
	want := "require \"vacation\";\nvacation :days 3 :subject \"Sag \\\"Hallo\\\"\" \"C:\\\\Pfad\";\n"
	if got != want {
		t.Errorf("VacationScript = %q, want %q", got, want)
	}
}

func TestAddUserRejectsBadNames(t *testing.T) {
	s := &Server{users: map[string]string{}, Dir: t.TempDir()}
	for _, name := range []string{"", "a:b", "a/b", "a b", "a\nb", "../x", "a%u"} {
		if err := s.addUser(name, "pw"); err == nil {
			t.Errorf("addUser(%q) succeeded, want error", name)
		}
	}
}
