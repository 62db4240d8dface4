package daemon

import (
	"context"
	"fmt"
	"time"

	"github.com/rs/zerolog"

	"helpdesk/ticketstore"
)

// The keep_sent sweep: the bytes of sent mails are kept [outbox] keep_sent after they were
// sent, then dropped, and only the record stays. It runs once when Serve starts and then
// every sweepEvery. It finds its work through the store's sent-time index, so a sweep with
// nothing to do reads one key, however large the store, and one with work reads what it
// drops. It writes in transactions of at most sweepChunk mails with a pause between them,
// so the intake's transactions wait at most one short chunk: the first sweep of an old
// store drops years of mail without holding up a new one.
const (
	sweepChunk = 200
	sweepPause = 5 * time.Millisecond
	sweepEvery = time.Hour
)

// now is the desk's clock: Now when set (tests), else the wall clock.
func (d *Desk) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// SweepSent drops the bytes of the mails sent more than keep_sent before now and returns how
// many it dropped. Pending and failed mail is never touched. keep_sent 0 keeps everything.
func (d *Desk) SweepSent(ctx context.Context) (int, error) {
	keep := d.Config.Outbox.KeepSent.Std()
	if keep <= 0 {
		return 0, nil
	}
	now := d.now()
	before := now.Add(-keep)
	total := 0
	for {
		var n int
		var more bool
		err := d.Store.Update(func(tx *ticketstore.Tx) error {
			var err error
			n, more, err = tx.DropSentBodies(before, now, sweepChunk)
			return err
		})
		total += n
		if err != nil {
			return total, fmt.Errorf("keep_sent sweep: %w", err)
		}
		if !more {
			return total, nil
		}
		select {
		case <-ctx.Done():
			return total, ctx.Err()
		case <-time.After(sweepPause):
		}
	}
}

// compactAdvice is the free space past which the sweep advises compaction: bbolt writes the
// list of free pages in every commit, so after the first sweep of an old store (the ten-year
// desk frees 500 MB, 120,000 pages) each commit sorts and writes about a megabyte more than
// it needs: measured, 1,000 new mails took 18 s (54 mails/s) after that sweep and 3 s
// (321/s) after `helpdesk compact`. A daily sweep frees a day's mail, which new records reuse.
const compactAdvice = 64 << 20

// adviseCompact logs a warning when much of the store file is free pages.
func (d *Desk) adviseCompact(log zerolog.Logger) {
	free, file := d.Store.FreeBytes()
	if free < compactAdvice || free < file/4 {
		return
	}
	log.Warn().Int64("free_mb", free>>20).Int64("file_mb", file>>20).
		Msg("much of the store file is free pages now, and every commit lists them: run 'helpdesk compact' while the daemon is stopped")
}

// runSweeper sweeps at once and then every sweepEvery until ctx is done. A failed sweep is
// logged and tried again at the next round: it loses nothing, the bytes only stay longer.
func (d *Desk) runSweeper(ctx context.Context) error {
	log := d.Log.With().Str("component", "retention").Logger()
	for {
		start := time.Now()
		n, err := d.SweepSent(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			log.Error().Err(err).Int("dropped", n).Msg("keep_sent sweep failed")
		case n > 0:
			log.Info().Int("dropped", n).Dur("took", time.Since(start)).
				Str("keep_sent", d.Config.Outbox.KeepSent.String()).Msg("removed the text of old sent mail")
			d.adviseCompact(log)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(sweepEvery):
		}
	}
}
