package command

import (
	"strings"
	"testing"
)

func TestDurationForms(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"45m", 45},
		{"45min", 45},
		{"45 min", 45},
		{"45 Minuten", 45},
		{"45mins", 45},
		{"1h", 60},
		{"1H", 60},
		{"2 h", 120},
		{"2 Std.", 120},
		{"2std", 120},
		{"2 Stunden", 120},
		{"1 hour", 60},
		{"3 hrs", 180},
		{"1h30", 90},
		{"1h30m", 90},
		{"1h30min", 90},
		{"1h 30m", 90},
		{"1h 30 min", 90},
		{"1 Std. 30 Min.", 90},
		{"1std30", 90},
		{"1,5h", 90},
		{"1.5h", 90},
		{"1,5 h", 90},
		{"0,25h", 15},
		{"2,75h", 165},
		{"1,50h", 90},
		{"1,0h", 60},
		{"0,1h", 6},
		{"1,3h", 78},
		{".5h", 30},
		{"1:30", 90},
		{"0:45", 45},
		{"1:30h", 90},
		{"1:30 h", 90},
		{"12h", 720},
		{"720m", 720},
		{"1m", 1},
		{"45,0m", 45},
	}
	for _, tt := range tests {
		b := parseToday("#zeit " + tt.in)
		if len(b.Errors) > 0 || len(b.Commands) != 1 {
			t.Errorf("Parse(%q): commands %v, errors %v; want one entry of %d minutes", "#zeit "+tt.in, b.Commands, b.Errors, tt.want)
			continue
		}
		e := b.Commands[0].(TimeEntry)
		if e.Minutes != tt.want || e.Activity != "" || !e.Billable {
			t.Errorf("Parse(%q) = %s, want %d minutes, billable, no activity", "#zeit "+tt.in, describe(e), tt.want)
		}
	}
}

// TestBadDurations checks each refused duration and the correction offered (German message).
func TestBadDurations(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"90 Router", "Zeile 1: „#zeit 90 Router“ – die Dauer hat keine Einheit; richtig wäre „#zeit 90m Router“ oder „#zeit 1h30 Router“"},
		{"45", "Zeile 1: „#zeit 45“ – die Dauer hat keine Einheit; richtig wäre „#zeit 45m“"},
		{"2", "Zeile 1: „#zeit 2“ – die Dauer hat keine Einheit; richtig wäre „#zeit 2m“ oder „#zeit 2h“"},
		{"120", "Zeile 1: „#zeit 120“ – die Dauer hat keine Einheit; richtig wäre „#zeit 120m“ oder „#zeit 2h“"},
		{"1,5", "Zeile 1: „#zeit 1,5“ – die Dauer hat keine Einheit; richtig wäre „#zeit 1,5h“"},
		{"0m", "Zeile 1: „#zeit 0m“ – die Dauer ist null; richtig wäre z. B. „#zeit 45m“ oder „#zeit 1h30“"},
		{"0:00", "Zeile 1: „#zeit 0:00“ – die Dauer ist null; richtig wäre z. B. „#zeit 45m“ oder „#zeit 1h30“"},
		{"-30m", "Zeile 1: „#zeit -30m“ – die Dauer ist negativ; richtig wäre „#zeit 30m“"},
		{"−30m", "Zeile 1: „#zeit −30m“ – die Dauer ist negativ; richtig wäre „#zeit 30m“"},
		{"13h", "Zeile 1: „#zeit 13h“ – mehr als 12h in einem Eintrag; teilen Sie die Zeit auf mehrere #zeit-Zeilen auf"},
		{"721m", "Zeile 1: „#zeit 721m“ – mehr als 12h in einem Eintrag; teilen Sie die Zeit auf mehrere #zeit-Zeilen auf"},
		{"1,33h", "Zeile 1: „#zeit 1,33h“ – „1,33h“ sind keine ganzen Minuten; richtig wäre „#zeit 1h20“ oder „#zeit 1h33“"},
		{"1,333h", "Zeile 1: „#zeit 1,333h“ – „1,333h“ sind keine ganzen Minuten; richtig wäre „#zeit 1h20“"},
		{"1,30h", "Zeile 1: „#zeit 1,30h“ – „1,30h“ ist mehrdeutig (Dezimalstunden oder Stunden und Minuten?); richtig wäre „#zeit 1h18“ oder „#zeit 1h30“"},
		{"1.5m", "Zeile 1: „#zeit 1.5m“ – Bruchteile einer Minute werden nicht erfasst; richtig wäre „#zeit 2m“"},
		{"1h90", "Zeile 1: „#zeit 1h90“ – „1h90“: mehr als 59 Minuten hinter den Stunden; richtig wäre z. B. „#zeit 45m“ oder „#zeit 1h30“"},
		{"1:75", "Zeile 1: „#zeit 1:75“ – „1:75“: mehr als 59 Minuten hinter den Stunden; richtig wäre z. B. „#zeit 45m“ oder „#zeit 1h30“"},
		{"1,5h30", "Zeile 1: „#zeit 1,5h30“ – „1,5h30“ ist keine gültige Dauer; richtig wäre z. B. „#zeit 45m“ oder „#zeit 1h30“"},
		{"45s", "Zeile 1: „#zeit 45s“ – „45s“ ist keine gültige Dauer; richtig wäre z. B. „#zeit 45m“ oder „#zeit 1h30“"},
		{"2 Tage", "Zeile 1: „#zeit 2 Tage“ – die Dauer hat keine Einheit; richtig wäre „#zeit 2m Tage“ oder „#zeit 2h Tage“"},
		{"Router getauscht", "Zeile 1: „#zeit Router getauscht“ – am Anfang fehlt die Dauer; richtig wäre z. B. „#zeit 45m Router getauscht“ oder „#zeit 1h30 Router getauscht“"},
		{"", "Zeile 1: „#zeit“ – #zeit braucht eine Dauer; richtig wäre z. B. „#zeit 45m Router getauscht“ oder „#zeit 20m nb Fehler lag bei uns“"},
		{"9999999h", "Zeile 1: „#zeit 9999999h“ – „9999999h“ ist keine Dauer; richtig wäre z. B. „#zeit 45m“ oder „#zeit 1h30“"},
	}
	for _, tt := range tests {
		in := "#zeit " + tt.in
		b := parseToday(in)
		if len(b.Errors) != 1 || len(b.Commands) != 0 {
			t.Errorf("Parse(%q): commands %v, errors %v; want exactly one error", in, b.Commands, b.Errors)
			continue
		}
		if got := b.Errors[0].Message("de"); got != tt.want {
			t.Errorf("Parse(%q) error = %s\nwant %s", in, got, tt.want)
		}
	}
}

// TestBareNumberAfterHours: "#zeit 1h 30" records one hour, but warns that 30 went to the text.
func TestBareNumberAfterHours(t *testing.T) {
	b := parseToday("#zeit 1h 30 Router")
	want := "Zeile 1: „#zeit 1h 30 Router“ – „30“ nach „1h“ steht jetzt im Tätigkeitstext; gemeint war wohl „#zeit 1h30 Router“"
	if len(b.Commands) != 1 || describe(b.Commands[0]) != `time=60 date=2026-12-02 activity="30 Router"` ||
		len(b.Warnings) != 1 || b.Warnings[0].Message("de") != want {
		t.Errorf("Parse(%q) = %v, warnings %v; want 60 minutes with activity \"30 Router\" and the warning %s", "#zeit 1h 30 Router", b.Commands, b.Warnings, want)
	}
	for _, in := range []string{"#zeit 90m 3 PCs eingerichtet", "#zeit 1h 75 Seiten gedruckt"} {
		if b := parseToday(in); len(b.Warnings) != 0 {
			t.Errorf("Parse(%q).Warnings = %v, want none (no hours-only duration before a minute count)", in, b.Warnings)
		}
	}
}

func TestMaxMinutesOption(t *testing.T) {
	for _, tt := range []struct {
		max  int
		in   string
		want bool // accepted
	}{
		{0, "#zeit 12h", true},
		{0, "#zeit 12h01", false},
		{60, "#zeit 1h", true},
		{60, "#zeit 61m", false},
		{24 * 60, "#zeit 20h", true},
	} {
		b := Parse(tt.in, Options{Today: today, MaxMinutes: tt.max})
		if got := b.OK(); got != tt.want {
			t.Errorf("Parse(%q, MaxMinutes %d).OK() = %v, want %v (errors %v)", tt.in, tt.max, got, tt.want, b.Errors)
		}
	}
}

func TestFormatMinutes(t *testing.T) {
	for _, tt := range []struct {
		in   int
		want string
	}{{1, "1m"}, {59, "59m"}, {60, "1h"}, {90, "1h30"}, {65, "1h05"}, {720, "12h"}} {
		if got := formatMinutes(tt.in); got != tt.want {
			t.Errorf("formatMinutes(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestManyDashes: a run of dashes before a duration is one "negative" error with no suggestion.
func TestManyDashes(t *testing.T) {
	in := "#zeit " + strings.Repeat("-", 1<<16) + "30m"
	b := parseToday(in)
	want := "die Dauer ist negativ; richtig wäre „#zeit 30m“"
	if len(b.Errors) != 1 || !strings.HasSuffix(b.Errors[0].Message("de"), want) {
		t.Errorf("Parse(#zeit ---…30m) errors %v, want one ending %q", b.Errors, want)
	}
}

func TestParseDurationExported(t *testing.T) {
	for in, want := range map[string]int{"45m": 45, "1h30": 90, "1,5h": 90, "1:30": 90, " 2 h ": 120} {
		if got, err := ParseDuration(in, 0); err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"90", "0m", "-5m", "13h", "1,33h", ""} {
		if got, err := ParseDuration(in, 0); err == nil {
			t.Errorf("ParseDuration(%q) = %d, want an error", in, got)
		}
	}
}
