package outbox

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"helpdesk/internal/relaytest"
)

// TestGroupCommit: with four connections and a slow commit (20 ms, a slow fsync), results of
// different connections share commits, and no connection sends MAIL FROM for its next mail
// before the result of its previous one is durable — checked by the peer at every MAIL FROM
// against the fake store.
func TestGroupCommit(t *testing.T) {
	const mails = 40
	var (
		mu     sync.Mutex
		q      *fakeQueue
		lastOn = map[int]uint64{} // connection -> the last mail the peer accepted on it
		connOf = map[uint64]int{} // mail -> the connection that delivered it
		early  []string
	)
	fault := func(ev relaytest.Event) relaytest.Reply {
		mu.Lock()
		defer mu.Unlock()
		switch ev.Stage {
		case relaytest.StageMail:
			if id, ok := lastOn[ev.Conn]; ok && !q.isSent(id) {
				early = append(early, fmt.Sprintf("connection %d began a mail before mail %d was durable", ev.Conn, id))
			}
		case relaytest.StageData:
			id := idOf(ev.Raw)
			lastOn[ev.Conn], connOf[id] = id, ev.Conn
		}
		return relaytest.Reply{}
	}
	p := startPeer(t, relaytest.Options{Fault: fault}, Config{Connections: 4}, mails, func(s *Sender, fq *fakeQueue) {
		mu.Lock()
		q = fq
		mu.Unlock()
		fq.delay = 20 * time.Millisecond
	})
	p.waitSettled(t)
	p.checkDeliveredOnce(t)

	mu.Lock()
	defer mu.Unlock()
	for _, e := range early {
		t.Error(e)
	}
	calls := p.q.records()
	shared, widest := 0, 0
	var sizes []int
	for _, c := range calls {
		conns := map[int]bool{}
		for _, r := range c {
			conns[connOf[r.ID]] = true
		}
		if len(conns) > 1 {
			shared++
		}
		widest = max(widest, len(conns))
		sizes = append(sizes, len(c))
	}
	t.Logf("%d mails in %d commits (%d shared by several connections, at most %d); results per commit %v",
		mails, len(calls), shared, widest, sizes)
	if len(calls) > mails*3/4 || shared < len(calls)/4 {
		t.Errorf("%d commits for %d mails, %d of them shared by several connections; want results grouped", len(calls), mails, shared)
	}
	if p.q.overlap {
		t.Error("Record was called while another Record ran")
	}
}

// TestCrashBound interrupts delivery at random points — the store crashes (nothing more
// becomes durable) or Run is cancelled — and counts the mails the peer accepted that are not
// recorded sent: at most one per connection, at most one in all with SerialAccept.
func TestCrashBound(t *testing.T) {
	const mails, runs = 120, 6
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	tests := []struct {
		conns  int
		serial bool
		bound  int
	}{
		{1, false, 1},
		{4, false, 4},
		{4, true, 1},
	}
	for _, tc := range tests {
		for _, how := range []string{"store crash", "cancel"} {
			t.Run(fmt.Sprintf("%d connections serial=%v %s", tc.conns, tc.serial, how), func(t *testing.T) {
				worst := 0
				for range runs {
					after := 1 + rng.IntN(mails*2/3) // mails recorded sent before the interruption
					delay := time.Duration(rng.IntN(3)) * time.Millisecond
					p := startPeer(t, relaytest.Options{}, Config{Connections: tc.conns, SerialAccept: tc.serial}, mails,
						func(s *Sender, q *fakeQueue) { q.delay, s.recordRetry = delay, time.Millisecond })
					waitFor(t, "mails recorded", func() bool { return p.q.states()["sent"] >= after })
					release := func() {}
					if how == "cancel" {
						p.stop()
					} else {
						release = p.q.crash()
						waitQuiet(t, p.relay)
					}
					unrecorded := 0
					for id := range accepted(p.relay) {
						if !p.q.isSent(id) {
							unrecorded++
						}
					}
					release()
					p.stop()
					worst = max(worst, unrecorded)
					if unrecorded > tc.bound {
						t.Errorf("interrupted after %d recorded: %d mails accepted by the peer but not recorded, want at most %d",
							after, unrecorded, tc.bound)
					}
				}
				t.Logf("worst of %d runs: %d accepted but not recorded (bound %d)", runs, worst, tc.bound)
			})
		}
	}
}

// waitQuiet waits until the peer has accepted nothing new for 100 ms.
func waitQuiet(t *testing.T, r *relaytest.Relay) {
	t.Helper()
	last, since := -1, time.Now()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if n := len(r.Messages()); n != last {
			last, since = n, time.Now()
		} else if time.Since(since) >= 100*time.Millisecond {
			return
		}
	}
	t.Fatal("the peer kept accepting mail after the store crashed")
}

// staleDueQueue answers Due from a snapshot taken before the next commit, returning only after
// that commit ended (or 50 ms passed): the worst timing for the dispatcher, whose reservations
// must still keep the mails of that commit from going out twice.
type staleDueQueue struct {
	*fakeQueue
	mu       sync.Mutex
	finished chan struct{} // closed and replaced when a Record ends
}

func (q *staleDueQueue) Due(now time.Time, limit int) ([]Mail, error) {
	q.mu.Lock()
	ended := q.finished
	q.mu.Unlock()
	mails, err := q.fakeQueue.Due(now, limit)
	select {
	case <-ended:
		// Give the committer time to act on the end of the commit (it must not be able
		// to: the dispatcher holds its reservations while Due runs).
		time.Sleep(2 * time.Millisecond)
	case <-time.After(50 * time.Millisecond):
	}
	return mails, err
}

func (q *staleDueQueue) Record(results []Result) error {
	err := q.fakeQueue.Record(results)
	q.mu.Lock()
	close(q.finished)
	q.finished = make(chan struct{})
	q.mu.Unlock()
	return err
}

// TestNoMailOnTwoConnections: with four connections, a Due per two mails and every Due
// answered from before a commit, no mail is delivered twice.
func TestNoMailOnTwoConnections(t *testing.T) {
	relay, err := relaytest.StartWith("127.0.0.1:0", relaytest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer relay.Close()
	fq := newFakeQueue()
	for i := range 60 {
		fq.add(idMail(uint64(i+1)), time.Time{})
	}
	fq.delay = time.Millisecond
	q := &staleDueQueue{fakeQueue: fq, finished: make(chan struct{})}
	s := newSender(t, Config{Address: relay.Addr(), Security: SecurityNone, Connections: 4, BatchSize: 2}, q, time.Time{})
	runSender(t, s)
	p := &peerRun{q: fq, s: s, relay: relay}
	p.waitSettled(t)
	p.checkDeliveredOnce(t)
}
