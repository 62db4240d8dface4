package thread

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"strings"

	"helpdesk/mailflow/parse"
)

// Reply addresses issued to the desk's own people. A technician's or the dispatch team's
// answer is trusted only through an address issued to them for that ticket (the MAC binds
// kind, ticket and technician), together with their From; see package mailflow/work.
//
//	<local>+w<number>.<technician>.<mac>@<domain>   issued to one technician for one ticket
//	<local>+d<number>.<mac>@<domain>                issued to the dispatch team for one ticket
//
// Technician IDs hold only [a-z0-9._-], numbers no dots and MACs neither, so the parts split
// unambiguously: the number ends at the first dot, the MAC follows the last.

// TokenKind says to whom a reply address was issued.
type TokenKind string

const (
	TokenCustomer   TokenKind = "customer"   // +t: the customer's side of a ticket
	TokenTechnician TokenKind = "technician" // +w: one technician, for one ticket
	TokenDispatch   TokenKind = "dispatch"   // +d: the dispatch team, for one ticket
)

// Token is what a reply address of ours says: for which ticket, for whom.
type Token struct {
	Kind       TokenKind
	Number     string
	Technician string // for TokenTechnician
	Address    string // the address it was read from, lower-cased
	Valid      bool   // the MAC checks out; false: ours by form, but forged or altered
}

// maxTechIDLen bounds a technician ID in a reply address.
const maxTechIDLen = 32

// ValidTechnicianID reports whether id can be a technician's ID in a reply address: 1 to 32
// of a-z, 0-9, '.', '_' and '-', starting with a letter or digit.
func ValidTechnicianID(id string) bool {
	if id == "" || len(id) > maxTechIDLen || !isAlnum(id[0]) {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// macOf is the lower-case base32 of the first macBytes of HMAC-SHA256(key, parts joined by
// NUL): the first part names the use, so no address of one kind verifies as another.
func (s *Signer) macOf(parts ...string) string {
	h := hmac.New(sha256.New, s.key)
	h.Write([]byte(strings.Join(parts, "\x00")))
	return macEncoding.EncodeToString(h.Sum(nil)[:macBytes])
}

// TechnicianAddress returns the reply address issued to technician tech for ticket number,
// or "" when either is malformed.
func (s *Signer) TechnicianAddress(number, tech string) string {
	if !validNumber(number) || !ValidTechnicianID(tech) {
		return ""
	}
	return s.local + "+w" + number + "." + tech + "." + s.macOf("technician", number, tech) + "@" + s.domain
}

// DispatchAddress returns the reply address issued to the dispatch team for ticket number.
func (s *Signer) DispatchAddress(number string) string {
	if !validNumber(number) {
		return ""
	}
	return s.local + "+d" + number + "." + s.macOf("dispatch", number) + "@" + s.domain
}

// ParseToken reads a reply address of ours of any kind. ok is false when addr is not ours by
// form; a token that is ours by form but whose MAC fails comes back with Valid false (an
// altered or guessed address), so the caller can tell the technician it names.
func (s *Signer) ParseToken(addr string) (tok Token, ok bool) {
	if s == nil {
		return Token{}, false
	}
	addr = strings.TrimSpace(addr)
	if len(addr) > maxAddrLen {
		return Token{}, false
	}
	addr = asciiLower(strings.TrimSuffix(strings.TrimPrefix(addr, "<"), ">"))
	at := strings.LastIndexByte(addr, '@')
	if at < 0 || strings.TrimSuffix(addr[at+1:], ".") != s.domain {
		return Token{}, false
	}
	base, ext, ok := cutLast(addr[:at], '+')
	if !ok || base != s.local || len(ext) < 2 {
		return Token{}, false
	}
	tok.Address = addr
	rest := ext[1:]
	var number, tech, mac, want string
	switch ext[0] {
	case 't', 'd':
		number, mac, _ = cutLast(rest, '.')
		if !validNumber(number) {
			return Token{}, false
		}
		if ext[0] == 't' {
			tok.Kind, want = TokenCustomer, s.mac(number)
		} else {
			tok.Kind, want = TokenDispatch, s.macOf("dispatch", number)
		}
	case 'w':
		var after string
		number, after, _ = strings.Cut(rest, ".")
		tech, mac, _ = cutLast(after, '.')
		if !validNumber(number) || !ValidTechnicianID(tech) {
			return Token{}, false
		}
		tok.Kind, tok.Technician, want = TokenTechnician, tech, s.macOf("technician", number, tech)
	default:
		return Token{}, false
	}
	if len(mac) != macLen {
		return Token{}, false
	}
	tok.Number = number
	tok.Valid = subtle.ConstantTimeCompare([]byte(mac), []byte(want)) == 1
	return tok, true
}

// Tokens returns every reply address of ours among the recipients of m (To, Cc, then the
// envelope headers), valid or not, in that order and without repeats.
func Tokens(m *parse.Message, s *Signer) []Token {
	if m == nil || s == nil {
		return nil
	}
	var out []Token
	seen := map[string]bool{}
	add := func(addr string) {
		if tok, ok := s.ParseToken(addr); ok && !seen[tok.Address] {
			seen[tok.Address] = true
			out = append(out, tok)
		}
	}
	for _, list := range [][]parse.Address{m.To, m.Cc} {
		for _, a := range list {
			add(a.Addr)
		}
	}
	for _, key := range envelopeHeaders {
		for _, v := range m.Header.Values(key) {
			for _, a := range headerAddrs(v) {
				add(a)
			}
		}
	}
	return out
}
