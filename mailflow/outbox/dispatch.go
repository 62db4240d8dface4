package outbox

import (
	"context"
	"fmt"
	"time"
)

// dispatch hands due mails to the workers until ctx is done. A mail stays reserved from the
// moment Due returns it until its result is committed (or it turns out there is none), and a
// reserved mail is never handed out again: that is what keeps two connections from delivering
// the same mail.
func (s *Sender) dispatch(ctx context.Context, work chan<- *Mail) {
	for ctx.Err() == nil {
		mails, err := s.take()
		if err != nil {
			s.log.Error().Err(err).Msg("outbox store")
			sleepCtx(ctx, s.storeRetry)
			continue
		}
		for i := range mails {
			select {
			case work <- &mails[i]:
			case <-ctx.Done():
				for _, m := range mails[i:] {
					s.unreserve(m.ID)
				}
				return
			}
		}
		if len(mails) == 0 {
			s.idle(ctx)
		}
	}
}

// take returns up to BatchSize due mails that are not out already, reserved. It holds resMu
// across Due so that a result committed while Due reads cannot be missed: the committer
// unreserves only after its commit, and waits here for the lock, so a mail Due saw as pending
// is still reserved when filtered. A panic (from the store or a bug) becomes an error.
func (s *Sender) take() (mails []Mail, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic in outbox due: %v", p)
		}
	}()
	s.resMu.Lock()
	defer s.resMu.Unlock()
	// Ask for the reserved ones on top: they are still pending in the store.
	mails, err = s.q.Due(s.now(), s.cfg.BatchSize+len(s.reserved))
	if err != nil {
		return nil, fmt.Errorf("due: %w", err)
	}
	mails = s.reserve(mails)
	if len(mails) > s.cfg.BatchSize {
		for _, m := range mails[s.cfg.BatchSize:] {
			delete(s.reserved, m.ID)
		}
		mails = mails[:s.cfg.BatchSize]
	}
	return mails, nil
}

// idle waits, after Due found nothing to hand out, until more may be due: the next due time, a
// Wake, or — when mails are out and the store still counts them as due — the next commit.
func (s *Sender) idle(ctx context.Context) {
	next, ok, err := s.nextDue()
	if err != nil {
		s.log.Error().Err(err).Msg("outbox next due")
		next, ok = s.now().Add(s.storeRetry), true
	}
	var progress <-chan struct{}
	if now := s.now(); ok && !next.After(now) {
		progress = s.progress
		if s.reservedCount() > 0 {
			ok = false // due but out: wait for its commit
		} else {
			next = now.Add(s.minPoll) // the store says due, Due said none: do not spin
		}
	}
	var due <-chan time.Time
	if ok {
		t := time.NewTimer(next.Sub(s.now()))
		defer t.Stop()
		due = t.C
	}
	select {
	case <-ctx.Done():
	case <-s.wake:
	case <-progress:
	case <-due:
	}
}

func (s *Sender) nextDue() (t time.Time, ok bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic in outbox next due: %v", p)
		}
	}()
	return s.q.NextDue()
}

// signalProgress tells a waiting dispatcher that a commit ended; it never blocks.
func (s *Sender) signalProgress() {
	select {
	case s.progress <- struct{}{}:
	default:
	}
}
