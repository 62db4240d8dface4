package authres

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"gmail", gmail, "mx.google.com" +
			" | dkim=pass header.i=@example.com header.s=s1 header.b=abc" +
			" | spf=pass smtp.mailfrom=a@example.com" +
			" | dmarc=pass header.from=example.com"},
		{"exchange online, no authserv-id", exchange, "(noid)" +
			" | spf=pass smtp.mailfrom=example.com" +
			" | dkim=pass header.d=example.com" +
			" | dmarc=pass action=none header.from=example.com" +
			` | compauth=pass reason="100"`},
		{"exchange online, unsigned", exchangeUnsigned, "(noid)" +
			" | spf=softfail smtp.mailfrom=example.org" +
			" | dkim=none header.d=none" +
			" | dmarc=fail action=quarantine header.from=example.org" +
			` | compauth=fail reason="001"`},
		{"opendkim, quoted header.b", openDKIM, "mx.example.com" +
			" | dkim=pass header.d=example.com header.i=@example.com header.a=rsa-sha256 header.s=s1 header.b=Ab/+cd12"},
		{"opendmarc", openDMARC, "mx.example.com | dmarc=pass header.from=example.com"},
		{"policyd-spf, comment after the value", policydSPF, "mx.example.com | spf=pass smtp.mailfrom=a@example.com"},
		{"rspamd, folded", rspamd, "mx.example.com" +
			" | dkim=pass header.d=example.com header.s=dkim header.b=Xy/Z+1a2" +
			" | dmarc=pass header.from=example.com" +
			" | spf=pass smtp.mailfrom=a@example.com"},
		{"rspamd, quoted reason", rspamdFail, "mx.example.com" +
			" | dkim=fail header.d=example.org header.s=s1 header.b=q1w2e3r4" +
			` | dmarc=fail reason="SPF not aligned (relaxed), DKIM not aligned (relaxed)" header.from=example.org` +
			" | spf=fail smtp.mailfrom=a@example.org"},
		{"smtp auth without id", "auth=pass smtp.auth=sendonly smtp.mailfrom=operations@example.com",
			"(noid) | auth=pass smtp.auth=sendonly smtp.mailfrom=operations@example.com"},
		{"none", "mx.example.com; none", "mx.example.com none"},
		{"none with version and comment", "mx.example.com 1 (nothing to do); none", "mx.example.com v1 none"},
		{"authserv-id version", "mx.microsoft.com 1; spf=pass smtp.mailfrom=example.com",
			"mx.microsoft.com v1 | spf=pass smtp.mailfrom=example.com"},
		{"method version", "mx.example.com; dkim/1=pass header.d=example.com; spf / 2 = pass",
			"mx.example.com | dkim/1=pass header.d=example.com | spf/2=pass"},
		{"quoted authserv-id with job id", `"mx.example.com/4F2A1B"; dkim=pass header.d=example.com`,
			"mx.example.com/4F2A1B | dkim=pass header.d=example.com"},
		{"unquoted job id", "mx.example.com/4F2A1B; dkim=pass header.d=example.com",
			"mx.example.com/4F2A1B | dkim=pass header.d=example.com"},
		{"keywords are case-insensitive, values keep their case", "MX.Example.COM; SPF=Pass SMTP.MailFrom=A@Example.COM",
			"MX.Example.COM | spf=pass smtp.mailfrom=A@Example.COM"},
		{"comments everywhere, nested", "(a) mx.example.com (b (nested (deeper)) \\) ) ; (c) spf (d) = (e) pass (f) " +
			"smtp (g) . (h) mailfrom (i) = (j) a@example.com (k)",
			"mx.example.com | spf=pass smtp.mailfrom=a@example.com"},
		{"semicolon inside a comment", "mx.example.com; dkim=pass (1024-bit key; insecure key) header.d=example.com",
			"mx.example.com | dkim=pass header.d=example.com"},
		{"quoted local part hides its semicolon", `mx.example.com; spf=fail smtp.mailfrom="x; dkim=pass header.d=example.com"@evil.example`,
			"mx.example.com | spf=fail smtp.mailfrom=x; dkim=pass header.d=example.com@evil.example"},
		{"empty resinfo and trailing semicolon", "mx.example.com; spf=pass smtp.mailfrom=example.com;; dkim=none;",
			"mx.example.com | spf=pass smtp.mailfrom=example.com | dkim=none"},
		{"no results at all", "mx.example.com", "mx.example.com"},
		{"utf-8 domain", "mx.example.com; dkim=pass header.d=bücher.example", "mx.example.com | dkim=pass header.d=bücher.example"},
		{"empty property value", "mx.example.com; dkim=pass header.d= ;spf=none", "mx.example.com | dkim=pass header.d= | spf=none"},
	}
	for _, tt := range tests {
		h, err := Parse(tt.in)
		if err != nil {
			t.Errorf("%s: Parse(%q) error %v, want none", tt.name, tt.in, err)
		}
		if got := render(h); got != tt.want {
			t.Errorf("%s: Parse(%q) = %s, want %s", tt.name, tt.in, got, tt.want)
		}
	}
}

// Broken values: an error, and only what came before the break.
func TestParseBroken(t *testing.T) {
	tests := []struct {
		in, want, wantErr string
	}{
		{"", "", "empty value"},
		{"   \r\n ", "", "empty value"},
		{"(only a comment)", "", "empty value"},
		{"(unterminated", "", "unterminated comment"},
		{"; spf=pass", "(noid)", "missing authserv-id"},
		{`"mx.example.com; spf=pass`, "", "unterminated quoted string"},
		{"mx.example.com garbage; spf=pass", "mx.example.com", `unexpected "garbage" after authserv-id`},
		{"mx.example.com; spf=pass (oops smtp.mailfrom=example.com", "mx.example.com", "unterminated comment"},
		{"mx.example.com; dkim=pass header.d=example.com; spf", "mx.example.com | dkim=pass header.d=example.com", `want "=" after method spf`},
		{"mx.example.com; spf=", "mx.example.com", "method spf has no result"},
		{"mx.example.com; =pass", "mx.example.com", "want a method"},
		{"mx.example.com; spf=pass smtp.mailfrom", "mx.example.com", `property smtp.mailfrom without "="`},
		{`mx.example.com; dmarc=fail reason="oops`, "mx.example.com", "unterminated quoted string"},
		{"mx.example.com; spf=pass ) smtp.mailfrom=x", "mx.example.com", `unexpected ')'`},
		{"mx.example.com; dkim/x=pass", "mx.example.com", "bad version of method dkim"},
		{"mx.example.com; spf=pass=x", "mx.example.com", "unexpected '='"},
		{"mx.example.com; spf=pass\x00smtp.mailfrom=x", "mx.example.com", "unexpected '\\x00'"},
	}
	for _, tt := range tests {
		h, err := Parse(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("Parse(%q) error = %v, want %q", tt.in, err, tt.wantErr)
		}
		if got := render(h); got != tt.want {
			t.Errorf("Parse(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// Huge or hostile values cost bounded work and memory.
func TestParseBounds(t *testing.T) {
	many := "mx.example.com" + strings.Repeat("; spf=pass", maxResults+1)
	if h, err := Parse(many); err == nil || len(h.Results) != maxResults {
		t.Errorf("Parse(%d results) = %d results, %v; want %d and an error", maxResults+1, len(h.Results), err, maxResults)
	}
	props := "mx.example.com; dkim=pass" + strings.Repeat(" header.d=example.com", maxProps+1)
	if _, err := Parse(props); err == nil {
		t.Errorf("Parse(%d properties) = no error, want one", maxProps+1)
	}
	long := "mx.example.com; dkim=pass header.d=" + strings.Repeat("a", MaxValueLen)
	if _, err := Parse(long); err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("Parse(%d bytes) error = %v, want longer than %d", len(long), err, MaxValueLen)
	}
	deep := "mx.example.com; spf=pass " + strings.Repeat("(", 5000) + strings.Repeat(")", 5000) + " smtp.mailfrom=example.com"
	if h, err := Parse(deep); err != nil || render(h) != "mx.example.com | spf=pass smtp.mailfrom=example.com" {
		t.Errorf("Parse(5000 nested comments) = %s, %v; want the spf result", render(h), err)
	}
	open := strings.Repeat("(", 1<<20)
	if _, err := Parse(open); err == nil {
		t.Errorf("Parse(1 MiB of \"(\") = no error, want one")
	}
}

func TestResultProp(t *testing.T) {
	h, err := Parse(openDKIM)
	if err != nil {
		t.Fatal(err)
	}
	r := h.Results[0]
	for _, tt := range []struct{ ptype, name, want string }{
		{"header", "d", "example.com"},
		{"header", "i", "@example.com"},
		{"header", "b", "Ab/+cd12"},
		{"smtp", "d", ""},
		{"header", "x", ""},
	} {
		if got := r.Prop(tt.ptype, tt.name); got != tt.want {
			t.Errorf("Prop(%q, %q) = %q, want %q", tt.ptype, tt.name, got, tt.want)
		}
	}
}
