package authres

import (
	"strings"
)

// HeaderName is the field whose values Check reads (RFC 8601 §2.2).
const HeaderName = "Authentication-Results"

// Bounds on one value. Real headers are a few hundred bytes with a handful of results; the
// bounds only keep a hostile mail from costing more than a few microseconds.
const (
	MaxValueLen = 16 << 10 // bytes of one value that are read; the rest is an error
	maxResults  = 32       // resinfo items per value
	maxProps    = 32       // properties per resinfo
)

// Header is one parsed Authentication-Results value.
type Header struct {
	// AuthservID names the host that wrote the value, as written (quotes removed);
	// "" when NoID.
	AuthservID string
	Version    string // authres-version, "" when absent
	// NoID is set when the value starts with a result instead of an authserv-id, as
	// Exchange Online and some broken rspamd versions write it.
	NoID bool
	// None is set for the no-result form "authserv-id; none" (RFC 8601 §2.2): the host
	// checked nothing.
	None    bool
	Results []Result
}

// Result is one resinfo: "method[/version]=result (comment) reason=... ptype.property=value".
type Result struct {
	Method  string // lower-case: "spf", "dkim", "dmarc", "arc", ...
	Version string // method version, "" when absent
	Result  string // lower-case: "pass", "fail", "none", ...
	Reason  string // the reason= value, unquoted
	Props   []Prop
}

// Prop is one property of a result, e.g. smtp.mailfrom=a@example.com.
type Prop struct {
	// Type is the lower-case ptype ("smtp", "header", "body", "policy"); "" for a key
	// without one, such as Exchange's "action=none".
	Type  string
	Name  string // lower-case property: "mailfrom", "helo", "d", "i", "from"
	Value string // unquoted, case as written
}

// Prop returns the value of the first property ptype.name of r, or "".
func (r Result) Prop(ptype, name string) string {
	for _, p := range r.Props {
		if p.Type == ptype && p.Name == name {
			return p.Value
		}
	}
	return ""
}

// Parse reads one Authentication-Results value (the text after the colon; unfolded or
// not). It is lenient where real MTAs deviate from RFC 8601 §2.2 in harmless ways: a missing
// authserv-id (NoID), properties without a ptype, unquoted values with "/" or "@", empty
// resinfo between ";;", a trailing ";". On anything else it stops and returns what it read
// so far together with an error; the results of such a value should not be believed, since
// a sender-controlled value (a crafted MAIL FROM) may have broken the syntax. Methods,
// results, ptypes and properties are lower-cased: they are case-insensitive keywords.
func Parse(value string) (Header, error) {
	var h Header
	l := lexer{s: value}
	if len(value) > MaxValueLen {
		l.s = value[:MaxValueLen]
	}
	err := h.parse(&l)
	if err == nil && len(value) > MaxValueLen {
		l.i = MaxValueLen
		err = l.errorf("value longer than %d bytes", MaxValueLen)
	}
	return h, err
}

// peekID reads only the authserv-id of a value, so that untrusted values cost little.
func peekID(value string) Header {
	var h Header
	l := lexer{s: value[:min(len(value), MaxValueLen)]}
	_, _ = h.parseID(&l) // an error shows again, and counts, in the full Parse
	return h
}

func (h *Header) parse(l *lexer) error {
	first, err := h.parseID(l)
	if err != nil {
		return err
	}
	for !l.eof() {
		if !first {
			if err := l.cfws(); err != nil {
				return err
			}
			if l.eof() {
				break
			}
			if l.peek() != ';' {
				return l.errorf("want \";\", got %q", l.peek())
			}
			l.i++
		}
		first = false
		if err := l.cfws(); err != nil {
			return err
		}
		if l.eof() || l.peek() == ';' {
			continue // empty resinfo or a trailing ";"
		}
		if len(h.Results) == maxResults {
			return l.errorf("more than %d results", maxResults)
		}
		if err := h.parseResinfo(l); err != nil {
			return err
		}
	}
	return nil
}

// parseID reads the authserv-id and its optional version. It reports whether the value
// has no authserv-id, so that its first resinfo stands without a leading ";".
func (h *Header) parseID(l *lexer) (noID bool, err error) {
	if err := l.cfws(); err != nil {
		return false, err
	}
	start := l.i
	switch {
	case l.eof():
		return false, l.errorf("empty value")
	case l.peek() == ';':
		h.NoID = true
		return false, l.errorf("missing authserv-id")
	case l.peek() == '"':
		if h.AuthservID, err = l.quoted(); err != nil {
			return false, err
		}
	default:
		h.AuthservID = l.word("")
	}
	if err := l.cfws(); err != nil {
		return false, err
	}
	// A "=" in or right after the first word makes it a method: there is no authserv-id.
	if strings.Contains(h.AuthservID, "=") || (l.peek() == '=' && h.AuthservID != "") {
		h.AuthservID = ""
		h.NoID = true
		l.i = start
		return true, nil
	}
	if v := l.word(""); v != "" {
		if strings.Trim(v, "0123456789") != "" {
			return false, l.errorf("unexpected %q after authserv-id", v)
		}
		h.Version = v
	}
	return false, nil
}

// parseResinfo reads "method[/version] = result [reason=...] [ptype.property=value ...]",
// or the word "none" of the no-result form. l.i is at the method.
func (h *Header) parseResinfo(l *lexer) error {
	method := strings.ToLower(l.word("=/"))
	if method == "" {
		return l.errorf("want a method, got %q", l.peek())
	}
	r := Result{Method: method}
	if err := l.cfws(); err != nil {
		return err
	}
	if method == "none" && l.peek() != '=' && l.peek() != '/' {
		h.None = true
		return nil
	}
	if l.peek() == '/' {
		l.i++
		if err := l.cfws(); err != nil {
			return err
		}
		r.Version = l.word("=")
		if r.Version == "" || strings.Trim(r.Version, "0123456789") != "" {
			return l.errorf("bad version of method %s", method)
		}
		if err := l.cfws(); err != nil {
			return err
		}
	}
	if l.peek() != '=' {
		return l.errorf("want \"=\" after method %s", method)
	}
	l.i++
	if err := l.cfws(); err != nil {
		return err
	}
	r.Result = strings.ToLower(l.word("="))
	if r.Result == "" {
		return l.errorf("method %s has no result", method)
	}
	if err := r.parseProps(l); err != nil {
		return err
	}
	h.Results = append(h.Results, r)
	return nil
}

// parseProps reads the reason and properties after a result, up to the next ";".
func (r *Result) parseProps(l *lexer) error {
	for {
		if err := l.cfws(); err != nil {
			return err
		}
		if l.eof() || l.peek() == ';' {
			return nil
		}
		key, err := l.key()
		if err != nil {
			return err
		}
		if key == "" {
			return l.errorf("unexpected %q in result %s", l.peek(), r.Method)
		}
		if l.peek() != '=' {
			return l.errorf("property %s without \"=\"", key)
		}
		l.i++
		if err := l.cfws(); err != nil {
			return err
		}
		v, err := l.value()
		if err != nil {
			return err
		}
		key = strings.ToLower(key)
		if key == "reason" {
			r.Reason = v
			continue
		}
		if len(r.Props) == maxProps {
			return l.errorf("more than %d properties in result %s", maxProps, r.Method)
		}
		p := Prop{Name: key, Value: v}
		if ptype, name, ok := strings.Cut(key, "."); ok {
			p.Type, p.Name = ptype, name
		}
		r.Props = append(r.Props, p)
	}
}
