package authres

import (
	"fmt"
	"strings"
)

// render writes h compactly for comparisons: the id part, then one "|"-separated part per
// result, e.g. `mx.example.com | spf=pass smtp.mailfrom=a@example.com`.
func render(h Header) string {
	var b strings.Builder
	switch {
	case h.NoID:
		b.WriteString("(noid)")
	default:
		b.WriteString(h.AuthservID)
	}
	if h.Version != "" {
		b.WriteString(" v" + h.Version)
	}
	if h.None {
		b.WriteString(" none")
	}
	for _, r := range h.Results {
		b.WriteString(" | " + r.Method)
		if r.Version != "" {
			b.WriteString("/" + r.Version)
		}
		b.WriteString("=" + r.Result)
		if r.Reason != "" {
			fmt.Fprintf(&b, " reason=%q", r.Reason)
		}
		for _, p := range r.Props {
			if p.Type != "" {
				b.WriteString(" " + p.Type + ".")
			} else {
				b.WriteString(" ")
			}
			b.WriteString(p.Name + "=" + p.Value)
		}
	}
	return b.String()
}

// Realistic values, as the MTAs write them (folding kept where they fold).
const (
	gmail = "mx.google.com;\r\n       dkim=pass header.i=@example.com header.s=s1 header.b=abc;\r\n" +
		"       spf=pass (google.com: domain of a@example.com designates 1.2.3.4 as permitted sender) smtp.mailfrom=a@example.com;\r\n" +
		"       dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=example.com"
	exchange = "spf=pass (sender IP is 1.2.3.4) smtp.mailfrom=example.com; dkim=pass (signature was verified) " +
		"header.d=example.com;dmarc=pass action=none header.from=example.com;compauth=pass reason=100"
	exchangeUnsigned = "spf=softfail (sender IP is 5.6.7.8)\r\n smtp.mailfrom=example.org; dkim=none (message not signed)\r\n" +
		" header.d=none;dmarc=fail action=quarantine\r\n header.from=example.org;compauth=fail reason=001"
	openDKIM = "mx.example.com; dkim=pass (2048-bit key; unprotected) header.d=example.com header.i=@example.com " +
		"header.a=rsa-sha256 header.s=s1 header.b=\"Ab/+cd12\""
	openDMARC  = "mx.example.com; dmarc=pass (p=none dis=none) header.from=example.com"
	policydSPF = "mx.example.com; spf=pass (sender SPF authorized) smtp.mailfrom=a@example.com " +
		"(client-ip=1.2.3.4; helo=mail.example.com; envelope-from=a@example.com; receiver=<UNKNOWN>)"
	rspamd = "mx.example.com;\r\n\tdkim=pass header.d=example.com header.s=dkim header.b=Xy/Z+1a2;\r\n" +
		"\tdmarc=pass (policy=reject) header.from=example.com;\r\n" +
		"\tspf=pass (mx.example.com: domain of \"a@example.com\" designates 1.2.3.4 as permitted sender) smtp.mailfrom=a@example.com"
	rspamdFail = "mx.example.com; dkim=fail (body hash did not verify) header.d=example.org header.s=s1 header.b=q1w2e3r4;\r\n" +
		"\tdmarc=fail reason=\"SPF not aligned (relaxed), DKIM not aligned (relaxed)\" header.from=example.org (policy=reject);\r\n" +
		"\tspf=fail (mx.example.com: domain of a@example.org does not designate 5.6.7.8 as permitted sender) smtp.mailfrom=a@example.org"
)
