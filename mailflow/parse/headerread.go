package parse

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"

	"github.com/emersion/go-message/textproto"
)

const (
	maxHeaderBytes = 1 << 20  // a longer header is cut here
	maxLineBytes   = 64 << 10 // a longer header line is cut here
)

// errNoHeader is returned when the input has no header field at all.
var errNoHeader = errors.New("no header fields")

// paramLine matches a line that continues a parameter list but lost its folding indent
// (`boundary="..."` on a line of its own).
var paramLine = regexp.MustCompile(`^[;\s]*[A-Za-z0-9_*-]+\s*=`)

// headerReader reads one header block leniently; top is set for the mail's own header.
type headerReader struct {
	p       *parser
	br      *bufio.Reader
	top     bool
	raw     bytes.Buffer
	pending []byte // a malformed line waiting to see whether a field follows
	last    []byte // the last line added to raw
}

// readHeader reads a header block from br and returns it with the reader of the body after
// it. A leading mbox "From " line and leading blank lines (top level only) are skipped;
// continuation lines without a field are dropped; a line that looks like a lost parameter
// continuation is joined to its field; any other line without a colon is dropped when a
// field follows it and otherwise taken as the start of a body that lacks its blank separator
// line. Only the top level fails, and only when it has no field at all.
func (p *parser) readHeader(br *bufio.Reader, top bool) (textproto.Header, io.Reader, error) {
	h := &headerReader{p: p, br: br, top: top}
	return h.read()
}

func (h *headerReader) read() (textproto.Header, io.Reader, error) {
	first := true
	for {
		line, err := readLine(h.br)
		if err != nil && len(line) == 0 {
			if err == io.EOF {
				break
			}
			return textproto.Header{}, nil, fmt.Errorf("read header: %w", err)
		}
		content := bytes.TrimRight(line, "\r\n")
		if first && h.top {
			if len(bytes.TrimSpace(content)) == 0 && err == nil {
				h.p.problem("blank lines before the header")
				continue
			}
			first = false
			if bytes.HasPrefix(content, []byte("From ")) && !isField(content) {
				continue // mbox separator
			}
		}
		first = false
		switch {
		case len(content) == 0:
			h.dropPending()
			return h.finish(h.br)
		case content[0] == ' ' || content[0] == '\t':
			switch {
			case h.pending != nil:
				h.pending = append(h.pending, line...) // a folded malformed line
			case h.raw.Len() == 0:
				h.p.problem("header starts with a continuation line")
			default:
				h.add(content)
			}
		case isField(content):
			h.dropPending()
			h.add(content)
		case h.raw.Len() > 0 && h.pending == nil && (bytes.HasSuffix(bytes.TrimSpace(h.last), []byte(";")) || paramLine.Match(content)):
			h.p.problem("unfolded header continuation joined")
			h.add(append([]byte{' '}, content...))
		case h.pending != nil || h.raw.Len() == 0:
			// No field yet, or two non-field lines in a row: the body started.
			if h.raw.Len() == 0 && h.top {
				return textproto.Header{}, nil, errNoHeader
			}
			if h.raw.Len() > 0 {
				h.p.problem("header not ended by a blank line")
			}
			body := io.MultiReader(bytes.NewReader(h.pending), bytes.NewReader(line), h.br)
			hdr, _, err := h.finish(nil)
			return hdr, body, err
		default:
			h.pending = append([]byte(nil), line...)
		}
		if h.raw.Len() > maxHeaderBytes {
			h.p.problem("header too large, cut")
			return h.finish(h.br)
		}
		if err != nil {
			break
		}
	}
	// The input ended inside the header: a mail without body.
	h.dropPending()
	return h.finish(h.br)
}

func (h *headerReader) add(content []byte) {
	h.raw.Write(content)
	h.raw.WriteString("\r\n")
	h.last = content
}

func (h *headerReader) dropPending() {
	if h.pending != nil {
		h.p.problem("malformed header line dropped")
		h.pending = nil
	}
}

func (h *headerReader) finish(body io.Reader) (textproto.Header, io.Reader, error) {
	if h.raw.Len() == 0 {
		if h.top {
			return textproto.Header{}, nil, errNoHeader
		}
		return textproto.Header{}, body, nil
	}
	h.raw.WriteString("\r\n")
	hdr, err := textproto.ReadHeader(bufio.NewReaderSize(&h.raw, min(h.raw.Len(), 4096)))
	if err != nil {
		// Not expected for the lines isField accepted; keep what was read.
		h.p.problem("header: " + clip(err.Error(), 80))
	}
	if hdr.Len() == 0 && h.top {
		return hdr, nil, errNoHeader
	}
	return hdr, body, nil
}

// isField reports whether line starts a header field: a non-empty name of printable ASCII
// characters (trailing blanks tolerated) and a colon.
func isField(line []byte) bool {
	i := bytes.IndexByte(line, ':')
	if i <= 0 {
		return false
	}
	name := bytes.TrimRight(line[:i], " \t")
	if len(name) == 0 {
		return false
	}
	for _, c := range name {
		if c < 33 || c > 126 {
			return false
		}
	}
	return true
}

// readLine reads one line including its "\n"; a line longer than maxLineBytes is cut there
// and the rest of it discarded.
func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(line)+len(chunk) <= maxLineBytes {
			line = append(line, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return line, err
	}
}
