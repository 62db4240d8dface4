package intake

import (
	"crypto/tls"
	"os"
	"time"
)

// Defaults applied by New to zero Config fields.
const (
	DefaultMailbox      = "INBOX"
	DefaultPollInterval = 30 * time.Second
	DefaultSafetyPoll   = 5 * time.Minute
	DefaultBatchSize    = 200
	// DefaultMoveBatch is how many committed mails are moved in one command. Each MOVE
	// expunges from the mailbox at a cost that grows with the mailbox (Dovecot rewrites its
	// index), so with a large backlog fewer, larger moves keep the server's cost per mail flat.
	DefaultMoveBatch  = 2000
	DefaultMinBackoff = time.Second
	DefaultMaxBackoff = 2 * time.Minute

	// idleRestart bounds one IDLE command: RFC 2177 asks clients to re-issue IDLE at least
	// every 29 minutes so servers do not log them out as inactive.
	idleRestart = 25 * time.Minute
	// memLimit is the largest mail kept in memory; larger ones go to a spool file.
	memLimit = 64 << 10
	// shutdownGrace is how long a cancelled session may take to finish the command in hand
	// and LOGOUT before the connection is closed under it.
	shutdownGrace = 5 * time.Second
)

// Security values for Config.Security.
const (
	SecurityTLS      = "tls"      // implicit TLS (port 993)
	SecurityStartTLS = "starttls" // STARTTLS upgrade on the plain port (143)
	SecurityNone     = "none"     // plain text; only for loopback tests and demos
)

// Config configures the IMAP session. Zero fields take the defaults above.
type Config struct {
	Address   string // host:port
	Security  string // tls | starttls | none; "" means tls
	Username  string
	Password  string
	TLSConfig *tls.Config // nil: system roots, ServerName from Address

	Mailbox string   // mailbox holding unprocessed mail, "INBOX" by default
	Folders []string // folders created at session start when missing

	UseIdle      bool          // use IDLE when the server offers it
	PollInterval time.Duration // wait between scans without IDLE
	SafetyPoll   time.Duration // rescan even while idling

	BatchSize      int    // UIDs per FETCH and per Handle call
	MoveBatch      int    // committed UIDs collected before a MOVE (one scan's rest is moved at its end)
	SpoolDir       string // directory for mails larger than 64 KiB; os.TempDir() if empty
	MaxMessageSize int64  // mails larger than this are handed over header-only (TooLarge); 0 = no limit

	MinBackoff time.Duration // first reconnect delay
	MaxBackoff time.Duration // reconnect delay cap
}

// withDefaults returns a copy of cfg with zero fields set to their defaults.
func (cfg Config) withDefaults() Config {
	if cfg.Security == "" {
		cfg.Security = SecurityTLS
	}
	if cfg.Mailbox == "" {
		cfg.Mailbox = DefaultMailbox
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = DefaultPollInterval
	}
	if cfg.SafetyPoll <= 0 {
		cfg.SafetyPoll = DefaultSafetyPoll
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = DefaultBatchSize
	}
	if cfg.MoveBatch <= 0 {
		cfg.MoveBatch = DefaultMoveBatch
	}
	if cfg.SpoolDir == "" {
		cfg.SpoolDir = os.TempDir()
	}
	if cfg.MinBackoff <= 0 {
		cfg.MinBackoff = DefaultMinBackoff
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = DefaultMaxBackoff
	}
	if cfg.MaxBackoff < cfg.MinBackoff {
		cfg.MaxBackoff = cfg.MinBackoff
	}
	return cfg
}
