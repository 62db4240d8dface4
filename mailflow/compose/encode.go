package compose

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// encodeText encodes an unstructured header value (RFC 5322 section 3.2.5) with RFC 2047
// encoded words, but only the runs of words that need it: "[Ticket#2026-000042] Drucker
// Übergröße" keeps the tag and plain words readable, and the line can be folded at the spaces
// between them (go-message's SetSubject encodes the whole value as one unfoldable run).
//
// Decoders drop white space between two adjacent encoded words, so the spaces inside a run are
// encoded with it; the spaces between an encoded run and a plain word are kept by decoders.
func encodeText(s string) string {
	words := strings.Split(s, " ")
	enc := make([]bool, len(words))
	for i, w := range words {
		enc[i] = needsEncoding(w)
	}
	// An empty word (from a double space) next to an encoded run belongs to the run, or its
	// space would be dropped between two encoded words.
	for i := range words {
		if words[i] == "" && ((i > 0 && enc[i-1]) || nextEncoded(words, enc, i)) {
			enc[i] = true
		}
	}
	var out []string
	for i := 0; i < len(words); {
		if !enc[i] {
			out = append(out, words[i])
			i++
			continue
		}
		j := i
		for j < len(words) && enc[j] {
			j++
		}
		out = append(out, qEncode(strings.Join(words[i:j], " ")))
		i = j
	}
	return strings.Join(out, " ")
}

// nextEncoded reports whether the next non-empty word after i is encoded.
func nextEncoded(words []string, enc []bool, i int) bool {
	for j := i + 1; j < len(words); j++ {
		if words[j] != "" {
			return enc[j]
		}
	}
	return false
}

// needsEncoding reports whether a word cannot stand in a header as it is: bytes outside
// printable ASCII (tab allowed), or text a decoder would mistake for an encoded word.
func needsEncoding(w string) bool {
	if strings.Contains(w, "=?") {
		return true
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; (c < 0x20 && c != '\t') || c > 0x7e {
			return true
		}
	}
	return false
}

// maxEncodedWord keeps every encoded word short enough that even after "Subject: " or a long
// extra header name the first word fits in a 76-character line, so folding always succeeds.
const maxEncodedWord = 48

// qEncode encodes s as one or more "Q" encoded words (RFC 2047 section 4.2), always, even when
// s is ASCII (mime.QEncoding leaves ASCII alone, which would let "=?...?=" text through).
// Encoded words are split between characters, never inside a UTF-8 sequence.
func qEncode(s string) string {
	const prefix, suffix = "=?utf-8?q?", "?="
	var words []string
	var b strings.Builder
	b.WriteString(prefix)
	for len(s) > 0 {
		_, n := utf8.DecodeRuneInString(s)
		var chunk strings.Builder
		for _, c := range []byte(s[:n]) {
			switch {
			case c == ' ':
				chunk.WriteByte('_')
			case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
				c == '!', c == '*', c == '+', c == '-', c == '/':
				chunk.WriteByte(c)
			default:
				fmt.Fprintf(&chunk, "=%02X", c)
			}
		}
		if b.Len()+chunk.Len()+len(suffix) > maxEncodedWord && b.Len() > len(prefix) {
			words = append(words, b.String()+suffix)
			b.Reset()
			b.WriteString(prefix)
		}
		b.WriteString(chunk.String())
		s = s[n:]
	}
	words = append(words, b.String()+suffix)
	return strings.Join(words, " ")
}
