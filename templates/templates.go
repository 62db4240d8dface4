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

	// To the desk's own technicians and dispatchers.
	KindAssignment      = "assignment"       // the ticket, whole, to the technician it was assigned to
	KindDispatch        = "dispatch"         // a new or unassigned ticket, whole, to the dispatch address
	KindForward         = "forward"          // a new comment of the customer (Data.Comment) to the assignee or dispatch
	KindCommandResult   = "command_result"   // what a command mail changed, or why nothing was applied
	KindCommandHelp     = "command_help"     // the answer to #hilfe / #help (Data.Help)
	KindUnprovenCommand = "unproven_command" // a mail in a technician's name was not applied (Data.Reason)
)

// DefaultLanguage is used for an empty or unknown language.
const DefaultLanguage = "de"

// Kinds lists every mail kind; every kind exists in every language.
var Kinds = []string{KindConfirmation, KindStatusChange, KindCommentAdded, KindReopened, KindRefusal,
	KindNewTicket, KindStatusSummary, KindServiceReport,
	KindAssignment, KindDispatch, KindForward, KindCommandResult, KindCommandHelp, KindUnprovenCommand, KindTimeRejected}

// StaffKinds lists the kinds that go to the desk's own people, not to customers.
var StaffKinds = []string{KindAssignment, KindDispatch, KindForward, KindCommandResult, KindCommandHelp,
	KindUnprovenCommand, KindTimeRejected}

// Languages lists the languages with a full set of texts, the default first.
var Languages = []string{"de", "en"}

// Data is what a template sees.
type Data struct {
	Lang           string         // set by Render to the language actually used
	Ticket         string         // ticket number, e.g. "2026-000042"
	Subject        string         // the ticket's subject (unproven_command: the subject of the mail not applied)
	RecipientName  string         // for the greeting; may be empty (new_ticket: the notified, not the requester)
	Received       time.Time      // when the customer's mail was received (unproven_command: the mail not applied)
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

	// Staff mails (assignment, dispatch, forward, command_result, command_help, unproven_command).
	AssignedBy     string           // assignment: who assigned it; "" when the desk did (or nobody is named)
	Status         string           // the ticket's current status code
	Priority       string           // low, normal, high, urgent; "" for none
	RequesterPhone string           // the requester's phone, when known
	Customer       *CustomerInfo    // nil: no customer known (unknown sender)
	History        []HistoryEntry   // the ticket's comments, oldest first
	Comment        *HistoryEntry    // forward: the new comment (required there)
	Attachments    []AttachmentInfo // attachments of the ticket that belong to no entry of History/Comment
	Technicians    []TechnicianInfo // dispatch: who can be assigned
	Changes        []Change         // command_result: what the mail changed
	Problems       []Issue          // command_result: the mail's errors (then nothing was applied)
	Warnings       []Issue          // command_result: warnings, applied or not
	Help           string           // command_help: the syntax reference (required there)
	From           string           // unproven_command: the From of the mail not applied
	SetAsideID     uint64           // unproven_command: the set-aside record; 0 when none
	Applied        bool             // command_result: true when the commands took effect
	AnsweredTo     []string         // command_result: the addresses the answer to the customer went to

	Report   *ReportInfo   // service_report (required there)
	Rejected *RejectedTime // time_rejected: the entry (required there, with Reason)
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
	// The month's recorded time (decimal hours as strings, "" when none was recorded) and the
	// median first-response time in minutes of the month's tickets (0: no answer yet).
	BillableHours, NonBillableHours string
	FirstResponseMinutes            int64
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
	Last          []PrepaidMovement // the latest movements, oldest first
}

// PrepaidMovement is one movement of a Kontingent in a Summary: Kind is credit, deduction,
// adjustment or correction; Hours is signed decimal hours ("-1.5").
type PrepaidMovement struct {
	Date                 time.Time // a calendar day, shown as it is
	Kind, Hours          string
	Report, Ticket, Note string
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

// Render renders the mail kind in lang ("de" when lang is unknown). Every kind but refusal,
// status_summary and unproven_command needs d.Ticket; new_ticket needs d.Requester,
// status_summary d.Summary, forward d.Comment, command_help d.Help, unproven_command d.Reason.
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
	d.History = historyIn(d.History, d.Location)
	d.Comment = d.Comment.in(d.Location)
	d.Help = strings.TrimRight(d.Help, "\r\n") // the templates put the blank line after it
	return e.render(d)
}

// withoutTicket are the kinds that may concern no ticket: a refusal of a mail that opened
// none, a contract status, a mail in a technician's name to the plain support address, the
// result of a technician's mail that failed to open a ticket.
var withoutTicket = []string{KindRefusal, KindStatusSummary, KindUnprovenCommand, KindCommandResult, KindServiceReport}

// checkData reports a field that kind cannot do without.
func checkData(kind string, d Data) error {
	switch {
	case d.Ticket == "" && !slices.Contains(withoutTicket, kind):
		return errors.New("ticket number missing")
	case d.Requester == "" && kind == KindNewTicket:
		return errors.New("requester missing")
	case d.Summary == nil && kind == KindStatusSummary:
		return errors.New("summary missing")
	case d.Comment == nil && kind == KindForward:
		return errors.New("comment missing")
	case d.Help == "" && kind == KindCommandHelp:
		return errors.New("help text missing")
	case d.Reason == "" && kind == KindUnprovenCommand:
		return errors.New("reason missing")
	case d.Report == nil && kind == KindServiceReport:
		return errors.New("report missing")
	case (d.Rejected == nil || d.Reason == "") && kind == KindTimeRejected:
		return errors.New("rejected entry or reason missing")
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
	for _, d := range []Data{sampleData(lang), sparseData(lang, kind)} {
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
