package reports

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"helpdesk/billing/pdf"
)

// benchWorld freezes one report of n entries of K-1001's head office over 12 tickets.
func benchWorld(b *testing.B, n int) *View {
	t := &testing.T{}
	w := newWorld(t)
	w.t = t
	var tickets []string
	for i := range 12 {
		tickets = append(tickets, w.ticket("C-0002", fmt.Sprintf("Störung Nr. %d: Arbeitsplätze im Obergeschoss", i+1), "2026-12-01"))
	}
	for i := range n {
		reason := ""
		if i%5 == 4 {
			reason = "Kulanz"
		}
		trips := 0
		if i%9 == 0 {
			trips = 1
		}
		w.entry(tickets[i*12/n], []string{"j.weiss", "a.krueger"}[i%2], fmt.Sprintf("2026-12-%02d", 1+i%28), 10+i%50,
			fmt.Sprintf("Arbeitsschritt %d: Diagnose und Behebung", i+1), reason, trips, 0)
	}
	cs := w.create("K-1001", "2027-01-04")
	if len(cs) != 1 {
		b.Fatalf("%d reports", len(cs))
	}
	v, err := NewView(cs[0].Report, w.dir, sender(), cet)
	if err != nil {
		b.Fatal(err)
	}
	return v
}

// BenchmarkReport200 renders a frozen report of 200 entries from its record to PDF bytes (the
// view, the layout, the PDF), on every core at once as a monthly report run would. It reports
// reports per second of wall time, the pages, and the process's peak resident memory (VmHWM).
func BenchmarkReport200(b *testing.B) {
	v := benchWorld(b, 200)
	first, err := pdf.Bytes(v.PDF())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	start, cpu0 := time.Now(), cpuTime()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := pdf.Bytes(v.PDF()); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "reports/s")
	// The machines are shared: CPU time per report says what one costs; reports per second on
	// two idle cores = 2 × 1000 / cpu-ms/op.
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(strings.Count(string(first), "/Type /Page\n")+strings.Count(string(first), "/Type /Page ")), "pages")
	b.ReportMetric(float64(peakRSS())/(1<<20), "peak-MiB")
	b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "procs")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSS is the process's peak resident set (VmHWM), 0 where /proc is missing.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}
