package outbox

import (
	"context"
	"sync"
	"time"
)

// gate pauses delivery while the relay fails every mail alike (it refuses our sender or our
// authentication, or cannot be reached): failing mail after mail would only fill the log and
// hide the cause. A pause lasts Backoff(n) plus jitter for the n-th pause in a row; after it one
// mail probes while the other connections wait, and the first mail that gets past MAIL FROM
// opens the gate again.
type gate struct {
	now func() time.Time

	mu      sync.Mutex
	pauses  int       // pauses in a row; 0: open
	until   time.Time // no mail starts before this
	probing bool      // after the pause, a probe is out
	changed chan struct{}
}

func newGate(now func() time.Time) *gate {
	return &gate{now: now, changed: make(chan struct{})}
}

// broadcast wakes everyone waiting in enter; mu must be held.
func (g *gate) broadcast() {
	close(g.changed)
	g.changed = make(chan struct{})
}

// enter waits until a mail may be delivered. probe says this mail is the one probing after a
// pause: its caller must report with pause, open or leave. ok is false when ctx ended first.
func (g *gate) enter(ctx context.Context) (probe, ok bool) {
	for {
		g.mu.Lock()
		ch := g.changed
		var wait time.Duration
		switch {
		case g.pauses == 0:
			g.mu.Unlock()
			return false, true
		case g.now().Before(g.until):
			wait = g.until.Sub(g.now())
		case !g.probing:
			g.probing = true
			g.mu.Unlock()
			return true, true
		}
		g.mu.Unlock()
		var timer *time.Timer
		var fired <-chan time.Time
		if wait > 0 {
			timer = time.NewTimer(wait)
			fired = timer.C
		}
		done := false
		select {
		case <-ctx.Done():
			done = true
		case <-ch:
		case <-fired:
		}
		if timer != nil {
			timer.Stop()
		}
		if done {
			return false, false
		}
	}
}

// pause closes the gate for d after a failure every mail would share and returns until when.
// started is false when another connection's failure already paused it: the pause is not
// counted twice, and the cause needs no second log line.
func (g *gate) pause(d func(pauses int) time.Duration) (until time.Time, started bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	if now.Before(g.until) {
		return g.until, false
	}
	g.pauses++
	g.until = now.Add(d(g.pauses))
	g.probing = false
	g.broadcast()
	return g.until, true
}

// open reports that the relay took a mail's MAIL FROM (or gave it an answer about the mail
// itself). resumed is true when the gate was closed until now.
func (g *gate) open() (resumed bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.pauses == 0 {
		return false
	}
	g.pauses, g.until, g.probing = 0, time.Time{}, false
	g.broadcast()
	return true
}

// leave reports that a probe ended without telling anything (shutdown, a bad envelope): the
// next mail probes instead.
func (g *gate) leave(probe bool) {
	if !probe {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.probing = false
	g.broadcast()
}
