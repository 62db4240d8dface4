package ticketstore_test

import (
	"testing"

	"helpdesk/ticketstore"
)

// AddCommentTo counts in the caller's ticket; with one PutTicket at the end every comment keeps
// its own number, mixed with AddComment in the same transaction or not.
func TestAddCommentToThenPut(t *testing.T) {
	s, _ := openTemp(t, nil)
	tk := createTickets(t, s, ticketstore.Ticket{Subject: "x", Requester: "a@x.test"})[0]
	mustUpdate(t, s, func(tx *ticketstore.Tx) error {
		cur, err := tx.Ticket(tk.Number)
		if err != nil {
			return err
		}
		for _, body := range []string{"one", "two"} {
			if err := tx.AddCommentTo(cur, &ticketstore.Comment{Body: body, Kind: ticketstore.KindCustomer}); err != nil {
				return err
			}
		}
		cur.Status = ticketstore.StatusInProgress
		return tx.PutTicket(cur)
	})
	mustUpdate(t, s, func(tx *ticketstore.Tx) error {
		return tx.AddComment(&ticketstore.Comment{Ticket: tk.Number, Body: "three", Kind: ticketstore.KindSystem})
	})
	mustView(t, s, func(tx *ticketstore.Tx) error {
		cs, err := tx.Comments(tk.Number)
		if err != nil {
			return err
		}
		var got []string
		for _, c := range cs {
			got = append(got, c.Body)
		}
		if len(cs) != 3 || got[0] != "one" || got[1] != "two" || got[2] != "three" || cs[2].Seq != 3 {
			t.Errorf("comments = %v", got)
		}
		cur, err := tx.Ticket(tk.Number)
		if err != nil {
			return err
		}
		if cur.Comments != 3 || cur.Status != ticketstore.StatusInProgress {
			t.Errorf("ticket = %+v", cur)
		}
		return nil
	})
}
