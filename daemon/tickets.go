package daemon

import (
	"context"
	"fmt"
	"strings"

	"helpdesk/templates"
	"helpdesk/ticketstore"
)

// streamChunk is how many records one read transaction of a listing reads: a long read
// transaction would hold up the writers' file growth for as long as a slow client reads,
// so a listing takes short transactions and continues from its cursor.
const streamChunk = 256

func summarize(t *ticketstore.Ticket) TicketSummary {
	return TicketSummary{
		Number: t.Number, Status: string(t.Status), Subject: t.Subject, Requester: t.Requester,
		RequesterName: t.RequesterName, Customer: t.Customer, Contact: t.Contact, Assignee: t.Assignee,
		Priority: t.Priority, Tags: t.Tags, Flags: t.Flags, LinkedTo: t.LinkedTo, Created: t.Created,
		Updated: t.Updated, Received: t.Received, Comments: t.Comments,
	}
}

// ticketList streams the tickets: all, oldest first; or, limited or from a cursor (a ticket
// number), newest first with the cursor of the next page.
func (d *Desk) ticketList(ctx context.Context, a TicketListArgs, emit func(TicketSummary) error) (Page, error) {
	f := ticketstore.TicketFilter{Customer: a.Customer, Assignee: a.Assignee, Desc: a.paged()}
	if a.Status != "" {
		st, ok := parseStatus(a.Status)
		if !ok {
			return Page{}, fmt.Errorf("unknown status %q: want one of %s", a.Status, statusNames())
		}
		f.Status = []ticketstore.Status{st}
	}
	if a.Before != "" {
		err := d.Store.View(func(tx *ticketstore.Tx) error {
			var err error
			f.Before, err = tx.TicketSeq(a.Before)
			return err
		})
		if err != nil {
			return Page{}, notFound(fmt.Errorf("cursor: %w", err))
		}
	}
	p := &pager[TicketSummary]{limit: a.Limit, emit: emit, cursor: func(t TicketSummary) string { return t.Number }}
	for {
		if err := ctx.Err(); err != nil {
			return Page{}, err
		}
		f.Limit = p.chunkSize()
		var chunk []ticketstore.Ticket
		if err := d.Store.View(func(tx *ticketstore.Tx) error {
			var err error
			chunk, err = tx.Tickets(f)
			return err
		}); err != nil {
			return Page{}, err
		}
		for i := range chunk {
			if stop, err := p.push(summarize(&chunk[i])); stop {
				return p.page(), err
			}
			if f.Desc {
				f.Before = chunk[i].Seq
			} else {
				f.After = chunk[i].Seq
			}
		}
		if len(chunk) < f.Limit {
			return p.page(), nil
		}
	}
}

func (d *Desk) ticketShow(_ context.Context, a NumberArgs) (TicketDetail, error) {
	var out TicketDetail
	err := d.Store.View(func(tx *ticketstore.Tx) error {
		t, err := tx.Ticket(a.Number)
		if err != nil {
			return notFound(err)
		}
		cs, err := tx.Comments(t.Number)
		if err != nil {
			return err
		}
		out = TicketDetail{TicketSummary: summarize(t), Comments: []CommentView{}}
		for _, c := range cs {
			v := CommentView{Author: c.Author, Kind: string(c.Kind), Body: c.Body, Created: c.Created, MessageID: c.MessageID,
				Flags: c.Flags, Attachments: []AttachmentView{}}
			for _, at := range c.Attachments {
				v.Attachments = append(v.Attachments, AttachmentView{Name: at.Name, ContentType: at.ContentType, Size: at.Size, SHA256: at.SHA256, Inline: at.Inline})
			}
			out.Comments = append(out.Comments, v)
		}
		return nil
	})
	return out, err
}

func (d *Desk) ticketStatus(ctx context.Context, a TicketStatusArgs) (TicketSummary, error) {
	st, ok := parseStatus(a.Status)
	if !ok {
		return TicketSummary{}, fmt.Errorf("unknown status %q: want one of %s", a.Status, statusNames())
	}
	t, err := d.Proc.SetStatus(ctx, a.Number, st, a.Note, a.Author)
	if err != nil {
		return TicketSummary{}, notFound(err)
	}
	return summarize(t), nil
}

// parseStatus accepts the status codes and their German and English words.
func parseStatus(s string) (ticketstore.Status, bool) {
	if st := ticketstore.Status(strings.ToLower(strings.TrimSpace(s))); st.Valid() {
		return st, true
	}
	st, ok := templates.ParseStatus(s)
	return ticketstore.Status(st), ok
}

func statusNames() string {
	var names []string
	for _, s := range ticketstore.Statuses {
		names = append(names, string(s))
	}
	return strings.Join(names, ", ")
}
