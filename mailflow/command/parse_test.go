package command

import (
	"slices"
	"strings"
	"testing"
)

// TestParse runs whole mails through Parse: commands, issues, and where the text starts.
func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want summary
	}{
		{"design example, German", "#status in Arbeit\n#zuweisen m.keller\n#zeit 45m Router getauscht\n#zeit 20m nb Kulanz: Fehler lag bei uns\n#anfahrt 1\n\nSehr geehrter Herr Müller,\nerledigt.",
			summary{cmds: []string{"status=in_progress", "assign=m.keller", `time=45 date=2026-12-02 activity="Router getauscht"`,
				`time=20 date=2026-12-02 nb="Kulanz: Fehler lag bei uns"`, "travel=1x date=2026-12-02"},
				text: "Sehr geehrter Herr Müller,\nerledigt.", textLine: 7}},
		{"English", "#status in progress\n#assign m.keller\n#time 1h replaced the switch\n#travel 35km\n#priority high\nDear Ms Roth,",
			summary{cmds: []string{"status=in_progress", "assign=m.keller", `time=60 date=2026-12-02 activity="replaced the switch"`,
				"travel=35km date=2026-12-02", "priority=high"}, text: "Dear Ms Roth,", textLine: 6}},
		{"case and umlauts", "#STATUS GELÖST\n#Prioritaet Dringend\n#UEBERNEHMEN", summary{cmds: []string{"status=resolved", "priority=urgent", "take"}}},
		{"umlaut left bare", "#ubernehmen\n#prioritat niedrig\n#status gelost", summary{cmds: []string{"take", "priority=low", "status=resolved"}}},
		{"decomposed umlaut (macOS)", "#u\u0308bernehmen\n#status gelo\u0308st", summary{cmds: []string{"take", "status=resolved"}}},
		{"status values", "#status neu\n", summary{cmds: []string{"status=new"}, text: "", textLine: 0}},
		{"status in_progress code", "#status in_progress", summary{cmds: []string{"status=in_progress"}}},
		{"status in Bearbeitung", "#status In Bearbeitung.", summary{cmds: []string{"status=in_progress"}}},
		{"status quoted", "#status „in Arbeit“", summary{cmds: []string{"status=in_progress"}}},
		{"status pending", "#status pending", summary{cmds: []string{"status=waiting"}}},
		{"status geschlossen", "#status geschlossen", summary{cmds: []string{"status=closed"}}},
		{"short forms", "#erledigt", summary{cmds: []string{"status=resolved"}}},
		{"short solved", "#solved", summary{cmds: []string{"status=resolved"}}},
		{"short closed", "#Geschlossen", summary{cmds: []string{"status=closed"}}},
		{"short waiting", "#wartet", summary{cmds: []string{"status=waiting"}}},
		{"short form with value", "#gelöst jetzt", summary{errs: []string{"1:unexpected_value"}}},
		{"status unknown value", "#status fertig", summary{errs: []string{"1:bad_value"}}},
		{"status missing", "#status", summary{errs: []string{"1:missing_value"}}},
		{"priority values", "#prio mittel", summary{cmds: []string{"priority=normal"}}},
		{"priority unknown", "#prio sehr hoch", summary{errs: []string{"1:bad_value"}}},
		{"assign two ids", "#assign m.keller j.berg", summary{errs: []string{"1:unexpected_value"}}},
		{"assign bad id", "#zuweisen @keller", summary{errs: []string{"1:bad_value"}}},
		{"assign missing", "#zuweisen", summary{errs: []string{"1:missing_value"}}},
		{"take with text", "#take Ticket", summary{errs: []string{"1:unexpected_value"}}},
		{"internal", "#intern\nKunde ruft morgen zurück.", summary{cmds: []string{"internal"}, text: "Kunde ruft morgen zurück.", textLine: 2}},
		{"internal with note on its line", "#intern Kunde schwierig", summary{errs: []string{"1:unexpected_value"}}},
		{"internal without text", "#internal\n\n", summary{cmds: []string{"internal"}, warns: []string{"1:empty_internal"}}},
		{"help", "#hilfe", summary{cmds: []string{"help"}}},
		{"customer and requester", "#kunde K-1001\n#melder Eva Roth <Eva.Roth@Kunde.Example>\nDrucker defekt (Anruf 9:10).",
			summary{cmds: []string{"customer=K-1001", `requester=eva.roth@kunde.example name="Eva Roth"`}, text: "Drucker defekt (Anruf 9:10).", textLine: 3}},
		{"requester bare", "#requester eva.roth@kunde.example", summary{cmds: []string{`requester=eva.roth@kunde.example name=""`}}},
		{"requester Outlook mailto", "#melder eva.roth@kunde.example<mailto:eva.roth@kunde.example>", summary{cmds: []string{`requester=eva.roth@kunde.example name=""`}}},
		{"requester no domain", "#melder eva.roth", summary{errs: []string{"1:bad_value"}}},
		{"requester no dot", "#melder root@server", summary{errs: []string{"1:bad_value"}}},
		{"requester two addresses", "#melder a@b.example, c@d.example", summary{errs: []string{"1:bad_value"}}},
		{"customer bad", "#kunde K 1001", summary{errs: []string{"1:unexpected_value"}}},
		{"customer missing", "#customer", summary{errs: []string{"1:missing_value"}}},

		{"travel trips", "#anfahrt 2", summary{cmds: []string{"travel=2x date=2026-12-02"}}},
		{"travel km spaced", "#anfahrt 35 km", summary{cmds: []string{"travel=35km date=2026-12-02"}}},
		{"travel km upper", "#Travel 35 KM", summary{cmds: []string{"travel=35km date=2026-12-02"}}},
		{"travel with date", "#anfahrt 35km 1.12.", summary{cmds: []string{"travel=35km date=2026-12-01"}}},
		{"travel tenths", "#anfahrt 12,5 km", summary{errs: []string{"1:bad_travel"}}},
		{"travel fraction of trips", "#anfahrt 1,5", summary{errs: []string{"1:bad_travel"}}},
		{"travel zero", "#anfahrt 0", summary{errs: []string{"1:bad_travel"}}},
		{"travel too many trips", "#anfahrt 35", summary{errs: []string{"1:bad_travel"}}},
		{"travel too far", "#anfahrt 1200 km", summary{errs: []string{"1:bad_travel"}}},
		{"travel word", "#anfahrt einmal", summary{errs: []string{"1:bad_travel"}}},
		{"travel other unit", "#anfahrt 3 mi", summary{errs: []string{"1:unexpected_value"}}},
		{"travel extra text", "#anfahrt 1 Filiale Nord", summary{errs: []string{"1:unexpected_value"}}},
		{"travel missing", "#anfahrt", summary{errs: []string{"1:missing_value"}}},

		{"leading blank lines and blank lines inside", "\n  \n#status wartet\n\n\n#zeit 10m\n\nHallo", summary{cmds: []string{"status=waiting", "time=10 date=2026-12-02"}, text: "Hallo", textLine: 8}},
		{"no commands", "Hallo Frau Roth,\n#zeit 10m", summary{warns: []string{"2:after_text"}, text: "Hallo Frau Roth,\n#zeit 10m", textLine: 1}},
		{"empty", "", summary{}},
		{"indented command", "   #status wartet", summary{cmds: []string{"status=waiting"}}},
		{"colon after word", "#zeit: 45m\n#status:gelöst", summary{cmds: []string{"time=45 date=2026-12-02", "status=resolved"}}},
		{"value glued to the word", "#zeit45m Router\n#anfahrt1", summary{cmds: []string{`time=45 date=2026-12-02 activity="Router"`, "travel=1x date=2026-12-02"}}},
		{"digits after an unknown word", "#ziet45m", summary{errs: []string{"1:unknown_command"}}},
		{"space after hash", "# zeit 45m", summary{cmds: []string{"time=45 date=2026-12-02"}}},
		{"hash alone", "#\nText", summary{errs: []string{"1:empty_command"}, text: "Text", textLine: 2}},
		{"unknown with suggestion", "#ziet 45m\nText", summary{errs: []string{"1:unknown_command"}, text: "Text", textLine: 2}},
		{"unknown, far from every word", "#1 Server down", summary{errs: []string{"1:unknown_command"}}},
		{"hashtag in text is no warning", "Hallo,\n#1 Priorität ist der Drucker.", summary{text: "Hallo,\n#1 Priorität ist der Drucker.", textLine: 1}},
		{"commands after text", "#zeit 10m\nHallo,\n#gelöst\n> #zeit 5m", summary{cmds: []string{"time=10 date=2026-12-02"}, warns: []string{"3:after_text"},
			text: "Hallo,\n#gelöst\n> #zeit 5m", textLine: 2}},
		{"bad line keeps the good ones but errs", "#zeit 45\n#status gelöst", summary{cmds: []string{"status=resolved"}, errs: []string{"1:bad_duration"}}},

		{"two different statuses", "#status wartet\n#gelöst", summary{cmds: []string{"status=waiting", "status=resolved"}, errs: []string{"2:conflict"}}},
		{"same status twice", "#gelöst\n#status erledigt", summary{cmds: []string{"status=resolved"}, warns: []string{"2:duplicate"}}},
		{"assign and take", "#assign m.keller\n#take", summary{cmds: []string{"assign=m.keller", "take"}, errs: []string{"2:conflict"}}},
		{"two assignees", "#assign m.keller\n#zuweisen j.berg", summary{cmds: []string{"assign=m.keller", "assign=j.berg"}, errs: []string{"2:conflict"}}},
		{"take twice", "#take\n#übernehmen", summary{cmds: []string{"take"}, warns: []string{"2:duplicate"}}},
		{"two priorities", "#prio hoch\n#prio niedrig", summary{cmds: []string{"priority=high", "priority=low"}, errs: []string{"2:conflict"}}},
		{"two customers", "#kunde K-1\n#kunde K-2", summary{cmds: []string{"customer=K-1", "customer=K-2"}, errs: []string{"2:conflict"}}},
		{"several times add up", "#zeit 10m a\n#zeit 10m a\n#anfahrt 1\n#anfahrt 1",
			summary{cmds: []string{`time=10 date=2026-12-02 activity="a"`, `time=10 date=2026-12-02 activity="a"`, "travel=1x date=2026-12-02", "travel=1x date=2026-12-02"}}},
		{"issues sorted by line", "#status wartet\n#ziet\n#gelöst\n#zeit 0m", summary{cmds: []string{"status=waiting", "status=resolved"},
			errs: []string{"2:unknown_command", "3:conflict", "4:bad_duration"}}},

		{"CRLF", "#gelöst\r\n\r\nDanke!\r\nGruß", summary{cmds: []string{"status=resolved"}, text: "Danke!\nGruß", textLine: 3}},
		{"lone CR", "#gelöst\rDanke!", summary{cmds: []string{"status=resolved"}, text: "Danke!", textLine: 2}},
		{"BOM and zero-width space", "\ufeff#gelöst\n\u200b#zeit\u00a045m\u200b", summary{cmds: []string{"status=resolved", "time=45 date=2026-12-02"}}},
		{"no-break and narrow spaces", "#zeit\u00a01h30\u202fRouter getauscht", summary{cmds: []string{`time=90 date=2026-12-02 activity="Router getauscht"`}}},
		{"full-width hash", "＃gelöst", summary{cmds: []string{"status=resolved"}}},
		{"blank line of no-break spaces", "#gelöst\n\u00a0\u00a0\nText", summary{cmds: []string{"status=resolved"}, text: "Text", textLine: 3}},
		{"invalid UTF-8 is dropped, not guessed", "#gel\xffst\nText", summary{errs: []string{"1:unknown_command"}, text: "Text", textLine: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summarize(parseToday(tt.in))
			if !slices.Equal(got.cmds, tt.want.cmds) || !slices.Equal(got.errs, tt.want.errs) || !slices.Equal(got.warns, tt.want.warns) ||
				got.text != tt.want.text || got.textLine != tt.want.textLine {
				t.Errorf("Parse(%q)\n got %v\nwant %v", tt.in, got, tt.want)
			}
		})
	}
}

// TestParseSource checks that every command and issue carries its line as written.
func TestParseSource(t *testing.T) {
	in := "\ufeff#status wartet\r\n\r\n#ziet 4m\r\nHallo\r\n#zeit 5m"
	b := parseToday(in)
	if len(b.Commands) != 1 || b.Commands[0].At() != (Pos{1, "\ufeff#status wartet"}) {
		t.Errorf("Parse(%q).Commands = %v, want SetStatus at {1 \"\\ufeff#status wartet\"}", in, b.Commands)
	}
	if len(b.Errors) != 1 || b.Errors[0].Line != 3 || b.Errors[0].Source != "#ziet 4m" {
		t.Errorf("Parse(%q).Errors = %+v, want one at line 3 with source %q", in, b.Errors, "#ziet 4m")
	}
	if len(b.Warnings) != 1 || b.Warnings[0].Line != 5 || b.Warnings[0].Source != "#zeit 5m" {
		t.Errorf("Parse(%q).Warnings = %+v, want one at line 5 with source %q", in, b.Warnings, "#zeit 5m")
	}
	if b.OK() {
		t.Errorf("Parse(%q).OK() = true, want false with an error", in)
	}
}

func TestInternal(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"#intern\nNotiz", true},
		{"#gelöst\n#internal\nNotiz", true},
		{"#gelöst\nAntwort", false},
		{"Antwort\n#intern", false},
	} {
		b := parseToday(tt.in)
		if got := b.Internal(); got != tt.want {
			t.Errorf("Parse(%q).Internal() = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestAfterTextCapped: a quoted mail full of commands yields a bounded list of warnings.
func TestAfterTextCapped(t *testing.T) {
	in := "Hallo"
	for range 30 {
		in += "\n#zeit 5m"
	}
	b := parseToday(in)
	if len(b.Warnings) != maxAfterText+1 || b.Warnings[maxAfterText].Code != CodeTooManyWarning {
		t.Fatalf("Parse(30 commands after text) gave %d warnings (last %v), want %d after_text and one too_many_warnings",
			len(b.Warnings), b.Warnings[len(b.Warnings)-1].Code, maxAfterText)
	}
}

// TestBlockCapped: past maxBlockCommands command lines nothing more is read, the block fails
// as a whole, and the text after it is still found.
func TestBlockCapped(t *testing.T) {
	in := ""
	for range maxBlockCommands + 5 {
		in += "#zeit 5m\n"
	}
	in += "Hallo"
	b := parseToday(in)
	last := b.Errors[len(b.Errors)-1]
	if len(b.Commands) != maxBlockCommands || len(b.Errors) != 1 || last.Code != CodeTooMany || last.Line != maxBlockCommands+1 {
		t.Errorf("Parse(%d command lines) = %d commands, errors %v; want %d commands and one too_many_commands error on line %d",
			maxBlockCommands+5, len(b.Commands), b.Errors, maxBlockCommands, maxBlockCommands+1)
	}
	if b.TextLine != maxBlockCommands+6 || b.Text != "Hallo" {
		t.Errorf("Parse(%d command lines) text at line %d = %q, want %q at line %d", maxBlockCommands+5, b.TextLine, b.Text, "Hallo", maxBlockCommands+6)
	}
}

// TestMessagesStayShort: a value of 256 KiB is quoted shortened, not whole, in the answer.
func TestMessagesStayShort(t *testing.T) {
	huge := strings.Repeat("x", 1<<18)
	for _, in := range []string{"#zeit 90 " + huge, "#status " + huge, "#" + huge, "#zeit " + huge + "h", "#melder " + huge, "#anfahrt 1 " + huge} {
		b := parseToday(in)
		if len(b.Errors) != 1 {
			t.Errorf("Parse(%.20q…) errors %v, want one", in, b.Errors)
			continue
		}
		for _, lang := range []string{"de", "en"} {
			if m := b.Errors[0].Message(lang); len(m) > 600 {
				t.Errorf("Parse(%.20q…) Message(%q) is %d bytes, want at most 600", in, lang, len(m))
			}
		}
	}
}
