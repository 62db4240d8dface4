package textfmt

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

func formats(t *testing.T) (de, en Format) {
	t.Helper()
	de, err := New("de")
	if err != nil {
		t.Fatal(err)
	}
	en, err = New("en")
	if err != nil {
		t.Fatal(err)
	}
	return de, en
}

func TestNew(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"", "de", false},
		{"de", "de", false},
		{"DE", "de", false},
		{"de-AT", "de", false},
		{"en", "en", false},
		{"en_GB", "en", false},
		{"EN-us", "en", false},
		{"fr", "", true},
		{"deu", "", true},
		{"-", "de", false}, // the empty base: German, as the empty tag
	}
	for _, tt := range tests {
		f, err := New(tt.in)
		if tt.wantErr {
			if err == nil {
				t.Errorf("New(%q) = %q, want an error", tt.in, f.Lang())
			}
			continue
		}
		if err != nil || f.Lang() != tt.want {
			t.Errorf("New(%q) = %q, %v; want %q", tt.in, f.Lang(), err, tt.want)
		}
	}
	var zero Format
	if zero.Lang() != German {
		t.Errorf("zero Format is %q, want German", zero.Lang())
	}
}

func TestMoney(t *testing.T) {
	de, en := formats(t)
	tests := []struct {
		in     int64
		de, en string
	}{
		{0, "0,00 €", "€0.00"},
		{5, "0,05 €", "€0.05"},
		{99, "0,99 €", "€0.99"},
		{100, "1,00 €", "€1.00"},
		{123456, "1.234,56 €", "€1,234.56"},
		{100000, "1.000,00 €", "€1,000.00"},
		{99999, "999,99 €", "€999.99"},
		{123456789, "1.234.567,89 €", "€1,234,567.89"},
		{-1, "−0,01 €", "−€0.01"},
		{-123456, "−1.234,56 €", "−€1,234.56"},
		{math.MaxInt64, "92.233.720.368.547.758,07 €", "€92,233,720,368,547,758.07"},
		{math.MinInt64, "−92.233.720.368.547.758,08 €", "−€92,233,720,368,547,758.08"},
	}
	for _, tt := range tests {
		if got := de.Money(tt.in); got != tt.de {
			t.Errorf("de.Money(%d) = %q, want %q", tt.in, got, tt.de)
		}
		if got := en.Money(tt.in); got != tt.en {
			t.Errorf("en.Money(%d) = %q, want %q", tt.in, got, tt.en)
		}
	}
}

func TestDurationAndBalance(t *testing.T) {
	de, en := formats(t)
	tests := []struct {
		in                int
		duration, balance string
	}{
		{0, "0:00 h", "0:00 h"},
		{1, "0:01 h", "+0:01 h"},
		{59, "0:59 h", "+0:59 h"},
		{60, "1:00 h", "+1:00 h"},
		{90, "1:30 h", "+1:30 h"},
		{135, "2:15 h", "+2:15 h"},
		{6000, "100:00 h", "+100:00 h"},
		{-135, "−2:15 h", "−2:15 h"},
		{-1, "−0:01 h", "−0:01 h"},
	}
	for _, tt := range tests {
		for _, f := range []Format{de, en} {
			if got := f.Duration(tt.in); got != tt.duration {
				t.Errorf("%s.Duration(%d) = %q, want %q", f.Lang(), tt.in, got, tt.duration)
			}
			if got := f.Balance(tt.in); got != tt.balance {
				t.Errorf("%s.Balance(%d) = %q, want %q", f.Lang(), tt.in, got, tt.balance)
			}
		}
	}
	if got, want := de.Duration(math.MinInt64), "−153722867280912930:08 h"; got != want {
		t.Errorf("Duration(MinInt64) = %q, want %q", got, want)
	}
}

func TestHours(t *testing.T) {
	de, en := formats(t)
	tests := []struct {
		in     int
		de, en string
	}{
		{0, "0,00 h", "0.00 h"},
		{15, "0,25 h", "0.25 h"},
		{30, "0,50 h", "0.50 h"},
		{45, "0,75 h", "0.75 h"},
		{90, "1,50 h", "1.50 h"},
		{1, "0,02 h", "0.02 h"},  // 0.0167 rounds up
		{10, "0,17 h", "0.17 h"}, // 0.1667
		{20, "0,33 h", "0.33 h"}, // 0.3333
		{40, "0,67 h", "0.67 h"}, // 0.6667
		{50, "0,83 h", "0.83 h"}, // 0.8333
		{59, "0,98 h", "0.98 h"}, // 0.9833, never carries into the hour
		{3, "0,05 h", "0.05 h"},  // exactly 0.05
		{123 * 60, "123,00 h", "123.00 h"},
		{1234 * 60, "1.234,00 h", "1,234.00 h"},
		{-90, "−1,50 h", "−1.50 h"},
		{-1, "−0,02 h", "−0.02 h"},
	}
	for _, tt := range tests {
		if got := de.Hours(tt.in); got != tt.de {
			t.Errorf("de.Hours(%d) = %q, want %q", tt.in, got, tt.de)
		}
		if got := en.Hours(tt.in); got != tt.en {
			t.Errorf("en.Hours(%d) = %q, want %q", tt.in, got, tt.en)
		}
	}
}

// TestHoursExactForIncrements holds the promise of the package comment: sums of 15-minute
// increments are exact in hundredths.
func TestHoursExactForIncrements(t *testing.T) {
	de, _ := formats(t)
	for m := 0; m <= 100*60; m += 15 {
		want := strconv.Itoa(m/60) + "," + twoDigits(uint64(m%60*100/60)) + " h"
		if got := de.Hours(m); got != want {
			t.Fatalf("Hours(%d) = %q, want %q", m, got, want)
		}
	}
}

func TestDates(t *testing.T) {
	de, en := formats(t)
	berlin := time.FixedZone("CET", 3600)
	d1 := time.Date(2026, 12, 1, 0, 30, 0, 0, berlin)
	d2 := time.Date(2026, 12, 31, 23, 0, 0, 0, berlin)
	tests := []struct {
		name, got, want string
	}{
		{"de.Date", de.Date(d1), "01.12.2026"},
		{"en.Date", en.Date(d1), "2026-12-01"},
		{"de.Period", de.Period(d1, d2), "01.12.2026 – 31.12.2026"},
		{"en.Period", en.Period(d1, d2), "2026-12-01 – 2026-12-31"},
		{"de.Period one day", de.Period(d1, d1.Add(time.Hour)), "01.12.2026"},
		// The date is the one in t's own zone, not UTC (00:30 CET is 23:30 UTC the day before).
		{"de.Date zone", de.Date(d1), "01.12.2026"},
		{"de.Date UTC", de.Date(d1.UTC()), "30.11.2026"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestKmAndInt(t *testing.T) {
	de, en := formats(t)
	tests := []struct {
		km     int
		de, en string
	}{
		{0, "0 km", "0 km"},
		{35, "35 km", "35 km"},
		{999, "999 km", "999 km"},
		{1000, "1.000 km", "1,000 km"},
		{1234567, "1.234.567 km", "1,234,567 km"},
		{-12, "−12 km", "−12 km"},
	}
	for _, tt := range tests {
		if got := de.Km(tt.km); got != tt.de {
			t.Errorf("de.Km(%d) = %q, want %q", tt.km, got, tt.de)
		}
		if got := en.Km(tt.km); got != tt.en {
			t.Errorf("en.Km(%d) = %q, want %q", tt.km, got, tt.en)
		}
	}
}

// parseMoney reads back what Money wrote, to check the round trip.
func parseMoney(f Format, s string) (int64, bool) {
	neg := strings.HasPrefix(s, Minus)
	s = strings.TrimPrefix(s, Minus)
	th, dec := f.separators()
	if f.english {
		s = strings.TrimPrefix(s, "€")
	} else {
		s = strings.TrimSuffix(s, " €")
	}
	s = strings.ReplaceAll(s, string(th), "")
	i := strings.IndexByte(s, dec)
	if i < 0 || len(s)-i != 3 {
		return 0, false
	}
	u, err := strconv.ParseUint(s[:i]+s[i+1:], 10, 64)
	if err != nil {
		return 0, false
	}
	if neg {
		return int64(-u), true
	}
	return int64(u), true
}

func FuzzMoney(f *testing.F) {
	for _, seed := range []int64{0, 1, -1, 99, 100, 123456, math.MaxInt64, math.MinInt64} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, cents int64) {
		for _, lang := range []string{"de", "en"} {
			fm, _ := New(lang)
			s := fm.Money(cents)
			got, ok := parseMoney(fm, s)
			if !ok || got != cents {
				t.Fatalf("%s: Money(%d) = %q, reads back as %d (ok %v)", lang, cents, s, got, ok)
			}
		}
	})
}
