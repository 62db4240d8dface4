package ticketstore_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"helpdesk/ticketstore"
)

func TestCreateTicketNumbering(t *testing.T) {
	for _, tc := range []struct {
		name    string
		format  ticketstore.NumberFormat
		created []time.Time // one ticket each; zero = the transaction's time
		want    []string
	}{
		{"year", ticketstore.NumberYear, []time.Time{t0, t0, t0}, []string{"2026-000001", "2026-000002", "2026-000003"}},
		{"plain", ticketstore.NumberPlain, []time.Time{t0, t0, t0}, []string{"1", "2", "3"}},
		{"unknown format is year", "", []time.Time{t0}, []string{"2026-000001"}},
		// One sequence across years: the number never restarts.
		{"across years", ticketstore.NumberYear,
			[]time.Time{time.Date(2025, 12, 31, 23, 59, 0, 0, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
			[]string{"2025-000001", "2026-000002"}},
		{"year from the transaction clock", ticketstore.NumberYear, []time.Time{{}},
			[]string{fmt.Sprintf("%d-000001", time.Now().Year())}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTemp(t, nil)
			var got []string
			for i, c := range tc.created {
				tk := ticketstore.Ticket{Created: c}
				before := time.Now()
				mustUpdate(t, s, func(tx *ticketstore.Tx) error { return tx.CreateTicket(&tk, tc.format) })
				if tk.Seq != uint64(i+1) {
					t.Errorf("ticket %d: Seq = %d", i, tk.Seq)
				}
				if tk.Status != ticketstore.StatusNew {
					t.Errorf("default Status = %q, want new", tk.Status)
				}
				if c.IsZero() && (tk.Created.Before(before) || tk.Created.After(time.Now())) {
					t.Errorf("default Created = %v, not the transaction time", tk.Created)
				}
				if !tk.Updated.Equal(tk.Created) {
					t.Errorf("default Updated = %v, want Created %v", tk.Updated, tk.Created)
				}
				got = append(got, tk.Number)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("numbers = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestFormatNumber(t *testing.T) {
	for _, tc := range []struct {
		seq    uint64
		format ticketstore.NumberFormat
		want   string
	}{
		{42, ticketstore.NumberYear, "2026-000042"},
		{42, ticketstore.NumberPlain, "42"},
		{1234567, ticketstore.NumberYear, "2026-1234567"}, // widens, never truncates
		{1, ticketstore.NumberPlain, "1"},
	} {
		if got := ticketstore.FormatNumber(tc.seq, t0, tc.format); got != tc.want {
			t.Errorf("FormatNumber(%d, %q) = %q, want %q", tc.seq, tc.format, got, tc.want)
		}
	}
}

func TestSequenceAcrossReopen(t *testing.T) {
	s, path := openTemp(t, nil)
	createTickets(t, s, ticketstore.Ticket{}, ticketstore.Ticket{})
	s.Close()
	s, err := ticketstore.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var tk ticketstore.Ticket
	mustUpdate(t, s, func(tx *ticketstore.Tx) error {
		tk.Created = t0
		return tx.CreateTicket(&tk, ticketstore.NumberYear)
	})
	if tk.Seq != 3 || tk.Number != "2026-000003" {
		t.Errorf("after reopen: Seq %d Number %q, want 3 2026-000003", tk.Seq, tk.Number)
	}
}

func TestTicketRoundTrip(t *testing.T) {
	s, _ := openTemp(t, nil)
	in := ticketstore.Ticket{
		Status:        ticketstore.StatusWaiting,
		Subject:       "Drucker druckt nicht – Ümläute",
		Requester:     "anna@example.com",
		RequesterName: "Anna Beispiel",
		Customer:      "K-1001",
		Contact:       "C-7",
		Language:      "de",
		Priority:      "high",
		Tags:          []string{"printer", "floor-2"},
		Flags:         []string{"unknown_sender", "bounced:anna@example.com"},
		LinkedTo:      "2026-000007",
		Created:       t0,
		Updated:       t0.Add(time.Hour),
		Received:      t0.Add(-time.Minute),
		ThreadIDs:     []string{"a@example.com", "b@helpdesk.example"},
		Comments:      0,
	}
	tk := in
	mustUpdate(t, s, func(tx *ticketstore.Tx) error { return tx.CreateTicket(&tk, ticketstore.NumberYear) })
	want := in
	want.Seq, want.Number = 1, "2026-000001"
	if !reflect.DeepEqual(tk, want) {
		t.Errorf("CreateTicket changed given fields:\n got %+v\nwant %+v", tk, want)
	}
	mustView(t, s, func(tx *ticketstore.Tx) error {
		got, err := tx.Ticket("2026-000001")
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("Ticket round trip:\n got %+v\nwant %+v", *got, want)
		}
		for _, n := range []string{"", "1", "2026-000002", "2026-00001", "2026-000001 "} {
			if _, err := tx.Ticket(n); !errors.Is(err, ticketstore.ErrNotFound) {
				t.Errorf("Ticket(%q) error = %v, want ErrNotFound", n, err)
			}
		}
		return nil
	})
}

func TestPutTicketErrors(t *testing.T) {
	s, _ := openTemp(t, nil)
	tk := createTickets(t, s, ticketstore.Ticket{Subject: "a"})[0]
	for _, tc := range []struct {
		name   string
		change func(*ticketstore.Ticket)
		is     error
	}{
		{"invalid status", func(t *ticketstore.Ticket) { t.Status = "open" }, nil},
		{"empty status", func(t *ticketstore.Ticket) { t.Status = "" }, nil},
		{"unknown seq", func(t *ticketstore.Ticket) { t.Seq = 99 }, ticketstore.ErrNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tk
			tc.change(&c)
			err := s.Update(func(tx *ticketstore.Tx) error { return tx.PutTicket(&c) })
			if err == nil || (tc.is != nil && !errors.Is(err, tc.is)) {
				t.Fatalf("PutTicket = %v, want error (%v)", err, tc.is)
			}
		})
	}
	t.Run("CreateTicket invalid status", func(t *testing.T) {
		err := s.Update(func(tx *ticketstore.Tx) error {
			return tx.CreateTicket(&ticketstore.Ticket{Status: "bogus"}, ticketstore.NumberPlain)
		})
		if err == nil {
			t.Fatal("CreateTicket with an invalid status succeeded")
		}
	})
	for _, st := range ticketstore.Statuses {
		if !st.Valid() {
			t.Errorf("%q not Valid", st)
		}
	}
}

// The status index follows every change: no ticket is listed under a status it left.
func TestTicketsStatusIndex(t *testing.T) {
	s, _ := openTemp(t, nil)
	const (
		nw = ticketstore.StatusNew
		ip = ticketstore.StatusInProgress
		wa = ticketstore.StatusWaiting
		rs = ticketstore.StatusResolved
		cl = ticketstore.StatusClosed
	)
	tickets := createTickets(t, s,
		ticketstore.Ticket{Customer: "A"}, ticketstore.Ticket{Customer: "B"}, ticketstore.Ticket{Customer: "A"},
		ticketstore.Ticket{Customer: "A"}, ticketstore.Ticket{}, ticketstore.Ticket{Customer: "B"})
	// Steps of status changes (ticket index -> status), each in its own transaction; the last step
	// changes one ticket twice in one transaction and re-puts another unchanged.
	steps := [][]struct {
		i  int
		st ticketstore.Status
	}{
		{{0, ip}, {1, ip}, {2, wa}},
		{{0, wa}, {3, cl}},
		{{0, rs}, {1, nw}, {4, ip}},
		{{0, ip}, {0, cl}, {5, nw}, {2, wa}},
	}
	for _, step := range steps {
		mustUpdate(t, s, func(tx *ticketstore.Tx) error {
			for _, c := range step {
				tk, err := tx.Ticket(tickets[c.i].Number)
				if err != nil {
					return err
				}
				tk.Status = c.st
				if err := tx.PutTicket(tk); err != nil {
					return err
				}
			}
			return nil
		})
	}
	// Final: 0 closed, 1 new, 2 waiting, 3 closed, 4 in progress, 5 new.
	for _, tc := range []struct {
		name string
		f    ticketstore.TicketFilter
		want []string
	}{
		{"all, oldest first", ticketstore.TicketFilter{}, []string{"1", "2", "3", "4", "5", "6"}},
		{"new", ticketstore.TicketFilter{Status: []ticketstore.Status{nw}}, []string{"2", "6"}},
		{"in progress", ticketstore.TicketFilter{Status: []ticketstore.Status{ip}}, []string{"5"}},
		{"waiting", ticketstore.TicketFilter{Status: []ticketstore.Status{wa}}, []string{"3"}},
		{"resolved", ticketstore.TicketFilter{Status: []ticketstore.Status{rs}}, []string{}},
		{"closed", ticketstore.TicketFilter{Status: []ticketstore.Status{cl}}, []string{"1", "4"}},
		{"several statuses, merged oldest first", ticketstore.TicketFilter{Status: []ticketstore.Status{cl, nw}}, []string{"1", "2", "4", "6"}},
		{"every status", ticketstore.TicketFilter{Status: ticketstore.Statuses}, []string{"1", "2", "3", "4", "5", "6"}},
		{"unknown status", ticketstore.TicketFilter{Status: []ticketstore.Status{"open"}}, []string{}},
		{"customer", ticketstore.TicketFilter{Customer: "A"}, []string{"1", "3", "4"}},
		{"unknown customer", ticketstore.TicketFilter{Customer: "Z"}, []string{}},
		{"customer and status", ticketstore.TicketFilter{Customer: "B", Status: []ticketstore.Status{nw}}, []string{"2", "6"}},
		{"customer and status, none", ticketstore.TicketFilter{Customer: "A", Status: []ticketstore.Status{nw}}, []string{}},
		{"limit", ticketstore.TicketFilter{Limit: 2}, []string{"1", "2"}},
		{"limit, newest first", ticketstore.TicketFilter{Limit: 2, Desc: true}, []string{"6", "5"}},
		{"limit larger than result, newest first", ticketstore.TicketFilter{Limit: 100, Desc: true}, []string{"6", "5", "4", "3", "2", "1"}},
		{"limit with status", ticketstore.TicketFilter{Limit: 1, Desc: true, Status: []ticketstore.Status{cl, wa}}, []string{"4"}},
		{"limit with customer", ticketstore.TicketFilter{Limit: 2, Desc: true, Customer: "A"}, []string{"4", "3"}},
		{"status twice", ticketstore.TicketFilter{Status: []ticketstore.Status{nw, nw}}, []string{"2", "6"}},
		{"desc, several statuses merged", ticketstore.TicketFilter{Desc: true, Status: []ticketstore.Status{nw, cl, wa}}, []string{"6", "4", "3", "2", "1"}},
		{"before, newest first", ticketstore.TicketFilter{Before: 4, Desc: true}, []string{"3", "2", "1"}},
		{"after, oldest first", ticketstore.TicketFilter{After: 4}, []string{"5", "6"}},
		{"negative limit is none", ticketstore.TicketFilter{Limit: -1}, []string{"1", "2", "3", "4", "5", "6"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mustView(t, s, func(tx *ticketstore.Tx) error {
				got, err := tx.Tickets(tc.f)
				if err != nil {
					return err
				}
				if !reflect.DeepEqual(numbers(got), tc.want) {
					t.Errorf("Tickets(%+v) = %q, want %q", tc.f, numbers(got), tc.want)
				}
				for _, g := range got {
					if len(tc.f.Status) > 0 && !contains(tc.f.Status, g.Status) {
						t.Errorf("ticket %s has status %q, not in filter", g.Number, g.Status)
					}
				}
				return nil
			})
		})
	}
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func TestComments(t *testing.T) {
	s, _ := openTemp(t, nil)
	tickets := createTickets(t, s, ticketstore.Ticket{Created: t0}, ticketstore.Ticket{Created: t0})
	n1, n2 := tickets[0].Number, tickets[1].Number
	in := []ticketstore.Comment{
		{Ticket: n1, Author: "anna@example.com", Kind: ticketstore.KindCustomer, Body: "Drucker kaputt", Created: t0,
			MessageID: "m1@example.com", RawID: 3,
			Attachments: []ticketstore.Attachment{{Name: "foto.jpg", ContentType: "image/jpeg", ContentID: "c1", Inline: true, Size: 1234, SHA256: "ab"}}},
		{Ticket: n2, Author: "bob@example.com", Kind: ticketstore.KindCustomer, Body: "other ticket", Created: t0},
		{Ticket: n1, Author: "tech", Kind: ticketstore.KindPublic, Body: "Neustart?", Created: t0.Add(time.Hour)},
		{Ticket: n1, Author: "tech", Kind: ticketstore.KindInternal, Body: "note", Created: t0.Add(30 * time.Minute)}, // older than Updated
		{Ticket: n1, Author: "system", Kind: ticketstore.KindSystem, Body: "status", Created: t0.Add(2 * time.Hour)},
	}
	var stored []ticketstore.Comment
	for i := range in {
		c := in[i]
		mustUpdate(t, s, func(tx *ticketstore.Tx) error { return tx.AddComment(&c) })
		stored = append(stored, c)
	}
	wantSeq := []uint64{1, 1, 2, 3, 4}
	for i, c := range stored {
		if c.Seq != wantSeq[i] {
			t.Errorf("comment %d: Seq = %d, want %d", i, c.Seq, wantSeq[i])
		}
	}
	mustView(t, s, func(tx *ticketstore.Tx) error {
		got1, err := tx.Comments(n1)
		if err != nil {
			return err
		}
		want1 := []ticketstore.Comment{stored[0], stored[2], stored[3], stored[4]}
		if !reflect.DeepEqual(got1, want1) {
			t.Errorf("Comments(%s):\n got %+v\nwant %+v", n1, got1, want1)
		}
		got2, err := tx.Comments(n2)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(got2, []ticketstore.Comment{stored[1]}) {
			t.Errorf("Comments(%s) = %+v", n2, got2)
		}
		tk, err := tx.Ticket(n1)
		if err != nil {
			return err
		}
		// The counter follows the comments; Updated is the newest comment time, never moved back.
		if tk.Comments != 4 || !tk.Updated.Equal(t0.Add(2*time.Hour)) {
			t.Errorf("ticket after comments: Comments %d Updated %v", tk.Comments, tk.Updated)
		}
		if _, err := tx.Comments("nope"); !errors.Is(err, ticketstore.ErrNotFound) {
			t.Errorf("Comments(unknown) = %v, want ErrNotFound", err)
		}
		return nil
	})
	t.Run("no comments", func(t *testing.T) {
		tk := createTickets(t, s, ticketstore.Ticket{})[0]
		mustView(t, s, func(tx *ticketstore.Tx) error {
			got, err := tx.Comments(tk.Number)
			if err != nil || len(got) != 0 {
				t.Errorf("Comments of a new ticket = %v, %v", got, err)
			}
			return nil
		})
	})
	t.Run("unknown ticket", func(t *testing.T) {
		err := s.Update(func(tx *ticketstore.Tx) error {
			return tx.AddComment(&ticketstore.Comment{Ticket: "nope", Body: "x"})
		})
		if !errors.Is(err, ticketstore.ErrNotFound) {
			t.Errorf("AddComment to unknown ticket = %v, want ErrNotFound", err)
		}
	})
	t.Run("default Created", func(t *testing.T) {
		c := ticketstore.Comment{Ticket: n2, Body: "now"}
		before := time.Now()
		mustUpdate(t, s, func(tx *ticketstore.Tx) error { return tx.AddComment(&c) })
		if c.Created.Before(before) || c.Created.After(time.Now()) || c.Seq != 2 {
			t.Errorf("comment without Created: Created %v Seq %d", c.Created, c.Seq)
		}
	})
}

// A ticket loaded (or created) before AddComment and stored afterwards with PutTicket must not
// reset the comment counter: otherwise the next comment reuses a number and overwrites one.
func TestPutTicketStaleCopyKeepsComments(t *testing.T) {
	s, _ := openTemp(t, nil)
	var tk ticketstore.Ticket
	mustUpdate(t, s, func(tx *ticketstore.Tx) error {
		if err := tx.CreateTicket(&tk, ticketstore.NumberPlain); err != nil {
			return err
		}
		if err := tx.AddComment(&ticketstore.Comment{Ticket: tk.Number, Body: "first mail"}); err != nil {
			return err
		}
		tk.Flags = append(tk.Flags, "unknown_sender") // tk.Comments is still 0 here
		return tx.PutTicket(&tk)
	})
	mustUpdate(t, s, func(tx *ticketstore.Tx) error {
		cur, err := tx.Ticket(tk.Number)
		if err != nil {
			return err
		}
		if err := tx.AddComment(&ticketstore.Comment{Ticket: tk.Number, Body: "answer"}); err != nil {
			return err
		}
		cur.Status = ticketstore.StatusInProgress
		return tx.PutTicket(cur)
	})
	mustUpdate(t, s, func(tx *ticketstore.Tx) error {
		return tx.AddComment(&ticketstore.Comment{Ticket: tk.Number, Body: "third"})
	})
	mustView(t, s, func(tx *ticketstore.Tx) error {
		cs, err := tx.Comments(tk.Number)
		if err != nil {
			return err
		}
		var bodies []string
		for _, c := range cs {
			bodies = append(bodies, fmt.Sprintf("%d:%s", c.Seq, c.Body))
		}
		if want := []string{"1:first mail", "2:answer", "3:third"}; !reflect.DeepEqual(bodies, want) {
			t.Errorf("comments = %q, want %q", bodies, want)
		}
		got, err := tx.Ticket(tk.Number)
		if err != nil {
			return err
		}
		if got.Comments != 3 || got.Status != ticketstore.StatusInProgress || len(got.Flags) != 1 {
			t.Errorf("ticket = %+v", got)
		}
		return nil
	})
}

func TestMessageIDIndex(t *testing.T) {
	s, _ := openTemp(t, nil)
	tickets := createTickets(t, s, ticketstore.Ticket{}, ticketstore.Ticket{})
	n1, n2 := tickets[0].Number, tickets[1].Number
	mustUpdate(t, s, func(tx *ticketstore.Tx) error {
		return errors.Join(
			tx.IndexMessageID("first@example.com", n1),
			tx.IndexMessageID("reply@helpdesk.example", n1),
			tx.IndexMessageID("other@example.com", n2),
			tx.IndexMessageID("moved@example.com", n1),
			tx.IndexMessageID("moved@example.com", n2), // last one wins
			tx.IndexMessageID("", n1),                  // ignored
		)
	})
	// IDs are stored exactly as given (parse.Message.MessageID is already without angle
	// brackets); the store does not normalise brackets or case.
	for _, tc := range []struct {
		id, want string
	}{
		{"first@example.com", n1},
		{"reply@helpdesk.example", n1},
		{"other@example.com", n2},
		{"moved@example.com", n2},
		{"", ""},
		{"unknown@example.com", ""},
		{"<first@example.com>", ""},
		{"FIRST@example.com", ""},
	} {
		mustView(t, s, func(tx *ticketstore.Tx) error {
			if got := tx.TicketByMessageID(tc.id); got != tc.want {
				t.Errorf("TicketByMessageID(%q) = %q, want %q", tc.id, got, tc.want)
			}
			return nil
		})
	}
}
