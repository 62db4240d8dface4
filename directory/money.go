package directory

import (
	"fmt"
	"strconv"
	"strings"
)

// Money is an amount in euro cents. Its text form is a decimal with two places ("95.00",
// "-1.50"); "95", "95.5" and "95,50" are accepted on input.
type Money int64

// maxMoneyDigits bounds the integer part so the cents never overflow int64.
const maxMoneyDigits = 15

// ParseMoney parses a decimal euro amount with at most two significant decimal places.
func ParseMoney(s string) (Money, error) {
	cents, err := parseFixed(s, 2, maxMoneyDigits)
	if err != nil {
		return 0, fmt.Errorf("invalid amount %q: %w", s, err)
	}
	return Money(cents), nil
}

// String returns the amount with two decimal places, e.g. "95.00".
func (m Money) String() string {
	sign := ""
	v := int64(m)
	if v < 0 {
		sign = "-"
		v = -v // cannot overflow: parseFixed never yields math.MinInt64
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// MarshalText implements encoding.TextMarshaler.
func (m Money) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (m *Money) UnmarshalText(b []byte) error {
	v, err := ParseMoney(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// parseFixed parses a decimal number ("12", "-12.5", "12,50") into an integer scaled by
// 10^places. Decimal places beyond places must be zero (TOML floats arrive as "95.500000").
func parseFixed(s string, places, maxInt int) (int64, error) {
	s = strings.TrimSpace(s)
	neg := false
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	intPart, frac, hasSep := strings.Cut(strings.Replace(s, ",", ".", 1), ".")
	if intPart == "" || (hasSep && frac == "") {
		return 0, fmt.Errorf("not a decimal number")
	}
	if !allDigits(intPart) || !allDigits(frac) {
		return 0, fmt.Errorf("not a decimal number")
	}
	if len(strings.TrimLeft(intPart, "0")) > maxInt {
		return 0, fmt.Errorf("too large")
	}
	if len(frac) > places {
		if strings.Trim(frac[places:], "0") != "" {
			return 0, fmt.Errorf("more than %d decimal places", places)
		}
		frac = frac[:places]
	}
	frac += strings.Repeat("0", places-len(frac))
	v, err := strconv.ParseInt(intPart+frac, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("too large")
	}
	if neg {
		v = -v
	}
	return v, nil
}

// allDigits reports whether s consists of ASCII digits only (true for "").
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
