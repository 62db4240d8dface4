package command

import (
	"strings"

	"helpdesk/ticketstore"
)

// spec describes one command: the words that call it and how its arguments are read. Help
// texts live in help.go under the same name.
type spec struct {
	name  string   // key of the help entry
	words []string // every spelling, as shown in help; matched folded (see keys)
	parse func(l *line) Command
}

// specs is the table of commands. Adding a command is a row here and an entry in helpTexts.
var specs = []spec{
	{"status", []string{"status"}, parseStatus},
	{"resolved", []string{"gelöst", "erledigt", "solved", "resolved"}, shortStatus(ticketstore.StatusResolved)},
	{"closed", []string{"geschlossen", "closed"}, shortStatus(ticketstore.StatusClosed)},
	{"waiting", []string{"wartet", "waiting"}, shortStatus(ticketstore.StatusWaiting)},
	{"assign", []string{"zuweisen", "assign"}, parseAssign},
	{"take", []string{"übernehmen", "take"}, noValue(func(p Pos) Command { return Take{p} })},
	{"priority", []string{"priorität", "priority", "prio"}, parsePriority},
	{"time", []string{"zeit", "time"}, parseTime},
	{"travel", []string{"anfahrt", "travel"}, parseTravel},
	{"internal", []string{"intern", "internal"}, noValue(func(p Pos) Command { return Internal{p} })},
	{"customer", []string{"kunde", "customer"}, parseCustomer},
	{"requester", []string{"melder", "requester"}, parseRequester},
	{"help", []string{"hilfe", "help"}, noValue(func(p Pos) Command { return HelpRequest{p} })},
}

// byWord maps every folded spelling of a command word to its spec.
var byWord = func() map[string]*spec {
	m := map[string]*spec{}
	for i := range specs {
		for _, w := range specs[i].words {
			for _, k := range keys(w) {
				m[k] = &specs[i]
			}
		}
	}
	return m
}()

// allWords lists every spelling, for suggestions.
var allWords = func() []string {
	var ws []string
	for _, s := range specs {
		ws = append(ws, s.words...)
	}
	return ws
}()

// keys returns the folded forms a word is recognised by: umlauts spelled out ("uebernehmen")
// and left bare ("ubernehmen"), as people type them on keyboards without umlauts.
func keys(w string) []string {
	bare := bareUmlauts.Replace(w)
	if f := fold(bare); f != fold(w) {
		return []string{fold(w), f}
	}
	return []string{fold(w)}
}

var bareUmlauts = strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "Ä", "a", "Ö", "o", "Ü", "u")

// lookupWord returns the spec of a command word as written, or nil.
func lookupWord(w string) *spec { return byWord[fold(w)] }

// line is one command line while it is parsed; parsers report through err and warn.
type line struct {
	pos   Pos
	word  string  // the command word as written, without '#'
	args  string  // the cleaned text after the word
	toks  []token // args split at spaces
	opt   *Options
	errs  []Issue
	warns []Issue
}

func (l *line) err(code Code, what, fix text) {
	l.errs = append(l.errs, issueAt(l.pos.Line, l.pos.Source, code, what, fix))
}

func (l *line) warn(code Code, what, fix text) {
	l.warns = append(l.warns, issueAt(l.pos.Line, l.pos.Source, code, what, fix))
}

// rewrite returns the line with tokens [from, to) of its arguments replaced by repl (from ==
// to inserts it), the way a suggestion shows the technician's own line corrected.
func (l *line) rewrite(from, to int, repl string) string {
	cut, resume := len(l.args), len(l.args)
	if from < len(l.toks) {
		cut, resume = l.toks[from].start, l.toks[from].start
	}
	if to > from {
		resume = l.toks[to-1].end
	}
	parts := []string{"#" + l.word}
	for _, p := range []string{l.args[:cut], repl, l.args[resume:]} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " ")
}

// example returns "#<word> <args>" with the word as the technician wrote it.
func (l *line) example(args string) string { return "#" + l.word + " " + args }

// noValue makes the parser of a command that takes no value.
func noValue(build func(Pos) Command) func(*line) Command {
	return func(l *line) Command {
		if l.args != "" {
			what := tf("#%s steht allein, ohne Wert", "#%s takes no value", l.word)
			fix := text{
				"den Text schreiben Sie unter die Befehle; richtig wäre " + quote("de", "#"+l.word),
				"put text below the commands; write " + quote("en", "#"+l.word),
			}
			l.err(CodeUnexpectedValue, what, fix)
			return nil
		}
		return build(l.pos)
	}
}

// oneValue returns the single argument of a command, or "" after reporting what is wrong.
func oneValue(l *line, example string) string {
	switch len(l.toks) {
	case 0:
		l.err(CodeMissingValue, tf("#%s braucht einen Wert", "#%s needs a value", l.word), rightEg(l.example(example)))
		return ""
	case 1:
		return l.toks[0].text
	}
	l.err(CodeUnexpectedValue, tf("#%s nimmt genau einen Wert", "#%s takes exactly one value", l.word), rightEg(l.example(example)))
	return ""
}
