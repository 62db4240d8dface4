package ticketstore

import (
	"slices"
	"strings"
	"time"
)

// Status is a ticket's state. The codes are stable: they appear in JSON, the CLI and templates.
type Status string

const (
	StatusNew        Status = "new"
	StatusInProgress Status = "in_progress"
	StatusWaiting    Status = "waiting"
	StatusResolved   Status = "resolved"
	StatusClosed     Status = "closed"
)

// Statuses lists every status in workflow order.
var Statuses = []Status{StatusNew, StatusInProgress, StatusWaiting, StatusResolved, StatusClosed}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// Ticket is one incident. Number is its public identity; Seq the key it is stored under.
type Ticket struct {
	Seq           uint64    `json:"seq"`
	Number        string    `json:"number"`
	Status        Status    `json:"status"`
	Subject       string    `json:"subject"`
	Requester     string    `json:"requester"` // address
	RequesterName string    `json:"requester_name,omitempty"`
	Customer      string    `json:"customer,omitempty"` // customer number, "" = unknown sender
	Contact       string    `json:"contact,omitempty"`
	Language      string    `json:"language,omitempty"`
	Priority      string    `json:"priority,omitempty"`
	Assignee      string    `json:"assignee,omitempty"` // technician id, "" = unassigned
	Tags          []string  `json:"tags,omitempty"`
	Flags         []string  `json:"flags,omitempty"` // for the service team, e.g. "unknown_sender", "bounced:addr"
	LinkedTo      string    `json:"linked_to,omitempty"`
	Created       time.Time `json:"created"`
	Updated       time.Time `json:"updated"`
	Received      time.Time `json:"received"`             // when the first mail reached the mailbox
	ThreadIDs     []string  `json:"thread_ids,omitempty"` // Message-IDs of the thread, oldest first (for References)
	// Participants are the addresses seen in From/To/Cc of the ticket's mails (lower-case,
	// ours excluded, at most MaxParticipants): besides the requester and the customer's
	// contacts they may reply without being flagged as new participants.
	Participants []string `json:"participants,omitempty"`
	Comments     int      `json:"comments"`
}

// MaxParticipants bounds Ticket.Participants; a thread with more addresses is a list, and
// later ones are flagged as new participants.
const MaxParticipants = 50

// AddParticipant records addr (lower-cased) as a participant of t unless known or t is full.
func (t *Ticket) AddParticipant(addr string) {
	addr = strings.ToLower(strings.TrimSpace(addr))
	if addr == "" || !strings.Contains(addr, "@") || len(t.Participants) >= MaxParticipants ||
		strings.EqualFold(addr, t.Requester) || slices.Contains(t.Participants, addr) {
		return
	}
	t.Participants = append(t.Participants, addr)
}

// CommentKind says who wrote a comment and who may see it.
type CommentKind string

const (
	KindCustomer  CommentKind = "customer"  // a mail from the requester's side
	KindPublic    CommentKind = "public"    // a technician's answer, mailed to the customer
	KindInternal  CommentKind = "internal"  // internal note, never mailed to the customer
	KindSystem    CommentKind = "system"    // status changes, bounces, refusals
	KindUnapplied CommentKind = "unapplied" // a technician's mail whose commands had errors: kept, applied to nothing
)

// Comment is one entry of a ticket's history. The first mail of a ticket is comment 1.
type Comment struct {
	Ticket      string       `json:"ticket"`
	Seq         uint64       `json:"seq"`
	Author      string       `json:"author"`
	Kind        CommentKind  `json:"kind"`
	Body        string       `json:"body"`
	Created     time.Time    `json:"created"`
	MessageID   string       `json:"message_id,omitempty"`
	RawID       uint64       `json:"raw_id,omitempty"`
	Attachments []Attachment `json:"attachments,omitempty"`
	Flags       []string     `json:"flags,omitempty"` // e.g. "new_participant"
}

// Attachment is the metadata of a stored attachment; the body is in the blob store under SHA256.
type Attachment struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	ContentID   string `json:"content_id,omitempty"`
	Inline      bool   `json:"inline,omitempty"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
}

// Outcome names what became of an incoming mail.
type Outcome string

const (
	OutcomeTicket    Outcome = "ticket"
	OutcomeComment   Outcome = "comment"
	OutcomeSetAside  Outcome = "setaside"
	OutcomeDuplicate Outcome = "duplicate"
	OutcomeCommand   Outcome = "command" // a request answered by mail, no ticket
)

// RawMessage is an incoming mail as received, kept so it can be re-parsed and is never lost.
// Small mails are stored inline; large ones in the blob store.
type RawMessage struct {
	ID          uint64    `json:"id"`
	Mailbox     string    `json:"mailbox"`
	UIDValidity uint32    `json:"uidvalidity"`
	UID         uint32    `json:"uid"`
	MessageID   string    `json:"message_id,omitempty"`
	SHA256      string    `json:"sha256"`
	Size        int64     `json:"size"`
	Received    time.Time `json:"received"`
	Stored      time.Time `json:"stored"`
	Data        []byte    `json:"data,omitempty"`
	Blob        string    `json:"blob,omitempty"`
	Outcome     Outcome   `json:"outcome"`
	Ticket      string    `json:"ticket,omitempty"`
	SetAside    uint64    `json:"setaside,omitempty"`
	Problems    []string  `json:"problems,omitempty"`
}

// SetAside records a mail that did not become a ticket or comment, with the reason.
type SetAside struct {
	ID         uint64    `json:"id"`
	RawID      uint64    `json:"raw_id"`
	From       string    `json:"from"`
	Subject    string    `json:"subject"`
	ReasonCode string    `json:"reason_code"`
	Reason     string    `json:"reason"`
	Received   time.Time `json:"received"`
	Ticket     string    `json:"ticket,omitempty"` // e.g. the ticket a bounce belongs to
	Released   time.Time `json:"released,omitempty"`
}

// OutboxState is the delivery state of an outgoing mail.
type OutboxState string

const (
	OutboxPending OutboxState = "pending"
	OutboxSent    OutboxState = "sent"
	OutboxFailed  OutboxState = "failed"
)

// OutboxMail is one mail we send, committed with its cause and delivered by the outbox sender.
type OutboxMail struct {
	ID          uint64      `json:"id"`
	Ticket      string      `json:"ticket,omitempty"`
	Kind        string      `json:"kind"` // confirmation, status_change, ...
	From        string      `json:"from"` // envelope sender
	To          []string    `json:"to"`
	Subject     string      `json:"subject"`
	MessageID   string      `json:"message_id"`
	Automatic   bool        `json:"automatic"`          // counts toward the per-address flood limit
	Unlisted    bool        `json:"unlisted,omitempty"` // to an address outside the directory (global flood limit)
	Raw         []byte      `json:"-"`                  // in bucket outbox_raw
	State       OutboxState `json:"state"`
	Attempts    int         `json:"attempts"`
	Deferrals   int         `json:"deferrals,omitempty"` // tries that were no attempt: the relay failed, not the mail
	LastError   string      `json:"last_error,omitempty"`
	Created     time.Time   `json:"created"`
	NextAttempt time.Time   `json:"next_attempt"`
	Sent        time.Time   `json:"sent,omitempty"`
	// BodyRemoved is when the mail's bytes were dropped after [outbox] keep_sent; only this
	// record is left of it then, and it cannot be sent again.
	BodyRemoved time.Time `json:"body_removed,omitzero"`
}

// MailboxState is what we know of one IMAP mailbox across sessions.
type MailboxState struct {
	Mailbox     string    `json:"mailbox"`
	UIDValidity uint32    `json:"uidvalidity"`
	Changed     time.Time `json:"changed"` // when UIDVALIDITY last changed
	LastSync    time.Time `json:"last_sync"`
}

// Suppression records an automatic mail we did not send because of a flood limit.
type Suppression struct {
	ID      uint64    `json:"id"`
	To      string    `json:"to"`
	Ticket  string    `json:"ticket,omitempty"`
	Kind    string    `json:"kind"`
	Reason  string    `json:"reason"`
	Created time.Time `json:"created"`
}
