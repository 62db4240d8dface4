package authres

import (
	"strings"
	"testing"

	"helpdesk/mailflow/parse"
)

// The trust rule reads fields top to bottom; this pins down that parse.Message.Header
// (go-message) hands them over in that order, so a flip there cannot silently trust the
// sender's field instead of our MTA's.
func TestHeaderValuesTopToBottom(t *testing.T) {
	raw := "Authentication-Results: mx.example.com; spf=fail smtp.mailfrom=example.com\r\n" +
		"Received: from evil.example by mx.example.com\r\n" +
		"Authentication-Results: evil.example; none\r\n" +
		"Authentication-Results: mx.example.com; dkim=pass header.d=example.com\r\n" +
		"From: a@example.com\r\n\r\nbody\r\n"
	m, err := parse.Parse(strings.NewReader(raw), nil, parse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	values := m.Header.Values(HeaderName)
	if len(values) != 3 || !strings.Contains(values[0], "spf=fail") || !strings.Contains(values[2], "dkim=pass") {
		t.Fatalf("Header.Values(%q) = %q, want the three fields top to bottom", HeaderName, values)
	}
	v := Check(values, mx, m.From.Addr)
	if want := "spf=fail for example.com; no dkim result"; v.Aligned || v.Reason != want {
		t.Errorf("Check(%q) = %s, want not aligned: %s", values, brief(v), want)
	}
}
