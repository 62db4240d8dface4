// Package templates holds the texts of every mail the daemon sends, in German (the default) and
// English. Each mail kind is a pair of files, embedded in the binary:
//
//	mail/<lang>/<kind>.txt   text/template; the first line is "Subject: ..." (a template too),
//	                         the rest (after an optional blank line) is the plain-text body
//	mail/<lang>/<kind>.html  html/template; the HTML body
//
// An operator may replace any single file by putting a file of the same name into an override
// directory (<dir>/<lang>/<kind>.txt or .html). Load parses and trial-renders every template, so
// a broken override fails at start-up with the file's name, not when the first mail is sent.
//
// Templates see a Data value plus these functions, bound to the template's language:
//
//	datetime t   "28.11.2026 um 14:03 Uhr" / "28 Nov 2026 at 14:03"
//	date t       "28.11.2026" / "28 Nov 2026"
//	longdate t   "28. November 2026" / "28 November 2026"
//	month t      "November 2026"
//	clock t      "14:03"
//	status code  the status label in the template's language ("In Bearbeitung")
//	decimal s    a decimal number given as a string: "2,5" / "2.5" (other strings unchanged)
//	multiline s  (HTML only) s escaped, line breaks as <br>
//
// and, for the mails to the desk's own people (stafffuncs.go):
//
//	commentkind code   "interne Notiz" / "internal note" (customer, public, internal, system, unapplied)
//	priority code      "hoch" / "high"; "" is "keine" / "none"
//	size n             bytes as "245 KB", "1,2 MB" / "1.2 MB"
//	contact n p m      the known parts of a person: "Sabine Schäfer, Tel. 089 1, s@example.com"
//	change c to        one Change in words; to (Data.AnsweredTo) names where an answer went
//	issue i            an Issue's message, or "Zeile N: <line>" when it has none
//	join list sep      strings.Join
//
// Times are shown in Data.Location (the configured time zone), those of Data.Summary,
// Data.History and Data.Comment too (Change.Date is a calendar day and shown as it is); German
// text never uses English month or day names.
//
// # Mails to the desk's own people
//
// Technicians and dispatchers work tickets by answering mail (see mailflow/command). The kinds
// assignment, dispatch and forward carry the ticket (or its new comment) with a short hint how
// to answer; command_result says what a command mail changed or that nothing was applied and
// why; command_help wraps the syntax reference; unproven_command tells a technician, at their
// known address, that a mail in their name was set aside, and never shows that mail's text.
// Their subjects carry the subject tag, except unproven_command's, whose mail may be a forgery.
package templates
