package templates_test

import (
	"fmt"
	"time"

	"helpdesk/templates"
)

func ExampleSet_Render() {
	set, err := templates.Load("")
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := set.Render(templates.KindConfirmation, "de", templates.Data{
		Ticket:   "2026-000042",
		Subject:  "Drucker im 2. OG druckt nicht",
		Received: time.Date(2026, 11, 28, 13, 3, 0, 0, time.UTC),
		Location: time.FixedZone("CET", 3600),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Subject)
	// Output:
	// [Ticket#2026-000042] Drucker im 2. OG druckt nicht
}
