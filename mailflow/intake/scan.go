package intake

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// handleError marks a failed Handle call: the batch was not committed and is retried after a
// backoff on the same connection.
type handleError struct{ err error }

func (e *handleError) Error() string { return "handle batch: " + e.err.Error() }
func (e *handleError) Unwrap() error { return e.err }

// scan hands over every mail in the mailbox that is not \Deleted and not already handed over
// and left in place, in ascending UID order, BatchSize UIDs at a time.
func (in *Intake) scan(ctx context.Context, c *imapclient.Client, caps imap.CapSet) error {
	uids, err := in.search(c)
	if err != nil {
		return err
	}
	// The MOVE of one batch runs while the next batch is fetched and committed (the client
	// pipelines commands; both use UIDs). Each mail is still moved only after its own commit.
	var moving chan error
	waitMove := func() error {
		if moving == nil {
			return nil
		}
		err := <-moving
		moving = nil
		return err
	}
	for start := 0; start < len(uids); start += in.cfg.BatchSize {
		if ctx.Err() != nil {
			return waitMove()
		}
		chunk := uids[start:min(start+in.cfg.BatchSize, len(uids))]
		move, err := in.batch(ctx, c, chunk)
		if err != nil {
			if merr := waitMove(); merr != nil {
				in.log.Warn().Err(merr).Msg("move of the previous batch failed")
			}
			return err
		}
		if err := waitMove(); err != nil {
			return err
		}
		if move != nil {
			moving = make(chan error, 1)
			go func() { moving <- move(caps) }()
		}
	}
	return waitMove()
}

// search returns the UIDs to hand over, ascending. It also forgets left-in-place UIDs that are
// no longer in the mailbox.
func (in *Intake) search(c *imapclient.Client) ([]imap.UID, error) {
	data, err := c.UIDSearch(&imap.SearchCriteria{NotFlag: []imap.Flag{imap.FlagDeleted}}, nil).Wait()
	if err != nil {
		return nil, fmt.Errorf("uid search: %w", err)
	}
	set, _ := data.All.(imap.UIDSet)
	all, ok := set.Nums()
	if !ok {
		return nil, errors.New("uid search: server answered with an open-ended UID range")
	}
	present := make(map[imap.UID]struct{}, len(all))
	uids := make([]imap.UID, 0, len(all))
	for _, uid := range all {
		present[uid] = struct{}{}
		if _, left := in.leave[uid]; !left {
			uids = append(uids, uid)
		}
	}
	for uid := range in.leave {
		if _, ok := present[uid]; !ok {
			delete(in.leave, uid)
		}
	}
	slices.Sort(uids)
	return slices.Compact(uids), nil
}

// batch fetches uids, hands them to the Handler and moves what it committed.
// batch fetches and hands over one batch and returns the move of its mails to their folders,
// for the caller to run (nil when there is nothing to move).
func (in *Intake) batch(ctx context.Context, c *imapclient.Client, uids []imap.UID) (move func(imap.CapSet) error, err error) {
	fetched, err := in.fetch(c, uids)
	defer func() {
		if rerr := releaseAll(fetched); rerr != nil {
			in.log.Warn().Err(rerr).Msg("spool cleanup")
		}
	}()
	if err != nil {
		return nil, err
	}
	if len(fetched) == 0 {
		return nil, nil
	}
	dest, err := in.handle(ctx, fetched)
	if err != nil {
		return nil, &handleError{err: err}
	}
	in.handleBackoff.reset()
	return func(caps imap.CapSet) error { return in.moveAll(c, caps, fetched, dest) }, nil
}

// handle calls the Handler, turning a panic into an error so one bad batch cannot kill the
// daemon (it is retried with backoff like any other failure).
func (in *Intake) handle(ctx context.Context, batch []*Fetched) (dest map[imap.UID]string, err error) {
	defer func() {
		if v := recover(); v != nil {
			in.log.Error().Str("stack", string(debug.Stack())).Msgf("handler panic: %v", v)
			dest, err = nil, fmt.Errorf("handler panic: %v", v)
		}
	}()
	return in.h.Handle(ctx, in.uidValidity, batch)
}
