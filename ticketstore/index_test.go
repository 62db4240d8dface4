package ticketstore_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"helpdesk/ticketstore"
)

const (
	stNew  = ticketstore.StatusNew
	stProg = ticketstore.StatusInProgress
	stWait = ticketstore.StatusWaiting
	stRes  = ticketstore.StatusResolved
	stDone = ticketstore.StatusClosed
)

func statuses(s ...ticketstore.Status) []ticketstore.Status { return s }

// eachNumbers lists the numbers EachTicket walks for f.
func eachNumbers(t *testing.T, tx *ticketstore.Tx, f ticketstore.TicketFilter) []string {
	t.Helper()
	out := []string{}
	if err := tx.EachTicket(f, func(tk *ticketstore.Ticket) error {
		out = append(out, tk.Number)
		return nil
	}); err != nil {
		t.Fatalf("EachTicket(%+v): %v", f, err)
	}
	return out
}

// Every index follows every kind of change: status, customer, assignee and update time, on
// create and on put, several changes to one ticket in one transaction included.
func TestTicketIndexes(t *testing.T) {
	s, _ := openTemp(t, nil)
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	tk := createTickets(t, s,
		ticketstore.Ticket{Customer: "K1", Created: at(1)},                                   // 1
		ticketstore.Ticket{Customer: "K2", Assignee: "anna", Created: at(2)},                 // 2
		ticketstore.Ticket{Customer: "K1", Assignee: "ben", Status: stProg, Created: at(3)},  // 3
		ticketstore.Ticket{Created: at(4)},                                                   // 4: unknown sender
		ticketstore.Ticket{Customer: "K1", Assignee: "anna", Status: stWait, Created: at(5)}, // 5
		ticketstore.Ticket{Customer: "K3", Created: at(6)},                                   // 6
	)
	change := func(i int, fn func(*ticketstore.Ticket)) func(tx *ticketstore.Tx) error {
		return func(tx *ticketstore.Tx) error {
			cur, err := tx.Ticket(tk[i].Number)
			if err != nil {
				return err
			}
			fn(cur)
			return tx.PutTicket(cur)
		}
	}
	steps := []func(tx *ticketstore.Tx) error{
		change(0, func(t *ticketstore.Ticket) { t.Status, t.Assignee, t.Updated = stProg, "ben", at(10) }),
		change(3, func(t *ticketstore.Ticket) { t.Customer = "K2" }), // qualified by the service team
		change(1, func(t *ticketstore.Ticket) { t.Assignee = "" }),   // handed back
		change(4, func(t *ticketstore.Ticket) { t.Customer, t.Status, t.Updated = "K3", stDone, at(11) }),
		func(tx *ticketstore.Tx) error { // two changes in one transaction, and a comment
			if err := change(2, func(t *ticketstore.Ticket) { t.Status = stRes })(tx); err != nil {
				return err
			}
			if err := change(2, func(t *ticketstore.Ticket) { t.Status, t.Assignee = stDone, "anna" })(tx); err != nil {
				return err
			}
			return tx.AddComment(&ticketstore.Comment{Ticket: tk[5].Number, Body: "x", Created: at(12)})
		},
		change(5, func(t *ticketstore.Ticket) {}), // unchanged
	}
	for i, step := range steps {
		mustUpdate(t, s, step)
		mustView(t, s, func(tx *ticketstore.Tx) error {
			if err := tx.Check(); err != nil {
				t.Fatalf("after step %d: %v", i, err)
			}
			return nil
		})
	}
	// Now: 1 K1 ben in_progress u10; 2 K2 - new u2; 3 K1 anna closed u3; 4 K2 - new u4;
	// 5 K3 anna closed u11; 6 K3 - new u12.
	for _, tc := range []struct {
		name string
		f    ticketstore.TicketFilter
		want []string
	}{
		{"customer", ticketstore.TicketFilter{Customer: "K1"}, []string{"1", "3"}},
		{"customer changed from unknown", ticketstore.TicketFilter{Customer: "K2"}, []string{"2", "4"}},
		{"customer changed, desc", ticketstore.TicketFilter{Customer: "K3", Desc: true}, []string{"6", "5"}},
		{"assignee", ticketstore.TicketFilter{Assignee: "anna"}, []string{"3", "5"}},
		{"assignee ben", ticketstore.TicketFilter{Assignee: "ben"}, []string{"1"}},
		{"unassigned", ticketstore.TicketFilter{Unassigned: true}, []string{"2", "4", "6"}},
		{"unassigned and new", ticketstore.TicketFilter{Unassigned: true, Status: statuses(stNew)}, []string{"2", "4", "6"}},
		{"assignee and status", ticketstore.TicketFilter{Assignee: "anna", Status: statuses(stDone)}, []string{"3", "5"}},
		{"assignee and status, none", ticketstore.TicketFilter{Assignee: "ben", Status: statuses(stDone)}, []string{}},
		{"customer, assignee, status", ticketstore.TicketFilter{Customer: "K1", Assignee: "anna", Status: statuses(stDone, stNew)}, []string{"3"}},
		{"status after two changes", ticketstore.TicketFilter{Status: statuses(stRes)}, []string{}},
		{"before", ticketstore.TicketFilter{Before: 4, Desc: true}, []string{"3", "2", "1"}},
		{"after", ticketstore.TicketFilter{After: 4}, []string{"5", "6"}},
		{"after and before", ticketstore.TicketFilter{After: 1, Before: 4}, []string{"2", "3"}},
		{"customer after", ticketstore.TicketFilter{Customer: "K1", After: 1}, []string{"3"}},
		{"status before", ticketstore.TicketFilter{Status: statuses(stNew, stDone), Before: 5, Desc: true}, []string{"4", "3", "2"}},
		{"by updated", ticketstore.TicketFilter{ByUpdated: true}, []string{"2", "3", "4", "1", "5", "6"}},
		{"by updated, newest first, limit", ticketstore.TicketFilter{ByUpdated: true, Desc: true, Limit: 3}, []string{"6", "5", "1"}},
		{"by updated with status", ticketstore.TicketFilter{ByUpdated: true, Desc: true, Status: statuses(stNew)}, []string{"6", "4", "2"}},
		{"updated since", ticketstore.TicketFilter{ByUpdated: true, UpdatedAfter: ticketstore.Position{Updated: at(10)}}, []string{"1", "5", "6"}},
		{"updated before", ticketstore.TicketFilter{ByUpdated: true, UpdatedBefore: ticketstore.Position{Updated: at(10)}}, []string{"2", "3", "4"}},
		{"by updated with seq bound", ticketstore.TicketFilter{ByUpdated: true, After: 3}, []string{"4", "5", "6"}},
		{"unknown customer", ticketstore.TicketFilter{Customer: "K9"}, []string{}},
		{"unknown assignee", ticketstore.TicketFilter{Assignee: "zoe"}, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mustView(t, s, func(tx *ticketstore.Tx) error {
				if got := eachNumbers(t, tx, tc.f); !reflect.DeepEqual(got, tc.want) {
					t.Errorf("EachTicket(%+v) = %q, want %q", tc.f, got, tc.want)
				}
				n, err := tx.CountTickets(tc.f)
				if err != nil {
					return err
				}
				if tc.f.Limit == 0 && n != len(tc.want) {
					t.Errorf("CountTickets(%+v) = %d, want %d", tc.f, n, len(tc.want))
				}
				return nil
			})
		})
	}
	mustView(t, s, func(tx *ticketstore.Tx) error {
		c, err := tx.Counts()
		if err != nil {
			return err
		}
		want := map[ticketstore.Status]int{stNew: 3, stProg: 1, stWait: 0, stRes: 0, stDone: 2}
		noMail := map[ticketstore.OutboxState]int{ticketstore.OutboxPending: 0, ticketstore.OutboxSent: 0, ticketstore.OutboxFailed: 0}
		if c.Tickets != 6 || !reflect.DeepEqual(c.ByStatus, want) || c.Open() != 4 || !reflect.DeepEqual(c.Outbox, noMail) {
			t.Errorf("Counts = %+v (open %d), want 6 tickets, %v, 4 open, outbox %v", c, c.Open(), want, noMail)
		}
		return nil
	})
}

func TestTicketFilterErrors(t *testing.T) {
	s, _ := openTemp(t, nil)
	createTickets(t, s, ticketstore.Ticket{})
	for _, f := range []ticketstore.TicketFilter{
		{Unassigned: true, Assignee: "anna"},
		{UpdatedAfter: ticketstore.Position{Updated: t0}},
		{UpdatedBefore: ticketstore.Position{Seq: 1}},
	} {
		mustView(t, s, func(tx *ticketstore.Tx) error {
			if err := tx.EachTicket(f, func(*ticketstore.Ticket) error { return nil }); err == nil {
				t.Errorf("EachTicket(%+v) succeeded", f)
			}
			if _, err := tx.CountTickets(f); err == nil {
				t.Errorf("CountTickets(%+v) succeeded", f)
			}
			return nil
		})
	}
}

// Stop ends a walk without an error; any other error ends it with that error.
func TestEachTicketStop(t *testing.T) {
	s, _ := openTemp(t, nil)
	createTickets(t, s, ticketstore.Ticket{}, ticketstore.Ticket{}, ticketstore.Ticket{})
	boom := errors.New("boom")
	mustView(t, s, func(tx *ticketstore.Tx) error {
		var seen []string
		err := tx.EachTicket(ticketstore.TicketFilter{}, func(tk *ticketstore.Ticket) error {
			seen = append(seen, tk.Number)
			if len(seen) == 2 {
				return ticketstore.Stop
			}
			return nil
		})
		if err != nil || !reflect.DeepEqual(seen, []string{"1", "2"}) {
			t.Errorf("walk with Stop = %q, %v", seen, err)
		}
		err = tx.EachTicket(ticketstore.TicketFilter{}, func(*ticketstore.Ticket) error { return boom })
		if !errors.Is(err, boom) {
			t.Errorf("walk with an error = %v, want %v", err, boom)
		}
		return nil
	})
}

func TestTicketSeq(t *testing.T) {
	s, _ := openTemp(t, nil)
	var tk ticketstore.Ticket
	mustUpdate(t, s, func(tx *ticketstore.Tx) error {
		tk.Created = t0
		return tx.CreateTicket(&tk, ticketstore.NumberYear)
	})
	mustView(t, s, func(tx *ticketstore.Tx) error {
		if seq, err := tx.TicketSeq(tk.Number); err != nil || seq != tk.Seq {
			t.Errorf("TicketSeq(%s) = %d, %v; want %d", tk.Number, seq, err, tk.Seq)
		}
		if _, err := tx.TicketSeq("2026-999999"); !errors.Is(err, ticketstore.ErrNotFound) {
			t.Errorf("TicketSeq(unknown) = %v, want ErrNotFound", err)
		}
		return nil
	})
}
