// Package relaytest is a real SMTP peer for integration tests and load tools: a go-smtp server on
// loopback that accepts mail for any recipient, records when each mail was accepted, optionally
// hands it on (for example to Dovecot over LMTP), and can be made to fail temporarily or be
// stopped and started again on the same port to simulate an outage.
package relaytest

import (
	"bytes"
	"context"

	"fmt"
	"io"
	"log"
	"net"
	"net/mail"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-smtp"
)

// Received is one accepted mail.
type Received struct {
	From      string
	To        []string
	Raw       []byte
	MessageID string // without angle brackets
	At        time.Time
}

// Relay is a running SMTP peer.
type Relay struct {
	addr    string
	deliver func(from string, to []string, raw []byte) error

	mu      sync.Mutex
	srv     *smtp.Server
	failing int // 0: accept; otherwise the SMTP code given to MAIL FROM (e.g. 451)
	got     []Received
	changed chan struct{} // closed and replaced on every accepted mail
}

// Start listens on addr ("127.0.0.1:0" for any port). deliver, if not nil, is called for every
// accepted mail before the server answers 250; its error becomes a temporary failure.
func Start(addr string, deliver func(from string, to []string, raw []byte) error) (*Relay, error) {
	r := &Relay{addr: addr, deliver: deliver, changed: make(chan struct{})}
	if err := r.listen(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Relay) listen() error {
	ln, err := net.Listen("tcp", r.addr)
	if err != nil {
		return fmt.Errorf("relaytest: listen: %w", err)
	}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{r: r}, nil }))
	srv.Domain = "relaytest"
	srv.ErrorLog = log.New(io.Discard, "", 0) // killed clients are expected here
	srv.AllowInsecureAuth = true
	srv.MaxMessageBytes = 64 << 20
	srv.ReadTimeout, srv.WriteTimeout = time.Minute, time.Minute
	r.mu.Lock()
	r.addr, r.srv = ln.Addr().String(), srv
	r.mu.Unlock()
	go srv.Serve(ln)
	return nil
}

// Addr is host:port of the relay (stable across Stop and Restart).
func (r *Relay) Addr() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.addr
}

// SetFailing makes every new mail fail with code (e.g. 451 for temporary, 550 for permanent);
// 0 accepts again.
func (r *Relay) SetFailing(code int) {
	r.mu.Lock()
	r.failing = code
	r.mu.Unlock()
}

// Stop closes the listener and every connection: the peer is down.
func (r *Relay) Stop() error {
	r.mu.Lock()
	srv := r.srv
	r.srv = nil
	r.mu.Unlock()
	if srv == nil {
		return nil
	}
	return srv.Close()
}

// Restart listens again on the same address after Stop.
func (r *Relay) Restart() error { return r.listen() }

// Close stops the relay for good.
func (r *Relay) Close() error { return r.Stop() }

// Messages returns a copy of the list of accepted mails, in order of acceptance.
func (r *Relay) Messages() []Received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Received(nil), r.got...)
}

// Wait blocks until at least n mails were accepted or ctx ends.
func (r *Relay) Wait(ctx context.Context, n int) error {
	for {
		r.mu.Lock()
		got, ch := len(r.got), r.changed
		r.mu.Unlock()
		if got >= n {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("relaytest: %d of %d mails accepted: %w", got, n, ctx.Err())
		}
	}
}

type session struct {
	r    *Relay
	from string
	to   []string
}

func (s *session) AuthPlain(username, password string) error { return nil }

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.r.mu.Lock()
	code := s.r.failing
	s.r.mu.Unlock()
	if code != 0 {
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 3, 0}, Message: "relaytest: failing on purpose"}
	}
	s.from, s.to = from, nil
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(rd io.Reader) error {
	raw, err := io.ReadAll(rd)
	if err != nil {
		return err
	}
	if s.r.deliver != nil {
		if err := s.r.deliver(s.from, s.to, raw); err != nil {
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "relaytest: hand-on failed: " + oneLine(err)}
		}
	}
	rec := Received{From: s.from, To: s.to, Raw: raw, At: time.Now()}
	if m, err := mail.ReadMessage(bytes.NewReader(raw)); err == nil {
		rec.MessageID = strings.Trim(strings.TrimSpace(m.Header.Get("Message-ID")), "<>")
	}
	s.r.mu.Lock()
	s.r.got = append(s.r.got, rec)
	close(s.r.changed)
	s.r.changed = make(chan struct{})
	s.r.mu.Unlock()
	return nil
}

func (s *session) Reset()        {}
func (s *session) Logout() error { return nil }

func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
