package command

import "testing"

// TestMessages pins the wording of every kind of issue in both languages: these sentences are
// what a technician reads in the answer mail.
func TestMessages(t *testing.T) {
	tests := []struct {
		in     string
		de, en string
	}{
		{"#zeit 90",
			"Zeile 1: „#zeit 90“ – die Dauer hat keine Einheit; richtig wäre „#zeit 90m“ oder „#zeit 1h30“",
			`Line 1: "#zeit 90" – the duration has no unit; write "#zeit 90m" or "#zeit 1h30"`},
		{"#ziet 45m",
			"Zeile 1: „#ziet 45m“ – unbekannter Befehl „#ziet“; richtig wäre „#zeit 45m“",
			`Line 1: "#ziet 45m" – unknown command "#ziet"; write "#zeit 45m"`},
		{"#stauts gelöst",
			"Zeile 1: „#stauts gelöst“ – unbekannter Befehl „#stauts“; richtig wäre „#status gelöst“",
			`Line 1: "#stauts gelöst" – unknown command "#stauts"; write "#status gelöst"`},
		{"#zuw m.keller",
			"Zeile 1: „#zuw m.keller“ – unbekannter Befehl „#zuw“; richtig wäre „#zuweisen m.keller“",
			`Line 1: "#zuw m.keller" – unknown command "#zuw"; write "#zuweisen m.keller"`},
		{"#ziet45m Router",
			"Zeile 1: „#ziet45m Router“ – unbekannter Befehl „#ziet45m“; richtig wäre „#zeit 45m Router“",
			`Line 1: "#ziet45m Router" – unknown command "#ziet45m"; write "#zeit 45m Router"`},
		{"#xyz",
			"Zeile 1: „#xyz“ – unbekannter Befehl „#xyz“; eine Mail mit „#hilfe“ wird mit allen Befehlen beantwortet",
			`Line 1: "#xyz" – unknown command "#xyz"; a mail with "#help" is answered with every command`},
		{"#",
			"Zeile 1: „#“ – nach „#“ fehlt der Befehl; richtig wäre z. B. „#zeit 45m“; alle Befehle nennt „#hilfe“",
			`Line 1: "#" – the command after "#" is missing; write e.g. "#time 45m"; "#help" lists every command`},
		{"#status",
			"Zeile 1: „#status“ – #status braucht einen Wert; richtig wäre z. B. „#status in Arbeit“ oder „#status gelöst“",
			`Line 1: "#status" – #status needs a value; write e.g. "#status in Arbeit" or "#status gelöst"`},
		{"#status fertig",
			"Zeile 1: „#status fertig“ – unbekannter Wert „fertig“ für #status; möglich sind: neu, in Arbeit, wartet, gelöst, geschlossen",
			`Line 1: "#status fertig" – unknown value "fertig" for #status; use one of: new, in progress, waiting, resolved, closed`},
		{"#status erldigt",
			"Zeile 1: „#status erldigt“ – unbekannter Wert „erldigt“ für #status; richtig wäre „#status erledigt“",
			`Line 1: "#status erldigt" – unknown value "erldigt" for #status; write "#status erledigt"`},
		{"#prio sehr hoch",
			"Zeile 1: „#prio sehr hoch“ – unbekannter Wert „sehr hoch“ für die Priorität; möglich sind: niedrig, normal, hoch, dringend",
			`Line 1: "#prio sehr hoch" – unknown value "sehr hoch" for the priority; use one of: low, normal, high, urgent`},
		{"#zuweisen @keller",
			"Zeile 1: „#zuweisen @keller“ – „@keller“ ist keine Techniker-Kennung; richtig wäre z. B. „#zuweisen m.keller“",
			`Line 1: "#zuweisen @keller" – "@keller" is not a technician ID; write e.g. "#zuweisen m.keller"`},
		{"#kunde K 1001",
			"Zeile 1: „#kunde K 1001“ – #kunde nimmt genau einen Wert; richtig wäre z. B. „#kunde K-1001“",
			`Line 1: "#kunde K 1001" – #kunde takes exactly one value; write e.g. "#kunde K-1001"`},
		{"#melder eva",
			"Zeile 1: „#melder eva“ – „eva“ ist keine gültige Mail-Adresse; richtig wäre z. B. „#melder eva.roth@kunde.example“ oder „#melder Eva Roth <eva.roth@kunde.example>“",
			`Line 1: "#melder eva" – "eva" is not a valid mail address; write e.g. "#melder eva.roth@kunde.example" or "#melder Eva Roth <eva.roth@kunde.example>"`},
		{"#zeit 20m nb",
			"Zeile 1: „#zeit 20m nb“ – nicht berechnete Zeit braucht einen Grund; richtig wäre z. B. „#zeit 20m nb Fehler lag bei uns“ oder „#zeit 20m kulanz“",
			`Line 1: "#zeit 20m nb" – time that is not billed needs a reason; write e.g. "#zeit 20m nb Fehler lag bei uns" or "#zeit 20m kulanz"`},
		{"#time 45m 03.12.2026",
			"Zeile 1: „#time 45m 03.12.2026“ – der 03.12.2026 liegt in der Zukunft; richtig wäre z. B. „#time 45m yesterday“",
			`Line 1: "#time 45m 03.12.2026" – 2026-12-03 is in the future; write e.g. "#time 45m yesterday"`},
		{"#zeit 45m 31.02.",
			"Zeile 1: „#zeit 45m 31.02.“ – den Tag „31.02.“ gibt es nicht; richtig wäre z. B. „#zeit 45m gestern“",
			`Line 1: "#zeit 45m 31.02." – there is no day "31.02."; write e.g. "#zeit 45m gestern"`},
		{"#anfahrt 35",
			"Zeile 1: „#anfahrt 35“ – mehr als 10 Fahrten in einer Zeile; meinten Sie Kilometer? Dann „#anfahrt 35 km“",
			`Line 1: "#anfahrt 35" – more than 10 trips on one line; did you mean kilometres? Then "#anfahrt 35 km"`},
		{"#anfahrt 12,5 km",
			"Zeile 1: „#anfahrt 12,5 km“ – Kilometer werden ganz erfasst; richtig wäre „#anfahrt 13km“",
			`Line 1: "#anfahrt 12,5 km" – kilometres are recorded whole; write "#anfahrt 13km"`},
		{"#anfahrt 1 Filiale",
			"Zeile 1: „#anfahrt 1 Filiale“ – „Filiale“ ist zu viel; nach der Anzahl kommt höchstens ein Datum; richtig wäre „#anfahrt 1“",
			`Line 1: "#anfahrt 1 Filiale" – "Filiale" is one word too many; only a date may follow; write "#anfahrt 1"`},
		{"#status wartet\n#gelöst",
			"Zeile 2: „#gelöst“ – widerspricht Zeile 1 („#status wartet“); lassen Sie eine der beiden Zeilen weg",
			`Line 2: "#gelöst" – contradicts line 1 ("#status wartet"); keep only one of the two lines`},
		{"#take\n#take",
			"Zeile 2: „#take“ – wiederholt Zeile 1 und zählt nur einmal",
			`Line 2: "#take" – repeats line 1 and counts once`},
		{"Hallo\n#zeit 5m",
			"Zeile 2: „#zeit 5m“ – die Zeile steht unter dem Text und wurde nicht ausgeführt, sondern als Text behandelt; Befehle gehören ganz an den Anfang, vor die Anrede",
			`Line 2: "#zeit 5m" – the line is below the text, so it was not applied but taken as text; commands go at the very top, above the greeting`},
		{"#zeit 5m 01.12.2025",
			"Zeile 1: „#zeit 5m 01.12.2025“ – der 01.12.2025 liegt 366 Tage zurück; stimmt das Jahr?",
			`Line 1: "#zeit 5m 01.12.2025" – 2025-12-01 is 366 days ago; is the year right?`},
		{"#intern",
			"Zeile 1: „#intern“ – unter den Befehlen steht kein Text für die interne Notiz",
			`Line 1: "#intern" – there is no text below the commands for the internal note`},
		{"#intern Notiz",
			"Zeile 1: „#intern Notiz“ – #intern steht allein, ohne Wert; den Text schreiben Sie unter die Befehle; richtig wäre „#intern“",
			`Line 1: "#intern Notiz" – #intern takes no value; put text below the commands; write "#intern"`},
		{"\u200b#zeit\u00a045",
			"Zeile 1: „#zeit 45“ – die Dauer hat keine Einheit; richtig wäre „#zeit 45m“",
			`Line 1: "#zeit 45" – the duration has no unit; write "#zeit 45m"`},
	}
	for _, tt := range tests {
		b := parseToday(tt.in)
		issues := append(b.Errors, b.Warnings...)
		if len(issues) != 1 {
			t.Errorf("Parse(%q) gave issues %v, want exactly one", tt.in, issues)
			continue
		}
		if got := issues[0].Message("de"); got != tt.de {
			t.Errorf("Parse(%q) Message(de) = %s\nwant %s", tt.in, got, tt.de)
		}
		if got := issues[0].Message("en"); got != tt.en {
			t.Errorf("Parse(%q) Message(en) = %s\nwant %s", tt.in, got, tt.en)
		}
		if got := issues[0].Error(); got != tt.en {
			t.Errorf("Parse(%q) Error() = %s, want the English message", tt.in, got)
		}
	}
}

func TestMessageLanguage(t *testing.T) {
	b := parseToday("#zeit 90")
	for _, tt := range []struct {
		lang, prefix string
	}{{"de", "Zeile"}, {"", "Zeile"}, {"fr", "Zeile"}, {"en", "Line"}, {"EN", "Line"}, {"en-GB", "Line"}, {"eng", "Zeile"}} {
		if got := b.Errors[0].Message(tt.lang); len(got) < len(tt.prefix) || got[:len(tt.prefix)] != tt.prefix {
			t.Errorf("Message(%q) = %q, want it to start with %q", tt.lang, got, tt.prefix)
		}
	}
}

func TestMessageShortensLongLines(t *testing.T) {
	long := "#zeit 90 Router getauscht und danach noch lange mit dem Kunden über das neue WLAN im Besprechungsraum gesprochen"
	got := parseToday(long).Errors[0].Message("de")
	want := "Zeile 1: „#zeit 90 Router getauscht und danach noch lange mit dem Kunden über das neue WLA…“" // 80 runes, then the ellipsis
	if len(got) < len(want) || got[:len(want)] != want {
		t.Errorf("Message of a long line = %s\nwant it to start with %s", got, want)
	}
}
