package quote_test

import (
	"fmt"

	"helpdesk/mailflow/quote"
)

// A technician's answer relayed to a customer: the quoted ticket mail and the signature
// with the private mobile number are cut, the sign-off stays.
func ExampleCut() {
	text := "Der Drucker geht wieder.\n" +
		"\n" +
		"Viele Grüße\n" +
		"Max Keller\n" +
		"Mobil: +49 171 2345678\n" +
		"\n" +
		"Am 04.12.2026 um 08:00 schrieb Support Systemhaus <support@systemhaus.example>:\n" +
		"> Ticket 2026-000042 ist Ihnen zugewiesen.\n"
	r := quote.Cut(text, quote.Options{Signature: true})
	fmt.Printf("%s\n--\nkind: %s\nsignature: %q\n", r.Text, r.Kind, r.Signature)
	// Output:
	// Der Drucker geht wieder.
	//
	// Viele Grüße
	// Max Keller
	// --
	// kind: attribution
	// signature: "Mobil: +49 171 2345678"
}

// A customer forwarding an error mail wants it read: the forward is kept.
func ExampleCut_forward() {
	text := "Bitte ansehen.\n\nVon: Backup <backup@kunde.example>\nGesendet: Montag, 8. Dezember 2026 02:14\n" +
		"An: Anna Lange <anna.lange@kunde.example>\nBetreff: Sicherung fehlgeschlagen\n\nZiel voll."
	r := quote.Cut(text, quote.Options{Subject: "WG: Sicherung fehlgeschlagen"})
	fmt.Println(r.Kind, r.Quote == "", r.Text == text)
	// Output: forward true true
}
