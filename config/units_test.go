package config

import (
	"testing"
	"time"
)

func TestParseSize(t *testing.T) {
	tests := []struct {
		in      string
		want    Size
		wantErr bool
	}{
		{"1048576", 1 << 20, false},
		{"0", 0, false},
		{"25MiB", 25 << 20, false},
		{"50MB", 50_000_000, false},
		{"1 KiB", 1024, false},
		{"2kb", 2000, false},
		{"3GiB", 3 << 30, false},
		{"1TB", 1e12, false},
		{"7B", 7, false},
		{" 4 mib ", 4 << 20, false},
		{"", 0, true},
		{"MiB", 0, true},
		{"-1", 0, true},
		{"-1MiB", 0, true},
		{"+5", 0, true},
		{"1.5MiB", 0, true},
		{"1e6", 0, true},
		{"0x10", 0, true},
		{"10 megabytes", 0, true},
		{"9999999TiB", 0, true}, // overflows int64
		{"9223372036854775807", 1<<63 - 1, false},
		{"9223372036854775808", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseSize(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestSizeString(t *testing.T) {
	tests := []struct {
		in   Size
		want string
	}{
		{50 << 20, "50MiB"},
		{1 << 10, "1KiB"},
		{1536, "1536B"},
		{1000, "1000B"},
		{0, "0B"},
		{2 << 40, "2TiB"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("Size(%d).String() = %q, want %q", int64(tt.in), got, tt.want)
		}
		back, err := ParseSize(tt.in.String())
		if err != nil || back != tt.in {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", tt.in.String(), back, err, int64(tt.in))
		}
	}
}

func TestDuration(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr bool
	}{
		{"30s", 30 * time.Second, false},
		{"15m", 15 * time.Minute, false},
		{"336h", 336 * time.Hour, false},
		{"1h30m", 90 * time.Minute, false},
		{"0", 0, false},
		{"", 0, true},
		{"30", 0, true},
		{"-5s", 0, true},
		{"2 weeks", 0, true},
		{"1d", 24 * time.Hour, false},
		{"30d", 30 * 24 * time.Hour, false},
		{"1d12h", 36 * time.Hour, false},
		{"0d", 0, false},
		{"d", 0, true},
		{"1.5d", 0, true},
		{"1d-1h", 0, true},
		{"1d+1h", 0, true},
		{"1dd", 0, true},
		{"999999999d", 0, true},
	}
	for _, tt := range tests {
		var d Duration
		err := d.UnmarshalText([]byte(tt.in))
		if (err != nil) != tt.wantErr || d.Std() != tt.want {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v, error %v", tt.in, d.Std(), err, tt.want, tt.wantErr)
		}
	}
	for _, d := range []time.Duration{0, time.Second, 5 * time.Minute, 336 * time.Hour, time.Hour + 30*time.Second, 1500 * time.Millisecond} {
		text, _ := Duration(d).MarshalText()
		var back Duration
		if err := back.UnmarshalText(text); err != nil || back.Std() != d {
			t.Errorf("UnmarshalText(MarshalText(%v) = %q) = %v, %v", d, text, back.Std(), err)
		}
	}
	if got := Duration(336 * time.Hour).String(); got != "336h" {
		t.Errorf("Duration(336h).String() = %q, want \"336h\"", got)
	}
	if got := Duration(5 * time.Minute).String(); got != "5m" {
		t.Errorf("Duration(5m).String() = %q, want \"5m\"", got)
	}
}

func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"25MiB", "50MB", "1048576", "1 KiB", "-1", "", "9223372036854775807", "8EiB", "1.5GB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseSize(s)
		if err != nil {
			return
		}
		if n < 0 {
			t.Fatalf("ParseSize(%q) = %d, want >= 0", s, n)
		}
		back, err := ParseSize(n.String())
		if err != nil || back != n {
			t.Fatalf("ParseSize(%q) = %d; String %q parses back as %d, %v", s, n, n.String(), back, err)
		}
	})
}

func FuzzDuration(f *testing.F) {
	for _, s := range []string{"30s", "15m", "336h", "1h0m30s", "-1s", "", "30", "1.5h", "30d", "1d12h", "106000d2562047h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var d Duration
		if err := d.UnmarshalText([]byte(s)); err != nil {
			return
		}
		if d < 0 {
			t.Fatalf("UnmarshalText(%q) = %v, want >= 0", s, d.Std())
		}
		var back Duration
		if err := back.UnmarshalText([]byte(d.String())); err != nil || back != d {
			t.Fatalf("UnmarshalText(%q) = %v; String %q parses back as %v, %v", s, d.Std(), d.String(), back.Std(), err)
		}
	})
}
