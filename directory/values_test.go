package directory

import (
	"testing"
	"time"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in   string
		want Money
		ok   bool
	}{
		{"95.00", 9500, true},
		{"95", 9500, true},
		{"95.5", 9550, true},
		{"95,50", 9550, true},
		{"0.42", 42, true},
		{"-1.50", -150, true},
		{"+3", 300, true},
		{"95.500000", 9550, true}, // a TOML float arrives like this
		{"95.555", 0, false},
		{"1.234,56", 0, false},
		{"", 0, false},
		{"abc", 0, false},
		{".5", 0, false},
		{"5.", 0, false},
		{"1e3", 0, false},
		{"9999999999999999", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseMoney(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseMoney(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestMoneyString(t *testing.T) {
	tests := []struct {
		in   Money
		want string
	}{{0, "0.00"}, {42, "0.42"}, {9500, "95.00"}, {-150, "-1.50"}, {-5, "-0.05"}}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("Money(%d).String() = %q, want %q", int64(tt.in), got, tt.want)
		}
	}
}

func TestHours(t *testing.T) {
	tests := []struct {
		in      string
		minutes int64
		out     string // canonical form
	}{
		{"10", 600, "10"},
		{"12.5", 750, "12.5"},
		{"12,5", 750, "12.5"},
		{"0.25", 15, "0.25"},
		{"7.75", 465, "7.75"},
		{"0.1", 6, "0.1"},
		{"12:30", 750, "12.5"},
		{"0:20", 20, "0:20"},
		{"-1.5", -90, "-1.5"},
		{"-0:20", -20, "-0:20"},
		{"12.500000", 750, "12.5"},
	}
	for _, tt := range tests {
		h, err := ParseHours(tt.in)
		if err != nil || h.Minutes() != tt.minutes {
			t.Errorf("ParseHours(%q) = %d min, %v; want %d min", tt.in, h.Minutes(), err, tt.minutes)
			continue
		}
		if got := h.String(); got != tt.out {
			t.Errorf("ParseHours(%q).String() = %q, want %q", tt.in, got, tt.out)
		}
	}
	for _, bad := range []string{"", "x", "0.01", "1:60", "1:5", ":30", "0.333333", "1.2.3"} {
		if h, err := ParseHours(bad); err == nil {
			t.Errorf("ParseHours(%q) = %v, want error", bad, h)
		}
	}
}

func TestDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		out  string
	}{
		{"2h", 2 * time.Hour, "2h"},
		{"90m", 90 * time.Minute, "1h30m"},
		{"1h30m", 90 * time.Minute, "1h30m"},
		{"3d", 72 * time.Hour, "72h"},
		{"45s", 45 * time.Second, "45s"},
		{"0s", 0, "0s"},
	}
	for _, tt := range tests {
		d, err := ParseDuration(tt.in)
		if err != nil || time.Duration(d) != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tt.in, time.Duration(d), err, tt.want)
			continue
		}
		if got := d.String(); got != tt.out {
			t.Errorf("ParseDuration(%q).String() = %q, want %q", tt.in, got, tt.out)
		}
	}
	for _, bad := range []string{"", "2", "d", "zwei Stunden", "1.5d"} {
		if _, err := ParseDuration(bad); err == nil {
			t.Errorf("ParseDuration(%q) = nil error, want error", bad)
		}
	}
}

func TestDate(t *testing.T) {
	d := date(t, "2026-01-31")
	if got := d.String(); got != "2026-01-31" {
		t.Errorf("String() = %q, want 2026-01-31", got)
	}
	if !d.Before(date(t, "2026-02-01")) || !d.After(date(t, "2025-12-31")) || d.Compare(date(t, "2026-01-31")) != 0 {
		t.Errorf("comparisons of %s wrong", d)
	}
	berlin := time.FixedZone("CET", 3600)
	if got := DateOf(time.Date(2026, 1, 30, 23, 30, 0, 0, time.UTC).In(berlin)); got != d {
		t.Errorf("DateOf(23:30 UTC in CET) = %s, want %s (the local day)", got, d)
	}
	for _, bad := range []string{"2026-02-30", "31.01.2026", "2026-1-31", "2026-01-31x"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) = nil error, want error", bad)
		}
	}
	var z Date
	if !z.IsZero() || z.String() != "" {
		t.Errorf("zero Date: IsZero %v, String %q; want true, \"\"", z.IsZero(), z.String())
	}
}

func TestIntervalNext(t *testing.T) {
	start := time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		in   Interval
		want time.Time
		ok   bool
	}{
		{Weekly, start.AddDate(0, 0, 7), true},
		{Monthly, start.AddDate(0, 1, 0), true},
		{Quarterly, start.AddDate(0, 3, 0), true},
		{Yearly, start.AddDate(1, 0, 0), true},
		{"14d", start.Add(14 * 24 * time.Hour), true},
		{"72h", start.Add(72 * time.Hour), true},
		{"0s", time.Time{}, false},
		{"-1h", time.Time{}, false},
		{"fortnightly", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, tt := range tests {
		got, err := tt.in.Next(start)
		if (err == nil) != tt.ok || !got.Equal(tt.want) {
			t.Errorf("Interval(%q).Next = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"95.00", "-1,5", "0.420000", "9999999999999.99", "1e3", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMoney(s)
		if err != nil {
			return
		}
		back, err := ParseMoney(m.String())
		if err != nil || back != m {
			t.Errorf("ParseMoney(%q) = %v, which reparses as %v, %v", s, m, back, err)
		}
	})
}

func FuzzParseHours(f *testing.F) {
	for _, s := range []string{"10", "12.5", "0:20", "-1:05", "0.333333", "999999999:59"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseHours(s)
		if err != nil {
			return
		}
		back, err := ParseHours(h.String())
		if err != nil || back != h {
			t.Errorf("ParseHours(%q) = %v, which reparses as %v, %v", s, h, back, err)
		}
	})
}

func TestDateUnmarshalText(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"2026-01-31", "2026-01-31", true},
		{"", "", true},
		{"2026-01-31T00:00:00Z", "2026-01-31", true},      // TOML offset datetime
		{"2026-01-31T23:30:00+02:00", "2026-01-31", true}, // the day as written
		{"2026-01-31T08:00:00", "2026-01-31", true},       // TOML local datetime
		{"2026-01-31Tgarbage", "", false},
		{"31.01.2026", "", false},
	}
	for _, tt := range tests {
		var d Date
		err := d.UnmarshalText([]byte(tt.in))
		if (err == nil) != tt.ok || (err == nil && d.String() != tt.want) {
			t.Errorf("UnmarshalText(%q) = %q, %v; want %q, ok %v", tt.in, d, err, tt.want, tt.ok)
		}
	}
}
