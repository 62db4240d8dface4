package intake

import (
	"math/rand/v2"
	"time"
)

// backoff yields exponentially growing delays between min and max with jitter, so that many
// daemons failing together (a restarted mail server) do not reconnect in lockstep.
type backoff struct {
	min, max time.Duration
	cur      time.Duration
}

// next returns the delay before the next attempt: a random value in [d/2, d] where d doubles
// from min up to max with each call.
func (b *backoff) next() time.Duration {
	switch {
	case b.cur <= 0:
		b.cur = b.min
	case b.cur >= b.max/2:
		b.cur = b.max
	default:
		b.cur *= 2
	}
	half := b.cur / 2
	if half <= 0 {
		return b.cur
	}
	return half + rand.N(b.cur-half+1)
}

// reset starts the next series at min again.
func (b *backoff) reset() { b.cur = 0 }
