package thread

import "regexp"

// SubjectTag returns the subject tag of a ticket, "[Ticket#<number>]".
func SubjectTag(number string) string {
	return "[Ticket#" + number + "]"
}

// subjectTag matches a tag as people and clients leave it: any case of "ticket", spaces
// (also no-break spaces, which Outlook likes) around "#" and inside the brackets. It is not
// anchored, so reply and forward prefixes ("AW: WG: Re:") and edits before the tag do not
// matter.
var subjectTag = regexp.MustCompile(`(?i)\[[\s\x{a0}]*ticket[\s\x{a0}]*#[\s\x{a0}]*([0-9][0-9-]*)[\s\x{a0}]*\]`)

// FindSubjectTag returns the ticket number of the first subject tag in subject
// ("[Ticket#2026-000042]", "[Ticket #42]", "AW: [ticket#42] ..."), ok=false when there is none.
// A tag holding no well-formed number ("[Ticket#4--2]") is skipped.
func FindSubjectTag(subject string) (number string, ok bool) {
	for _, m := range subjectTag.FindAllStringSubmatch(subject, 20) {
		if validNumber(m[1]) {
			return m[1], true
		}
	}
	return "", false
}
