package directory

import (
	"fmt"
	"strconv"
	"strings"
)

// Hours is an amount of working time with minute precision, stored as minutes. Its text form
// is decimal hours when that is exact in two places ("20", "12.5", "0.25", "-1.75"), else
// hours and minutes ("0:20"). Both forms are accepted on input, and "12,5" too.
type Hours int64

// hoursScale is the fixed-point scale used when parsing decimal hours (micro-hours).
const hoursScale = 1_000_000

// HoursOf returns the Hours of a whole number of minutes.
func HoursOf(minutes int64) Hours { return Hours(minutes) }

// Minutes returns the amount in minutes.
func (h Hours) Minutes() int64 { return int64(h) }

// ParseHours parses decimal hours ("12.5") or hours and minutes ("12:30").
func ParseHours(s string) (Hours, error) {
	s = strings.TrimSpace(s)
	if hh, mm, ok := strings.Cut(s, ":"); ok {
		return parseClockHours(s, hh, mm)
	}
	micro, err := parseFixed(s, 6, 9)
	if err != nil {
		return 0, fmt.Errorf("invalid hours %q: %w", s, err)
	}
	if (micro*60)%hoursScale != 0 {
		return 0, fmt.Errorf("invalid hours %q: not a whole number of minutes", s)
	}
	return Hours(micro * 60 / hoursScale), nil
}

// parseClockHours parses the "h:mm" form; s is the whole input for error messages.
func parseClockHours(s, hh, mm string) (Hours, error) {
	neg := strings.HasPrefix(hh, "-")
	hh = strings.TrimPrefix(hh, "-")
	if hh == "" || len(hh) > 9 || !allDigits(hh) || len(mm) != 2 || !allDigits(mm) {
		return 0, fmt.Errorf("invalid hours %q: want h:mm", s)
	}
	h, _ := strconv.ParseInt(hh, 10, 64) // at most 9 digits: cannot fail
	m, _ := strconv.ParseInt(mm, 10, 64)
	if m >= 60 {
		return 0, fmt.Errorf("invalid hours %q: minutes above 59", s)
	}
	v := h*60 + m
	if neg {
		v = -v
	}
	return Hours(v), nil
}

// String returns the canonical text form (see Hours).
func (h Hours) String() string {
	v := int64(h)
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	whole, rest := v/60, v%60
	switch {
	case rest == 0:
		return fmt.Sprintf("%s%d", sign, whole)
	case (rest*100)%60 == 0:
		frac := strings.TrimRight(fmt.Sprintf("%02d", rest*100/60), "0")
		return fmt.Sprintf("%s%d.%s", sign, whole, frac)
	default:
		return fmt.Sprintf("%s%d:%02d", sign, whole, rest)
	}
}

// MarshalText implements encoding.TextMarshaler.
func (h Hours) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (h *Hours) UnmarshalText(b []byte) error {
	v, err := ParseHours(string(b))
	if err != nil {
		return err
	}
	*h = v
	return nil
}
