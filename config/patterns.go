package config

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode"
)

// checkSenderPattern validates a policy.allow / policy.deny entry: an address
// ("user@example.com"), a domain ("example.com" or "@example.com") or a domain with all its
// subdomains ("*.example.com").
func checkSenderPattern(p string) error {
	if p == "" {
		return errors.New("empty entry")
	}
	if p != strings.TrimSpace(p) {
		return fmt.Errorf("%q has surrounding spaces", p)
	}
	if i := strings.IndexByte(p, '@'); i > 0 {
		a, err := mail.ParseAddress(p)
		if err != nil || a.Address != p {
			return fmt.Errorf("%q is not a valid mail address", p)
		}
		return nil
	}
	d := strings.TrimPrefix(p, "@")
	if d == p {
		d = strings.TrimPrefix(p, "*.")
	}
	if err := checkDomain(d); err != nil {
		return fmt.Errorf("%q: %v; want an address, \"example.com\", \"@example.com\" or \"*.example.com\"", p, err)
	}
	return nil
}

// checkDomain accepts host names made of letters (any script), digits and inner hyphens.
func checkDomain(d string) error {
	if d == "" {
		return errors.New("no domain")
	}
	for _, label := range strings.Split(strings.TrimSuffix(d, "."), ".") {
		if label == "" {
			return errors.New("empty domain label")
		}
		if strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return fmt.Errorf("label %q starts or ends with a hyphen", label)
		}
		for _, r := range label {
			if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return fmt.Errorf("invalid character %q in domain", r)
			}
		}
	}
	return nil
}
