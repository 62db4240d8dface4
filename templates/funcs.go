package templates

import (
	htmltemplate "html/template"
	"strings"
	"time"
)

var germanMonths = [...]string{
	"Januar", "Februar", "März", "April", "Mai", "Juni",
	"Juli", "August", "September", "Oktober", "November", "Dezember",
}

// dateFormats formats times for one language. The time passed in is already in the configured
// zone (Render converts Data.Received and the times of Data.Summary before executing).
type dateFormats struct {
	datetime, date, longdate, month func(time.Time) string
}

// decimalFormats writes a decimal number given as a string ("2.5") in a language's notation.
var decimalFormats = map[string]func(string) string{
	"de": decimalComma,
	"en": func(s string) string { return s },
}

var formats = map[string]dateFormats{
	"de": {
		datetime: func(t time.Time) string { return t.Format("02.01.2006 um 15:04 Uhr") },
		date:     func(t time.Time) string { return t.Format("02.01.2006") },
		longdate: func(t time.Time) string {
			return t.Format("2.") + " " + germanMonths[t.Month()-1] + " " + t.Format("2006")
		},
		month: func(t time.Time) string { return germanMonths[t.Month()-1] + " " + t.Format("2006") },
	},
	"en": {
		datetime: func(t time.Time) string { return t.Format("2 Jan 2006 at 15:04") },
		date:     func(t time.Time) string { return t.Format("2 Jan 2006") },
		longdate: func(t time.Time) string { return t.Format("2 January 2006") },
		month:    func(t time.Time) string { return t.Format("January 2006") },
	},
}

// funcMap returns the template functions bound to lang, those of the staff mails (stafffuncs.go)
// included. The HTML-only multiline function is added by htmlFuncMap.
func funcMap(lang string) map[string]any {
	f, ok := formats[lang]
	if !ok {
		f = formats[DefaultLanguage]
	}
	decimal, ok := decimalFormats[lang]
	if !ok {
		decimal = decimalFormats[DefaultLanguage]
	}
	m := map[string]any{
		"datetime": f.datetime,
		"date":     f.date,
		"longdate": f.longdate,
		"month":    f.month,
		"clock":    func(t time.Time) string { return t.Format("15:04") },
		"status":   func(code string) string { return StatusLabel(code, lang) },
		"decimal":  decimal,
	}
	for name, fn := range staffFuncs(lang) {
		m[name] = fn
	}
	return m
}

func htmlFuncMap(lang string) htmltemplate.FuncMap {
	m := funcMap(lang)
	m["multiline"] = multiline
	return m
}

// multiline escapes s for HTML and turns its line breaks into <br> elements.
func multiline(s string) htmltemplate.HTML {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = htmltemplate.HTMLEscapeString(l)
	}
	return htmltemplate.HTML(strings.Join(lines, "<br>\n"))
}

// decimalComma writes the decimal point of a plain decimal number ("-2.5") as a comma. Anything
// else ("12:30", "2,5", "viel") is returned unchanged.
func decimalComma(s string) string {
	whole, frac, ok := strings.Cut(strings.TrimLeft(s, "+-"), ".")
	if !ok || !isDigits(whole) || !isDigits(frac) {
		return s
	}
	return strings.Replace(s, ".", ",", 1)
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
