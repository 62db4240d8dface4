package templates

import (
	"testing"
	"time"
)

func TestChange(t *testing.T) {
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, time.FixedZone("CET", 3600))
	to := []string{"a@kunde.example", "b@kunde.example"}
	tests := []struct {
		c      Change
		de, en string
	}{
		{Change{What: ChangeStatus, Old: StatusNew, New: StatusInProgress},
			"Status: Neu → In Bearbeitung", "Status: New → In progress"},
		{Change{What: ChangeStatus, New: StatusResolved}, "Status: Gelöst", "Status: Resolved"},
		{Change{What: ChangeAssign, New: "Martin Keller (m.keller)"},
			"Zugewiesen an Martin Keller (m.keller)", "Assigned to Martin Keller (m.keller)"},
		{Change{What: ChangeAssign, Old: "Jana Weiß", New: "m.keller"},
			"Zugewiesen an m.keller (bisher Jana Weiß)", "Assigned to m.keller (was Jana Weiß)"},
		{Change{What: ChangeTake}, "Sie haben das Ticket übernommen", "You took the ticket"},
		{Change{What: ChangePriority, New: PriorityUrgent}, "Priorität: keine → dringend", "Priority: none → urgent"},
		{Change{What: ChangePriority, Old: PriorityLow, New: PriorityNormal}, "Priorität: niedrig → normal", "Priority: low → normal"},
		{Change{What: ChangeTime, Minutes: 45, Billable: true, Activity: "Router getauscht", Date: day},
			"Zeit: 45 Minuten am 01.12.2026, berechnet – Router getauscht",
			"Time: 45 minutes on 1 Dec 2026, billable – Router getauscht"},
		{Change{What: ChangeTime, Minutes: 1, Billable: true}, "Zeit: 1 Minute, berechnet", "Time: 1 minute, billable"},
		{Change{What: ChangeTime, Minutes: 120, Reason: "Kulanz", Date: day},
			"Zeit: 120 Minuten (2h) am 01.12.2026, nicht berechnet: Kulanz",
			"Time: 120 minutes (2h) on 1 Dec 2026, not billable: Kulanz"},
		{Change{What: ChangeTime, Minutes: 65, Reason: "Garantie"},
			"Zeit: 65 Minuten (1h05), nicht berechnet: Garantie", "Time: 65 minutes (1h05), not billable: Garantie"},
		{Change{What: ChangeTravel, Trips: 1, Date: day}, "Anfahrt: 1 Fahrt am 01.12.2026", "Travel: 1 trip on 1 Dec 2026"},
		{Change{What: ChangeTravel, Trips: 2}, "Anfahrt: 2 Fahrten", "Travel: 2 trips"},
		{Change{What: ChangeTravel, Km: 35}, "Anfahrt: 35 km", "Travel: 35 km"},
		{Change{What: ChangeInternal}, "Interne Notiz hinzugefügt", "Internal note added"},
		{Change{What: ChangeCustomer, New: "K-1001 Berger & Partner"},
			"Ticket eröffnet für den Kunden K-1001 Berger & Partner", "Ticket opened for customer K-1001 Berger & Partner"},
		{Change{What: ChangeCustomer, Old: "K-1", New: "K-2"}, "Kunde: K-1 → K-2", "Customer: K-1 → K-2"},
		{Change{What: ChangeRequester, New: "Eva Roth <eva@kunde.example>"},
			"Melder: Eva Roth <eva@kunde.example>", "Requester: Eva Roth <eva@kunde.example>"},
		// an unknown change still says what happened
		{Change{What: "sla", Old: "4h", New: "8h"}, "sla: 4h → 8h", "sla: 4h → 8h"},
		{Change{What: "tagged"}, "tagged", "tagged"},
	}
	for _, tt := range tests {
		for lang, want := range map[string]string{"de": tt.de, "en": tt.en} {
			change := staffFuncs(lang)["change"].(func(Change, []string) string)
			if got := change(tt.c, nil); got != want {
				t.Errorf("change(%+v) in %s = %q, want %q", tt.c, lang, got, want)
			}
		}
	}
	for lang, want := range map[string]string{
		"de": "Ihre Antwort an den Kunden geht an a@kunde.example, b@kunde.example",
		"en": "Your answer to the customer goes to a@kunde.example, b@kunde.example",
	} {
		change := staffFuncs(lang)["change"].(func(Change, []string) string)
		if got := change(Change{What: ChangeAnswer}, to); got != want {
			t.Errorf("change(answer) in %s = %q, want %q", lang, got, want)
		}
	}
}

func TestSize(t *testing.T) {
	tests := []struct {
		n      int64
		de, en string
	}{
		{0, "0 Byte", "0 bytes"},
		{1023, "1023 Byte", "1023 bytes"},
		{1024, "1 KB", "1 KB"},
		{245_760, "240 KB", "240 KB"},
		{1_258_291, "1,2 MB", "1.2 MB"},
		{40_265_318, "38,4 MB", "38.4 MB"},
		{3 << 30, "3,0 GB", "3.0 GB"},
	}
	for _, tt := range tests {
		if got := phrasesOf("de").size(tt.n); got != tt.de {
			t.Errorf("size(%d) in de = %q, want %q", tt.n, got, tt.de)
		}
		if got := phrasesOf("en").size(tt.n); got != tt.en {
			t.Errorf("size(%d) in en = %q, want %q", tt.n, got, tt.en)
		}
	}
}

func TestLabels(t *testing.T) {
	tests := []struct {
		fn, code, de, en string
	}{
		{"commentkind", CommentCustomer, "Kunde", "customer"},
		{"commentkind", CommentPublic, "Antwort an den Kunden", "answer to the customer"},
		{"commentkind", "technician", "Antwort an den Kunden", "answer to the customer"},
		{"commentkind", CommentInternal, "interne Notiz", "internal note"},
		{"commentkind", CommentSystem, "System", "system"},
		{"commentkind", CommentUnapplied, "nicht angewendet", "not applied"},
		{"commentkind", "bounce", "bounce", "bounce"},
		{"priority", "", "keine", "none"},
		{"priority", PriorityHigh, "hoch", "high"},
		{"priority", PriorityUrgent, "dringend", "urgent"},
		{"priority", "p1", "p1", "p1"},
	}
	for _, tt := range tests {
		for lang, want := range map[string]string{"de": tt.de, "en": tt.en, "fr": tt.de} {
			f := staffFuncs(lang)[tt.fn].(func(string) string)
			if got := f(tt.code); got != want {
				t.Errorf("%s(%q) in %s = %q, want %q", tt.fn, tt.code, lang, got, want)
			}
		}
	}
}

func TestContactAndIssue(t *testing.T) {
	de, en := phrasesOf("de"), phrasesOf("en")
	tests := []struct{ got, want string }{
		{de.contact("Sabine Schäfer", "089 1", "s@kunde.example"), "Sabine Schäfer, Tel. 089 1, s@kunde.example"},
		{en.contact("", "089 1", "s@kunde.example"), "phone 089 1, s@kunde.example"},
		{de.contact("", "", ""), ""},
		{de.issue(Issue{Line: 2, Source: "#zeit 45", Message: "Zeile 2: kaputt"}), "Zeile 2: kaputt"},
		{de.issue(Issue{Line: 2, Source: "#zeit 45"}), "Zeile 2: #zeit 45"},
		{en.issue(Issue{Line: 2, Source: "#zeit 45"}), "Line 2: #zeit 45"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
