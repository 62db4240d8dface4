// Package devmail is the demo's embedded mail world on loopback: an SMTP
// server that accepts mail for any recipient and delivers it into an
// in-memory IMAP server where every address is a user. It needs no setup and
// keeps nothing on disk; `helpdesk demo` and end-to-end tests run the daemon
// against it.
//
// Every address is an IMAP login with the shared password (default "demo");
// a user and its INBOX are created on first login or first delivery. As on a
// real server, mail to local+detail@domain is delivered to local@domain (the
// delimiter is configurable), with the address as sent in Delivered-To. The IMAP
// server advertises IMAP4rev1 (not IMAP4rev2, like Dovecot 2.3) with IDLE,
// MOVE, UIDPLUS, NAMESPACE, ESEARCH, SEARCHRES, LIST-EXTENDED, LIST-STATUS
// and STATUS=SIZE, so the daemon takes the same paths as against Dovecot.
package devmail

import (
	"errors"
	"fmt"
	"net"
	"sync"

	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-smtp"
	"github.com/rs/zerolog"
)

// Defaults used when an Options field is left empty.
const (
	DefaultIMAPAddr       = "127.0.0.1:1143"
	DefaultSMTPAddr       = "127.0.0.1:2525"
	DefaultPassword       = "demo"
	DefaultMaxMessageSize = 64 << 20
	// DefaultRecipientDelimiter is what real servers use (Postfix, Dovecot, Exchange Online,
	// Gmail): local+detail@domain reaches local@domain.
	DefaultRecipientDelimiter = "+"
)

// Options configures a World. The zero value is usable.
type Options struct {
	IMAPAddr       string // listen address of the IMAP server; default 127.0.0.1:1143, ":0" ports allowed
	SMTPAddr       string // listen address of the SMTP server; default 127.0.0.1:2525, ":0" ports allowed
	Password       string // the password of every IMAP user and for SMTP AUTH; default "demo"
	Log            zerolog.Logger
	MaxMessageSize int64 // largest accepted message in bytes; default 64 MiB
	// RecipientDelimiter lists the characters that start an address extension, as Postfix's
	// recipient_delimiter: mail to local+detail@domain is delivered to local@domain. Default
	// "+"; see KeepExtensions to turn it off.
	RecipientDelimiter string
	// KeepExtensions delivers local+detail@domain into a mailbox of that full name, like a
	// server without plus-addressing.
	KeepExtensions bool
}

func (o Options) withDefaults() Options {
	if o.IMAPAddr == "" {
		o.IMAPAddr = DefaultIMAPAddr
	}
	if o.SMTPAddr == "" {
		o.SMTPAddr = DefaultSMTPAddr
	}
	if o.Password == "" {
		o.Password = DefaultPassword
	}
	if o.MaxMessageSize <= 0 {
		o.MaxMessageSize = DefaultMaxMessageSize
	}
	if o.RecipientDelimiter == "" {
		o.RecipientDelimiter = DefaultRecipientDelimiter
	}
	return o
}

// World is a running SMTP + IMAP pair sharing one set of in-memory users.
type World struct {
	opts    Options
	log     zerolog.Logger
	users   *userStore
	changed *changeSignal // closed and replaced after each delivery

	imapLn  net.Listener
	smtpLn  net.Listener
	imapSrv *imapserver.Server
	smtpSrv *smtp.Server
	wg      sync.WaitGroup

	closeOnce sync.Once
	closeErr  error
}

// Start listens on both addresses and serves until Close.
func Start(opts Options) (*World, error) {
	opts = opts.withDefaults()
	w := &World{
		opts:    opts,
		log:     opts.Log.With().Str("component", "devmail").Logger(),
		users:   newUserStore(),
		changed: newChangeSignal(),
	}

	imapLn, err := net.Listen("tcp", opts.IMAPAddr)
	if err != nil {
		return nil, fmt.Errorf("devmail: listen imap %s: %w", opts.IMAPAddr, err)
	}
	smtpLn, err := net.Listen("tcp", opts.SMTPAddr)
	if err != nil {
		_ = imapLn.Close()
		return nil, fmt.Errorf("devmail: listen smtp %s: %w", opts.SMTPAddr, err)
	}
	w.imapLn, w.smtpLn = imapLn, smtpLn
	w.imapSrv = w.newIMAPServer()
	w.smtpSrv = w.newSMTPServer()

	w.wg.Add(2)
	go func() {
		defer w.wg.Done()
		if err := w.imapSrv.Serve(imapLn); err != nil && !isClosedErr(err) {
			w.log.Error().Err(err).Msg("imap server stopped")
		}
	}()
	go func() {
		defer w.wg.Done()
		if err := w.smtpSrv.Serve(smtpLn); err != nil && !isClosedErr(err) {
			w.log.Error().Err(err).Msg("smtp server stopped")
		}
	}()
	w.log.Info().Str("imap", w.IMAPAddr()).Str("smtp", w.SMTPAddr()).Msg("mail world started")
	return w, nil
}

// IMAPAddr is the address the IMAP server listens on (with the chosen port).
func (w *World) IMAPAddr() string { return w.imapLn.Addr().String() }

// SMTPAddr is the address the SMTP server listens on (with the chosen port).
func (w *World) SMTPAddr() string { return w.smtpLn.Addr().String() }

// Password is the password every user logs in with.
func (w *World) Password() string { return w.opts.Password }

// Close stops both servers and drops open connections. It is safe to call
// more than once.
func (w *World) Close() error {
	w.closeOnce.Do(func() {
		errIMAP := w.imapSrv.Close()
		errSMTP := w.smtpSrv.Close()
		// A Serve goroutine that had not registered its listener yet when
		// the server was closed would accept forever: close them ourselves.
		_ = w.imapLn.Close()
		_ = w.smtpLn.Close()
		w.wg.Wait()
		if errIMAP != nil && !isClosedErr(errIMAP) {
			w.closeErr = fmt.Errorf("devmail: close imap: %w", errIMAP)
		} else if errSMTP != nil && !isClosedErr(errSMTP) {
			w.closeErr = fmt.Errorf("devmail: close smtp: %w", errSMTP)
		}
	})
	return w.closeErr
}

func isClosedErr(err error) bool {
	return errors.Is(err, net.ErrClosed) || errors.Is(err, smtp.ErrServerClosed) ||
		err.Error() == "imapserver: server closed"
}
