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
	m.From = first(p.addressList("From"))
	m.Sender = first(p.addressList("Sender"))
	m.ReplyTo = p.addressList("Reply-To")
	m.To = p.addressList("To")
	m.Cc = p.addressList("Cc")
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

// addressList parses an address header. A list that net/mail rejects is read leniently:
// every piece between commas that holds something@domain becomes an address.
func (p *parser) addressList(key string) []Address {
	values := p.msg.Header.Values(key)
	if len(values) == 0 {
		return nil
	}
	v := relabelWords(fix8bit(strings.Join(values, ", ")))
	if strings.TrimSpace(v) == "" {
		return nil
	}
	ap := mail.AddressParser{WordDecoder: p.words}
	list, err := ap.ParseList(v)
	if err == nil {
		out := make([]Address, 0, len(list))
		for _, a := range list {
			out = append(out, Address{Name: cleanLine(fix8bit(a.Name)), Addr: strings.ToLower(a.Address)})
		}
		return out
	}
	out := p.lenientAddresses(v)
	if len(out) == 0 {
		p.problem("unreadable " + key + " header")
	} else {
		p.problem("malformed " + key + " header, read leniently")
	}
	return out
}

var addrSpec = regexp.MustCompile(`[A-Za-z0-9!#$%&'*+/=?^_{|}~.\-\x{80}-\x{10FFFF}]+@[A-Za-z0-9\-\x{80}-\x{10FFFF}]+(\.[A-Za-z0-9\-\x{80}-\x{10FFFF}]+)*`)

var angleAddr = regexp.MustCompile(`<([^<>@\s]*)>`)

// lenientAddresses reads an address list net/mail rejected: in each piece the first
// something@domain is the address and the text before it the name. A piece without one
// (`MAILER-DAEMON`, `MAILER-DAEMON <>`, `<postmaster>`) gives its bracketed text, or its only
// word, as a bare address.
func (p *parser) lenientAddresses(v string) []Address {
	var out []Address
	for _, piece := range splitAddressList(stripComments(v)) {
		var name, addr string
		if loc := addrSpec.FindStringIndex(piece); loc != nil {
			addr = strings.Trim(piece[loc[0]:loc[1]], ".")
			name = piece[:loc[0]]
			if i := strings.LastIndexByte(name, '<'); i >= 0 {
				name = name[:i]
			}
		} else if m := angleAddr.FindStringSubmatchIndex(piece); m != nil {
			addr = piece[m[2]:m[3]]
			name = piece[:m[0]]
		} else if f := strings.Fields(stripComments(piece)); len(f) == 1 && !strings.ContainsAny(f[0], `"<>:;`) {
			addr = f[0]
		}
		name = strings.Trim(strings.TrimSpace(stripComments(name)), `"'<> `)
		if name == "" && addr == "" {
			continue
		}
		out = append(out, Address{Name: p.decodeText(name), Addr: strings.ToLower(addr)})
		if len(out) >= 1000 {
			break
		}
	}
	return out
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
