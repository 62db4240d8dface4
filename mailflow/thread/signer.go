package thread

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"fmt"
	"strings"
)

const (
	macBytes = 10 // 80 bits: far beyond guessing by mail, and the local part stays short
	macLen   = 16 // base32 characters of macBytes
	// maxAddrLen is RFC 5321's path limit; longer input is not ours and not worth hashing.
	maxAddrLen = 256
)

// macEncoding is lower-case base32 without padding: case-insensitive as a whole (MTAs may
// upper-case a local part) and free of characters that need quoting in an address.
var macEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// Signer makes and checks the signed reply addresses of one support address.
type Signer struct {
	local  string // lower-cased local part of the support address
	domain string // lower-cased domain
	key    []byte
}

// NewSigner returns a Signer for supportAddr ("kundensupport@example.com") and an HMAC key of
// at least MinKeyLen bytes (see LoadKey).
func NewSigner(supportAddr string, key []byte) (*Signer, error) {
	local, domain, ok := strings.Cut(strings.TrimSpace(supportAddr), "@")
	if !ok || !validLocal(local) || !validDomain(domain) {
		return nil, fmt.Errorf("thread: support address %q: want local@domain", supportAddr)
	}
	if len(key) < MinKeyLen {
		return nil, fmt.Errorf("thread: signer for %s: key of %d bytes, want at least %d", supportAddr, len(key), MinKeyLen)
	}
	return &Signer{
		local:  asciiLower(local),
		domain: asciiLower(domain),
		key:    append([]byte(nil), key...),
	}, nil
}

// validLocal accepts an RFC 5322 dot-atom local part of ASCII characters. A quoted local part
// is refused: a "+t..." suffix inside it would not be plus-addressing anymore.
func validLocal(s string) bool {
	if s == "" || len(s) > 64 || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isAlnum(c) || strings.IndexByte("!#$%&'*+-/=?^_`{|}~.", c) >= 0) {
			return false
		}
	}
	return true
}

// validDomain accepts a host name: dot-separated labels of letters, digits and hyphens.
func validDomain(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			if !isAlnum(label[i]) && label[i] != '-' {
				return false
			}
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// mac is the lower-case base32 of the first macBytes of HMAC-SHA256(key, "ticket\x00"+number).
// The "ticket\x00" prefix separates this use of the key from any later one (e.g. recipients).
func (s *Signer) mac(number string) string {
	h := hmac.New(sha256.New, s.key)
	h.Write([]byte("ticket\x00"))
	h.Write([]byte(number))
	return macEncoding.EncodeToString(h.Sum(nil)[:macBytes])
}

// ReplyAddress returns the signed reply address of a ticket,
// "<local>+t<number>.<mac>@<domain>", e.g. "kundensupport+t2026-000042.k3j5...@example.com".
// number must be a ticket number (digits and single hyphens, like "2026-000042" or "42");
// for anything else ReplyAddress returns "", so a bad number can never end up in a header.
func (s *Signer) ReplyAddress(number string) string {
	if !validNumber(number) {
		return ""
	}
	return s.local + "+t" + number + "." + s.mac(number) + "@" + s.domain
}

// Verify returns the ticket number when addr (bare, or in angle brackets) is a reply address
// of s with a valid MAC. Local part, domain and MAC are compared case-insensitively, because
// MTAs and clients may change case; the MAC in constant time. A nil Signer verifies nothing.
func (s *Signer) Verify(addr string) (number string, ok bool) {
	if s == nil {
		return "", false
	}
	addr = strings.TrimSpace(addr)
	if len(addr) > maxAddrLen {
		return "", false
	}
	if len(addr) >= 2 && addr[0] == '<' && addr[len(addr)-1] == '>' {
		addr = addr[1 : len(addr)-1]
	}
	addr = asciiLower(addr)
	at := strings.LastIndexByte(addr, '@')
	if at < 0 || strings.TrimSuffix(addr[at+1:], ".") != s.domain {
		return "", false
	}
	// The extension is after the last "+": numbers and MACs hold no "+", a base may.
	base, ext, ok := cutLast(addr[:at], '+')
	if !ok || base != s.local || !strings.HasPrefix(ext, "t") {
		return "", false
	}
	number, mac, ok := cutLast(ext[1:], '.')
	if !ok || !validNumber(number) || len(mac) != macLen {
		return "", false
	}
	if subtle.ConstantTimeCompare([]byte(mac), []byte(s.mac(number))) != 1 {
		return "", false
	}
	return number, true
}

// cutLast is strings.Cut at the last sep.
func cutLast(s string, sep byte) (before, after string, found bool) {
	i := strings.LastIndexByte(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}
