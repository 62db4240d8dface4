package parse

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// errNoBoundary is returned by NextPart when the body ends before any boundary line.
var errNoBoundary = errors.New("multipart: boundary never found")

// multipartReader splits a multipart body at its boundary lines (RFC 2046 section 5.1.1),
// streaming each part's body. It is more forgiving than textproto's reader: a part's header
// is read by the caller (leniently), lines between parts that are not boundaries are part of
// the previous body, and a body that ends without the final boundary ends its last part with
// io.ErrUnexpectedEOF.
type multipartReader struct {
	br      *bufio.Reader
	dash    []byte // "--" + boundary
	cur     *partBody
	started bool // a boundary line was seen
	done    bool // final boundary or end of input
	scratch []byte
}

// newMultipartReader reads from br, whose buffer must hold a boundary line (70 bytes or so).
func newMultipartReader(br *bufio.Reader, boundary string) *multipartReader {
	return &multipartReader{br: br, dash: []byte("--" + boundary)}
}

// delimiter reports whether line is a boundary line and whether it is the final one.
func (m *multipartReader) delimiter(line []byte) (isDelim, final bool) {
	if !bytes.HasPrefix(line, m.dash) {
		return false, false
	}
	rest := line[len(m.dash):]
	if bytes.HasPrefix(rest, []byte("--")) {
		return true, true
	}
	return len(bytes.TrimLeft(rest, " \t\r\n")) == 0, false
}

// NextPart drains the current part and returns the next one (header and body, unparsed);
// io.EOF when there are no more.
func (m *multipartReader) NextPart() (io.Reader, error) {
	if m.cur != nil {
		if _, err := io.Copy(io.Discard, m.cur); err != nil && err != io.ErrUnexpectedEOF {
			return nil, err
		}
		m.cur = nil
	}
	if m.done {
		return nil, io.EOF
	}
	if !m.started {
		if err := m.skipPreamble(); err != nil {
			return nil, err
		}
	}
	m.cur = &partBody{m: m, lineStart: true}
	return m.cur, nil
}

// skipPreamble reads up to and including the first boundary line.
func (m *multipartReader) skipPreamble() error {
	lineStart := true
	for {
		line, err := m.br.ReadSlice('\n')
		if lineStart && err != bufio.ErrBufferFull {
			if ok, final := m.delimiter(line); ok {
				m.started = true
				if final {
					m.done = true
					return io.EOF
				}
				return nil
			}
		}
		lineStart = err != bufio.ErrBufferFull
		if err != nil && err != bufio.ErrBufferFull {
			m.done = true
			if err == io.EOF {
				return errNoBoundary
			}
			return err
		}
	}
}

// partBody is the body of one part, up to the line break before the next boundary line.
type partBody struct {
	m         *multipartReader
	out       []byte // bytes ready to return
	nl        [2]byte
	nlLen     int  // line break held back: it belongs to a following boundary line
	lineStart bool // the next ReadSlice starts a line
	err       error
}

func (p *partBody) Read(b []byte) (int, error) {
	for len(p.out) == 0 {
		if p.err != nil {
			return 0, p.err
		}
		p.fill()
	}
	n := copy(b, p.out)
	p.out = p.out[n:]
	return n, nil
}

// fill reads the next line (or piece of a long line) into out.
func (p *partBody) fill() {
	m := p.m
	line, err := m.br.ReadSlice('\n')
	full := err == bufio.ErrBufferFull
	if p.lineStart && !full {
		if ok, final := m.delimiter(line); ok {
			p.nlLen = 0
			p.err = io.EOF
			if final {
				m.done = true
			}
			return
		}
	}
	buf := append(m.scratch[:0], p.nl[:p.nlLen]...)
	p.nlLen = 0
	content := line
	if !full && bytes.HasSuffix(content, []byte("\n")) {
		content = content[:len(content)-1]
		nl := []byte{'\n'}
		if bytes.HasSuffix(content, []byte("\r")) {
			content = content[:len(content)-1]
			nl = []byte{'\r', '\n'}
		}
		p.nlLen = copy(p.nl[:], nl)
	}
	buf = append(buf, content...)
	m.scratch = buf
	p.out = buf
	p.lineStart = !full
	if err != nil && !full {
		m.done = true
		if err == io.EOF {
			err = io.ErrUnexpectedEOF // no final boundary
		}
		// Keep what was read; the error follows it.
		buf = append(buf, p.nl[:p.nlLen]...)
		p.nlLen = 0
		m.scratch, p.out = buf, buf
		p.err = err
	}
}
