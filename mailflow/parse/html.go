package parse

import (
	"errors"
	"io"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxHTMLToken bounds one HTML token (a huge inline data: URL, say); past it the conversion stops.
const maxHTMLToken = 1 << 20

// skipped elements have no readable content.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Head: true, atom.Title: true,
	atom.Noscript: true, atom.Template: true, atom.Object: true, atom.Svg: true,
}

// blocks are elements that start and end on a line of their own.
var blocks = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Center: true, atom.Dd: true, atom.Div: true, atom.Dl: true, atom.Dt: true,
	atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true, atom.Footer: true,
	atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Header: true, atom.Hr: true, atom.Li: true, atom.Main: true,
	atom.Nav: true, atom.Ol: true, atom.P: true, atom.Pre: true, atom.Section: true,
	atom.Table: true, atom.Tr: true, atom.Ul: true, atom.Caption: true, atom.Tbody: true,
	atom.Thead: true, atom.Tfoot: true,
}

// paragraphs are blocks followed by an empty line.
var paragraphs = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Blockquote: true, atom.Table: true, atom.Ul: true, atom.Ol: true,
	atom.Pre: true,
}

// htmlToText renders HTML from r as readable text into out: script, style and head are
// dropped, block elements and <br> break lines, paragraphs get an empty line, list items a
// "- ", table cells are separated by a space, entities are decoded and runs of blank lines
// collapsed. The quoted history of a reply (see quoteContainer) is rendered with "> " line
// prefixes, as mail clients write it in their own text/plain parts. r is read to its end.
func htmlToText(r io.Reader, out *textSink) error {
	z := html.NewTokenizer(r)
	z.SetMaxBuf(maxHTMLToken)
	w := &htmlWriter{out: out}
	var quotes quoteStack
	skipDepth := 0
	var skipAtom atom.Atom
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			w.flush()
			if err := z.Err(); err != nil && !errors.Is(err, io.EOF) {
				return err
			}
			return nil
		case html.TextToken:
			if skipDepth == 0 {
				w.text(string(z.Text()))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			if skipDepth > 0 {
				if a == skipAtom && tt == html.StartTagToken {
					skipDepth++
				}
				continue
			}
			if skipped[a] && tt == html.StartTagToken {
				skipAtom, skipDepth = a, 1
				continue
			}
			w.start(a)
			if tt == html.StartTagToken && (a == atom.Blockquote || a == atom.Div) {
				kind := quoteNone
				if hasAttr {
					kind = quoteContainer(a, z)
				}
				w.setQuote(quotes.open(a, kind))
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if skipDepth > 0 {
				if a == skipAtom {
					skipDepth--
				}
				continue
			}
			w.end(a)
			if a == atom.Blockquote || a == atom.Div {
				w.setQuote(quotes.close(a))
			}
		}
	}
}

// htmlWriter tracks pending line breaks and spaces so output has no runs of blank lines.
type htmlWriter struct {
	out      *textSink
	newlines int  // line breaks owed before the next text (2 = empty line)
	space    bool // a space is owed before the next text
	started  bool // some text was written
	pre      int  // depth of <pre>
	// quote is the quote depth of the next text; gapQuote the least depth since the last
	// text, which an empty line owed before it gets (so a quote's first line follows a
	// plain empty line, not a ">").
	quote, gapQuote int
}

func (w *htmlWriter) breakLine(n int) {
	if n > w.newlines {
		w.newlines = n
	}
}

func (w *htmlWriter) start(a atom.Atom) {
	switch {
	case a == atom.Br:
		if w.newlines < 2 {
			w.newlines++
		}
	case a == atom.Li:
		w.breakLine(1)
		w.emitPending()
		w.out.WriteString("-")
		w.space = true
	case a == atom.Td || a == atom.Th:
		w.space = true
	case a == atom.Img:
	case blocks[a]:
		if a == atom.Pre {
			w.pre++
		}
		if paragraphs[a] {
			w.breakLine(2)
		} else {
			w.breakLine(1)
		}
	}
}

func (w *htmlWriter) end(a atom.Atom) {
	if a == atom.Pre && w.pre > 0 {
		w.pre--
	}
	switch {
	case a == atom.Td || a == atom.Th:
		w.space = true
	case paragraphs[a]:
		w.breakLine(2)
	case blocks[a]:
		w.breakLine(1)
	}
}

// text writes decoded character data, collapsing white space outside <pre>.
func (w *htmlWriter) text(s string) {
	s = strings.ReplaceAll(s, "\u00a0", " ")
	if w.pre > 0 {
		w.emitPending()
		if w.quote > 0 {
			s = strings.ReplaceAll(s, "\n", "\n"+quotePrefix(w.quote))
		}
		w.out.WriteString(s)
		return
	}
	if s == "" {
		return
	}
	if isHTMLSpace(rune(s[0])) {
		w.space = true
	}
	for i, f := range strings.FieldsFunc(s, isHTMLSpace) {
		if i > 0 {
			w.space = true
		}
		w.emitPending()
		w.out.WriteString(f)
	}
	if isHTMLSpace(rune(s[len(s)-1])) {
		w.space = true
	}
}

// emitPending writes the line breaks or the space owed before new text, and the quote
// prefix of a new line; no line breaks are written before the first text.
func (w *htmlWriter) emitPending() {
	lineStart := !w.started
	if w.started {
		if w.newlines > 0 {
			for i := 1; i < w.newlines; i++ {
				w.out.WriteString("\n" + strings.TrimSpace(quotePrefix(w.gapQuote)))
			}
			w.out.WriteString("\n")
			lineStart = true
		} else if w.space {
			w.out.WriteString(" ")
		}
	}
	if lineStart {
		w.out.WriteString(quotePrefix(w.quote))
	}
	w.newlines, w.space = 0, false
	w.gapQuote = w.quote
	w.started = true
}

func (w *htmlWriter) flush() {
	if w.started {
		w.out.WriteString("\n")
	}
}

func isHTMLSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f'
}

// tidyText trims trailing blanks from every line, collapses runs of empty lines to one and
// trims empty lines at both ends.
func tidyText(s string) string {
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := 0
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			blank++
			continue
		}
		if blank > 0 && len(out) > 0 {
			out = append(out, "")
		}
		blank = 0
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// maxQuotePrefix caps the "> " prefix: deeper quotes are shown at this depth, so a flood of
// nested blockquotes cannot multiply the output.
const maxQuotePrefix = 10

// maxOpenBlocks caps how many open <div>/<blockquote> elements are tracked for quote depth;
// past it, elements are only counted.
const maxOpenBlocks = 1000

// Kinds of quote markers in mail HTML.
const (
	quoteNone     = iota
	quoteBlock    // the element encloses quoted history
	quoteToTheEnd // quoted history starts here and runs to the end of the body
)

// quoteContainer reports whether a <blockquote> or <div> start tag (whose attributes z still
// holds) marks quoted history, as mail clients mark it:
//
//	<blockquote type="cite">          Apple Mail, Thunderbird (after <div class="moz-cite-prefix">)
//	<blockquote class="gmail_quote">  Gmail (the attribution line is outside, in div.gmail_attr)
//	<div name="quote">                GMX, WEB.DE
//	<div class="yahoo_quoted">        Yahoo
//	<div id="divRplyFwdMsg">          Outlook (web, new, mobile): its header block
//	                                  "Von:/Gesendet:/An:/Betreff:" and the history follow it
//	                                  to the end of the body, outside the div
//
// A bare <blockquote> is not one: editors use it to indent the writer's own text. Classic
// Outlook marks nothing; its header block is left for mailflow/quote to recognise.
func quoteContainer(a atom.Atom, z *html.Tokenizer) int {
	for {
		k, v, more := z.TagAttr()
		key, val := string(k), strings.ToLower(string(v))
		switch {
		case a == atom.Blockquote && key == "type" && strings.TrimSpace(val) == "cite",
			a == atom.Blockquote && key == "class" && hasClass(val, "gmail_quote"),
			a == atom.Div && key == "name" && strings.TrimSpace(val) == "quote",
			a == atom.Div && key == "class" && hasClass(val, "yahoo_quoted"):
			return quoteBlock
		case a == atom.Div && key == "id" && strings.TrimSpace(val) == "divrplyfwdmsg":
			return quoteToTheEnd
		}
		if !more {
			return quoteNone
		}
	}
}

func hasClass(list, class string) bool {
	for _, c := range strings.Fields(list) {
		if c == class {
			return true
		}
	}
	return false
}

// quoteStack follows the open <div> and <blockquote> elements to know the quote depth.
// Mail HTML is often broken: </blockquote> also closes the divs left open inside it, and a
// </div> while a blockquote is innermost is ignored, so one stray tag cannot quote the rest
// of a mail.
type quoteStack struct {
	blocks   []openBlock
	overflow int // elements opened past maxOpenBlocks
	depth    int // quote containers among blocks
	toEnd    int // 1 once a marker of history to the end of the body was seen
}

type openBlock struct {
	a     atom.Atom
	quote bool
}

// open records a start tag of a kind of quote marker and returns the quote depth after it.
func (s *quoteStack) open(a atom.Atom, kind int) int {
	if kind == quoteToTheEnd {
		s.toEnd = 1
	}
	if len(s.blocks) >= maxOpenBlocks {
		s.overflow++
		return s.depth + s.toEnd
	}
	quote := kind == quoteBlock
	s.blocks = append(s.blocks, openBlock{a, quote})
	if quote {
		s.depth++
	}
	return s.depth + s.toEnd
}

// close records an end tag and returns the quote depth after it.
func (s *quoteStack) close(a atom.Atom) int {
	if s.overflow > 0 {
		s.overflow--
		return s.depth + s.toEnd
	}
	i := len(s.blocks) - 1
	if a == atom.Blockquote {
		for i >= 0 && s.blocks[i].a != atom.Blockquote {
			i--
		}
	}
	if i < 0 || s.blocks[i].a != a {
		return s.depth + s.toEnd // nothing of this kind open (or a blockquote is innermost): stray
	}
	for _, b := range s.blocks[i:] {
		if b.quote {
			s.depth--
		}
	}
	s.blocks = s.blocks[:i]
	return s.depth + s.toEnd
}

// setQuote sets the quote depth of the text that follows.
func (w *htmlWriter) setQuote(depth int) {
	w.quote = depth
	w.gapQuote = min(w.gapQuote, depth)
}

// quotePrefix is the line prefix at quote depth d: "> ", ">> ", ...
func quotePrefix(d int) string {
	if d <= 0 {
		return ""
	}
	return strings.Repeat(">", min(d, maxQuotePrefix)) + " "
}
