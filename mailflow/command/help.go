package command

import (
	"strconv"
	"strings"
)

// helpDoc documents one command in one language. Every example is a command line the tests
// parse, so the reference cannot teach what the parser refuses.
type helpDoc struct {
	synopsis string   // "#zeit <Dauer> ..."; its first word is the word shown
	body     []string // explanation, one line each
	examples []string
}

// helpTexts documents every spec of the table, by spec name, in German and English.
var helpTexts = map[string][2]helpDoc{
	"status": {{
		synopsis: "#status <Wert>",
		body:     []string{"Setzt den Status des Tickets. Werte (jede Zeile ein Status):"},
		examples: []string{"#status in Arbeit", "#status wartet"},
	}, {
		synopsis: "#status <value>",
		body:     []string{"Sets the ticket's status. Values (one status per line):"},
		examples: []string{"#status in progress", "#status waiting"},
	}},
	"resolved": {{
		synopsis: "#gelöst",
		body:     []string{"Kurz für #status gelöst."},
		examples: []string{"#gelöst", "#erledigt"},
	}, {
		synopsis: "#solved",
		body:     []string{"Short for #status resolved."},
		examples: []string{"#solved", "#resolved"},
	}},
	"closed": {{
		synopsis: "#geschlossen",
		body:     []string{"Kurz für #status geschlossen."},
		examples: []string{"#geschlossen"},
	}, {
		synopsis: "#closed",
		body:     []string{"Short for #status closed."},
		examples: []string{"#closed"},
	}},
	"waiting": {{
		synopsis: "#wartet",
		body:     []string{"Kurz für #status wartet (z. B. auf eine Antwort des Kunden)."},
		examples: []string{"#wartet"},
	}, {
		synopsis: "#waiting",
		body:     []string{"Short for #status waiting (e.g. for the customer's answer)."},
		examples: []string{"#waiting"},
	}},
	"assign": {{
		synopsis: "#zuweisen <Techniker-Kennung>",
		body:     []string{"Weist das Ticket einem Techniker zu."},
		examples: []string{"#zuweisen m.keller"},
	}, {
		synopsis: "#assign <technician ID>",
		body:     []string{"Assigns the ticket to a technician."},
		examples: []string{"#assign m.keller"},
	}},
	"take": {{
		synopsis: "#übernehmen",
		body:     []string{"Sie übernehmen das Ticket selbst. Nicht zusammen mit #zuweisen."},
		examples: []string{"#übernehmen"},
	}, {
		synopsis: "#take",
		body:     []string{"You take the ticket yourself. Not together with #assign."},
		examples: []string{"#take"},
	}},
	"priority": {{
		synopsis: "#priorität <Wert>",
		body:     []string{"Setzt die Priorität. Werte (jede Zeile eine Priorität):"},
		examples: []string{"#priorität hoch", "#prio dringend"},
	}, {
		synopsis: "#priority <value>",
		body:     []string{"Sets the priority. Values (one priority per line):"},
		examples: []string{"#priority high", "#prio urgent"},
	}},
	"time": {{
		synopsis: "#zeit <Dauer> [Datum] [nb <Grund> | kulanz [Grund]] [Tätigkeit]",
		body: []string{
			"Erfasst Arbeitszeit; sie wird berechnet, wenn nichts anderes dasteht.",
			"Mehrere #zeit-Zeilen sind erlaubt.",
			"Dauer, immer mit Einheit: 45m, 45min, 1h, 1h30, 1h30m, 1,5h, 1.5h, 1:30, 2 Std.",
			"Nur ganze Minuten, höchstens " + formatMinutes(DefaultMaxMinutes) + " je Zeile.",
			"„1,30h“ ist mehrdeutig; schreiben Sie 1h30 oder 1,3h (= 1h18).",
			"Datum (wahlweise, vor oder nach der Dauer): heute, gestern, vorgestern, 1.12.,",
			"01.12.2026, 2026-12-01. Ohne Datum gilt der heutige Tag; ein Datum in der",
			"Zukunft wird abgelehnt.",
			"Nicht berechnen: nb (oder „nicht berechnen“) und dahinter der Grund.",
			"kulanz ist selbst ein Grund; Text dahinter wird angehängt („Kulanz: …“).",
			"Der Rest der Zeile beschreibt die Tätigkeit.",
		},
		examples: []string{
			"#zeit 45m Router getauscht",
			"#zeit 1h30 gestern Server-Update eingespielt",
			"#zeit 20m nb Kulanz: Fehler lag bei uns",
			"#zeit 20m kulanz Fehler lag bei uns",
		},
	}, {
		synopsis: "#time <duration> [date] [nb <reason> | goodwill [reason]] [activity]",
		body: []string{
			"Records working time; it is billed unless the line says otherwise.",
			"Several #time lines are fine.",
			"Duration, always with a unit: 45m, 45min, 1h, 1h30, 1h30m, 1.5h, 1,5h, 1:30, 2 h.",
			"Whole minutes only, at most " + formatMinutes(DefaultMaxMinutes) + " per line.",
			"\"1.30h\" is ambiguous; write 1h30 or 1.3h (= 1h18).",
			"Date (optional, before or after the duration): today, yesterday, 1.12. (day first),",
			"01.12.2026, 2026-12-01. Without a date it is today; future dates are refused.",
			"Not billed: nb (or \"not billable\") followed by the reason.",
			"goodwill (German: kulanz) is a reason by itself; text after it is added (\"Goodwill: …\").",
			"The rest of the line describes the work done.",
		},
		examples: []string{
			"#time 45m replaced the router",
			"#time 1h30 yesterday installed server updates",
			"#time 20m not billable our mistake",
			"#time 20m goodwill our mistake",
		},
	}},
	"travel": {{
		synopsis: "#anfahrt <Anzahl> | <km> km [Datum]",
		body: []string{
			"Erfasst Anfahrten (laut Vertrag pauschal) oder gefahrene Kilometer (ganze km).",
			"Höchstens " + strconv.Itoa(maxTrips) + " Fahrten oder " + strconv.Itoa(maxKm) + " km je Zeile.",
		},
		examples: []string{"#anfahrt 1", "#anfahrt 35 km", "#anfahrt 35km gestern"},
	}, {
		synopsis: "#travel <count> | <km> km [date]",
		body: []string{
			"Records trips (a flat rate, as the contract says) or kilometres driven (whole km).",
			"At most " + strconv.Itoa(maxTrips) + " trips or " + strconv.Itoa(maxKm) + " km per line.",
		},
		examples: []string{"#travel 1", "#travel 35km", "#travel 35 km yesterday"},
	}},
	"internal": {{
		synopsis: "#intern",
		body:     []string{"Der Text unter den Befehlen ist eine interne Notiz und geht nicht an den Kunden."},
		examples: []string{"#intern"},
	}, {
		synopsis: "#internal",
		body:     []string{"The text below the commands is an internal note; the customer does not get it."},
		examples: []string{"#internal"},
	}},
	"customer": {{
		synopsis: "#kunde <Kundennummer>",
		body:     []string{"Für ein neues Ticket, das Sie für einen Kunden anlegen (z. B. nach einem Anruf)."},
		examples: []string{"#kunde K-1001"},
	}, {
		synopsis: "#customer <customer number>",
		body:     []string{"For a new ticket you open for a customer (after a phone call, say)."},
		examples: []string{"#customer K-1001"},
	}},
	"requester": {{
		synopsis: "#melder <Mail-Adresse>",
		body:     []string{"Wer die Störung gemeldet hat; mit #kunde für ein neues Ticket."},
		examples: []string{"#melder eva.roth@kunde.example", "#melder Eva Roth <eva.roth@kunde.example>"},
	}, {
		synopsis: "#requester <mail address>",
		body:     []string{"Who reported the incident; with #customer for a new ticket."},
		examples: []string{"#requester eva.roth@kunde.example", "#requester Eva Roth <eva.roth@kunde.example>"},
	}},
	"help": {{
		synopsis: "#hilfe",
		body:     []string{"Sie bekommen diese Übersicht."},
		examples: []string{"#hilfe"},
	}, {
		synopsis: "#help",
		body:     []string{"You get this overview."},
		examples: []string{"#help"},
	}},
}

// helpFrame is the text around the command list, by language.
var helpFrame = [2]struct{ title, intro, example, outro, also, example1, examples string }{{
	title: "Befehle per Mail",
	intro: `Antworten Sie auf eine Ticket-Mail und schreiben Sie die Befehle ganz an den Anfang,
einen pro Zeile, jeden mit „#“ vorn. Leerzeilen zwischen den Befehlen sind erlaubt.
Alles ab der ersten Zeile ohne „#“ ist Ihre Antwort an den Kunden. Groß- und
Kleinschreibung ist egal, Umlaute dürfen Sie auch als ae, oe, ue schreiben, und
jeder Befehl versteht auch sein englisches Wort.`,
	example: "#status in Arbeit\n#zeit 45m Router getauscht\n#anfahrt 1\n\nSehr geehrte Frau Roth,\nder Router ist getauscht und das Netz läuft wieder.",
	outro: `Hat eine Zeile einen Fehler, wird keiner der Befehle ausgeführt: Sie bekommen eine
Antwort, die die Zeile nennt und zeigt, wie es richtig wäre. Befehle unter dem Text
(etwa unter der Anrede) werden nicht ausgeführt; auch darauf weist die Antwort hin.`,
	also:     "Auch",
	example1: "Beispiel",
	examples: "Beispiele",
}, {
	title: "Commands by mail",
	intro: `Answer a ticket mail and put the commands at the very top, one per line, each
starting with "#". Blank lines between the commands are fine. Everything from the
first line without "#" on is your answer to the customer. Case does not matter, and
every command also understands its German word.`,
	example: "#status in progress\n#time 45m replaced the router\n#travel 1\n\nDear Ms Roth,\nthe router is replaced and the network is up again.",
	outro: `If a line has a mistake, none of the commands is applied: you get an answer that
names the line and shows what would be right. Commands below the text (under the
greeting, say) are not applied; the answer points that out as well.`,
	also:     "Also",
	example1: "Example",
	examples: "Examples",
}}

// Help returns the syntax reference for "#hilfe", in German or (lang "en") English.
func Help(lang string) string {
	li := 0
	if isEnglish(lang) {
		li = 1
	}
	f := helpFrame[li]
	var b strings.Builder
	b.WriteString(f.title + "\n" + strings.Repeat("=", len([]rune(f.title))) + "\n\n")
	b.WriteString(f.intro + "\n\n")
	b.WriteString(indent(f.example, "    ") + "\n\n")
	for _, sp := range specs {
		doc := helpTexts[sp.name][li]
		b.WriteString(doc.synopsis + "\n")
		for _, l := range doc.body {
			b.WriteString("  " + l + "\n")
		}
		switch sp.name {
		case "status":
			writeGroups(&b, statusChoices)
		case "priority":
			writeGroups(&b, priorityChoices)
		}
		if also := otherWords(sp, doc.synopsis); also != "" {
			b.WriteString("  " + f.also + ": " + also + "\n")
		}
		label := f.examples
		if len(doc.examples) == 1 {
			label = f.example1
		}
		b.WriteString("  " + label + ":\n")
		for _, e := range doc.examples {
			b.WriteString("    " + e + "\n")
		}
		b.WriteString("\n")
	}
	b.WriteString(f.outro + "\n")
	return b.String()
}

// writeGroups lists the spellings of each value on one line: "neu | new".
func writeGroups[T comparable](b *strings.Builder, choices []choice[T]) {
	for i := 0; i < len(choices); {
		j := i
		var ws []string
		for ; j < len(choices) && choices[j].val == choices[i].val; j++ {
			ws = append(ws, choices[j].word)
		}
		b.WriteString("    " + strings.Join(ws, " | ") + "\n")
		i = j
	}
}

// otherWords lists the spellings of sp other than the one in synopsis: "#time".
func otherWords(sp spec, synopsis string) string {
	shown, _, _ := strings.Cut(strings.TrimPrefix(synopsis, "#"), " ")
	var ws []string
	for _, w := range sp.words {
		if fold(w) != fold(shown) {
			ws = append(ws, "#"+w)
		}
	}
	return strings.Join(ws, ", ")
}

func indent(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}
