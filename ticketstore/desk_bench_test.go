package ticketstore_test

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"helpdesk/internal/deskgen"
	"helpdesk/ticketstore"
)

// The Desk benchmarks run against the ten-year desk of internal/deskgen (100,000 tickets,
// 1,000,000 raw mails, ~2 GB), built once per run in a temporary directory (about a minute)
// or kept in HELPDESK_DESK_DIR between runs. HELPDESK_DESK_SCALE scales it (0.1: a tenth), to
// show which figures grow with the store. For example:
//
//	HELPDESK_DESK_DIR=/var/tmp/desk go test -run '^$' -bench Desk -benchtime 20x ./ticketstore/

var (
	deskOnce sync.Once
	deskPath string
	deskErr  error
	deskTmp  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if deskTmp != "" {
		os.RemoveAll(deskTmp)
	}
	os.Exit(code)
}

func deskSpec(b *testing.B) deskgen.Spec {
	s := deskgen.TenYears()
	if v := os.Getenv("HELPDESK_DESK_SCALE"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f <= 0 {
			b.Fatalf("HELPDESK_DESK_SCALE=%q: want a positive number", v)
		}
		s = s.Scaled(f)
	}
	return s
}

// openDesk opens the desk, building it first if needed.
func openDesk(b *testing.B) *ticketstore.Store {
	b.Helper()
	deskOnce.Do(func() {
		dir := os.Getenv("HELPDESK_DESK_DIR")
		if dir == "" {
			if deskTmp, deskErr = os.MkdirTemp("", "helpdesk-desk-"); deskErr != nil {
				return
			}
			dir = deskTmp
		} else if deskErr = os.MkdirAll(dir, 0o755); deskErr != nil {
			return
		}
		start := time.Now()
		deskPath, deskErr = deskgen.Ensure(dir, deskSpec(b))
		b.Logf("desk %s ready in %v", deskPath, time.Since(start).Round(time.Millisecond))
	})
	if deskErr != nil {
		b.Fatalf("desk: %v", deskErr)
	}
	s, err := ticketstore.Open(deskPath, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkDeskSize reports the file size per ticket and the share of each bucket.
func BenchmarkDeskSize(b *testing.B) {
	s := openDesk(b)
	var sp ticketstore.Space
	var c ticketstore.Counts
	for b.Loop() {
		var err error
		if sp, err = s.SpaceReport(); err != nil {
			b.Fatal(err)
		}
	}
	s.View(func(tx *ticketstore.Tx) error { c, _ = tx.Counts(); return nil })
	var tbl strings.Builder
	sp.WriteTable(&tbl, c.Tickets)
	b.Logf("%d tickets:\n%s", c.Tickets, tbl.String())
	b.ReportMetric(float64(sp.File)/float64(c.Tickets), "file-B/ticket")
	b.ReportMetric(float64(sp.File)/1e6, "file-MB")
}

// BenchmarkDeskOpen is the store's part of a restart: open (schema check, no migration) and
// close, the file in the page cache.
func BenchmarkDeskOpen(b *testing.B) {
	openDesk(b).Close()
	for b.Loop() {
		s, err := ticketstore.Open(deskPath, nil)
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/open")
}

// BenchmarkDeskCounts is what status needs: the totals.
func BenchmarkDeskCounts(b *testing.B) {
	s := openDesk(b)
	b.ReportAllocs()
	for b.Loop() {
		err := s.View(func(tx *ticketstore.Tx) error {
			_, err := tx.Counts()
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/op")
}

// BenchmarkDeskList runs the lists of the product, one page of 20 each, and counts how many
// tickets each page returned (to catch an empty page measuring nothing).
func BenchmarkDeskList(b *testing.B) {
	s := openDesk(b)
	var page2 uint64
	s.View(func(tx *ticketstore.Tx) error {
		ts, _ := tx.Tickets(ticketstore.TicketFilter{Desc: true, Limit: 20})
		page2 = ts[len(ts)-1].Seq
		return nil
	})
	open := []ticketstore.Status{ticketstore.StatusNew, ticketstore.StatusInProgress, ticketstore.StatusWaiting}
	big, small := deskgen.Customer(0), deskgen.Customer(199) // the largest and the smallest customer
	for _, bc := range []struct {
		name string
		f    ticketstore.TicketFilter
	}{
		{"newest", ticketstore.TicketFilter{Desc: true, Limit: 20}},
		{"newest-page2", ticketstore.TicketFilter{Desc: true, Limit: 20, Before: page2}},
		{"status-new", ticketstore.TicketFilter{Status: []ticketstore.Status{ticketstore.StatusNew}, Desc: true, Limit: 20}},
		{"open", ticketstore.TicketFilter{Status: open, Desc: true, Limit: 20}},
		{"customer-big", ticketstore.TicketFilter{Customer: big, Desc: true, Limit: 20}},
		{"customer-small", ticketstore.TicketFilter{Customer: small, Desc: true, Limit: 20}},
		{"customer-big-open", ticketstore.TicketFilter{Customer: big, Status: open, Desc: true, Limit: 20}},
		{"assignee-open", ticketstore.TicketFilter{Assignee: deskgen.Tech(0), Status: open, Desc: true, Limit: 20}},
		{"unassigned-new", ticketstore.TicketFilter{Unassigned: true, Status: []ticketstore.Status{ticketstore.StatusNew}, Desc: true, Limit: 20}},
		{"updated", ticketstore.TicketFilter{ByUpdated: true, Desc: true, Limit: 20}},
		{"updated-customer-small", ticketstore.TicketFilter{ByUpdated: true, Customer: small, Desc: true, Limit: 20}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				n = 0
				err := s.View(func(tx *ticketstore.Tx) error {
					return tx.EachTicket(bc.f, func(*ticketstore.Ticket) error { n++; return nil })
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			if n == 0 {
				b.Fatalf("%+v listed nothing", bc.f)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
			b.ReportMetric(float64(n), "tickets")
		})
	}
}

// BenchmarkDeskCountTickets counts a two-condition filter, the worst the indexes answer:
// walking one index with a lookup in the other per entry.
func BenchmarkDeskCountTickets(b *testing.B) {
	s := openDesk(b)
	f := ticketstore.TicketFilter{Customer: deskgen.Customer(0), Status: []ticketstore.Status{ticketstore.StatusClosed}}
	n := 0
	for b.Loop() {
		s.View(func(tx *ticketstore.Tx) error {
			var err error
			n, err = tx.CountTickets(f)
			return err
		})
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
	b.ReportMetric(float64(n), "tickets")
}

// BenchmarkDeskSetAsideOpen lists the newest 20 set-aside mails not released.
func BenchmarkDeskSetAsideOpen(b *testing.B) {
	s := openDesk(b)
	b.ReportAllocs()
	for b.Loop() {
		s.View(func(tx *ticketstore.Tx) error {
			return tx.EachSetAside(ticketstore.SetAsideFilter{Desc: true, Limit: 20}, func(*ticketstore.SetAside) error { return nil })
		})
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}

// BenchmarkDeskWalkAll streams every ticket, as a full `ticket list --json` does. The heap
// is sampled every 10,000 tickets: its peak above the heap before the walk must stay flat
// when the store grows (compare HELPDESK_DESK_SCALE=0.1), while bytes allocated in all grow
// with it (garbage, one ticket at a time).
func BenchmarkDeskWalkAll(b *testing.B) {
	s := openDesk(b)
	b.ReportAllocs()
	var ms runtime.MemStats
	var peak uint64
	n := 0
	for b.Loop() {
		runtime.GC()
		runtime.ReadMemStats(&ms)
		base := ms.HeapAlloc
		n = 0
		err := s.View(func(tx *ticketstore.Tx) error {
			return tx.EachTicket(ticketstore.TicketFilter{}, func(t *ticketstore.Ticket) error {
				if n++; n%10000 == 0 {
					runtime.ReadMemStats(&ms)
					if ms.HeapAlloc > base {
						peak = max(peak, ms.HeapAlloc-base)
					}
				}
				return nil
			})
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
	b.ReportMetric(float64(n), "tickets")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}

// BenchmarkDeskOutbox lists outgoing mail by state through the state index: a page of the
// newest failed mails, every pending one, and a page of all states merged.
func BenchmarkDeskOutbox(b *testing.B) {
	s := openDesk(b)
	for _, bc := range []struct {
		name string
		f    ticketstore.OutboxFilter
	}{
		{"failed-newest-20", ticketstore.OutboxFilter{States: []ticketstore.OutboxState{ticketstore.OutboxFailed}, Desc: true, Limit: 20}},
		{"pending-all", ticketstore.OutboxFilter{States: []ticketstore.OutboxState{ticketstore.OutboxPending}}},
		{"all-states-newest-20", ticketstore.OutboxFilter{States: []ticketstore.OutboxState{ticketstore.OutboxPending, ticketstore.OutboxFailed, ticketstore.OutboxSent}, Desc: true, Limit: 20}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				err := s.View(func(tx *ticketstore.Tx) error {
					ms, err := tx.OutboxMails(bc.f)
					n = len(ms)
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			if n == 0 {
				b.Fatalf("%+v listed nothing", bc.f)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
			b.ReportMetric(float64(n), "mails")
		})
	}
}
