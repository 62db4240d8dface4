package parse

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // Header.Text etc. on Message.Header for callers
	"github.com/emersion/go-message/mail"
)

// DefaultMaxTextSize is the cap on Message.Text when Options.MaxTextSize is 0.
const DefaultMaxTextSize = 1 << 20

// Options tune Parse; the zero value is ready to use.
type Options struct {
	// MaxTextSize caps Message.Text in bytes (default DefaultMaxTextSize); longer text is cut
	// and the cut recorded as a problem.
	MaxTextSize int64
}

const (
	maxDepth    = 20   // multipart nesting deeper than this is not descended
	maxParts    = 1000 // parts (at any depth) past this are skipped
	maxProblems = 40   // problems past this are counted in one last entry
)

// errInternal marks a recovered panic: a bug in this package, never a defect of the mail.
var errInternal = errors.New("internal error")

// Parse reads one raw mail from r and returns what the mail path needs to know about it.
// Attachment bodies are decoded and streamed to blobs (nil: only hashed and counted); no
// body is held whole in memory, and r is read to its end.
//
// Defects of the mail (unknown charset, broken multipart, bad base64, bad header encoding,
// ...) do not fail the parse: they are listed in Message.Problems and parsing goes on as far
// as it can. Parse returns an error only when r holds no readable header at all, when
// reading r fails, or when blobs fails to store an attachment.
func Parse(r io.Reader, blobs BlobSink, opts Options) (msg *Message, err error) {
	if opts.MaxTextSize <= 0 {
		opts.MaxTextSize = DefaultMaxTextSize
	}
	p := &parser{opts: opts, blobs: blobs, msg: &Message{}, seen: map[string]bool{}}
	p.words = &mime.WordDecoder{CharsetReader: charsetReader(p.problem)}
	src := &countingReader{r: r}
	defer func() {
		if v := recover(); v != nil {
			msg, err = nil, fmt.Errorf("parse: %w: %v", errInternal, v)
		}
	}()
	err = p.run(src)
	p.release()
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(io.Discard, src); err != nil {
		return nil, fmt.Errorf("parse: read mail: %w", err)
	}
	if src.err != nil {
		return nil, fmt.Errorf("parse: read mail: %w", src.err)
	}
	p.msg.Size = src.n
	return p.msg, nil
}

// parser holds the state of one Parse call.
type parser struct {
	opts    Options
	blobs   BlobSink
	msg     *Message
	words   *mime.WordDecoder
	seen    map[string]bool // problems already recorded
	dropped int             // problems past maxProblems
	parts   int             // parts of multiparts seen, at any depth
	buf     *[]byte         // pooled copy buffer
	plain   *textSink       // first text/plain body
	html    *textSink       // first text/html body, as text
}

// problem records a non-fatal defect once.
func (p *parser) problem(s string) {
	if p.seen[s] {
		return
	}
	p.seen[s] = true
	if len(p.msg.Problems) >= maxProblems {
		p.dropped++
		return
	}
	p.msg.Problems = append(p.msg.Problems, s)
}

func (p *parser) run(src io.Reader) error {
	br := getReader(src)
	defer putReader(br)
	if crOnly(br) {
		p.problem("CR-only line endings")
		br = getReader(&crToLF{r: br})
		defer putReader(br)
	}
	h, body, err := p.readHeader(br, true)
	if err != nil {
		return fmt.Errorf("parse: %w", err)
	}
	p.msg.Header = mail.Header{Header: message.Header{Header: h}}
	p.decodeHeaders()

	mt, params := p.contentType(h.Get("Content-Type"), "text/plain")
	p.msg.ContentType, p.msg.ContentTypeParams = mt, params
	if err := p.walk(body, h, mt, params, 0); err != nil {
		return err
	}
	if _, err := io.Copy(io.Discard, body); err != nil {
		p.problem("read body: " + err.Error())
	}
	p.finishText()
	if p.dropped > 0 {
		p.msg.Problems = append(p.msg.Problems, fmt.Sprintf("%d more problems", p.dropped))
	}
	return nil
}

// contentType reads a Content-Type value; a missing one is def, a broken one is guessed.
func (p *parser) contentType(v, def string) (string, map[string]string) {
	if strings.TrimSpace(v) == "" {
		return def, nil
	}
	mt, params := p.parseMediaValue(v)
	typ, sub, ok := strings.Cut(mt, "/")
	if ok && typ != "" && sub != "" && !strings.ContainsAny(mt, " \t\"") {
		return mt, params
	}
	p.problem("malformed Content-Type " + clip(mt, 40))
	if strings.HasPrefix(mt, "text") {
		return "text/plain", params
	}
	if strings.HasPrefix(mt, "multipart") {
		return "multipart/mixed", params
	}
	return "application/octet-stream", params
}

// finishText picks the body text: the text/plain part unless it is blank, else the HTML.
func (p *parser) finishText() {
	var chosen *textSink
	switch {
	case p.plain != nil && strings.TrimSpace(p.plain.String()) != "":
		chosen = p.plain
		p.msg.Text = strings.TrimRight(strings.TrimLeft(p.plain.String(), "\n"), " \t\n")
	case p.html != nil:
		chosen = p.html
		p.msg.Text = tidyText(p.html.String())
		p.msg.TextFromHTML = p.msg.Text != ""
	case p.plain != nil:
		chosen = p.plain
	}
	if chosen != nil && chosen.truncated {
		p.problem("text truncated")
	}
}

// countingReader counts the bytes read and remembers the first read error other than EOF.
type countingReader struct {
	r   io.Reader
	n   int64
	err error
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	if err != nil && err != io.EOF && c.err == nil {
		c.err = err
	}
	return n, err
}

// tolerantReader ends at the first error of r, reporting it as a problem instead of
// passing it on, so consumers see whatever could be read.
type tolerantReader struct {
	r    io.Reader
	p    *parser
	what string
	done bool
}

func (t *tolerantReader) Read(b []byte) (int, error) {
	if t.done {
		return 0, io.EOF
	}
	n, err := t.r.Read(b)
	if err != nil {
		t.done = true
		if err != io.EOF {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				t.p.problem("multipart: missing final boundary")
			} else {
				t.p.problem(t.what + ": " + clip(err.Error(), 80))
			}
		}
		return n, io.EOF
	}
	return n, nil
}

// crOnly reports whether the mail uses bare CR line endings (old Mac style): its start has
// a CR and no LF.
func crOnly(br *bufio.Reader) bool {
	peek, _ := br.Peek(4096)
	return bytes.IndexByte(peek, '\r') >= 0 && bytes.IndexByte(peek, '\n') < 0
}

// crToLF turns CR and CRLF line endings into LF.
type crToLF struct {
	r  io.Reader
	cr bool
}

func (c *crToLF) Read(b []byte) (int, error) {
	for {
		n, err := c.r.Read(b)
		w := 0
		for _, ch := range b[:n] {
			switch {
			case ch == '\r':
				b[w] = '\n'
				w++
				c.cr = true
				continue
			case ch == '\n' && c.cr:
			default:
				b[w] = ch
				w++
			}
			c.cr = false
		}
		if w > 0 || err != nil {
			return w, err
		}
	}
}
