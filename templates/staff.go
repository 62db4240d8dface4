package templates

import (
	"slices"
	"time"
)

// Comment kinds, as HistoryEntry.Kind holds them; the mail shows them as words (commentkind).
const (
	CommentCustomer  = "customer"  // a mail from the requester's side
	CommentPublic    = "public"    // an answer to the customer (the store calls it "technician")
	CommentInternal  = "internal"  // an internal note
	CommentSystem    = "system"    // status changes, bounces, refusals
	CommentUnapplied = "unapplied" // a command mail with errors, kept as a note, nothing applied
)

// Priorities, as Data.Priority and Change.Old/New of a priority change hold them; "" is none.
const (
	PriorityLow    = "low"
	PriorityNormal = "normal"
	PriorityHigh   = "high"
	PriorityUrgent = "urgent"
)

// What a Change is about (Change.What).
const (
	ChangeStatus    = "status"    // Old → New, status codes
	ChangeAssign    = "assign"    // assigned to New (was Old, may be "")
	ChangeTake      = "take"      // the sender took the ticket (from Old, may be "")
	ChangePriority  = "priority"  // Old → New, priority codes
	ChangeTime      = "time"      // Minutes on Date, Billable or not (Reason), Activity
	ChangeTravel    = "travel"    // Trips or Km on Date
	ChangeInternal  = "internal"  // an internal note was added
	ChangeAnswer    = "answer"    // the answer went to the customer (Data.AnsweredTo)
	ChangeCustomer  = "customer"  // the ticket is for customer New (was Old, may be "")
	ChangeRequester = "requester" // the requester is New (was Old, may be "")
)

// CustomerInfo is the customer of a ticket as the desk's own people see it. Empty fields are
// left out of the mail.
type CustomerInfo struct {
	Number, Name string
	Address      []string // postal address, one line each
	// the contact who reported (or is named for the ticket)
	ContactName, ContactPhone, ContactEmail string
	// the account manager (Kundenbetreuer)
	ManagerName, ManagerPhone, ManagerEmail string
}

// HistoryEntry is one comment of a ticket. Kind is a comment kind (CommentCustomer, ...);
// Render shows Created in Data.Location.
type HistoryEntry struct {
	Author, Kind string
	Created      time.Time
	Body         string
	Attachments  []AttachmentInfo
}

// AttachmentInfo is one attachment of a comment. Attached is true when the file is attached to
// this mail; false when it is only listed (over the size limit) and kept in the desk.
type AttachmentInfo struct {
	Name     string
	Size     int64 // bytes
	Attached bool
}

// TechnicianInfo is one technician who can be assigned, for the dispatch mail.
type TechnicianInfo struct{ ID, Name string }

// Change is one thing a command mail changed; the mail describes it in its language (change).
// Date is a calendar day: it is shown as it is, in its own zone, not moved to Data.Location
// (midnight in UTC would otherwise become the day before in America).
type Change struct {
	What     string // ChangeStatus, ChangeAssign, ...
	Old, New string // status or priority codes; technician, customer or requester as shown
	Minutes  int    // time
	Billable bool   // time
	Reason   string // time: why not billable
	Activity string // time: what was done
	Date     time.Time
	Trips    int // travel
	Km       int // travel
}

// Issue is one error or warning of a command mail. Message is the whole sentence in the
// mail's language, line number and line included (mailflow/command's Issue.Message(lang));
// the mail shows Message, or "line N: Source" when Message is empty.
type Issue struct {
	Line    int
	Source  string
	Message string
}

// in returns a copy of e with Created in loc; the caller's entry is left alone.
func (e *HistoryEntry) in(loc *time.Location) *HistoryEntry {
	if e == nil || loc == nil {
		return e
	}
	c := *e
	if !c.Created.IsZero() {
		c.Created = c.Created.In(loc)
	}
	return &c
}

// historyIn returns a copy of h with every Created in loc, so that one history may be rendered
// concurrently in several zones.
func historyIn(h []HistoryEntry, loc *time.Location) []HistoryEntry {
	if h == nil || loc == nil {
		return h
	}
	c := slices.Clone(h)
	for i := range c {
		c[i] = *c[i].in(loc)
	}
	return c
}
