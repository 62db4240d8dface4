package ticketstore_test

import (
	"path/filepath"
	"testing"
	"time"

	"helpdesk/ticketstore"
)

// t0 is a fixed instant with nanoseconds, in UTC so records compare with reflect.DeepEqual after
// the JSON round trip.
var t0 = time.Date(2026, 3, 14, 9, 26, 53, 589793238, time.UTC)

// openTemp opens a new store in a temporary directory and closes it at the end of the test.
func openTemp(tb testing.TB, opts *ticketstore.Options) (*ticketstore.Store, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "helpdesk.db")
	s, err := ticketstore.Open(path, opts)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s, path
}

func mustUpdate(tb testing.TB, s *ticketstore.Store, fn func(tx *ticketstore.Tx) error) {
	tb.Helper()
	if err := s.Update(fn); err != nil {
		tb.Fatalf("Update: %v", err)
	}
}

func mustView(tb testing.TB, s *ticketstore.Store, fn func(tx *ticketstore.Tx) error) {
	tb.Helper()
	if err := s.View(fn); err != nil {
		tb.Fatalf("View: %v", err)
	}
}

// createTickets creates one ticket per entry (plain numbers) and returns them as stored.
func createTickets(tb testing.TB, s *ticketstore.Store, tickets ...ticketstore.Ticket) []ticketstore.Ticket {
	tb.Helper()
	out := make([]ticketstore.Ticket, len(tickets))
	mustUpdate(tb, s, func(tx *ticketstore.Tx) error {
		for i := range tickets {
			t := tickets[i]
			if err := tx.CreateTicket(&t, ticketstore.NumberPlain); err != nil {
				return err
			}
			out[i] = t
		}
		return nil
	})
	return out
}

func numbers(ts []ticketstore.Ticket) []string {
	out := []string{}
	for _, t := range ts {
		out = append(out, t.Number)
	}
	return out
}
