package command

import (
	"fmt"
	"net/mail"
	"strings"

	"helpdesk/ticketstore"
)

// choice is one accepted spelling of an enumerated value.
type choice[T comparable] struct {
	word string // as shown in help and suggestions
	val  T
}

// statusChoices are the values of #status. "pending" and "on hold" are Zendesk's words for
// waiting, which technicians coming from Zendesk type by habit. "open" and "offen" are left
// out on purpose: Zendesk's "open" means in progress, the German "offen" usually new.
var statusChoices = []choice[ticketstore.Status]{
	{"neu", ticketstore.StatusNew},
	{"new", ticketstore.StatusNew},
	{"in Arbeit", ticketstore.StatusInProgress},
	{"in Bearbeitung", ticketstore.StatusInProgress},
	{"in progress", ticketstore.StatusInProgress},
	{"in_progress", ticketstore.StatusInProgress},
	{"wartet", ticketstore.StatusWaiting},
	{"waiting", ticketstore.StatusWaiting},
	{"pending", ticketstore.StatusWaiting},
	{"on hold", ticketstore.StatusWaiting},
	{"gelöst", ticketstore.StatusResolved},
	{"erledigt", ticketstore.StatusResolved},
	{"resolved", ticketstore.StatusResolved},
	{"solved", ticketstore.StatusResolved},
	{"geschlossen", ticketstore.StatusClosed},
	{"closed", ticketstore.StatusClosed},
}

// priorityChoices are the values of #priorität. "mittel"/"medium" are what most ticket
// systems call normal.
var priorityChoices = []choice[Priority]{
	{"niedrig", PriorityLow},
	{"low", PriorityLow},
	{"normal", PriorityNormal},
	{"mittel", PriorityNormal},
	{"medium", PriorityNormal},
	{"hoch", PriorityHigh},
	{"high", PriorityHigh},
	{"dringend", PriorityUrgent},
	{"urgent", PriorityUrgent},
}

// index maps every folded spelling of choices to its value.
func index[T comparable](choices []choice[T]) map[string]T {
	m := map[string]T{}
	for _, c := range choices {
		for _, k := range keys(c.word) {
			m[foldValue(k)] = c.val
		}
	}
	return m
}

var (
	statusIndex   = index(statusChoices)
	priorityIndex = index(priorityChoices)
)

// words returns the display words of choices, in order.
func words[T comparable](choices []choice[T]) []string {
	ws := make([]string, len(choices))
	for i, c := range choices {
		ws[i] = c.word
	}
	return ws
}

// badChoice reports a value that is not one of choices, suggesting the closest one.
func badChoice[T comparable](l *line, choices []choice[T], label text, de, en []string) {
	what := text{fmt.Sprintf("unbekannter Wert „%s“ für %s", value(l.args), label.de),
		fmt.Sprintf("unknown value %q for %s", value(l.args), label.en)}
	if c := closest(foldValue(l.args), words(choices)); c != "" {
		l.err(CodeBadValue, what, rightIs(l.example(c)))
		return
	}
	l.err(CodeBadValue, what, text{"möglich sind: " + strings.Join(de, ", "), "use one of: " + strings.Join(en, ", ")})
}

func parseStatus(l *line) Command {
	if l.args == "" {
		l.err(CodeMissingValue, tf("#%s braucht einen Wert", "#%s needs a value", l.word),
			rightEg(l.example("in Arbeit"), l.example("gelöst")))
		return nil
	}
	st, ok := statusIndex[foldValue(l.args)]
	if !ok {
		badChoice(l, statusChoices, text{"#status", "#status"},
			[]string{"neu", "in Arbeit", "wartet", "gelöst", "geschlossen"},
			[]string{"new", "in progress", "waiting", "resolved", "closed"})
		return nil
	}
	return SetStatus{l.pos, st}
}

// shortStatus makes the parser of a short form such as #gelöst.
func shortStatus(st ticketstore.Status) func(*line) Command {
	return noValue(func(p Pos) Command { return SetStatus{p, st} })
}

func parsePriority(l *line) Command {
	if l.args == "" {
		l.err(CodeMissingValue, tf("#%s braucht einen Wert", "#%s needs a value", l.word), rightEg(l.example("hoch")))
		return nil
	}
	p, ok := priorityIndex[foldValue(l.args)]
	if !ok {
		badChoice(l, priorityChoices, text{"die Priorität", "the priority"},
			[]string{"niedrig", "normal", "hoch", "dringend"}, []string{"low", "normal", "high", "urgent"})
		return nil
	}
	return SetPriority{l.pos, p}
}

func parseAssign(l *line) Command {
	id := oneValue(l, "m.keller")
	if id == "" {
		return nil
	}
	if !validID(id) {
		l.err(CodeBadValue, tf("„%s“ ist keine Techniker-Kennung", "%q is not a technician ID", value(id)), rightEg(l.example("m.keller")))
		return nil
	}
	return Assign{l.pos, id}
}

func parseCustomer(l *line) Command {
	n := oneValue(l, "K-1001")
	if n == "" {
		return nil
	}
	if !validID(n) {
		l.err(CodeBadValue, tf("„%s“ ist keine Kundennummer", "%q is not a customer number", value(n)), rightEg(l.example("K-1001")))
		return nil
	}
	return SetCustomer{l.pos, n}
}

// validID reports whether s has the form of a directory identifier (see package directory):
// letters, digits, '-', '_' and '.', starting with a letter or digit, at most 64 bytes.
func validID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			i > 0 && (c == '-' || c == '_' || c == '.')
		if !ok {
			return false
		}
	}
	return true
}

func parseRequester(l *line) Command {
	const example = "eva.roth@kunde.example"
	if l.args == "" {
		l.err(CodeMissingValue, tf("#%s braucht eine Mail-Adresse", "#%s needs a mail address", l.word), rightEg(l.example(example)))
		return nil
	}
	name, addr, ok := parseAddress(l.args)
	if !ok {
		l.err(CodeBadValue, tf("„%s“ ist keine gültige Mail-Adresse", "%q is not a valid mail address", value(l.args)),
			rightEg(l.example(example), l.example("Eva Roth <"+example+">")))
		return nil
	}
	return SetRequester{l.pos, name, addr}
}

// parseAddress reads "a@b.example", "<a@b.example>" or "Name <a@b.example>". Outlook's
// plain-text part writes a linked address as "a@b.example<mailto:a@b.example>"; the link is
// dropped. The domain must be a DNS name with a dot (a local "root@server" is no customer).
func parseAddress(s string) (name, addr string, ok bool) {
	s = plainQuotes.Replace(s)
	if i := strings.Index(strings.ToLower(s), "<mailto:"); i > 0 && strings.HasSuffix(s, ">") {
		if strings.EqualFold(strings.TrimSpace(s[:i]), s[i+len("<mailto:"):len(s)-1]) {
			s = strings.TrimSpace(s[:i])
		}
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return "", "", false
	}
	at := strings.LastIndexByte(a.Address, '@')
	if at <= 0 || strings.ContainsAny(a.Address, " \t\"") || !validDomain(a.Address[at+1:]) {
		return "", "", false
	}
	return a.Name, strings.ToLower(a.Address), true
}

// validDomain reports whether s is an ASCII DNS name with at least two labels.
func validDomain(s string) bool {
	labels := strings.Split(s, ".")
	if len(s) > 253 || len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}
