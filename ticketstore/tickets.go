package ticketstore

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"time"
)

// NumberFormat chooses how ticket numbers look.
type NumberFormat string

const (
	NumberYear  NumberFormat = "year"  // 2026-000042
	NumberPlain NumberFormat = "plain" // 42
)

// CreateTicket assigns t the next sequence number and public number, stores it and indexes it.
// Numbers come from one sequence and never repeat, also across years.
func (x *Tx) CreateTicket(t *Ticket, format NumberFormat) error {
	b := x.tx.Bucket(bTickets)
	seq, err := b.NextSequence()
	if err != nil {
		return fmt.Errorf("ticket sequence: %w", err)
	}
	t.Seq = seq
	if t.Created.IsZero() {
		t.Created = x.now
	}
	t.Number = FormatNumber(seq, t.Created, format)
	if t.Updated.IsZero() {
		t.Updated = t.Created
	}
	if t.Status == "" {
		t.Status = StatusNew
	}
	if err := x.tx.Bucket(bTicketNum).Put([]byte(t.Number), u64(seq)); err != nil {
		return err
	}
	return x.putTicket(t, nil)
}

// FormatNumber renders a ticket number.
func FormatNumber(seq uint64, created time.Time, format NumberFormat) string {
	if format == NumberPlain {
		return strconv.FormatUint(seq, 10)
	}
	return fmt.Sprintf("%d-%06d", created.Year(), seq)
}

// PutTicket stores a changed ticket and keeps its indexes and counters right.
// The comment counter is AddComment's: a copy of t loaded before an AddComment does not lower it
// (otherwise the next comment would reuse a number and overwrite a stored comment).
func (x *Tx) PutTicket(t *Ticket) error {
	old, err := x.ticketBySeq(t.Seq)
	if err != nil {
		return fmt.Errorf("put ticket %s: %w", t.Number, err)
	}
	if old.Comments > t.Comments {
		t.Comments = old.Comments
	}
	return x.putTicket(t, old)
}

// putTicket writes t and brings its indexes from old (nil: a new ticket) to t.
func (x *Tx) putTicket(t, old *Ticket) error {
	if !t.Status.Valid() {
		return fmt.Errorf("ticket %s: invalid status %q", t.Number, t.Status)
	}
	if err := x.indexTicket(t, old); err != nil {
		return fmt.Errorf("ticket %s: index: %w", t.Number, err)
	}
	return x.tx.Bucket(bTickets).Put(u64(t.Seq), encodeTicket(t))
}

// Ticket returns the ticket with the given public number.
func (x *Tx) Ticket(number string) (*Ticket, error) {
	seq := x.tx.Bucket(bTicketNum).Get([]byte(number))
	if seq == nil {
		return nil, fmt.Errorf("ticket %s: %w", number, ErrNotFound)
	}
	return x.ticketBySeq(binary.BigEndian.Uint64(seq))
}

func (x *Tx) ticketBySeq(seq uint64) (*Ticket, error) {
	v := x.tx.Bucket(bTickets).Get(u64(seq))
	if v == nil {
		return nil, fmt.Errorf("ticket #%d: %w", seq, ErrNotFound)
	}
	var t Ticket
	if err := decodeTicket(v, &t); err != nil {
		return nil, fmt.Errorf("ticket #%d: %w", seq, err)
	}
	return &t, nil
}

// AddComment appends a comment to its ticket (c.Ticket) and bumps the ticket's counters.
func (x *Tx) AddComment(c *Comment) error {
	t, err := x.Ticket(c.Ticket)
	if err != nil {
		return fmt.Errorf("add comment: %w", err)
	}
	if err := x.AddCommentTo(t, c); err != nil {
		return err
	}
	return x.PutTicket(t)
}

// AddCommentTo stores c as the next comment of t and counts it in t, which the caller must store
// with PutTicket in the same transaction (saving a read and a write of the ticket when the
// caller changes it anyway).
func (x *Tx) AddCommentTo(t *Ticket, c *Comment) error {
	if c.Created.IsZero() {
		c.Created = x.now
	}
	c.Ticket = t.Number
	t.Comments++
	c.Seq = uint64(t.Comments)
	if c.Created.After(t.Updated) {
		t.Updated = c.Created
	}
	return x.tx.Bucket(bComments).Put(append(u64(t.Seq), u64(c.Seq)...), encodeComment(c))
}

// Comments returns a ticket's comments in order.
func (x *Tx) Comments(number string) ([]Comment, error) {
	t, err := x.Ticket(number)
	if err != nil {
		return nil, err
	}
	prefix := u64(t.Seq)
	var out []Comment
	c := x.tx.Bucket(bComments).Cursor()
	for k, v := c.Seek(prefix); k != nil && string(k[:8]) == string(prefix); k, v = c.Next() {
		var cm Comment
		if err := decodeComment(v, &cm); err != nil {
			return nil, fmt.Errorf("comment %x: %w", k, err)
		}
		out = append(out, cm)
	}
	return out, nil
}

// IndexMessageID records that a Message-ID (incoming or ours) belongs to a ticket's thread.
func (x *Tx) IndexMessageID(messageID, number string) error {
	if messageID == "" {
		return nil
	}
	return x.tx.Bucket(bMessageIDs).Put([]byte(messageID), []byte(number))
}

// TicketByMessageID returns the ticket number a Message-ID belongs to, or "".
func (x *Tx) TicketByMessageID(messageID string) string {
	if messageID == "" {
		return ""
	}
	return string(x.tx.Bucket(bMessageIDs).Get([]byte(messageID)))
}
