package postfixtest

import (
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// sink is an in-process LMTP server that records what Postfix delivers, so the harness is
// tested without Dovecot. While failing is set it answers RCPT with 451.
type sink struct {
	addr    string
	failing atomic.Bool

	mu   sync.Mutex
	got  []delivery
	seen chan struct{} // gets a value per delivery
}

type delivery struct {
	from string
	to   []string
	data []byte
}

func startSink(t *testing.T) *sink {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	k := &sink{addr: ln.Addr().String(), seen: make(chan struct{}, 100)}
	srv := smtp.NewServer(k)
	srv.LMTP = true
	srv.Domain = "sink.test"
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
	return k
}

func (k *sink) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{k: k}, nil }

func (k *sink) deliveries() []delivery {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]delivery(nil), k.got...)
}

// wait returns the deliveries once there are n, or fails the test after timeout.
func (k *sink) wait(t *testing.T, n int, timeout time.Duration) []delivery {
	t.Helper()
	deadline := time.After(timeout)
	for {
		if got := k.deliveries(); len(got) >= n {
			return got
		}
		select {
		case <-k.seen:
		case <-deadline:
			t.Fatalf("LMTP sink got %d deliveries within %v, want %d", len(k.deliveries()), timeout, n)
		}
	}
}

type sinkSession struct {
	k    *sink
	from string
	to   []string
}

func (s *sinkSession) Reset()        { s.from, s.to = "", nil }
func (s *sinkSession) Logout() error { return nil }

func (s *sinkSession) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	return nil
}

func (s *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.k.failing.Load() {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "sink is failing on purpose"}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *sinkSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if len(s.to) == 0 {
		return errors.New("no recipients")
	}
	s.k.mu.Lock()
	s.k.got = append(s.k.got, delivery{from: s.from, to: s.to, data: data})
	s.k.mu.Unlock()
	s.k.seen <- struct{}{}
	return nil
}
