package ticketstore_test

import (
	"testing"

	"helpdesk/ticketstore"
)

// BenchmarkCreateTicketWithOutbox measures the intake's commit of one new ticket: one Update
// with the ticket, its first comment, its Message-ID and the confirmation mail, fsynced
// (default Options).
func BenchmarkCreateTicketWithOutbox(b *testing.B) {
	s, _ := openTemp(b, nil)
	raw := make([]byte, 4<<10)
	for i := range raw {
		raw[i] = 'a' + byte(i%26)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		err := s.Update(func(tx *ticketstore.Tx) error {
			t := &ticketstore.Ticket{Subject: "Drucker druckt nicht", Requester: "anna@example.com", Customer: "K-1001"}
			if err := tx.CreateTicket(t, ticketstore.NumberYear); err != nil {
				return err
			}
			if err := tx.AddComment(&ticketstore.Comment{Ticket: t.Number, Author: t.Requester,
				Kind: ticketstore.KindCustomer, Body: "Guten Tag, der Drucker im 2. Stock druckt nicht."}); err != nil {
				return err
			}
			if err := tx.IndexMessageID(t.Number+"@example.com", t.Number); err != nil {
				return err
			}
			return tx.Enqueue(&ticketstore.OutboxMail{Ticket: t.Number, Kind: "confirmation",
				From: "helpdesk@example.com", To: []string{t.Requester}, Subject: "[" + t.Number + "] Drucker druckt nicht",
				MessageID: t.Number + ".confirm@helpdesk.example", Automatic: true, Raw: raw})
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
}
