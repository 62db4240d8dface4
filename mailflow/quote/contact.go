package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// What the lines of a signature block look like. The tests take a line's key and its lower
// case; the regexps match the lower case, as case folding makes Go's regexps slow, and
// cheap checks come first.

var (
	// phoneRE: an international (+49 …, 0049 …, +49 (0) …) or German national (0171 …,
	// (0221) …) number; dates and ticket numbers do not start like that.
	phoneRE = lazyRegexp(`(?:^|[\s:(/])((?:\+|00)[1-9]\d{0,3}[\s./-]?(?:\(0\)[\s./-]?)?\d[\d\s./-]{4,16}\d|\(?0[1-9]\d{1,5}\)?[\s./-]{0,3}\d[\d\s./-]{3,14}\d)`)
	// phoneLabelRE: the label right in front of a number: "Tel.:", "Mobil", "M:", "Fax",
	// "Tel. / Mobil:", "Mobil (privat):".
	phoneLabelRE = lazyRegexp(`(?:^|[\s|/·•,;])(?:tel(?:efon)?|phone|fon|fax|telefax|mobil(?:e|telefon|funk)?|handy|cell(?:phone)?|mob|direkt(?:wahl)?|direct|durchwahl|zentrale|hotline|whatsapp|t|m|f|p|ph)\.?\s*(?:\([\p{L} ]{1,12}\))?\s*[:.]?\s*$`)
	// contactLabelRE: a label in front of a mail or web address.
	contactLabelRE = lazyRegexp(`^(?:e-?mail|mail|e|web|internet|homepage|url|w)\s*:`)
	mailRE         = lazyRegexp(`[^\s@<>()]+@[^\s@<>()]+\.\p{L}{2,}`)
	webRE          = lazyRegexp(`(?:https?://|www\.)\S+|^[\w-]+(?:\.[\w-]+)*\.(?:de|com|net|org|eu|at|ch|io|info|biz)$`)
	streetRE       = lazyRegexp(`^\p{L}[\p{L}.\- ]{1,40}?(?:straße|strasse|str\.|weg|platz|allee|gasse|ring|damm|ufer|chaussee|markt|steig|pfad|street|st\.|road|rd\.|avenue|ave\.?|lane)\s*\d+\s*[a-z]?(?:[-/]\d+[a-z]?)?(?:$|[\s,|·•])`)
	postalRE       = lazyRegexp(`^(?:(?:D|DE|A|AT|CH)-)?\d{4,5}\s+\p{Lu}[\p{L}.\- ]{1,40}$`)
	psRE           = lazyRegexp(`^(?:p\.?\s?s\.?|pps\.?|nachtrag)(?:\s|:|$)`)
	signOffRE      = lazyRegexp(`^(?:` + greetings + `)(?:[,!.]?\s*$|[,!]\s*\S|\s+(?:aus|from)\s)`)
	signOffNameRE  = lazyRegexp(`^(?:` + greetings + `)\s+\S+$`)
)

// greetings close a mail, in lower case.
const greetings = `mit\s+(?:freundlichen|freundlichem|besten|herzlichen|lieben|kollegialen|sonnigen)\s+(?:grüßen|grüssen|gruß|gruss)` +
	`|(?:freundliche|viele|beste|liebe|herzliche|schöne|sonnige|kollegiale)\s+(?:grüße|grüsse)` +
	`|gruß|gruss|grüße|grüsse|mfg|vg|lg|bg` +
	`|(?:vielen|besten|herzlichen)\s+dank|danke(?:\s+schön|\s+sehr)?` +
	`|(?:best|kind|warm|warmest|many)\s+regards|regards|best|cheers|thanks|thank you|many thanks|thanks again` +
	`|sincerely|yours sincerely|yours truly|all the best|best wishes|br`

// greetingWords are the first words of greetings, to skip the regexps on most lines.
var greetingWords = map[string]bool{
	"mit": true, "freundliche": true, "viele": true, "beste": true, "liebe": true, "herzliche": true,
	"schöne": true, "sonnige": true, "kollegiale": true, "gruß": true, "gruss": true, "grüße": true,
	"grüsse": true, "mfg": true, "vg": true, "lg": true, "bg": true, "vielen": true, "besten": true,
	"herzlichen": true, "danke": true, "best": true, "kind": true, "warm": true, "warmest": true,
	"many": true, "regards": true, "cheers": true, "thanks": true, "thank": true, "sincerely": true,
	"yours": true, "all": true, "br": true,
}

// legalWords mark the company's legal lines (imprint duties of German business mail).
var legalWords = []string{
	"geschäftsführ", "geschaeftsfuehr", "vorstand", "aufsichtsrat", "amtsgericht",
	"registergericht", "handelsregister", "ust-id", "ust.-id", "ustid", "ust id", "umsatzsteuer",
	"steuernummer", "steuer-nr", "st.-nr", "sitz der gesellschaft", "registered office",
	"company registration", "registered in", "vat no", "vat id", "vat reg", "inhaber:",
}

// legalForms are company legal forms, as words and case-sensitive ("AG", not "ag").
var legalForms = map[string]bool{
	"GmbH": true, "gGmbH": true, "AG": true, "KG": true, "OHG": true, "GbR": true, "UG": true,
	"mbH": true, "e.K.": true, "e.V.": true, "Ltd": true, "Ltd.": true, "Inc": true, "Inc.": true,
	"LLC": true, "SE": true, "KGaA": true, "PartG": true, "B.V.": true, "N.V.": true,
}

var disclaimerWords = []string{
	"vertraulich", "confidential", "adressat", "empfänger", "recipient", "intended", "unbefugt",
	"unauthori", "haftung", "liability", "datenschutz", "privacy", "umwelt", "environment",
	"ausdruck", "print this", "virus", "weitergabe", "disclos",
}

// isPhoneLine: a number of 7–16 digits with at most two other words ("📱 +1 555-0123",
// "0171 2345678"), or labelled ("Mobil: 0171 …", "Max Keller | Mobil 0171 …") in a line
// that is not a sentence ("Sie erreichen mich mobil: 0171 …, falls es eilt." is one).
func isPhoneLine(l *line) bool {
	if digits(l.key) < 7 {
		return false
	}
	loc := phoneRE.FindStringSubmatchIndex(l.lower)
	if loc == nil {
		return false
	}
	if d := digits(l.lower[loc[2]:loc[3]]); d < 7 || d > 16 {
		return false
	}
	before := l.lower[:loc[2]]
	if words(before+" "+l.lower[loc[3]:]) <= 2 {
		return true
	}
	return phoneLabelRE.MatchString(before) && (words(before) <= 2 || words(l.key) <= 8 && !endsSentence(l.key))
}

func digits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}

// contact reports whether line i carries contact or company data: phone, mail, web, postal
// address, legal form, register or management lines. It is asked several times per line.
func (s *scanner) contact(i int) bool {
	if s.contacts == nil {
		s.contacts = make([]int8, len(s.lines))
	}
	if s.contacts[i] == 0 {
		s.contacts[i] = -1
		if isContact(&s.lines[i]) {
			s.contacts[i] = 1
		}
	}
	return s.contacts[i] > 0
}

func isContact(l *line) bool {
	if l.blank || l.depth > 0 {
		return false
	}
	n := words(l.key)
	switch {
	case isPhoneLine(l):
		return true
	case (n <= 3 || contactLabelRE.MatchString(l.lower)) &&
		(strings.Contains(l.key, "@") && mailRE.MatchString(l.lower) || strings.Contains(l.lower, ".") && webRE.MatchString(l.lower)):
		return true
	case n <= 8 && !endsSentence(l.key) && (isAddress(l) || hasLegalForm(l.key)):
		return true
	case n <= 20 && (containsAny(l.lower, legalWords) || hasWord(l.lower, "hrb") || hasWord(l.lower, "hra")):
		return true
	}
	return false
}

func isAddress(l *line) bool {
	if digits(l.key) == 0 {
		return false
	}
	if c := l.key[0]; c >= '0' && c <= '9' || c == 'D' || c == 'A' || c == 'C' {
		if postalRE.MatchString(l.key) {
			return true
		}
	}
	return strings.HasPrefix(l.lower, "postfach ") || containsAny(l.lower, streetWords) && streetRE.MatchString(l.lower)
}

// streetWords are the endings streetRE looks for, to skip it on most lines.
var streetWords = []string{
	"str", "weg", "platz", "allee", "gasse", "ring", "damm", "ufer", "chaussee", "markt",
	"steig", "pfad", "st.", "road", "rd.", "ave", "lane",
}

func hasLegalForm(key string) bool {
	for _, f := range strings.Fields(key) {
		if legalForms[strings.TrimRight(f, ",|&)")] {
			return true
		}
	}
	return false
}

// hasWord reports whether w occurs in s as a word of letters.
func hasWord(s, w string) bool {
	for off := 0; ; {
		i := strings.Index(s[off:], w)
		if i < 0 {
			return false
		}
		i += off
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(w):])
		if !unicode.IsLetter(before) && !unicode.IsLetter(after) {
			return true
		}
		off = i + len(w)
	}
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// isShort reports whether the line could be a name or title: a few words, not a sentence.
func isShort(key string) bool {
	return words(key) <= 6 && utf8.RuneCountInString(key) <= 60 && !endsSentence(key)
}

// isSignOff reports whether the line is a greeting that closes a mail ("Viele Grüße",
// "Best regards,", "Gruß, Max", "Viele Grüße aus Köln", "Gruß Max" but not "Best
// practice": a single word after the greeting must be a capitalised name).
func isSignOff(l *line) bool {
	if l.blank || words(l.key) > 6 {
		return false
	}
	first, _, _ := strings.Cut(l.lower, " ")
	if !greetingWords[strings.TrimRight(first, ",!.")] {
		return false
	}
	if signOffRE.MatchString(l.lower) {
		return true
	}
	if !signOffNameRE.MatchString(l.lower) {
		return false
	}
	f := strings.Fields(l.key)
	r, _ := utf8.DecodeRuneInString(f[len(f)-1])
	return unicode.IsUpper(r)
}

func isDisclaimer(lower string) bool {
	return containsAny(lower, disclaimerWords)
}
