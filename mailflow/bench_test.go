package mailflow

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"helpdesk/mailflow/intake"
)

// BenchmarkHandle measures the processor alone: batches of 200 new incidents from distinct
// senders, each batch committed with fsync in one transaction with its confirmations.
func BenchmarkHandle(b *testing.B) {
	f := newFixtureSync(b, true)
	const batch = 200
	uid := imap.UID(0)
	start := time.Now()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		fs := make([]*intake.Fetched, batch)
		for j := range fs {
			uid++
			raw := strings.ReplaceAll(incident(fmt.Sprintf("user%d@kunde%d.test", uid, uid%50), "Problem "+fmt.Sprint(uid), fmt.Sprintf("m%d@kunde.test", uid)), "\n", "\r\n")
			fs[j] = intake.NewFetched(uid, f.now, []byte(raw))
		}
		if _, err := f.p.Handle(context.Background(), 1, fs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*batch)/time.Since(start).Seconds(), "mails/s")
}
