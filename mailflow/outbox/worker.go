package outbox

import (
	"context"
	"fmt"
	"time"

	"github.com/rs/zerolog"
)

// worker owns one SMTP connection and delivers one mail at a time on it: it takes a mail, tries
// it, hands the result to the committer and takes the next mail only once that result is
// durable. So at most one mail per connection is ever accepted by the relay and not recorded.
type worker struct {
	s   *Sender
	id  int
	log zerolog.Logger

	ss    *session // nil while not connected
	token bool     // holds s.token (SerialAccept)
}

// run takes mails from work until ctx is done; meanwhile it closes its connection once it has
// been unused for idleTimeout. While it waits for a mail it counts as idle (see gather).
func (w *worker) run(ctx context.Context, work <-chan *Mail) {
	defer w.drop(true)
	for ctx.Err() == nil {
		select {
		case m := <-work: // the next mail is ready: no idle time at all
			w.handle(ctx, m)
			continue
		default:
		}
		w.s.idleWorkers.Add(1)
		w.s.signalIdle()
		m, stop := w.wait(ctx, work)
		w.s.idleWorkers.Add(-1)
		if stop {
			return
		}
		if m != nil {
			w.handle(ctx, m)
		}
	}
}

// wait waits for a mail, closing the connection when it has been unused for idleTimeout; m is
// nil after such a close.
func (w *worker) wait(ctx context.Context, work <-chan *Mail) (m *Mail, stop bool) {
	var idle <-chan time.Time
	if w.ss != nil {
		timer := time.NewTimer(w.ss.lastUsed.Add(w.s.idleTimeout).Sub(w.s.now()))
		defer timer.Stop()
		idle = timer.C
	}
	select {
	case <-ctx.Done():
		return nil, true
	case m := <-work:
		return m, false
	case <-idle:
		w.drop(true)
		return nil, false
	}
}

// handle delivers m once (with one reconnect when its connection turns out broken), records
// the result and waits for it to be durable. A panic (a bug) is logged and costs the
// connection, not the daemon; the mail is then due again as it was.
func (w *worker) handle(ctx context.Context, m *Mail) {
	s := w.s
	handedOn := false // the committer unreserves m
	probe := false
	defer func() {
		if p := recover(); p != nil {
			w.log.Error().Uint64("outbox_id", m.ID).Str("panic", fmt.Sprint(p)).Msg("outbox worker panic")
			w.drop(false)
			s.gate.leave(probe)
		}
		if !handedOn {
			s.unreserve(m.ID)
		}
		w.releaseToken()
	}()

	probe, ok := s.gate.enter(ctx)
	if !ok {
		return
	}
	o := w.attempt(ctx, m)
	if o.shutdown {
		s.gate.leave(probe)
		return
	}
	var resume time.Time
	switch f := asFailure(o.err); {
	case o.err != nil && f.relayWide():
		until, started := s.gate.pause(func(n int) time.Duration { return s.jitter(s.backoff(n)) })
		resume = until
		if started {
			w.logPause(f, until)
		}
	case o.err != nil && f.stage == stageEnvelope:
		s.gate.leave(probe) // the relay was not asked
	default:
		if s.gate.open() {
			w.log.Info().Msg("outbox resumed: the relay accepts mail again")
		}
	}
	res := s.result(m, s.now(), o, resume)
	w.logResult(m, res)
	handedOn = true
	if err := s.commit(res); err != nil {
		// The mail stays due as it was and goes out again (at least once); the store needs
		// a moment, so this connection does not hurry to lose the next result too.
		w.log.Error().Err(err).Uint64("outbox_id", m.ID).Msg("outbox result not recorded")
		w.releaseToken()
		sleepCtx(ctx, s.storeRetry)
	}
}

// outcome is what one try of a mail came to.
type outcome struct {
	refused  []refusal // recipients that did not get the delivered mail
	err      error     // nil: delivered (to all but refused); else a *failure
	shutdown bool      // ctx ended first: no result
}

// attempt delivers m on the worker's connection. A session failure on a connection that had
// carried mail before is retried once at once on a new connection: an idle connection the
// server dropped, or a 421 at the end of its life, says nothing about the relay now.
func (w *worker) attempt(ctx context.Context, m *Mail) outcome {
	if err := checkEnvelope(m); err != nil {
		return outcome{err: err}
	}
	final := w.s.isFinal(m, w.s.now())
	for retried := false; ; retried = true {
		fresh, err := w.connect(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return outcome{shutdown: true}
			}
			return outcome{err: err}
		}
		refused, err := deliver(w.ss, m, final, w.s.cfg.Timeout, w.beforeDot(ctx))
		w.ss.mails++
		w.ss.lastUsed = w.s.now()
		if err != nil && ctx.Err() != nil {
			w.drop(false)
			return outcome{shutdown: true}
		}
		if err != nil {
			f := asFailure(err)
			if !f.reuse {
				w.drop(f.politeClose())
			}
			if f.class == classSession && !fresh && !retried {
				w.log.Debug().Err(err).Uint64("outbox_id", m.ID).Msg("outbox connection broken, retrying on a new one")
				continue
			}
		}
		return outcome{refused: refused, err: err}
	}
}

// connect makes sure the worker has a connection for the next transaction: it reconnects after
// idleTimeout or maxPerConn transactions. fresh says the connection is new.
func (w *worker) connect(ctx context.Context) (fresh bool, err error) {
	if ss := w.ss; ss != nil && (ss.mails >= w.s.maxPerConn || w.s.now().Sub(ss.lastUsed) >= w.s.idleTimeout) {
		w.drop(true)
	}
	if w.ss != nil {
		return false, nil
	}
	ss, err := w.s.dial(ctx)
	if err != nil {
		return true, err
	}
	w.ss = ss
	return true, nil
}

// beforeDot returns, with SerialAccept, the hook that takes the token before the final ".":
// from then until the commit the relay may have the mail without the store knowing.
func (w *worker) beforeDot(ctx context.Context) func() error {
	if !w.s.cfg.SerialAccept {
		return nil
	}
	return func() error {
		if w.token {
			return nil // held since a broken connection's "." of this same mail
		}
		select {
		case w.s.token <- struct{}{}:
			w.token = true
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (w *worker) releaseToken() {
	if w.token {
		<-w.s.token
		w.token = false
	}
}

// drop closes the worker's connection, if any: QUIT first when polite.
func (w *worker) drop(polite bool) {
	if w.ss != nil {
		w.ss.close(polite)
		w.ss = nil
	}
}
