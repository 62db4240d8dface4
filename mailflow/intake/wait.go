package intake

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"
)

// wait returns when the mailbox should be scanned again: new mail announced during IDLE, a
// Poke, the safety poll (or the poll interval without IDLE), or ctx done (nil error).
func (in *Intake) wait(ctx context.Context, c *imapclient.Client, useIdle bool) error {
	if !useIdle {
		t := time.NewTimer(in.cfg.PollInterval)
		defer t.Stop()
		select {
		case <-ctx.Done():
		case <-in.poke:
		case <-t.C:
		case <-c.Closed():
			return errors.New("connection closed by server")
		}
		return nil
	}

	safety := time.NewTimer(in.cfg.SafetyPoll)
	defer safety.Stop()
	for {
		restart, err := in.idleOnce(ctx, c, safety.C)
		if err != nil || !restart {
			return err
		}
	}
}

// idleOnce runs one IDLE command for at most idleRestart. restart reports that it ended only
// because of that limit.
func (in *Intake) idleOnce(ctx context.Context, c *imapclient.Client, safety <-chan time.Time) (restart bool, err error) {
	cmd, err := c.Idle()
	if err != nil {
		return false, fmt.Errorf("idle: %w", err)
	}
	in.update(func(s *Status) { s.Idle = true })
	defer in.update(func(s *Status) { s.Idle = false })

	limit := time.NewTimer(idleRestart)
	defer limit.Stop()
	closed := false
	select {
	case <-ctx.Done():
	case <-in.exists:
	case <-in.poke:
	case <-safety:
	case <-limit.C:
		restart = true
	case <-c.Closed():
		closed = true
	}
	if err := cmd.Close(); err != nil {
		return false, fmt.Errorf("stop idle: %w", err)
	}
	if err := cmd.Wait(); err != nil {
		return false, fmt.Errorf("idle: %w", err)
	}
	if closed {
		return false, errors.New("connection closed by server")
	}
	return restart, nil
}
