package outbox

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// runBatch takes one batch of due mail, delivers it and records the results in one Record call.
// It returns how many mails Due returned. A panic (from the store or a bug) is turned into an
// error so Run keeps going.
func (s *Sender) runBatch(ctx context.Context) (n int, err error) {
	defer func() {
		if p := recover(); p != nil {
			s.dropSession(false)
			err = fmt.Errorf("panic in outbox batch: %v", p)
		}
	}()
	mails, err := s.q.Due(s.now(), s.cfg.BatchSize)
	if err != nil {
		return 0, fmt.Errorf("due: %w", err)
	}
	if len(mails) == 0 {
		return 0, nil
	}
	results := make([]Result, 0, len(mails))
	var sessErr error // once connecting fails, the rest of the batch fails the same way
	for i := range mails {
		res, ok := s.attempt(ctx, &mails[i], &sessErr)
		if !ok {
			break // shutdown
		}
		results = append(results, res)
	}
	if err := s.record(results); err != nil {
		return len(mails), err
	}
	return len(mails), nil
}

// attempt delivers one mail and returns its result; ok is false when ctx ended first, in which
// case there is no result to record.
func (s *Sender) attempt(ctx context.Context, m *Mail, sessErr *error) (res Result, ok bool) {
	if ctx.Err() != nil {
		return Result{}, false
	}
	final := s.isFinal(m, s.now())
	var missed []string
	err := checkEnvelope(m)
	switch {
	case err != nil:
	case *sessErr != nil:
		err = *sessErr
	default:
		var ss *session
		ss, err = s.session(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return Result{}, false
			}
			*sessErr = err
			break
		}
		missed, err = deliver(ss, m, final, s.cfg.Timeout)
		ss.mails++
		ss.lastUsed = s.now()
		if err != nil && ctx.Err() != nil {
			s.dropSession(false)
			return Result{}, false
		}
		if !connUsable(err) {
			s.dropSession(false)
		} else if err != nil {
			ss.dirty = true
		}
	}
	res = s.result(m, s.now(), missed, err)
	s.logResult(m, res)
	return res, true
}

// isFinal reports whether a temporary failure of this attempt would be the last one.
func (s *Sender) isFinal(m *Mail, now time.Time) bool {
	return m.Attempts+1 >= s.cfg.MaxAttempts || !now.Before(m.Created.Add(s.cfg.GiveUpAfter))
}

// result turns the outcome of one attempt into the Result to record.
func (s *Sender) result(m *Mail, now time.Time, missed []string, err error) Result {
	res := Result{ID: m.ID, At: now}
	if err == nil {
		res.Sent = true
		if len(missed) > 0 {
			res.Err = "partial delivery, not delivered to: " + strings.Join(missed, "; ")
		}
		return res
	}
	attempt := m.Attempts + 1
	res.Err = err.Error()
	res.Permanent = Classify(err)
	if !res.Permanent && s.isFinal(m, now) {
		res.Permanent = true
		res.Err = fmt.Sprintf("giving up after %d attempts: %s", attempt, res.Err)
	}
	if !res.Permanent {
		res.NextAttempt = now.Add(s.jitter(s.backoff(attempt)))
		if deadline := m.Created.Add(s.cfg.GiveUpAfter); res.NextAttempt.After(deadline) {
			res.NextAttempt = deadline
		}
	}
	return res
}

func (s *Sender) logResult(m *Mail, res Result) {
	var ev = s.log.Debug()
	switch {
	case res.Permanent:
		ev = s.log.Error()
	case !res.Sent:
		ev = s.log.Warn().Time("next_attempt", res.NextAttempt)
	case res.Err != "":
		ev = s.log.Warn()
	}
	if res.Err != "" {
		ev = ev.Str("error", res.Err)
	}
	msg := "outbox sent"
	switch {
	case res.Permanent:
		msg = "outbox failed permanently"
	case !res.Sent:
		msg = "outbox failed, will retry"
	}
	ev.Uint64("outbox_id", m.ID).Int("attempts", m.Attempts+1).Msg(msg)
}

// record stores a batch's results, trying three times: an unrecorded sent mail is sent again.
func (s *Sender) record(results []Result) error {
	if len(results) == 0 {
		return nil
	}
	var err error
	for try := 0; ; try++ {
		if err = s.q.Record(results); err == nil {
			return nil
		}
		s.log.Warn().Err(err).Int("results", len(results)).Msg("outbox record failed")
		if try == 2 {
			break
		}
		time.Sleep(100 * time.Millisecond << (2 * try)) // 100ms, 400ms
	}
	return fmt.Errorf("record %d results: %w", len(results), err)
}
