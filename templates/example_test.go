package templates_test

import (
	"fmt"
	"strings"
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

// The answer to a technician's command mail: the lead passes what changed as data, the mail
// says it in the technician's language.
func ExampleSet_Render_commandResult() {
	set, err := templates.Load("")
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := set.Render(templates.KindCommandResult, "en", templates.Data{
		Ticket:  "2026-000042",
		Subject: "Drucker im 2. OG druckt nicht",
		Status:  templates.StatusResolved,
		Applied: true,
		Changes: []templates.Change{
			{What: templates.ChangeStatus, Old: templates.StatusInProgress, New: templates.StatusResolved},
			{What: templates.ChangeTime, Minutes: 45, Billable: true, Activity: "replaced the router",
				Date: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)},
			{What: templates.ChangeAnswer},
		},
		AnsweredTo: []string{"s.schaefer@kunde.example"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Subject)
	for _, l := range strings.Split(r.Text, "\n") {
		if strings.HasPrefix(l, "- ") {
			fmt.Println(l)
		}
	}
	// Output:
	// [Ticket#2026-000042] Applied: Drucker im 2. OG druckt nicht
	// - Status: In progress → Resolved
	// - Time: 45 minutes on 28 Nov 2026, billable – replaced the router
	// - Your answer to the customer goes to s.schaefer@kunde.example
}
