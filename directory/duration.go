package directory

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Duration is a span of time such as a reaction time. Its text form is Go's duration syntax
// without zero units ("2h", "1h30m", "45m"); whole days ("3d") are accepted on input.
type Duration time.Duration

// ParseDuration parses "2h", "90m", "1h30m" or "3d".
func ParseDuration(s string) (Duration, error) {
	s = strings.TrimSpace(s)
	if days, ok := strings.CutSuffix(s, "d"); ok && days != "" && len(days) <= 5 && allDigits(days) {
		n, _ := strconv.Atoi(days) // at most 5 digits: cannot fail
		return Duration(time.Duration(n) * 24 * time.Hour), nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q: want e.g. 4h, 90m or 3d", s)
	}
	return Duration(v), nil
}

// String returns the canonical text form, e.g. "1h30m".
func (d Duration) String() string {
	v := time.Duration(d)
	if v == 0 {
		return "0s"
	}
	var b strings.Builder
	if v < 0 {
		b.WriteByte('-')
		v = -v
	}
	for _, u := range []struct {
		unit time.Duration
		name string
	}{{time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		if n := v / u.unit; n > 0 {
			fmt.Fprintf(&b, "%d%s", n, u.name)
			v -= n * u.unit
		}
	}
	if v > 0 {
		fmt.Fprintf(&b, "%dns", int64(v))
	}
	return b.String()
}

// MarshalText implements encoding.TextMarshaler.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Interval is how often a needs-analysis check recurs: "weekly", "monthly", "quarterly",
// "yearly", or a positive duration ("14d", "72h").
type Interval string

// Named intervals.
const (
	Weekly    Interval = "weekly"
	Monthly   Interval = "monthly"
	Quarterly Interval = "quarterly"
	Yearly    Interval = "yearly"
)

// Validate reports whether the interval is one of the named ones or a positive duration.
func (i Interval) Validate() error {
	_, err := i.Next(time.Time{})
	return err
}

// Next returns the time one interval after t. Named intervals follow the calendar
// (time.AddDate, so "monthly" from 31 January normalises like AddDate does).
func (i Interval) Next(t time.Time) (time.Time, error) {
	switch i {
	case Weekly:
		return t.AddDate(0, 0, 7), nil
	case Monthly:
		return t.AddDate(0, 1, 0), nil
	case Quarterly:
		return t.AddDate(0, 3, 0), nil
	case Yearly:
		return t.AddDate(1, 0, 0), nil
	}
	d, err := ParseDuration(string(i))
	if err != nil || d <= 0 {
		return time.Time{}, fmt.Errorf("invalid interval %q: want weekly, monthly, quarterly, yearly or a duration like 14d", string(i))
	}
	return t.Add(time.Duration(d)), nil
}
