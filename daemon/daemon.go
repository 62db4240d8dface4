// Package daemon assembles the helpdesk from its parts. A Desk is the opened state (store, blob
// store, templates, reply key, processor); Serve runs the intake, the outbox sender and the
// control socket around it. The operator operations (Handlers) are the same whether they reach
// the running daemon through the control socket or run in the command-line process on a store
// that no daemon holds (Call decides).
package daemon

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"helpdesk/blobstore"
	"helpdesk/config"
	"helpdesk/control"
	"helpdesk/directory"
	"helpdesk/mailflow"
	"helpdesk/mailflow/intake"
	"helpdesk/mailflow/outbox"
	"helpdesk/mailflow/sentlog"
	"helpdesk/mailflow/thread"
	"helpdesk/templates"
	"helpdesk/ticketstore"
)

// StoreFile is the name of the database in data_dir.
const StoreFile = "helpdesk.db"

// SentLogFile is the name of the outbox's sent log in data_dir (see package sentlog): mails
// sent but not folded into the store yet. It is folded whenever a desk is opened for writing.
const SentLogFile = "outbox-sent.log"

// OutboxMaxAttempts lets a temporary SMTP failure be retried until the give-up deadline
// (72 h after the mail was created) rather than for only the ~6 h the outbox default covers:
// a relay down over a weekend must not cost confirmations.
const OutboxMaxAttempts = 80

// Desk is the opened state of one helpdesk.
type Desk struct {
	Config *config.Config
	Store  *ticketstore.Store
	Blobs  *blobstore.Store
	Proc   *mailflow.Processor
	Log    zerolog.Logger

	// OutboxBackoff replaces the outbox's retry schedule (30 s, 1 m, 2 m, ... 1 h) when set
	// before Serve; integration tests use it to see retries within seconds.
	OutboxBackoff func(attempt int) time.Duration

	// Now is the clock of the keep_sent sweep; nil: the wall clock. Tests set it.
	Now func() time.Time

	sent *sentlog.Log // nil when opened ReadOnly

	mu     sync.Mutex // guards intake and sender, set while Serve runs
	intake *intake.Intake
	sender *outbox.Sender
}

// Mode says how Open treats the store.
type Mode int

const (
	// Existing opens an existing store for reading and writing; a missing data_dir, store or
	// reply key is an error, and nothing is created.
	Existing Mode = iota
	// ReadOnly opens an existing store for reading only (a shared lock: several commands may
	// read at once); nothing is created or changed.
	ReadOnly
	// Create creates what is missing: data_dir, store, blob directory, reply key. Only the
	// commands that start a desk (serve, demo, directory import, restore) use it.
	Create
)

// ErrNoStore is returned (wrapped) by Open when the data_dir or its store does not exist and
// the mode does not create one.
var ErrNoStore = errors.New("no store")

// Open opens the store in cfg.DataDir as mode says and prepares the processor. lockWait is how
// long to wait for the store's file lock; 0 fails at once when it is held.
func Open(cfg *config.Config, log zerolog.Logger, mode Mode, lockWait time.Duration) (*Desk, error) {
	if cfg.DataDir == "" {
		return nil, errors.New("data_dir is not set")
	}
	storePath := filepath.Join(cfg.DataDir, StoreFile)
	if mode == Create {
		if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
			return nil, fmt.Errorf("create data_dir: %w", err)
		}
	} else if _, err := os.Stat(storePath); errors.Is(err, fs.ErrNotExist) {
		if _, derr := os.Stat(cfg.DataDir); errors.Is(derr, fs.ErrNotExist) {
			return nil, fmt.Errorf("data_dir %s does not exist (is data_dir right? helpdesk serve creates it): %w", cfg.DataDir, ErrNoStore)
		}
		return nil, fmt.Errorf("data_dir %s holds no store %s (is data_dir right? helpdesk serve creates it): %w", cfg.DataDir, StoreFile, ErrNoStore)
	}
	if mode != ReadOnly {
		if err := checkPrivateDir(cfg.DataDir, "data_dir", log); err != nil {
			return nil, err
		}
	}
	tmpl, err := templates.Load(cfg.Templates.Dir)
	if err != nil {
		return nil, fmt.Errorf("load templates: %w", err)
	}
	loadKey := thread.LoadKey
	if mode == Create {
		loadKey = thread.LoadOrCreateKey
	}
	key, err := loadKey(cfg.ReplySecretFile())
	if err != nil {
		return nil, fmt.Errorf("reply key: %w", err)
	}
	signer, err := thread.NewSigner(cfg.Support.Address, key)
	if err != nil {
		return nil, fmt.Errorf("reply key: %w", err)
	}
	var blobs *blobstore.Store
	if mode == ReadOnly {
		blobs = blobstore.Existing(filepath.Join(cfg.DataDir, "blobs"))
	} else if blobs, err = blobstore.Open(filepath.Join(cfg.DataDir, "blobs")); err != nil {
		return nil, fmt.Errorf("open blob store: %w", err)
	}
	store, err := ticketstore.Open(storePath, &ticketstore.Options{Timeout: lockWait, ReadOnly: mode == ReadOnly})
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	d := &Desk{Config: cfg, Store: store, Blobs: blobs, Log: log}
	if mode != ReadOnly {
		if err := d.openSentLog(); err != nil {
			store.Close()
			return nil, err
		}
	}
	d.Proc, err = mailflow.New(mailflow.Deps{
		Config: cfg, Store: store, Blobs: blobs, Templates: tmpl, Signer: signer,
		Log: log.With().Str("component", "mailflow").Logger(),
	})
	if err != nil {
		d.Close()
		return nil, err
	}
	var dir *directory.Directory
	if err := store.View(func(tx *ticketstore.Tx) error {
		dir, err = tx.Directory()
		return err
	}); err != nil {
		d.Close()
		return nil, err
	}
	d.Proc.SetDirectory(dir)
	if err := d.loadRoster(); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// openSentLog opens the outbox's sent log and folds what a crash left in it, so that every
// reader of the store sees those mails as sent.
func (d *Desk) openSentLog() error {
	l, err := sentlog.Open(filepath.Join(d.Config.DataDir, SentLogFile))
	if err != nil {
		return err
	}
	if n := l.Len(); n > 0 {
		if err := d.queue(l).Fold(); err != nil {
			l.Close()
			return fmt.Errorf("fold the sent log: %w", err)
		}
		d.Log.Info().Int("mails", n).Msg("recorded sent mails from the sent log")
	}
	d.sent = l
	return nil
}

func (d *Desk) queue(l *sentlog.Log) mailflow.Queue { return mailflow.Queue{Store: d.Store, Sent: l} }

// Close closes the sent log and the store.
func (d *Desk) Close() error {
	if d.sent != nil {
		if err := d.sent.Close(); err != nil {
			d.Log.Warn().Err(err).Msg("close the sent log")
		}
	}
	return d.Store.Close()
}

// Serve runs the daemon until ctx is done: the control socket, the outbox sender and the IMAP
// intake. On cancellation each finishes the work in hand; Serve returns when all have stopped.
func (d *Desk) Serve(ctx context.Context) error {
	cfg := d.Config
	tuneGC()
	if f := cfg.Directory.File; f != "" {
		if _, err := d.ImportDirectoryFile(f); err != nil {
			return fmt.Errorf("directory.file: %w", err)
		}
	}
	if err := checkPrivateDir(filepath.Dir(cfg.ControlSocket()), "control.socket's directory", d.Log); err != nil {
		return err
	}
	ctl, err := control.Listen(cfg.ControlSocket(), d.Log)
	if err != nil {
		return fmt.Errorf("control socket: %w", err)
	}
	ctl.Register(d.Bindings()...)

	sender := outbox.New(outbox.Config{
		Address: cfg.SMTP.Address, Security: string(cfg.SMTP.Security),
		Username: cfg.SMTP.Username, Password: cfg.SMTP.Password, HeloName: cfg.HELOName(),
		TLSConfig: tlsConfig(cfg.SMTP.Address, cfg.SMTP.InsecureSkipVerify), MaxAttempts: OutboxMaxAttempts,
		Backoff: d.OutboxBackoff,
		// Each connection records a mail's result before its next mail: a crash resends at
		// most one mail per connection.
		Connections: cfg.Outbox.Connections, SerialAccept: cfg.Outbox.SerialAccept,
	}, d.queue(d.sent), d.Log)
	d.Proc.Wake = sender.Wake

	in := intake.New(intake.Config{
		Address: cfg.IMAP.Address, Security: string(cfg.IMAP.Security),
		Username: cfg.IMAP.Username, Password: cfg.IMAP.Password,
		TLSConfig: tlsConfig(cfg.IMAP.Address, cfg.IMAP.InsecureSkipVerify),
		Mailbox:   cfg.IMAP.Mailbox, Folders: []string{cfg.IMAP.ProcessedFolder, cfg.IMAP.SetAsideFolder},
		UseIdle: cfg.IMAP.Idle, PollInterval: cfg.IMAP.PollInterval.Std(), SafetyPoll: cfg.IMAP.SafetyPoll.Std(),
		BatchSize: cfg.IMAP.BatchSize, SpoolDir: filepath.Join(cfg.DataDir, "spool"),
		MaxMessageSize: cfg.Limits.MaxMessageSize.Int64(),
	}, d.Proc, d.Log)
	// Spool files are only valid during one Handle call; after a crash they are litter.
	spool := filepath.Join(cfg.DataDir, "spool")
	if err := os.RemoveAll(spool); err != nil {
		d.Log.Warn().Err(err).Msg("cannot clear the spool directory")
	}
	if err := os.MkdirAll(spool, 0o700); err != nil {
		ctl.Close()
		return fmt.Errorf("create spool: %w", err)
	}

	d.mu.Lock()
	d.intake, d.sender = in, sender
	d.mu.Unlock()

	d.Log.Info().Str("imap", cfg.IMAP.Address).Str("smtp", cfg.SMTP.Address).Str("mailbox", cfg.IMAP.Mailbox).
		Str("support", cfg.Support.Address).Str("data_dir", cfg.DataDir).Str("control", ctl.Path()).Msg("helpdesk running")

	errs := make(chan error, 4)
	go func() { errs <- wrap("control", ctl.Serve(ctx)) }()
	go func() {
		err := sender.Run(ctx)
		// Every result is in by now: leave the store complete for the next reader.
		if ferr := d.foldSent(); ferr != nil {
			d.Log.Error().Err(ferr).Msg("at stop; the next start folds it")
		}
		errs <- wrap("outbox", err)
	}()
	go func() { errs <- wrap("intake", in.Run(ctx)) }()
	go func() { errs <- wrap("retention", d.runSweeper(ctx)) }()
	var first error
	for range 4 {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	d.Log.Info().Msg("helpdesk stopped")
	return first
}

func wrap(what string, err error) error {
	if err == nil || errors.Is(err, context.Canceled) {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}

// tlsConfig returns nil (library defaults: system roots, ServerName from the address) unless
// verification is switched off for a test server.
func tlsConfig(addr string, insecure bool) *tls.Config {
	if !insecure {
		return nil
	}
	return &tls.Config{InsecureSkipVerify: true} //nolint:gosec // the operator asked for it, for test servers
}
