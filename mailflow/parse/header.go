package parse

import (
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode"
)

// decodeText decodes a header value or parameter for display: raw 8-bit bytes are read as
// UTF-8 or else Windows-1252, RFC 2047 encoded words are decoded (ISO-8859-1 as
// Windows-1252), and control characters become spaces.
func (p *parser) decodeText(v string) string {
	v = fix8bit(v)
	if strings.Contains(v, "=?") {
		dec, err := p.words.DecodeHeader(relabelWords(v))
		if err != nil {
			p.problem("bad header encoding: " + err.Error())
		} else {
			v = fix8bit(dec)
		}
	}
	return cleanLine(v)
}

// cleanLine replaces control characters with spaces, collapses runs of spaces and trims.
func cleanLine(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// decodeHeaders fills the Message fields that come from the top-level header.
func (p *parser) decodeHeaders() {
	h := &p.msg.Header
	m := p.msg
	m.Subject = p.decodeText(h.Get("Subject"))
	m.MessageID = first(parseMsgIDs(h.Get("Message-Id")))
	m.InReplyTo = parseMsgIDs(h.Get("In-Reply-To"))
	m.References = parseMsgIDs(strings.Join(h.Values("References"), " "))
	from, sure := p.addressList("From")
	m.From = first(from)
	switch {
	case !sure:
		m.FromProblem = "the From header is malformed and names no unambiguous address"
	case len(h.Values("From")) > 0 && !strings.Contains(m.From.Addr, "@"):
		m.FromProblem = "the From header names no mail address"
	}
	sender, _ := p.addressList("Sender")
	m.Sender = first(sender)
	m.ReplyTo, _ = p.addressList("Reply-To")
	m.To, _ = p.addressList("To")
	m.Cc, _ = p.addressList("Cc")
	m.ReturnPath = returnPath(h.Get("Return-Path"))
	m.Date = p.date(h.Get("Date"))
}

func first[T any](l []T) T {
	var zero T
	if len(l) == 0 {
		return zero
	}
	return l[0]
}

// maxIDs bounds the message IDs kept from one header (References can be long): the first and
// the newest ones, since threading looks at the newest first.
const maxIDs = 200

var bracketed = regexp.MustCompile(`<([^<>]*)>`)

// parseMsgIDs returns the message IDs of a Message-ID, In-Reply-To or References value
// without angle brackets. IDs in brackets are preferred; where there are none, the
// whitespace-separated words with an "@" are taken. Whitespace inside an ID (from bad
// folding) is removed. Duplicates are dropped, order is kept.
func parseMsgIDs(v string) []string {
	ids := collectMsgIDs(v)
	if len(ids) > maxIDs {
		ids = append(ids[:1], ids[len(ids)-maxIDs+1:]...)
	}
	return ids
}

func collectMsgIDs(v string) []string {
	v = fix8bit(v)
	var ids []string
	seen := map[string]bool{}
	add := func(id string) {
		id = strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) || unicode.IsControl(r) {
				return -1
			}
			return r
		}, id)
		id = strings.Trim(id, "<>\"',;")
		if id == "" || seen[id] {
			return
		}
		seen[id] = true
		ids = append(ids, id)
	}
	if ms := bracketed.FindAllStringSubmatch(v, -1); len(ms) > 0 {
		for _, m := range ms {
			add(m[1])
		}
		return ids
	}
	words := strings.Fields(v)
	for _, w := range words {
		if strings.Contains(w, "@") {
			add(w)
		}
	}
	if len(ids) == 0 && len(words) == 1 {
		add(words[0])
	}
	return ids
}

// addressList parses an address header. A list that net/mail rejects is read leniently (see
// lenientAddresses); sure is false when that reading had to guess, and the addresses must
// then not be trusted for anything that answers or grants.
func (p *parser) addressList(key string) (list []Address, sure bool) {
	values := p.msg.Header.Values(key)
	if len(values) == 0 {
		return nil, true
	}
	v := relabelWords(fix8bit(strings.Join(values, ", ")))
	if strings.TrimSpace(v) == "" {
		return nil, true
	}
	ap := mail.AddressParser{WordDecoder: p.words}
	parsed, err := ap.ParseList(v)
	if err == nil {
		out := make([]Address, 0, len(parsed))
		for _, a := range parsed {
			out = append(out, Address{Name: cleanLine(fix8bit(a.Name)), Addr: strings.ToLower(a.Address)})
		}
		return out, true
	}
	out, sure := p.lenientAddresses(v)
	if len(out) == 0 {
		p.problem("unreadable " + key + " header")
	} else {
		p.problem("malformed " + key + " header, read leniently")
	}
	return out, sure
}

var addrSpec = regexp.MustCompile(`[A-Za-z0-9!#$%&'*+/=?^_{|}~.\-\x{80}-\x{10FFFF}]+@[A-Za-z0-9\-\x{80}-\x{10FFFF}]+(\.[A-Za-z0-9\-\x{80}-\x{10FFFF}]+)*`)

// lenientAddresses reads an address list net/mail rejected, piece by piece (split at commas
// outside quotes, comments and angle brackets). An address is never taken from a display name
// or a comment, because a forger controls those: in each piece the angle-bracket address wins;
// without brackets, the one something@domain outside quoted strings and comments is the
// address. A piece with two candidates is ambiguous and yields none. Pieces without any address
// (`MAILER-DAEMON`, `MAILER-DAEMON <>`, `<postmaster>`) give their bracketed text, or their only
// word, as a bare address, as bounces need; an unquoted "Nachname, Vorname <addr>" is joined
// back into one address. sure is false when some piece was ambiguous.
func (p *parser) lenientAddresses(v string) (out []Address, sure bool) {
	sure = true
	var name []string // pieces without address, waiting to be a following address's name
	for _, piece := range splitAddressList(v) {
		a, found, ok := lenientAddress(piece)
		sure = sure && ok
		switch {
		case !found:
			if n := strings.TrimSpace(stripComments(piece)); n != "" {
				name = append(name, n)
			}
			continue
		case len(name) > 0 && a.Name != "" && strings.Contains(a.Addr, "@"):
			a.Name = strings.Join(append(name, a.Name), ", ")
			name = nil
		}
		a.Name = p.decodeText(strings.Trim(strings.TrimSpace(a.Name), `"'<> `))
		out = append(out, a)
		if len(out) >= 1000 {
			break
		}
	}
	if len(out) == 0 && len(name) == 1 {
		if f := strings.Fields(name[0]); len(f) == 1 && !strings.ContainsAny(f[0], `"<>:;`) {
			out = append(out, Address{Addr: strings.ToLower(f[0])})
		}
	}
	return out, sure
}

// lenientAddress reads one piece of an address list. found is false when the piece holds no
// address (a bare word or a name); ok is false when it holds more than one candidate.
func lenientAddress(piece string) (a Address, found, ok bool) {
	s := stripComments(piece)
	bare := maskQuoted(s) // same length as s, quoted strings blanked out
	if n := strings.Count(bare, "<"); n > 0 {
		i := strings.LastIndexByte(bare, '<')
		inner := bare[i+1:]
		if j := strings.IndexByte(inner, '>'); j >= 0 {
			inner = inner[:j]
		}
		addr := strings.TrimSpace(inner)
		if addr != "" && !strings.Contains(addr, "@") && strings.ContainsAny(addr, " \t") {
			return Address{}, false, n == 1
		}
		return Address{Name: s[:i], Addr: strings.ToLower(strings.Trim(addr, "."))}, true, n == 1
	}
	specs := addrSpec.FindAllStringIndex(bare, 2)
	switch len(specs) {
	case 0:
		return Address{}, false, true
	case 1:
		loc := specs[0]
		return Address{Name: s[:loc[0]], Addr: strings.ToLower(strings.Trim(bare[loc[0]:loc[1]], "."))}, true, true
	default:
		return Address{}, false, false
	}
}

// maskQuoted returns s with every quoted string (quotes included) replaced by spaces of the
// same byte length, so indexes into the result are indexes into s. An unterminated quote
// masks the rest of s: what follows it may be part of a forged name.
func maskQuoted(s string) string {
	if !strings.Contains(s, `"`) {
		return s
	}
	b := []byte(s)
	quoted := false
	for i := 0; i < len(b); i++ {
		switch {
		case quoted && b[i] == '\\' && i+1 < len(b):
			b[i], b[i+1] = ' ', ' '
			i++
		case b[i] == '"':
			quoted = !quoted
			b[i] = ' '
		case quoted:
			b[i] = ' '
		}
	}
	return string(b)
}

// stripComments removes RFC 5322 comments "(...)", nested and with quoted-pairs, outside
// quoted strings.
func stripComments(s string) string {
	if !strings.Contains(s, "(") {
		return s
	}
	var b strings.Builder
	depth, quoted := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && (quoted || depth > 0) && i+1 < len(s):
			if depth == 0 {
				b.WriteByte(c)
				b.WriteByte(s[i+1])
			}
			i++
		case c == '"' && depth == 0:
			quoted = !quoted
			b.WriteByte(c)
		case c == '(' && !quoted:
			depth++
		case c == ')' && !quoted && depth > 0:
			depth--
		case depth == 0:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// splitAddressList splits at commas that are outside quotes, comments and angle brackets.
func splitAddressList(v string) []string {
	var out []string
	quoted, depth, angle, start := false, 0, false, 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '\\' && quoted:
			i++
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		case c == '<':
			angle = true
		case c == '>':
			angle = false
		case (c == ',' || c == ';') && depth == 0 && !angle:
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	return append(out, v[start:])
}

// returnPath is the envelope sender of a Return-Path value, lower-cased; "" for "<>".
func returnPath(v string) string {
	v = strings.TrimSpace(fix8bit(v))
	if m := bracketed.FindStringSubmatch(v); m != nil {
		v = m[1]
	}
	v = strings.TrimSpace(v)
	if i := strings.IndexByte(v, ':'); i >= 0 && strings.HasPrefix(v, "@") {
		v = v[i+1:] // obsolete source route: <@relay:user@domain>
	}
	return strings.ToLower(v)
}

// date parses the Date header; an unreadable date is a problem and stays zero.
func (p *parser) date(v string) time.Time {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}
	}
	if t, ok := fastDate(v); ok {
		return t
	}
	if t, err := mail.ParseDate(v); err == nil {
		return t
	}
	// Common defects: a "(CET)" comment where net/mail does not skip it, or extra text.
	v = cleanLine(stripComments(v))
	if t, err := mail.ParseDate(v); err == nil {
		return t
	}
	for _, layout := range []string{time.RFC1123Z, time.RFC1123, time.ANSIC, time.RFC3339, "2006-01-02 15:04:05 -0700"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t
		}
	}
	p.problem("unreadable Date header")
	return time.Time{}
}
