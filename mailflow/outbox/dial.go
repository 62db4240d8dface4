package outbox

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// guardConn is the TCP connection under the SMTP client (and under TLS). It caps every deadline
// go-smtp sets at Timeout from now (go-smtp's own defaults are 5 and 12 minutes) and, once
// aborted, forces every deadline into the past so a blocked read or write returns at once and
// no later command can extend it.
type guardConn struct {
	net.Conn
	timeout time.Duration

	mu      sync.Mutex
	aborted bool
}

var pastDeadline = time.Unix(1, 0)

func (g *guardConn) limit(t time.Time) time.Time {
	if g.aborted {
		return pastDeadline
	}
	if t.IsZero() {
		return t // no deadline between commands: the connection is idle
	}
	if max := time.Now().Add(g.timeout); t.After(max) {
		return max
	}
	return t
}

func (g *guardConn) SetDeadline(t time.Time) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.Conn.SetDeadline(g.limit(t))
}

func (g *guardConn) SetReadDeadline(t time.Time) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.Conn.SetReadDeadline(g.limit(t))
}

func (g *guardConn) SetWriteDeadline(t time.Time) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.Conn.SetWriteDeadline(g.limit(t))
}

// abort interrupts any I/O in progress; the connection is unusable afterwards.
func (g *guardConn) abort() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.aborted = true
	_ = g.Conn.SetDeadline(pastDeadline)
}

// session is one SMTP connection, owned by one worker.
type session struct {
	c        *smtp.Client
	raw      *guardConn
	stop     func() bool // unregisters the abort-on-cancel hook
	mails    int         // transactions started on this connection
	lastUsed time.Time
}

// dial connects, secures, greets and authenticates. Every failure is a *failure of class
// classSession: whatever the reply code, it is a problem of the relay or of our configuration,
// never of the mail.
//
// The dial is done here rather than with smtp.Dial/DialTLS/DialStartTLS so that it honours ctx
// and Config.Timeout (smtp.Dial has a fixed 30s dial timeout and no context) and so that the
// raw connection can be guarded. The SMTP conversation itself uses only Client methods: the
// package-level smtp.SendMail refuses servers without STARTTLS.
//
// With STARTTLS, go-smtp (v0.25.1 has no exported StartTLS method) sends the EHLO before
// STARTTLS as "localhost"; HeloName is used for the EHLO inside TLS.
func (s *Sender) dial(ctx context.Context) (*session, error) {
	cfg := &s.cfg
	d := net.Dialer{Timeout: cfg.Timeout}
	nc, err := d.DialContext(ctx, "tcp", cfg.Address)
	if err != nil {
		return nil, sessionFailure(stageConnect, err)
	}
	g := &guardConn{Conn: nc, timeout: cfg.Timeout}
	ss := &session{raw: g, stop: context.AfterFunc(ctx, g.abort), lastUsed: s.now()}
	fail := func(stage string, err error) (*session, error) {
		ss.stop()
		_ = g.Close()
		return nil, sessionFailure(stage, err)
	}

	switch cfg.Security {
	case SecurityTLS:
		tc := tls.Client(g, cfg.TLSConfig)
		hctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
		err := tc.HandshakeContext(hctx)
		cancel()
		if err != nil {
			return fail(stageTLS, err)
		}
		ss.c = smtp.NewClient(tc)
	case SecuritySTARTTLS:
		c, err := smtp.NewClientStartTLS(g, cfg.TLSConfig)
		if err != nil {
			return fail(stageStartTLS, err)
		}
		ss.c = c
	default:
		ss.c = smtp.NewClient(g)
	}
	ss.c.CommandTimeout = cfg.Timeout
	ss.c.SubmissionTimeout = cfg.Timeout
	// Hello runs the greeting and EHLO now (inside TLS for starttls, where it also completes
	// the handshake), so their failures are session failures, not the first mail's.
	if err := ss.c.Hello(cfg.HeloName); err != nil {
		return fail(stageEHLO, err)
	}
	if cfg.Username != "" {
		if !ss.c.SupportsAuth(sasl.Plain) {
			return fail(stageAuth, errors.New("server does not offer AUTH PLAIN"))
		}
		if err := ss.c.Auth(sasl.NewPlainClient("", cfg.Username, cfg.Password)); err != nil {
			return fail(stageAuth, err)
		}
	}
	return ss, nil
}

func sessionFailure(stage string, err error) *failure {
	return &failure{stage: stage, class: classSession, err: fmt.Errorf("%s: %w", stage, err)}
}

// close ends the session: QUIT when polite is set, then close.
func (ss *session) close(polite bool) {
	ss.stop()
	if polite {
		if err := ss.c.Quit(); err == nil {
			return
		}
	}
	_ = ss.c.Close()
}
