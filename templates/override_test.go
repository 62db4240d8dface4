package templates

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestOverrideReplacesOneFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "de/confirmation.txt",
		"Subject: Eingang [Ticket#{{.Ticket}}] {{.Subject}}\n\nEigener Text {{longdate .Received}}.\n")
	s := loadSet(t, dir)
	r, err := s.Render(KindConfirmation, "de", goldenData())
	if err != nil {
		t.Fatal(err)
	}
	if want := "Eingang [Ticket#2026-000042] Drucker im 2. OG druckt nicht"; r.Subject != want {
		t.Errorf("Subject = %q, want %q", r.Subject, want)
	}
	if want := "Eigener Text 28. November 2026.\n"; r.Text != want {
		t.Errorf("Text = %q, want %q", r.Text, want)
	}
	// the HTML of the same kind and the English text stay embedded
	if !strings.Contains(r.HTML, "vielen Dank") {
		t.Errorf("HTML was not the embedded one:\n%s", r.HTML)
	}
	en, err := s.Render(KindConfirmation, "en", goldenData())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(en.Text, "Eigener") {
		t.Errorf("English text overridden by the German file:\n%s", en.Text)
	}
}

func TestOverrideNewKinds(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "de/status_summary.txt",
		"Subject: Status {{.Summary.Customer}}\n\n{{month .Summary.Month}}: {{len .Summary.OpenTickets}} offen\n")
	writeFile(t, dir, "en/new_ticket.html", "<p>{{.RequesterName}} opened {{.Ticket}}</p>")
	s := loadSet(t, dir)
	r, err := s.Render(KindStatusSummary, "de", goldenData())
	if err != nil {
		t.Fatal(err)
	}
	if want := "Status Steuerberatung Berger & Partner"; r.Subject != want {
		t.Errorf("Subject = %q, want %q", r.Subject, want)
	}
	if want := "November 2026: 2 offen\n"; r.Text != want {
		t.Errorf("Text = %q, want %q", r.Text, want)
	}
	en, err := s.Render(KindNewTicket, "en", goldenData())
	if err != nil {
		t.Fatal(err)
	}
	if want := "<p>Sabine Schäfer opened 2026-000042</p>"; en.HTML != want {
		t.Errorf("HTML = %q, want %q", en.HTML, want)
	}
	if !strings.Contains(en.Text, "a new ticket was opened") {
		t.Errorf("text of new_ticket (en) was not the embedded one:\n%s", en.Text)
	}
}

func TestOverrideStaffKinds(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "de/forward.txt",
		"Subject: Kunde schreibt [Ticket#{{.Ticket}}]\n\n{{.Comment.Body}}\n{{range .Comment.Attachments}}{{.Name}} {{size .Size}}\n{{end}}")
	writeFile(t, dir, "en/command_result.html", `<p>{{range .Changes}}{{change . $.AnsweredTo}};{{end}}</p>`)
	s := loadSet(t, dir)
	r := render(t, s, KindForward, "de", staffGolden("de"))
	if want := "Kunde schreibt [Ticket#2026-000042]"; r.Subject != want {
		t.Errorf("Subject = %q, want %q", r.Subject, want)
	}
	if want := "Hier das Foto der Fehlermeldung.\nDer Drucker piept außerdem dreimal.\nfehlermeldung.jpg 1,2 MB\nvideo-drucker.mp4 50,0 MB\n"; r.Text != want {
		t.Errorf("Text = %q, want %q", r.Text, want)
	}
	en := render(t, s, KindCommandResult, "en", staffGolden("en"))
	if want := "<p>Status: In progress → Waiting for customer;"; !strings.HasPrefix(en.HTML, want) {
		t.Errorf("HTML = %q, want prefix %q", en.HTML, want)
	}
	if !strings.Contains(en.Text, "was applied") {
		t.Errorf("text of command_result (en) was not the embedded one:\n%s", en.Text)
	}
}

func TestOverrideErrorsNameTheFile(t *testing.T) {
	tests := []struct {
		name, file, content string
	}{
		{"syntax", "en/refusal.html", "<p>{{if .Reason}</p>"},
		{"no subject line", "de/reopened.txt", "Hallo\n"},
		{"unknown field", "de/status_change.txt", "Subject: x\n\n{{.Tiket}}\n"},
		{"unknown function", "en/comment_added.txt", "Subject: {{shout .Subject}}\n"},
		{"unknown kind", "de/confirmaton.txt", "Subject: x\n"},
		{"unknown requester field", "de/new_ticket.txt", "Subject: x\n\n{{.RequesterNam}}\n"},
		{"unknown summary field", "en/status_summary.html", "<p>{{.Summary.Custmer}}</p>"},
		// only reached when there is no open ticket: the sparse trial render finds it
		{"typo in empty branch", "de/status_summary.txt",
			"Subject: x\n\n{{range .Summary.OpenTickets}}{{.Number}}{{else}}{{.Summary.Nothing}}{{end}}\n"},
		{"unknown history field", "de/assignment.txt", "Subject: x\n\n{{range .History}}{{.Autor}}{{end}}\n"},
		{"unknown attachment field", "en/forward.html", "{{range .Comment.Attachments}}{{.Bytes}}{{end}}"},
		{"unknown change function", "de/command_result.txt", "Subject: x\n\n{{range .Changes}}{{describe .}}{{end}}\n"},
		// only reached without a customer or without a ticket: the sparse trial render finds them
		{"typo without customer", "en/dispatch.txt",
			"Subject: x\n\n{{with .Customer}}{{.Name}}{{else}}{{.Custommer}}{{end}}\n"},
		{"typo without ticket", "de/unproven_command.txt",
			"Subject: x\n\n{{if .Ticket}}{{.Ticket}}{{else}}{{.SetAside}}{{end}}\n"},
		{"unknown language", "fr/confirmation.txt", "Subject: x\n"},
		{"stray file", "README", "notes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, tt.file, tt.content)
			_, err := Load(dir)
			if err == nil {
				t.Fatalf("Load with %s = nil error, want error", tt.file)
			}
			want := filepath.Base(tt.file)
			if strings.HasPrefix(tt.file, "fr/") {
				want = "fr"
			}
			if !strings.Contains(err.Error(), want) {
				t.Errorf("Load error %q does not name %q", err, want)
			}
		})
	}
}

func TestLoadMissingDir(t *testing.T) {
	if _, err := Load(filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Error("Load(missing dir) = nil error, want error")
	}
}
