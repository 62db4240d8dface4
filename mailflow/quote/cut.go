package quote

import "strings"

// Options tune Cut; the zero value cuts quoted history only.
type Options struct {
	// Signature also cuts the author's signature block: for technicians' answers that are
	// relayed to customers.
	Signature bool
	// Subject is the mail's subject. When its first prefix marks a forward ("WG:", "Fwd:",
	// "FW:", ...), an Outlook header block or "Original Message" line starts a forwarded
	// message, which is kept, instead of quoted history.
	Subject string
}

// Kind says how the quoted history was recognised, for logs and tests.
type Kind string

// The kinds of cut; see the package documentation.
const (
	KindNone        Kind = "none"        // no quoted history found
	KindQuoted      Kind = "quoted"      // "> " lines
	KindAttribution Kind = "attribution" // "Am … schrieb …:", "On … wrote:"
	KindHeader      Kind = "header"      // "Von:/Gesendet:/An:/Betreff:" block
	KindSeparator   Kind = "separator"   // "-----Ursprüngliche Nachricht-----"
	KindTrailer     Kind = "trailer"     // text below "Von meinem iPhone gesendet"
	KindForward     Kind = "forward"     // a forwarded message: found and kept
)

// Result is the new text of a reply and what was cut from it. Each line of the input ends
// up in exactly one of Text, Quote, Signature and Trailer, in input order; each of them has
// its lines' trailing white space removed, no empty lines at either end, and one empty line
// where lines of another part were taken out between two of its lines.
type Result struct {
	Text      string // the new text
	Quote     string // the quoted history cut off; "" if none
	Signature string // the signature cut off (only with Options.Signature)
	Trailer   string // mail apps' "sent from" lines, always cut
	// Kind is the first cut made, in the order of the text; KindForward when a forward was
	// found and kept.
	Kind Kind
	// KeptAll reports that cutting the history would have left no text, so nothing was cut
	// but the signature: Text is the whole input (and the caller may flag the mail).
	KeptAll bool
}

// Cut separates the new text of a reply from its quoted history and, with opt.Signature,
// from its signature. text is a decoded text body; any line endings do. Cut never fails.
func Cut(text string, opt Options) Result {
	s := &scanner{
		lines:      splitLines(text),
		opt:        opt,
		fwdSubject: isForwardSubject(opt.Subject),
		kind:       KindNone,
	}
	s.roles = make([]role, len(s.lines))
	s.forwardAt = len(s.lines)
	s.scan()
	if !s.has(roleText) && s.has(roleQuote, roleTrailer) {
		s.keepAll()
	}
	if opt.Signature {
		s.cutSignature()
	}
	return Result{
		Text:      s.collect(roleText),
		Quote:     s.collect(roleQuote),
		Signature: s.collect(roleSignature),
		Trailer:   s.collect(roleTrailer),
		Kind:      s.kind,
		KeptAll:   s.keptAll,
	}
}

// role is where a line ends up.
type role uint8

const (
	roleText role = iota
	roleQuote
	roleSignature
	roleTrailer
)

// scanner holds the state of one Cut call.
type scanner struct {
	lines      []line
	roles      []role
	opt        Options
	fwdSubject bool // the subject marks a forward
	kind       Kind
	forwardAt  int // first line of a kept forward; len(lines) if none
	keptAll    bool
	contacts   []int8 // memo of contact(i): 0 unknown, 1 yes, -1 no
}

// scan assigns the history's lines to roleQuote and trailers to roleTrailer, top to bottom.
func (s *scanner) scan() {
	n := len(s.lines)
	for i := 0; i < n; {
		l := &s.lines[i]
		switch {
		case l.blank:
			i++
		case l.depth > 0:
			if j := s.quoteBlock(i); j > i {
				s.mark(i, j, roleQuote, KindQuoted)
				i = j
			} else {
				i++
			}
		case isForwardMarker(l.lower):
			s.keepForward(i)
			return
		case isTrailer(l.lower):
			s.roles[i] = roleTrailer
			if s.historyBelowTrailer(i) {
				s.mark(i+1, n, roleQuote, KindTrailer)
				return
			}
			i++
		default:
			h, ok := s.history(i)
			if !ok {
				i++
				continue
			}
			if s.fwdSubject && (h.kind == KindHeader || h.kind == KindSeparator) {
				s.keepForward(h.start)
				return
			}
			if h.end < n {
				// An attribution that only introduces the quoted lines below it.
				s.mark(h.start, h.end, roleQuote, h.kind)
				i = h.end
				continue
			}
			s.mark(h.start, n, roleQuote, h.kind)
			return
		}
	}
}

// historyBelowTrailer reports whether what follows the trailer line i is history the app
// wrote below it: text after an empty line that no other rule claims. Quoted lines, a
// forward or a marked history are left to the scan; text right under the trailer is kept.
func (s *scanner) historyBelowTrailer(i int) bool {
	j := s.nextNonBlank(i + 1)
	if j >= len(s.lines) || j == i+1 {
		return false
	}
	l := &s.lines[j]
	if l.depth > 0 || isForwardMarker(l.lower) || isTrailer(l.lower) {
		return false
	}
	_, marked := s.history(j)
	return !marked
}

// keepForward records a forward starting at line i; it and everything after it stay text.
func (s *scanner) keepForward(i int) {
	s.forwardAt = i
	if s.kind == KindNone {
		s.kind = KindForward
	}
}

// mark gives lines [from, to) role r (trailers stay trailers) and records the first kind.
func (s *scanner) mark(from, to int, r role, k Kind) {
	for i := from; i < to; i++ {
		if s.roles[i] != roleTrailer {
			s.roles[i] = r
		}
	}
	if s.kind == KindNone {
		s.kind = k
	}
}

// keepAll undoes the history cut: the person's words may be inside what looked like
// history, and an empty reply helps no one.
func (s *scanner) keepAll() {
	for i := range s.roles {
		s.roles[i] = roleText
	}
	s.keptAll = true
}

// has reports whether a non-blank line has one of the roles.
func (s *scanner) has(rs ...role) bool {
	for i, l := range s.lines {
		if l.blank {
			continue
		}
		for _, r := range rs {
			if s.roles[i] == r {
				return true
			}
		}
	}
	return false
}

func (s *scanner) nextNonBlank(i int) int {
	for i < len(s.lines) && s.lines[i].blank {
		i++
	}
	return i
}

// collect joins the lines of role r, keeping the empty lines between them but writing one
// empty line where lines of other roles were taken out.
func (s *scanner) collect(r role) string {
	var b strings.Builder
	wrote, gap, blanks := false, false, 0
	size := 0
	for i, l := range s.lines {
		if s.roles[i] == r {
			size += len(l.raw) + 2
		}
	}
	b.Grow(size)
	for i, l := range s.lines {
		switch {
		case s.roles[i] != r:
			gap = gap || wrote
		case l.blank:
			if wrote {
				blanks++
			}
		default:
			if wrote {
				if gap {
					blanks = 1
				}
				b.WriteString(strings.Repeat("\n", blanks+1))
			}
			b.WriteString(l.raw)
			wrote, gap, blanks = true, false, 0
		}
	}
	return b.String()
}
