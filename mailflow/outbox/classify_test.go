package outbox

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"550", smtpErr(550, "no such user"), true},
		{"554 wrapped", fmt.Errorf("data: %w", smtpErr(554, "spam")), true},
		{"552 size", smtpErr(552, "too big"), true},
		{"451", smtpErr(451, "greylisted"), false},
		{"421", smtpErr(421, "closing"), false},
		{"535 auth failed", smtpErr(535, "bad credentials"), false},
		{"530 auth required", fmt.Errorf("mail from: %w", smtpErr(530, "authenticate first")), false},
		{"554 at greeting", &sessionError{"ehlo", smtpErr(554, "no service")}, false},
		{"connection refused", &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}, false},
		{"timeout", fmt.Errorf("rcpt: %w", context.DeadlineExceeded), false},
		{"unknown authority", &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}, false},
		{"bad envelope", permanentf("no recipients"), true},
		{"rcpt temporarily rejected", rejectedf("later"), false},
		{"plain error", errors.New("something"), false},
	}
	for _, tc := range tests {
		if got := Classify(tc.err); got != tc.want {
			t.Errorf("Classify(%s: %v) = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}
}

func TestConnUsable(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{nil, true},
		{smtpErr(550, "x"), true},
		{fmt.Errorf("rcpt: %w", smtpErr(451, "x")), true},
		{smtpErr(421, "closing"), false},
		{permanentf("all recipients rejected"), true},
		{rejectedf("recipient temporarily rejected"), true},
		{errors.New("write: broken pipe"), false},
		{context.DeadlineExceeded, false},
	}
	for _, tc := range tests {
		if got := connUsable(tc.err); got != tc.want {
			t.Errorf("connUsable(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		attempt int
		want    time.Duration
	}{
		{-1, 30 * time.Second}, {0, 30 * time.Second}, {1, 30 * time.Second}, {2, time.Minute},
		{3, 2 * time.Minute}, {4, 5 * time.Minute}, {5, 10 * time.Minute}, {6, 30 * time.Minute},
		{7, time.Hour}, {12, time.Hour}, {1000, time.Hour},
	}
	for _, tc := range tests {
		if got := Backoff(tc.attempt); got != tc.want {
			t.Errorf("Backoff(%d) = %v, want %v", tc.attempt, got, tc.want)
		}
	}
}

func TestJitterBounds(t *testing.T) {
	for _, d := range []time.Duration{0, 5, 30 * time.Second, time.Hour} {
		varied := false
		for range 200 {
			got := addJitter(d)
			if got < d || got > d+d/10 {
				t.Fatalf("addJitter(%v) = %v, want within [%v, %v]", d, got, d, d+d/10)
			}
			varied = varied || got != d
		}
		if d >= time.Second && !varied {
			t.Errorf("addJitter(%v) never added jitter in 200 tries", d)
		}
	}
}

func TestConfigDefaults(t *testing.T) {
	given := &tls.Config{MinVersion: tls.VersionTLS13}
	c, err := Config{Address: "smtp.example.com:587", TLSConfig: given}.withDefaults()
	if err != nil {
		t.Fatalf("withDefaults: %v", err)
	}
	if c.Security != SecuritySTARTTLS || c.Timeout != DefaultTimeout || c.MaxAttempts != DefaultMaxAttempts ||
		c.GiveUpAfter != DefaultGiveUpAfter || c.BatchSize != DefaultBatchSize || c.HeloName != DefaultHeloName {
		t.Errorf("withDefaults = %+v, want documented defaults", c)
	}
	if c.TLSConfig.ServerName != "smtp.example.com" || c.TLSConfig.MinVersion != tls.VersionTLS13 {
		t.Errorf("TLSConfig ServerName %q MinVersion %x, want smtp.example.com and the given minimum",
			c.TLSConfig.ServerName, c.TLSConfig.MinVersion)
	}
	if given.ServerName != "" {
		t.Errorf("withDefaults changed the caller's tls.Config (ServerName %q)", given.ServerName)
	}
	c, err = Config{Address: "127.0.0.1:25", TLSConfig: &tls.Config{ServerName: "relay.example"}}.withDefaults()
	if err != nil || c.TLSConfig.ServerName != "relay.example" {
		t.Errorf("withDefaults kept ServerName %q (err %v), want relay.example", c.TLSConfig.ServerName, err)
	}
	for _, bad := range []Config{{Address: "x:25", Security: "ssl"}, {Address: "x"}, {}} {
		if _, err := bad.withDefaults(); err == nil {
			t.Errorf("withDefaults(%+v) = nil error, want one", bad)
		}
	}
}

func TestCheckEnvelope(t *testing.T) {
	tests := []struct {
		from string
		to   []string
		bad  string // "" when valid
	}{
		{"a@x.org", []string{"b@y.org"}, ""},
		{"", []string{"b@y.org"}, ""},
		{"a@x.org", nil, "no recipients"},
		{"a@x.org\r\nRCPT TO:<c@z.org>", []string{"b@y.org"}, "invalid sender"},
		{"a@x.org", []string{"b@y.org", ""}, "invalid recipient"},
		{"a@x.org", []string{"b@y.org>"}, "invalid recipient"},
		{"a@x.org", []string{"b@y.org\n"}, "invalid recipient"},
	}
	for _, tc := range tests {
		err := checkEnvelope(&Mail{From: tc.from, To: tc.to})
		switch {
		case tc.bad == "" && err != nil:
			t.Errorf("checkEnvelope(%q, %q) = %v, want nil", tc.from, tc.to, err)
		case tc.bad != "" && (err == nil || !strings.Contains(err.Error(), tc.bad) || !Classify(err)):
			t.Errorf("checkEnvelope(%q, %q) = %v, want permanent %q", tc.from, tc.to, err, tc.bad)
		}
	}
}

func TestGuardConnDeadlines(t *testing.T) {
	g := &guardConn{timeout: time.Second}
	now := time.Now()
	if got := g.limit(time.Time{}); !got.IsZero() {
		t.Errorf("limit(zero) = %v, want zero", got)
	}
	if got := g.limit(now.Add(time.Hour)); got.After(time.Now().Add(time.Second)) {
		t.Errorf("limit(now+1h) = now+%v, want at most now+1s", got.Sub(now))
	}
	if got, want := g.limit(now.Add(time.Millisecond)), now.Add(time.Millisecond); !got.Equal(want) {
		t.Errorf("limit(now+1ms) = %v, want unchanged %v", got, want)
	}
	g.aborted = true
	for _, in := range []time.Time{{}, now.Add(time.Hour)} {
		if got := g.limit(in); !got.Equal(pastDeadline) {
			t.Errorf("aborted limit(%v) = %v, want %v", in, got, pastDeadline)
		}
	}
}
