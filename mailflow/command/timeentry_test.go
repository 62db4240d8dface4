package command

import "testing"

func TestTimeEntries(t *testing.T) {
	tests := []struct {
		in   string
		want string // describe of the entry, or the error code
	}{
		{"#zeit 45m Router getauscht", `time=45 date=2026-12-02 activity="Router getauscht"`},
		{"#zeit 45m „Eingang“ – Ordner repariert", `time=45 date=2026-12-02 activity="„Eingang“ – Ordner repariert"`},
		{"#zeit 20m nb Kulanz: Fehler lag bei uns", `time=20 date=2026-12-02 nb="Kulanz: Fehler lag bei uns"`},
		{"#zeit 20m kulanz Fehler lag bei uns", `time=20 date=2026-12-02 nb="Kulanz: Fehler lag bei uns"`},
		{"#zeit 20m Kulanz: Fehler lag bei uns", `time=20 date=2026-12-02 nb="Kulanz: Fehler lag bei uns"`},
		{"#zeit 20m kulanz", `time=20 date=2026-12-02 nb="Kulanz"`},
		{"#zeit 20m NB: Garantiefall", `time=20 date=2026-12-02 nb="Garantiefall"`},
		{"#zeit 20m n.b. Garantiefall", `time=20 date=2026-12-02 nb="Garantiefall"`},
		{"#zeit 20m nicht berechnen Garantiefall", `time=20 date=2026-12-02 nb="Garantiefall"`},
		{"#zeit 20m „nicht berechnen“ Garantiefall", `time=20 date=2026-12-02 nb="Garantiefall"`},
		{"#zeit 20m Nicht Berechnet - Garantiefall", `time=20 date=2026-12-02 nb="Garantiefall"`},
		{`#time 20m "not billable" our mistake`, `time=20 date=2026-12-02 nb="our mistake"`},
		{"#time 20m not billable: our mistake", `time=20 date=2026-12-02 nb="our mistake"`},
		{"#time 20m non-billable warranty", `time=20 date=2026-12-02 nb="warranty"`},
		{"#time 20m no charge warranty", `time=20 date=2026-12-02 nb="warranty"`},
		{"#time 20m goodwill", `time=20 date=2026-12-02 nb="Goodwill"`},
		{"#time 20m goodwill our mistake", `time=20 date=2026-12-02 nb="Goodwill: our mistake"`},
		{"#zeit 20m nb", "missing_reason"},
		{"#zeit 20m nicht berechnen", "missing_reason"},
		{"#time 20m not billable :", "missing_reason"},
		{"#zeit 20m Kulanzfall geprüft", `time=20 date=2026-12-02 activity="Kulanzfall geprüft"`},
		{"#zeit 20m Router nb", `time=20 date=2026-12-02 activity="Router nb"`},

		{"#zeit 45m gestern Router", `time=45 date=2026-12-01 activity="Router"`},
		{"#zeit gestern 45m Router", `time=45 date=2026-12-01 activity="Router"`},
		{"#time 45m yesterday", `time=45 date=2026-12-01`},
		{"#zeit 45m heute", `time=45 date=2026-12-02`},
		{"#time today 45m", `time=45 date=2026-12-02`},
		{"#zeit 45m vorgestern", `time=45 date=2026-11-30`},
		{"#zeit 45m 2026-12-01", `time=45 date=2026-12-01`},
		{"#zeit 45m 01.12.2026", `time=45 date=2026-12-01`},
		{"#zeit 45m 1.12.2026", `time=45 date=2026-12-01`},
		{"#zeit 45m 1.12.26", `time=45 date=2026-12-01`},
		{"#zeit 45m 1.12.", `time=45 date=2026-12-01`},
		{"#zeit 45m 2.12.", `time=45 date=2026-12-02`},
		{"#zeit 45m 30.12.", `time=45 date=2025-12-30`},
		{"#zeit 45m 1.12 Firmware eingespielt", `time=45 date=2026-12-02 activity="1.12 Firmware eingespielt"`},
		{"#zeit 45m 1.12. nb Garantie", `time=45 date=2026-12-01 nb="Garantie"`},
		{"#zeit 45m 03.12.2026", "bad_date"},
		{"#zeit 45m 2027-01-01", "bad_date"},
		{"#zeit 45m 31.02.2026", "bad_date"},
		{"#zeit 45m 29.2.", "bad_date"},
		{"#zeit 45m 13.13.", "bad_date"},
		{"#zeit gestern", "missing_value"},
		{"#zeit gestern heute 45m", "bad_duration"},
	}
	for _, tt := range tests {
		b := parseToday(tt.in)
		var got string
		switch {
		case len(b.Errors) > 0:
			got = string(b.Errors[0].Code)
		case len(b.Commands) == 1:
			got = describe(b.Commands[0])
		}
		if got != tt.want || len(b.Errors) > 1 || len(b.Commands) > 1 {
			t.Errorf("Parse(%q) = %q (errors %v), want %q", tt.in, got, b.Errors, tt.want)
		}
		if e, ok := onlyEntry(b); ok && e.Billable == (e.Reason != "") {
			t.Errorf("Parse(%q) = %+v: Billable %v with reason %q", tt.in, e, e.Billable, e.Reason)
		}
	}
}

func onlyEntry(b Block) (TimeEntry, bool) {
	if len(b.Commands) != 1 {
		return TimeEntry{}, false
	}
	e, ok := b.Commands[0].(TimeEntry)
	return e, ok
}

func TestOldDateWarns(t *testing.T) {
	for _, tt := range []struct {
		in   string
		warn bool
	}{
		{"#zeit 45m 01.11.2026", false}, // 31 days back: still this billing month's neighbour
		{"#zeit 45m 31.10.2026", true},
		{"#zeit 45m 01.12.2025", true},
		{"#zeit 45m 3.12.", true}, // without a year: last year's, a year back
	} {
		b := parseToday(tt.in)
		if !b.OK() {
			t.Errorf("Parse(%q) errors %v, want none", tt.in, b.Errors)
		}
		if got := len(b.Warnings) == 1 && b.Warnings[0].Code == CodeOldDate; got != tt.warn {
			t.Errorf("Parse(%q) warnings %v, want an old_date warning: %v", tt.in, b.Warnings, tt.warn)
		}
	}
}

// TestZeroToday: without today's date nothing is guessed: a written date is an error, and an
// entry without one has no date.
func TestZeroToday(t *testing.T) {
	b := Parse("#zeit 45m gestern\n#zeit 10m", Options{})
	if len(b.Errors) != 1 || b.Errors[0].Code != CodeBadDate || b.Errors[0].Line != 1 {
		t.Fatalf("Parse with zero Today: errors %v, want one bad_date on line 1", b.Errors)
	}
	if e, ok := onlyEntry(b); !ok || !e.Date.IsZero() {
		t.Errorf("Parse with zero Today: commands %v, want one entry without a date", b.Commands)
	}
}

func TestParseDateWithoutYear(t *testing.T) {
	for _, tt := range []struct {
		tok   string
		today Date
		want  Date // zero: an error
	}{
		{"29.2.", Date{2028, 3, 1}, Date{2028, 2, 29}},
		{"29.2.", Date{2029, 3, 1}, Date{2028, 2, 29}}, // last year's, the latest such day
		{"29.2.", Date{2027, 3, 1}, Date{}},            // neither 2027 nor 2026 has one
		{"30.12.", Date{2027, 1, 2}, Date{2026, 12, 30}},
		{"2.1.", Date{2027, 1, 2}, Date{2027, 1, 2}},
		{"3.1.", Date{2027, 1, 2}, Date{2026, 1, 3}},
	} {
		got, what := parseDate(tt.tok, tt.today)
		if got != tt.want || (what == nil) != !tt.want.IsZero() {
			t.Errorf("parseDate(%q, %v) = %v, %v; want %v", tt.tok, tt.today, got, what, tt.want)
		}
	}
}

func TestLooksLikeDate(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"heute", true}, {"Gestern", true}, {"yesterday,", true}, {"1.12.", true}, {"01.12.2026", true},
		{"1.12.26", true}, {"2026-12-01", true}, {"31.02.2026", true}, // a date, if not a real one
		{"1.12", false}, {"1.12.2", false}, {"2026-12", false}, {"12/01/2026", false}, {"45m", false}, {"morgen", false},
	} {
		if got := looksLikeDate(tt.in); got != tt.want {
			t.Errorf("looksLikeDate(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
