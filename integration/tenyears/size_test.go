package tenyears

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"helpdesk/internal/deskgen"
	"helpdesk/ticketstore"
)

// issue9Shape is the desk issue 9 measured its 9.2 KB per ticket on: 100,000 small incidents
// (one ~400-byte mail each, one comment), each confirmed by one outgoing mail.
func issue9Shape() deskgen.Spec {
	s := deskgen.TenYears()
	s.Comments, s.Raw, s.Outbox = s.Tickets, s.Tickets, s.Tickets
	return s
}

// BenchmarkStoreSizeKeepSent reports the store size per ticket of the ten-year desk and of
// issue 9's desk shape as built, after the keep_sent sweep (30 days, run in the store as the
// daemon runs it) and after compaction. No daemon: this is the store alone.
func BenchmarkStoreSizeKeepSent(b *testing.B) {
	cache := os.Getenv("HELPDESK_DESK_DIR")
	if cache == "" {
		cache = b.TempDir()
	}
	for _, c := range []struct {
		name string
		spec deskgen.Spec
	}{{"issue9-shape", issue9Shape()}, {"ten-years", deskgen.TenYears()}} {
		b.Run(c.name, func(b *testing.B) {
			desk, err := deskgen.Ensure(cache, c.spec)
			if err != nil {
				b.Fatal(err)
			}
			path := filepath.Join(b.TempDir(), "helpdesk.db")
			if err := copyFile(desk, path); err != nil {
				b.Fatal(err)
			}
			built := fileSize(b, path)
			s, err := ticketstore.Open(path, nil)
			if err != nil {
				b.Fatal(err)
			}
			now := time.Now()
			dropped := 0
			for more := true; more; {
				err := s.Update(func(tx *ticketstore.Tx) error {
					n, m, err := tx.DropSentBodies(now.Add(-30*24*time.Hour), now, 1000)
					dropped, more = dropped+n, m
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			var tickets int
			s.View(func(tx *ticketstore.Tx) error { c, _ := tx.Counts(); tickets = c.Tickets; return nil })
			s.Close()
			swept := fileSize(b, path)
			res, err := ticketstore.CompactInPlace(path)
			if err != nil {
				b.Fatal(err)
			}
			sp, err := space(path)
			if err != nil {
				b.Fatal(err)
			}
			var t strings.Builder
			sp.WriteTable(&t, tickets)
			per := func(n int64) float64 { return float64(n) / float64(tickets) }
			b.Logf("%s: %d tickets; built %.0f B/ticket; keep_sent dropped %d bodies, file %.0f B/ticket; compacted %.0f B/ticket in %v\n%s",
				c.name, tickets, per(built), dropped, per(swept), per(res.After), res.Elapsed.Round(time.Millisecond), t.String())
			b.ReportMetric(per(built), "built-B/ticket")
			b.ReportMetric(per(res.After), "B/ticket")
		})
	}
}
