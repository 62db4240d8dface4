package outbox

import (
	"fmt"
	"strings"
	"time"
)

// isFinal reports whether a temporary failure of this attempt would be the last one.
func (s *Sender) isFinal(m *Mail, now time.Time) bool {
	return m.Attempts+1 >= s.cfg.MaxAttempts || !now.Before(s.deadline(m))
}

func (s *Sender) deadline(m *Mail) time.Time { return m.Created.Add(s.cfg.GiveUpAfter) }

// result turns the outcome of one try into the Result to record. resume is when a paused
// outbox delivers again (zero when this try did not pause it).
func (s *Sender) result(m *Mail, now time.Time, o outcome, resume time.Time) Result {
	res := Result{ID: m.ID, At: now}
	if o.err == nil {
		res.Sent = true
		if len(o.refused) > 0 {
			res.Err = "partial delivery, not delivered to: " + joinRefusals(o.refused)
			for _, r := range o.refused {
				res.Rejected = append(res.Rejected, r.addr)
			}
		}
		return res
	}
	res.Err = o.err.Error()
	switch classOf(o.err) {
	case classPermanent:
		res.Permanent = true
	case classTemporary:
		if s.isFinal(m, now) {
			res.Permanent = true
			res.Err = fmt.Sprintf("giving up after %d attempts: %s", m.Attempts+1, res.Err)
		} else {
			res.NextAttempt = s.retryAt(m, now, s.backoff(m.Attempts+1))
		}
	default: // session or refused: not the mail's attempt, but its age still counts
		if !now.Before(s.deadline(m)) {
			res.Permanent = true
			res.Err = fmt.Sprintf("giving up after %v: %s", s.cfg.GiveUpAfter, res.Err)
			break
		}
		res.Deferred = true
		if !resume.IsZero() {
			res.NextAttempt = earlier(resume, s.deadline(m))
		} else {
			res.NextAttempt = s.retryAt(m, now, s.backoff(m.Deferrals+1))
		}
	}
	if res.Permanent {
		res.Rejected = append([]string(nil), m.To...)
	}
	return res
}

// retryAt is now plus the jittered wait, never after the mail's give-up deadline.
func (s *Sender) retryAt(m *Mail, now time.Time, wait time.Duration) time.Time {
	return earlier(now.Add(s.jitter(wait)), s.deadline(m))
}

func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func (w *worker) logResult(m *Mail, res Result) {
	ev := w.log.Debug()
	msg := "outbox sent"
	switch {
	case res.Permanent:
		ev, msg = w.log.Error(), "outbox failed permanently"
	case res.Deferred:
		ev, msg = w.log.Warn().Time("next_attempt", res.NextAttempt), "outbox deferred, not an attempt"
	case !res.Sent:
		ev, msg = w.log.Warn().Time("next_attempt", res.NextAttempt), "outbox failed, will retry"
	case res.Err != "":
		ev = w.log.Warn()
	}
	if res.Err != "" {
		ev = ev.Str("error", res.Err)
	}
	if len(res.Rejected) > 0 {
		ev = ev.Str("rejected", strings.Join(res.Rejected, ", "))
	}
	ev.Uint64("outbox_id", m.ID).Int("attempts", m.Attempts+1).Int("deferrals", m.Deferrals).Msg(msg)
}

// logPause says why the outbox stopped delivering: at error level when the relay refuses us
// (a 5xx: someone must fix the relay or our settings), at warn level when it is unreachable or
// busy (it may well come back by itself).
func (w *worker) logPause(f *failure, until time.Time) {
	ev := w.log.Warn()
	cause := "the relay cannot be reached or is not ready"
	if c := replyCode(f.err); c >= 500 {
		ev = w.log.Error()
		cause = "the relay refuses our mail"
		if f.stage == stageMail {
			cause = "the relay refuses our sender"
		}
		if c == 530 || c == 534 || c == 535 || c == 538 || f.stage == stageAuth {
			cause = "the relay wants authentication that we do not give or that fails"
		}
	}
	ev.Str("reason", f.Error()).Str("stage", f.stage).Time("until", until).
		Msg("outbox paused: " + cause + "; no mail is failed for it")
}
