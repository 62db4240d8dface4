package relaytest

import (
	"bytes"
	"net"
	"sync"
)

// listener numbers the connections it accepts and, for a strict relay, wraps them so that a
// second EHLO or HELO on one connection is refused.
type listener struct {
	net.Listener
	r      *Relay
	strict bool
}

func (l *listener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	l.r.mu.Lock()
	l.r.stats.Connections++
	id := l.r.stats.Connections
	l.r.mu.Unlock()
	return &conn{Conn: c, id: id, r: l.r, strict: l.strict}, nil
}

// conn is one accepted connection. When strict, it watches the client's command lines the way
// Python's smtpd does: the first EHLO/HELO passes, every later one on the same connection is
// answered "503 Duplicate HELO/EHLO" here and never reaches go-smtp (which would accept it, as
// RFC 5321 allows). RSET does not clear the greeting, as in smtpd.
//
// Only command lines are inspected: after the server's 354 to DATA, lines pass untouched up to
// the lone ".". A client sends the content only after the 354, so no content line is mistaken
// for a command. in, out and buf belong to the reading goroutine; mu guards the rest.
type conn struct {
	net.Conn
	id     int
	r      *Relay
	strict bool

	mu       sync.Mutex
	in       []byte // read from the client, not yet split into lines
	out      []byte // lines passed on, not yet read by the server
	greeted  bool
	sentData bool // the last command passed was DATA: a 354 answer starts the content
	inData   bool
	buf      [4096]byte
}

func (c *conn) Read(p []byte) (int, error) {
	if !c.strict {
		return c.Conn.Read(p)
	}
	for len(c.out) == 0 {
		n, err := c.Conn.Read(c.buf[:])
		c.in = append(c.in, c.buf[:n]...)
		c.mu.Lock()
		werr := c.filter()
		c.mu.Unlock()
		if werr != nil {
			return 0, werr
		}
		if err != nil {
			if len(c.out) > 0 {
				break
			}
			if len(c.in) > 0 { // an unterminated last line: let the server see it
				c.out, c.in = c.in, nil
				break
			}
			return 0, err
		}
	}
	n := copy(p, c.out)
	c.out = c.out[n:]
	return n, nil
}

// filter moves the complete lines of c.in to c.out, answering duplicate greetings itself.
func (c *conn) filter() error {
	for {
		i := bytes.IndexByte(c.in, '\n')
		if i < 0 {
			return nil
		}
		line := c.in[:i+1]
		c.in = c.in[i+1:]
		text := bytes.TrimRight(line, "\r\n")
		switch {
		case c.inData:
			c.inData = !bytes.Equal(text, []byte("."))
		case isVerb(text, "EHLO") || isVerb(text, "HELO"):
			if c.greeted {
				c.r.mu.Lock()
				c.r.stats.DuplicateHelo++
				c.r.mu.Unlock()
				if _, err := c.Conn.Write([]byte("503 5.5.1 Duplicate HELO/EHLO\r\n")); err != nil {
					return err
				}
				continue
			}
			c.greeted = true
		default:
			c.sentData = isVerb(text, "DATA")
		}
		c.out = append(c.out, line...)
	}
}

func (c *conn) Write(p []byte) (int, error) {
	if c.strict {
		c.mu.Lock()
		if c.sentData {
			c.inData = bytes.HasPrefix(p, []byte("354"))
			c.sentData = false
		}
		c.mu.Unlock()
	}
	return c.Conn.Write(p)
}

// isVerb reports whether the command line starts with the verb (case-insensitive), alone or
// followed by a space.
func isVerb(line []byte, verb string) bool {
	if len(line) < len(verb) || !bytes.EqualFold(line[:len(verb)], []byte(verb)) {
		return false
	}
	return len(line) == len(verb) || line[len(verb)] == ' '
}
