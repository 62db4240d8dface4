package authres_test

import (
	"fmt"
	"strings"

	"helpdesk/mailflow/authres"
	"helpdesk/mailflow/parse"
)

// A mail whose sender wrote a field with our id: our MTA's field is above it, and the
// untrusted relay's field between them ends what counts.
func ExampleCheck() {
	raw := "Authentication-Results: mx.example.com; spf=softfail smtp.mailfrom=example.org;\r\n" +
		"\tdkim=none; dmarc=fail header.from=example.org\r\n" +
		"Received: from relay.other.example by mx.example.com\r\n" +
		"Authentication-Results: relay.other.example; spf=pass smtp.mailfrom=example.org\r\n" +
		"Authentication-Results: mx.example.com; dkim=pass header.d=example.org\r\n" +
		"From: Chef <chef@example.org>\r\n" +
		"Subject: Rechnung\r\n\r\nBitte zahlen.\r\n"
	m, err := parse.Parse(strings.NewReader(raw), nil, parse.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	v := authres.Check(m.Header.Values(authres.HeaderName), []string{"mx.example.com"}, m.From.Addr)
	fmt.Println(v.Aligned)
	fmt.Println(v.Reason)
	// Output:
	// false
	// spf=softfail for example.org; dkim=none; dmarc=fail for example.org
}

// Exchange Online writes no authserv-id; the operator trusts it with the pseudo-id.
func ExampleCheck_exchangeOnline() {
	values := []string{"spf=pass (sender IP is 1.2.3.4) smtp.mailfrom=example.com; dkim=pass (signature was verified) " +
		"header.d=example.com;dmarc=pass action=none header.from=example.com;compauth=pass reason=100"}
	v := authres.Check(values, []string{authres.NoAuthservID}, "kunde@example.com")
	fmt.Println(v.Aligned, v.By, v.AuthservID)
	fmt.Println(v.Reason)
	// Output:
	// true dkim (no-authserv-id)
	// dkim=pass for example.com
}

func ExampleParse() {
	h, err := authres.Parse("mx.google.com; dkim=pass header.i=@example.com header.s=s1 header.b=abc; " +
		"spf=pass (google.com: domain of a@example.com designates 1.2.3.4 as permitted sender) smtp.mailfrom=a@example.com")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(h.AuthservID)
	for _, r := range h.Results {
		fmt.Printf("%s=%s header.i=%q smtp.mailfrom=%q\n", r.Method, r.Result, r.Prop("header", "i"), r.Prop("smtp", "mailfrom"))
	}
	// Output:
	// mx.google.com
	// dkim=pass header.i="@example.com" smtp.mailfrom=""
	// spf=pass header.i="" smtp.mailfrom="a@example.com"
}
