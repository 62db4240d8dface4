// Package outbox delivers the outbox — mails already committed to the store — to one SMTP
// relay (the smarthost), retrying temporary failures with backoff and giving up on permanent ones.
//
// The store implements Queue. One Sender runs one goroutine (Run) that reuses one SMTP connection
// across mails, takes due mails in batches and records each batch's results in one Record call,
// then sleeps until the next due time or a Wake.
//
// Wiring:
//
//	s := outbox.New(cfg, store, log) // store implements Queue
//	go s.Run(ctx)                    // returns nil when ctx is done
//	... commit outbox mails ...; s.Wake()
//
// Delivery is at least once: a mail accepted by the server whose result could not be recorded
// (crash, store error) is sent again.
//
// Decisions (see also Classify):
//   - Partial recipients: when some RCPT TO are rejected permanently (5xx) and at least one is
//     accepted, the mail is sent to the accepted ones and recorded Sent=true with Err naming the
//     rejected recipients ("partial delivery, not delivered to: ..."). The store keeps no
//     per-recipient state, so a retry could only resend to everyone.
//   - For the same reason a temporary (4xx) RCPT rejection aborts the whole mail (RSET, no DATA)
//     and the mail is retried later for all recipients — except on its final attempt, when it is
//     sent to the accepted recipients and Err names the ones that were not.
//   - Every recipient rejected permanently => Permanent.
//   - Attempt number n = Mail.Attempts+1. A temporary failure on attempt MaxAttempts, or at or
//     after Created+GiveUpAfter, is recorded Permanent with the last error. NextAttempt is never
//     set after Created+GiveUpAfter, so the last try happens at that deadline.
//   - Each Result stands for one attempt: the store is expected to increment Attempts per Result.
//     A mail interrupted by shutdown gets no Result (it is not an attempt).
//   - Raw should use CRLF line endings (as compose produces): bare LF is sent as CRLF.
package outbox

import (
	"crypto/tls"
	"fmt"
	"net"
	"time"
)

// Mail is one pending outbox mail as the store hands it out.
type Mail struct {
	ID       uint64
	From     string   // envelope sender (MAIL FROM); "" is the null sender <>
	To       []string // envelope recipients
	Raw      []byte   // the complete RFC 5322 message, CRLF line endings
	Attempts int      // attempts so far
	Created  time.Time
}

// Result is the outcome of one delivery attempt of one mail.
type Result struct {
	ID          uint64
	Sent        bool
	Permanent   bool      // permanent failure: give up
	Err         string    // last error text ("" when fully sent); safe to show, holds no secrets
	NextAttempt time.Time // for temporary failures
	At          time.Time
}

// Queue is the store's side of the outbox.
type Queue interface {
	// Due returns pending mails with NextAttempt <= now, oldest first, at most limit.
	Due(now time.Time, limit int) ([]Mail, error)
	// Record applies a group of results in one transaction; each result is one attempt.
	Record(results []Result) error
	// NextDue returns the earliest NextAttempt of a pending mail; ok is false when none is pending.
	NextDue() (t time.Time, ok bool, err error)
}

// Security modes of Config.Security.
const (
	SecurityTLS      = "tls"      // implicit TLS (port 465)
	SecuritySTARTTLS = "starttls" // plain connect, then STARTTLS, required (port 587); the default
	SecurityNone     = "none"     // no TLS at all; loopback relays only
)

// Defaults applied by New to zero Config fields.
const (
	DefaultTimeout     = 30 * time.Second
	DefaultMaxAttempts = 12
	DefaultGiveUpAfter = 72 * time.Hour
	DefaultBatchSize   = 100
	DefaultHeloName    = "localhost"
)

// Config says where and how to deliver.
type Config struct {
	Address  string // host:port of the relay
	Security string // tls | starttls | none; "" means starttls
	// Username and Password enable AUTH PLAIN when Username != "". The password is never logged
	// and never appears in recorded errors.
	Username, Password string
	HeloName           string        // EHLO name; default "localhost" (see the note on STARTTLS in dial.go)
	TLSConfig          *tls.Config   // may be nil: defaults with ServerName from Address
	Timeout            time.Duration // per connect, command and DATA chunk; default 30s
	MaxAttempts        int           // default 12
	GiveUpAfter        time.Duration // default 72h after Created: then permanent
	BatchSize          int           // default 100: mails per Due call; results recorded per batch
	// Backoff is the wait after a failed attempt (before jitter); nil means Backoff. Tests
	// shorten it to see retries within seconds.
	Backoff func(attempt int) time.Duration
}

// withDefaults fills zero fields and checks the rest; it returns the first problem found.
func (c Config) withDefaults() (Config, error) {
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = DefaultMaxAttempts
	}
	if c.GiveUpAfter <= 0 {
		c.GiveUpAfter = DefaultGiveUpAfter
	}
	if c.BatchSize <= 0 {
		c.BatchSize = DefaultBatchSize
	}
	if c.HeloName == "" {
		c.HeloName = DefaultHeloName
	}
	if c.Security == "" {
		c.Security = SecuritySTARTTLS
	}
	switch c.Security {
	case SecurityTLS, SecuritySTARTTLS, SecurityNone:
	default:
		return c, fmt.Errorf("outbox: security %q: want tls, starttls or none", c.Security)
	}
	host, _, err := net.SplitHostPort(c.Address)
	if err != nil {
		return c, fmt.Errorf("outbox: address %q: %w", c.Address, err)
	}
	if c.TLSConfig == nil {
		c.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	} else {
		c.TLSConfig = c.TLSConfig.Clone()
	}
	if c.TLSConfig.ServerName == "" {
		c.TLSConfig.ServerName = host
	}
	return c, nil
}
