package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// line is one line of the input.
type line struct {
	raw   string // as in the input, without trailing white space
	key   string // for matching: odd spaces made plain, zero-width ones dropped, trimmed
	lower string // key in lower case: matching on it spares the regexps case folding
	depth int    // number of leading ">" (spaces between them allowed)
	blank bool
}

// splitLines splits text at any line ending.
func splitLines(text string) []line {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	parts := strings.Split(text, "\n")
	lines := make([]line, len(parts))
	for i, p := range parts {
		l := &lines[i]
		l.raw = strings.TrimRightFunc(p, unicode.IsSpace)
		l.key = p
		if needsPlainSpace(p) {
			l.key = strings.Map(plainSpace, p)
		}
		l.key = strings.TrimSpace(l.key)
		l.blank = l.key == ""
		l.lower = strings.ToLower(l.key)
		l.depth = quoteDepth(l.key)
	}
	return lines
}

// plainSpace maps the no-break and narrow spaces that HTML conversion and some clients
// leave (Outlook's "Objet :" has U+00A0) to a space, and drops zero-width characters.
func plainSpace(r rune) rune {
	switch r {
	case '\u00a0', '\u202f', '\u2007', '\u2009', '\t':
		return ' '
	case '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\ufeff':
		return -1
	}
	return r
}

// needsPlainSpace reports whether plainSpace would change s: a tab or a non-ASCII byte.
func needsPlainSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '\t' || s[i] >= 0x80 {
			return true
		}
	}
	return false
}

func quoteDepth(key string) int {
	d := 0
	for _, c := range key {
		switch c {
		case '>':
			d++
		case ' ':
		default:
			return d
		}
	}
	return d
}

// wrapWidth is the width at which clients wrap quoted lines (72–78 characters).
const wrapWidth = 76

// quoteBlock returns the end of the quote block starting at the quoted line i: quoted lines,
// the empty lines between them, and re-wrapped quote lines (see rewrapped). It returns i
// when the block is a single line like ">50 % Paketverlust", which is text.
func (s *scanner) quoteBlock(i int) int {
	n := len(s.lines)
	j := i
	for j < n {
		switch l := &s.lines[j]; {
		case l.depth > 0:
			j++
		case l.blank:
			k := s.nextNonBlank(j)
			if k >= n || s.lines[k].depth == 0 {
				return s.checkBlock(i, j)
			}
			j = k
		case s.rewrapped(j):
			j++
		default:
			return s.checkBlock(i, j)
		}
	}
	return s.checkBlock(i, j)
}

// checkBlock rejects a block [i, j) that is one quoted line with no space after its ">".
func (s *scanner) checkBlock(i, j int) int {
	if j == i+1 {
		k := s.lines[i].key
		if len(k) > 1 && k[1] != ' ' && k[1] != '>' {
			return i
		}
	}
	return j
}

// rewrapped reports whether the unquoted line j, squeezed between two quoted lines, is the
// overflow of the quoted line above it, as clients produce when they wrap quotes after
// adding "> ": its first word would not have fitted on that line, and that line does not
// end a sentence. "> ... erreichbar?\nja\n> ..." stays an answer.
func (s *scanner) rewrapped(j int) bool {
	if j == 0 || j+1 >= len(s.lines) || s.lines[j-1].depth == 0 || s.lines[j+1].depth == 0 {
		return false
	}
	prev, cur := s.lines[j-1].raw, s.lines[j].key
	if strings.ContainsAny(lastRune(prev), ".?!:;") {
		return false
	}
	first, _, _ := strings.Cut(cur, " ")
	return utf8.RuneCountInString(prev)+1+utf8.RuneCountInString(first) > wrapWidth
}

func lastRune(s string) string {
	_, size := utf8.DecodeLastRuneInString(s)
	return s[len(s)-size:]
}

// words counts the words of s, separated by ASCII white space (keys have no other).
func words(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		sp := s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\v' || s[i] == '\f'
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}

// endsSentence reports whether s ends like a sentence (".", "!", "?", ":"); a final
// abbreviation with an inner dot ("e.K.", "Dipl.-Ing.", "M.Sc.") does not.
func endsSentence(s string) bool {
	if s == "" {
		return false
	}
	switch lastRune(s) {
	case "!", "?", ":":
		return true
	case ".":
		f := strings.Fields(s)
		if len(f) == 0 {
			return false
		}
		last := f[len(f)-1]
		return !strings.Contains(last[:len(last)-1], ".")
	}
	return false
}
