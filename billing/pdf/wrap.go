package pdf

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// clean makes text safe to draw on one line: each run of invalid UTF-8 becomes one U+FFFD, and control and
// line-separating characters become spaces, so no input can move the pen or hide text.
func clean(s string) string {
	return strings.Join(strings.Fields(cleanKeepLines(strings.ReplaceAll(s, "\n", " "))), " ")
}

// cleanKeepLines is clean for text whose line breaks are meant (an activity description).
func cleanKeepLines(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\u00AD': // soft hyphen: invisible unless hyphenating, which we do not
			return -1
		case unicode.IsControl(r), r == '\u2028', r == '\u2029', r == '\r':
			return ' '
		case unicode.Is(unicode.Cf, r): // bidi overrides and other format characters
			return -1
		case r > 0xFFFF:
			// gopdf maps characters beyond the Basic Multilingual Plane to the wrong glyph
			// (an emoji came out as a Greek letter), and DejaVu has none of them anyway.
			return substitute
		}
		return r
	}, s)
}

// wrap breaks text into lines no wider than width. Paragraphs (line breaks in text) start new
// lines; a word wider than a whole line is broken between characters. The result has no empty
// lines and is empty only for blank text.
func wrap(text string, width float64, measure func(string) float64) []string {
	var lines []string
	space := measure(" ")
	for _, para := range strings.Split(cleanKeepLines(text), "\n") {
		var line []string
		lineW := 0.0
		flush := func() {
			if len(line) > 0 {
				lines = append(lines, strings.Join(line, " "))
				line, lineW = line[:0], 0
			}
		}
		for _, word := range strings.Fields(para) {
			w := measure(word)
			if len(line) > 0 && lineW+space+w <= width {
				line = append(line, word)
				lineW += space + w
				continue
			}
			flush()
			if w > width {
				pieces := breakWord(word, width, measure)
				lines = append(lines, pieces[:len(pieces)-1]...)
				word = pieces[len(pieces)-1]
				w = measure(word)
			}
			line = append(line, word)
			lineW = w
		}
		flush()
	}
	return lines
}

// breakWord cuts a word wider than width into pieces that fit, each at least one character.
// Widths add up character by character because the text is set without kerning, so one pass
// does it; measuring ever shorter tails instead is quadratic in a pasted URL or log line.
func breakWord(word string, width float64, measure func(string) float64) []string {
	var pieces []string
	start, sum := 0, 0.0
	for i := 0; i < len(word); {
		_, size := utf8.DecodeRuneInString(word[i:])
		w := measure(word[i : i+size])
		if i > start && sum+w > width {
			pieces = append(pieces, word[start:i])
			start, sum = i, 0
		}
		sum += w
		i += size
	}
	return append(pieces, word[start:])
}

// limit keeps at most n lines of width, ending the last one kept with an ellipsis when lines
// were cut.
func limit(lines []string, n int, width float64, measure func(string) float64) []string {
	if len(lines) <= n {
		return lines
	}
	if n <= 0 {
		return nil
	}
	kept := append([]string(nil), lines[:n]...)
	kept[n-1] = withEllipsis(kept[n-1], width, measure)
	return kept
}

// withEllipsis ends s in " …", dropping as much of its end as needed to stay within width.
func withEllipsis(s string, width float64, measure func(string) float64) string {
	const ell = " …"
	if measure(s+ell) <= width {
		return s + ell
	}
	if lines := wrap(s, width-measure(ell), measure); len(lines) > 0 {
		return lines[0] + ell
	}
	return "…"
}

func itoa(n int) string { return strconv.Itoa(n) }
