package quote

import (
	"strings"
	"unicode/utf8"
)

// hit is a start of history found at a line: lines [start, end) belong to it. end is the
// end of the text unless the history is an attribution introducing quoted lines.
type hit struct {
	start, end int
	kind       Kind
}

// history reports whether history starts at the unquoted, non-blank line i.
func (s *scanner) history(i int) (hit, bool) {
	n := len(s.lines)
	if isSeparator(s.lines[i].lower) {
		return hit{i, n, KindSeparator}, true
	}
	if s.headerBlock(i) {
		return hit{s.headerTop(i), n, KindHeader}, true
	}
	if k := s.attribution(i); k > 0 {
		end := n
		if j := s.nextNonBlank(i + k); j < n && s.lines[j].depth > 0 {
			end = j
		}
		return hit{i, end, KindAttribution}, true
	}
	return hit{}, false
}

// separatorRE matches "-----Original Message-----" and its translations, framed by dashes
// (or underscores, equals signs, asterisks) at least on the left.
var separatorRE = lazyRegexp(`^[-_=*]{2,}\s*(original message|ursprüngliche nachricht|original-nachricht|originalnachricht|message d['’]origine|messaggio originale|oorspronkelijk bericht|oprindelig meddelelse|oprindelig besked|opprinnelig melding|ursprungligt meddelande|mensaje original|mensagem original|wiadomość oryginalna|original)\s*[-_=*]*$`)

// isSeparator reports whether a line (in lower case) is such a separator.
func isSeparator(lower string) bool {
	return lower != "" && len(lower) < 120 && strings.IndexByte("-_=*", lower[0]) >= 0 && separatorRE.MatchString(lower)
}

// forwardRE matches the lines clients put above a forwarded message.
var forwardRE = lazyRegexp(`^(?:[-_=*]{2,}\s*(?:forwarded message|weitergeleitete nachricht|message transféré|messaggio inoltrato|doorgestuurd bericht|mensaje reenviado|mensagem encaminhada|wiadomość przekazana|videresendt meddelelse|vidarebefordrat meddelande|original message follows)\s*[-_=*]*|begin forwarded message\s?:?|anfang der weitergeleiteten nachricht\s?:?|début du message réexpédié\s?:?|inizio messaggio inoltrato\s?:?|begin doorgestuurd bericht\s?:?)$`)

// isForwardMarker reports whether a line (in lower case) is such a marker.
func isForwardMarker(lower string) bool {
	return lower != "" && len(lower) < 120 && strings.IndexByte("-_=*badi", lower[0]) >= 0 && forwardRE.MatchString(lower)
}

// framedRE matches a title framed by dashes, "-------- Oprindelig besked --------".
var framedRE = lazyRegexp(`^[-_=*]{3,}\s*[^-_=*\s].{0,40}?\s*[-_=*]{3,}$`)

// isRule reports whether key is a line of only rule characters ("____", "====", "———") or
// a framed title: what clients put above a header block.
func isRule(key string) bool {
	if key == "" || len(key) > 200 {
		return false
	}
	if strings.Trim(key, "-_=*~—–─━ ") == "" {
		return utf8.RuneCountInString(key) >= 2
	}
	return framedRE.MatchString(key)
}

// headerCat is the kind of a header label.
type headerCat uint8

const (
	catFrom headerCat = 1 << iota
	catDate
	catTo
	catCc
	catSubject
	catOther
)

// headerLabels are the labels of quoted header blocks, lower case: Outlook's in the
// languages it writes, GMX's, Apple's and Gmail's forward headers.
var headerLabels = map[string]headerCat{
	"from": catFrom, "von": catFrom, "de": catFrom, "da": catFrom, "van": catFrom, "fra": catFrom,
	"från": catFrom, "od": catFrom, "absender": catFrom, "lähettäjä": catFrom, "от": catFrom,
	"sent": catDate, "date": catDate, "gesendet": catDate, "datum": catDate, "envoyé": catDate,
	"envoyé le": catDate, "enviado": catDate, "enviada": catDate, "inviato": catDate,
	"verzonden": catDate, "sendt": catDate, "dato": catDate, "skickat": catDate,
	"wysłano": catDate, "wysłane": catDate, "data": catDate, "fecha": catDate,
	"lähetetty": catDate, "отправлено": catDate, "gesendet am": catDate, "sent on": catDate,
	"to": catTo, "an": catTo, "à": catTo, "a": catTo, "para": catTo, "aan": catTo, "til": catTo,
	"till": catTo, "do": catTo, "vastaanottaja": catTo, "кому": catTo, "empfänger": catTo,
	"cc": catCc, "bcc": catCc, "kopie": catCc, "copie": catCc, "copie à": catCc, "cópia": catCc,
	"copia": catCc, "kopi": catCc, "kopia": catCc, "dw": catCc, "копия": catCc,
	"subject": catSubject, "betreff": catSubject, "objet": catSubject, "oggetto": catSubject,
	"onderwerp": catSubject, "emne": catSubject, "ämne": catSubject, "temat": catSubject,
	"asunto": catSubject, "assunto": catSubject, "aihe": catSubject, "тема": catSubject,
	"sujet":    catSubject,
	"reply-to": catOther, "antwort an": catOther, "antworten an": catOther,
}

// headerLabel returns the category of a header line (in lower case) "von: anna",
// "*sent:* monday", "objet : x" (French puts a space before the colon).
func headerLabel(lower string) (headerCat, bool) {
	lower = strings.TrimLeft(lower, "*")
	i := strings.IndexByte(lower, ':')
	if i <= 0 || i > 30 {
		return 0, false
	}
	c, ok := headerLabels[strings.TrimSpace(strings.Trim(lower[:i], "* "))]
	return c, ok
}

// Limits of a header block.
const (
	maxHeaderLines   = 16 // labelled and continuation lines
	maxContinuations = 3  // wrapped value lines in a row ("From: Name\n<address>")
)

// headerBlock reports whether a quoted mail's header block starts at line i: at least three
// distinct labels, From among them, the first a From or Sent/Date label, no empty line
// inside; a value may wrap onto following lines.
func (s *scanner) headerBlock(i int) bool {
	first, ok := headerLabel(s.lines[i].lower)
	if !ok || first&(catFrom|catDate) == 0 {
		return false
	}
	var cats headerCat
	cont := 0
	for j := i; j < len(s.lines) && j < i+maxHeaderLines; j++ {
		l := &s.lines[j]
		if l.blank || l.depth > 0 {
			break
		}
		if c, ok := headerLabel(l.lower); ok {
			cats |= c
			cont = 0
			continue
		}
		if cont++; cont > maxContinuations || len(l.key) > 200 {
			break
		}
	}
	cats &^= catOther
	distinct := 0
	for c := cats; c != 0; c &= c - 1 {
		distinct++
	}
	return cats&catFrom != 0 && distinct >= 3
}

// dateLineRE matches the date line some webmailers put right above the header block:
// Yahoo's "Message du : 12/12/2016 13:20".
var dateLineRE = lazyRegexp(`^(?:message du|message from|nachricht vom)\s?:\s*\S*\d`)

// headerTop extends a header block starting at line i upward: over a directly adjacent
// date line, then (after at most two empty lines) over one rule line.
func (s *scanner) headerTop(i int) int {
	top := i
	if top > 0 && s.isText(top-1) && dateLineRE.MatchString(s.lines[top-1].lower) {
		top--
	}
	m := top - 1
	for blanks := 0; m >= 0 && s.lines[m].blank && blanks < 2; blanks++ {
		m--
	}
	if m >= 0 && s.isText(m) && (isRule(s.lines[m].key) || isSeparator(s.lines[m].lower)) {
		top = m
	}
	return top
}

// isText reports whether line i is still new text at depth 0.
func (s *scanner) isText(i int) bool {
	return s.roles[i] == roleText && s.lines[i].depth == 0
}

// forwardPrefixes and replyPrefixes are subject prefixes (lower case, without the colon).
var (
	forwardPrefixes = map[string]bool{"wg": true, "fw": true, "fwd": true, "tr": true, "wtr": true, "rv": true, "enc": true, "doorst": true, "vs": true, "vl": true, "vb": true, "i": true, "fs": true}
	replyPrefixes   = map[string]bool{"aw": true, "re": true, "antw": true, "sv": true, "r": true, "ynt": true, "odp": true, "vá": true, "res": true}
)

// isForwardSubject reports whether the first prefix of a subject is a forward prefix.
// Ticket tags in brackets before it are skipped: "[Ticket#2026-000042] WG: Backup".
func isForwardSubject(subject string) bool {
	s := strings.TrimSpace(subject)
	for strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return false
		}
		s = strings.TrimSpace(s[end+1:])
	}
	i := strings.IndexByte(s, ':')
	if i <= 0 || i > 8 {
		return false
	}
	p := strings.ToLower(strings.TrimSpace(s[:i]))
	if replyPrefixes[p] {
		return false
	}
	return forwardPrefixes[p]
}
