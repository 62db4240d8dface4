package intake

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/rs/zerolog"

	"helpdesk/internal/testlog"
)

const (
	testUser     = "helpdesk"
	testPassword = "secret"
	deadline     = 5 * time.Second
)

// fullCaps is what Dovecot offers for our purposes; memserver always adds IDLE for IMAP4rev1.
var fullCaps = imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapMove: {}, imap.CapUIDPlus: {}}

type testServer struct {
	user    *imapmemserver.User
	addr    string
	traffic *testlog.Buffer // everything the server read and wrote
}

type discardLogger struct{}

func (discardLogger) Printf(string, ...interface{}) {}

// newServer starts an imapmemserver on 127.0.0.1 with an INBOX and the given capabilities.
func newServer(t *testing.T, caps imap.CapSet) *testServer {
	t.Helper()
	return newServerTLS(t, caps, nil, false)
}

// newServerTLS is newServer with TLS: implicit when implicit is set, else offered as STARTTLS
// when tlsConfig is not nil.
func newServerTLS(t *testing.T, caps imap.CapSet, tlsConfig *tls.Config, implicit bool) *testServer {
	t.Helper()
	mem := imapmemserver.New()
	user := imapmemserver.NewUser(testUser, testPassword)
	if err := user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(user)
	opts := &imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         caps,
		InsecureAuth: true,
		Logger:       discardLogger{},
		DebugWriter:  &testlog.Buffer{},
	}
	if tlsConfig != nil && !implicit {
		opts.TLSConfig = tlsConfig
	}
	srv := imapserver.New(opts)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if implicit {
		ln = tls.NewListener(ln, tlsConfig)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return &testServer{user: user, addr: ln.Addr().String(), traffic: opts.DebugWriter.(*testlog.Buffer)}
}

func (s *testServer) append(t *testing.T, mailbox string, raw []byte) {
	t.Helper()
	if _, err := s.user.Append(mailbox, bytes.NewReader(raw), &imap.AppendOptions{}); err != nil {
		t.Fatalf("append to %s: %v", mailbox, err)
	}
}

func (s *testServer) status(t *testing.T, mailbox string) *imap.StatusData {
	t.Helper()
	data, err := s.user.Status(mailbox, &imap.StatusOptions{
		NumMessages: true, NumUnseen: true, NumDeleted: true, UIDValidity: true,
	})
	if err != nil {
		t.Fatalf("status %s: %v", mailbox, err)
	}
	return data
}

// count returns the number of mails in mailbox, 0 when it does not exist (yet).
func (s *testServer) count(t *testing.T, mailbox string) int {
	t.Helper()
	data, err := s.user.Status(mailbox, &imap.StatusOptions{NumMessages: true})
	if err != nil {
		return 0
	}
	return int(*data.NumMessages)
}

// mail returns a small RFC 5322 message whose body is padded to about size bytes.
func mail(i, size int) []byte {
	head := fmt.Sprintf("From: kunde%d@example.org\r\nTo: support@example.net\r\nSubject: Test %d\r\n"+
		"Message-ID: <%d@example.org>\r\n\r\n", i, i, i)
	body := "Hallo, bitte helfen Sie mir.\r\n"
	for len(head)+len(body) < size {
		body += strings.Repeat("x", 76) + "\r\n"
	}
	return []byte(head + body)
}

// recorder is a Handler that records what it was given.
type recorder struct {
	mu     sync.Mutex
	calls  [][]imap.UID
	bodies map[imap.UID][]byte
	valid  []uint32
	// decide returns the result of call number n (0-based); nil means "Processed" for all.
	decide func(n int, batch []*Fetched) (map[imap.UID]string, error)
}

func (r *recorder) Handle(ctx context.Context, uidValidity uint32, batch []*Fetched) (map[imap.UID]string, error) {
	uids := make([]imap.UID, len(batch))
	bodies := make(map[imap.UID][]byte, len(batch))
	for i, f := range batch {
		uids[i] = f.UID
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		bodies[f.UID] = b
	}
	r.mu.Lock()
	n := len(r.calls)
	r.calls = append(r.calls, uids)
	r.valid = append(r.valid, uidValidity)
	if r.bodies == nil {
		r.bodies = make(map[imap.UID][]byte)
	}
	for uid, b := range bodies {
		r.bodies[uid] = b
	}
	decide := r.decide
	r.mu.Unlock()
	if decide != nil {
		return decide(n, batch)
	}
	dest := make(map[imap.UID]string, len(batch))
	for _, f := range batch {
		dest[f.UID] = "Processed"
	}
	return dest, nil
}

func (r *recorder) snapshot() [][]imap.UID {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([][]imap.UID, len(r.calls))
	for i, c := range r.calls {
		out[i] = slices.Clone(c)
	}
	return out
}

func (r *recorder) body(uid imap.UID) []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.bodies[uid]
}

// testConfig returns a Config for s with fast timings.
func testConfig(t *testing.T, s *testServer) Config {
	t.Helper()
	return Config{
		Address:      s.addr,
		Security:     SecurityNone,
		Username:     testUser,
		Password:     testPassword,
		Folders:      []string{"Processed", "SetAside"},
		UseIdle:      true,
		PollInterval: time.Hour,
		SafetyPoll:   time.Hour,
		SpoolDir:     t.TempDir(),
		MinBackoff:   10 * time.Millisecond,
		MaxBackoff:   50 * time.Millisecond,
	}
}

// start runs an Intake until the test ends and checks that Run returns nil promptly on cancel.
func start(t *testing.T, cfg Config, h Handler) *Intake {
	t.Helper()
	in := New(cfg, h, zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.WarnLevel))
	ctx, cancel := context.WithCancel(context.Background())
	res := make(chan error, 1)
	go func() { res <- in.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		// Well below shutdownGrace: IDLE is stopped and LOGOUT answered, nothing times out.
		limit := shutdownGrace / 2
		select {
		case err := <-res:
			if err != nil {
				t.Errorf("Run after cancel = %v, want nil", err)
			}
		case <-time.After(limit):
			t.Errorf("Run did not return within %v of cancel", limit)
		}
	})
	return in
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	end := time.Now().Add(deadline)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("timed out after %v waiting for %s", deadline, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func zerologNop() zerolog.Logger { return zerolog.Nop() }
