package pdf

import (
	"io"
	"syscall"
	"testing"
	"time"
)

// The benchmarks also report the process's CPU time per report ("cpu-ms/op"): the machines are
// shared, and wall time under load says little about what one report costs. Reports per
// second on an idle core = 1000 / cpu-ms/op.

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func benchRender(b *testing.B, r *Report, parallel bool) {
	if _, err := Bytes(r); err != nil { // parse the fonts outside the timing, as a daemon would
		b.Fatal(err)
	}
	pdf, _ := Bytes(r)
	b.SetBytes(int64(len(pdf)))
	b.ReportAllocs()
	start := cpuTime()
	n := 0
	if parallel {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := Render(io.Discard, r); err != nil {
					b.Error(err)
					return
				}
			}
		})
		n = b.N
	} else {
		for b.Loop() {
			if err := Render(io.Discard, r); err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(n), "cpu-ms/op")
	b.ReportMetric(float64(len(pdf))/1024, "KiB")
}

// BenchmarkRender200 renders a report of 200 entries (7 pages), one after the other.
func BenchmarkRender200(b *testing.B) { benchRender(b, longReport(200), false) }

// BenchmarkRender200Parallel renders on every core at once, as a monthly report run would.
func BenchmarkRender200Parallel(b *testing.B) { benchRender(b, longReport(200), true) }

// BenchmarkRenderSmall is the typical monthly report: four entries, one page.
func BenchmarkRenderSmall(b *testing.B) { benchRender(b, cooperationReport(), false) }
