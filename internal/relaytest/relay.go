// Package relaytest is a real SMTP peer for integration tests and load tools: a go-smtp server on
// loopback that accepts mail for any recipient, records when each mail was accepted, optionally
// hands it on (for example to Dovecot over LMTP), and can be made to fail temporarily or be
// stopped and started again on the same port to simulate an outage.
//
// Options make it a difficult peer: StrictHelo refuses a second EHLO on one connection as
// Python's smtpd does, and Fault answers chosen commands with any reply code, drops the
// connection mid-command or mid-DATA, or accepts a mail and then drops the connection before
// answering (the case where a client must resend; Stats counts it so tests can be exact).
package relaytest

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
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

// Options make the relay behave like a particular peer. The zero value accepts everything.
type Options struct {
	// Deliver, if not nil, is called for every accepted mail before the server answers 250;
	// its error becomes a temporary failure (451).
	Deliver func(from string, to []string, raw []byte) error
	// StrictHelo answers a second EHLO or HELO on one connection with "503 5.5.1 Duplicate
	// HELO/EHLO" (Python's smtpd) instead of treating it as a reset (RFC 5321 4.1.4).
	StrictHelo bool
	// Fault, if not nil, is asked at every MAIL, RCPT and DATA what to do instead of accepting.
	// It is called from the connection's goroutine; several connections call it at once.
	Fault func(Event) Reply
	// Discard keeps no copy of accepted mails (Messages stays empty, Wait never returns), only
	// counts them in Stats.Accepted: a sink for benchmarks.
	Discard bool
}

// Relay is a running SMTP peer.
type Relay struct {
	addr string
	opts Options

	mu      sync.Mutex
	srv     *smtp.Server
	failing int // 0: accept; otherwise the SMTP code given to MAIL FROM (e.g. 451)
	got     []Received
	stats   Stats
	events  map[Stage]int // events per stage so far, for Event.N
	changed chan struct{} // closed and replaced on every accepted mail
}

// Start listens on addr ("127.0.0.1:0" for any port). deliver, if not nil, is called for every
// accepted mail before the server answers 250; its error becomes a temporary failure.
func Start(addr string, deliver func(from string, to []string, raw []byte) error) (*Relay, error) {
	return StartWith(addr, Options{Deliver: deliver})
}

// StartWith listens on addr ("127.0.0.1:0" for any port) with the given behaviour.
func StartWith(addr string, opts Options) (*Relay, error) {
	r := &Relay{addr: addr, opts: opts, changed: make(chan struct{}), events: make(map[Stage]int)}
	if err := r.listen(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Relay) listen() error {
	tl, err := net.Listen("tcp", r.addr)
	if err != nil {
		return fmt.Errorf("relaytest: listen: %w", err)
	}
	ln := &listener{Listener: tl, r: r, strict: r.opts.StrictHelo}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		id := 0
		if cc, ok := c.Conn().(*conn); ok {
			id = cc.id
		}
		return &session{r: r, c: c, conn: id}, nil
	}))
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

// Stats returns what the relay counted so far.
func (r *Relay) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stats
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
