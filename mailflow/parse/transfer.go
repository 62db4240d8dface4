package parse

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"io"
	"strings"
)

// encodingSpelling removes the separators that misspelled transfer encodings carry.
var encodingSpelling = strings.NewReplacer("-", "", " ", "", "_", "")

// transferDecoder returns a reader that undoes the Content-Transfer-Encoding enc. Decoding
// never fails: defects are reported through problem and the decodable rest is returned.
func (p *parser) transferDecoder(enc string, r io.Reader) io.Reader {
	// Tolerate spellings like "7-bit", "8bits" and "quoted printable".
	norm := encodingSpelling.Replace(strings.ToLower(strings.TrimSpace(enc)))
	switch norm {
	case "", "7bit", "8bit", "binary", "7bits", "8bits":
		return r
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, &base64Filter{r: r, problem: p.problem})
	case "quotedprintable":
		return &qpReader{br: bufio.NewReaderSize(r, 4096), problem: p.problem}
	case "xuuencode", "uuencode", "xuue":
		p.problem("unsupported transfer encoding " + clip(enc, 40) + ", kept as is")
		return r
	default:
		p.problem("unknown transfer encoding " + clip(enc, 40) + ", kept as is")
		return r
	}
}

// base64Filter feeds the standard base64 decoder only what it can decode: characters
// outside the alphabet are dropped (whitespace silently, others as a problem), nothing after
// the padding is passed on, and a missing or partial final quantum is padded or dropped.
type base64Filter struct {
	r       io.Reader
	problem func(string)
	n       int  // alphabet characters passed on, for the final quantum
	padded  bool // '=' seen: the data has ended
	eof     bool
	tail    []byte // padding still to emit at EOF
	buf     [1024]byte
}

func (f *base64Filter) Read(out []byte) (int, error) {
	if len(out) == 0 {
		return 0, nil
	}
	for {
		if len(f.tail) > 0 {
			n := copy(out, f.tail)
			f.tail = f.tail[n:]
			return n, nil
		}
		if f.eof {
			return 0, io.EOF
		}
		max := len(out)
		if max > len(f.buf) {
			max = len(f.buf)
		}
		n, err := f.r.Read(f.buf[:max])
		w := 0
		junk := false
		for _, c := range f.buf[:n] {
			switch {
			case f.padded:
				if c == '=' || isBase64Space(c) {
					continue
				}
				junk = true
			case isBase64(c):
				out[w] = c
				w++
				f.n++
			case c == '=':
				f.padded = true
				f.finish()
			case isBase64Space(c):
			default:
				junk = true
			}
		}
		if junk {
			f.problem("bad base64: invalid characters skipped")
		}
		if err != nil {
			if err != io.EOF {
				// Read errors of the part (e.g. missing boundary) are handled by the caller's reader.
				f.eof = true
				if w > 0 {
					return w, nil
				}
				return 0, err
			}
			f.eof = true
			if !f.padded {
				f.finish()
			}
		}
		if w > 0 {
			return w, nil
		}
	}
}

// finish pads the final quantum so the decoder accepts it.
func (f *base64Filter) finish() {
	switch f.n % 4 {
	case 2:
		f.tail = []byte("==")
	case 3:
		f.tail = []byte("=")
	case 1:
		// One character cannot hold a byte: it cannot be decoded.
		// One character cannot hold a byte: the decoder reports it and the part ends there.
		f.problem("bad base64: truncated data")
	}
	if f.n%4 != 0 && !f.padded {
		f.problem("bad base64: missing padding")
	}
	f.n = 0
}

func isBase64(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/'
}

func isBase64Space(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'
}

// qpReader decodes quoted-printable leniently (RFC 2045 section 6.7): an '=' that starts no
// valid escape is kept literally, lower-case hex is accepted, trailing blanks are dropped and
// soft line breaks joined.
type qpReader struct {
	br      *bufio.Reader
	problem func(string)
	out     []byte
	err     error
	warned  bool
}

func (q *qpReader) Read(p []byte) (int, error) {
	for len(q.out) == 0 {
		if q.err != nil {
			return 0, q.err
		}
		line, err := readLine(q.br)
		if err != nil {
			q.err = err
		}
		q.out = q.decodeLine(q.out[:0], line)
	}
	n := copy(p, q.out)
	q.out = q.out[n:]
	return n, nil
}

func (q *qpReader) decodeLine(dst, line []byte) []byte {
	hardBreak := bytes.HasSuffix(line, []byte("\n"))
	line = bytes.TrimRight(line, "\r\n")
	line = bytes.TrimRight(line, " \t")
	soft := false
	if bytes.HasSuffix(line, []byte("=")) {
		soft = true
		line = line[:len(line)-1]
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c == '=' {
			if i+2 < len(line) && isHex(line[i+1]) && isHex(line[i+2]) {
				dst = append(dst, unhex(line[i+1])<<4|unhex(line[i+2]))
				i += 2
				continue
			}
			if !q.warned {
				q.warned = true
				q.problem("bad quoted-printable: literal '=' kept")
			}
		}
		dst = append(dst, c)
	}
	if hardBreak && !soft {
		dst = append(dst, '\r', '\n')
	}
	return dst
}
