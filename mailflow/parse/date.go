package parse

import (
	"slices"
	"time"
)

// fastDate reads the one Date form nearly every mail carries, RFC 5322's
// "[Mon, ]2 Jan 2006 15:04:05 -0700" with an optional "(comment)" after the zone, without
// net/mail. mail.ParseDate tries its layouts in turn, and for a date with a weekday the first
// twelve fail, each allocating a time.ParseError: a tenth of the parser's garbage per mail
// (the intake profile). ok is false for anything else, and the caller then asks net/mail; for
// what it accepts the result is mail.ParseDate's, to the location (FuzzDate checks that).
func fastDate(s string) (t time.Time, ok bool) {
	r := dateReader{s: s, ok: true}
	if len(s) > 4 && s[3] == ',' && s[4] == ' ' {
		if !slices.Contains(weekdayNames, s[:3]) {
			return time.Time{}, false
		}
		r.s = s[5:]
	}
	day := r.digits(1, 2)
	if !r.sp() {
		return time.Time{}, false
	}
	month := r.month()
	if !r.sp() {
		return time.Time{}, false
	}
	year := r.digits(4, 4)
	if !r.sp() {
		return time.Time{}, false
	}
	hour := r.digits(2, 2)
	r.colon()
	minute := r.digits(2, 2)
	second := 0
	if r.ok && len(r.s) > 0 && r.s[0] == ':' {
		r.colon()
		second = r.digits(2, 2)
	}
	if !r.sp() {
		return time.Time{}, false
	}
	offset, zoneOK := r.zone()
	if !zoneOK || !r.comment() {
		return time.Time{}, false
	}
	// time.Parse's ranges; years outside 1900-9999 are left to net/mail.
	if year < 1900 || month < 1 || day < 1 || day > daysIn(time.Month(month), year) ||
		hour > 23 || minute > 59 || second > 59 {
		return time.Time{}, false
	}
	t = time.Date(year, time.Month(month), day, hour, minute, second, 0, time.UTC).Add(-time.Duration(offset) * time.Second)
	// As time.Parse does: the local zone when it had that offset then, else a nameless zone.
	local := t.In(time.Local)
	if _, off := local.Zone(); off == offset {
		return local, true
	}
	return t.In(time.FixedZone("", offset)), true
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

var (
	weekdayNames = []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
	monthNames   = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

// dateReader consumes s; ok turns false at the first thing that does not fit and stays so.
type dateReader struct {
	s  string
	ok bool
}

func (r *dateReader) fail() { r.ok, r.s = false, "" }

// digits reads min to max decimal digits.
func (r *dateReader) digits(min, max int) int {
	n, i := 0, 0
	for i < max && i < len(r.s) && '0' <= r.s[i] && r.s[i] <= '9' {
		n = n*10 + int(r.s[i]-'0')
		i++
	}
	if i < min {
		r.fail()
		return 0
	}
	r.s = r.s[i:]
	return n
}

// sp reads exactly one space and reports whether all went well so far.
func (r *dateReader) sp() bool {
	if !r.ok || len(r.s) == 0 || r.s[0] != ' ' {
		r.fail()
		return false
	}
	r.s = r.s[1:]
	return true
}

func (r *dateReader) colon() {
	if len(r.s) == 0 || r.s[0] != ':' {
		r.fail()
		return
	}
	r.s = r.s[1:]
}

func (r *dateReader) month() int {
	if len(r.s) < 3 {
		r.fail()
		return 0
	}
	i := slices.Index(monthNames, r.s[:3])
	if i < 0 {
		r.fail()
		return 0
	}
	r.s = r.s[3:]
	return i + 1
}

// zone reads "+hhmm" or "-hhmm" with hh <= 14 and mm <= 59 (real offsets; others go to net/mail).
func (r *dateReader) zone() (offset int, ok bool) {
	if len(r.s) < 5 || (r.s[0] != '+' && r.s[0] != '-') {
		return 0, false
	}
	sign := r.s[0]
	for i := 1; i < 5; i++ {
		if r.s[i] < '0' || r.s[i] > '9' {
			return 0, false
		}
	}
	hh := int(r.s[1]-'0')*10 + int(r.s[2]-'0')
	mm := int(r.s[3]-'0')*10 + int(r.s[4]-'0')
	if hh > 14 || mm > 59 {
		return 0, false
	}
	r.s = r.s[5:]
	offset = (hh*60 + mm) * 60
	if sign == '-' {
		offset = -offset
	}
	return offset, true
}

// comment accepts the end of the value, or one " (Name)" of letters, digits and spaces as in
// "(CET)" or "(UTC)", and nothing after it.
func (r *dateReader) comment() bool {
	if r.s == "" {
		return true
	}
	s := r.s
	if len(s) < 3 || s[0] != ' ' || s[1] != '(' || s[len(s)-1] != ')' {
		return false
	}
	for i := 2; i < len(s)-1; i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == ' ') {
			return false
		}
	}
	return true
}
