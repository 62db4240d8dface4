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
// collapsed. r is read to its end.
func htmlToText(r io.Reader, out *textSink) error {
	z := html.NewTokenizer(r)
	z.SetMaxBuf(maxHTMLToken)
	w := &htmlWriter{out: out}
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
			name, _ := z.TagName()
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

// emitPending writes the line breaks or the space owed before new text; none are written
// before the first text.
func (w *htmlWriter) emitPending() {
	if w.started {
		if w.newlines > 0 {
			w.out.WriteString(strings.Repeat("\n", w.newlines))
		} else if w.space {
			w.out.WriteString(" ")
		}
	}
	w.newlines, w.space = 0, false
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
