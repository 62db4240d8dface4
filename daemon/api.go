package daemon

import (
	"encoding/json"
	"time"

	"helpdesk/control"
	"helpdesk/directory"
	"helpdesk/staff"
)

// The operations of the control API, each declared once with its argument and result types.
// The server binds them to their handlers (Bindings); the command line calls them with Call and
// Stream, through the running daemon's socket or, when none runs, in its own process. The JSON
// field names of the types below are a contract for scripts (`--json`).
var (
	Status = control.Op[None, StatusResult]{Name: "status"}

	TicketList   = control.StreamOp[TicketListArgs, TicketSummary, Page]{Name: "ticket.list"}
	TicketShow   = control.Op[NumberArgs, TicketDetail]{Name: "ticket.show"}
	TicketStatus = control.Op[TicketStatusArgs, TicketSummary]{Name: "ticket.status", Writes: true}

	OutboxList  = control.StreamOp[OutboxListArgs, OutboxView, Page]{Name: "outbox.list"}
	OutboxShow  = control.Op[IDArgs, OutboxDetail]{Name: "outbox.show"}
	OutboxRetry = control.Op[IDArgs, None]{Name: "outbox.retry", Writes: true}

	SetAsideList    = control.StreamOp[SetAsideListArgs, SetAsideView, Page]{Name: "setaside.list"}
	SetAsideRelease = control.Op[IDArgs, ReleaseResult]{Name: "setaside.release", Writes: true}

	MailClassify = control.Op[ClassifyArgs, ClassifyResult]{Name: "mail.classify"}
	Backup       = control.Op[BackupArgs, BackupResult]{Name: "backup"}

	DirectoryExport = control.Op[None, *directory.Directory]{Name: "directory.export"}
	DirectoryImport = control.Op[DirectoryArgs, DirectoryCounts]{Name: "directory.import", Writes: true}
	CustomerAdd     = control.Op[AddArgs[directory.Customer], directory.Customer]{Name: "customer.add", Writes: true}
	CustomerEdit    = control.Op[PatchArgs, directory.Customer]{Name: "customer.edit", Writes: true}
	CustomerShow    = control.Op[NumberArgs, CustomerDetail]{Name: "customer.show"}
	CustomerList    = control.Op[None, []directory.Customer]{Name: "customer.list"}
	ContactAdd      = control.Op[AddArgs[directory.Contact], directory.Contact]{Name: "contact.add", Writes: true}
	ContactEdit     = control.Op[PatchArgs, directory.Contact]{Name: "contact.edit", Writes: true}
	ContactShow     = control.Op[IDStringArgs, directory.Contact]{Name: "contact.show"}
	ContactList     = control.Op[CustomerFilter, []directory.Contact]{Name: "contact.list"}
	ContractAdd     = control.Op[AddArgs[directory.Contract], directory.Contract]{Name: "contract.add", Writes: true}
	ContractEdit    = control.Op[PatchArgs, directory.Contract]{Name: "contract.edit", Writes: true}
	ContractShow    = control.Op[IDStringArgs, directory.Contract]{Name: "contract.show"}
	ContractList    = control.Op[CustomerFilter, []directory.Contract]{Name: "contract.list"}
	ContractEnd     = control.Op[ContractEndArgs, directory.Contract]{Name: "contract.end", Writes: true}

	TechnicianAdd     = control.Op[AddArgs[staff.Technician], staff.Technician]{Name: "technician.add", Writes: true}
	TechnicianEdit    = control.Op[PatchArgs, staff.Technician]{Name: "technician.edit", Writes: true}
	TechnicianShow    = control.Op[IDStringArgs, staff.Technician]{Name: "technician.show"}
	TechnicianList    = control.Op[None, []staff.Technician]{Name: "technician.list"}
	TechnicianDisable = control.Op[IDStringArgs, staff.Technician]{Name: "technician.disable", Writes: true}
	TicketAssign      = control.Op[TicketAssignArgs, TicketSummary]{Name: "ticket.assign", Writes: true}
	TimeList          = control.StreamOp[TimeListArgs, TimeView, Page]{Name: "time.list"}
	TimeAdd           = control.Op[TimeAddArgs, TimeView]{Name: "time.add", Writes: true}
)

// TimeView is a time entry in "time list --json". Field names are a contract for scripts.
type TimeView struct {
	ID         uint64     `json:"id"`
	Ticket     string     `json:"ticket"`
	Technician string     `json:"technician"`
	Date       string     `json:"date"` // YYYY-MM-DD
	Minutes    int        `json:"minutes"`
	Billable   bool       `json:"billable"`
	Reason     string     `json:"reason"`
	Activity   string     `json:"activity"`
	Travel     TravelView `json:"travel"`
	State      string     `json:"state"` // recorded, approved, rejected, reported
	Customer   string     `json:"customer,omitempty"`
	Report     string     `json:"report,omitempty"`
	Source     string     `json:"source"`
	Created    time.Time  `json:"created"`
}

// TravelView is the travel of a time entry: trips or kilometres.
type TravelView struct {
	Trips int `json:"trips"`
	Km    int `json:"km"`
}

// Arguments of the technicians' and time operations.
type (
	TicketAssignArgs struct {
		Number     string `json:"number"`
		Technician string `json:"technician"`
		By         string `json:"by,omitempty"`
	}
	TimeListArgs struct {
		Ticket     string `json:"ticket,omitempty"`
		Technician string `json:"technician,omitempty"`
		Month      string `json:"month,omitempty"` // YYYY-MM
		State      string `json:"state,omitempty"`
		Customer   string `json:"customer,omitempty"`
		Paging
	}
	TimeAddArgs struct {
		Ticket      string `json:"ticket"`
		Minutes     int    `json:"minutes"`
		Technician  string `json:"technician"`
		Date        string `json:"date,omitempty"` // YYYY-MM-DD, default today
		NotBillable string `json:"not_billable,omitempty"`
		Activity    string `json:"activity,omitempty"`
		Trips       int    `json:"trips,omitempty"`
		Km          int    `json:"km,omitempty"`
	}
)

// None is the argument or result of an operation that has none.
type None struct{}

// Page is the trailer of a listing: Next is the cursor for the next page ("" when this was the
// last), to be given as "before".
type Page struct {
	Next string `json:"next,omitempty"`
}

// Paging are the arguments every listing takes.
type Paging struct {
	Limit  int    `json:"limit,omitempty"`  // at most this many, newest first; 0: all
	Before string `json:"before,omitempty"` // only entries older than this one (a cursor from Page.Next), newest first
}

// paged reports whether the listing goes newest first: limited or continued from a cursor.
func (p Paging) paged() bool { return p.Limit > 0 || p.Before != "" }

// TicketSummary is a ticket in "ticket list --json".
type TicketSummary struct {
	Number        string    `json:"number"`
	Status        string    `json:"status"`
	Subject       string    `json:"subject"`
	Requester     string    `json:"requester"`
	RequesterName string    `json:"requester_name,omitempty"`
	Customer      string    `json:"customer,omitempty"`
	Contact       string    `json:"contact,omitempty"`
	Assignee      string    `json:"assignee"` // technician id, "" when unassigned
	Priority      string    `json:"priority"`
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
	Flags       []string         `json:"flags,omitempty"`
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
	BodyRemoved time.Time `json:"body_removed,omitzero"` // when the text was removed after keep_sent
}

// OutboxDetail is "outbox show --json": the mail with the text as it was sent, or without it
// once keep_sent removed it (BodyRemoved says when).
type OutboxDetail struct {
	OutboxView
	From      string `json:"from"`
	MessageID string `json:"message_id"`
	Raw       string `json:"raw,omitempty"` // RFC 5322 bytes as sent; "" after keep_sent
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
		Assignee string `json:"assignee,omitempty"`
		Paging
	}
	NumberArgs struct {
		Number string `json:"number"`
	}
	IDStringArgs struct {
		ID string `json:"id"`
	}
	TicketStatusArgs struct {
		Number string `json:"number"`
		Status string `json:"status"`
		Note   string `json:"note,omitempty"`
		Author string `json:"author,omitempty"`
	}
	OutboxListArgs struct {
		State string `json:"state,omitempty"`
		Paging
	}
	IDArgs struct {
		ID uint64 `json:"id"`
	}
	BackupArgs struct {
		File string `json:"file"` // absolute path, written by the process holding the store
		// Compact writes the copy with bbolt's compaction: every page full, no free pages
		// (slower; File must not exist).
		Compact bool `json:"compact,omitempty"`
	}
	SetAsideListArgs struct {
		All bool `json:"all,omitempty"`
		Paging
	}
	ClassifyArgs struct {
		Raw []byte `json:"raw"`
	}
)

// BackupResult answers "backup".
type BackupResult struct {
	File       string `json:"file"`
	Bytes      int64  `json:"bytes"`
	Compacted  bool   `json:"compacted,omitempty"`
	StoreBytes int64  `json:"store_bytes,omitempty"` // the size of the store file copied, with Compact
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
	Text       string `json:"text"` // the text as the ticket would store it
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

// AddArgs adds one record; an empty ID is assigned by the daemon in the same transaction.
type AddArgs[T any] struct {
	Record T `json:"record"`
}

// Arguments and answers of the directory operations.
type (
	DirectoryArgs struct {
		Directory *directory.Directory `json:"directory"`
	}
	DirectoryCounts struct {
		Customers int `json:"customers"`
		Contacts  int `json:"contacts"`
		Contracts int `json:"contracts"`
	}
	CustomerFilter struct {
		Customer string `json:"customer,omitempty"`
	}
	ContractEndArgs struct {
		ID    string         `json:"id"`
		Until directory.Date `json:"until"`
	}
	// PatchArgs changes one record: Fields is a JSON object of the fields to set, in the
	// record's own JSON form ({"address":{"city":"Hildesheim"}}); the daemon applies it to the
	// stored record in one transaction, so concurrent edits of different fields both survive.
	// With Replace, Fields is the whole record.
	PatchArgs struct {
		ID      string          `json:"id"`
		Fields  json.RawMessage `json:"fields"`
		Replace bool            `json:"replace,omitempty"`
	}
	// CustomerDetail is "customer show --json": the customer with its contacts and contracts.
	CustomerDetail struct {
		Customer  directory.Customer   `json:"customer"`
		Contacts  []directory.Contact  `json:"contacts"`
		Contracts []directory.Contract `json:"contracts"`
	}
)
