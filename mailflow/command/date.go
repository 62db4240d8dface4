package command

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day without time or zone. The zero Date means "not known".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar day of t in t's location: pass the desk's local time.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String returns d as "2006-01-02".
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// Time returns midnight of d in loc (UTC when loc is nil).
func (d Date) Time(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// addDays returns the day n days after d (before it for negative n).
func (d Date) addDays(n int) Date { return DateOf(d.Time(nil).AddDate(0, 0, n)) }

// daysSince returns how many days d lies before today (negative: after).
func (d Date) daysSince(today Date) int {
	return int(today.Time(nil).Sub(d.Time(nil)).Hours() / 24)
}

// german formats d as "01.12.2026" for messages.
func (d Date) german() string {
	return fmt.Sprintf("%02d.%02d.%04d", d.Day, int(d.Month), d.Year)
}

// oldDays is how far back a date may lie before it draws a warning: entries older than a month
// land in a month that has usually been billed already, and a wrong year ("01.12.2025") is the
// likeliest typo.
const oldDays = 31

// relativeDays are the words for days relative to today, folded.
var relativeDays = map[string]int{"heute": 0, "today": 0, "gestern": -1, "yesterday": -1, "vorgestern": -2}

// looksLikeDate reports whether tok is meant as a date: a relative day, "2026-12-01",
// "1.12.2026", "1.12.26" or "1.12.". "1.12" without the closing dot is not a date, because
// in an activity text it is more likely a version number.
func looksLikeDate(tok string) bool {
	if _, ok := relativeDays[fold(strings.TrimRight(tok, ",;"))]; ok {
		return true
	}
	_, _, _, ok := splitDate(tok)
	return ok
}

// splitDate splits a numeric date into day, month and year digits (year "" when left out).
func splitDate(tok string) (day, month, year string, ok bool) {
	if p := strings.Split(tok, "-"); len(p) == 3 {
		ok = len(p[0]) == 4 && digits(p[0]) && isDayOrMonth(p[1]) && isDayOrMonth(p[2])
		return p[2], p[1], p[0], ok
	}
	p := strings.Split(tok, ".")
	if len(p) != 3 || !isDayOrMonth(p[0]) || !isDayOrMonth(p[1]) {
		return "", "", "", false
	}
	ok = p[2] == "" || digits(p[2]) && (len(p[2]) == 2 || len(p[2]) == 4)
	return p[0], p[1], p[2], ok
}

func isDayOrMonth(s string) bool { return (len(s) == 1 || len(s) == 2) && digits(s) }

// digits reports whether s is a non-empty run of ASCII digits.
func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseDate resolves a token for which looksLikeDate is true against today. A date without a
// year is the latest such day not after today (on 2 January, "30.12." is last year's). The
// result is never after today; what is wrong is said in both languages.
func parseDate(tok string, today Date) (Date, *text) {
	if today.IsZero() {
		// A caller bug, but the safe outcome is an error the technician sees, not a guessed day.
		t := tf("das Datum „%s“ lässt sich nicht prüfen (das heutige Datum ist unbekannt)",
			"the date %q cannot be checked (today's date is unknown)", value(tok))
		return Date{}, &t
	}
	if n, ok := relativeDays[fold(strings.TrimRight(tok, ",;"))]; ok {
		return today.addDays(n), nil
	}
	ds, ms, ys, _ := splitDate(tok)
	day, _ := strconv.Atoi(ds) // splitDate checked the digits
	month, _ := strconv.Atoi(ms)
	bad := tf("den Tag „%s“ gibt es nicht", "there is no day %q", value(tok))
	if ys == "" {
		for _, y := range []int{today.Year, today.Year - 1} {
			if d, ok := validDate(y, month, day); ok && d.daysSince(today) >= 0 {
				return d, nil
			}
		}
		return Date{}, &bad
	}
	year, _ := strconv.Atoi(ys)
	if len(ys) == 2 {
		year += 2000
	}
	d, ok := validDate(year, month, day)
	if !ok {
		return Date{}, &bad
	}
	if d.daysSince(today) < 0 {
		t := text{fmt.Sprintf("der %s liegt in der Zukunft", d.german()), fmt.Sprintf("%s is in the future", d)}
		return Date{}, &t
	}
	return d, nil
}

// validDate returns the date if year, month and day name a real day.
func validDate(year, month, day int) (Date, bool) {
	if month < 1 || month > 12 || day < 1 || day > 31 || year < 1 {
		return Date{}, false
	}
	d := DateOf(time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC))
	return d, d.Day == day && int(d.Month) == month
}
