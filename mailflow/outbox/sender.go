package outbox

import (
	"context"
	"sync"
	"sync/atomic"
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
	idleTimeout time.Duration // close a connection after this long unused
	maxPerConn  int           // reconnect after this many transactions
	storeRetry  time.Duration // wait after a store error
	recordRetry time.Duration // first wait before Record is tried again
	minPoll     time.Duration // least wait when the store claims mail is due but Due found none

	// Set up by Run for its duration.
	gate        *gate
	results     chan *pending // to the committer
	progress    chan struct{} // a commit ended (capacity 1)
	token       chan struct{} // SerialAccept: held from the final "." until the commit
	idleWorkers atomic.Int32  // workers waiting for a mail
	idleChanged chan struct{} // a worker became idle (capacity 1)

	resMu    sync.Mutex
	reserved map[uint64]bool // handed out or about to be, result not yet committed
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
		recordRetry: 100 * time.Millisecond,
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
// Run starts Config.Connections workers, each owning one SMTP connection, and one committer;
// the calling goroutine dispatches. On cancellation the mails in flight are aborted (their
// connections are cut) and get no Result — they stay due and are sent again later, so a
// shutdown never counts as a failed attempt; results already handed to the committer are
// still recorded before Run returns.
func (s *Sender) Run(ctx context.Context) error {
	if s.cfgErr != nil {
		return s.cfgErr
	}
	n := s.cfg.Connections
	s.gate = newGate(s.now)
	s.results = make(chan *pending, n)
	s.progress = make(chan struct{}, 1)
	s.token = make(chan struct{}, 1)
	s.idleChanged = make(chan struct{}, 1)
	s.resMu.Lock()
	s.reserved = make(map[uint64]bool)
	s.resMu.Unlock()

	committed := make(chan struct{})
	go func() {
		defer close(committed)
		s.commitLoop(s.results)
	}()
	work := make(chan *Mail)
	var wg sync.WaitGroup
	for i := range n {
		w := &worker{s: s, id: i + 1, log: s.log.With().Int("connection", i+1).Logger()}
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.run(ctx, work)
		}()
	}
	s.dispatch(ctx, work)
	wg.Wait()
	close(s.results) // every worker has its last result committed
	<-committed
	return nil
}

// reserve marks the ids of mails as handed out; it returns the mails not already out.
func (s *Sender) reserve(mails []Mail) []Mail {
	out := mails[:0]
	for _, m := range mails {
		if !s.reserved[m.ID] {
			s.reserved[m.ID] = true
			out = append(out, m)
		}
	}
	return out
}

// unreserve lets the mails be handed out again once Due reports them: their result is
// committed, or there will be none.
func (s *Sender) unreserve(ids ...uint64) {
	s.resMu.Lock()
	defer s.resMu.Unlock()
	for _, id := range ids {
		delete(s.reserved, id)
	}
}

func (s *Sender) reservedCount() int {
	s.resMu.Lock()
	defer s.resMu.Unlock()
	return len(s.reserved)
}

// signalIdle tells a gathering committer that a worker went idle; it never blocks.
func (s *Sender) signalIdle() {
	select {
	case s.idleChanged <- struct{}{}:
	default:
	}
}

// sleepCtx waits for d or ctx.
func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
