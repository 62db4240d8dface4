package ticketstore

import (
	"encoding/binary"
	"fmt"
)

// Counters live in the counts bucket, one uint64 per name, and change in the transaction that
// writes the records they count, so they never disagree with them. Names:
//
//	tickets               all tickets
//	status:<status>       tickets per status
//	customer:<number>     tickets per customer ("customer:" = unknown senders)
//	assignee:<id>         tickets per technician ("assignee:" = unassigned)
//	setaside              all set-aside records
//	setaside:open         set-aside records not released
//	outbox:<state>        outgoing mails per delivery state (outbox_index.go); the migration to
//	                      schema 4 counts the existing mails and then sets "outbox" to 1, the
//	                      sign for Counts that the figures are there (see Counts.Outbox)
//
// A counter that reaches zero is deleted, so customers and technicians that come and go leave
// nothing behind.
const (
	countTickets      = "tickets"
	countSetAside     = "setaside"
	countSetAsideOpen = "setaside:open"
	countOutbox       = "outbox"
)

func countStatus(s Status) string   { return "status:" + string(s) }
func countCustomer(c string) string { return "customer:" + c }
func countAssignee(a string) string { return "assignee:" + a }

// Counts are the store's totals, read in O(1).
type Counts struct {
	Tickets      int            `json:"tickets"`
	ByStatus     map[Status]int `json:"by_status"`      // every status, zeros included
	SetAside     int            `json:"set_aside"`      // all set-aside records, released ones included
	SetAsideOpen int            `json:"set_aside_open"` // set-aside records not released
	// Outbox counts outgoing mails per delivery state, every state present. It is nil only
	// in a store whose outbox counters were never built (no file Open returns: the
	// migration to schema 4 builds them).
	Outbox map[OutboxState]int `json:"outbox,omitempty"`
}

// Open returns the tickets neither resolved nor closed.
func (c Counts) Open() int {
	return c.Tickets - c.ByStatus[StatusResolved] - c.ByStatus[StatusClosed]
}

// Counts returns the totals.
func (x *Tx) Counts() (Counts, error) {
	c := Counts{ByStatus: make(map[Status]int, len(Statuses))}
	c.Tickets = x.count(countTickets)
	for _, s := range Statuses {
		c.ByStatus[s] = x.count(countStatus(s))
	}
	c.SetAside = x.count(countSetAside)
	c.SetAsideOpen = x.count(countSetAsideOpen)
	if x.count(countOutbox) > 0 {
		c.Outbox = map[OutboxState]int{}
		for _, s := range []OutboxState{OutboxPending, OutboxSent, OutboxFailed} {
			c.Outbox[s] = x.count(countOutbox + ":" + string(s))
		}
	}
	return c, nil
}

// count reads one counter (0 when absent).
func (x *Tx) count(name string) int {
	v := x.tx.Bucket(bCounts).Get([]byte(name))
	if len(v) != 8 {
		return 0
	}
	return int(min(binary.BigEndian.Uint64(v), 1<<62))
}

// addCount changes a counter by delta. A counter never goes below zero: if it would, the
// counters disagree with the records (which Check reports), and a write must not fail for it.
func (x *Tx) addCount(name string, delta int) error {
	if name == "" || delta == 0 {
		return nil
	}
	b := x.tx.Bucket(bCounts)
	n := x.count(name) + delta
	if n <= 0 {
		if err := b.Delete([]byte(name)); err != nil {
			return fmt.Errorf("counter %s: %w", name, err)
		}
		return nil
	}
	if err := b.Put([]byte(name), u64(uint64(n))); err != nil {
		return fmt.Errorf("counter %s: %w", name, err)
	}
	return nil
}
