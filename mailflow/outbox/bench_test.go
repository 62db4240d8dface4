package outbox

import (
	"testing"
	"time"
)

// BenchmarkDeliver measures delivery over one loopback connection to a go-smtp sink that
// discards the data, through Run, the fake store and its per-batch Record calls.
func BenchmarkDeliver(b *testing.B) {
	be := &backend{dataErr: func(int) error { return nil }}
	addr := startServer(b, be, serverMode{}, "")
	q := newFakeQueue()
	raw := []byte(testRaw)
	for i := range b.N {
		q.add(Mail{ID: uint64(i + 1), From: "support@example.com", To: []string{"kunde@example.org"},
			Raw: raw, Created: time.Now()}, time.Time{})
	}
	s := newSender(b, Config{Address: addr, Security: SecurityNone}, q, time.Time{})
	s.maxPerConn = 1 << 30 // one connection throughout
	b.ResetTimer()
	start := time.Now()
	stop := runSender(b, s)
	waitFor(b, "all mails recorded", func() bool {
		q.mu.Lock()
		defer q.mu.Unlock()
		return len(q.order) == 0
	})
	elapsed := time.Since(start)
	b.StopTimer()
	stop()
	if n := len(be.received()); n != b.N {
		b.Fatalf("sink received %d mails, want %d", n, b.N)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "mails/s")
}
