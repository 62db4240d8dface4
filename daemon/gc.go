package daemon

import (
	"os"
	"runtime/debug"
)

// The garbage collector's settings for a serving daemon, unless the operator set GOGC or
// GOMEMLIMIT (Go's own knobs, which then win).
//
// Go's default (GOGC=100) collects each time the heap doubles over what is live. The daemon's
// live heap is small (a few MiB: the intake holds two batches, big mails are spooled to disk),
// so at 100 the collector ran for about 18% of the intake's CPU. At 200 it runs half as often:
// BenchmarkHandle is about 15% faster. The soft limit keeps the trade bounded: near it the
// collector works harder again, so the heap stays well under the 64 MiB the daemon promises
// with a 25 MiB attachment in flight.
const (
	gcPercent   = 200
	memoryLimit = 40 << 20
)

// tuneGC applies gcPercent and memoryLimit where the environment does not say otherwise.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}
