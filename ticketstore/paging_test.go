package ticketstore_test

import (
	"fmt"
	"testing"

	"helpdesk/ticketstore"
)

// page walks one page of at most limit tickets of f and returns their seqs.
func page(t *testing.T, s *ticketstore.Store, f ticketstore.TicketFilter) []uint64 {
	t.Helper()
	var out []uint64
	mustView(t, s, func(tx *ticketstore.Tx) error {
		return tx.EachTicket(f, func(tk *ticketstore.Ticket) error {
			out = append(out, tk.Seq)
			return nil
		})
	})
	return out
}

// Paging with Before (newest first) returns every ticket that existed when the first page was
// read exactly once, while new tickets are created and old ones change between the pages; with
// After (oldest first) it also returns each ticket created meanwhile, once.
func TestPagingWhileCreating(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    ticketstore.TicketFilter
	}{
		{"all", ticketstore.TicketFilter{}},
		{"status", ticketstore.TicketFilter{Status: []ticketstore.Status{stNew, stProg}}},
		{"customer", ticketstore.TicketFilter{Customer: "K1"}},
	} {
		for _, desc := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s desc=%v", tc.name, desc), func(t *testing.T) {
				s, _ := openTemp(t, &ticketstore.Options{NoSync: true})
				create := func(n int) {
					for i := range n {
						createTickets(t, s, ticketstore.Ticket{Customer: "K1"}, ticketstore.Ticket{Customer: []string{"K1", "K2"}[i%2]})
					}
				}
				create(20) // 40 tickets
				initial := 40
				seen := map[uint64]int{}
				f := tc.f
				f.Desc, f.Limit = desc, 7
				for pages := 0; ; pages++ {
					got := page(t, s, f)
					if len(got) == 0 {
						break
					}
					for _, seq := range got {
						seen[seq]++
					}
					last := got[len(got)-1]
					if desc {
						f.Before = last
					} else {
						f.After = last
					}
					if pages < 6 {
						create(2) // four new tickets between pages
						// An old ticket changes its status (moves to closed) between pages.
						mustUpdate(t, s, func(tx *ticketstore.Tx) error {
							tk, err := tx.Ticket(fmt.Sprint(1 + pages))
							if err != nil {
								return err
							}
							tk.Status = stDone
							return tx.PutTicket(tk)
						})
					}
				}
				var all []ticketstore.Ticket
				mustView(t, s, func(tx *ticketstore.Tx) error {
					var err error
					all, err = tx.Tickets(ticketstore.TicketFilter{Customer: tc.f.Customer})
					return err
				})
				for seq, n := range seen {
					if n != 1 {
						t.Errorf("ticket %d returned %d times", seq, n)
					}
				}
				for _, tk := range all {
					changed := tk.Seq <= 6 // closed between pages: may leave a status filter
					if len(tc.f.Status) > 0 && (changed || tk.Status != stNew) {
						continue
					}
					created := tk.Seq > uint64(initial)
					if seen[tk.Seq] != 1 && (!created || !desc) {
						t.Errorf("ticket %d (created between pages: %v) returned %d times, want once", tk.Seq, created, seen[tk.Seq])
					}
					if created && desc && seen[tk.Seq] != 0 {
						t.Errorf("ticket %d created after the first page returned newest first", tk.Seq)
					}
				}
			})
		}
	}
}
