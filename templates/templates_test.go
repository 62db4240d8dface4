package templates

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func loadSet(t *testing.T, dir string) *Set {
	t.Helper()
	s, err := Load(dir)
	if err != nil {
		t.Fatalf("Load(%q): %v", dir, err)
	}
	return s
}

// goldenData is the fixed input of the golden files: 13:03 UTC is 14:03 in Berlin in November.
func goldenData() Data {
	d := Data{
		Ticket:         "2026-000042",
		Subject:        "Drucker im 2. OG druckt nicht",
		RecipientName:  "Jürgen Müller",
		Received:       time.Date(2026, 11, 28, 13, 3, 0, 0, time.UTC),
		Location:       time.FixedZone("CET", 3600),
		OldStatus:      StatusNew,
		NewStatus:      StatusWaiting,
		Note:           "Bitte schicken Sie uns ein Foto der Fehlermeldung.\nDanke!",
		Body:           "Der Toner war leer & wurde getauscht.\nBitte testen Sie erneut.",
		SupportName:    "IT-Service Beispiel GmbH",
		SupportAddress: "support@example.com",
		Reason:         "Ihre Adresse ist keinem Kunden zugeordnet.",
		Requester:      "s.schaefer@kunde.example",
		RequesterName:  "Sabine Schäfer",
		Summary: &Summary{
			Customer: "Steuerberatung Berger & Partner",
			Month:    time.Date(2026, 11, 28, 14, 3, 0, 0, time.FixedZone("CET", 3600)),
			Opened:   3,
			Resolved: 2,
			OpenTickets: []SummaryTicket{
				// 23:30 UTC is already the 21st in Berlin
				{Number: "2026-000042", Subject: "Drucker im 2. OG druckt nicht", Status: StatusWaiting, Created: time.Date(2026, 11, 20, 23, 30, 0, 0, time.UTC)},
				{Number: "2026-000051", Subject: "VPN <langsam>", Status: StatusInProgress, Created: time.Date(2026, 11, 27, 16, 30, 0, 0, time.UTC)},
			},
			Prepaid: []PrepaidStatus{{Contract: "V-2026-07", HoursPerMonth: "10"}, {Contract: "V-2026-08", HoursPerMonth: "2.5", Balance: "7.25",
				Last: []PrepaidMovement{
					{Date: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Kind: "credit", Hours: "2.5"},
					{Date: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC), Kind: "deduction", Hours: "-1.25", Report: "SB-2026-00041", Ticket: "2026-000042"},
				}}},
			BillableHours: "12.5", NonBillableHours: "0.75", FirstResponseMinutes: 38,
		},
	}
	addStaffData(&d)
	addReportData(&d)
	return d
}

func TestGolden(t *testing.T) {
	s := loadSet(t, "")
	for _, lang := range Languages {
		for _, kind := range Kinds {
			if slices.Contains(StaffKinds, kind) {
				continue // TestGoldenStaff, with data in the mail's language
			}
			t.Run(lang+"_"+kind, func(t *testing.T) {
				r, err := s.Render(kind, lang, goldenData())
				if err != nil {
					t.Fatalf("Render(%s, %s): %v", kind, lang, err)
				}
				checkGolden(t, lang+"_"+kind+".txt", "Subject: "+r.Subject+"\n\n"+r.Text)
				checkGolden(t, lang+"_"+kind+".html", r.HTML)
			})
		}
	}
	t.Run("de_status_summary_empty", func(t *testing.T) {
		d := goldenData()
		d.Summary = &Summary{Customer: d.Summary.Customer, Month: d.Summary.Month}
		r, err := s.Render(KindStatusSummary, "de", d)
		if err != nil {
			t.Fatalf("Render(status_summary, de) with an empty summary: %v", err)
		}
		checkGolden(t, "de_status_summary_empty.txt", "Subject: "+r.Subject+"\n\n"+r.Text)
		checkGolden(t, "de_status_summary_empty.html", r.HTML)
	})
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	file := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("read golden file (run go test ./templates -update): %v", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from golden file (run go test ./templates -update and review the diff)\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

func TestEveryKindInEveryLanguage(t *testing.T) {
	for _, lang := range Languages {
		for _, kind := range Kinds {
			for _, ext := range []string{".txt", ".html"} {
				name := "mail/" + lang + "/" + kind + ext
				if _, err := embedded.ReadFile(name); err != nil {
					t.Errorf("embedded %s missing: %v", name, err)
				}
			}
		}
	}
	// and nothing embedded that no kind uses
	for _, lang := range Languages {
		entries, err := embedded.ReadDir("mail/" + lang)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(entries), 2*len(Kinds); got != want {
			t.Errorf("mail/%s has %d files, want %d", lang, got, want)
		}
	}
}

func TestSubjects(t *testing.T) {
	s := loadSet(t, "")
	const tagged = "[Ticket#2026-000042] Drucker im 2. OG druckt nicht"
	want := map[string]map[string]string{
		"de": {
			KindNewTicket:     "[Ticket#2026-000042] Neues Ticket: Drucker im 2. OG druckt nicht",
			KindStatusSummary: "Vertragsstatus Steuerberatung Berger & Partner",
			KindAssignment:    "[Ticket#2026-000042] Zugewiesen: Drucker im 2. OG druckt nicht",
			KindDispatch:      "[Ticket#2026-000042] Zuweisen: Drucker im 2. OG druckt nicht",
			KindForward:       "[Ticket#2026-000042] Neue Nachricht des Kunden: Drucker im 2. OG druckt nicht",
			KindCommandResult: "[Ticket#2026-000042] Ausgeführt: Drucker im 2. OG druckt nicht",
			KindCommandHelp:   "[Ticket#2026-000042] Befehle per Mail: Drucker im 2. OG druckt nicht",
			// no subject tag: the tag would thread a technician's reply into the ticket
			KindUnprovenCommand: "Nicht ausgeführt: eine Mail in Ihrem Namen zu Ticket 2026-000042",
			KindServiceReport:   "Servicebericht SB-2026-00042 – Filiale Lüneburg (01.11.2026 – 30.11.2026)",
			KindTimeRejected:    "[Ticket#2026-000042] Zeiteintrag 17 abgelehnt: Drucker im 2. OG druckt nicht",
		},
		"en": {
			KindNewTicket:       "[Ticket#2026-000042] New ticket: Drucker im 2. OG druckt nicht",
			KindStatusSummary:   "Contract status Steuerberatung Berger & Partner",
			KindAssignment:      "[Ticket#2026-000042] Assigned to you: Drucker im 2. OG druckt nicht",
			KindDispatch:        "[Ticket#2026-000042] To assign: Drucker im 2. OG druckt nicht",
			KindForward:         "[Ticket#2026-000042] New message from the customer: Drucker im 2. OG druckt nicht",
			KindCommandResult:   "[Ticket#2026-000042] Applied: Drucker im 2. OG druckt nicht",
			KindCommandHelp:     "[Ticket#2026-000042] Commands by mail: Drucker im 2. OG druckt nicht",
			KindUnprovenCommand: "Not applied: a mail in your name on ticket 2026-000042",
			KindServiceReport:   "Service report SB-2026-00042 – Filiale Lüneburg (01.11.2026 – 30.11.2026)",
			KindTimeRejected:    "[Ticket#2026-000042] Time entry 17 rejected: Drucker im 2. OG druckt nicht",
		},
	}
	for _, lang := range Languages {
		for _, kind := range Kinds {
			r, err := s.Render(kind, lang, goldenData())
			if err != nil {
				t.Fatalf("Render(%s, %s): %v", kind, lang, err)
			}
			w, ok := want[lang][kind]
			if !ok {
				w = tagged
			}
			if r.Subject != w {
				t.Errorf("Render(%s, %s).Subject = %q, want %q", kind, lang, r.Subject, w)
			}
		}
	}
}

func TestRenderTimes(t *testing.T) {
	s := loadSet(t, "")
	tests := []struct{ lang, want, notWant string }{
		{"de", "28.11.2026 um 14:03 Uhr", "Nov"},
		{"en", "28 Nov 2026 at 14:03", "Uhr"},
	}
	for _, tt := range tests {
		r, err := s.Render(KindConfirmation, tt.lang, goldenData())
		if err != nil {
			t.Fatal(err)
		}
		for _, part := range []string{r.Text, r.HTML} {
			if !strings.Contains(part, tt.want) {
				t.Errorf("Render(confirmation, %s) lacks %q:\n%s", tt.lang, tt.want, part)
			}
			if strings.Contains(part, tt.notWant) {
				t.Errorf("Render(confirmation, %s) contains %q:\n%s", tt.lang, tt.notWant, part)
			}
		}
	}
}

func TestUnknownLanguageFallsBackToGerman(t *testing.T) {
	s := loadSet(t, "")
	for _, lang := range []string{"", "fr", "DE", "en-US"} {
		r, err := s.Render(KindConfirmation, lang, goldenData())
		if err != nil {
			t.Fatalf("Render(confirmation, %q): %v", lang, err)
		}
		if !strings.Contains(r.Text, "Guten Tag") {
			t.Errorf("Render(confirmation, %q) is not German:\n%s", lang, r.Text)
		}
	}
}

func TestRenderErrors(t *testing.T) {
	s := loadSet(t, "")
	if _, err := s.Render("nonsense", "de", goldenData()); err == nil {
		t.Error("Render(nonsense) succeeded, want error")
	}
	d := goldenData()
	d.Ticket = ""
	if _, err := s.Render(KindConfirmation, "de", d); err == nil {
		t.Error("Render(confirmation) without ticket succeeded, want error")
	}
	r, err := s.Render(KindRefusal, "de", d)
	if err != nil {
		t.Fatalf("Render(refusal) without ticket: %v", err)
	}
	if want := "Nicht bearbeitet: Drucker im 2. OG druckt nicht"; r.Subject != want {
		t.Errorf("refusal without ticket: Subject = %q, want %q", r.Subject, want)
	}
	if _, err := s.Render(KindStatusSummary, "de", d); err != nil {
		t.Errorf("Render(status_summary) without ticket: %v", err)
	}
	tests := []struct {
		kind, want string
		change     func(*Data)
	}{
		{KindNewTicket, "requester missing", func(d *Data) { d.Requester = "" }},
		{KindStatusSummary, "summary missing", func(d *Data) { d.Summary = nil }},
	}
	for _, tt := range tests {
		d := goldenData()
		tt.change(&d)
		if _, err := s.Render(tt.kind, "de", d); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Render(%s) = %v, want error %q", tt.kind, err, tt.want)
		}
	}
}

func TestHostileInput(t *testing.T) {
	s := loadSet(t, "")
	d := goldenData()
	d.Subject = `<script>alert("s")</script>`
	d.Body = `<script>alert("b")</script>`
	d.RecipientName = `<b onmouseover="x">`
	for _, lang := range Languages {
		r, err := s.Render(KindCommentAdded, lang, d)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(r.HTML, "<script>") || strings.Contains(r.HTML, "<b ") {
			t.Errorf("HTML (%s) contains unescaped input:\n%s", lang, r.HTML)
		}
		if !strings.Contains(r.HTML, "&lt;script&gt;") {
			t.Errorf("HTML (%s) lacks escaped script tag:\n%s", lang, r.HTML)
		}
		for _, want := range []string{d.Body, d.RecipientName} {
			if !strings.Contains(r.Text, want) {
				t.Errorf("Text (%s) lacks literal %q:\n%s", lang, want, r.Text)
			}
		}
		if want := "[Ticket#2026-000042] " + d.Subject; r.Subject != want {
			t.Errorf("Subject (%s) = %q, want %q", lang, r.Subject, want)
		}
	}
}

func TestSubjectIsOneLine(t *testing.T) {
	s := loadSet(t, "")
	d := goldenData()
	d.Subject = "Drucker\r\nBcc: evil@example.com\tkaputt"
	r, err := s.Render(KindConfirmation, "de", d)
	if err != nil {
		t.Fatal(err)
	}
	if want := "[Ticket#2026-000042] Drucker Bcc: evil@example.com kaputt"; r.Subject != want {
		t.Errorf("Subject = %q, want %q", r.Subject, want)
	}
}

func TestStatusChangeWithoutNote(t *testing.T) {
	s := loadSet(t, "")
	d := goldenData()
	d.Note = ""
	r, err := s.Render(KindStatusChange, "de", d)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(r.Text, "Anmerkung") || strings.Contains(r.HTML, "Anmerkung") {
		t.Errorf("status_change without note mentions a note:\n%s\n%s", r.Text, r.HTML)
	}
	for _, want := range []string{"Neu", "Warten auf Kunde"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("status_change text lacks %q:\n%s", want, r.Text)
		}
	}
}

func TestHostileInputNewKinds(t *testing.T) {
	s := loadSet(t, "")
	d := goldenData()
	d.Subject = `<script>alert("s")</script>`
	d.RequesterName = `<b onmouseover="x">`
	d.Requester = `x@example.com"><script>`
	d.Summary.Customer = `<script>alert("c")</script>`
	d.Summary.OpenTickets[0].Subject = `<script>alert("t")</script>`
	d.Summary.Prepaid[0].Contract = `<b onmouseover="p">`
	for _, lang := range Languages {
		for _, kind := range []string{KindNewTicket, KindStatusSummary} {
			r, err := s.Render(kind, lang, d)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(r.HTML, "<script>") || strings.Contains(r.HTML, "<b ") {
				t.Errorf("Render(%s, %s).HTML contains unescaped input:\n%s", kind, lang, r.HTML)
			}
			if !strings.Contains(r.HTML, "&lt;script&gt;") {
				t.Errorf("Render(%s, %s).HTML lacks escaped script tag:\n%s", kind, lang, r.HTML)
			}
		}
	}
}

func TestNewTicketNamesRequester(t *testing.T) {
	s := loadSet(t, "")
	d := goldenData()
	for _, tt := range []struct{ name, want string }{
		{"Sabine Schäfer", "Sabine Schäfer <s.schaefer@kunde.example>"},
		{"", "s.schaefer@kunde.example"},
	} {
		d.RequesterName = tt.name
		r, err := s.Render(KindNewTicket, "de", d)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(r.Text, tt.want) || !strings.Contains(r.Text, "Guten Tag Jürgen Müller,") {
			t.Errorf("new_ticket with RequesterName %q lacks %q or the greeting:\n%s", tt.name, tt.want, r.Text)
		}
	}
}

func TestStatusSummaryTimes(t *testing.T) {
	s := loadSet(t, "")
	d := goldenData()
	// 23:30 UTC on 30 November is 1 December in Berlin: the month shown is December.
	d.Summary.Month = time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC)
	orig := d.Summary.OpenTickets[0].Created
	tests := []struct{ lang, month, created string }{
		{"de", "Dezember 2026", "21.11.2026"},
		{"en", "December 2026", "21 Nov 2026"},
	}
	for _, tt := range tests {
		r, err := s.Render(KindStatusSummary, tt.lang, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, part := range []string{r.Text, r.HTML} {
			for _, want := range []string{tt.month, tt.created} {
				if !strings.Contains(part, want) {
					t.Errorf("Render(status_summary, %s) lacks %q:\n%s", tt.lang, want, part)
				}
			}
		}
	}
	if got := d.Summary.OpenTickets[0].Created; !got.Equal(orig) || got.Location() != time.UTC {
		t.Errorf("Render changed the caller's Summary: Created = %v, want %v", got, orig)
	}
}
