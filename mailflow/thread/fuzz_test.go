package thread

import (
	"strings"
	"testing"

	"helpdesk/mailflow/parse"
)

func FuzzVerify(f *testing.F) {
	s := newTestSigner(f, "kundensupport@example.com", testKey)
	for _, seed := range []string{
		s.ReplyAddress("2026-000042"),
		strings.ToUpper(s.ReplyAddress("42")),
		"<" + s.ReplyAddress("1") + ">",
		"kundensupport+t.@example.com",
		"kundensupport+t42.@example.com",
		"+@",
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, addr string) {
		n, ok := s.Verify(addr)
		if !ok {
			if n != "" {
				t.Errorf("Verify(%q) = %q, false; want no number when not ok", addr, n)
			}
			return
		}
		// Whatever verifies must be exactly what we would have issued for that number.
		if want := s.ReplyAddress(n); asciiLower(strings.Trim(strings.TrimSpace(addr), "<>")) != want &&
			asciiLower(strings.Trim(strings.TrimSpace(addr), "<>")) != want+"." {
			t.Errorf("Verify(%q) = %q, true; but ReplyAddress(%q) = %q", addr, n, n, want)
		}
	})
}

func FuzzFindSubjectTag(f *testing.F) {
	for _, seed := range []string{
		"AW: [Ticket#2026-000042] Drucker",
		"[ticket # 42]",
		"[Ticket#4--2][Ticket#7]",
		"[[Ticket#",
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, subject string) {
		n, ok := FindSubjectTag(subject)
		if ok != validNumber(n) || (!ok && n != "") {
			t.Errorf("FindSubjectTag(%q) = %q, %v; want a valid number exactly when ok", subject, n, ok)
		}
		if ok {
			if got, ok2 := FindSubjectTag(SubjectTag(n)); !ok2 || got != n {
				t.Errorf("FindSubjectTag(SubjectTag(%q)) = %q, %v", n, got, ok2)
			}
		}
	})
}

func FuzzFind(f *testing.F) {
	s := newTestSigner(f, "kundensupport@example.com", testKey)
	lookup := mapLookup{"a1@helpdesk.example.com": "2026-000002", "c1@kunde.example": "2026-000003"}
	for _, seed := range []string{
		"To: " + s.ReplyAddress("2026-000001") + "\r\nSubject: x\r\n\r\nbody\r\n",
		"Delivered-To: <" + s.ReplyAddress("7") + ">, a@b\r\nX-Envelope-To: ,,,;<>@\r\n\r\n",
		"In-Reply-To: <a1@helpdesk.example.com>\r\nReferences: <c1@kunde.example> <x@y>\r\n\r\n",
		"References: c1@kunde.example\r\nSubject: =?utf-8?q?AW=3A_=5BTicket=2342=5D?=\r\n\r\n",
		"Subject: [Ticket #2026-000005]\n\nx",
		"From: a\r\n\r\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		m, err := parse.Parse(strings.NewReader(raw), nil, parse.Options{MaxTextSize: 4096})
		if err != nil {
			return
		}
		got := Find(m, s, lookup, func(n string) bool { return n != "13" })
		switch got.By {
		case ByNone:
			if got.Ticket != "" {
				t.Errorf("Find(%q) = %+v: a ticket without evidence", raw, got)
			}
		case ByReplyAddress, ByInReplyTo, ByReferences, BySubject:
			if !validNumber(got.Ticket) {
				t.Errorf("Find(%q) = %+v: not a ticket number", raw, got)
			}
		default:
			t.Errorf("Find(%q) = %+v: unknown By", raw, got)
		}
		if got.Ticket == "13" {
			t.Errorf("Find(%q) = %+v: accepted a ticket exists denies", raw, got)
		}
		Find(m, nil, nil, nil) // the nil dependencies must not panic either
	})
}
