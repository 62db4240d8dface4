package thread

// maxNumberLen bounds a ticket number; real ones are at most "2026-000042" plus a few digits.
const maxNumberLen = 32

// validNumber reports whether s looks like a ticket number: digit groups joined by single
// hyphens ("2026-000042", "42"). Reply addresses and subject tags carry nothing else, so no
// header-breaking character can get in through a number.
func validNumber(s string) bool {
	if s == "" || len(s) > maxNumberLen {
		return false
	}
	prevDigit := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			prevDigit = true
		case c == '-' && prevDigit:
			prevDigit = false
		default:
			return false
		}
	}
	return prevDigit
}

// asciiLower lower-cases A-Z only. strings.ToLower would also fold e.g. the Kelvin sign U+212A
// to "k", letting non-ASCII look-alikes pass as our local part or domain.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
