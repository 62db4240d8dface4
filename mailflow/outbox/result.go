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

// logPause says why the outbox stopped delivering, naming the cause.
func (w *worker) logPause(f *failure, until time.Time) {
	severe, cause := pauseCause(f)
	ev := w.log.Warn()
	if severe {
		ev = w.log.Error()
	}
	ev.Str("reason", f.Error()).Str("stage", f.stage).Time("until", until).
		Msg("outbox paused: " + cause + "; no mail is failed for it")
}

// pauseCause words a failure that paused the outbox for the operator. severe (error level)
// means someone must act: the relay refuses us (a 5xx) or TLS or authentication fails, which
// are settings; otherwise the relay is unreachable or busy and may well come back by itself.
func pauseCause(f *failure) (severe bool, cause string) {
	code := replyCode(f.err)
	switch {
	case code == 530 || code == 534 || code == 535 || code == 538 || f.stage == stageAuth:
		return true, "authentication with the relay is needed or fails"
	case f.stage == stageTLS || f.stage == stageStartTLS:
		return true, "TLS with the relay fails"
	case code == 421:
		return false, "the relay is closing connections (421)"
	case code == 503:
		return false, "the relay finds our commands out of sequence (503)"
	case code >= 500 && f.stage == stageMail:
		return true, "the relay refuses our sender"
	case code >= 500:
		return true, "the relay refuses us"
	case f.stage == stageConnect:
		return false, "the relay cannot be reached"
	}
	return false, "the relay is not ready"
}
