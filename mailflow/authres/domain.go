package authres

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// maxDomainLen is the longest domain name DNS allows (RFC 1035 §2.3.4, in text form).
const maxDomainLen = 253

// normDomain returns the domain of s - a domain, or an address whose part after the last
// "@" is taken, angle brackets allowed - in lower-case ASCII (IDNA A-labels, since RFC 8616
// lets MTAs write U-labels), or "" when it is no plausible domain name of at least two
// labels. A trailing dot
// (the root) is dropped.
func normDomain(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimPrefix(s, "<"), ">")
	if at := strings.LastIndexByte(s, '@'); at >= 0 {
		s = s[at+1:]
	}
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	if !isASCII(s) {
		a, err := idna.Lookup.ToASCII(s)
		if err != nil {
			return ""
		}
		s = a
	}
	// A name without a dot is no mail domain: Exchange writes header.d=none for unsigned
	// mail, and a bare TLD has no organization.
	if !strings.Contains(s, ".") || len(s) > maxDomainLen {
		return ""
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || strings.Trim(label, "abcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
			return ""
		}
	}
	return s
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// orgDomain returns the organizational domain of a normalised domain (RFC 7489 §3.2): the
// public suffix plus one label, by the Public Suffix List, private entries included (so
// a.github.io and b.github.io are different organizations). It is "" for a public suffix
// itself, which has no organization to align with.
func orgDomain(d string) string {
	if d == "" {
		return ""
	}
	org, err := publicsuffix.EffectiveTLDPlusOne(d)
	if err != nil {
		return ""
	}
	return org
}

// aligned reports relaxed alignment of two normalised domains (RFC 7489 §3.1): the same
// organizational domain, so mail.example.co.uk aligns with example.co.uk, and
// example.co.uk never with other.co.uk.
func aligned(a, b string) bool {
	org := orgDomain(a)
	return org != "" && org == orgDomain(b)
}

// maxShown bounds a value quoted in a reason.
const maxShown = 80

// clean makes a value, possibly written by the sender, fit for a log line or a reason:
// control characters and invalid UTF-8 become "?", and it is cut to maxShown bytes.
func clean(s string) string {
	var b strings.Builder
	for _, r := range s {
		if b.Len() >= maxShown {
			b.WriteString("...")
			break
		}
		if r == utf8.RuneError || unicode.IsControl(r) {
			r = '?'
		}
		b.WriteRune(r)
	}
	return b.String()
}
