package outbox

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestReplyClass(t *testing.T) {
	tests := []struct {
		stage string
		err   error
		want  class
	}{
		{stageMail, smtpErr(550, "sender refused"), classRefused},
		{stageMail, smtpErr(553, "relay denied"), classRefused},
		{stageMail, fmt.Errorf("mail from: %w", smtpErr(530, "authenticate first")), classRefused},
		{stageMail, smtpErr(552, "too big for us"), classPermanent},
		{stageMail, smtpErr(451, "local error"), classTemporary},
		{stageMail, smtpErr(421, "closing"), classSession},
		{stageMail, smtpErr(503, "Duplicate HELO/EHLO"), classSession},
		{stageMail, io.EOF, classSession},
		{stageRcpt, smtpErr(550, "no such user"), classPermanent},
		{stageRcpt, smtpErr(451, "greylisted"), classTemporary},
		{stageRcpt, smtpErr(503, "need MAIL"), classSession},
		{stageRcpt, smtpErr(535, "bad credentials"), classRefused},
		{stageData, smtpErr(554, "no valid recipients"), classPermanent},
		{stageEnd, fmt.Errorf("data: %w", smtpErr(554, "spam")), classPermanent},
		{stageEnd, smtpErr(452, "full"), classTemporary},
		{stageEnd, smtpErr(421, "closing"), classSession},
		{stageEnd, &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}, classSession},
		{stageEnd, fmt.Errorf("data: %w", context.DeadlineExceeded), classSession},
		{stageEnd, smtpErr(250, "unexpected"), classSession},
	}
	for _, tc := range tests {
		if got := replyClass(tc.stage, tc.err); got != tc.want {
			t.Errorf("replyClass(%s, %v) = %v, want %v", tc.stage, tc.err, got, tc.want)
		}
	}
}

func TestFailureTraits(t *testing.T) {
	tests := []struct {
		name                     string
		f                        *failure
		reuse, relayWide, polite bool
	}{
		{"connect refused", sessionFailure(stageConnect, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}), false, true, false},
		{"ehlo 554", sessionFailure(stageEHLO, smtpErr(554, "no service")), false, true, true},
		{"auth 535", sessionFailure(stageAuth, smtpErr(535, "bad credentials")), false, true, true},
		{"untrusted certificate", sessionFailure(stageTLS, &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}), false, true, false},
		{"mail from 550", replyFailure(stageMail, smtpErr(550, "x"), "mail from"), false, true, true},
		{"mail from 451", replyFailure(stageMail, smtpErr(451, "x"), "mail from"), true, false, true},
		{"mail from 503", replyFailure(stageMail, smtpErr(503, "x"), "mail from"), false, true, false},
		{"rcpt 421", replyFailure(stageRcpt, smtpErr(421, "x"), "rcpt to"), false, true, false},
		{"rcpt dropped", replyFailure(stageRcpt, io.EOF, "rcpt to"), false, false, false},
		{"data 554", replyFailure(stageData, smtpErr(554, "x"), "data"), false, false, true},
		{"end of data 554", replyFailure(stageEnd, smtpErr(554, "x"), "data"), true, false, true},
		{"end of data 451", replyFailure(stageEnd, smtpErr(451, "x"), "data"), true, false, true},
		{"end of data dropped", replyFailure(stageEnd, io.ErrUnexpectedEOF, "data"), false, false, false},
		{"all recipients rejected", failf(stageRcpt, classPermanent, "all recipients rejected"), false, false, false},
	}
	for _, tc := range tests {
		f := tc.f
		if f.reuse != tc.reuse || f.relayWide() != tc.relayWide || f.politeClose() != tc.polite {
			t.Errorf("%s: reuse %v, relayWide %v, politeClose %v; want %v, %v, %v",
				tc.name, f.reuse, f.relayWide(), f.politeClose(), tc.reuse, tc.relayWide, tc.polite)
		}
	}
}

func TestPauseCause(t *testing.T) {
	tests := []struct {
		f      *failure
		severe bool
		has    string
	}{
		{sessionFailure(stageConnect, syscall.ECONNREFUSED), false, "cannot be reached"},
		{sessionFailure(stageEHLO, smtpErr(421, "busy")), false, "421"},
		{sessionFailure(stageEHLO, io.EOF), false, "not ready"},
		{sessionFailure(stageAuth, errors.New("server does not offer AUTH PLAIN")), true, "authentication"},
		{sessionFailure(stageAuth, smtpErr(535, "bad credentials")), true, "authentication"},
		{sessionFailure(stageStartTLS, errors.New("server does not support STARTTLS")), true, "TLS"},
		{replyFailure(stageMail, smtpErr(550, "sender refused"), "mail from"), true, "refuses our sender"},
		{replyFailure(stageMail, smtpErr(530, "auth first"), "mail from"), true, "authentication"},
		{replyFailure(stageMail, smtpErr(503, "Duplicate HELO/EHLO"), "mail from"), false, "out of sequence"},
		{replyFailure(stageRcpt, smtpErr(421, "closing"), "rcpt to"), false, "421"},
	}
	for _, tc := range tests {
		severe, cause := pauseCause(tc.f)
		if severe != tc.severe || !strings.Contains(cause, tc.has) {
			t.Errorf("pauseCause(%s: %v) = %v, %q; want %v and %q", tc.f.stage, tc.f, severe, cause, tc.severe, tc.has)
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
		c.GiveUpAfter != DefaultGiveUpAfter || c.BatchSize != DefaultBatchSize || c.HeloName != DefaultHeloName ||
		c.Connections != DefaultConnections || c.SerialAccept {
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
		case tc.bad != "" && (err == nil || !strings.Contains(err.Error(), tc.bad) || classOf(err) != classPermanent):
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
