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

var outboxStates = []ticketstore.OutboxState{ticketstore.OutboxPending, ticketstore.OutboxSent, ticketstore.OutboxFailed}

// After random enqueues, deliveries, failures, retries and body removals, some in
// transactions that fail, the state index answers every filter as a full scan would, the
// counters equal a recount, and Check finds nothing.
func TestOutboxIndexRandomized(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 7))
			s, _ := openTemp(t, &ticketstore.Options{NoSync: true})
			randomOutbox(t, s, r, 200)
			mustView(t, s, func(tx *ticketstore.Tx) error {
				if err := tx.Check(); err != nil {
					t.Fatal(err)
				}
				all, err := tx.OutboxMails(ticketstore.OutboxFilter{})
				if err != nil {
					return err
				}
				want := map[ticketstore.OutboxState]int{ticketstore.OutboxPending: 0, ticketstore.OutboxSent: 0, ticketstore.OutboxFailed: 0}
				for _, m := range all {
					want[m.State]++
				}
				if c, _ := tx.Counts(); !reflect.DeepEqual(c.Outbox, want) {
					t.Errorf("Counts.Outbox = %v, recount %v", c.Outbox, want)
				}
				for range 300 {
					f := randomOutboxFilter(r, len(all))
					got, err := tx.OutboxMails(f)
					if err != nil {
						return err
					}
					if w := selectOutbox(all, f); !reflect.DeepEqual(ids(got), w) {
						t.Fatalf("OutboxMails(%+v) = %v\nfull scan says %v", f, ids(got), w)
					}
				}
				return nil
			})
		})
	}
}

func randomOutbox(t *testing.T, s *ticketstore.Store, r *rand.Rand, n int) {
	t.Helper()
	clock, mails := t0, 0
	fail := errors.New("rolled back")
	for range n {
		err := s.Update(func(tx *ticketstore.Tx) error {
			for range 1 + r.IntN(4) {
				clock = clock.Add(time.Duration(r.IntN(3)) * time.Minute)
				switch op := r.IntN(10); {
				case op < 4 || mails == 0:
					if err := tx.Enqueue(&ticketstore.OutboxMail{To: []string{"a@example.com"}, Raw: []byte("x"), Created: clock}); err != nil {
						return err
					}
					mails++
				case op < 8:
					res := ticketstore.OutboxResult{ID: uint64(1 + r.IntN(mails)), At: clock, NextAttempt: clock.Add(time.Minute)}
					switch r.IntN(3) {
					case 0:
						res.Sent = true
					case 1:
						res.Permanent = true
					}
					if err := tx.RecordOutbox(res); err != nil && !errors.Is(err, ticketstore.ErrNotFound) {
						return err
					}
				case op < 9:
					err := tx.Retry(uint64(1 + r.IntN(mails)))
					if err != nil && !errors.Is(err, ticketstore.ErrNotFound) && !errors.Is(err, ticketstore.ErrBodyRemoved) {
						continue // not failed
					}
				default:
					if _, _, err := tx.DropSentBodies(clock.Add(-5*time.Minute), clock, 1+r.IntN(3)); err != nil {
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

func randomOutboxFilter(r *rand.Rand, n int) ticketstore.OutboxFilter {
	var f ticketstore.OutboxFilter
	for range r.IntN(4) {
		f.States = append(f.States, outboxStates[r.IntN(len(outboxStates))])
	}
	if r.IntN(3) == 0 {
		f.Before = uint64(r.IntN(n + 2))
	}
	if r.IntN(3) == 0 {
		f.After = uint64(r.IntN(n + 2))
	}
	f.Desc = r.IntN(2) == 0
	f.Limit = r.IntN(4) * r.IntN(10)
	return f
}

func selectOutbox(all []ticketstore.OutboxMail, f ticketstore.OutboxFilter) []uint64 {
	out := []uint64{}
	for _, m := range all {
		if (len(f.States) == 0 || slices.Contains(f.States, m.State)) && m.ID > f.After && (f.Before == 0 || m.ID < f.Before) {
			out = append(out, m.ID)
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

// DropSentBodies removes the bytes of sent mails sent before the bound, oldest first and in
// chunks, keeps their records (marked), never touches pending or failed mail, and refuses to
// send a mail again once its bytes are gone.
func TestDropSentBodies(t *testing.T) {
	s, _ := openTemp(t, nil)
	ms := enqueue(t, s,
		ticketstore.OutboxMail{To: []string{"a@example.com"}, Raw: []byte("old sent 1"), Created: t0},
		ticketstore.OutboxMail{To: []string{"a@example.com"}, Raw: []byte("old sent 2"), Created: t0},
		ticketstore.OutboxMail{To: []string{"a@example.com"}, Raw: []byte("old sent 3"), Created: t0},
		ticketstore.OutboxMail{To: []string{"a@example.com"}, Raw: []byte("new sent"), Created: t0},
		ticketstore.OutboxMail{To: []string{"a@example.com"}, Raw: []byte("old failed"), Created: t0},
		ticketstore.OutboxMail{To: []string{"a@example.com"}, Raw: []byte("old pending"), Created: t0},
	)
	day := 24 * time.Hour
	record(t, s,
		ticketstore.OutboxResult{ID: ms[0].ID, Sent: true, At: t0.Add(1 * day)},
		ticketstore.OutboxResult{ID: ms[1].ID, Sent: true, At: t0.Add(2 * day)},
		ticketstore.OutboxResult{ID: ms[2].ID, Sent: true, At: t0.Add(3 * day)},
		ticketstore.OutboxResult{ID: ms[3].ID, Sent: true, At: t0.Add(40 * day)},
		ticketstore.OutboxResult{ID: ms[4].ID, Permanent: true, Err: "550", At: t0.Add(1 * day)},
		ticketstore.OutboxResult{ID: ms[5].ID, Err: "451", At: t0.Add(1 * day), NextAttempt: t0.Add(50 * day)},
	)
	now := t0.Add(45 * day)
	before := now.Add(-30 * day) // keep_sent 30 days: t0+15d
	var rounds []int
	for more := true; more; {
		mustUpdate(t, s, func(tx *ticketstore.Tx) error {
			n, m, err := tx.DropSentBodies(before, now, 2)
			rounds, more = append(rounds, n), m
			return err
		})
	}
	if !reflect.DeepEqual(rounds, []int{2, 1}) {
		t.Errorf("dropped per round = %v, want [2 1]", rounds)
	}
	for i, m := range ms {
		got := outboxMail(t, s, m.ID)
		removed := i < 3
		if removed != !got.BodyRemoved.IsZero() || removed != (len(got.Raw) == 0) {
			t.Errorf("mail %d (%s): body removed %v, %d bytes; want removed %v", m.ID, got.State, got.BodyRemoved, len(got.Raw), removed)
		}
		if removed && !got.BodyRemoved.Equal(now) {
			t.Errorf("mail %d: BodyRemoved = %v, want %v", m.ID, got.BodyRemoved, now)
		}
	}
	mustUpdate(t, s, func(tx *ticketstore.Tx) error {
		if n, more, err := tx.DropSentBodies(before, now, 10); n != 0 || more || err != nil {
			t.Errorf("second sweep = %d, %v, %v; want nothing", n, more, err)
		}
		if err := tx.Retry(ms[0].ID); !errors.Is(err, ticketstore.ErrBodyRemoved) {
			t.Errorf("Retry of a mail without body = %v, want ErrBodyRemoved", err)
		}
		return tx.Check()
	})
}
