package textfmt

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Minus is the sign of every negative number this package writes (U+2212 MINUS SIGN).
const Minus = "\u2212"

// Language codes a Format can be made for.
const (
	German  = "de"
	English = "en"
)

// Format writes numbers, durations and dates in one language. The zero value writes German.
type Format struct {
	english bool
}

// New returns the Format for a language tag. The empty tag means German, the default; "de" and
// "en" are accepted with any region ("de-AT", "en_GB") and in any case. Other languages are an
// error rather than a silent fallback, so a misspelt setting is noticed before a customer sees
// the wrong language.
func New(lang string) (Format, error) {
	base := strings.ToLower(lang)
	if i := strings.IndexAny(base, "-_"); i >= 0 {
		base = base[:i]
	}
	switch base {
	case "", German:
		return Format{}, nil
	case English:
		return Format{english: true}, nil
	}
	return Format{}, fmt.Errorf("language %q: only %q and %q are supported", lang, German, English)
}

// Lang is the language code of f: "de" or "en".
func (f Format) Lang() string {
	if f.english {
		return English
	}
	return German
}

// separators returns the thousands and decimal separators of f's language.
func (f Format) separators() (thousands, decimal byte) {
	if f.english {
		return ',', '.'
	}
	return '.', ','
}

// Money formats an amount of cents: "1.234,56 €" in German, "€1,234.56" in English.
func (f Format) Money(cents int64) string {
	neg, u := split(cents)
	th, dec := f.separators()
	num := group(u/100, th) + string(dec) + twoDigits(u%100)
	sign := ""
	if neg {
		sign = Minus
	}
	if f.english {
		return sign + "€" + num
	}
	return sign + num + " €"
}

// Duration formats minutes as hours and minutes, "1:30 h", the form a technician books time in.
func (f Format) Duration(minutes int) string {
	neg, u := split(int64(minutes))
	s := strconv.FormatUint(u/60, 10) + ":" + twoDigits(u%60) + " h"
	if neg {
		return Minus + s
	}
	return s
}

// Hours formats minutes as decimal hours with two places, "1,50 h", the form sums take so that
// "hours × hourly rate" can be checked by hand. Hundredths are rounded half away from zero.
func (f Format) Hours(minutes int) string {
	neg, u := split(int64(minutes))
	// Splitting off whole hours first keeps u*100 from overflowing for any int64.
	hundredths := (u%60*100 + 30) / 60
	th, dec := f.separators()
	s := group(u/60, th) + string(dec) + twoDigits(hundredths) + " h"
	if neg && (u/60 != 0 || hundredths != 0) {
		return Minus + s
	}
	return s
}

// Balance formats a signed number of minutes as "+2:15 h" or "−2:15 h"; zero has no sign. It is
// for prepaid-hour balances and movements, where the sign is the point.
func (f Format) Balance(minutes int) string {
	if minutes > 0 {
		return "+" + f.Duration(minutes)
	}
	return f.Duration(minutes)
}

// Date formats the calendar date of t in t's own location: "01.12.2026" (DIN 5008) in German,
// "2026-12-01" (ISO 8601) in English. Callers pass times in the zone the customer lives in.
func (f Format) Date(t time.Time) string {
	if f.english {
		return t.Format("2006-01-02")
	}
	return t.Format("02.01.2006")
}

// Period formats a range of dates, "01.12.2026 – 31.12.2026", with an en dash as DIN 5008 writes
// ranges. A period of one day is that one date.
func (f Format) Period(from, until time.Time) string {
	a, b := f.Date(from), f.Date(until)
	if a == b {
		return a
	}
	return a + " – " + b
}

// Km formats a distance in whole kilometres: "1.234 km" / "1,234 km".
func (f Format) Km(km int) string {
	return f.Int(int64(km)) + " km"
}

// Int formats a whole number with thousands separators: "12.345" / "12,345".
func (f Format) Int(n int64) string {
	neg, u := split(n)
	th, _ := f.separators()
	if neg {
		return Minus + group(u, th)
	}
	return group(u, th)
}

// split returns the sign and magnitude of n. The magnitude is unsigned so that the most
// negative int64 has one too.
func split(n int64) (neg bool, u uint64) {
	if n < 0 {
		return true, uint64(-(n + 1)) + 1
	}
	return false, uint64(n)
}

// group writes u in decimal with sep between groups of three digits.
func group(u uint64, sep byte) string {
	digits := strconv.FormatUint(u, 10)
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	b.Grow(len(digits) + len(digits)/3)
	first := len(digits) % 3
	if first == 0 {
		first = 3
	}
	b.WriteString(digits[:first])
	for i := first; i < len(digits); i += 3 {
		b.WriteByte(sep)
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// twoDigits writes u (below 100) with a leading zero.
func twoDigits(u uint64) string {
	return string([]byte{byte('0' + u/10), byte('0' + u%10)})
}
