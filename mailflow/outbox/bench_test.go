package outbox_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"helpdesk/internal/relaytest"
	"helpdesk/mailflow"
	"helpdesk/mailflow/outbox"
	"helpdesk/ticketstore"
)

// BenchmarkDeliver measures delivery to a loopback go-smtp sink that discards the data,
// through Run: with 1 and 4 connections, with an in-memory queue (what the sender itself
// costs) and with the real store with fsync (mailflow.Queue on ticketstore: what the daemon
// gets), each with the crash bound of one mail per connection and with SerialAccept (one mail
// in all). It reports mails/s and the mean results per commit.
//
//	go test -run '^$' -bench Deliver -benchtime 5000x ./mailflow/outbox/
func BenchmarkDeliver(b *testing.B) {
	for _, store := range []string{"memory", "bbolt-fsync"} {
		for _, conns := range []int{1, 4} {
			for _, serial := range []bool{false, true} {
				if conns == 1 && serial {
					continue // the same thing with one connection
				}
				bound := "per-connection"
				if serial {
					bound = "serial"
				}
				b.Run(fmt.Sprintf("queue=%s/conns=%d/bound=%s", store, conns, bound), func(b *testing.B) {
					benchDeliver(b, store, conns, serial)
				})
			}
		}
	}
}

func benchDeliver(b *testing.B, store string, conns int, serial bool) {
	relay, err := relaytest.StartWith("127.0.0.1:0", relaytest.Options{Discard: true})
	if err != nil {
		b.Fatal(err)
	}
	defer relay.Close()
	raw := []byte("From: Support <support@example.com>\r\nTo: kunde@example.org\r\nSubject: Test\r\n" +
		"Message-ID: <bench@example.com>\r\n\r\nGuten Tag,\r\n\r\nIhre Anfrage ist eingegangen.\r\n")

	var inner outbox.Queue
	switch store {
	case "memory":
		mq := &memQueue{}
		for i := range b.N {
			mq.pending = append(mq.pending, outbox.Mail{ID: uint64(i + 1), From: "support@example.com",
				To: []string{"kunde@example.org"}, Raw: raw, Created: time.Now()})
		}
		inner = mq
	default:
		st, err := ticketstore.Open(filepath.Join(b.TempDir(), "bench.db"), nil)
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		for done := 0; done < b.N; {
			n := min(b.N-done, 1000)
			err := st.Update(func(tx *ticketstore.Tx) error {
				for range n {
					if err := tx.Enqueue(&ticketstore.OutboxMail{Kind: "confirmation", From: "support@example.com",
						To: []string{"kunde@example.org"}, Raw: raw}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			done += n
		}
		inner = mailflow.Queue{Store: st}
	}
	q := &countingQueue{Queue: inner, want: b.N, done: make(chan struct{})}
	s := outbox.New(outbox.Config{Address: relay.Addr(), Security: outbox.SecurityNone, Connections: conns, SerialAccept: serial},
		q, zerolog.Nop())

	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	b.ResetTimer()
	start := time.Now()
	go func() { stopped <- s.Run(ctx) }()
	select {
	case <-q.done:
	case <-time.After(10 * time.Minute):
		b.Fatal("not all mails recorded sent within 10 minutes")
	}
	elapsed := time.Since(start)
	b.StopTimer()
	cancel()
	if err := <-stopped; err != nil {
		b.Fatal(err)
	}
	if n := relay.Stats().Accepted; n != b.N {
		b.Fatalf("sink accepted %d mails, want %d", n, b.N)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "mails/s")
	b.ReportMetric(float64(b.N)/float64(q.commits), "results/commit")
}

// countingQueue passes everything on and closes done once want results were recorded sent.
type countingQueue struct {
	outbox.Queue
	want    int
	done    chan struct{}
	sent    int
	commits int
}

// Record is only ever called by the one committer, so the counters need no lock.
func (q *countingQueue) Record(results []outbox.Result) error {
	if err := q.Queue.Record(results); err != nil {
		return err
	}
	q.commits++
	for _, r := range results {
		if r.Sent {
			q.sent++
		}
	}
	if q.sent == q.want {
		close(q.done)
	}
	return nil
}

// memQueue is an in-memory Queue of mails that are all due; a recorded mail leaves it.
type memQueue struct {
	mu      sync.Mutex
	pending []outbox.Mail
	gone    map[uint64]bool
}

func (q *memQueue) Due(now time.Time, limit int) ([]outbox.Mail, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []outbox.Mail
	for _, m := range q.pending {
		if len(out) == limit {
			break
		}
		if !q.gone[m.ID] {
			out = append(out, m)
		}
	}
	return out, nil
}

func (q *memQueue) Record(results []outbox.Result) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.gone == nil {
		q.gone = map[uint64]bool{}
	}
	for _, r := range results {
		q.gone[r.ID] = true
	}
	// Drop the settled head so Due does not rescan it on every call.
	i := 0
	for i < len(q.pending) && q.gone[q.pending[i].ID] {
		i++
	}
	q.pending = q.pending[i:]
	return nil
}

func (q *memQueue) NextDue() (time.Time, bool, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.pending) == 0 {
		return time.Time{}, false, nil
	}
	return time.Time{}, true, nil
}
