// Package command reads the command lines a technician or dispatcher writes at the top of an
// answer to a ticket mail (Zendesk's Mail API convention) and renders the syntax reference
// that "#hilfe" answers with.
//
// It is pure: Parse takes the text of the mail and today's date and returns a Block of typed
// commands, the text after the block, and errors and warnings that name the line, say what is
// wrong and what would be right, in German and English. Whether the sender may give commands,
// and applying them to the store, are the caller's business (see "Commands by mail" in
// DESIGN.md: a block with any error applies nothing).
//
// # The block
//
// After leading blank lines, every line that starts with '#' belongs to the block; blank lines
// may sit between commands, because Outlook's HTML makes each line a paragraph. The first
// other line starts the text. Words are case-insensitive, German or English, and umlauts may
// be written ae/oe/ue or left bare. Invisible characters of HTML mail (BOM, zero-width
// spaces, no-break spaces) are ignored in command lines; the text is passed on as written.
//
//   - A '#' line inside the block that is no command is an error with the closest command
//     ("#ziet" -> "#zeit"): a typo must never become text sent to the customer.
//   - A command line below the start of the text is text, but draws a warning, so that a
//     technician who wrote it under the greeting learns why it did nothing.
//   - Contradicting commands (two different #status, #assign and #take) are errors; the same
//     command twice is applied once, with a warning. #zeit and #anfahrt lines add up.
//
// # Commands
//
//	#status <value>          neu|new, in Arbeit|in Bearbeitung|in progress, wartet|waiting,
//	                         gelöst|erledigt|resolved|solved, geschlossen|closed
//	#gelöst #erledigt #solved #resolved #geschlossen #closed #wartet #waiting
//	#zuweisen <id>           also #assign
//	#übernehmen              also #take: the sender takes the ticket
//	#priorität <p>           also #priority, #prio: niedrig|low, normal, hoch|high, dringend|urgent
//	#zeit <duration> [date] [nb <reason> | kulanz [reason]] [activity]    also #time
//	#anfahrt <trips> | <km> km [date]                                     also #travel
//	#intern                  also #internal: the text is an internal note
//	#kunde <number>          also #customer, for a ticket opened on a customer's behalf
//	#melder <address>        also #requester
//	#hilfe                   also #help: answer with Help
//
// Durations need a unit: 45m, 45min, 1h, 1h30, 1h30m, 1,5h, 1.5h, 1:30, "2 h", "1 Std. 30 Min.".
// "90" is an error that offers 90m and 1h30. Zero, negative, part-minute ("1,33h") and longer
// than Options.MaxMinutes (default 12h) are errors, and so is "1,30h": 1.3 hours or 1h30?
// Two fraction digits other than .25/.50/.75 read both ways, and a wrong reading is a
// wrong bill.
//
// A date goes directly before or after the duration: heute/today, gestern/yesterday,
// vorgestern, 1.12., 01.12.2026, 1.12.26, 2026-12-01. A date without a year is the latest such
// day not after today; a date in the future is an error, one more than a month back a
// warning. Without a date an entry is for Options.Today. "1.12" without the closing dot is not
// a date (it may be a version number in the activity).
//
// Not billable: "nb", "nicht berechnen", "not billable" (and a few more) followed by the
// reason, which runs to the end of the line; without one it is an error. "kulanz"/"goodwill"
// is a reason by itself: "#zeit 20m kulanz Fehler lag bei uns" and "#zeit 20m nb Kulanz:
// Fehler lag bei uns" both give the reason "Kulanz: Fehler lag bei uns". Billable entries
// take the rest of the line as the activity text.
//
// Travel counts trips ("#anfahrt 1") or whole kilometres ("#anfahrt 35 km"): tenths of a
// kilometre would be false precision in a bill.
package command
