package templates

import (
	"strings"
	"testing"
	"time"
)

func render(t *testing.T, s *Set, kind, lang string, d Data) Rendered {
	t.Helper()
	r, err := s.Render(kind, lang, d)
	if err != nil {
		t.Fatalf("Render(%s, %s): %v", kind, lang, err)
	}
	return r
}

// The mail not applied may be a forgery: none of its text may reach the technician's mailbox
// looking like the desk's own words (a phishing text, a fake IBAN).
func TestUnprovenCommandOmitsMailText(t *testing.T) {
	s := loadSet(t, "")
	const secret = "bitte zahlen Sie an IBAN DE00"
	for _, lang := range Languages {
		for _, d := range []Data{staffUnproven(lang), staffSparse(lang, KindUnprovenCommand)} {
			d.Body = "#status geschlossen\n" + secret
			d.Note = secret
			d.Comment = &HistoryEntry{Body: secret}
			d.History = []HistoryEntry{{Body: secret}}
			r := render(t, s, KindUnprovenCommand, lang, d)
			for _, part := range []string{r.Subject, r.Text, r.HTML} {
				if strings.Contains(part, "IBAN") || strings.Contains(part, "#status geschlossen") {
					t.Errorf("Render(unproven_command, %s) shows the mail's text:\n%s", lang, part)
				}
			}
			for _, want := range []string{d.Subject, d.Reason} {
				if !strings.Contains(r.Text, want) {
					t.Errorf("Render(unproven_command, %s) lacks %q:\n%s", lang, want, r.Text)
				}
			}
		}
	}
}

func TestUnprovenCommandSays(t *testing.T) {
	s := loadSet(t, "")
	tests := []struct {
		lang  string
		wants []string
	}{
		{"de", []string{"m.keller@freemail.example", "29.11.2026 um 22:47 Uhr", "Vorgang 314", "Service-Team",
			"Antworten Sie bitte auf die Ticket-Mail", "von Ihrer eigenen Adresse", "vorgetäuscht"}},
		{"en", []string{"m.keller@freemail.example", "29 Nov 2026 at 22:47", "record 314", "service team",
			"answer the ticket mail", "from your\nown address", "forging your address"}},
	}
	for _, tt := range tests {
		r := render(t, s, KindUnprovenCommand, tt.lang, staffUnproven(tt.lang))
		for _, want := range tt.wants {
			if !strings.Contains(r.Text, want) {
				t.Errorf("Render(unproven_command, %s) lacks %q:\n%s", tt.lang, want, r.Text)
			}
		}
		if strings.Contains(r.Subject, "[Ticket#") {
			t.Errorf("Render(unproven_command, %s).Subject = %q carries the subject tag", tt.lang, r.Subject)
		}
	}
}

func TestStaffRenderErrors(t *testing.T) {
	s := loadSet(t, "")
	tests := []struct {
		kind, want string
		change     func(*Data)
	}{
		{KindAssignment, "ticket number missing", func(d *Data) { d.Ticket = "" }},
		{KindDispatch, "ticket number missing", func(d *Data) { d.Ticket = "" }},
		{KindForward, "ticket number missing", func(d *Data) { d.Ticket = "" }},
		{KindCommandHelp, "ticket number missing", func(d *Data) { d.Ticket = "" }},
		{KindForward, "comment missing", func(d *Data) { d.Comment = nil }},
		{KindCommandHelp, "help text missing", func(d *Data) { d.Help = "" }},
		{KindUnprovenCommand, "reason missing", func(d *Data) { d.Reason = "" }},
	}
	for _, tt := range tests {
		d := staffGolden("de")
		tt.change(&d)
		if _, err := s.Render(tt.kind, "de", d); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Render(%s) = %v, want error %q", tt.kind, err, tt.want)
		}
	}
	// a mail to the plain support address concerns no ticket
	d := staffUnproven("de")
	d.Ticket = ""
	if r := render(t, s, KindUnprovenCommand, "de", d); strings.Contains(r.Text, "Ticket:") {
		t.Errorf("unproven_command without ticket names a ticket:\n%s", r.Text)
	}
}

func TestStaffTimesInLocation(t *testing.T) {
	s := loadSet(t, "")
	d := staffGolden("de")
	// 23:30 UTC on 30 November is already 1 December in Berlin
	late := time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC)
	d.History[0].Created = late
	d.Comment.Created = late
	history, comment := d.History, d.Comment
	for _, kind := range []string{KindAssignment, KindForward} {
		r := render(t, s, kind, "de", d)
		for _, part := range []string{r.Text, r.HTML} {
			if !strings.Contains(part, "01.12.2026 um 00:30 Uhr") {
				t.Errorf("Render(%s) does not show the comment in the configured zone:\n%s", kind, part)
			}
		}
	}
	if got := history[0].Created; !got.Equal(late) || got.Location() != time.UTC || comment.Created.Location() != time.UTC {
		t.Errorf("Render changed the caller's history: %v, %v, want %v", got, comment.Created, late)
	}
}

func TestAssignmentShowsTheWholeTicket(t *testing.T) {
	s := loadSet(t, "")
	d := staffGolden("de")
	r := render(t, s, KindAssignment, "de", d)
	wants := []string{"Ihnen wurde das Ticket 2026-000042 von Petra Weiß (Dispo) zugewiesen", "Priorität:       hoch",
		"Tel. 089 2345-17", "80331 München", "Kundenbetreuer:  Thomas Groß",
		"interne Notiz", "Antwort an den Kunden", "nicht angewendet", "System",
		"drucker.jpg (240 KB), angehängt",
		"scan-fehlerprotokoll.pdf (38,4 MB), zu groß für diese Mail, liegt im Helpdesk",
		"lieferschein.pdf", "#zeit 45m Router getauscht", "#hilfe"}
	for _, h := range d.History {
		wants = append(wants, h.Body)
	}
	for _, want := range wants {
		if !strings.Contains(r.Text, want) {
			t.Errorf("assignment lacks %q:\n%s", want, r.Text)
		}
	}
	if strings.Contains(r.Text, "j.weiss") || strings.Contains(r.Text, "#zuweisen") {
		t.Errorf("assignment lists technicians or the dispatch hint:\n%s", r.Text)
	}
	r = render(t, s, KindAssignment, "de", staffSparse("de", KindAssignment))
	for _, want := range []string{"unbekannter Absender, kein Kunde zugeordnet", "noch keine Einträge", "Priorität:       keine"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("sparse assignment lacks %q:\n%s", want, r.Text)
		}
	}
}

func TestDispatchListsTechnicians(t *testing.T) {
	s := loadSet(t, "")
	tests := []struct{ lang, assign, take string }{
		{"de", "#zuweisen m.keller", "#übernehmen"},
		{"en", "#assign m.keller", "#take"},
	}
	for _, tt := range tests {
		d := staffGolden(tt.lang)
		r := render(t, s, KindDispatch, tt.lang, d)
		for _, part := range []string{r.Text, r.HTML} {
			for _, want := range []string{tt.assign, tt.take, "a.oezdemir", "Ali Özdemir", "Jana Weiß", d.History[0].Body[:10]} {
				if !strings.Contains(part, want) {
					t.Errorf("Render(dispatch, %s) lacks %q:\n%s", tt.lang, want, part)
				}
			}
		}
	}
}

func TestForwardShowsTheComment(t *testing.T) {
	s := loadSet(t, "")
	for _, lang := range Languages {
		d := staffGolden(lang)
		r := render(t, s, KindForward, lang, d)
		for _, want := range []string{"Der Drucker piept außerdem dreimal.", "fehlermeldung.jpg", "video-drucker.mp4", "K-1001", "#"} {
			if !strings.Contains(r.Text, want) {
				t.Errorf("Render(forward, %s) lacks %q:\n%s", lang, want, r.Text)
			}
		}
		if strings.Contains(r.Text, d.History[3].Body) {
			t.Errorf("Render(forward, %s) shows the history, want only the new comment:\n%s", lang, r.Text)
		}
	}
}

func TestCommandResult(t *testing.T) {
	s := loadSet(t, "")
	tests := []struct {
		lang, notApplied, kept string
	}{
		{"de", "NICHT ausgeführt", "als interne Notiz am Ticket gespeichert"},
		{"en", "NOT applied", "kept as an internal note"},
	}
	for _, tt := range tests {
		ok := render(t, s, KindCommandResult, tt.lang, staffGolden(tt.lang))
		bad := render(t, s, KindCommandResult, tt.lang, staffRejected(tt.lang))
		for _, part := range []string{ok.Subject, ok.Text, ok.HTML} {
			if strings.Contains(part, tt.notApplied) || strings.Contains(part, tt.kept) {
				t.Errorf("applied command_result (%s) says it was not applied:\n%s", tt.lang, part)
			}
		}
		for _, part := range []string{bad.Subject, bad.Text, bad.HTML} {
			if !strings.Contains(part, tt.notApplied) {
				t.Errorf("rejected command_result (%s) lacks %q:\n%s", tt.lang, tt.notApplied, part)
			}
		}
		for _, part := range []string{bad.Text, bad.HTML} {
			for _, want := range []string{tt.kept, "2: ", "3: ", "9: "} { // both errors and the warning
				if !strings.Contains(part, want) {
					t.Errorf("rejected command_result (%s) lacks %q:\n%s", tt.lang, want, part)
				}
			}
		}
		if !strings.Contains(ok.Text, "s.schaefer@kunde.example, it@kanzlei-berger.example") || !strings.Contains(ok.Text, "9: ") {
			t.Errorf("applied command_result (%s) lacks the addresses answered or the warning:\n%s", tt.lang, ok.Text)
		}
	}
}

func TestCommandHelpWrapsHelp(t *testing.T) {
	s := loadSet(t, "")
	d := staffGolden("de")
	d.Help = "Befehle per Mail\n\n#hilfe\n  Sie bekommen diese Übersicht." // no final line break
	r := render(t, s, KindCommandHelp, "de", d)
	if !strings.Contains(r.Text, "Sie bekommen diese Übersicht.\n\nViele Grüße") {
		t.Errorf("command_help does not end the help with a blank line:\n%s", r.Text)
	}
	if !strings.Contains(r.HTML, "<pre") || !strings.Contains(r.Text, "Ticket 2026-000042: Drucker im 2. OG druckt nicht") {
		t.Errorf("command_help lacks the ticket header or the preformatted help:\n%s\n%s", r.Text, r.HTML)
	}
}

func TestHostileInputStaffKinds(t *testing.T) {
	s := loadSet(t, "")
	const x = `<script>alert(1)</script>`
	for _, lang := range Languages {
		d := staffRejected(lang)
		d.Subject, d.AssignedBy, d.From, d.Reason, d.Help = x, x, x, x, x
		d.Customer.Name, d.Customer.Address = x, []string{x}
		d.History[0].Body, d.History[0].Author, d.History[0].Attachments[0].Name = x, x, x
		d.Comment.Body, d.Comment.Attachments[1].Name = x, x
		d.Technicians[0].Name = x
		d.Problems[0].Message = x
		d.Changes = []Change{{What: ChangeAnswer}, {What: ChangeTime, Activity: x}}
		d.AnsweredTo = []string{x}
		d.Applied = true
		for _, kind := range StaffKinds {
			r := render(t, s, kind, lang, d)
			if strings.Contains(r.HTML, "<script>") {
				t.Errorf("Render(%s, %s).HTML contains unescaped input:\n%s", kind, lang, r.HTML)
			}
			if !strings.Contains(r.HTML, "&lt;script&gt;") {
				t.Errorf("Render(%s, %s).HTML lacks the escaped input:\n%s", kind, lang, r.HTML)
			}
		}
	}
}

// TestCommandResultWithoutTicket: a technician's mail to the plain support address that failed
// opens no ticket, and the result says so instead of naming an empty ticket or promising a note.
func TestCommandResultWithoutTicket(t *testing.T) {
	s := loadSet(t, "")
	tests := []struct{ lang, none, kept string }{
		{"de", "Es wurde kein Ticket angelegt", "als interne Notiz am Ticket gespeichert"},
		{"en", "No ticket was opened", "kept as an internal note"},
	}
	for _, tt := range tests {
		d := staffRejected(tt.lang)
		d.Ticket = ""
		r := render(t, s, KindCommandResult, tt.lang, d)
		if strings.Contains(r.Subject, "Ticket#") {
			t.Errorf("command_result (%s) without a ticket names one in the subject: %q", tt.lang, r.Subject)
		}
		for _, part := range []string{r.Text, r.HTML} {
			if strings.Contains(part, tt.kept) {
				t.Errorf("command_result (%s) without a ticket promises a note on it:\n%s", tt.lang, part)
			}
			if tt.none != "" && !strings.Contains(part, tt.none) {
				t.Errorf("command_result (%s) without a ticket lacks %q:\n%s", tt.lang, tt.none, part)
			}
		}
	}
}
