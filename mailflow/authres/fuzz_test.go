package authres

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// fuzzSeeds are the realistic values of the tests plus broken ones.
var fuzzSeeds = []string{
	gmail, exchange, exchangeUnsigned, openDKIM, openDMARC, policydSPF, rspamd, rspamdFail,
	"mx.example.com; none",
	"mx.example.com 1 (c); dkim/1=pass header.d=example.com",
	`"mx.example.com/4F2A"; spf=pass smtp.mailfrom="a;b"@example.com`,
	"(a (b) \\) c) mx.example.com ; spf ( x ) = pass smtp . mailfrom = example.com",
	"mx.example.com; spf=pass (unterminated",
	"; spf=pass",
	"mx.example.com;;;",
	"mx.example.com; dmarc=fail reason=\"quoted \\\" pair\" header.from=example.org",
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	trusted := []string{"mx.example.com", "mx.google.com", NoAuthservID}
	f.Fuzz(func(t *testing.T, value string) {
		h, err := Parse(value)
		if len(h.Results) > maxResults {
			t.Fatalf("Parse(%q) = %d results, want at most %d", value, len(h.Results), maxResults)
		}
		for _, r := range h.Results {
			if r.Method == "" || r.Result == "" || r.Method != strings.ToLower(r.Method) || r.Result != strings.ToLower(r.Result) {
				t.Fatalf("Parse(%q) result %+v: want a lower-case method and result", value, r)
			}
			if len(r.Props) > maxProps {
				t.Fatalf("Parse(%q) result %s: %d properties, want at most %d", value, r.Method, len(r.Props), maxProps)
			}
		}
		if h.NoID && h.AuthservID != "" {
			t.Fatalf("Parse(%q) = NoID with id %q", value, h.AuthservID)
		}
		if err == nil && strings.Trim(value, " \t\r\n") == "" { // RFC 5322 white space; other bytes are words
			t.Fatalf("Parse(%q) = no error for an empty value", value)
		}

		v := Check([]string{value, value}, trusted, "user@example.com")
		if v.Reason == "" || !utf8.ValidString(v.Reason) || strings.ContainsFunc(v.Reason, unicode.IsControl) {
			t.Fatalf("Check(%q).Reason = %q, want printable words", value, v.Reason)
		}
		if v.Aligned != (v.By != "") {
			t.Fatalf("Check(%q) = %+v: Aligned and By disagree", value, v)
		}
		if v.Aligned && v.AuthservID == "" {
			t.Fatalf("Check(%q) = aligned without a trusted host", value)
		}
		if err != nil && v.Aligned {
			t.Fatalf("Check(%q) = aligned on a value Parse rejected (%v)", value, err)
		}
	})
}
