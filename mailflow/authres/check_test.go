package authres

import (
	"fmt"
	"strings"
	"testing"
)

var mx = []string{"mx.example.com"}

// brief renders the parts of a Verdict the tests pin down.
func brief(v Verdict) string {
	var dkim []string
	for _, s := range v.DKIM {
		dkim = append(dkim, s.Domain)
	}
	return fmt.Sprintf("id=%s spf=%s/%s dkim=%s dmarc=%s/%s aligned=%t by=%s reason=%q",
		v.AuthservID, v.SPF, v.SPFDomain, strings.Join(dkim, ","), v.DMARC, v.DMARCFrom, v.Aligned, v.By, v.Reason)
}

type checkCase struct {
	name    string
	values  []string
	trusted []string
	from    string
	want    Verdict
}

func runCheck(t *testing.T, tests []checkCase) {
	t.Helper()
	for _, tt := range tests {
		got := Check(tt.values, tt.trusted, tt.from)
		if brief(got) != brief(tt.want) {
			t.Errorf("%s: Check(%q, %q, %q) =\n  %s\nwant\n  %s", tt.name, tt.values, tt.trusted, tt.from, brief(got), brief(tt.want))
		}
	}
}

func TestCheckMTAs(t *testing.T) {
	runCheck(t, []checkCase{
		{"postfix: policyd-spf, opendkim, opendmarc in three fields",
			[]string{openDMARC, openDKIM, policydSPF}, mx, "a@example.com",
			Verdict{AuthservID: "mx.example.com", SPF: "pass", SPFDomain: "example.com", DKIM: []Signature{{Domain: "example.com"}},
				DMARC: "pass", DMARCFrom: "example.com", Aligned: true, By: "dkim", Reason: "dkim=pass for example.com"}},
		{"gmail: dkim by header.i only", []string{gmail}, []string{"mx.google.com"}, "example.com",
			Verdict{AuthservID: "mx.google.com", SPF: "pass", SPFDomain: "example.com", DKIM: []Signature{{Domain: "example.com"}},
				DMARC: "pass", DMARCFrom: "example.com", Aligned: true, By: "dkim", Reason: "dkim=pass for example.com"}},
		{"rspamd", []string{rspamd}, mx, "example.com",
			Verdict{AuthservID: "mx.example.com", SPF: "pass", SPFDomain: "example.com", DKIM: []Signature{{Domain: "example.com"}},
				DMARC: "pass", DMARCFrom: "example.com", Aligned: true, By: "dkim", Reason: "dkim=pass for example.com"}},
		{"rspamd, everything failed", []string{rspamdFail}, mx, "example.org",
			Verdict{AuthservID: "mx.example.com", SPF: "fail", SPFDomain: "example.org", DMARC: "fail", DMARCFrom: "example.org",
				Reason: "spf=fail for example.org; dkim=fail for example.org; dmarc=fail for example.org"}},
		{"exchange online trusted by the pseudo-id", []string{exchange}, []string{NoAuthservID}, "example.com",
			Verdict{AuthservID: NoAuthservID, SPF: "pass", SPFDomain: "example.com", DKIM: []Signature{{Domain: "example.com"}},
				DMARC: "pass", DMARCFrom: "example.com", Aligned: true, By: "dkim", Reason: "dkim=pass for example.com"}},
		{"exchange online, unsigned and failing", []string{exchangeUnsigned}, []string{"mx.example.com", NoAuthservID}, "example.org",
			Verdict{AuthservID: NoAuthservID, SPF: "softfail", SPFDomain: "example.org", DMARC: "fail", DMARCFrom: "example.org",
				Reason: "spf=softfail for example.org; dkim=none; dmarc=fail for example.org"}},
		{"exchange online without the pseudo-id is not trusted", []string{exchange}, mx, "example.com",
			Verdict{Reason: "no Authentication-Results from a trusted host (mx.example.com); 1 from other hosts ignored"}},
		{"exchange bestguesspass is no pass",
			[]string{"spf=none (sender IP is 1.2.3.4) smtp.mailfrom=example.com; dkim=none (message not signed) header.d=none;" +
				"dmarc=bestguesspass action=none header.from=example.com;compauth=pass reason=109"},
			[]string{NoAuthservID}, "example.com",
			Verdict{AuthservID: NoAuthservID, SPF: "none", SPFDomain: "example.com", DMARC: "bestguesspass", DMARCFrom: "example.com",
				Reason: "spf=none for example.com; dkim=none; dmarc=bestguesspass for example.com"}},
	})
}

// The trust rule: which fields count, whatever they claim.
func TestCheckTrust(t *testing.T) {
	ours := "mx.example.com; spf=fail smtp.mailfrom=example.com; dkim=fail header.d=example.com"
	forged := "mx.example.com; dkim=pass header.d=example.com; spf=pass smtp.mailfrom=example.com; dmarc=pass header.from=example.com"
	runCheck(t, []checkCase{
		{"untrusted id only", []string{"evil.example; dkim=pass header.d=example.com"}, mx, "example.com",
			Verdict{Reason: "no Authentication-Results from a trusted host (mx.example.com); 1 from other hosts ignored"}},
		{"no fields at all", nil, mx, "example.com",
			Verdict{Reason: "no Authentication-Results from a trusted host (mx.example.com)"}},
		{"nothing configured", []string{forged}, nil, "example.com",
			Verdict{Reason: "no trusted authserv-id configured"}},
		{"only blanks configured", []string{forged}, []string{"", " "}, "example.com",
			Verdict{Reason: "no trusted authserv-id configured"}},
		{"forged field with our id directly below ours: the methods ours reports are ours",
			[]string{ours + "; dmarc=fail header.from=example.com", forged}, mx, "example.com",
			Verdict{AuthservID: "mx.example.com", SPF: "fail", SPFDomain: "example.com", DMARC: "fail", DMARCFrom: "example.com",
				Reason: "spf=fail for example.com; dkim=fail for example.com; dmarc=fail for example.com"}},
		// The documented limit: a method our MTA did not report (here dmarc) is taken from
		// the next field with our id. Only the MTA removing such fields (RFC 8601 §5) helps.
		{"forged field with our id directly below ours: a method ours omits comes from below", []string{ours, forged}, mx, "example.com",
			Verdict{AuthservID: "mx.example.com", SPF: "fail", SPFDomain: "example.com", DMARC: "pass", DMARCFrom: "example.com",
				Aligned: true, By: "dmarc", Reason: "dmarc=pass for example.com"}},
		{"forged field below an untrusted one is ignored",
			[]string{"mx.example.com; spf=none smtp.mailfrom=example.org", "relay.other.example; spf=pass", forged}, mx, "example.org",
			Verdict{AuthservID: "mx.example.com", SPF: "none", SPFDomain: "example.org", Reason: "spf=none for example.org; no dkim result"}},
		{"internal untrusted field above ours is skipped",
			[]string{"store.example.com; dkim=fail header.d=example.com", openDKIM}, mx, "example.com",
			Verdict{AuthservID: "mx.example.com", DKIM: []Signature{{Domain: "example.com"}}, Aligned: true, By: "dkim",
				Reason: "dkim=pass for example.com"}},
		{"two trusted hosts in a row both count",
			[]string{"mx2.example.com; spf=pass smtp.mailfrom=example.com", "mx1.example.com; dkim=fail header.d=example.com"},
			[]string{"mx1.example.com", "mx2.example.com"}, "example.com",
			Verdict{AuthservID: "mx2.example.com", SPF: "pass", SPFDomain: "example.com", Aligned: true, By: "spf",
				Reason: "spf=pass for example.com"}},
		{"none", []string{"mx.example.com; none", "evil.example; dkim=pass header.d=example.com"}, mx, "example.com",
			Verdict{AuthservID: "mx.example.com", Reason: "Authentication-Results from mx.example.com: none (nothing was checked)"}},
		{"trusted field with no results", []string{"mx.example.com;"}, mx, "example.com",
			Verdict{AuthservID: "mx.example.com", Reason: "Authentication-Results from mx.example.com report no results"}},
		{"topmost trusted field broken", []string{"mx.example.com; spf=pass (unterminated", forged}, mx, "example.com",
			Verdict{Reason: "Authentication-Results from mx.example.com unreadable: unterminated comment at offset 25"}},
		{"broken trusted field ends the run",
			[]string{"mx.example.com; spf=fail smtp.mailfrom=example.com", "mx.example.com; dkim=pass header.d=example.com garbage", forged},
			mx, "example.com",
			Verdict{AuthservID: "mx.example.com", SPF: "fail", SPFDomain: "example.com", Reason: "spf=fail for example.com; no dkim result"}},
		{"quoted local part cannot smuggle a result",
			[]string{`mx.example.com; spf=fail smtp.mailfrom="x;dkim=pass header.d=example.com"@evil.example`}, mx, "example.com",
			Verdict{AuthservID: "mx.example.com", SPF: "fail", SPFDomain: "evil.example", Reason: "spf=fail for evil.example; no dkim result"}},
		{"ids compare case-insensitively", []string{"MX.Example.COM; dkim=pass header.d=Example.COM"}, []string{"mx.EXAMPLE.com"}, "A@EXAMPLE.com",
			Verdict{AuthservID: "MX.Example.COM", DKIM: []Signature{{Domain: "example.com"}}, Aligned: true, By: "dkim",
				Reason: "dkim=pass for example.com"}},
		{"job id suffix", []string{`"mx.example.com/4F2A1B"; dkim=pass header.d=example.com`}, mx, "example.com",
			Verdict{AuthservID: "mx.example.com/4F2A1B", DKIM: []Signature{{Domain: "example.com"}}, Aligned: true, By: "dkim",
				Reason: "dkim=pass for example.com"}},
		{"longer id is another host", []string{"mx.example.com.evil.example; dkim=pass header.d=example.com", "mx.example.comx; spf=pass"},
			mx, "example.com",
			Verdict{Reason: "no Authentication-Results from a trusted host (mx.example.com); 2 from other hosts ignored"}},
		{"the pseudo-id never matches a real id", []string{`"(no-authserv-id)"; dkim=pass header.d=example.com`}, []string{NoAuthservID},
			"example.com",
			Verdict{Reason: "no Authentication-Results from a trusted host ((no-authserv-id)); 1 from other hosts ignored"}},
		{"only the topmost id-less field counts",
			[]string{"spf=fail (sender IP is 5.6.7.8) smtp.mailfrom=example.com", "dkim=pass header.d=example.com"},
			[]string{NoAuthservID}, "example.com",
			Verdict{AuthservID: NoAuthservID, SPF: "fail", SPFDomain: "example.com", Reason: "spf=fail for example.com; no dkim result"}},
		{"id-less field below ours is not ours",
			[]string{"mx.example.com; spf=fail smtp.mailfrom=example.com", "dkim=pass header.d=example.com"}, mx, "example.com",
			Verdict{AuthservID: "mx.example.com", SPF: "fail", SPFDomain: "example.com", Reason: "spf=fail for example.com; no dkim result"}},
	})
}

func TestCheckAlignment(t *testing.T) {
	dkim := func(d string) []string { return []string{"mx.example.com; dkim=pass header.d=" + d} }
	dkimPass := func(d, reason string, aligned bool) Verdict {
		v := Verdict{AuthservID: "mx.example.com", DKIM: []Signature{{Domain: d}}, Reason: reason}
		if aligned {
			v.Aligned, v.By = true, "dkim"
		}
		return v
	}
	runCheck(t, []checkCase{
		{"signed by the parent domain", dkim("example.com"), mx, "mail.example.com",
			dkimPass("example.com", "dkim=pass for example.com, aligned with mail.example.com", true)},
		{"signed by a subdomain", dkim("news.example.com"), mx, "example.com",
			dkimPass("news.example.com", "dkim=pass for news.example.com, aligned with example.com", true)},
		{"under a two-label suffix", dkim("mail.example.co.uk"), mx, "example.co.uk",
			dkimPass("mail.example.co.uk", "dkim=pass for mail.example.co.uk, aligned with example.co.uk", true)},
		{"public suffix trap", dkim("other.co.uk"), mx, "example.co.uk",
			dkimPass("other.co.uk", "no spf result; dkim=pass for other.co.uk, not aligned with example.co.uk", false)},
		{"signed by the public suffix itself", dkim("co.uk"), mx, "example.co.uk",
			dkimPass("co.uk", "no spf result; dkim=pass for co.uk, not aligned with example.co.uk", false)},
		{"private suffix entries separate organizations", dkim("a.github.io"), mx, "b.github.io",
			dkimPass("a.github.io", "no spf result; dkim=pass for a.github.io, not aligned with b.github.io", false)},
		{"another domain", dkim("other.example"), mx, "example.com",
			dkimPass("other.example", "no spf result; dkim=pass for other.example, not aligned with example.com", false)},
		{"IDN in U-labels and A-labels", dkim("bücher.example"), mx, "info@xn--bcher-kva.example",
			dkimPass("xn--bcher-kva.example", "dkim=pass for xn--bcher-kva.example", true)},
		{"trailing root dot", dkim("example.com."), mx, "example.com",
			dkimPass("example.com", "dkim=pass for example.com", true)},
		{"several signatures, the second aligns",
			[]string{"mx.example.com; dkim=pass header.d=esp.example; dkim=pass header.d=example.com"}, mx, "example.com",
			Verdict{AuthservID: "mx.example.com", DKIM: []Signature{{Domain: "esp.example"}, {Domain: "example.com"}}, Aligned: true, By: "dkim",
				Reason: "dkim=pass for example.com"}},
		{"dkim pass without a domain", []string{"mx.example.com; dkim=pass header.s=s1"}, mx, "example.com",
			Verdict{AuthservID: "mx.example.com", Reason: "no spf result; dkim=pass without a domain"}},
		{"spf for a subdomain", []string{"mx.example.com; spf=pass smtp.mailfrom=bounce@mail.example.com; dkim=fail header.d=example.com"},
			mx, "example.com",
			Verdict{AuthservID: "mx.example.com", SPF: "pass", SPFDomain: "mail.example.com", Aligned: true, By: "spf",
				Reason: "spf=pass for mail.example.com, aligned with example.com"}},
		{"spf of another domain", []string{"mx.example.com; spf=pass smtp.mailfrom=bounce@esp.example"}, mx, "example.com",
			Verdict{AuthservID: "mx.example.com", SPF: "pass", SPFDomain: "esp.example",
				Reason: "spf=pass for esp.example, not aligned with example.com; no dkim result"}},
		{"spf by helo for the null reverse-path", []string{"mx.example.com; spf=pass smtp.mailfrom=<> smtp.helo=mail.example.com"},
			mx, "example.com",
			Verdict{AuthservID: "mx.example.com", SPF: "pass", SPFDomain: "mail.example.com", Aligned: true, By: "spf",
				Reason: "spf=pass for mail.example.com, aligned with example.com"}},
		{"spf softfail is no pass", []string{"mx.example.com; spf=softfail smtp.mailfrom=example.com"}, mx, "example.com",
			Verdict{AuthservID: "mx.example.com", SPF: "softfail", SPFDomain: "example.com", Reason: "spf=softfail for example.com; no dkim result"}},
		{"dmarc pass for the From domain counts", []string{"mx.example.com; dmarc=pass header.from=example.com"}, mx, "example.com",
			Verdict{AuthservID: "mx.example.com", DMARC: "pass", DMARCFrom: "example.com", Aligned: true, By: "dmarc",
				Reason: "dmarc=pass for example.com"}},
		{"dmarc pass for the parent domain does not", []string{"mx.example.com; dmarc=pass header.from=example.com"}, mx, "mail.example.com",
			Verdict{AuthservID: "mx.example.com", DMARC: "pass", DMARCFrom: "example.com",
				Reason: "no spf result; no dkim result; dmarc=pass for example.com, not mail.example.com"}},
		{"dmarc pass without header.from", []string{"mx.example.com; dmarc=pass"}, mx, "example.com",
			Verdict{AuthservID: "mx.example.com", DMARC: "pass", Reason: "no spf result; no dkim result; dmarc=pass without header.from"}},
		{"no From domain", dkim("example.com"), mx, "",
			Verdict{AuthservID: "mx.example.com", DKIM: []Signature{{Domain: "example.com"}}, Reason: "no From domain to align with"}},
		{"From domain is a bare word", dkim("example.com"), mx, "root@localhost",
			Verdict{AuthservID: "mx.example.com", DKIM: []Signature{{Domain: "example.com"}}, Reason: "no From domain to align with"}},
		{"sender-written text in a reason is cleaned",
			[]string{"mx.example.com; spf=fail\u0085x smtp.mailfrom=example.com"}, mx, "example.com",
			Verdict{AuthservID: "mx.example.com", SPF: "fail\u0085x", SPFDomain: "example.com", Reason: "spf=fail?x for example.com; no dkim result"}},
	})
}

// Values past the first maxHeaders are not read, so a mail with thousands of fields costs
// no more than one with 64.
func TestCheckBoundsHeaders(t *testing.T) {
	values := make([]string, maxHeaders, maxHeaders+1)
	for i := range values {
		values[i] = "relay.example; spf=none"
	}
	values = append(values, openDKIM)
	got := Check(values, mx, "example.com")
	want := fmt.Sprintf("no Authentication-Results from a trusted host (mx.example.com); %d from other hosts ignored", maxHeaders)
	if got.Aligned || got.Reason != want {
		t.Errorf("Check(%d untrusted, then ours) = %s, want not aligned: %s", maxHeaders, brief(got), want)
	}
}

func TestNormDomain(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Example.COM", "example.com"},
		{"a@Example.com", "example.com"},
		{"<a@example.com>", "example.com"},
		{`"x@y"@example.com`, "example.com"},
		{"example.com.", "example.com"},
		{"bücher.example", "xn--bcher-kva.example"},
		{"_dmarc.example.com", "_dmarc.example.com"},
		{"", ""},
		{"<>", ""},
		{"none", ""},
		{"example..com", ""},
		{"exa mple.com", ""},
		{"[1.2.3.4]", ""},
		{strings.Repeat("a.", 127) + "com", ""},
	} {
		if got := normDomain(tt.in); got != tt.want {
			t.Errorf("normDomain(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
