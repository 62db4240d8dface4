package ticketstore_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"helpdesk/ticketstore"
)

// Names that share prefixes and hold a NUL byte: an index key must tell them apart.
var (
	randCustomers = []string{"", "K1", "K10", "K", "K\x00x", "K2"}
	randAssignees = []string{"", "anna", "an", "ben"}
)

// After many random changes, some in transactions that fail, every walk the filters allow
// equals the same selection made from a full scan, and the counters equal a recount.
func TestIndexesRandomized(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 42))
			s, _ := openTemp(t, &ticketstore.Options{NoSync: true})
			randomChanges(t, s, r, 300)
			mustView(t, s, func(tx *ticketstore.Tx) error {
				if err := tx.Check(); err != nil {
					t.Fatal(err)
				}
				all, err := tx.Tickets(ticketstore.TicketFilter{})
				if err != nil {
					return err
				}
				checkCounts(t, tx, all)
				for range 300 {
					f := randomFilter(r, len(all))
					got := eachNumbers(t, tx, f)
					want := numbers(selectTickets(all, f))
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("EachTicket(%+v) = %q\nfull scan says  %q", f, got, want)
					}
					f.Limit = 0
					if n, err := tx.CountTickets(f); err != nil || n != len(selectTickets(all, f)) {
						t.Fatalf("CountTickets(%+v) = %d, %v; want %d", f, n, err, len(selectTickets(all, f)))
					}
				}
				sas, err := tx.SetAsides(true)
				if err != nil {
					return err
				}
				for range 100 {
					f := ticketstore.SetAsideFilter{All: r.IntN(2) == 0, Desc: r.IntN(2) == 0, Limit: r.IntN(5)}
					if r.IntN(2) == 0 {
						f.Before = uint64(r.IntN(len(sas) + 2))
					}
					if r.IntN(3) == 0 {
						f.After = uint64(r.IntN(len(sas) + 2))
					}
					var got []uint64
					if err := tx.EachSetAside(f, func(sa *ticketstore.SetAside) error {
						got = append(got, sa.ID)
						return nil
					}); err != nil {
						return err
					}
					if want := selectSetAsides(sas, f); !reflect.DeepEqual(got, want) {
						t.Fatalf("EachSetAside(%+v) = %v, full scan says %v", f, got, want)
					}
				}
				return nil
			})
		})
	}
}

// randomChanges runs n transactions of random creates and changes; one in ten fails at its end.
func randomChanges(t *testing.T, s *ticketstore.Store, r *rand.Rand, n int) {
	t.Helper()
	pick := func(list []string) string { return list[r.IntN(len(list))] }
	clock := t0
	tickets, setAsides := 0, 0
	fail := errors.New("rolled back")
	for range n {
		err := s.Update(func(tx *ticketstore.Tx) error {
			for range 1 + r.IntN(5) {
				clock = clock.Add(time.Duration(r.IntN(3)) * time.Minute) // equal times happen
				switch op := r.IntN(10); {
				case op < 3 || tickets == 0:
					tk := &ticketstore.Ticket{Customer: pick(randCustomers), Assignee: pick(randAssignees),
						Status: ticketstore.Statuses[r.IntN(len(ticketstore.Statuses))], Created: clock}
					if err := tx.CreateTicket(tk, ticketstore.NumberPlain); err != nil {
						return err
					}
					tickets++
				case op < 8:
					tk, err := tx.Ticket(fmt.Sprint(1 + r.IntN(tickets)))
					if errors.Is(err, ticketstore.ErrNotFound) {
						continue // created in a transaction that failed
					} else if err != nil {
						return err
					}
					switch r.IntN(4) {
					case 0:
						tk.Status = ticketstore.Statuses[r.IntN(len(ticketstore.Statuses))]
					case 1:
						tk.Customer = pick(randCustomers)
					case 2:
						tk.Assignee = pick(randAssignees)
					case 3:
						if err := tx.AddCommentTo(tk, &ticketstore.Comment{Body: "x", Created: clock}); err != nil {
							return err
						}
					}
					if err := tx.PutTicket(tk); err != nil {
						return err
					}
				case op < 9 || setAsides == 0:
					if err := tx.PutSetAside(&ticketstore.SetAside{Subject: "x", Received: clock}); err != nil {
						return err
					}
					setAsides++
				default:
					sa, err := tx.SetAside(uint64(1 + r.IntN(setAsides)))
					if errors.Is(err, ticketstore.ErrNotFound) {
						continue
					} else if err != nil {
						return err
					}
					if sa.Released.IsZero() {
						sa.Released = clock
					} else {
						sa.Released = time.Time{} // released by mistake, set aside again
					}
					if err := tx.PutSetAside(sa); err != nil {
						return err
					}
				}
			}
			if r.IntN(10) == 0 {
				return fail
			}
			return nil
		})
		if err != nil && !errors.Is(err, fail) {
			t.Fatal(err)
		}
	}
}

func randomFilter(r *rand.Rand, n int) ticketstore.TicketFilter {
	var f ticketstore.TicketFilter
	for range r.IntN(3) {
		f.Status = append(f.Status, ticketstore.Statuses[r.IntN(len(ticketstore.Statuses))])
	}
	if r.IntN(2) == 0 {
		f.Customer = randCustomers[r.IntN(len(randCustomers))]
	}
	switch r.IntN(4) {
	case 0:
		f.Assignee = randAssignees[1+r.IntN(len(randAssignees)-1)]
	case 1:
		f.Unassigned = true
	}
	if r.IntN(3) == 0 {
		f.Before = uint64(r.IntN(n + 2))
	}
	if r.IntN(3) == 0 {
		f.After = uint64(r.IntN(n + 2))
	}
	f.Desc = r.IntN(2) == 0
	f.Limit = r.IntN(4) * r.IntN(10)
	if r.IntN(3) == 0 {
		f.ByUpdated = true
		at := t0.Add(time.Duration(r.IntN(3*n)) * time.Minute)
		switch r.IntN(3) {
		case 0:
			f.UpdatedAfter = ticketstore.Position{Updated: at, Seq: uint64(r.IntN(n + 1))}
		case 1:
			f.UpdatedBefore = ticketstore.Position{Updated: at}
		}
	}
	return f
}

// selectTickets is the filter applied to a full scan, the way a reader of TicketFilter's
// documentation would.
func selectTickets(all []ticketstore.Ticket, f ticketstore.TicketFilter) []ticketstore.Ticket {
	before := func(a, b ticketstore.Position) bool { // a < b in the update-time order
		if !a.Updated.Equal(b.Updated) {
			return a.Updated.Before(b.Updated)
		}
		return a.Seq < b.Seq
	}
	var out []ticketstore.Ticket
	for _, t := range all {
		p := ticketstore.PositionOf(&t)
		switch {
		case len(f.Status) > 0 && !slices.Contains(f.Status, t.Status),
			f.Customer != "" && t.Customer != f.Customer,
			f.Assignee != "" && t.Assignee != f.Assignee,
			f.Unassigned && t.Assignee != "",
			f.Before != 0 && t.Seq >= f.Before,
			t.Seq <= f.After,
			f.UpdatedAfter != (ticketstore.Position{}) && !before(f.UpdatedAfter, p),
			f.UpdatedBefore != (ticketstore.Position{}) && !before(p, f.UpdatedBefore):
			continue
		}
		out = append(out, t)
	}
	slices.SortStableFunc(out, func(a, b ticketstore.Ticket) int {
		less := a.Seq < b.Seq
		if f.ByUpdated {
			less = before(ticketstore.PositionOf(&a), ticketstore.PositionOf(&b))
		}
		if less != f.Desc {
			return -1
		}
		return 1
	})
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out
}

func selectSetAsides(all []ticketstore.SetAside, f ticketstore.SetAsideFilter) []uint64 {
	var out []uint64
	for _, s := range all {
		if (f.All || s.Released.IsZero()) && s.ID > f.After && (f.Before == 0 || s.ID < f.Before) {
			out = append(out, s.ID)
		}
	}
	if f.Desc {
		slices.Reverse(out)
	}
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out
}

// checkCounts compares Counts with a recount of all.
func checkCounts(t *testing.T, tx *ticketstore.Tx, all []ticketstore.Ticket) {
	t.Helper()
	want := ticketstore.Counts{Tickets: len(all), ByStatus: map[ticketstore.Status]int{}}
	for _, s := range ticketstore.Statuses {
		want.ByStatus[s] = 0
	}
	for _, tk := range all {
		want.ByStatus[tk.Status]++
	}
	sas, err := tx.SetAsides(true)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sas {
		want.SetAside++
		if s.Released.IsZero() {
			want.SetAsideOpen++
		}
	}
	want.Outbox = map[ticketstore.OutboxState]int{ticketstore.OutboxPending: 0, ticketstore.OutboxSent: 0, ticketstore.OutboxFailed: 0}
	ms, err := tx.Outbox("")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		want.Outbox[m.State]++
	}
	got, err := tx.Counts()
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Counts = %+v, %v; recount %+v", got, err, want)
	}
}
