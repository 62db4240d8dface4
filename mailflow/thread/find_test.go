package thread

import (
	"strings"
	"testing"

	"helpdesk/mailflow/parse"
)

func TestFind(t *testing.T) {
	s := newTestSigner(t, "kundensupport@example.com", testKey)
	other := newTestSigner(t, "kundensupport@example.com", keyOf(9))
	reply := s.ReplyAddress("2026-000001")
	lookup := mapLookup{
		"a1@helpdesk.example.com": "2026-000002", // our mail of ticket 2
		"c1@kunde.example":        "2026-000003", // a customer mail of ticket 3
		"a4@helpdesk.example.com": "2026-000004",
	}
	exists := func(n string) bool { return n == "2026-000005" || n == "2026-000001" }
	to := func(addrs ...string) []parse.Address {
		var out []parse.Address
		for _, a := range addrs {
			out = append(out, parse.Address{Addr: a})
		}
		return out
	}

	tests := []struct {
		name string
		m    *parse.Message
		// noSigner, noLookup, noExists pass nil for that argument of Find.
		noSigner, noLookup, noExists bool
		want                         Match
	}{
		{
			name: "reply address beats everything",
			m: &parse.Message{
				To: to(reply), InReplyTo: []string{"a1@helpdesk.example.com"},
				References: []string{"c1@kunde.example"}, Subject: "AW: [Ticket#2026-000005]",
			},
			want: Match{"2026-000001", ByReplyAddress},
		},
		{
			name: "reply address in Cc",
			m:    &parse.Message{To: to("kundensupport@example.com", "chef@kunde.example"), Cc: to(reply)},
			want: Match{"2026-000001", ByReplyAddress},
		},
		{
			name: "reply address upper-cased by an MTA",
			m:    &parse.Message{To: to(strings.ToUpper(reply))},
			want: Match{"2026-000001", ByReplyAddress},
		},
		{
			name: "reply address of another key is ignored",
			m:    &parse.Message{To: to(other.ReplyAddress("2026-000009")), InReplyTo: []string{"a1@helpdesk.example.com"}},
			want: Match{"2026-000002", ByInReplyTo},
		},
		{
			name:     "no signer: reply address skipped",
			m:        &parse.Message{To: to(reply), InReplyTo: []string{"a1@helpdesk.example.com"}},
			noSigner: true,
			want:     Match{"2026-000002", ByInReplyTo},
		},
		{
			name: "In-Reply-To beats References and subject",
			m: &parse.Message{
				To: to("kundensupport@example.com"), InReplyTo: []string{"a1@helpdesk.example.com"},
				References: []string{"c1@kunde.example"}, Subject: "Re: [Ticket#2026-000005]",
			},
			want: Match{"2026-000002", ByInReplyTo},
		},
		{
			name: "References newest first",
			m: &parse.Message{
				InReplyTo:  []string{"unknown@kunde.example"},
				References: []string{"a1@helpdesk.example.com", "x@y", "c1@kunde.example"},
			},
			want: Match{"2026-000003", ByReferences},
		},
		{
			name: "Apple Mail: only an older ID is known",
			m: &parse.Message{
				InReplyTo:  []string{"rewritten-1@icloud.com"},
				References: []string{"a4@helpdesk.example.com", "rewritten-2@icloud.com", "rewritten-1@icloud.com"},
			},
			want: Match{"2026-000004", ByReferences},
		},
		{
			name: "References beat subject",
			m:    &parse.Message{References: []string{"c1@kunde.example"}, Subject: "[Ticket#2026-000005]"},
			want: Match{"2026-000003", ByReferences},
		},
		{
			name: "In-Reply-To unknown, subject tag present",
			m:    &parse.Message{InReplyTo: []string{"unknown@kunde.example"}, Subject: "AW: [Ticket#2026-000005] Drucker"},
			want: Match{"2026-000005", BySubject},
		},
		{
			name: "subject tag ignored when the ticket does not exist",
			m:    &parse.Message{Subject: "AW: [Ticket#2026-000099] Drucker"},
			want: Match{},
		},
		{
			name:     "subject tag accepted when exists is nil",
			m:        &parse.Message{Subject: "AW: [Ticket#2026-000099] Drucker"},
			noExists: true,
			want:     Match{"2026-000099", BySubject},
		},
		{
			name:     "no lookup: subject",
			m:        &parse.Message{InReplyTo: []string{"a1@helpdesk.example.com"}, Subject: "[Ticket#2026-000005]"},
			noLookup: true,
			want:     Match{"2026-000005", BySubject},
		},
		{
			name: "nothing: new ticket",
			m:    &parse.Message{To: to("kundensupport@example.com"), Subject: "Drucker druckt nicht"},
			want: Match{},
		},
		{name: "nil message", m: nil, want: Match{}},
	}
	for _, tt := range tests {
		sg, lk, ex := s, Lookup(lookup), exists
		if tt.noSigner {
			sg = nil
		}
		if tt.noLookup {
			lk = nil
		}
		if tt.noExists {
			ex = nil
		}
		if got := Find(tt.m, sg, lk, ex); got != tt.want {
			t.Errorf("%s: Find = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// TestFindRaw runs Find on parsed mails, for the envelope headers that only exist raw.
func TestFindRaw(t *testing.T) {
	s := newTestSigner(t, "kundensupport@example.com", testKey)
	reply := s.ReplyAddress("2026-000001")
	lookup := mapLookup{"a1@helpdesk.example.com": "2026-000002"}
	tests := []struct {
		name string
		raw  string
		want Match
	}{
		{
			"Delivered-To",
			"Delivered-To: " + reply + "\r\nFrom: k@kunde.example\r\nTo: Kundensupport <kundensupport@example.com>\r\n" +
				"In-Reply-To: <a1@helpdesk.example.com>\r\nSubject: x\r\n\r\nbody\r\n",
			Match{"2026-000001", ByReplyAddress},
		},
		{
			"X-Original-To among several",
			"X-Original-To: other@example.com, <" + strings.ToUpper(reply) + ">\r\nFrom: k@kunde.example\r\nSubject: x\r\n\r\nbody\r\n",
			Match{"2026-000001", ByReplyAddress},
		},
		{
			"Envelope-To and X-Envelope-To, one per line",
			"Envelope-To: someone@example.com\r\nX-Envelope-To: <" + reply + ">; orcpt=rfc822;x\r\nSubject: x\r\n\r\nbody\r\n",
			Match{"2026-000001", ByReplyAddress},
		},
		{
			"Bcc-style: only the envelope header names it",
			"Delivered-To: kundensupport@example.com\r\nDelivered-To: " + reply + "\r\nTo: chef@kunde.example\r\nSubject: x\r\n\r\nbody\r\n",
			Match{"2026-000001", ByReplyAddress},
		},
		{
			"To display name with quoted comma",
			"To: \"Support, Team\" <" + reply + ">\r\nSubject: x\r\n\r\nbody\r\n",
			Match{"2026-000001", ByReplyAddress},
		},
		{
			"tampered envelope address falls through to In-Reply-To",
			"Delivered-To: " + strings.Replace(reply, "+t2026-000001", "+t2026-000007", 1) + "\r\n" +
				"In-Reply-To: <a1@helpdesk.example.com>\r\nSubject: x\r\n\r\nbody\r\n",
			Match{"2026-000002", ByInReplyTo},
		},
		{
			"References header newest first",
			"References: <a1@helpdesk.example.com>\r\n <unknown@x>\r\nSubject: AW: [Ticket #42]\r\n\r\nbody\r\n",
			Match{"2026-000002", ByReferences},
		},
		{
			"encoded subject",
			"Subject: =?utf-8?q?AW=3A_=5BTicket=2342=5D_Gr=C3=BC=C3=9Fe?=\r\n\r\nbody\r\n",
			Match{"42", BySubject},
		},
	}
	for _, tt := range tests {
		m := parseRaw(t, tt.raw)
		if got := Find(m, s, lookup, nil); got != tt.want {
			t.Errorf("%s: Find(%q) = %+v, want %+v", tt.name, tt.raw, got, tt.want)
		}
	}
}
