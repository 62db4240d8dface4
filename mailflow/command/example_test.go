package command_test

import (
	"fmt"

	"helpdesk/mailflow/command"
)

func ExampleParse() {
	mail := "#status in Arbeit\n#zeit 45m Router getauscht\n#zeit 20m kulanz Fehler lag bei uns\n\nSehr geehrte Frau Roth,\nder Router läuft wieder."
	b := command.Parse(mail, command.Options{Today: command.Date{Year: 2026, Month: 12, Day: 2}})
	for _, c := range b.Commands {
		switch c := c.(type) {
		case command.SetStatus:
			fmt.Printf("line %d: status %s\n", c.Line, c.Status)
		case command.TimeEntry:
			fmt.Printf("line %d: %d minutes on %s, billable %v %q %q\n", c.Line, c.Minutes, c.Date, c.Billable, c.Reason, c.Activity)
		}
	}
	fmt.Printf("answer from line %d: %q\n", b.TextLine, b.Text)
	// Output:
	// line 1: status in_progress
	// line 2: 45 minutes on 2026-12-02, billable true "" "Router getauscht"
	// line 3: 20 minutes on 2026-12-02, billable false "Kulanz: Fehler lag bei uns" ""
	// answer from line 5: "Sehr geehrte Frau Roth,\nder Router läuft wieder."
}

func ExampleIssue_Message() {
	b := command.Parse("#zeit 90 Router getauscht", command.Options{Today: command.Date{Year: 2026, Month: 12, Day: 2}})
	fmt.Println(b.OK())
	fmt.Println(b.Errors[0].Message("de"))
	fmt.Println(b.Errors[0].Message("en"))
	// Output:
	// false
	// Zeile 1: „#zeit 90 Router getauscht“ – die Dauer hat keine Einheit; richtig wäre „#zeit 90m Router getauscht“ oder „#zeit 1h30 Router getauscht“
	// Line 1: "#zeit 90 Router getauscht" – the duration has no unit; write "#zeit 90m Router getauscht" or "#zeit 1h30 Router getauscht"
}
