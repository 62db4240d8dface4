package intake

import (
	"testing"
	"time"
)

func TestBackoffGrowsWithJitterAndResets(t *testing.T) {
	b := backoff{min: 100 * time.Millisecond, max: time.Second}
	ceilings := []time.Duration{100, 200, 400, 800, 1000, 1000}
	for round := 0; round < 2; round++ {
		for i, c := range ceilings {
			ceil := c * time.Millisecond
			if got := b.next(); got < ceil/2 || got > ceil {
				t.Errorf("round %d: next() #%d = %v, want in [%v, %v]", round, i+1, got, ceil/2, ceil)
			}
		}
		b.reset()
	}
}

func TestConfigDefaults(t *testing.T) {
	got := Config{MinBackoff: time.Minute, MaxBackoff: time.Second}.withDefaults()
	if got.Security != SecurityTLS || got.Mailbox != "INBOX" || got.BatchSize != 200 ||
		got.PollInterval != 30*time.Second || got.SafetyPoll != 5*time.Minute || got.SpoolDir == "" {
		t.Errorf("withDefaults() = %+v, want tls, INBOX, 200, 30s, 5m and a spool dir", got)
	}
	if got.MaxBackoff != time.Minute {
		t.Errorf("MaxBackoff below MinBackoff: got %v, want raised to %v", got.MaxBackoff, time.Minute)
	}
}
