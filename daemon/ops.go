package daemon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"helpdesk/config"
	"helpdesk/control"
	"helpdesk/directory"
	"helpdesk/mailflow"
	"helpdesk/templates"
	"helpdesk/ticketstore"
)

// TicketSummary is a ticket in "ticket list --json". Field names are a contract for scripts.
type TicketSummary struct {
	Number        string    `json:"number"`
	Status        string    `json:"status"`
	Subject       string    `json:"subject"`
	Requester     string    `json:"requester"`
	RequesterName string    `json:"requester_name,omitempty"`
	Customer      string    `json:"customer,omitempty"`
	Contact       string    `json:"contact,omitempty"`
	Priority      string    `json:"priority,omitempty"`
	Tags          []string  `json:"tags,omitempty"`
	Flags         []string  `json:"flags,omitempty"`
	LinkedTo      string    `json:"linked_to,omitempty"`
	Created       time.Time `json:"created"`
	Updated       time.Time `json:"updated"`
	Received      time.Time `json:"received"`
	Comments      int       `json:"comments"` // how many
}

// TicketDetail is "ticket show --json": the summary with the comments themselves.
type TicketDetail struct {
	TicketSummary
	Comments []CommentView `json:"comments"`
}

// CommentView is one comment of TicketDetail.
type CommentView struct {
	Author      string           `json:"author"`
	Kind        string           `json:"kind"`
	Body        string           `json:"body"`
	Created     time.Time        `json:"created"`
	MessageID   string           `json:"message_id,omitempty"`
	Attachments []AttachmentView `json:"attachments"`
}

// AttachmentView is one attachment of a comment.
type AttachmentView struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	Inline      bool   `json:"inline,omitempty"`
}

// OutboxView is a mail in "outbox list --json".
type OutboxView struct {
	ID          uint64    `json:"id"`
	Ticket      string    `json:"ticket,omitempty"`
	Kind        string    `json:"kind"`
	To          []string  `json:"to"`
	Subject     string    `json:"subject"`
	State       string    `json:"state"`
	Attempts    int       `json:"attempts"`
	LastError   string    `json:"last_error"`
	Created     time.Time `json:"created"`
	NextAttempt time.Time `json:"next_attempt,omitzero"`
	Sent        time.Time `json:"sent,omitzero"`
}

// SetAsideView is a record in "setaside list --json".
type SetAsideView struct {
	ID         uint64    `json:"id"`
	From       string    `json:"from"`
	Subject    string    `json:"subject"`
	ReasonCode string    `json:"reason_code"`
	Reason     string    `json:"reason"`
	Received   time.Time `json:"received"`
	Ticket     string    `json:"ticket,omitempty"`
	Released   time.Time `json:"released,omitzero"`
}

// Request arguments of the operations.
type (
	TicketListArgs struct {
		Status   string `json:"status,omitempty"`
		Customer string `json:"customer,omitempty"`
		Limit    int    `json:"limit,omitempty"`
	}
	NumberArgs struct {
		Number string `json:"number"`
	}
	TicketStatusArgs struct {
		Number string `json:"number"`
		Status string `json:"status"`
		Note   string `json:"note,omitempty"`
		Author string `json:"author,omitempty"`
	}
	OutboxListArgs struct {
		State string `json:"state,omitempty"`
	}
	IDArgs struct {
		ID uint64 `json:"id"`
	}
	BackupArgs struct {
		File string `json:"file"` // absolute path, written by the process holding the store
	}
	SetAsideListArgs struct {
		All bool `json:"all,omitempty"`
	}
	ClassifyArgs struct {
		Raw []byte `json:"raw"`
	}
	none struct{}
)

// BackupResult answers "backup".
type BackupResult struct {
	File  string `json:"file"`
	Bytes int64  `json:"bytes"`
}

// ReleaseResult answers "setaside release".
type ReleaseResult struct {
	ID      uint64 `json:"id"`
	Verdict string `json:"verdict"`
	Ticket  string `json:"ticket,omitempty"`
}

// ClassifyResult is one line of "mail classify --json" (File is filled in by the caller).
type ClassifyResult struct {
	File       string `json:"file"`
	Verdict    string `json:"verdict"`
	ReasonCode string `json:"reason_code"`
	Reason     string `json:"reason"`
	From       string `json:"from"`
	Subject    string `json:"subject"`
	Ticket     string `json:"ticket,omitempty"`
	By         string `json:"matched_by,omitempty"`
}

// StatusResult answers "status": is the daemon connected, what waits in the outbox.
type StatusResult struct {
	Running       bool      `json:"running"`
	IMAPConnected bool      `json:"imap_connected"`
	IMAPIdle      bool      `json:"imap_idle"`
	LastSync      time.Time `json:"last_sync,omitzero"`
	LastError     string    `json:"last_error,omitempty"`
	Tickets       int       `json:"tickets"`
	OpenTickets   int       `json:"open_tickets"`
	OutboxPending int       `json:"outbox_pending"`
	OutboxFailed  int       `json:"outbox_failed"`
	SetAside      int       `json:"set_aside"`
}

// Handlers returns the operations by name, for the control socket and for offline use.
func (d *Desk) Handlers() map[string]control.HandlerFunc {
	h := map[string]control.HandlerFunc{
		"ticket.list":      control.Func(d.ticketList),
		"ticket.show":      control.Func(d.ticketShow),
		"ticket.status":    control.Func(d.ticketStatus),
		"outbox.list":      control.Func(d.outboxList),
		"outbox.retry":     control.Func(d.outboxRetry),
		"backup":           control.Func(d.backup),
		"setaside.list":    control.Func(d.setAsideList),
		"setaside.release": control.Func(d.setAsideRelease),
		"mail.classify":    control.Func(d.classify),
		"status":           control.Func(d.status),
	}
	for op, f := range d.directoryHandlers() {
		h[op] = f
	}
	return h
}

// notFound marks the store's and the directory's "not found" for the control socket's not_found code.
func notFound(err error) error {
	if errors.Is(err, ticketstore.ErrNotFound) || errors.Is(err, directory.ErrNotFound) {
		return fmt.Errorf("%w: %v", control.ErrNotFound, err)
	}
	return err
}

func summarize(t *ticketstore.Ticket) TicketSummary {
	return TicketSummary{
		Number: t.Number, Status: string(t.Status), Subject: t.Subject, Requester: t.Requester,
		RequesterName: t.RequesterName, Customer: t.Customer, Contact: t.Contact, Priority: t.Priority,
		Tags: t.Tags, Flags: t.Flags, LinkedTo: t.LinkedTo, Created: t.Created, Updated: t.Updated,
		Received: t.Received, Comments: t.Comments,
	}
}

func (d *Desk) ticketList(_ context.Context, a TicketListArgs) ([]TicketSummary, error) {
	// A limited list shows the newest tickets, as before the store's filter had an order of its own.
	f := ticketstore.TicketFilter{Customer: a.Customer, Limit: a.Limit, Desc: a.Limit > 0}
	if a.Status != "" {
		st, ok := parseStatus(a.Status)
		if !ok {
			return nil, fmt.Errorf("unknown status %q: want one of %s", a.Status, statusNames())
		}
		f.Status = []ticketstore.Status{st}
	}
	out := []TicketSummary{}
	err := d.Store.View(func(tx *ticketstore.Tx) error {
		ts, err := tx.Tickets(f)
		for i := range ts {
			out = append(out, summarize(&ts[i]))
		}
		return err
	})
	return out, err
}

func (d *Desk) ticketShow(_ context.Context, a NumberArgs) (*TicketDetail, error) {
	var out *TicketDetail
	err := d.Store.View(func(tx *ticketstore.Tx) error {
		t, err := tx.Ticket(a.Number)
		if err != nil {
			return notFound(err)
		}
		cs, err := tx.Comments(t.Number)
		if err != nil {
			return err
		}
		out = &TicketDetail{TicketSummary: summarize(t), Comments: []CommentView{}}
		for _, c := range cs {
			v := CommentView{Author: c.Author, Kind: string(c.Kind), Body: c.Body, Created: c.Created, MessageID: c.MessageID, Attachments: []AttachmentView{}}
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

// outboxOrder is the order "outbox list" shows: what still needs attention first.
var outboxOrder = map[ticketstore.OutboxState]int{ticketstore.OutboxPending: 0, ticketstore.OutboxFailed: 1, ticketstore.OutboxSent: 2}

func (d *Desk) outboxList(_ context.Context, a OutboxListArgs) ([]OutboxView, error) {
	state := ticketstore.OutboxState(a.State)
	if _, ok := outboxOrder[state]; a.State != "" && !ok {
		return nil, fmt.Errorf("unknown state %q: want pending, sent or failed", a.State)
	}
	var ms []ticketstore.OutboxMail
	err := d.Store.View(func(tx *ticketstore.Tx) error {
		var err error
		ms, err = tx.Outbox(state) // one pass over the outbox, "" = every state
		return err
	})
	// Stable: oldest first within each state.
	slices.SortStableFunc(ms, func(x, y ticketstore.OutboxMail) int { return outboxOrder[x.State] - outboxOrder[y.State] })
	out := make([]OutboxView, 0, len(ms))
	for _, m := range ms {
		v := OutboxView{ID: m.ID, Ticket: m.Ticket, Kind: m.Kind, To: m.To, Subject: m.Subject, State: string(m.State),
			Attempts: m.Attempts, LastError: m.LastError, Created: m.Created, Sent: m.Sent}
		if m.State == ticketstore.OutboxPending {
			v.NextAttempt = m.NextAttempt
		}
		out = append(out, v)
	}
	return out, err
}

func (d *Desk) outboxRetry(_ context.Context, a IDArgs) (none, error) {
	err := d.Store.Update(func(tx *ticketstore.Tx) error { return notFound(tx.Retry(a.ID)) })
	if err == nil {
		d.wakeOutbox()
	}
	return none{}, err
}

func (d *Desk) wakeOutbox() {
	d.mu.Lock()
	s := d.sender
	d.mu.Unlock()
	if s != nil {
		s.Wake()
	}
}

func (d *Desk) backup(_ context.Context, a BackupArgs) (BackupResult, error) {
	if !filepath.IsAbs(a.File) {
		return BackupResult{}, fmt.Errorf("backup file %q: need an absolute path", a.File)
	}
	n, err := d.Store.BackupFile(a.File)
	if err != nil {
		return BackupResult{}, fmt.Errorf("backup to %s: %w", a.File, err)
	}
	return BackupResult{File: a.File, Bytes: n}, nil
}

func (d *Desk) setAsideList(_ context.Context, a SetAsideListArgs) ([]SetAsideView, error) {
	out := []SetAsideView{}
	err := d.Store.View(func(tx *ticketstore.Tx) error {
		ss, err := tx.SetAsides(a.All)
		for _, s := range ss {
			out = append(out, SetAsideView{ID: s.ID, From: s.From, Subject: s.Subject, ReasonCode: s.ReasonCode,
				Reason: s.Reason, Received: s.Received, Ticket: s.Ticket, Released: s.Released})
		}
		return err
	})
	return out, err
}

func (d *Desk) setAsideRelease(ctx context.Context, a IDArgs) (ReleaseResult, error) {
	dec, err := d.Proc.Release(ctx, a.ID)
	if err != nil {
		return ReleaseResult{}, notFound(err)
	}
	return ReleaseResult{ID: a.ID, Verdict: string(dec.Verdict), Ticket: dec.Ticket}, nil
}

func (d *Desk) classify(_ context.Context, a ClassifyArgs) (ClassifyResult, error) {
	return ClassifyWith(d.Proc, strings.NewReader(string(a.Raw)))
}

// ClassifyWith runs the dry run of one raw mail with p.
func ClassifyWith(p *mailflow.Processor, r io.Reader) (ClassifyResult, error) {
	dec, m, err := p.Classify(r)
	if err != nil {
		return ClassifyResult{}, err
	}
	res := ClassifyResult{Verdict: string(dec.Verdict), ReasonCode: dec.Code, Reason: dec.Reason, Ticket: dec.Ticket, By: string(dec.By)}
	if dec.Command != "" {
		res.ReasonCode = dec.Command
	}
	if m != nil {
		res.From, res.Subject = m.From.Addr, m.Subject
	}
	return res, nil
}

func (d *Desk) status(_ context.Context, _ none) (StatusResult, error) {
	var r StatusResult
	d.mu.Lock()
	in := d.intake
	d.mu.Unlock()
	if in != nil {
		s := in.Status()
		r.Running, r.IMAPConnected, r.IMAPIdle, r.LastSync, r.LastError = true, s.Connected, s.Idle, s.LastSync, s.LastError
	}
	err := d.Store.View(func(tx *ticketstore.Tx) error {
		ts, err := tx.Tickets(ticketstore.TicketFilter{})
		if err != nil {
			return err
		}
		r.Tickets = len(ts)
		for _, t := range ts {
			if t.Status != ticketstore.StatusResolved && t.Status != ticketstore.StatusClosed {
				r.OpenTickets++
			}
		}
		ms, err := tx.Outbox("")
		if err != nil {
			return err
		}
		for _, m := range ms {
			switch m.State {
			case ticketstore.OutboxPending:
				r.OutboxPending++
			case ticketstore.OutboxFailed:
				r.OutboxFailed++
			}
		}
		sa, err := tx.SetAsides(false)
		r.SetAside = len(sa)
		return err
	})
	return r, err
}

// Call runs op with args and decodes the answer into result: through the control socket of the
// running daemon, or, when none runs, on the store opened in this process.
func Call(ctx context.Context, cfg *config.Config, log zerolog.Logger, op string, args, result any) error {
	err := control.Call(ctx, cfg.ControlSocket(), op, args, result)
	if !errors.Is(err, control.ErrNotRunning) {
		return err
	}
	d, err := Open(cfg, log, 2*time.Second)
	if err != nil {
		if errors.Is(err, ticketstore.ErrLocked) {
			return fmt.Errorf("the store is held by a daemon whose control socket %s does not answer: %w", cfg.ControlSocket(), err)
		}
		return err
	}
	defer d.Close()
	h, ok := d.Handlers()[op]
	if !ok {
		return fmt.Errorf("unknown operation %q", op)
	}
	in, err := json.Marshal(args)
	if err != nil {
		return err
	}
	out, err := h(ctx, in)
	if err != nil {
		return err
	}
	if result == nil {
		return nil
	}
	b, err := json.Marshal(out)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, result)
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
