package command

import (
	"fmt"
	"strings"
)

// marker is a way of writing "not billable" after the duration.
type marker struct {
	words []string // folded tokens, quotes and a trailing ':' ignored
	// prefix is the reason a marker gives by itself: "Kulanz" (goodwill) is a reason, so
	// "kulanz" alone is enough and "kulanz Fehler lag bei uns" reads "Kulanz: Fehler lag bei
	// uns", the same as "nb Kulanz: Fehler lag bei uns". Empty: the reason must follow.
	prefix string
}

var markers = []marker{
	{[]string{"nb"}, ""},
	{[]string{"n.b."}, ""},
	{[]string{"nicht", "berechnen"}, ""},
	{[]string{"nicht", "berechnet"}, ""},
	{[]string{"nicht", "abrechnen"}, ""},
	{[]string{"nicht", "abrechenbar"}, ""},
	{[]string{"not", "billable"}, ""},
	{[]string{"non-billable"}, ""},
	{[]string{"nonbillable"}, ""},
	{[]string{"unbillable"}, ""},
	{[]string{"no", "charge"}, ""},
	{[]string{"kulanz"}, "Kulanz"},
	{[]string{"goodwill"}, "Goodwill"},
}

// matchMarker returns the marker starting at token i and how many tokens it spans (0: none).
func matchMarker(ts []token, i int) (marker, int) {
	for _, m := range markers {
		if i+len(m.words) > len(ts) {
			continue
		}
		ok := true
		for k, w := range m.words {
			if markerWord(ts[i+k].text) != w {
				ok = false
				break
			}
		}
		if ok {
			return m, len(m.words)
		}
	}
	return marker{}, 0
}

// markerWord folds a token for comparing it with a marker word. Tokens longer than any marker
// word are not folded at all.
func markerWord(tok string) string {
	if len(tok) > 20 {
		return ""
	}
	return strings.Trim(fold(plainQuotes.Replace(tok)), `"':`)
}

// englishWord reports whether the technician wrote the English command word, so that examples
// in messages use "yesterday" rather than "gestern".
func (l *line) englishWord() bool {
	w := fold(l.word)
	return w == "time" || w == "travel"
}

// date parses the date token at index i, reporting a bad date as an error and an old one as
// a warning.
func (l *line) date(i int) (Date, bool) {
	d, what := parseDate(l.toks[i].text, l.opt.Today)
	if what != nil {
		day := "gestern"
		if l.englishWord() {
			day = "yesterday"
		}
		l.err(CodeBadDate, *what, rightEg(l.rewrite(i, i+1, day)))
		return Date{}, false
	}
	if n := d.daysSince(l.opt.Today); n > oldDays {
		l.warn(CodeOldDate, text{fmt.Sprintf("der %s liegt %d Tage zurück", d.german(), n), fmt.Sprintf("%s is %d days ago", d, n)},
			tf("stimmt das Jahr?", "is the year right?"))
	}
	return d, true
}

// parseTime reads "#zeit <duration> [date] [marker [reason]] [activity]"; the date may also
// come first ("#zeit gestern 45m").
func parseTime(l *line) Command {
	ts := l.toks
	if len(ts) == 0 {
		l.err(CodeMissingValue, tf("#%s braucht eine Dauer", "#%s needs a duration", l.word),
			rightEg(l.example("45m Router getauscht"), l.example("20m nb Fehler lag bei uns")))
		return nil
	}
	e := TimeEntry{Pos: l.pos, Billable: true, Date: l.opt.Today}
	i, dated := 0, false
	if looksLikeDate(ts[0].text) {
		d, ok := l.date(0)
		if !ok {
			return nil
		}
		e.Date, i, dated = d, 1, true
	}
	if i == len(ts) {
		l.err(CodeMissingValue, tf("#%s braucht eine Dauer", "#%s needs a duration", l.word), rightEg(l.rewrite(i, i, "45m")))
		return nil
	}
	word, n := joinDuration(ts[i:])
	m, hoursOnly, derr := parseDuration(word)
	if derr != nil {
		l.durationError(derr, i, n, word)
		return nil
	}
	if m > l.opt.MaxMinutes {
		l.err(CodeBadDuration, tf("mehr als %s in einem Eintrag", "more than %s in one entry", formatMinutes(l.opt.MaxMinutes)),
			tf("teilen Sie die Zeit auf mehrere #%s-Zeilen auf", "split the time into several #%s lines", l.word))
		return nil
	}
	e.Minutes = m
	i += n
	if !dated && i < len(ts) && looksLikeDate(ts[i].text) {
		d, ok := l.date(i)
		if !ok {
			return nil
		}
		e.Date, i = d, i+1
	}
	if mk, k := matchMarker(ts, i); k > 0 {
		return l.notBillable(e, mk, i, k)
	}
	e.Activity = restAfter(l.args, ts, i)
	if hoursOnly && i < len(ts) && digits(ts[i].text) && len(ts[i].text) <= 2 && ts[i].text < "60" {
		joined := word + ts[i].text
		l.warn(CodeNumberAfter, tf("„%s“ nach „%s“ steht jetzt im Tätigkeitstext", "%q after %q is now part of the activity text", ts[i].text, word),
			text{"gemeint war wohl " + quote("de", l.rewrite(i-n, i+1, joined)), "did you mean " + quote("en", l.rewrite(i-n, i+1, joined)) + "?"})
	}
	return e
}

// notBillable completes an entry whose marker mk spans tokens [i, i+k).
func (l *line) notBillable(e TimeEntry, mk marker, i, k int) Command {
	rest := strings.TrimLeft(restAfter(l.args, l.toks, i+k), ":-–— ")
	switch {
	case mk.prefix == "" && rest == "":
		l.err(CodeMissingReason, tf("nicht berechnete Zeit braucht einen Grund", "time that is not billed needs a reason"),
			rightEg(l.rewrite(i+k, i+k, "Fehler lag bei uns"), l.rewrite(i, i+k, "kulanz")))
		return nil
	case mk.prefix == "":
		e.Reason = rest
	case rest == "":
		e.Reason = mk.prefix
	default:
		e.Reason = mk.prefix + ": " + rest
	}
	e.Billable = false
	return e
}

// durationError reports derr for the duration spelt by tokens [i, i+n), suggesting the line
// with each alternative in its place.
func (l *line) durationError(derr *durError, i, n int, word string) {
	var fixes []string
	seen := map[string]bool{}
	for _, alt := range derr.alts {
		if s := l.rewrite(i, i+n, alt); !seen[s] {
			seen[s] = true
			fixes = append(fixes, s)
		}
	}
	switch {
	case len(fixes) > 0:
		l.err(CodeBadDuration, derr.what, rightIs(fixes...))
	case word == "" || !strings.ContainsAny(word[:1], "0123456789-,.−–"):
		// No number at all: the duration was left out, so show it put in front.
		l.err(CodeBadDuration, tf("am Anfang fehlt die Dauer", "the duration is missing at the start"),
			rightEg(l.rewrite(i, i, "45m"), l.rewrite(i, i, "1h30")))
	default:
		l.err(CodeBadDuration, derr.what, rightEg(l.rewrite(i, i+n, "45m"), l.rewrite(i, i+n, "1h30")))
	}
}
