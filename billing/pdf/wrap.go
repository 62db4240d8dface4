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
			for w > width && utf8.RuneCountInString(word) > 1 {
				head, tail := breakWord(word, width, measure)
				lines = append(lines, head)
				word = tail
				w = measure(word)
			}
			line = append(line, word)
			lineW = w
		}
		flush()
	}
	return lines
}

// breakWord splits word after the most characters that fit in width, at least one. Widths add
// up character by character because the text is set without kerning; measuring prefixes
// instead would be quadratic in a pasted URL or log line.
func breakWord(word string, width float64, measure func(string) float64) (head, tail string) {
	cut, sum := 0, 0.0
	for cut < len(word) {
		_, size := utf8.DecodeRuneInString(word[cut:])
		sum += measure(word[cut : cut+size])
		if cut > 0 && sum > width {
			break
		}
		cut += size
	}
	return word[:cut], word[cut:]
}

// limit keeps at most n lines, marking the cut with an ellipsis on the last one kept.
func limit(lines []string, n int) []string {
	if len(lines) <= n {
		return lines
	}
	if n <= 0 {
		return nil
	}
	kept := append([]string(nil), lines[:n]...)
	kept[n-1] += " …"
	return kept
}

func itoa(n int) string { return strconv.Itoa(n) }
