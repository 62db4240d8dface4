package outbox

import (
	"fmt"
	"time"
)

// pending is one result on its way to the store and the worker waiting for it.
type pending struct {
	res  Result
	done chan error // capacity 1: the committer never waits for the worker
}

// commit hands res to the committer and waits until it is durable (nil) or the store gave up.
// It does not watch the context: on shutdown the committer still records every result it was
// handed, since the mail it stands for may already be at the relay.
func (s *Sender) commit(res Result) error {
	p := &pending{res: res, done: make(chan error, 1)}
	s.results <- p
	return <-p.done
}

// commitLoop is the committer: it records results until in is closed and drained (group
// commit). Whatever arrived while one commit ran goes into the next. That alone lets the
// connections fall into step badly: the one released by a commit is still delivering when the
// next commit takes the others, and commits alternate between one result and the rest. So the
// committer also waits for connections in the middle of a delivery, but never longer than
// the previous commit took: when the store is slow, a commit is worth waiting for; when a
// delivery is slow, the others do not wait for it.
func (s *Sender) commitLoop(in <-chan *pending) {
	var last time.Duration // how long the previous commit took
	for p := range in {
		group := s.gather(in, p, last)
		results := make([]Result, len(group))
		ids := make([]uint64, len(group))
		for i, g := range group {
			results[i], ids[i] = g.res, g.res.ID
		}
		start := time.Now()
		err := s.record(results)
		last = time.Since(start)
		// Only now may Due's answers hand these mails out again (see take).
		s.unreserve(ids...)
		for _, g := range group {
			g.done <- err
		}
		s.signalProgress()
	}
}

// gather returns first and the results that follow it: those waiting already, and those of
// connections still busy with a mail (neither idle nor waiting here) that arrive within wait.
func (s *Sender) gather(in <-chan *pending, first *pending, wait time.Duration) []*pending {
	group := []*pending{first}
	var deadline <-chan time.Time
	for {
		select {
		case q, ok := <-in:
			if !ok {
				return group
			}
			group = append(group, q)
			continue
		default:
		}
		// With SerialAccept the busy ones wait for the token this commit releases: no use.
		busy := s.cfg.Connections - int(s.idleWorkers.Load()) - len(group)
		if wait <= 0 || s.cfg.SerialAccept || busy <= 0 {
			return group
		}
		if deadline == nil {
			t := time.NewTimer(wait)
			defer t.Stop()
			deadline = t.C
		}
		select {
		case q, ok := <-in:
			if !ok {
				return group
			}
			group = append(group, q)
		case <-s.idleChanged: // look again: one fewer to wait for
		case <-deadline:
			return group
		}
	}
}

// record stores a group of results, trying three times: an unrecorded sent mail is sent again.
func (s *Sender) record(results []Result) error {
	var err error
	for try := 0; ; try++ {
		if err = s.recordOnce(results); err == nil {
			return nil
		}
		s.log.Warn().Err(err).Int("results", len(results)).Msg("outbox record failed")
		if try == 2 {
			break
		}
		time.Sleep(s.recordRetry << (2 * try)) // 100ms, 400ms
	}
	return fmt.Errorf("record %d results: %w", len(results), err)
}

// recordOnce calls Record, turning a panic (from the store or a bug) into an error.
func (s *Sender) recordOnce(results []Result) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic in outbox record: %v", p)
		}
	}()
	return s.q.Record(results)
}
