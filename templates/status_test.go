package templates

import (
	"testing"
	"time"
)

func TestStatusLabel(t *testing.T) {
	tests := []struct{ code, lang, want string }{
		{StatusNew, "de", "Neu"},
		{StatusInProgress, "de", "In Bearbeitung"},
		{StatusWaiting, "de", "Warten auf Kunde"},
		{StatusResolved, "de", "Gelöst"},
		{StatusClosed, "de", "Geschlossen"},
		{StatusNew, "en", "New"},
		{StatusInProgress, "en", "In progress"},
		{StatusWaiting, "en", "Waiting for customer"},
		{StatusResolved, "en", "Resolved"},
		{StatusClosed, "en", "Closed"},
		{StatusClosed, "fr", "Geschlossen"},
		{"weird", "de", "weird"},
	}
	for _, tt := range tests {
		if got := StatusLabel(tt.code, tt.lang); got != tt.want {
			t.Errorf("StatusLabel(%q, %q) = %q, want %q", tt.code, tt.lang, got, tt.want)
		}
	}
}

func TestParseStatus(t *testing.T) {
	tests := []struct {
		in     string
		want   string
		wantOK bool
	}{
		{"new", StatusNew, true},
		{"Neu", StatusNew, true},
		{"in_progress", StatusInProgress, true},
		{"in-progress", StatusInProgress, true},
		{"In Progress", StatusInProgress, true},
		{"in arbeit", StatusInProgress, true},
		{"  In   Bearbeitung ", StatusInProgress, true},
		{"waiting", StatusWaiting, true},
		{"Wartend", StatusWaiting, true},
		{"warten auf Kunde", StatusWaiting, true},
		{"Waiting for customer", StatusWaiting, true},
		{"erledigt", StatusResolved, true},
		{"Erledigt.", StatusResolved, true},
		{"GELÖST", StatusResolved, true},
		{"geloest", StatusResolved, true},
		{"resolved", StatusResolved, true},
		{"geschlossen", StatusClosed, true},
		{"abgeschlossen", StatusClosed, true},
		{"Closed", StatusClosed, true},
		{"", "", false},
		{"bald", "", false},
		{"in", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseStatus(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("ParseStatus(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
	// every label round-trips
	for _, lang := range Languages {
		for _, code := range Statuses {
			if got, ok := ParseStatus(StatusLabel(code, lang)); !ok || got != code {
				t.Errorf("ParseStatus(StatusLabel(%q, %q)) = %q, %v, want %q", code, lang, got, ok, code)
			}
		}
	}
}

func TestDateFuncs(t *testing.T) {
	ts := time.Date(2026, 3, 5, 9, 7, 0, 0, time.UTC)
	tests := []struct{ lang, fn, want string }{
		{"de", "datetime", "05.03.2026 um 09:07 Uhr"},
		{"de", "date", "05.03.2026"},
		{"de", "longdate", "5. März 2026"},
		{"de", "clock", "09:07"},
		{"en", "datetime", "5 Mar 2026 at 09:07"},
		{"en", "date", "5 Mar 2026"},
		{"en", "longdate", "5 March 2026"},
		{"de", "month", "März 2026"},
		{"en", "month", "March 2026"},
	}
	for _, tt := range tests {
		f := funcMap(tt.lang)[tt.fn].(func(time.Time) string)
		if got := f(ts); got != tt.want {
			t.Errorf("%s(%s) = %q, want %q", tt.fn, tt.lang, got, tt.want)
		}
	}
	months := []string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
		"September", "Oktober", "November", "Dezember"}
	longdate := funcMap("de")["longdate"].(func(time.Time) string)
	for i, name := range months {
		ts := time.Date(2026, time.Month(i+1), 1, 0, 0, 0, 0, time.UTC)
		if got, want := longdate(ts), "1. "+name+" 2026"; got != want {
			t.Errorf("longdate(de, %v) = %q, want %q", ts, got, want)
		}
	}
}

func TestDecimal(t *testing.T) {
	tests := []struct{ lang, in, want string }{
		{"de", "2.5", "2,5"},
		{"de", "-7.25", "-7,25"},
		{"de", "10", "10"},
		{"de", "12:30", "12:30"},
		{"de", "2,5", "2,5"},
		{"de", ".5", ".5"},
		{"de", "1.2.3", "1.2.3"},
		{"de", "", ""},
		{"en", "2.5", "2.5"},
		{"fr", "2.5", "2,5"},
	}
	for _, tt := range tests {
		f := funcMap(tt.lang)["decimal"].(func(string) string)
		if got := f(tt.in); got != tt.want {
			t.Errorf("decimal(%s, %q) = %q, want %q", tt.lang, tt.in, got, tt.want)
		}
	}
}

func TestMultiline(t *testing.T) {
	got := string(multiline("a<b>\r\nc & d"))
	if want := "a&lt;b&gt;<br>\nc &amp; d"; got != want {
		t.Errorf("multiline = %q, want %q", got, want)
	}
}
