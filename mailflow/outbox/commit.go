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

// commitLoop is the committer: it records results until in is closed and drained. Whatever
// arrived while one commit ran goes into the next, so the results of all connections share
// commits without waiting for a timer or a count (group commit).
func (s *Sender) commitLoop(in <-chan *pending) {
	for p := range in {
		group := []*pending{p}
	gather:
		for {
			select {
			case q, ok := <-in:
				if !ok {
					break gather
				}
				group = append(group, q)
			default:
				break gather
			}
		}
		results := make([]Result, len(group))
		ids := make([]uint64, len(group))
		for i, g := range group {
			results[i], ids[i] = g.res, g.res.ID
		}
		err := s.record(results)
		// Only now may Due's answers hand these mails out again (see take).
		s.unreserve(ids...)
		for _, g := range group {
			g.done <- err
		}
		s.signalProgress()
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
		time.Sleep(100 * time.Millisecond << (2 * try)) // 100ms, 400ms
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
