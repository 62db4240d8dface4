package outbox

import (
	"context"
	"time"

	"github.com/rs/zerolog"
)

// Sender delivers the outbox. Create it with New, run it with Run (one Run at a time), and call
// Wake from any goroutine after committing new mail.
type Sender struct {
	cfg    Config
	cfgErr error
	q      Queue
	log    zerolog.Logger
	wake   chan struct{}

	// Knobs, fixed by New; tests in this package override them.
	now         func() time.Time
	backoff     func(attempt int) time.Duration // before jitter
	jitter      func(time.Duration) time.Duration
	idleTimeout time.Duration // close the connection after this long unused
	maxPerConn  int           // reconnect after this many transactions
	storeRetry  time.Duration // wait after a store error
	minPoll     time.Duration // least wait when the store claims mail is due but Due found none

	ss *session // the current connection; only the Run goroutine touches it
}

// New returns a Sender for cfg (zero fields take the documented defaults) that takes mail from
// q and logs to log with component=outbox. An invalid cfg is reported by Run.
func New(cfg Config, q Queue, log zerolog.Logger) *Sender {
	cfg, err := cfg.withDefaults()
	backoff := cfg.Backoff
	if backoff == nil {
		backoff = Backoff
	}
	return &Sender{
		cfg:         cfg,
		cfgErr:      err,
		q:           q,
		log:         log.With().Str("component", "outbox").Logger(),
		wake:        make(chan struct{}, 1),
		now:         time.Now,
		backoff:     backoff,
		jitter:      addJitter,
		idleTimeout: 30 * time.Second,
		maxPerConn:  500,
		storeRetry:  5 * time.Second,
		minPoll:     50 * time.Millisecond,
	}
}

// Wake tells Run that new mail was committed; it never blocks.
func (s *Sender) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run delivers due mail until ctx is done, then returns nil. It returns an error at once only
// when the Config is invalid. Store errors are logged and retried.
//
// On cancellation the mail in flight is aborted (its connection is cut) and gets no Result —
// it stays due and is sent again later, so a shutdown never counts as a failed attempt; the
// results of the batch's earlier mails are still recorded.
func (s *Sender) Run(ctx context.Context) error {
	if s.cfgErr != nil {
		return s.cfgErr
	}
	defer s.dropSession(true)
	for ctx.Err() == nil {
		n, err := s.runBatch(ctx)
		if ctx.Err() != nil {
			break
		}
		if err != nil {
			s.log.Error().Err(err).Msg("outbox store")
			s.sleep(ctx, s.now().Add(s.storeRetry), true)
			continue
		}
		if n == s.cfg.BatchSize {
			continue // more may be due right now
		}
		next, ok, err := s.q.NextDue()
		if err != nil {
			s.log.Error().Err(err).Msg("outbox next due")
			next, ok = s.now().Add(s.storeRetry), true
		}
		if now := s.now(); ok && n == 0 && !next.After(now) {
			next = now.Add(s.minPoll) // the store says due, Due said none: do not spin
		}
		s.sleep(ctx, next, ok)
	}
	return nil
}

// sleep waits until until (forever when !ok), a Wake, or ctx; meanwhile it closes the
// connection once it has been idle for idleTimeout.
func (s *Sender) sleep(ctx context.Context, until time.Time, ok bool) {
	for {
		var due, idle <-chan time.Time
		var dueTimer, idleTimer *time.Timer
		if ok {
			d := until.Sub(s.now())
			if d <= 0 {
				return
			}
			dueTimer = time.NewTimer(d)
			due = dueTimer.C
		}
		if s.ss != nil {
			idleTimer = time.NewTimer(s.ss.lastUsed.Add(s.idleTimeout).Sub(s.now()))
			idle = idleTimer.C
		}
		woken := true
		select {
		case <-ctx.Done():
		case <-s.wake:
		case <-due:
		case <-idle:
			s.dropSession(true)
			woken = false
		}
		if dueTimer != nil {
			dueTimer.Stop()
		}
		if idleTimer != nil {
			idleTimer.Stop()
		}
		if woken {
			return
		}
	}
}

// dropSession closes the current connection, if any.
func (s *Sender) dropSession(polite bool) {
	if s.ss != nil {
		s.ss.close(polite)
		s.ss = nil
	}
}

// session returns a connection ready for a transaction: it reconnects after idleTimeout or
// maxPerConn transactions and resets (RSET) after a failed transaction. After a successful
// DATA no RSET is sent: the transaction is already over (RFC 5321 4.1.1.4), and go-smtp's
// Reset would also repeat EHLO, two round trips per mail.
func (s *Sender) session(ctx context.Context) (*session, error) {
	if ss := s.ss; ss != nil {
		switch {
		case ss.mails >= s.maxPerConn || s.now().Sub(ss.lastUsed) >= s.idleTimeout:
			s.dropSession(true)
		case ss.dirty:
			if err := ss.c.Reset(); err != nil {
				s.log.Debug().Err(err).Msg("outbox rset failed, reconnecting")
				s.dropSession(false)
			} else {
				ss.dirty = false
			}
		}
	}
	if s.ss == nil {
		ss, err := s.dial(ctx)
		if err != nil {
			return nil, err
		}
		s.ss = ss
	}
	return s.ss, nil
}
