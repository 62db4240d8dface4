package integration

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/emersion/go-message/charset" // ISO-8859-1 and friends in received mail
	"github.com/emersion/go-message/mail"
	"github.com/rs/zerolog"

	"helpdesk/config"
	"helpdesk/control"
	"helpdesk/daemon"
	"helpdesk/internal/dovecottest"
	"helpdesk/internal/postfixtest"
	"helpdesk/internal/relaytest"
	"helpdesk/ticketstore"
)

const (
	support  = "support@example.test"
	password = "geheim"
	// ingestTimeout bounds how long a test waits for mail to pass Dovecot, the daemon and the
	// relay: IDLE notices arrive ~0.5 s after delivery, so seconds are plenty even under -race.
	ingestTimeout = 20 * time.Second
)

func init() {
	zerolog.TimeFieldFormat = "15:04:05.000" // the daemon logs of a failing test, in order
}

// env is one helpdesk world: a private Dovecot, a relay that delivers into it, and the daemon.
type env struct {
	t     *testing.T
	dc    *dovecottest.Server
	relay *relaytest.Relay
	pf    *postfixtest.Server // the daemon's SMTP relay instead of relay, with envOptions.postfix
	cfg   *config.Config
	desk  *daemon.Desk
	log   *syncBuffer

	mu    sync.Mutex
	users map[string]bool // Dovecot users the relay delivers to; other recipients are only recorded

	cancel context.CancelFunc
	served chan error // Serve's result; nil until serve
}

// envOptions change how newEnv sets the world up.
type envOptions struct {
	users     []string             // customer mailboxes besides support@example.test
	configure func(*config.Config) // adjusts the config before it is validated
	// postfix puts a private Postfix between the daemon and Dovecot: the daemon submits to it,
	// and it delivers over LMTP to the mailboxes of the support and users' domains.
	postfix bool
}

// startEnv is newEnv followed by serve: the daemon is running when it returns.
func startEnv(t *testing.T, o envOptions) *env {
	t.Helper()
	e := newEnv(t, o)
	e.serve()
	return e
}

// newEnv starts Dovecot and the relay and opens the desk, but does not serve yet, so a test can
// fill the mailbox first. Everything is stopped and removed when the test ends.
func newEnv(t *testing.T, o envOptions) *env {
	t.Helper()
	e := &env{t: t, log: &syncBuffer{}, users: map[string]bool{}}

	// The relay hands each recipient with a Dovecot mailbox on over LMTP (Sieve runs there);
	// mail to anyone else is only recorded. It is started first because Dovecot sends vacation
	// replies to it (submission_host).
	var dcRef atomic.Pointer[dovecottest.Server]
	relay, err := relaytest.Start("127.0.0.1:0", func(from string, to []string, raw []byte) error {
		dc := dcRef.Load()
		for _, rcpt := range to {
			if dc == nil || !e.hasUser(rcpt) {
				continue
			}
			if err := dc.DeliverLMTP(from, strings.ToLower(rcpt), raw); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("relaytest.Start: %v", err)
	}
	e.relay = relay
	t.Cleanup(func() { relay.Close() })

	e.dc = dovecottest.Start(t, dovecottest.WithSubmissionHost(relay.Addr()))
	dcRef.Store(e.dc)
	e.addUser(support)
	for _, u := range o.users {
		e.addUser(u)
	}
	if o.postfix {
		e.pf = postfixtest.Start(t, e.dc.LMTPAddr, domainsOf(append([]string{support}, o.users...)))
	}

	// Not t.TempDir: its path can be too long for the control socket (107 bytes).
	dataDir, err := os.MkdirTemp("", "hd")
	if err != nil {
		t.Fatalf("MkdirTemp: %v", err)
	}
	t.Cleanup(func() { os.RemoveAll(dataDir) })

	cfg := config.Default()
	cfg.DataDir = dataDir
	cfg.Language = config.LanguageGerman
	cfg.Support.Address = support
	cfg.IMAP.Address = e.dc.IMAPAddr
	cfg.IMAP.Security = config.SecurityNone
	cfg.IMAP.Username = support
	cfg.IMAP.Password = password
	cfg.IMAP.PollInterval = config.Duration(time.Second)
	cfg.IMAP.SafetyPoll = config.Duration(2 * time.Second)
	cfg.SMTP.Address = relay.Addr()
	if e.pf != nil {
		cfg.SMTP.Address = e.pf.SMTPAddr
	}
	cfg.SMTP.Security = config.SecurityNone
	if o.configure != nil {
		o.configure(cfg)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("config: %v", err)
	}
	e.cfg = cfg

	log := zerolog.New(e.log).With().Timestamp().Logger()
	d, err := daemon.Open(cfg, log, daemon.Create, 0)
	if err != nil {
		t.Fatalf("daemon.Open: %v", err)
	}
	d.OutboxBackoff = func(int) time.Duration { return 200 * time.Millisecond }
	e.desk = d
	// Registered after dovecottest.Start, so it runs before Dovecot is killed.
	t.Cleanup(e.shutdown)
	return e
}

// serve runs the daemon until the test ends.
func (e *env) serve() {
	e.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	e.cancel = cancel
	e.served = make(chan error, 1)
	go func() { e.served <- e.desk.Serve(ctx) }()
}

// shutdown stops Serve (waiting for it to return), closes the store and, when the test failed,
// shows the end of the daemon's log.
func (e *env) shutdown() {
	t := e.t
	if e.served != nil {
		e.cancel()
		select {
		case err := <-e.served:
			if err != nil {
				t.Errorf("Serve returned %v, want nil after cancellation", err)
			}
		case <-time.After(15 * time.Second):
			t.Errorf("Serve did not return within 15 s of cancellation")
		}
	}
	if err := e.desk.Close(); err != nil {
		t.Errorf("close store: %v", err)
	}
	switch {
	case os.Getenv("HELPDESK_TEST_LOG") != "": // the whole log, for debugging a passing test
		t.Logf("daemon log:\n%s", e.log.tail(1<<30))
	case t.Failed():
		t.Logf("daemon log (last 60 lines):\n%s", e.log.tail(60))
	}
}

// addUser creates a Dovecot mailbox; the relay delivers to it from now on.
func (e *env) addUser(addr string) {
	e.t.Helper()
	addr = strings.ToLower(addr)
	e.dc.AddUser(addr, password)
	e.mu.Lock()
	e.users[addr] = true
	e.mu.Unlock()
}

func (e *env) hasUser(addr string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.users[strings.ToLower(addr)]
}

// deliver hands m to the support mailbox over LMTP, as the customer's MTA would.
func (e *env) deliver(m *testMail) {
	e.t.Helper()
	envFrom := m.From
	if i := strings.LastIndexByte(envFrom, '<'); i >= 0 { // a display name: the address only
		envFrom = strings.TrimSuffix(envFrom[i+1:], ">")
	}
	if m.NullSender {
		envFrom = ""
	}
	if err := e.dc.DeliverLMTP(envFrom, support, m.Bytes()); err != nil {
		e.t.Fatalf("deliver %q from %s: %v", m.Subject, m.From, err)
	}
}

// call runs an operator operation in-process, exactly as through the control socket (over an
// in-process pipe serving the desk's bindings).
func call[A, R any](t *testing.T, e *env, op control.Op[A, R], args A) R {
	t.Helper()
	r, err := tryCall(e, op, args)
	if err != nil {
		t.Fatalf("%s(%+v): %v", op.Name, args, err)
	}
	return r
}

func tryCall[A, R any](e *env, op control.Op[A, R], args A) (R, error) {
	c := control.Pipe(context.Background(), zerolog.Nop(), e.desk.Bindings()...)
	defer c.Close()
	return control.Invoke(context.Background(), c, op, args)
}

// collect runs a listing in-process and returns all its items.
func collect[A, I any](t *testing.T, e *env, op control.StreamOp[A, I, daemon.Page], args A) []I {
	t.Helper()
	c := control.Pipe(context.Background(), zerolog.Nop(), e.desk.Bindings()...)
	defer c.Close()
	var out []I
	if _, err := control.InvokeStream(context.Background(), c, op, args, func(i I) error {
		out = append(out, i)
		return nil
	}); err != nil {
		t.Fatalf("%s(%+v): %v", op.Name, args, err)
	}
	return out
}

func (e *env) tickets() []daemon.TicketSummary {
	e.t.Helper()
	return collect(e.t, e, daemon.TicketList, daemon.TicketListArgs{})
}

func (e *env) ticket(number string) daemon.TicketDetail {
	e.t.Helper()
	return call(e.t, e, daemon.TicketShow, daemon.NumberArgs{Number: number})
}

func (e *env) outbox() []daemon.OutboxView {
	e.t.Helper()
	return collect(e.t, e, daemon.OutboxList, daemon.OutboxListArgs{})
}

func (e *env) setAside() []daemon.SetAsideView {
	e.t.Helper()
	return collect(e.t, e, daemon.SetAsideList, daemon.SetAsideListArgs{All: true})
}

func (e *env) suppressions() []ticketstore.Suppression {
	e.t.Helper()
	var out []ticketstore.Suppression
	err := e.desk.Store.View(func(tx *ticketstore.Tx) error {
		var err error
		out, err = tx.Suppressions()
		return err
	})
	if err != nil {
		e.t.Fatalf("suppressions: %v", err)
	}
	return out
}

// count returns the number of messages per folder of a Dovecot user (0 on a transient error:
// callers poll).
func (e *env) count(user string) map[string]int {
	c, err := e.dc.Count(user)
	if err != nil {
		e.t.Logf("Count(%s): %v", user, err)
		return map[string]int{}
	}
	return c
}

// inbox returns the parsed mails in a user's INBOX.
func (e *env) inbox(user string) []*gotMail {
	e.t.Helper()
	raws, err := e.dc.Messages(user, "INBOX")
	if err != nil {
		e.t.Fatalf("Messages(%s, INBOX): %v", user, err)
	}
	out := make([]*gotMail, 0, len(raws))
	for _, raw := range raws {
		out = append(out, parseMail(e.t, raw))
	}
	return out
}

// relayed returns the relay's mails to rcpt (all when rcpt is ""), parsed.
func (e *env) relayed(rcpt string) []*gotMail {
	e.t.Helper()
	var out []*gotMail
	for _, r := range e.relay.Messages() {
		if rcpt == "" || containsFold(r.To, rcpt) {
			m := parseMail(e.t, r.Raw)
			m.EnvFrom, m.EnvTo = r.From, r.To
			out = append(out, m)
		}
	}
	return out
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

// waitFor polls cond until it holds, failing the test with what when timeout passes first.
func waitFor(t *testing.T, timeout time.Duration, cond func() bool, what string) {
	t.Helper()
	waitForState(t, timeout, func() (bool, string) { return cond(), "" }, what)
}

// waitForState is waitFor whose condition also describes what it last saw, for the failure
// message.
func waitForState(t *testing.T, timeout time.Duration, cond func() (bool, string), what string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, state := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			if state != "" {
				t.Fatalf("timed out after %v waiting for %s; last seen: %s", timeout, what, state)
			}
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitQuiet polls snapshot until it has not changed for quiet, so a test can assert on a world
// that has settled (nothing more is going to be sent). It fails when that takes longer than
// timeout: something keeps sending.
func waitQuiet(t *testing.T, quiet, timeout time.Duration, snapshot func() string, what string) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	last, since := snapshot(), time.Now()
	for time.Since(since) < quiet {
		if time.Now().After(deadline) {
			t.Fatalf("%s did not settle within %v (no %v without change); last state: %s", what, timeout, quiet, last)
		}
		time.Sleep(100 * time.Millisecond)
		if s := snapshot(); s != last {
			last, since = s, time.Now()
		}
	}
}

// testMail is an incoming mail as a customer's mail client writes it.
type testMail struct {
	From, To, Subject, Body string
	MessageID               string // without angle brackets; set by newMail
	NullSender              bool   // envelope sender <> (bounces); otherwise From
	Headers                 [][2]string
	// Raw, when set, replaces the generated body part: everything after the header, with
	// its own Content-Type among Headers.
	Raw string
}

var mailSeq atomic.Int64

// newMail returns a plain-text incident from from to the support address with a fresh
// Message-ID.
func newMail(from, subject, body string) *testMail {
	return &testMail{From: from, To: support, Subject: subject, Body: body, MessageID: newMessageID(from)}
}

func newMessageID(from string) string {
	domain := "client.test"
	if at := strings.LastIndexByte(from, '@'); at >= 0 {
		domain = strings.TrimRight(from[at+1:], ">")
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%d.%s@%s", mailSeq.Add(1), hex.EncodeToString(b[:]), domain)
}

// Bytes renders the mail (LF line endings; dovecottest turns them into CRLF).
func (m *testMail) Bytes() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\n", m.From)
	fmt.Fprintf(&b, "To: %s\n", m.To)
	fmt.Fprintf(&b, "Subject: %s\n", mime.QEncoding.Encode("utf-8", m.Subject))
	fmt.Fprintf(&b, "Date: %s\n", time.Now().Format(time.RFC1123Z))
	if m.MessageID != "" {
		fmt.Fprintf(&b, "Message-ID: <%s>\n", m.MessageID)
	}
	b.WriteString("MIME-Version: 1.0\n")
	for _, h := range m.Headers {
		fmt.Fprintf(&b, "%s: %s\n", h[0], h[1])
	}
	if m.Raw != "" {
		b.WriteString(m.Raw)
		return b.Bytes()
	}
	b.WriteString("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n")
	b.WriteString(m.Body)
	b.WriteString("\n")
	return b.Bytes()
}

// gotMail is a received mail, parsed.
type gotMail struct {
	Raw        []byte
	Header     mail.Header
	Subject    string
	MessageID  string // without angle brackets
	InReplyTo  []string
	References []string
	Text, HTML string
	EnvFrom    string   // envelope, for mails taken from the relay
	EnvTo      []string // envelope, for mails taken from the relay
}

func parseMail(t *testing.T, raw []byte) *gotMail {
	t.Helper()
	mr, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("parse received mail: %v\n%s", err, raw)
	}
	g := &gotMail{Raw: raw, Header: mr.Header}
	g.Subject, _ = mr.Header.Subject()
	g.MessageID, _ = mr.Header.MessageID()
	g.InReplyTo, _ = mr.Header.MsgIDList("In-Reply-To")
	g.References, _ = mr.Header.MsgIDList("References")
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("read part of mail %q: %v", g.Subject, err)
		}
		h, ok := p.Header.(*mail.InlineHeader)
		if !ok {
			continue
		}
		body, err := io.ReadAll(p.Body)
		if err != nil {
			t.Fatalf("read part of mail %q: %v", g.Subject, err)
		}
		switch ct, _, _ := h.ContentType(); ct {
		case "text/plain":
			g.Text += string(body)
		case "text/html":
			g.HTML += string(body)
		}
	}
	return g
}

// ticketMails returns the mails of ticket number among ms (by X-Helpdesk-Ticket).
func ticketMails(ms []*gotMail, number string) []*gotMail {
	var out []*gotMail
	for _, m := range ms {
		if m.Header.Get("X-Helpdesk-Ticket") == number {
			out = append(out, m)
		}
	}
	return out
}

// fromDaemon reports whether m is one of the daemon's mails (its Message-IDs start "hd.").
func fromDaemon(m *gotMail) bool { return strings.HasPrefix(m.MessageID, "hd.") }

// syncBuffer collects the daemon's log for a failing test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) tail(n int) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	lines := strings.Split(strings.TrimRight(b.buf.String(), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// blobDir is the blob store of the daemon: data_dir/blobs.
func (e *env) blobDir() string { return filepath.Join(e.cfg.DataDir, "blobs") }
