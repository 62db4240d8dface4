package templates

import (
	"embed"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	texttemplate "text/template"
	"time"
)

//go:embed mail
var embedded embed.FS

// Mail kinds.
const (
	KindConfirmation  = "confirmation"   // new ticket created from the customer's mail
	KindStatusChange  = "status_change"  // a technician changed the status
	KindCommentAdded  = "comment_added"  // a technician's public answer to the customer
	KindReopened      = "reopened"       // the customer's reply reopened a closed ticket
	KindRefusal       = "refusal"        // a polite refusal with a reason (Data.Reason)
	KindNewTicket     = "new_ticket"     // a new ticket, to addresses the customer chose; not the requester
	KindStatusSummary = "status_summary" // contract status for a contact who asked by mail (Data.Summary)
)

// DefaultLanguage is used for an empty or unknown language.
const DefaultLanguage = "de"

// Kinds lists every mail kind; every kind exists in every language.
var Kinds = []string{KindConfirmation, KindStatusChange, KindCommentAdded, KindReopened, KindRefusal,
	KindNewTicket, KindStatusSummary}

// Languages lists the languages with a full set of texts, the default first.
var Languages = []string{"de", "en"}

// Data is what a template sees.
type Data struct {
	Lang           string         // set by Render to the language actually used
	Ticket         string         // ticket number, e.g. "2026-000042"
	Subject        string         // the ticket's subject
	RecipientName  string         // for the greeting; may be empty (new_ticket: the notified, not the requester)
	Received       time.Time      // when the customer's mail was received
	Location       *time.Location // time zone for all times shown; nil keeps Received's own zone
	OldStatus      string         // status codes (see StatusLabel)
	NewStatus      string
	Note           string // optional note of the technician (status_change)
	Body           string // the technician's answer (comment_added)
	SupportName    string // signature
	SupportAddress string
	Reason         string   // refusal reason
	Requester      string   // address of whoever opened the ticket (new_ticket; required there)
	RequesterName  string   // their display name; may be empty (new_ticket)
	Summary        *Summary // contract status (status_summary; required there)
}

// Summary is what a contact with permission "extended" may see of their own customer: the
// content of a status_summary mail. Render shows its times in Data.Location.
type Summary struct {
	Customer    string          // customer name
	Month       time.Time       // any time in the month the figures cover
	Opened      int             // tickets opened this month
	Resolved    int             // tickets resolved or closed this month
	OpenTickets []SummaryTicket // tickets not resolved or closed, oldest first
	Prepaid     []PrepaidStatus // one per active prepaid-hours contract
}

// SummaryTicket is one open ticket in a Summary. Status is a status code; the mail shows its
// label in the mail's language.
type SummaryTicket struct {
	Number, Subject, Status string
	Created                 time.Time
}

// PrepaidStatus is one prepaid-hours contract in a Summary. Hours are decimal numbers as
// strings ("2.5"); German mails write them with a decimal comma. Balance "" means not yet
// available (the billing is not recorded yet), and the mail says so.
type PrepaidStatus struct {
	Contract      string // contract ID
	HoursPerMonth string
	Balance       string
}

// in returns a copy of s with its times in loc. The caller's Summary and its slices are left
// alone, so one Summary may be rendered concurrently.
func (s *Summary) in(loc *time.Location) *Summary {
	if s == nil || loc == nil {
		return s
	}
	c := *s
	if !c.Month.IsZero() {
		c.Month = c.Month.In(loc)
	}
	c.OpenTickets = slices.Clone(s.OpenTickets)
	for i := range c.OpenTickets {
		if t := &c.OpenTickets[i]; !t.Created.IsZero() {
			t.Created = t.Created.In(loc)
		}
	}
	return &c
}

// Rendered is one rendered mail.
type Rendered struct {
	Subject, Text, HTML string
}

// Set is the parsed templates of every kind and language. It is immutable after Load and safe
// for concurrent use.
type Set struct {
	m map[string]*entry // key: lang + "/" + kind
}

type entry struct {
	subject *texttemplate.Template
	text    *texttemplate.Template
	html    *htmltemplate.Template
}

// Load parses the embedded templates, each replaced by the file of the same language and kind
// in overrideDir when there is one ("" = embedded only). A file in overrideDir that is not a
// known <lang>/<kind>.txt|.html is an error (probably a typo that would silently do nothing).
func Load(overrideDir string) (*Set, error) {
	var override fs.FS
	if overrideDir != "" {
		if err := checkOverrideDir(overrideDir); err != nil {
			return nil, err
		}
		override = os.DirFS(overrideDir)
	}
	s := &Set{m: make(map[string]*entry)}
	for _, lang := range Languages {
		for _, kind := range Kinds {
			e, err := loadEntry(override, overrideDir, lang, kind)
			if err != nil {
				return nil, err
			}
			s.m[lang+"/"+kind] = e
		}
	}
	return s, nil
}

// Render renders the mail kind in lang ("de" when lang is unknown). Every kind but refusal and
// status_summary needs d.Ticket; new_ticket needs d.Requester, status_summary d.Summary.
func (s *Set) Render(kind, lang string, d Data) (Rendered, error) {
	if !slices.Contains(Languages, lang) {
		lang = DefaultLanguage
	}
	e, ok := s.m[lang+"/"+kind]
	if !ok {
		return Rendered{}, fmt.Errorf("render %s: unknown mail kind", kind)
	}
	if err := checkData(kind, d); err != nil {
		return Rendered{}, fmt.Errorf("render %s: %w", kind, err)
	}
	d.Lang = lang
	if d.Location != nil && !d.Received.IsZero() {
		d.Received = d.Received.In(d.Location)
	}
	d.Summary = d.Summary.in(d.Location)
	return e.render(d)
}

// checkData reports a field that kind cannot do without.
func checkData(kind string, d Data) error {
	switch {
	case d.Ticket == "" && kind != KindRefusal && kind != KindStatusSummary:
		return errors.New("ticket number missing")
	case d.Requester == "" && kind == KindNewTicket:
		return errors.New("requester missing")
	case d.Summary == nil && kind == KindStatusSummary:
		return errors.New("summary missing")
	}
	return nil
}

func (e *entry) render(d Data) (Rendered, error) {
	var subj, text, html strings.Builder
	if err := e.subject.Execute(&subj, d); err != nil {
		return Rendered{}, fmt.Errorf("render %s: %w", e.subject.Name(), err)
	}
	if err := e.text.Execute(&text, d); err != nil {
		return Rendered{}, fmt.Errorf("render %s: %w", e.text.Name(), err)
	}
	if err := e.html.Execute(&html, d); err != nil {
		return Rendered{}, fmt.Errorf("render %s: %w", e.html.Name(), err)
	}
	return Rendered{Subject: oneLine(subj.String()), Text: text.String(), HTML: html.String()}, nil
}

// oneLine makes a rendered subject a single header-safe line: control characters (a ticket
// subject may carry a tab or stray line break) become spaces, runs of spaces collapse.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// loadEntry parses the three templates of one lang/kind and trial-renders them with sample
// data, so that a field name typo in an override fails here.
func loadEntry(override fs.FS, overrideDir, lang, kind string) (*entry, error) {
	txtName, htmlName := lang+"/"+kind+".txt", lang+"/"+kind+".html"
	txtSrc, txtFile, err := readTemplate(override, overrideDir, txtName)
	if err != nil {
		return nil, err
	}
	htmlSrc, htmlFile, err := readTemplate(override, overrideDir, htmlName)
	if err != nil {
		return nil, err
	}
	subjLine, body, err := splitSubject(txtSrc)
	if err != nil {
		return nil, fmt.Errorf("template %s: %w", txtFile, err)
	}
	e := &entry{}
	if e.subject, err = texttemplate.New(txtFile + " (subject)").Option("missingkey=error").
		Funcs(funcMap(lang)).Parse(subjLine); err != nil {
		return nil, fmt.Errorf("template %s: subject: %w", txtFile, err)
	}
	if e.text, err = texttemplate.New(txtFile).Option("missingkey=error").
		Funcs(funcMap(lang)).Parse(body); err != nil {
		return nil, fmt.Errorf("template %s: %w", txtFile, err)
	}
	if e.html, err = htmltemplate.New(htmlFile).Option("missingkey=error").
		Funcs(htmlFuncMap(lang)).Parse(htmlSrc); err != nil {
		return nil, fmt.Errorf("template %s: %w", htmlFile, err)
	}
	for _, d := range []Data{sampleData(lang), sparseData(lang)} {
		if _, err := e.render(d); err != nil {
			return nil, fmt.Errorf("template %s/%s: trial render: %w", lang, kind, err)
		}
	}
	return e, nil
}

// readTemplate returns the override file when present, else the embedded one, and the name to
// use in errors (the override's path on disk, or the embedded path).
func readTemplate(override fs.FS, overrideDir, name string) (src, file string, err error) {
	if override != nil {
		b, err := fs.ReadFile(override, name)
		if err == nil {
			return string(b), filepath.Join(overrideDir, filepath.FromSlash(name)), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", "", fmt.Errorf("read template %s: %w", filepath.Join(overrideDir, name), err)
		}
	}
	file = path.Join("mail", name)
	b, err := embedded.ReadFile(file)
	if err != nil {
		return "", "", fmt.Errorf("read embedded template %s: %w", file, err)
	}
	return string(b), file, nil
}

// splitSubject splits "Subject: ...\n[\n]body" into the subject template and the body.
func splitSubject(src string) (subject, body string, err error) {
	src = strings.TrimPrefix(src, "\ufeff")
	first, rest, _ := strings.Cut(src, "\n")
	first = strings.TrimSuffix(first, "\r")
	v, ok := strings.CutPrefix(first, "Subject:")
	if !ok {
		return "", "", errors.New(`first line must be "Subject: ..."`)
	}
	rest = strings.TrimPrefix(rest, "\r\n")
	rest = strings.TrimPrefix(rest, "\n")
	return strings.TrimSpace(v), rest, nil
}

// checkOverrideDir reports files in dir that would override nothing.
func checkOverrideDir(dir string) error {
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("template override dir: %w", err)
	}
	if !info.IsDir() {
		return fmt.Errorf("template override dir %s: not a directory", dir)
	}
	return filepath.WalkDir(dir, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("template override dir: %w", err)
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if de.IsDir() {
			if rel == "." || slices.Contains(Languages, rel) {
				return nil
			}
			return fmt.Errorf("template override %s: unknown language directory (want one of %s)",
				p, strings.Join(Languages, ", "))
		}
		lang, file, _ := strings.Cut(rel, "/")
		kind := strings.TrimSuffix(strings.TrimSuffix(file, ".txt"), ".html")
		if !slices.Contains(Languages, lang) || kind == file || !slices.Contains(Kinds, kind) {
			return fmt.Errorf("template override %s: not a known <lang>/<kind>.txt or .html (kinds: %s)",
				p, strings.Join(Kinds, ", "))
		}
		return nil
	})
}

// sampleData fills every field, so trial rendering reaches every branch that depends on a
// field being set.
func sampleData(lang string) Data {
	received := time.Date(2026, 11, 28, 13, 3, 0, 0, time.UTC)
	return Data{
		Lang: lang, Ticket: "2026-000001", Subject: "Beispiel", RecipientName: "Erika Muster",
		Requester: "max@example.com", RequesterName: "Max Muster",
		Received: received, Location: time.UTC,
		OldStatus: StatusNew, NewStatus: StatusInProgress, Note: "Notiz", Body: "Antwort",
		SupportName: "Support", SupportAddress: "support@example.com", Reason: "Grund",
		Summary: &Summary{
			Customer: "Beispiel GmbH", Month: received, Opened: 2, Resolved: 1,
			OpenTickets: []SummaryTicket{
				{Number: "2026-000001", Subject: "Beispiel", Status: StatusInProgress, Created: received},
			},
			Prepaid: []PrepaidStatus{
				{Contract: "V-1", HoursPerMonth: "10", Balance: "2.5"},
				{Contract: "V-2", HoursPerMonth: "5"},
			},
		},
	}
}

// sparseData leaves empty what may be empty when Render is called, so trial rendering also
// reaches the other side of those branches (no greeting name, no open tickets, ...). Fields
// Render insists on (Ticket, Requester, Summary) stay set.
func sparseData(lang string) Data {
	d := sampleData(lang)
	d.RecipientName, d.RequesterName, d.Note, d.SupportAddress = "", "", "", ""
	d.Received = time.Time{}
	d.Summary = &Summary{Customer: d.Summary.Customer, Month: d.Summary.Month}
	return d
}
