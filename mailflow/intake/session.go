package intake

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// session runs one connection: dial, LOGIN, create folders, SELECT, then scan and wait until an
// error or ctx is done. It returns nil after a clean shutdown.
func (in *Intake) session(ctx context.Context) error {
	opts := &imapclient.Options{UnilateralDataHandler: &imapclient.UnilateralDataHandler{
		// Runs in the client's reader goroutine: must not block.
		Mailbox: func(d *imapclient.UnilateralDataMailbox) {
			if d.NumMessages != nil {
				signal(in.exists)
			}
		},
	}}
	c, err := dial(ctx, in.cfg, opts)
	if err != nil {
		return err
	}
	defer c.Close()

	// A cancelled session gets shutdownGrace to finish the command in hand and log out;
	// then the connection is closed under it so that no server can hold shutdown up.
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-done:
			return
		case <-ctx.Done():
		}
		t := time.NewTimer(shutdownGrace)
		defer t.Stop()
		select {
		case <-done:
		case <-t.C:
			c.Close()
		}
	}()

	if err := os.MkdirAll(in.cfg.SpoolDir, 0o700); err != nil {
		return fmt.Errorf("spool dir: %w", err)
	}
	if err := in.ensureFolders(c); err != nil {
		return err
	}
	if err := in.selectMailbox(c); err != nil {
		return err
	}
	caps := c.Caps()
	useIdle := in.cfg.UseIdle && caps.Has(imap.CapIdle)
	in.log.Info().Uint32("uidvalidity", in.uidValidity).Bool("idle", useIdle).
		Bool("move", caps.Has(imap.CapMove)).Bool("uidplus", caps.Has(imap.CapUIDPlus)).Msg("imap session ready")

	for {
		err := in.scan(ctx, c, caps)
		var he *handleError
		switch {
		case ctx.Err() != nil:
			return in.logout(c)
		case errors.As(err, &he):
			delay := in.handleBackoff.next()
			in.update(func(s *Status) { s.LastError = err.Error() })
			in.log.Warn().Err(err).Dur("retry_in", delay).Msg("batch not committed; mail stays in the mailbox")
			if !sleep(ctx, delay, in.poke) {
				return in.logout(c)
			}
			continue
		case err != nil:
			return err
		}
		in.connBackoff.reset()
		in.update(func(s *Status) { s.LastSync = time.Now() })

		if err := in.wait(ctx, c, useIdle); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		if ctx.Err() != nil {
			return in.logout(c)
		}
	}
}

// ensureFolders creates the configured folders that do not exist yet.
func (in *Intake) ensureFolders(c *imapclient.Client) error {
	for _, name := range in.cfg.Folders {
		if name == "" || name == in.cfg.Mailbox {
			continue
		}
		err := c.Create(name, nil).Wait()
		if err == nil {
			in.log.Info().Str("folder", name).Msg("created folder")
			continue
		}
		var ie *imap.Error
		if !errors.As(err, &ie) {
			return fmt.Errorf("create folder %q: %w", name, err)
		}
		if ie.Code == imap.ResponseCodeAlreadyExists {
			continue
		}
		// Not every server sends ALREADYEXISTS (RFC 5530): does it exist?
		if _, serr := c.Status(name, &imap.StatusOptions{NumMessages: true}).Wait(); serr == nil {
			continue
		}
		return fmt.Errorf("create folder %q: %w", name, err)
	}
	return nil
}

// selectMailbox selects the intake mailbox and notes its UIDVALIDITY. When it differs from the
// previous session's, earlier UIDs mean nothing any more: the handler dedupes by content.
func (in *Intake) selectMailbox(c *imapclient.Client) error {
	data, err := c.Select(in.cfg.Mailbox, nil).Wait()
	if err != nil {
		return fmt.Errorf("select %q: %w", in.cfg.Mailbox, err)
	}
	if in.uidValidity != 0 && in.uidValidity != data.UIDValidity {
		in.log.Warn().Uint32("old_uidvalidity", in.uidValidity).Uint32("uidvalidity", data.UIDValidity).
			Msg("UIDVALIDITY changed; mail will be handed over again")
		clear(in.leave)
	}
	in.uidValidity = data.UIDValidity
	in.update(func(s *Status) {
		s.Connected = true
		s.UIDValidity = data.UIDValidity
	})
	return nil
}

// logout ends the session politely, bounded by shutdownGrace. Its result is always nil: the
// session is over either way.
func (in *Intake) logout(c *imapclient.Client) error {
	res := make(chan error, 1)
	go func() { res <- c.Logout().Wait() }()
	t := time.NewTimer(shutdownGrace)
	defer t.Stop()
	select {
	case err := <-res:
		if err != nil {
			in.log.Debug().Err(err).Msg("logout")
		}
	case <-t.C:
		in.log.Debug().Msg("logout timed out")
	}
	c.Close()
	return nil
}
