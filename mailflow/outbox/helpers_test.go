package outbox

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log"
	"math/big"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/rs/zerolog"
)

// ---- fake SMTP server ----

type received struct {
	From string
	To   []string
	Data []byte
	TLS  bool
	User string
	Helo string
}

// backend is a go-smtp Backend whose replies tests control and which records what arrived.
type backend struct {
	mailErr func(from string) error
	rcptErr func(to string) error
	dataErr func(n int) error // n counts DATA commands from 0; may block
	users   map[string]string // AUTH PLAIN accounts; nil: no AUTH offered

	mu       sync.Mutex
	sessions map[string]bool // remote addresses: one per connection (STARTTLS starts a new session)
	msgs     []received
	datas    int
}

func (b *backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	b.mu.Lock()
	if b.sessions == nil {
		b.sessions = map[string]bool{}
	}
	b.sessions[c.Conn().RemoteAddr().String()] = true
	b.mu.Unlock()
	_, isTLS := c.TLSConnectionState()
	return &testSession{b: b, tls: isTLS, helo: c.Hostname()}, nil
}

func (b *backend) received() []received {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.msgs)
}

// sessionCount returns how many connections the server has seen.
func (b *backend) sessionCount() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.sessions)
}

type testSession struct {
	b    *backend
	tls  bool
	helo string
	user string
	from string
	to   []string
}

func (s *testSession) AuthMechanisms() []string {
	if s.b.users == nil {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *testSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if want, ok := s.b.users[user]; !ok || want != pass {
			return smtp.ErrAuthFailed
		}
		s.user = user
		return nil
	}), nil
}

func (s *testSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.b.users != nil && s.user == "" {
		return smtp.ErrAuthRequired
	}
	if s.b.mailErr != nil {
		if err := s.b.mailErr(from); err != nil {
			return err
		}
	}
	s.from = from
	return nil
}

func (s *testSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.b.rcptErr != nil {
		if err := s.b.rcptErr(to); err != nil {
			return err
		}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *testSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.b.mu.Lock()
	n := s.b.datas
	s.b.datas++
	s.b.mu.Unlock()
	if s.b.dataErr != nil {
		if err := s.b.dataErr(n); err != nil {
			return err
		}
	}
	s.b.mu.Lock()
	s.b.msgs = append(s.b.msgs, received{From: s.from, To: slices.Clone(s.to), Data: data, TLS: s.tls, User: s.user, Helo: s.helo})
	s.b.mu.Unlock()
	return nil
}

func (s *testSession) Reset()        { s.from, s.to = "", nil }
func (s *testSession) Logout() error { return nil }

// serverMode says how the test server speaks: plain (optionally offering STARTTLS) or implicit TLS.
type serverMode struct {
	tls      *tls.Config // offered via STARTTLS, or used for the whole connection when implicit
	implicit bool
}

// startServer serves be on 127.0.0.1 (addr "" picks a free port) and returns the address.
func startServer(t testing.TB, be *backend, mode serverMode, addr string) string {
	t.Helper()
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen %s: %v", addr, err)
	}
	srv := smtp.NewServer(be)
	srv.Domain = "localhost"
	srv.ErrorLog = log.New(io.Discard, "", 0)
	if mode.implicit {
		l = tls.NewListener(l, mode.tls)
	} else {
		srv.TLSConfig = mode.tls
	}
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return l.Addr().String()
}

// freeAddr returns a loopback address nobody listens on (for "connection refused").
func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

// selfSigned returns a server certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t testing.TB) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("generate key: %v", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "outbox test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatalf("create certificate: %v", err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("parse certificate: %v", err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// ---- running the sender ----

// newSender returns a Sender with test knobs: a fixed clock when now is non-zero.
func newSender(t testing.TB, cfg Config, q Queue, now time.Time) *Sender {
	t.Helper()
	if cfg.Timeout == 0 {
		cfg.Timeout = 5 * time.Second
	}
	if cfg.Connections == 0 {
		cfg.Connections = 1 // one connection keeps the order of events fixed; tests of parallel delivery ask for more
	}
	s := New(cfg, q, zerolog.Nop())
	if !now.IsZero() {
		s.now = func() time.Time { return now }
	}
	return s
}

// runSender starts s.Run and returns a stop function that cancels it and checks it returned nil.
func runSender(t testing.TB, s *Sender) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run = %v, want nil after cancel", err)
				}
			case <-time.After(5 * time.Second):
				t.Errorf("Run did not return within 5s of cancel")
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// waitFor polls cond until it holds or 5s pass.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// resultsOf flattens Record calls.
func resultsOf(calls [][]Result) []Result {
	var out []Result
	for _, c := range calls {
		out = append(out, c...)
	}
	return out
}

const testRaw = "From: Support <support@example.com>\r\n" +
	"To: kunde@example.org\r\n" +
	"Subject: =?utf-8?q?Best=C3=A4tigung?=\r\n" +
	"Message-ID: <1@example.com>\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\n" +
	"Content-Transfer-Encoding: 8bit\r\n" +
	"\r\n" +
	"Guten Tag,\r\n" +
	".eine Zeile mit Punkt\r\n" +
	"..zwei Punkte\r\n" +
	".\r\n" +
	"Grüße\r\n"

func testMail(id uint64, to ...string) Mail {
	if len(to) == 0 {
		to = []string{"kunde@example.org"}
	}
	return Mail{ID: id, From: "support@example.com", To: to, Raw: []byte(testRaw), Created: time.Now()}
}
