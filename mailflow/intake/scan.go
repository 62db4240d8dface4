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

// fetchedBatch is one batch on its way from the fetcher to the handler.
type fetchedBatch struct {
	mails []*Fetched
	err   error
}

// scan hands over every mail in the mailbox that is not \Deleted and not already handed over
// and left in place, in ascending UID order, BatchSize UIDs at a time.
//
// It is a pipeline over the one connection (the client pipelines commands): a fetcher
// goroutine fetches the next batch while the current one is handled, so the server works
// while we parse and commit; and committed mails are moved in UID sets spanning several
// batches (up to MoveBatch), moved while later batches are fetched and handled. Every mail is
// still moved only after its own commit. Memory: at most two batches are held at a time.
func (in *Intake) scan(ctx context.Context, c *imapclient.Client, caps imap.CapSet) error {
	uids, err := in.search(c)
	if err != nil || len(uids) == 0 {
		return err
	}
	batches := make(chan fetchedBatch, 1)
	stop := make(chan struct{})
	go in.fetchAhead(c, uids, batches, stop)
	defer func() {
		close(stop)
		for b := range batches { // the fetcher's last batch, not handed over
			in.release(b.mails)
		}
	}()

	mv := mover{in: in, c: c, caps: caps}
	for b := range batches {
		if b.err != nil {
			in.release(b.mails)
			if merr := mv.finish(); merr != nil {
				in.log.Warn().Err(merr).Msg("move of committed mail failed")
			}
			return b.err
		}
		if ctx.Err() != nil {
			in.release(b.mails)
			return mv.finish()
		}
		dest, err := in.handle(ctx, b.mails)
		in.release(b.mails)
		if err != nil {
			if merr := mv.finish(); merr != nil {
				in.log.Warn().Err(merr).Msg("move of committed mail failed")
			}
			return &handleError{err: err}
		}
		in.handleBackoff.reset()
		mv.add(b.mails, dest)
		if mv.pending >= in.cfg.MoveBatch {
			if err := mv.flush(); err != nil {
				return err
			}
		}
	}
	return mv.finish()
}

// fetchAhead fetches uids in batches into out, one batch ahead of the handler, until all are
// fetched, a fetch fails (its error is the last item) or stop is closed. It closes out.
func (in *Intake) fetchAhead(c *imapclient.Client, uids []imap.UID, out chan<- fetchedBatch, stop <-chan struct{}) {
	defer close(out)
	for start := 0; start < len(uids); start += in.cfg.BatchSize {
		select {
		case <-stop:
			return
		default:
		}
		chunk := uids[start:min(start+in.cfg.BatchSize, len(uids))]
		mails, err := in.fetch(c, chunk)
		if len(mails) == 0 && err == nil {
			continue
		}
		select {
		case out <- fetchedBatch{mails: mails, err: err}:
		case <-stop:
			in.release(mails)
			return
		}
		if err != nil {
			return
		}
	}
}

func (in *Intake) release(batch []*Fetched) {
	if err := releaseAll(batch); err != nil {
		in.log.Warn().Err(err).Msg("spool cleanup")
	}
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
