package stress

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"helpdesk/daemon"
)

const (
	crashKills = 8  // SIGKILLs, each while the daemon ingests; crashWave mails per round
	crashBatch = 50 // imap.batch_size: several commits per wave, so kills land between them
)

// seed returns HELPDESK_STRESS_SEED or a new seed.
func seed(t testing.TB) uint64 {
	if s := os.Getenv("HELPDESK_STRESS_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("HELPDESK_STRESS_SEED=%q: %v", s, err)
		}
		return v
	}
	return uint64(time.Now().UnixNano())
}

// randDuration returns a duration in [0, d) from rng.
func randDuration(rng *rand.Rand, d time.Duration) time.Duration {
	return time.Duration(rng.Int64N(int64(d)))
}

// TestCrashNoLossNoDuplicates kills the daemon with SIGKILL at random moments while it ingests
// and checks that nothing is lost or processed twice: every delivered mail is exactly one
// ticket and sits in Processed, and its confirmation reached the relay, at most once more per
// kill (a kill between the relay's 250 and the outbox's record of it resends).
func TestCrashNoLossNoDuplicates(t *testing.T) {
	begin := time.Now()
	sd := seed(t)
	t.Logf("seed %d (HELPDESK_STRESS_SEED=%d repeats the kill schedule)", sd, sd)
	rng := rand.New(rand.NewPCG(sd, 0x5eed))

	r := newRig(t)
	spec := r.spec("crash", r.config(r.dataDir, crashBatch))
	// Retries within the test's time: a kill can leave the relay with a half-sent mail.
	spec.OutboxBackoff = 250 * time.Millisecond

	delivered := make(map[string]string) // Message-ID -> sender
	next := 0
	deliver := func(n int) {
		t.Helper()
		ms := incidents("crash", next, n)
		next += n
		if err := r.dc.DeliverMaildir(supportUser, raws(ms)); err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			delivered[m.MessageID] = m.From
		}
	}

	for k := 1; k <= crashKills; k++ {
		// Part of the wave waits in the INBOX at start; the rest arrives while the daemon runs.
		deliver(crashWave / 2)
		delay := 50*time.Millisecond + randDuration(rng, 550*time.Millisecond)
		split := randDuration(rng, delay)
		c := r.start(spec)
		time.Sleep(split)
		deliver(crashWave - crashWave/2)
		time.Sleep(time.Until(c.started.Add(delay)))
		if c.exited() {
			t.Fatalf("kill %d: child daemon exited by itself: %v\n%s", k, c.err, c.logTail(30))
		}
		c.kill()
		cnt, err := r.counts()
		if err != nil {
			t.Fatal(err)
		}
		relayed := r.relay.Messages()
		ans, err := answered(relayed)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("kill %d at %v after start: delivered %d, INBOX %d, Processed %d, confirmations at the relay %d (%d duplicates so far)",
			k, delay.Round(time.Millisecond), len(delivered), cnt["INBOX"], cnt[processedFolder], len(relayed), len(relayed)-len(ans))
	}

	c := r.start(spec)
	deliver(crashWave) // the last wave reaches a running daemon through IDLE
	total := len(delivered)
	c.waitFor("INBOX empty, all tickets confirmed", 2*time.Minute, 100*time.Millisecond, func() (bool, error) {
		cnt, err := r.counts()
		if err != nil || cnt["INBOX"] != 0 || cnt[processedFolder]+cnt[setAsideFolder] < total {
			return false, err
		}
		st, err := c.status()
		return err == nil && st.OutboxPending == 0 && st.Tickets >= total, err
	})
	c.stop()
	t.Logf("%d mails, %d kills, all processed %v after the first delivery",
		total, crashKills, time.Since(begin).Round(time.Millisecond))

	checkLogs(t, spec.LogFile)
	checkStore(t, filepath.Join(r.dataDir, daemon.StoreFile), delivered)
	checkMailbox(t, r, delivered)
	checkConfirmations(t, r, delivered, crashKills)
}
