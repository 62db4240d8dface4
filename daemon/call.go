package daemon

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rs/zerolog"

	"helpdesk/config"
	"helpdesk/control"
	"helpdesk/ticketstore"
)

// offlineLockWait is how long a command run without the daemon waits for the store's lock.
const offlineLockWait = 2 * time.Second

// Call runs op with a: through the control socket of the running daemon, or, when none runs,
// on the store opened in this process and served over an in-process pipe, so requests,
// answers and errors are the same either way. Without a daemon a missing store is an error
// wrapping ErrNoStore, and nothing is created.
func Call[A, R any](ctx context.Context, cfg *config.Config, log zerolog.Logger, op control.Op[A, R], a A) (R, error) {
	var r R
	err := withClient(ctx, cfg, log, op.Name, op.Writes, func(c *control.Client) error {
		var err error
		r, err = control.Invoke(ctx, c, op, a)
		return err
	})
	return r, err
}

// Stream runs a streaming op like Call, passing each item to each as it arrives.
func Stream[A, I, T any](ctx context.Context, cfg *config.Config, log zerolog.Logger, op control.StreamOp[A, I, T], a A, each func(I) error) (T, error) {
	var t T
	err := withClient(ctx, cfg, log, op.Name, op.Writes, func(c *control.Client) error {
		var err error
		t, err = control.InvokeStream(ctx, c, op, a, each)
		return err
	})
	return t, err
}

// creating are the operations that, run without a daemon, may create the store: importing a
// directory is how a new desk is set up.
var creating = map[string]bool{DirectoryImport.Name: true}

func withClient(ctx context.Context, cfg *config.Config, log zerolog.Logger, op string, writes bool, fn func(*control.Client) error) error {
	c, err := control.Dial(ctx, cfg.ControlSocket())
	if err == nil {
		defer c.Close()
		return fn(c)
	}
	if !errors.Is(err, control.ErrNotRunning) {
		return err
	}
	mode := ReadOnly
	switch {
	case creating[op]:
		mode = Create
	case writes:
		mode = Existing
	}
	d, err := Open(cfg, log, mode, offlineLockWait)
	if err != nil {
		if errors.Is(err, ticketstore.ErrLocked) {
			return fmt.Errorf("the store is held by a daemon whose control socket %s does not answer: %w", cfg.ControlSocket(), err)
		}
		return err
	}
	defer d.Close()
	pc := control.Pipe(ctx, log, d.Bindings()...)
	defer pc.Close()
	return fn(pc)
}
