package parse

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// textSink collects decoded text up to a byte limit, normalising CRLF and lone CR to LF and
// dropping NUL bytes. It accepts every write, so a copy into it always drains its source.
type textSink struct {
	b         strings.Builder
	limit     int
	cr        bool // the last byte written was '\r'
	truncated bool
}

func newTextSink(limit int64) *textSink {
	return &textSink{limit: int(limit)}
}

func (t *textSink) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 && !t.truncated {
		if t.cr && p[0] == '\n' {
			p = p[1:] // the '\n' of a CRLF: already written
		}
		t.cr = false
		i := bytes.IndexAny(p, "\r\x00")
		if i < 0 {
			t.put(p)
			break
		}
		t.put(p[:i])
		if p[i] == '\r' {
			t.put([]byte{'\n'})
			t.cr = true
		}
		p = p[i+1:]
	}
	return n, nil
}

func (t *textSink) WriteString(s string) {
	_, _ = t.Write([]byte(s))
}

func (t *textSink) put(b []byte) {
	room := t.limit - t.b.Len()
	if len(b) > room {
		t.truncated = true
		b = b[:max(room, 0)]
	}
	t.b.Write(b)
}

// String is the collected text, cut back to a whole rune when the limit split one.
func (t *textSink) String() string {
	s := t.b.String()
	if t.truncated {
		for len(s) > 0 {
			r, size := utf8.DecodeLastRuneInString(s)
			if r != utf8.RuneError || size != 1 {
				break
			}
			s = s[:len(s)-1]
		}
	}
	return s
}

// Len is the number of bytes collected.
func (t *textSink) Len() int { return t.b.Len() }

// limitBuffer keeps the first limit bytes written to it and discards the rest, noting that
// it did. It accepts every write.
type limitBuffer struct {
	buf       []byte
	limit     int
	truncated bool
}

func (l *limitBuffer) Write(p []byte) (int, error) {
	room := l.limit - len(l.buf)
	if len(p) > room {
		l.truncated = true
		l.buf = append(l.buf, p[:max(room, 0)]...)
		return len(p), nil
	}
	l.buf = append(l.buf, p...)
	return len(p), nil
}
