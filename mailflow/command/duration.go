package command

import (
	"fmt"
	"strings"
)

// DefaultMaxMinutes bounds one time entry when Options.MaxMinutes is 0: 12 hours. German law
// caps a working day at 10 hours (ArbZG §3); 12 leaves room for a night of emergency work
// and still catches the classic slip "#zeit 15h" for 1,5h, which 24 hours would let through
// into a bill. Longer work is recorded as several entries.
const DefaultMaxMinutes = 12 * 60

// Units of a duration, folded; a trailing '.' ("Std.", "Min.") is allowed.
var (
	hourUnits   = []string{"h", "std", "stunde", "stunden", "hour", "hours", "hr", "hrs"}
	minuteUnits = []string{"m", "min", "mins", "minute", "minuten", "minutes"}
)

// durError says why a duration is wrong and which durations would be right instead.
type durError struct {
	what text
	alts []string // durations to put in place of the one written, e.g. "45m", "1h30"
}

// number is a decimal number as written: integer digits and fraction digits.
type number struct{ whole, frac string }

// scaled returns the number times factor as a whole and a remainder over 10^len(frac).
// Both parts are at most 6 digits (see scanNumber), so nothing overflows.
func (n number) scaled(factor int) (q, rem int) {
	var v, den int64 = 0, 1
	for _, c := range n.whole + n.frac {
		v = v*10 + int64(c-'0')
	}
	for range n.frac {
		den *= 10
	}
	v *= int64(factor)
	return int(v / den), int(v % den)
}

// rounded returns the number times factor rounded to the nearest whole.
func (n number) rounded(factor int) int {
	q, rem := n.scaled(factor)
	if 2*rem >= pow10(len(n.frac)) {
		q++
	}
	return q
}

// scanNumber reads digits with an optional ',' or '.' fraction from the start of s.
func scanNumber(s string) (n number, rest string, ok bool) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	n.whole, s = s[:i], s[i:]
	if len(s) > 1 && (s[0] == ',' || s[0] == '.') && s[1] >= '0' && s[1] <= '9' {
		j := 1
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		n.frac, s = s[1:j], s[j:]
	}
	if n.whole == "" && n.frac == "" || len(n.whole) > 6 || len(n.frac) > 6 {
		return n, s, false
	}
	return n, s, true
}

// unitOf returns "h" or "m" for a unit word, "" for anything else.
func unitOf(s string) string {
	s = strings.TrimSuffix(fold(s), ".")
	for _, u := range hourUnits {
		if s == u {
			return "h"
		}
	}
	for _, u := range minuteUnits {
		if s == u {
			return "m"
		}
	}
	return ""
}

// formatMinutes writes minutes the way Help teaches: "45m", "2h", "1h30".
func formatMinutes(m int) string {
	switch {
	case m < 60:
		return fmt.Sprintf("%dm", m)
	case m%60 == 0:
		return fmt.Sprintf("%dh", m/60)
	default:
		return fmt.Sprintf("%dh%02d", m/60, m%60)
	}
}

// joinDuration joins the tokens that spell one duration, "2 h", "1 Std. 30 Min." or "1h 30m",
// into one word and says how many tokens it used. A bare number after the hours ("1h 30") is
// not joined: it may be the start of the activity ("1h 3 PCs eingerichtet").
func joinDuration(ts []token) (string, int) {
	s, n := ts[0].text, 1
	if _, rest, ok := scanNumber(s); ok && (rest == "" || isClock(s)) && n < len(ts) && unitOf(ts[n].text) != "" {
		s, n = s+ts[n].text, n+1
	}
	num, rest, ok := scanNumber(s)
	if !ok || num.frac != "" || unitOf(rest) != "h" || n >= len(ts) {
		return s, n
	}
	if m, mrest, ok := scanNumber(ts[n].text); ok && m.frac == "" && unitOf(mrest) == "m" {
		return s + ts[n].text, n + 1
	}
	if digits(ts[n].text) && n+1 < len(ts) && unitOf(ts[n+1].text) == "m" {
		return s + ts[n].text + ts[n+1].text, n + 2
	}
	return s, n
}

// isClock reports whether s is "h:mm".
func isClock(s string) bool {
	h, m, ok := strings.Cut(s, ":")
	return ok && digits(h) && len(h) <= 2 && len(m) == 2 && digits(m)
}

// parseDuration reads one joined duration: "45m", "45min", "1h", "1h30", "1h30m", "1,5h",
// "1.5h", "1:30". It reports whether only hours were given (for the "1h 30" warning).
// Zero, negative, unit-less, part-minute and ambiguous durations are errors; the upper bound
// is the caller's, because it is an option.
func parseDuration(word string) (minutes int, hoursOnly bool, err *durError) {
	s := fold(plainQuotes.Replace(word))
	if strings.HasPrefix(s, "-") {
		e := &durError{what: tf("die Dauer ist negativ", "the duration is negative")}
		// TrimLeft, not s[1:]: "------30m" must not recurse once per dash.
		if m, _, err := parseDuration(strings.TrimLeft(s, "-")); err == nil {
			e.alts = []string{formatMinutes(m)}
		}
		return 0, false, e
	}
	if isClock(strings.TrimRight(s, "hstd.")) {
		return clockDuration(s, word)
	}
	num, unit, ok := scanNumber(s)
	if !ok {
		return 0, false, &durError{what: tf("„%s“ ist keine Dauer", "%q is not a duration", value(word))}
	}
	if unit == "" {
		return 0, false, noUnit(num)
	}
	u, after := splitUnit(unit)
	var m int
	switch {
	case u == "m" && after == "":
		q, rem := num.scaled(1)
		if rem != 0 {
			e := &durError{what: tf("Bruchteile einer Minute werden nicht erfasst", "fractions of a minute are not recorded")}
			if r := num.rounded(1); r > 0 {
				e.alts = []string{formatMinutes(r)}
			}
			return 0, false, e
		}
		m = q
	case u == "h" && num.frac != "":
		if after != "" {
			return 0, false, badDuration(word)
		}
		var e *durError
		if m, e = decimalHours(num, word); e != nil {
			return 0, false, e
		}
	case u == "h":
		h, _ := num.scaled(60)
		mins, e := minutesAfterHours(after, word)
		if e != nil {
			return 0, false, e
		}
		m, hoursOnly = h+mins, after == ""
	default:
		return 0, false, badDuration(word)
	}
	if m == 0 {
		return 0, false, &durError{what: tf("die Dauer ist null", "the duration is zero")}
	}
	return m, hoursOnly, nil
}

// splitUnit splits "h30m" into the unit "h" and what follows it ("30m"); u is "" when the
// letters are no unit.
func splitUnit(s string) (u, after string) {
	i := 0
	for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] == '.') {
		i++
	}
	return unitOf(s[:i]), s[i:]
}

// minutesAfterHours reads the "30" or "30m" of "1h30m"; "" is no minutes.
func minutesAfterHours(after, word string) (int, *durError) {
	if after == "" {
		return 0, nil
	}
	num, unit, ok := scanNumber(after)
	if !ok || num.frac != "" || len(num.whole) > 2 || unit != "" && unitOf(unit) != "m" {
		return 0, badDuration(word)
	}
	m, _ := num.scaled(1)
	if m >= 60 {
		return 0, &durError{what: tf("„%s“: mehr als 59 Minuten hinter den Stunden", "%q: more than 59 minutes after the hours", value(word))}
	}
	return m, nil
}

// decimalHours converts "1,5h" to 90 minutes. Two fraction digits that could be minutes
// ("1,30h": 1h18 or 1h30?) are refused as ambiguous, except the quarters 00, 25, 50 and 75,
// which nobody writes for minutes.
func decimalHours(num number, word string) (int, *durError) {
	q, rem := num.scaled(60)
	var asMinutes []string // "1,30h" read as 1h30
	if len(num.frac) == 2 && num.frac < "60" && !strings.Contains("00 25 50 75", num.frac) {
		h, _ := number{whole: num.whole}.scaled(60)
		m, _ := number{whole: num.frac}.scaled(1)
		asMinutes = []string{formatMinutes(h + m)}
	}
	if rem != 0 {
		e := &durError{what: tf("„%s“ sind keine ganzen Minuten", "%q is not a whole number of minutes", value(word))}
		if r := num.rounded(60); r > 0 {
			e.alts = append(e.alts, formatMinutes(r))
		}
		e.alts = append(e.alts, asMinutes...)
		return 0, e
	}
	if asMinutes != nil {
		return 0, &durError{what: tf("„%s“ ist mehrdeutig (Dezimalstunden oder Stunden und Minuten?)",
			"%q is ambiguous (decimal hours, or hours and minutes?)", value(word)), alts: append([]string{formatMinutes(q)}, asMinutes...)}
	}
	return q, nil
}

func pow10(n int) int {
	p := 1
	for range n {
		p *= 10
	}
	return p
}

// clockDuration reads "1:30" (optionally "1:30h").
func clockDuration(s, word string) (int, bool, *durError) {
	hs, rest, _ := strings.Cut(s, ":")
	ms, unit := rest[:2], rest[2:]
	if unit != "" && unitOf(unit) != "h" {
		return 0, false, badDuration(word)
	}
	h, _ := number{whole: hs}.scaled(60)
	m, _ := number{whole: ms}.scaled(1)
	if m >= 60 {
		return 0, false, &durError{what: tf("„%s“: mehr als 59 Minuten hinter den Stunden", "%q: more than 59 minutes after the hours", value(word))}
	}
	if h+m == 0 {
		return 0, false, &durError{what: tf("die Dauer ist null", "the duration is zero")}
	}
	return h + m, false, nil
}

// noUnit is the error for "90": the number is offered as minutes, as hours and minutes, and
// where it is small enough, as hours.
func noUnit(num number) *durError {
	e := &durError{what: tf("die Dauer hat keine Einheit", "the duration has no unit")}
	if num.frac != "" {
		whole := num.whole
		if whole == "" {
			whole = "0"
		}
		e.alts = []string{whole + "," + num.frac + "h"}
		return e
	}
	q, _ := num.scaled(1)
	if q == 0 {
		return e
	}
	e.alts = append(e.alts, fmt.Sprintf("%dm", q))
	if q >= 60 {
		e.alts = append(e.alts, formatMinutes(q))
	}
	if q <= 12 {
		e.alts = append(e.alts, fmt.Sprintf("%dh", q))
	}
	return e
}

func badDuration(word string) *durError {
	return &durError{what: tf("„%s“ ist keine gültige Dauer", "%q is not a valid duration", value(word))}
}

// ParseDuration reads a duration as the #zeit command does ("45m", "1h30", "1,5h", "1:30"),
// for the command line's "time add": whole minutes, at least one and at most max (0:
// DefaultMaxMinutes).
func ParseDuration(s string, max int) (int, error) {
	if max <= 0 {
		max = DefaultMaxMinutes
	}
	m, _, err := parseDuration(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	switch {
	case err != nil:
		msg := err.what.en
		if len(err.alts) > 0 {
			msg += "; write e.g. " + strings.Join(err.alts, " or ")
		}
		return 0, fmt.Errorf("%s: %s", s, msg)
	case m > max:
		return 0, fmt.Errorf("%s: more than %s in one entry", s, formatMinutes(max))
	}
	return m, nil
}
