// Package outbox delivers the outbox — mails already committed to the store — to one SMTP
// relay (the smarthost), retrying temporary failures with backoff and giving up on permanent ones.
//
// The store implements Queue. A Sender's Run keeps Config.Connections SMTP connections, each
// delivering one mail at a time; one dispatcher hands due mails to them (never one mail to two
// connections at once) and one committer records their results, several connections' results
// in one Record call (group commit). A connection starts its next mail only after the result of
// its previous one is recorded, so a crash resends at most one mail per connection (with
// Config.SerialAccept at most one mail in all).
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
// Decisions:
//   - Failures are classed by where they happen. A failure of the session — connect, TLS,
//     greeting, EHLO, STARTTLS, AUTH, a 421 or 503 reply anywhere, an I/O error or timeout
//     anywhere, including a connection dropped during DATA — says nothing about the mail: it is
//     retried at once on a fresh connection when the old connection had carried mail before
//     (it may just have gone stale); when a fresh connection fails too, the result is recorded
//     as Deferred: not an attempt, so it never brings a mail nearer to MaxAttempts, but
//     GiveUpAfter still ends it.
//   - A session failure before the relay accepted MAIL FROM on a fresh connection, a 421, or a
//     5xx to MAIL FROM (sender refused, relay denied, authentication required — every mail
//     would get it; 552, the mail's SIZE, excepted) and the RFC 4954 codes 530/534/535/538 at
//     any stage pause the whole outbox with Backoff over the consecutive pauses, logged once per
//     pause (error level for 5xx causes, naming them). After a pause one mail probes; the first
//     mail that gets past MAIL FROM resumes delivery. All mails share one envelope sender
//     (support.address), so a refused sender is refused for every mail.
//   - A session failure after MAIL FROM was accepted on a fresh connection is deferred for that
//     mail alone (with Backoff over its Deferrals), so one mail that breaks the relay's
//     connection cannot stall the others.
//   - Permanent failure is only what belongs to the mail: 5xx to RCPT for its recipients, 5xx
//     to DATA or to the final "." for its content, an envelope no server can take, and
//     GiveUpAfter (or MaxAttempts of mail-level temporary failures). 4xx to MAIL FROM, RCPT,
//     DATA or the final "." is a temporary failure of the mail and counts as an attempt.
//   - No second EHLO: go-smtp's Client.Reset sends RSET and then EHLO again, which strict
//     servers refuse ("503 Duplicate HELO/EHLO"). So RSET is never sent: a transaction
//     aborted after MAIL FROM was accepted ends by closing the connection (QUIT); after a
//     refused MAIL FROM or any reply to the final "." no transaction is open and the connection
//     carries on.
//   - Partial recipients: when some RCPT TO are rejected permanently (5xx) and at least one is
//     accepted, the mail is sent to the accepted ones and recorded Sent=true with Err naming the
//     rejected recipients ("partial delivery, not delivered to: ...") and Rejected listing them.
//     The store keeps no per-recipient state, so a retry could only resend to everyone.
//   - For the same reason a temporary (4xx) RCPT rejection aborts the whole mail (no DATA)
//     and the mail is retried later for all recipients — except on its final attempt, when it is
//     sent to the accepted recipients and Err names the ones that were not.
//   - Every recipient rejected permanently => Permanent.
//   - Attempt number n = Mail.Attempts+1. A temporary failure on attempt MaxAttempts, or at or
//     after Created+GiveUpAfter, is recorded Permanent with the last error. NextAttempt is never
//     set after Created+GiveUpAfter, so the last try happens at that deadline.
//   - Each Result not Deferred stands for one attempt: the store increments Attempts for it,
//     and Deferrals for a Deferred one. A mail interrupted by shutdown gets no Result (it is not
//     an attempt); its connection is cut.
//   - Durability before the next mail: a connection waits until its result is committed. The
//     committer takes whatever results are waiting when the previous commit ends and then
//     waits for the connections still busy with a mail, but never longer than the previous
//     commit took (without that wait the connection a commit released always missed the next
//     one, and commits alternated between one result and the rest). So commits group the
//     results of all connections without a fixed timer or a count, and a slow delivery holds
//     the others back by at most one commit's time.
//   - A mail is reserved from the Due that returns it until its result is committed; Due runs
//     under the reservations' lock, so a commit that ends during Due cannot free a mail that
//     Due still saw pending. That is what keeps two connections from delivering one mail;
//     nothing is reserved in the store, so a crash leaves nothing stuck.
//   - SerialAccept (off by default) takes a token before the final "." and gives it back once
//     the result is committed: at most one mail in all is accepted but unrecorded. It gives up
//     group commit for mails that were sent, so it costs throughput.
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
	ID        uint64
	From      string   // envelope sender (MAIL FROM); "" is the null sender <>
	To        []string // envelope recipients
	Raw       []byte   // the complete RFC 5322 message, CRLF line endings
	Attempts  int      // attempts so far
	Deferrals int      // deferred tries so far (session failures, pauses): not attempts
	Created   time.Time
}

// Result is the outcome of one delivery try of one mail.
type Result struct {
	ID        uint64
	Sent      bool
	Permanent bool // permanent failure: give up
	// Deferred says the try never got to be the mail's attempt (the session failed or the relay
	// refuses every mail): the store keeps Err and NextAttempt but counts a deferral, not an
	// attempt.
	Deferred bool
	Err      string // last error text ("" when fully sent); safe to show, holds no secrets
	// Rejected lists the recipients that did not get the mail for good: all of them when
	// Permanent, the refused ones of a partial delivery.
	Rejected    []string
	NextAttempt time.Time // for temporary failures and deferrals
	At          time.Time
}

// Queue is the store's side of the outbox. The Sender calls it from several goroutines, but
// never Record concurrently with itself.
type Queue interface {
	// Due returns pending mails with NextAttempt <= now, oldest due first, at most limit.
	Due(now time.Time, limit int) ([]Mail, error)
	// Record applies a group of results in one transaction and returns once it is durable.
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
	DefaultConnections = 4
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
	BatchSize          int           // default 100: mails per Due call (not a unit of recording)
	// Connections is the number of SMTP connections delivering in parallel; default 4. Each
	// has at most one mail accepted by the relay but not yet recorded.
	Connections int
	// SerialAccept lets only one connection at a time be between its final "." and the commit
	// of that mail's result, so a crash resends at most one mail in all, not one per
	// connection. It costs throughput (see BenchmarkDeliver).
	SerialAccept bool
	// Backoff is the wait after a failed attempt, and between pauses of the outbox, before
	// jitter; nil means Backoff. Tests shorten it to see retries within seconds.
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
	if c.Connections <= 0 {
		c.Connections = DefaultConnections
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
