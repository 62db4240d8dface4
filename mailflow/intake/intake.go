package intake

import (
	"context"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/rs/zerolog"
)

// Status is a snapshot of the session for the control socket and health checks.
type Status struct {
	Connected   bool      // logged in and mailbox selected
	LastSync    time.Time // end of the last complete scan
	LastError   string    // last session or Handle error (kept after recovery)
	UIDValidity uint32    // of the selected mailbox, 0 before the first SELECT
	Idle        bool      // an IDLE command is running
}

// Intake runs the IMAP session. Create it with New and start it with Run.
type Intake struct {
	cfg Config
	h   Handler
	log zerolog.Logger

	poke   chan struct{} // Poke: rescan now
	exists chan struct{} // the server announced new mail (EXISTS)

	mu     sync.Mutex
	status Status

	// Owned by the Run goroutine.
	connBackoff   backoff
	handleBackoff backoff
	uidValidity   uint32                // of the last SELECT, across sessions
	leave         map[imap.UID]struct{} // handed over and left in the mailbox: not handed again
}

// New returns an Intake that hands mail from cfg.Mailbox to h. Zero Config fields take defaults.
func New(cfg Config, h Handler, log zerolog.Logger) *Intake {
	cfg = cfg.withDefaults()
	return &Intake{
		cfg:           cfg,
		h:             h,
		log:           log.With().Str("component", "intake").Str("mailbox", cfg.Mailbox).Logger(),
		poke:          make(chan struct{}, 1),
		exists:        make(chan struct{}, 1),
		connBackoff:   backoff{min: cfg.MinBackoff, max: cfg.MaxBackoff},
		handleBackoff: backoff{min: cfg.MinBackoff, max: cfg.MaxBackoff},
		leave:         make(map[imap.UID]struct{}),
	}
}

// Run connects and processes mail until ctx is done, reconnecting with backoff after errors.
// It returns nil once ctx is cancelled (after stopping IDLE and logging out).
func (in *Intake) Run(ctx context.Context) error {
	for {
		err := in.session(ctx)
		in.update(func(s *Status) { s.Connected, s.Idle = false, false })
		if ctx.Err() != nil {
			return nil
		}
		delay := in.connBackoff.next()
		if err != nil {
			in.update(func(s *Status) { s.LastError = err.Error() })
			in.log.Warn().Err(err).Dur("retry_in", delay).Msg("imap session ended")
		}
		if !sleep(ctx, delay, nil) {
			return nil
		}
	}
}

// Poke asks for a rescan now. It never blocks.
func (in *Intake) Poke() { signal(in.poke) }

// Status returns a snapshot of the session state. Safe for concurrent use.
func (in *Intake) Status() Status {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.status
}

func (in *Intake) update(f func(*Status)) {
	in.mu.Lock()
	f(&in.status)
	in.mu.Unlock()
}

// signal does a non-blocking send on a channel with a buffer of one.
func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// sleep waits d; it returns early (true) on a Poke when poke is non-nil and returns false
// when ctx is done.
func sleep(ctx context.Context, d time.Duration, poke <-chan struct{}) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-poke:
		return true
	case <-t.C:
		return true
	}
}
