package quote

// cutSignature moves the signature at the end of the new text (before a kept forward) to
// roleSignature: from a "-- " delimiter, and a contact block; a "PS:" after it stays.
func (s *scanner) cutSignature() {
	var seg []int // the new text's lines, in order
	for i := 0; i < s.forwardAt; i++ {
		if s.roles[i] == roleText {
			seg = append(seg, i)
		}
	}
	end := s.postscript(seg)
	for p := 0; p < end; p++ {
		if s.isDelimiter(seg[p]) && s.anyNonBlank(seg[p+1:end]) {
			s.markSignature(seg[p:end])
			end = p
			break
		}
	}
	if p := s.contactBlock(seg[:end]); p >= 0 {
		s.markSignature(seg[p:end])
	}
}

// isDelimiter reports whether line i is the RFC 3676 signature delimiter "-- " (most
// clients and converters lose its trailing space).
func (s *scanner) isDelimiter(i int) bool {
	return s.lines[i].key == "--" && s.lines[i].depth == 0
}

// postscript returns the position in seg of the first "PS:" line after a delimiter or a
// contact line, or len(seg): the signature ends there, the postscript is the person's.
func (s *scanner) postscript(seg []int) int {
	signed := false
	for p, i := range seg {
		l := &s.lines[i]
		switch {
		case l.blank || l.depth > 0:
		case signed && psRE.MatchString(l.lower):
			return p
		case s.isDelimiter(i) || s.contact(i):
			signed = true
		}
	}
	return len(seg)
}

// contactBlock returns the position in seg where the contact block at its end starts, or
// -1 if there is none. The block is the end of seg from its first contact line, provided
// only signature-like lines follow; title lines right above it go with it, the line above
// them (the name) stays, and a rule line above them goes with the block too.
func (s *scanner) contactBlock(seg []int) int {
	sfx := len(seg)
	for sfx > 0 && s.signatureLike(seg[sfx-1]) {
		sfx--
	}
	c := -1
	for p := sfx; p < len(seg); p++ {
		if s.contact(seg[p]) {
			c = p
			break
		}
	}
	if c < 0 {
		return -1
	}
	r := c - 1
	for r >= 0 {
		l := &s.lines[seg[r]]
		if l.blank || isRule(l.key) || isSignOff(l) || !isShort(l.key) {
			break
		}
		r--
	}
	switch {
	case r >= 0 && isRule(s.lines[seg[r]].key):
		return r
	case r+1 == c && r >= 1 && s.lines[seg[r]].blank && isRule(s.lines[seg[r-1]].key):
		return r - 1
	case r+1 < c:
		return r + 2 // keep the name, the first line of the run
	}
	return c
}

// signatureLike reports whether line i may be part of a signature block below its first
// contact line: contact data, a short title line, a rule, a disclaimer. A sign-off there
// means the "contact" line was the person's text above their sign-off.
func (s *scanner) signatureLike(i int) bool {
	l := &s.lines[i]
	switch {
	case l.blank:
		return true
	case l.depth > 0 || isSignOff(l):
		return false
	}
	return s.contact(i) || isRule(l.key) || isShort(l.key) || isDisclaimer(l.lower)
}

func (s *scanner) anyNonBlank(seg []int) bool {
	for _, i := range seg {
		if !s.lines[i].blank {
			return true
		}
	}
	return false
}

func (s *scanner) markSignature(seg []int) {
	for _, i := range seg {
		s.roles[i] = roleSignature
	}
}
