package command

import (
	"fmt"
	"strings"
)

// Code names what is wrong with a line. Codes are stable: tests, logs and metrics use them;
// people read Message.
type Code string

// Codes of errors: a block with any of them must apply nothing.
const (
	CodeUnknownCommand  Code = "unknown_command"   // #word is not a command
	CodeEmptyCommand    Code = "empty_command"     // a '#' with no word
	CodeMissingValue    Code = "missing_value"     // the command needs a value
	CodeUnexpectedValue Code = "unexpected_value"  // the command takes no value, or too many
	CodeBadValue        Code = "bad_value"         // status, priority, ID or address not understood
	CodeBadDuration     Code = "bad_duration"      // no unit, zero, negative, too long, part minutes, ...
	CodeMissingReason   Code = "missing_reason"    // not billable without a reason
	CodeBadDate         Code = "bad_date"          // no such day, or in the future
	CodeBadTravel       Code = "bad_travel"        // trips or kilometres not understood
	CodeConflict        Code = "conflict"          // contradicts an earlier line
	CodeTooMany         Code = "too_many_commands" // more than 100 command lines; the rest is not read
	CodeRefused         Code = "refused"           // understood, but the desk cannot do it (see Refuse)
)

// Codes of warnings: the block is applied, but the technician should look again.
const (
	CodeAfterText      Code = "after_text"        // a command below the start of the text does nothing
	CodeDuplicate      Code = "duplicate"         // the same command twice; applied once
	CodeOldDate        Code = "old_date"          // a date more than a month back
	CodeNumberAfter    Code = "number_after"      // "#zeit 1h 30": the 30 became activity text
	CodeEmptyInternal  Code = "empty_internal"    // #intern with no text after the block
	CodeTooManyWarning Code = "too_many_warnings" // further commands after the text not listed
)

// Issue is one error or warning, tied to the line it is about.
type Issue struct {
	Line   int    // 1-based line number in the text given to Parse
	Source string // that line as written, without its line break
	Code   Code
	what   text // what is wrong
	fix    text // what would be right; may be empty
}

// Refuse is the error of a command that was understood but cannot be applied, found by the
// caller against the desk's data: an unknown technician, a customer that does not exist. what
// and fix say so in German and English ("" fix: none).
func Refuse(at Pos, whatDE, whatEN, fixDE, fixEN string) Issue {
	return Issue{Line: at.Line, Source: at.Source, Code: CodeRefused, what: text{whatDE, whatEN}, fix: text{fixDE, fixEN}}
}

// text is a phrase in both languages.
type text struct{ de, en string }

// tf formats a phrase in both languages with the same arguments.
func tf(de, en string, args ...any) text {
	return text{fmt.Sprintf(de, args...), fmt.Sprintf(en, args...)}
}

func (t text) in(lang string) string {
	if isEnglish(lang) {
		return t.en
	}
	return t.de
}

// isEnglish reports whether lang asks for English ("en", "en-GB", "EN"). Every other language
// gets German, the desk's default (as in package templates).
func isEnglish(lang string) bool {
	l := strings.ToLower(lang)
	return l == "en" || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_")
}

// Message returns the issue as one sentence for the answer mail, in German or (lang "en")
// English, e.g.
//
//	Zeile 2: „#zeit 45“ – die Dauer hat keine Einheit; richtig wäre z. B. „#zeit 45m“ oder „#zeit 1h30“
//	Line 2: "#zeit 45" – the duration has no unit; write e.g. "#zeit 45m" or "#zeit 1h30"
func (i Issue) Message(lang string) string {
	src := shorten(cleanLine(shorten(i.Source, 400)), 80) // cut first: a source may be a megabyte
	var s string
	if isEnglish(lang) {
		s = fmt.Sprintf("Line %d: %s – %s", i.Line, quote("en", src), i.what.en)
	} else {
		s = fmt.Sprintf("Zeile %d: %s – %s", i.Line, quote("de", src), i.what.de)
	}
	if fix := i.fix.in(lang); fix != "" {
		s += "; " + fix
	}
	return s
}

// Error returns the English message, so an Issue can travel as an error.
func (i Issue) Error() string { return i.Message("en") }

// quote puts s in the quotation marks of lang.
func quote(lang, s string) string {
	if isEnglish(lang) {
		return `"` + s + `"`
	}
	return "„" + s + "“"
}

// alternatives quotes each line and joins them with "oder" / "or".
func alternatives(lang string, lines []string) string {
	or := " oder "
	if isEnglish(lang) {
		or = " or "
	}
	var b strings.Builder
	for n, l := range lines {
		switch {
		case n == 0:
		case n == len(lines)-1:
			b.WriteString(or)
		default:
			b.WriteString(", ")
		}
		b.WriteString(quote(lang, shorten(l, 120)))
	}
	return b.String()
}

// rightIs says which lines would be right: "richtig wäre „a“ oder „b“".
func rightIs(lines ...string) text {
	return text{"richtig wäre " + alternatives("de", lines), "write " + alternatives("en", lines)}
}

// rightEg gives examples of right lines: "richtig wäre z. B. „a“".
func rightEg(lines ...string) text {
	return text{"richtig wäre z. B. " + alternatives("de", lines), "write e.g. " + alternatives("en", lines)}
}

// value shortens a value the technician wrote for quoting it inside a message.
func value(s string) string { return shorten(s, 40) }

// issueAt makes an issue about line n.
func issueAt(n int, source string, code Code, what, fix text) Issue {
	return Issue{Line: n, Source: source, Code: code, what: what, fix: fix}
}
