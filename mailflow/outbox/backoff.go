package outbox

import (
	"math/rand/v2"
	"time"
)

// Backoff returns the wait after failed attempt number attempt (1 for the first attempt):
// 1: 30s, 2: 1m, 3: 2m, 4: 5m, 5: 10m, 6: 30m, 7 and later: 1h. Attempts below 1 count as 1.
// With the default 12 attempts the last one happens about 5h50m after the first, so GiveUpAfter
// (72h) only matters with a larger MaxAttempts (about 80 reach it). The Sender adds up to 10% jitter.
func Backoff(attempt int) time.Duration {
	switch {
	case attempt <= 1:
		return 30 * time.Second
	case attempt == 2:
		return time.Minute
	case attempt == 3:
		return 2 * time.Minute
	case attempt == 4:
		return 5 * time.Minute
	case attempt == 5:
		return 10 * time.Minute
	case attempt == 6:
		return 30 * time.Minute
	default:
		return time.Hour
	}
}

// addJitter returns d plus a random 0..10% of d, so mails failing together do not retry in lockstep.
func addJitter(d time.Duration) time.Duration {
	if d/10 <= 0 {
		return d
	}
	return d + rand.N(d/10+1)
}
