package config

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Duration is a time.Duration written as a Go duration string in the config ("30s", "15m",
// "336h"), or with a leading number of days ("30d", "1d12h"): retention periods read better
// in days. It implements encoding.TextUnmarshaler and encoding.TextMarshaler.
type Duration time.Duration

// Std returns d as a time.Duration.
func (d Duration) Std() time.Duration { return time.Duration(d) }

// String returns d in Go duration notation without zero trailing units ("5m", "336h",
// "1h0m30s").
func (d Duration) String() string {
	s := time.Duration(d).String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// UnmarshalText parses a Go duration string, optionally after a whole number of days
// ("30d", "1d12h"; a day is 24 hours). Negative durations are rejected; a bare number
// without unit is rejected too (time.ParseDuration accepts only "0").
func (d *Duration) UnmarshalText(text []byte) error {
	s := strings.TrimSpace(string(text))
	if s == "" {
		return errors.New("empty duration, want e.g. \"30s\" or \"15m\"")
	}
	v, err := parseDuration(s)
	if err != nil {
		return fmt.Errorf("invalid duration %q, want e.g. \"30s\", \"15m\", \"336h\" or \"30d\"", s)
	}
	if v < 0 {
		return fmt.Errorf("invalid duration %q: must not be negative", s)
	}
	*d = Duration(v)
	return nil
}

// maxDays keeps days*24h within a time.Duration (about 292 years).
const maxDays = 106_000

// parseDuration is time.ParseDuration with a leading "<days>d".
func parseDuration(s string) (time.Duration, error) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i == len(s) || s[i] != 'd' {
		return time.ParseDuration(s)
	}
	days, err := strconv.Atoi(s[:i])
	if err != nil || days > maxDays {
		return 0, fmt.Errorf("days out of range")
	}
	v := time.Duration(days) * 24 * time.Hour
	if rest := s[i+1:]; rest != "" {
		r, err := time.ParseDuration(rest)
		if err != nil || r < 0 || rest[0] == '+' {
			return 0, fmt.Errorf("invalid duration after the days")
		}
		if r > math.MaxInt64-v {
			return 0, fmt.Errorf("too long")
		}
		v += r
	}
	return v, nil
}

// MarshalText writes d in Go duration notation, which UnmarshalText reads back.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Size is a number of bytes written in the config as a plain number ("1048576" or 1048576) or
// with a unit: decimal B, KB, MB, GB, TB (powers of 1000) or binary KiB, MiB, GiB, TiB (powers
// of 1024). Units are case-insensitive and may be separated from the number by a space.
type Size int64

// Int64 returns the size in bytes.
func (s Size) Int64() int64 { return int64(s) }

var sizeUnits = []struct {
	suffix string
	factor int64
}{
	// Longest suffixes first so "MiB" is not taken for "B".
	{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"tib", 1 << 40},
	{"kb", 1e3}, {"mb", 1e6}, {"gb", 1e9}, {"tb", 1e12},
	{"b", 1},
}

// ParseSize parses a size such as "25MiB", "50MB", "1 KiB" or "1048576".
func ParseSize(text string) (Size, error) {
	s := strings.TrimSpace(text)
	if s == "" {
		return 0, errors.New("empty size, want e.g. \"25MiB\", \"50MB\" or \"1048576\"")
	}
	num, factor := s, int64(1)
	lower := strings.ToLower(s)
	for _, u := range sizeUnits {
		if strings.HasSuffix(lower, u.suffix) {
			num, factor = strings.TrimSpace(s[:len(s)-len(u.suffix)]), u.factor
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || num[0] == '+' || num[0] == '-' {
		return 0, fmt.Errorf("invalid size %q, want a whole number of bytes with an optional unit (B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)", s)
	}
	if n > math.MaxInt64/factor {
		return 0, fmt.Errorf("invalid size %q: too large", s)
	}
	return Size(n * factor), nil
}

// UnmarshalText parses a size; see ParseSize.
func (s *Size) UnmarshalText(text []byte) error {
	v, err := ParseSize(string(text))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// String writes s with the largest binary unit that divides it exactly ("50MiB", "1000B").
func (s Size) String() string {
	n := int64(s)
	for _, u := range []struct {
		suffix string
		factor int64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n != 0 && n%u.factor == 0 {
			return strconv.FormatInt(n/u.factor, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10) + "B"
}

// MarshalText writes s as String does, which UnmarshalText reads back.
func (s Size) MarshalText() ([]byte, error) { return []byte(s.String()), nil }
