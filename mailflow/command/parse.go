package command

import (
	"slices"
	"strings"
)

// Options make Parse deterministic: it reads no clock.
type Options struct {
	// Today is the day the mail is handled, in the desk's time zone. Dates without a year
	// and "heute"/"gestern" are resolved against it, later dates are refused, and entries
	// without a date get it. With the zero Date every written date is an error.
	Today Date
	// MaxMinutes bounds one #zeit entry; 0 means DefaultMaxMinutes.
	MaxMinutes int
}

// Block is what Parse found at the top of a mail.
type Block struct {
	Commands []Command // the understood commands, in the order written
	Text     string    // everything after the command block: the answer (or, with #intern, the note)
	TextLine int       // the line Text starts on; 0 when there is no text
	Errors   []Issue   // by line; with any error, the caller must apply none of the commands
	Warnings []Issue   // by line; the commands are applied, but the sender should look again
}

// OK reports whether the block has no errors, so its commands may be applied.
func (b Block) OK() bool { return len(b.Errors) == 0 }

// Internal reports whether the block contains #intern: Text is then an internal note.
func (b Block) Internal() bool {
	return slices.ContainsFunc(b.Commands, func(c Command) bool { _, ok := c.(Internal); return ok })
}

// maxBlockCommands caps the command lines Parse reads: a real block has a handful, and the
// cap bounds the work a hostile mail causes. Lines past it are not read, and the error on the
// first of them stops the whole block.
const maxBlockCommands = 100

// maxAfterText caps the warnings about commands below the text: the answer mail lists each,
// and ten are enough to see the mistake (a quoted mail full of them would bury the rest).
const maxAfterText = 10

// Parse reads the command block at the top of text: after leading blank lines, every line
// that starts with '#' is a command, and blank lines may sit between them (Outlook's HTML
// turns each line into a paragraph). The block ends at the first line that is neither; that
// line and everything after it is Text. Lines are split at "\n", "\r\n" or "\r", and Text
// keeps the lines as written, joined by "\n".
//
// Parse never fails: every line of the block becomes a command or an error (a repeat of an
// earlier command a warning), so a typo never slips through as text to the customer.
func Parse(text string, opt Options) Block {
	if opt.MaxMinutes <= 0 {
		opt.MaxMinutes = DefaultMaxMinutes
	}
	lines := splitLines(text)
	var b Block
	i, n := 0, 0
	for ; i < len(lines); i++ {
		c := cleanLine(lines[i])
		if c == "" {
			continue
		}
		if c[0] != '#' {
			break
		}
		n++
		switch {
		case n <= maxBlockCommands:
			b.parseLine(i+1, lines[i], c, &opt)
		case n == maxBlockCommands+1:
			b.Errors = append(b.Errors, issueAt(i+1, lines[i], CodeTooMany,
				tf("mehr als %d Befehlszeilen; ab hier ist nichts geprüft", "more than %d command lines; nothing from here on was checked", maxBlockCommands),
				tf("schicken Sie die Befehle auf mehrere Mails verteilt", "send the commands in several mails")))
		}
	}
	if i < len(lines) {
		b.TextLine = i + 1
		b.Text = strings.Join(lines[i:], "\n")
		b.warnAfterText(lines, i)
	}
	b.checkConflicts()
	byLine := func(x, y Issue) int { return x.Line - y.Line }
	slices.SortStableFunc(b.Errors, byLine)
	slices.SortStableFunc(b.Warnings, byLine)
	return b
}

// splitWord splits the cleaned line "#zeit 45m" into "zeit" and "45m". A space after the '#',
// a ':' after the word ("#zeit: 45m", "#status:gelöst") and a value glued to the word
// ("#zeit45m", "#anfahrt1") are allowed: none of them can mean anything else.
func splitWord(clean string) (word, args string) {
	body := strings.TrimLeft(clean[1:], " ")
	word, args, _ = strings.Cut(body, " ")
	if w, rest, ok := strings.Cut(word, ":"); ok && lookupWord(w) != nil {
		word, args = w, rest+" "+args
	} else if i := strings.IndexAny(word, "0123456789"); i > 0 && lookupWord(word) == nil && lookupWord(word[:i]) != nil {
		word, args = word[:i], word[i:]+" "+args
	}
	return word, strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(args), ":"))
}

// parseLine parses one line of the block; n is its line number.
func (b *Block) parseLine(n int, source, clean string, opt *Options) {
	pos := Pos{Line: n, Source: source}
	word, args := splitWord(clean)
	if word == "" {
		b.Errors = append(b.Errors, issueAt(n, source, CodeEmptyCommand, tf("nach „#“ fehlt der Befehl", "the command after \"#\" is missing"),
			text{"richtig wäre z. B. " + quote("de", "#zeit 45m") + "; alle Befehle nennt " + quote("de", "#hilfe"),
				"write e.g. " + quote("en", "#time 45m") + "; " + quote("en", "#help") + " lists every command"}))
		return
	}
	sp := lookupWord(word)
	if sp == nil {
		b.Errors = append(b.Errors, unknownCommand(pos, word, args))
		return
	}
	l := &line{pos: pos, word: word, args: args, toks: tokens(args), opt: opt}
	cmd := sp.parse(l)
	b.Errors = append(b.Errors, l.errs...)
	b.Warnings = append(b.Warnings, l.warns...)
	if cmd != nil && len(l.errs) == 0 {
		b.Commands = append(b.Commands, cmd)
	}
}

// unknownCommand is the error for "#word" that is no command, with the closest command word.
func unknownCommand(pos Pos, word, args string) Issue {
	what := text{"unbekannter Befehl " + quote("de", "#"+shorten(word, 30)), "unknown command " + quote("en", "#"+shorten(word, 30))}
	if s := closest(word, allWords); s != "" {
		return issueAt(pos.Line, pos.Source, CodeUnknownCommand, what, rightIs(strings.TrimSpace("#"+s+" "+args)))
	}
	if i := strings.IndexAny(word, "0123456789"); i > 0 {
		if s := closest(word[:i], allWords); s != "" { // "#ziet45m"
			return issueAt(pos.Line, pos.Source, CodeUnknownCommand, what, rightIs(strings.TrimSpace("#"+s+" "+word[i:]+" "+args)))
		}
	}
	return issueAt(pos.Line, pos.Source, CodeUnknownCommand, what, text{
		"eine Mail mit " + quote("de", "#hilfe") + " wird mit allen Befehlen beantwortet",
		"a mail with " + quote("en", "#help") + " is answered with every command",
	})
}

// warnAfterText warns about command lines from line index start on: they are text now.
func (b *Block) warnAfterText(lines []string, start int) {
	count := 0
	for i := start; i < len(lines); i++ {
		c := cleanLine(lines[i])
		if !strings.HasPrefix(c, "#") {
			continue
		}
		if word, _ := splitWord(c); lookupWord(word) == nil {
			continue // "#1 Priorität", a hashtag: ordinary text
		}
		count++
		if count > maxAfterText {
			b.Warnings = append(b.Warnings, issueAt(i+1, lines[i], CodeTooManyWarning,
				tf("weitere Befehlszeilen im Text sind nicht einzeln genannt", "further command lines in the text are not listed"), text{}))
			return
		}
		b.Warnings = append(b.Warnings, issueAt(i+1, lines[i], CodeAfterText,
			tf("die Zeile steht unter dem Text und wurde nicht ausgeführt, sondern als Text behandelt",
				"the line is below the text, so it was not applied but taken as text"),
			tf("Befehle gehören ganz an den Anfang, vor die Anrede", "commands go at the very top, above the greeting")))
	}
}
