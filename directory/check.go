package directory

import (
	"fmt"
	"net/mail"
	"strings"
)

// checkAddress returns why s is not a bare, lower-case mail address (local@domain.tld), or "".
func checkAddress(s string) string {
	if s == "" {
		return "missing address"
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s || strings.ContainsAny(s, " \t<>\"") {
		return fmt.Sprintf("invalid address %q", s)
	}
	at := strings.LastIndexByte(s, '@')
	if msg := checkDomain(s[at+1:]); msg != "" {
		return fmt.Sprintf("invalid address %q: %s", s, msg)
	}
	if s != strings.ToLower(s) {
		return fmt.Sprintf("address %q is not lower-case", s)
	}
	return ""
}

// checkDomain returns why s is not a lower-case ASCII DNS name with at least two labels, or "".
func checkDomain(s string) string {
	if s == "" {
		return "missing domain"
	}
	if len(s) > 253 {
		return "domain too long"
	}
	labels := strings.Split(s, ".")
	if len(labels) < 2 {
		return fmt.Sprintf("domain %q has no dot", s)
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return fmt.Sprintf("invalid domain %q", s)
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return fmt.Sprintf("invalid domain %q (lower-case ASCII letters, digits and '-' only)", s)
			}
		}
	}
	return ""
}

// checkID returns why s is not a usable record identifier, or "". IDs are keys in the store
// and appear in mail subjects: letters, digits, '-', '_' and '.', starting with a letter or digit.
func checkID(s string) string {
	if s == "" {
		return "missing"
	}
	if len(s) > 64 {
		return fmt.Sprintf("%q is longer than 64 characters", s)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			i > 0 && (c == '-' || c == '_' || c == '.')
		if !ok {
			return fmt.Sprintf("invalid identifier %q (letters, digits, '-', '_', '.')", s)
		}
	}
	return ""
}

// normAddress lower-cases and trims an address for storage and lookup.
func normAddress(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// normDomain lower-cases and trims a domain and drops a trailing dot.
func normDomain(s string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), ".")
}

// domainOf returns the part after the last '@' of a normalised address, or "".
func domainOf(addr string) string {
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return ""
	}
	return addr[at+1:]
}
