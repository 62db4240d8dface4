package parse

import (
	"net/mail"
	"testing"
	"time"
)

func TestFastDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		ok   bool
		want string // UTC, RFC 3339
	}{
		{"Mon, 02 Jan 2006 15:04:05 -0700", true, "2006-01-02T22:04:05Z"},
		{"Wed, 2 Dec 2026 09:30:00 +0100", true, "2026-12-02T08:30:00Z"},
		{"2 Dec 2026 09:30:00 +0100", true, "2026-12-02T08:30:00Z"},
		{"Wed, 2 Dec 2026 09:30 +0000", true, "2026-12-02T09:30:00Z"},
		{"Wed, 2 Dec 2026 09:30:00 +0100 (CET)", true, "2026-12-02T08:30:00Z"},
		{"Sun, 29 Feb 2032 23:59:59 -1400", true, "2032-03-01T13:59:59Z"},
		// Left to net/mail: other forms, out-of-range fields, odd spacing and names.
		{"Wed, 2 Dec 2026 09:30:00 CET", false, ""},
		{"Wed, 2 Dec 26 09:30:00 +0100", false, ""},
		{"Wed,  2 Dec 2026 09:30:00 +0100", false, ""},
		{"wed, 2 Dec 2026 09:30:00 +0100", false, ""},
		{"Wed, 2 dec 2026 09:30:00 +0100", false, ""},
		{"Wed, 31 Nov 2026 09:30:00 +0100", false, ""},
		{"Wed, 29 Feb 2026 09:30:00 +0100", false, ""},
		{"Wed, 2 Dec 2026 24:00:00 +0100", false, ""},
		{"Wed, 2 Dec 2026 09:60:00 +0100", false, ""},
		{"Wed, 2 Dec 2026 09:30:60 +0100", false, ""},
		{"Wed, 2 Dec 2026 09:30:00 +1500", false, ""},
		{"Wed, 2 Dec 2026 09:30:00 +0160", false, ""},
		{"Wed, 2 Dec 2026 09:30:00 +0100 (CET) x", false, ""},
		{"Wed, 2 Dec 2026 09:30:00 +0100 (C(E)T)", false, ""},
		{"Wed, 2 Dec 0999 09:30:00 +0100", false, ""},
		{"", false, ""},
	} {
		got, ok := fastDate(tc.in)
		if ok != tc.ok {
			t.Errorf("fastDate(%q) ok = %v, want %v", tc.in, ok, tc.ok)
			continue
		}
		if ok && got.UTC().Format(time.RFC3339) != tc.want {
			t.Errorf("fastDate(%q) = %v, want %s", tc.in, got.UTC().Format(time.RFC3339), tc.want)
		}
	}
}

// TestFastDateLocalZone checks that, like time.Parse, a date in the local zone's offset comes
// back in the local zone, and another offset in a nameless fixed zone.
func TestFastDateLocalZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skipf("no zoneinfo: %v", err)
	}
	saved := time.Local
	time.Local = berlin
	defer func() { time.Local = saved }()
	for _, tc := range []struct {
		in    string
		local bool // Berlin had this offset at that time
	}{
		{"Wed, 2 Dec 2026 09:30:00 +0100", true},
		{"Thu, 2 Jul 2026 09:30:00 +0100", false},
		{"Thu, 2 Jul 2026 09:30:00 +0200", true},
	} {
		got, ok := fastDate(tc.in)
		if !ok {
			t.Fatalf("fastDate(%q) refused", tc.in)
		}
		if (got.Location() == time.Local) != tc.local {
			t.Errorf("fastDate(%q) in %v, want local = %v", tc.in, got.Location(), tc.local)
		}
		assertSameAsNetMail(t, tc.in)
	}
}

func assertSameAsNetMail(t *testing.T, in string) {
	t.Helper()
	got, ok := fastDate(in)
	if !ok {
		return
	}
	want, err := mail.ParseDate(in)
	if err != nil {
		t.Fatalf("fastDate(%q) = %v, but net/mail refuses it: %v", in, got, err)
	}
	if !got.Equal(want) || got.String() != want.String() {
		t.Fatalf("fastDate(%q) = %v, net/mail %v", in, got, want)
	}
}

// FuzzDate checks that whatever fastDate accepts, net/mail reads the same way, zone included.
func FuzzDate(f *testing.F) {
	for _, s := range []string{
		"Mon, 02 Jan 2006 15:04:05 -0700", "2 Dec 2026 09:30 +0100 (CET)", "Sun, 29 Feb 2032 23:59:59 -1400",
		"Wed, 31 Nov 2026 09:30:00 +0100", "Fri, 1 Jan 2027 00:00:00 +0000 (UTC)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { assertSameAsNetMail(t, s) })
}
