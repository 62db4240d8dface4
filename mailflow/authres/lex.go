package authres

import (
	"fmt"
	"strings"
)

// lexer walks one header value byte by byte. Every method advances or returns, so the work
// is linear in the length of the value, and nothing recurses: nested comments are counted,
// not descended into.
type lexer struct {
	s string
	i int
}

// errorf reports a syntax error at the current offset.
func (l *lexer) errorf(format string, args ...any) error {
	return fmt.Errorf("authres: %s at offset %d", fmt.Sprintf(format, args...), l.i)
}

func (l *lexer) eof() bool { return l.i >= len(l.s) }

// peek returns the current byte, or 0 at the end.
func (l *lexer) peek() byte {
	if l.eof() {
		return 0
	}
	return l.s[l.i]
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// cfws skips folding white space and comments (RFC 5322 §3.2.2). Comments nest and may
// hold quoted pairs; a comment that is never closed is an error.
func (l *lexer) cfws() error {
	for !l.eof() {
		c := l.s[l.i]
		switch {
		case isSpace(c):
			l.i++
		case c == '(':
			if err := l.comment(); err != nil {
				return err
			}
		default:
			return nil
		}
	}
	return nil
}

// comment skips one comment, nested ones included; l.i is at its "(".
func (l *lexer) comment() error {
	start := l.i
	depth := 0
	for l.i < len(l.s) {
		switch l.s[l.i] {
		case '\\':
			l.i++ // quoted-pair: the next byte is literal
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				l.i++
				return nil
			}
		}
		l.i++
	}
	l.i = start
	return l.errorf("unterminated comment")
}

// quoted reads a quoted-string (RFC 5322 §3.2.4); l.i is at its opening quote. The result
// has the quotes and the backslashes of quoted pairs removed.
func (l *lexer) quoted() (string, error) {
	start := l.i
	l.i++
	var b strings.Builder
	for l.i < len(l.s) {
		c := l.s[l.i]
		switch c {
		case '"':
			l.i++
			return b.String(), nil
		case '\\':
			if l.i+1 < len(l.s) {
				l.i++
				c = l.s[l.i]
			}
		}
		b.WriteByte(c)
		l.i++
	}
	l.i = start
	return "", l.errorf("unterminated quoted string")
}

// word reads a run of bytes up to white space, a comment, a quote, ";" or any byte of stop.
// Bytes outside ASCII belong to words: RFC 8616 allows UTF-8 in these values.
func (l *lexer) word(stop string) string {
	start := l.i
	for l.i < len(l.s) {
		c := l.s[l.i]
		if isSpace(c) || c == '(' || c == ')' || c == '"' || c == ';' || c < ' ' || c == 0x7f ||
			strings.IndexByte(stop, c) >= 0 {
			break
		}
		l.i++
	}
	return l.s[start:l.i]
}

// key reads a property name: "reason", "ptype.property" (CFWS allowed around the dot,
// RFC 8601 §2.2 propspec), or a bare vendor key. It stops after the CFWS that follows.
func (l *lexer) key() (string, error) {
	k := l.word("=.")
	if err := l.cfws(); err != nil {
		return "", err
	}
	if k == "" || l.peek() != '.' {
		return k, nil
	}
	l.i++
	if err := l.cfws(); err != nil {
		return "", err
	}
	k += "." + l.word("=")
	return k, l.cfws()
}

// value reads a property or reason value: a quoted-string, a quoted local-part followed by
// "@domain" (RFC 8601 §2.2 pvalue), or a bare word. Bare words are taken more leniently
// than RFC 2045 tokens allow, because real MTAs write unquoted "/", "+", "@" and "=" (DKIM
// header.b, Exchange's values).
func (l *lexer) value() (string, error) {
	if l.peek() != '"' {
		return l.word(""), nil
	}
	q, err := l.quoted()
	if err != nil {
		return "", err
	}
	if l.peek() == '@' {
		return q + l.word(""), nil
	}
	return q, nil
}
