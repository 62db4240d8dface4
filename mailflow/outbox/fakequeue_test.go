package outbox

import (
	"errors"
	"io"
	"slices"
	"sync"
	"time"
)

type queuedMail struct {
	Mail
	next    time.Time
	state   string // pending | sent | failed
	lastErr string
}

// fakeQueue is an in-memory Queue that records every Record call. It can be slow (delay), fail
// (failRecord) or crash (crash: from then on nothing becomes durable), and it notes when a
// result became durable so tests can check what a connection did before that.
type fakeQueue struct {
	mu         sync.Mutex
	mails      map[uint64]*queuedMail
	order      []uint64 // pending ids, oldest first
	calls      [][]Result
	nextDue    int           // NextDue calls
	failRecord int           // fail this many Record calls first
	delay      time.Duration // each Record takes this long before it applies (a slow fsync)
	crashed    chan struct{} // non-nil: Record blocks until it is closed, then fails
	inRecord   bool
	overlap    bool // Record was called while another Record ran
}

var errCrashed = errors.New("fake queue crashed")

func newFakeQueue(mails ...Mail) *fakeQueue {
	q := &fakeQueue{mails: map[uint64]*queuedMail{}}
	for _, m := range mails {
		q.add(m, time.Time{})
	}
	return q
}

// add queues m, due at next (zero: due at once).
func (q *fakeQueue) add(m Mail, next time.Time) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.mails[m.ID] = &queuedMail{Mail: m, next: next, state: "pending"}
	q.order = append(q.order, m.ID)
}

func (q *fakeQueue) Due(now time.Time, limit int) ([]Mail, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []Mail
	for _, id := range q.order {
		if len(out) == limit {
			break
		}
		if m := q.mails[id]; !m.next.After(now) {
			c := m.Mail
			c.To = slices.Clone(m.To)
			out = append(out, c)
		}
	}
	return out, nil
}

func (q *fakeQueue) Record(results []Result) error {
	q.mu.Lock()
	q.overlap = q.overlap || q.inRecord
	q.inRecord = true
	crashed, delay := q.crashed, q.delay
	q.mu.Unlock()
	defer func() {
		q.mu.Lock()
		q.inRecord = false
		q.mu.Unlock()
	}()
	if crashed != nil {
		<-crashed
		return errCrashed
	}
	time.Sleep(delay)

	q.mu.Lock()
	defer q.mu.Unlock()
	q.calls = append(q.calls, slices.Clone(results))
	if q.failRecord > 0 {
		q.failRecord--
		return io.ErrUnexpectedEOF
	}
	settled := map[uint64]bool{}
	for _, r := range results {
		m := q.mails[r.ID]
		if m == nil || m.state != "pending" {
			continue
		}
		if r.Deferred {
			m.Deferrals++
		} else {
			m.Attempts++
		}
		m.lastErr = r.Err
		switch {
		case r.Sent:
			m.state = "sent"
			settled[r.ID] = true
		case r.Permanent:
			m.state = "failed"
			settled[r.ID] = true
		default:
			m.next = r.NextAttempt
		}
	}
	if len(settled) > 0 {
		q.order = slices.DeleteFunc(q.order, func(id uint64) bool { return settled[id] })
	}
	return nil
}

// crash makes every Record from now on block (nothing more becomes durable) until the returned
// function is called, which makes the blocked calls fail.
func (q *fakeQueue) crash() (release func()) {
	ch := make(chan struct{})
	q.mu.Lock()
	q.crashed = ch
	q.mu.Unlock()
	var once sync.Once
	return func() { once.Do(func() { close(ch) }) }
}

// states counts mails per state.
func (q *fakeQueue) states() map[string]int {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := map[string]int{}
	for _, m := range q.mails {
		out[m.state]++
	}
	return out
}

// ids returns the ids of all mails.
func (q *fakeQueue) ids() []uint64 {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []uint64
	for id := range q.mails {
		out = append(out, id)
	}
	return out
}

// isSent reports whether the mail's sent result is durable.
func (q *fakeQueue) isSent(id uint64) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	m := q.mails[id]
	return m != nil && m.state == "sent"
}

func (q *fakeQueue) NextDue() (time.Time, bool, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.nextDue++
	var t time.Time
	for i, id := range q.order {
		if n := q.mails[id].next; i == 0 || n.Before(t) {
			t = n
		}
	}
	return t, len(q.order) > 0, nil
}

// records returns a copy of all Record calls so far.
func (q *fakeQueue) records() [][]Result {
	q.mu.Lock()
	defer q.mu.Unlock()
	return slices.Clone(q.calls)
}

func (q *fakeQueue) mail(id uint64) queuedMail {
	q.mu.Lock()
	defer q.mu.Unlock()
	return *q.mails[id]
}

func (q *fakeQueue) nextDueCalls() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.nextDue
}
