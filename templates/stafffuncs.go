package templates

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The words of the staff mails that depend on data: comment kinds, priorities, sizes and the
// changes of a command mail. They are functions rather than template text so that the text
// and HTML part of a mail, and every kind, say the same thing.

var commentKindLabels = map[string]map[string]string{
	"de": {
		CommentCustomer:  "Kunde",
		CommentPublic:    "Antwort an den Kunden",
		"technician":     "Antwort an den Kunden", // the store's code for a public answer
		CommentInternal:  "interne Notiz",
		CommentSystem:    "System",
		CommentUnapplied: "nicht angewendet",
	},
	"en": {
		CommentCustomer:  "customer",
		CommentPublic:    "answer to the customer",
		"technician":     "answer to the customer",
		CommentInternal:  "internal note",
		CommentSystem:    "system",
		CommentUnapplied: "not applied",
	},
}

var priorityLabels = map[string]map[string]string{
	"de": {"": "keine", PriorityLow: "niedrig", PriorityNormal: "normal", PriorityHigh: "hoch", PriorityUrgent: "dringend"},
	"en": {"": "none", PriorityLow: "low", PriorityNormal: "normal", PriorityHigh: "high", PriorityUrgent: "urgent"},
}

// label looks code up in the labels of lang (German for an unknown language); an unknown code
// is returned unchanged, so a mail never loses the information.
func label(labels map[string]map[string]string, lang, code string) string {
	m, ok := labels[lang]
	if !ok {
		m = labels[DefaultLanguage]
	}
	if l, ok := m[code]; ok {
		return l
	}
	return code
}

// phrases are the language's words for changes, sizes and contacts.
type phrases struct {
	status, priority, assigned, took, was, timeEntry, on, billable, notBillable string
	travel, trip, trips, internal, answer, answerNoTo, opened, customer         string
	requester, minute, minutes, bytes, phone, line                              string
	decimal                                                                     func(string) string
}

var staffPhrases = map[string]phrases{
	"de": {
		status: "Status", priority: "Priorität", assigned: "Zugewiesen an %s",
		took: "Sie haben das Ticket übernommen", was: " (bisher %s)",
		timeEntry: "Zeit: %s", on: " am %s", billable: ", berechnet", notBillable: ", nicht berechnet: %s",
		travel: "Anfahrt: %s", trip: "%d Fahrt", trips: "%d Fahrten", internal: "Interne Notiz hinzugefügt",
		answer: "Ihre Antwort an den Kunden geht an %s", answerNoTo: "Ihre Antwort an den Kunden wird verschickt",
		opened: "Ticket eröffnet für den Kunden %s", customer: "Kunde", requester: "Melder",
		minute: "%d Minute", minutes: "%d Minuten", bytes: "%d Byte", phone: "Tel. %s", line: "Zeile %d: %s",
		decimal: decimalComma,
	},
	"en": {
		status: "Status", priority: "Priority", assigned: "Assigned to %s",
		took: "You took the ticket", was: " (was %s)",
		timeEntry: "Time: %s", on: " on %s", billable: ", billable", notBillable: ", not billable: %s",
		travel: "Travel: %s", trip: "%d trip", trips: "%d trips", internal: "Internal note added",
		answer: "Your answer to the customer goes to %s", answerNoTo: "Your answer to the customer is being sent",
		opened: "Ticket opened for customer %s", customer: "Customer", requester: "Requester",
		minute: "%d minute", minutes: "%d minutes", bytes: "%d bytes", phone: "phone %s", line: "Line %d: %s",
		decimal: func(s string) string { return s },
	},
}

func phrasesOf(lang string) phrases {
	if p, ok := staffPhrases[lang]; ok {
		return p
	}
	return staffPhrases[DefaultLanguage]
}

// staffFuncs returns the template functions of the staff mails bound to lang.
func staffFuncs(lang string) map[string]any {
	p := phrasesOf(lang)
	date := formats[DefaultLanguage].date
	if f, ok := formats[lang]; ok {
		date = f.date
	}
	return map[string]any{
		"commentkind": func(code string) string { return label(commentKindLabels, lang, code) },
		"priority":    func(code string) string { return label(priorityLabels, lang, code) },
		"size":        p.size,
		"contact":     p.contact,
		"issue":       p.issue,
		"change": func(c Change, answeredTo []string) string {
			return p.change(c, answeredTo, lang, date)
		},
		"join": strings.Join,
	}
}

// size writes a byte count readably: "512 Byte", "245 KB", "1,2 MB" ("1.2 MB" in English).
// Units are binary (1 KB = 1024 bytes), as mail clients and Windows count them.
func (p phrases) size(n int64) string {
	const k = 1024
	switch {
	case n < k:
		return fmt.Sprintf(p.bytes, n)
	case n < k*k:
		return strconv.FormatInt((n+k/2)/k, 10) + " KB"
	case n < k*k*k:
		return p.decimal(strconv.FormatFloat(float64(n)/(k*k), 'f', 1, 64)) + " MB"
	}
	return p.decimal(strconv.FormatFloat(float64(n)/(k*k*k), 'f', 1, 64)) + " GB"
}

// contact joins the known parts of a person: "Sabine Schäfer, Tel. 089 123, s@example.com".
func (p phrases) contact(name, phone, email string) string {
	var parts []string
	if name != "" {
		parts = append(parts, name)
	}
	if phone != "" {
		parts = append(parts, fmt.Sprintf(p.phone, phone))
	}
	if email != "" {
		parts = append(parts, email)
	}
	return strings.Join(parts, ", ")
}

// issue returns the message of an error or warning, or its line when there is no message.
func (p phrases) issue(i Issue) string {
	if i.Message != "" {
		return i.Message
	}
	return fmt.Sprintf(p.line, i.Line, i.Source)
}

// duration writes minutes as "45 Minuten" or "90 Minuten (1h30)", the second in the notation
// the #zeit command takes.
func (p phrases) duration(m int) string {
	s := fmt.Sprintf(p.minutes, m)
	if m == 1 {
		s = fmt.Sprintf(p.minute, m)
	}
	if m < 60 {
		return s
	}
	h := strconv.Itoa(m/60) + "h"
	if m%60 != 0 {
		h += fmt.Sprintf("%02d", m%60)
	}
	return s + " (" + h + ")"
}

// change describes one change of a command mail in one line. An unknown What is shown with its
// values, so a mail never hides what happened.
func (p phrases) change(c Change, answeredTo []string, lang string, date func(time.Time) string) string {
	was := func(old string) string {
		if old == "" {
			return ""
		}
		return fmt.Sprintf(p.was, old)
	}
	on := func() string {
		if c.Date.IsZero() {
			return ""
		}
		return fmt.Sprintf(p.on, date(c.Date))
	}
	switch c.What {
	case ChangeStatus:
		if c.Old == "" {
			return p.status + ": " + StatusLabel(c.New, lang)
		}
		return p.status + ": " + StatusLabel(c.Old, lang) + " → " + StatusLabel(c.New, lang)
	case ChangePriority:
		return p.priority + ": " + label(priorityLabels, lang, c.Old) + " → " + label(priorityLabels, lang, c.New)
	case ChangeAssign:
		return fmt.Sprintf(p.assigned, c.New) + was(c.Old)
	case ChangeTake:
		return p.took + was(c.Old)
	case ChangeTime:
		s := fmt.Sprintf(p.timeEntry, p.duration(c.Minutes)) + on()
		if c.Billable {
			s += p.billable
		} else {
			s += fmt.Sprintf(p.notBillable, c.Reason)
		}
		if c.Activity != "" {
			s += " – " + c.Activity
		}
		return s
	case ChangeTravel:
		var parts []string
		if c.Trips != 0 || c.Km == 0 {
			f := p.trips
			if c.Trips == 1 {
				f = p.trip
			}
			parts = append(parts, fmt.Sprintf(f, c.Trips))
		}
		if c.Km != 0 {
			parts = append(parts, strconv.Itoa(c.Km)+" km")
		}
		return fmt.Sprintf(p.travel, strings.Join(parts, ", ")) + on()
	case ChangeInternal:
		return p.internal
	case ChangeAnswer:
		if len(answeredTo) == 0 {
			return p.answerNoTo
		}
		return fmt.Sprintf(p.answer, strings.Join(answeredTo, ", "))
	case ChangeCustomer:
		if c.Old == "" {
			return fmt.Sprintf(p.opened, c.New)
		}
		return p.customer + ": " + c.Old + " → " + c.New
	case ChangeRequester:
		return p.requester + ": " + c.New + was(c.Old)
	}
	if c.Old != "" {
		return c.What + ": " + c.Old + " → " + c.New
	}
	return strings.TrimSuffix(c.What+": "+c.New, ": ")
}
