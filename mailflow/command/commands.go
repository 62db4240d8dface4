package command

import "helpdesk/ticketstore"

// Command is one understood command line. The concrete types are SetStatus, Assign, Take,
// SetPriority, TimeEntry, Travel, Internal, HelpRequest, SetCustomer and SetRequester; switch on
// the type:
//
//	switch c := cmd.(type) {
//	case command.SetStatus:
//		t.Status = c.Status
//	case command.TimeEntry:
//		...
//	}
type Command interface {
	// At returns where the command was written.
	At() Pos
	isCommand()
}

// Pos is the line a command was written on.
type Pos struct {
	Line   int    // 1-based line number in the text given to Parse
	Source string // the line as written, without its line break
}

// At returns p, so every command type embedding Pos implements Command.At.
func (p Pos) At() Pos { return p }

func (Pos) isCommand() {}

// SetStatus is "#status <value>" or a short form such as "#gelöst".
type SetStatus struct {
	Pos
	Status ticketstore.Status
}

// Assign is "#assign <technician>" / "#zuweisen <technician>".
type Assign struct {
	Pos
	Technician string // an ID as written, e.g. "m.keller"; whether it exists is the caller's check
}

// Take is "#take" / "#übernehmen": assign the ticket to the sender.
type Take struct{ Pos }

// Priority is a ticket priority code, as in config rules and ticketstore.Ticket.Priority.
type Priority string

// Priorities, lowest first.
const (
	PriorityLow    Priority = "low"
	PriorityNormal Priority = "normal"
	PriorityHigh   Priority = "high"
	PriorityUrgent Priority = "urgent"
)

// SetPriority is "#priority <p>" / "#priorität <p>" / "#prio <p>".
type SetPriority struct {
	Pos
	Priority Priority
}

// TimeEntry is "#zeit <duration> [date] [nb <reason> | kulanz [reason]] [activity]".
type TimeEntry struct {
	Pos
	Minutes  int    // 1 .. Options.MaxMinutes
	Billable bool   // true unless marked nb / kulanz / not billable
	Reason   string // why not billable; never empty when !Billable, always empty when Billable
	Date     Date   // the day worked: as written, else Options.Today
	Activity string // what was done, as written; empty for a not billable entry (see Reason)
}

// Travel is "#anfahrt <trips>" or "#anfahrt <km> km" [date]. Exactly one of Trips and Km is
// non-zero.
type Travel struct {
	Pos
	Trips int  // number of trips (billed by the contract's flat travel rate)
	Km    int  // whole kilometres driven
	Date  Date // as written, else Options.Today
}

// Internal is "#intern" / "#internal": the text after the block is an internal note and is
// never sent to the customer.
type Internal struct{ Pos }

// HelpRequest is "#hilfe" / "#help": the sender asks for the syntax (see Help).
type HelpRequest struct{ Pos }

// SetCustomer is "#kunde <number>" / "#customer <number>", for a ticket a technician opens
// by mail on a customer's behalf.
type SetCustomer struct {
	Pos
	Number string // as written, e.g. "K-1001"; whether it exists is the caller's check
}

// SetRequester is "#melder <address>" / "#requester <address>": who reported the incident.
type SetRequester struct {
	Pos
	Name    string // display name, if given ("Eva Roth <e.roth@kunde.example>")
	Address string // lower-cased local@domain
}
