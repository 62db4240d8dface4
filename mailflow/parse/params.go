package parse

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// parseMediaValue splits a Content-Type or Content-Disposition value into its lower-cased
// value and parameters. Unlike mime.ParseMediaType it never gives up: broken quoting,
// duplicate or unquoted parameters are taken as well as they can be, RFC 2231 continuations
// and charsets (any charset, not only UTF-8) are joined and decoded, and RFC 2047 encoded
// words in plain values (common in file names) are decoded. Keys are lower-cased.
func (p *parser) parseMediaValue(v string) (string, map[string]string) {
	v = strings.TrimSpace(v)
	head, rest, _ := strings.Cut(v, ";")
	head = strings.TrimSpace(head)
	if i := strings.IndexAny(head, " \t"); i > 0 && strings.Contains(head[i:], "=") {
		// "text/plain charset=x": the ';' is missing.
		p.problem("missing ';' in " + clip(head, 40))
		head, rest = head[:i], head[i:]+";"+rest
	}
	value := strings.ToLower(strings.TrimSpace(head))
	raw := splitParams(rest)
	if len(raw) == 0 {
		return value, nil
	}
	return value, p.joinParams(raw)
}

type rawParam struct{ key, value string }

// splitParams reads `; key=value` pairs. Quoted values may contain ';' and backslash
// escapes; an unterminated quote runs to the end. Unquoted values run to the next ';'.
func splitParams(s string) []rawParam {
	var out []rawParam
	for len(s) > 0 && len(out) < 100 {
		s = strings.TrimLeft(s, " \t\r\n;")
		if s == "" {
			break
		}
		eq := strings.IndexAny(s, "=;")
		if eq < 0 || s[eq] == ';' {
			// A parameter without value: skip it.
			if eq < 0 {
				break
			}
			s = s[eq+1:]
			continue
		}
		key := strings.ToLower(strings.TrimSpace(s[:eq]))
		s = strings.TrimLeft(s[eq+1:], " \t\r\n")
		var val string
		if strings.HasPrefix(s, `"`) {
			val, s = readQuoted(s[1:])
		} else {
			end := strings.IndexByte(s, ';')
			if end < 0 {
				end = len(s)
			}
			val, s = strings.TrimSpace(s[:end]), s[end:]
		}
		if key != "" {
			out = append(out, rawParam{key, val})
		}
	}
	return out
}

// readQuoted reads a quoted string whose opening quote is already consumed and returns its
// content and the rest after the closing quote.
func readQuoted(s string) (string, string) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case '"':
			return b.String(), s[i+1:]
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), ""
}

// section is one piece of an RFC 2231 parameter: name*N or name*N* (extended, %-encoded).
type section struct {
	index    int
	extended bool
	value    string
}

// joinParams applies RFC 2231 (continuations name*0, name*1..., extended values
// name*=charset'lang'%XX) and decodes plain values. An extended value wins over a plain one
// of the same name; the first plain value of a name wins over later duplicates.
func (p *parser) joinParams(raw []rawParam) map[string]string {
	params := make(map[string]string, len(raw))
	sections := map[string][]section{}
	for _, rp := range raw {
		name, sec, ok := splitSection(rp.key)
		if !ok {
			if _, dup := params[rp.key]; !dup {
				params[rp.key] = p.decodeText(rp.value)
			}
			continue
		}
		sec.value = rp.value
		sections[name] = append(sections[name], sec)
	}
	for name, secs := range sections {
		if v, ok := p.join2231(secs); ok {
			params[name] = v
		}
	}
	return params
}

// splitSection recognises "name*", "name*N" and "name*N*".
func splitSection(key string) (string, section, bool) {
	i := strings.IndexByte(key, '*')
	if i <= 0 {
		return "", section{}, false
	}
	name, rest := key[:i], key[i+1:]
	if rest == "" {
		return name, section{index: 0, extended: true}, true
	}
	ext := strings.HasSuffix(rest, "*")
	n, err := strconv.Atoi(strings.TrimSuffix(rest, "*"))
	if err != nil || n < 0 || n > 999 {
		return "", section{}, false
	}
	return name, section{index: n, extended: ext}, true
}

// join2231 puts the sections of one parameter together in index order and decodes them.
func (p *parser) join2231(secs []section) (string, bool) {
	sort.SliceStable(secs, func(i, j int) bool { return secs[i].index < secs[j].index })
	charset := ""
	var buf []byte
	for i, s := range secs {
		if i > 0 && s.index == secs[i-1].index {
			continue // duplicate section
		}
		v := s.value
		if !s.extended {
			buf = append(buf, v...)
			continue
		}
		if i == 0 {
			// charset'language'value; the quotes may be missing in broken mail.
			if parts := strings.SplitN(v, "'", 3); len(parts) == 3 {
				charset, v = parts[0], parts[2]
			}
		}
		buf = append(buf, percentDecode(v)...)
	}
	if len(buf) == 0 {
		return "", false
	}
	if charset == "" {
		return p.decodeText(string(buf)), true
	}
	out, ok := decodeString(charset, string(buf))
	if !ok {
		p.problem("unknown charset " + strconv.Quote(clip(charset, 40)) + " in parameter")
	}
	return out, true
}

// percentDecode decodes %XX escapes, keeping a '%' that starts no valid escape.
func percentDecode(s string) []byte {
	if !strings.Contains(s, "%") {
		return []byte(s)
	}
	if u, err := url.PathUnescape(s); err == nil {
		return []byte(u)
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		out = append(out, s[i])
	}
	return out
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
