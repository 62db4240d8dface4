package command

import (
	"strings"
	"unicode/utf8"
)

// splitLines splits text at "\n", "\r\n" and a lone "\r" (old Mac clients and some HTML
// converters), so line numbers match what a technician sees in any mail client.
func splitLines(text string) []string {
	var lines []string
	for {
		i := strings.IndexAny(text, "\r\n")
		if i < 0 {
			return append(lines, text)
		}
		lines = append(lines, text[:i])
		if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
			i++
		}
		text = text[i+1:]
	}
}

// cleanLine returns the line as the parser reads it: invisible characters that HTML mail
// (Outlook, OWA, Gmail) scatters into text are dropped, every kind of space becomes ' ', a
// full-width '＃' becomes '#', and the ends are trimmed. Invalid UTF-8 is dropped, so it can
// never reach a reply. Quotes and dashes are left alone: activity texts and reasons keep the
// technician's typography; values are compared through plainQuotes and fold.
func cleanLine(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		switch {
		case r == utf8.RuneError && size == 1:
		case invisible(r):
		case isSpace(r):
			b.WriteByte(' ')
		case r == '＃':
			b.WriteByte('#')
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// plainQuotes replaces typographic quotes (Outlook's AutoCorrect types „…“ for "...") by
// ASCII ones and typographic dashes and the minus sign by '-'.
var plainQuotes = strings.NewReplacer(
	"„", `"`, "“", `"`, "”", `"`, "‟", `"`, "«", `"`, "»", `"`,
	"‚", "'", "‘", "'", "’", "'", "‹", "'", "›", "'",
	"−", "-", "–", "-", "—", "-",
)

// invisible reports runes that render as nothing: the BOM, zero-width spaces and joiners, soft
// hyphens and direction marks, and other control characters.
func invisible(r rune) bool {
	switch r {
	case '\ufeff', '\u200b', '\u200c', '\u200d', '\u2060', '\u00ad', '\u200e', '\u200f',
		'\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069':
		return true
	}
	return r < 0x20 && r != '\t' || r == 0x7f || r >= 0x80 && r < 0xa0
}

// isSpace reports the space characters mail clients use between words: ASCII space and tab,
// the no-break spaces (U+00A0, U+202F), and the typographic spaces U+2000-U+200A, U+3000.
func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u00a0' || r == '\u202f' || r == '\u3000' ||
		r >= '\u2000' && r <= '\u200a'
}

// fold returns s lower-cased with German umlauts and ß spelled out (ä -> ae, ß -> ss), so
// "#Priorität", "#prioritaet" and "#PRIORITÄT" are one word. A combining diaeresis (macOS
// writes "u" + U+0308) folds like the precomposed letter.
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 4)
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'ä':
			b.WriteString("ae")
		case 'ö':
			b.WriteString("oe")
		case 'ü':
			b.WriteString("ue")
		case 'ß', 'ẞ':
			b.WriteString("ss")
		case '\u0308':
			b.WriteByte('e')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// foldValue folds a multi-word value for lookup: "In_Bearbeitung." -> "in bearbeitung".
// Underscores and hyphens count as spaces, and quotes and a closing '.' or '!' are dropped.
func foldValue(s string) string {
	s = valueSeparators.Replace(fold(plainQuotes.Replace(s)))
	s = strings.TrimRight(strings.TrimSpace(s), ".!")
	return strings.Join(strings.Fields(s), " ")
}

var valueSeparators = strings.NewReplacer("_", " ", "-", " ", `"`, " ", "'", " ")

// token is one word of a command's arguments with its byte offsets in the argument string.
type token struct {
	text       string
	start, end int
}

// maxTokens is how many words of a command's arguments are split off: the structured part of
// any command is a few words, the rest is free text taken by offset, so a megabyte of words
// on one line costs no more than a short line.
const maxTokens = 24

// tokens splits the first maxTokens words of a cleaned argument string at spaces, keeping
// offsets so that free text after the structured part (activity, reason) is taken as written.
func tokens(s string) []token {
	var ts []token
	for i := 0; i < len(s) && len(ts) < maxTokens; {
		if s[i] == ' ' {
			i++
			continue
		}
		j := strings.IndexByte(s[i:], ' ')
		if j < 0 {
			j = len(s) - i
		}
		ts = append(ts, token{s[i : i+j], i, i + j})
		i += j
	}
	return ts
}

// restAfter returns the argument text after the first n tokens, trimmed.
func restAfter(args string, ts []token, n int) string {
	if n == 0 {
		return strings.TrimSpace(args)
	}
	if n > len(ts) {
		return ""
	}
	return strings.TrimSpace(args[ts[n-1].end:])
}

// shorten returns s cut to at most max runes, with "…" where it was cut, for quoting a line
// in a message.
func shorten(s string, max int) string {
	n := 0
	for i := range s {
		if n == max {
			return s[:i] + "…"
		}
		n++
	}
	return s
}
