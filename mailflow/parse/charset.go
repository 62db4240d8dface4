package parse

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/transform"
)

// latin1Labels are labels under which real mail mostly carries Windows-1252: for printable
// characters it is a superset of ISO-8859-1, and it maps 0x80-0x9F to "€", typographic quotes
// and dashes where ISO-8859-1 has invisible C1 controls.
var latin1Labels = map[string]bool{
	"iso-8859-1": true, "iso8859-1": true, "iso_8859-1": true, "iso88591": true,
	"iso_8859-1:1987": true, "latin1": true, "latin-1": true, "l1": true, "cp819": true,
	"ibm819": true, "csisolatin1": true, "iso-ir-100": true, "ansi_x3.110-1983": true,
	"windows-1252": true, "cp1252": true, "x-cp1252": true, label1252: true,
}

// lenientLabels are labels whose text is taken as UTF-8 where valid and as Windows-1252
// elsewhere: 8-bit bytes in "us-ascii" or unlabelled mail are usually one of the two.
var lenientLabels = map[string]bool{
	"": true, "us-ascii": true, "ascii": true, "ansi_x3.4-1968": true, "us": true,
	"iso646-us": true, "csascii": true, "utf-8": true, "utf8": true, "x-unknown": true,
	"unknown-8bit": true, "default": true, labelLenient: true,
}

// Private labels that relabelWords gives encoded words so that our CharsetReader sees them.
const (
	label1252    = "x-helpdesk-1252"
	labelLenient = "x-helpdesk-lenient"
)

// decoderFor returns the decoder for a MIME charset label and whether the label was
// understood. An unknown label gets the lenient UTF-8/Windows-1252 decoder.
func decoderFor(label string) (transform.Transformer, bool) {
	l := strings.ToLower(strings.Trim(strings.TrimSpace(label), `"'`))
	switch {
	case lenientLabels[l]:
		return utf8Or1252{}, true
	case latin1Labels[l]:
		return charmap.Windows1252.NewDecoder(), true
	}
	if enc := lookupEncoding(l); enc != nil {
		return enc.NewDecoder(), true
	}
	return utf8Or1252{}, false
}

// lookupEncoding finds an encoding by its IANA MIME name or alias, then by WHATWG label
// (which knows common misspellings).
func lookupEncoding(l string) encoding.Encoding {
	if enc, err := ianaindex.MIME.Encoding(l); err == nil && enc != nil {
		return enc
	}
	if enc, err := ianaindex.MIME.Encoding("cs" + l); err == nil && enc != nil {
		return enc
	}
	if enc, err := htmlindex.Get(l); err == nil && enc != nil {
		return enc
	}
	return nil
}

// decodeString converts s from charset label to UTF-8; ok is false for an unknown label.
func decodeString(label, s string) (string, bool) {
	t, ok := decoderFor(label)
	out, _, err := transform.String(t, s)
	if err != nil {
		out, _, _ = transform.String(utf8Or1252{}, s)
		return out, false
	}
	return out, ok
}

// fix8bit returns s as valid UTF-8: sequences that are valid UTF-8 are kept, other bytes are
// read as Windows-1252. Raw 8-bit header fields arrive like this.
func fix8bit(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	out, _, _ := transform.String(utf8Or1252{}, s)
	return out
}

// utf8Or1252 is a transformer that passes valid UTF-8 through and decodes every byte that is
// not part of a valid UTF-8 sequence as Windows-1252. It never fails.
type utf8Or1252 struct{ transform.NopResetter }

func (utf8Or1252) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		c := src[nSrc]
		if c < utf8.RuneSelf {
			if nDst >= len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			dst[nDst] = c
			nDst++
			nSrc++
			continue
		}
		r, size := utf8.DecodeRune(src[nSrc:])
		if r == utf8.RuneError && size == 1 {
			if !atEOF && !utf8.FullRune(src[nSrc:]) {
				return nDst, nSrc, transform.ErrShortSrc
			}
			r = charmap.Windows1252.DecodeByte(c)
		}
		if nDst+utf8.RuneLen(r) > len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		nDst += utf8.EncodeRune(dst[nDst:], r)
		nSrc += size
	}
	return nDst, nSrc, nil
}

// charsetReader is a mime.WordDecoder CharsetReader that never fails: an unknown charset is
// decoded leniently and reported through problem. An encoded word is small, so it is decoded
// at once; the bytes.Reader returned lets io.Copy skip its 32 KiB buffer.
func charsetReader(problem func(string)) func(string, io.Reader) (io.Reader, error) {
	return func(label string, r io.Reader) (io.Reader, error) {
		t, ok := decoderFor(label)
		if !ok {
			problem(fmt.Sprintf("unknown charset %q in header", clip(label, 40)))
		}
		in, err := io.ReadAll(r)
		if err != nil {
			return nil, err
		}
		out, _, err := transform.Bytes(t, in)
		if err != nil {
			out, _, _ = transform.Bytes(utf8Or1252{}, in)
		}
		return bytes.NewReader(out), nil
	}
}

// wordLatin1 matches the start of an RFC 2047 encoded word in a Latin-1 family or US-ASCII
// charset (with an optional RFC 2231 language suffix). The standard library decodes those
// itself, byte for code point, which turns Windows-1252's "€" and quotes into C1 controls.
var wordLatin1 = regexp.MustCompile(`(?i)=\?(iso-8859-1|iso8859-1|iso_8859-1|latin-?1|us-ascii|windows-1252|cp1252)(\*[a-z0-9-]*)?\?`)

// relabelWords rewrites the charset of such encoded words so our CharsetReader decodes them.
func relabelWords(s string) string {
	if !strings.Contains(s, "=?") {
		return s
	}
	return wordLatin1.ReplaceAllStringFunc(s, func(w string) string {
		if strings.HasPrefix(strings.ToLower(w), "=?us-ascii") {
			return "=?" + labelLenient + "?"
		}
		return "=?" + label1252 + "?"
	})
}

// clip shortens s to at most n bytes on a rune boundary, for use in problem texts.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "?")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
