package quote

import (
	"strings"
	"unicode/utf8"
)

// Limits of an attribution: Gmail wraps it over two lines, Apple Mail's "On Nov 21, 2014,\n
// at 10:18,\nJohn Doe <j@d> wrote:" takes three; the longest real ones are ~250 characters.
const (
	maxAttributionLines = 3
	maxAttributionLen   = 400
)

var (
	// knownOpenerRE: the words attribution lines start with, in the clients' languages.
	knownOpenerRE = lazyRegexp(`^(on|am|le|il|op|em|el|den|dnia|w dniu|in data|på)\s`)
	// genericOpenerRE: attributions that start with the date itself ("30.09.2017, 18:30,",
	// "tir. 18. apr. 2017", "ср, 30 апр.", "pe 20. lokakuuta", "Wednesday, 17 November");
	// accepted only at the start of a paragraph, where they cannot be the end of the
	// person's sentence, and only with a number right after the weekday ("Ok, danke ..." is
	// no date).
	genericOpenerRE = lazyRegexp(`^(\d|\p{L}{1,4}[.,]?\s+\d|\p{L}+(day|tag|woch),?\s+\d)`)
	// verbRE: "wrote" in the clients' languages, as a word.
	verbRE = lazyRegexp(`(?:^|[\s"'>)\]])(wrote|schrieb|geschrieben|a écrit|a ecrit|ha scritto|schreef|napisał\(a\)|napisała|napisał|escreveu|escribió|skrev|kirjoitti|írta|написал\(а\)|написала|написал)(?:$|[\s:])`)
	// dateAddrRE: a verbless attribution ends with the address: `"Anna" <a@b.de>:`.
	dateAddrRE = lazyRegexp(`<[^<>]*@[^<>]*>\s*:$`)
	// datedRestRE: what follows the verb in the name-first form: "am 01.12.2026 10:15:".
	datedRestRE = lazyRegexp(`^(?:am|on|le|il|el|em|op)\s.*\d.*:$`)
	timeRE      = lazyRegexp(`\d{1,2}[:.h]\d{2}\b`)
	yearRE      = lazyRegexp(`\b(19|20)\d{2}\b`)
)

// verbs are verbRE's words that may end an attribution without a colon ("... wrote").
var verbs = map[string]bool{
	"wrote": true, "schrieb": true, "geschrieben": true, "écrit": true, "ecrit": true, "scritto": true, "schreef": true,
	"napisał": true, "napisała": true, "napisał(a)": true, "escreveu": true, "escribió": true,
	"skrev": true, "kirjoitti": true, "írta": true, "написал": true, "написала": true,
}

// attribution returns how many lines (1 to 3) starting at line i form an attribution line,
// or 0. It matches on the lines in lower case.
func (s *scanner) attribution(i int) int {
	if !s.digitWithin(i, maxAttributionLines) {
		return 0 // every attribution has a date or time: the cheap test first
	}
	first := strings.TrimLeft(s.lines[i].lower, "-_=* ") // Zoho: "---- On ... wrote ----"
	paragraphStart := i == 0 || s.lines[i-1].blank || s.lines[i-1].depth > 0
	opened := knownOpenerRE.MatchString(first) || paragraphStart && genericOpenerRE.MatchString(first)
	if !opened && !paragraphStart {
		return 0
	}
	var b strings.Builder
	for k := 1; k <= maxAttributionLines && i+k-1 < len(s.lines); k++ {
		l := &s.lines[i+k-1]
		if l.blank || l.depth > 0 && !(k > 1 && l.key == ">:") { // Gmail wraps "<a@b>:" as "<a@b\n>:"
			return 0
		}
		if k > 1 {
			b.WriteByte(' ')
		}
		b.WriteString(l.lower)
		if b.Len() > maxAttributionLen {
			return 0
		}
		if !mayEndAttribution(l.lower) {
			continue
		}
		if j := b.String(); opened && isAttribution(j) || !opened && isNameFirst(j) {
			return k
		}
	}
	return 0
}

// digitWithin reports whether one of the n lines from line i, up to an empty line, has a
// digit.
func (s *scanner) digitWithin(i, n int) bool {
	for j := i; j < i+n && j < len(s.lines) && !s.lines[j].blank; j++ {
		if strings.IndexAny(s.lines[j].key, "0123456789") >= 0 {
			return true
		}
	}
	return false
}

// mayEndAttribution is a cheap test that an attribution could end on this line.
func mayEndAttribution(key string) bool {
	key = strings.TrimRight(key, "-_=* ")
	if strings.HasSuffix(key, ":") {
		return true
	}
	f := strings.Fields(key)
	return len(f) > 0 && verbs[f[len(f)-1]]
}

// isAttribution reports whether the joined lines j are an attribution: the verb at the end
// (only a name and the colon may follow it), or a verbless date and address ending in
// "<address>:"; a date, time or address in any case. Zoho frames it in dashes.
func isAttribution(j string) bool {
	j = strings.TrimSpace(strings.Trim(j, "-_=* "))
	if strings.IndexFunc(j, isDigit) < 0 {
		return false
	}
	hasTime := timeRE.MatchString(j)
	hasAddr := strings.Contains(j, "@")
	if all := verbRE.FindAllStringSubmatchIndex(j, -1); all != nil {
		loc := all[len(all)-1]
		before, rest := j[:loc[2]], strings.TrimSpace(j[loc[3]:])
		if strings.IndexFunc(before, isDigit) >= 0 && (hasTime || hasAddr || yearRE.MatchString(j)) {
			switch {
			case rest == ":":
				return true
			case rest == "":
				return hasTime || hasAddr
			case strings.HasSuffix(rest, ":") && utf8.RuneCountInString(rest) <= 120 &&
				strings.Count(rest, ":")-strings.Count(rest, "mailto:") == 1:
				return true
			}
		}
	}
	if loc := dateAddrRE.FindStringIndex(j); loc != nil {
		return timeRE.MatchString(j[:loc[0]])
	}
	return false
}

// isNameFirst reports whether the joined lines j are an attribution that starts with the
// writer, as HCL Notes and the Gmail app write it: "Anna Lange <a@b.de> schrieb am
// 01.12.2026 10:15:", "Anna <a@b.de> wrote on 12/01/2026 10:15:". The address before the
// verb and the time after it are required: at a paragraph start without an opener word,
// anything less could be the person's sentence.
func isNameFirst(j string) bool {
	j = strings.TrimSpace(j)
	all := verbRE.FindAllStringSubmatchIndex(j, -1)
	if all == nil {
		return false
	}
	loc := all[len(all)-1]
	before, rest := j[:loc[2]], strings.TrimSpace(j[loc[3]:])
	return strings.Contains(before, "@") && utf8.RuneCountInString(rest) <= 80 &&
		datedRestRE.MatchString(rest) && timeRE.MatchString(rest)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }
