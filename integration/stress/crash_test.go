package stress

import (
	"fmt"
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
// and delivers confirmations, and checks that nothing is lost or processed twice: every
// delivered mail is exactly one ticket and sits in Processed, and its confirmation reached the
// relay. A kill between the relay's 250 and the commit of that result resends the mail: with
// the default outbox.serial_accept only one mail in all is ever in that window, so a run's
// duplicate confirmations are at most its kills; without it, one per connection, so at most
// kills × connections.
func TestCrashNoLossNoDuplicates(t *testing.T) {
	for _, tc := range []struct {
		conns  int
		serial bool
	}{{4, true}, {4, false}} {
		t.Run(fmt.Sprintf("connections=%d,serial_accept=%v", tc.conns, tc.serial), func(t *testing.T) {
			crashRun(t, tc.conns, tc.serial)
		})
	}
}

func crashRun(t *testing.T, conns int, serial bool) {
	begin := time.Now()
	sd := seed(t)
	t.Logf("seed %d (HELPDESK_STRESS_SEED=%d repeats the kill schedule)", sd, sd)
	rng := rand.New(rand.NewPCG(sd, 0x5eed))

	r := newRig(t)
	cfg := r.config(r.dataDir, crashBatch)
	cfg.Outbox.Connections, cfg.Outbox.SerialAccept = conns, serial
	spec := r.spec("crash", cfg)
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
		relayedBefore := len(r.relay.Messages())
		c := r.start(spec)
		time.Sleep(randDuration(rng, 300*time.Millisecond))
		deliver(crashWave - crashWave/2)
		// Kill while the outbox delivers (the intake is still at the wave then): once this
		// daemon's first confirmation reached the relay, after a random further while.
		c.waitFor("the outbox to deliver", time.Minute, 2*time.Millisecond, func() (bool, error) {
			return len(r.relay.Messages()) > relayedBefore, nil
		})
		delay := randDuration(rng, 200*time.Millisecond)
		time.Sleep(delay)
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
		t.Logf("kill %d %v after the first confirmation (%v after start): delivered %d, INBOX %d, Processed %d, confirmations at the relay %d (%d duplicates so far)",
			k, delay.Round(time.Millisecond), time.Since(c.started).Round(time.Millisecond), len(delivered), cnt["INBOX"], cnt[processedFolder], len(relayed), len(relayed)-len(ans))
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
	perKill := conns // mails that one kill can resend
	if serial {
		perKill = 1
	}
	dups := checkConfirmations(t, r, delivered, crashKills, perKill)
	if n := r.relay.Stats().DuplicateHelo; n != 0 {
		t.Errorf("the relay refused %d second EHLOs, want none sent", n)
	}
	t.Logf("RESULT connections=%d serial_accept=%v kills=%d duplicate-confirmations=%d bound=%d within-kills=%v",
		conns, serial, crashKills, dups, crashKills*perKill, dups <= crashKills)
}
