package daemon

import (
	"context"
	"fmt"
	"strconv"

	"helpdesk/ticketstore"
)

func setAsideView(s *ticketstore.SetAside) SetAsideView {
	return SetAsideView{ID: s.ID, From: s.From, Subject: s.Subject, ReasonCode: s.ReasonCode,
		Reason: s.Reason, Received: s.Received, Ticket: s.Ticket, Released: s.Released}
}

// setAsideList streams set-aside mail not yet released (all with All): oldest first; or,
// limited or from a cursor (a set-aside ID), newest first.
func (d *Desk) setAsideList(ctx context.Context, a SetAsideListArgs, emit func(SetAsideView) error) (Page, error) {
	f := ticketstore.SetAsideFilter{All: a.All, Desc: a.paged()}
	if a.Before != "" {
		id, err := strconv.ParseUint(a.Before, 10, 64)
		if err != nil || id == 0 {
			return Page{}, fmt.Errorf("cursor %q: want a set-aside ID", a.Before)
		}
		f.Before = id
	}
	p := &pager[SetAsideView]{limit: a.Limit, emit: emit, cursor: func(v SetAsideView) string { return strconv.FormatUint(v.ID, 10) }}
	for {
		if err := ctx.Err(); err != nil {
			return Page{}, err
		}
		f.Limit = p.chunkSize()
		var chunk []ticketstore.SetAside
		if err := d.Store.View(func(tx *ticketstore.Tx) error {
			var err error
			chunk, err = tx.SetAsideRecords(f)
			return err
		}); err != nil {
			return Page{}, err
		}
		for i := range chunk {
			if stop, err := p.push(setAsideView(&chunk[i])); stop {
				return p.page(), err
			}
			if f.Desc {
				f.Before = chunk[i].ID
			} else {
				f.After = chunk[i].ID
			}
		}
		if len(chunk) < f.Limit {
			return p.page(), nil
		}
	}
}

func (d *Desk) setAsideRelease(ctx context.Context, a IDArgs) (ReleaseResult, error) {
	dec, err := d.Proc.Release(ctx, a.ID)
	if err != nil {
		return ReleaseResult{}, notFound(err)
	}
	return ReleaseResult{ID: a.ID, Verdict: string(dec.Verdict), Ticket: dec.Ticket}, nil
}
