package devmail

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestNormalizeAddress(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  bool
	}{
		{"Kunde@Example.COM", "kunde@example.com", false},
		{" <a@b.test> ", "a@b.test", false},
		{"postmaster", "postmaster", false},
		{"", "", true},
		{"<>", "", true},
		{"a b@x.test", "", true},
		{"a\r\n@x.test", "", true},
		{strings.Repeat("a", 321), "", true},
	}
	for _, tt := range tests {
		got, err := normalizeAddress(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("normalizeAddress(%q) = %q, %v; want %q, err=%v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestToCRLF(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a\nb\n", "a\r\nb\r\n"},
		{"a\r\nb\r\n", "a\r\nb\r\n"},
		{"\n", "\r\n"},
		{"a\r\nb\nc", "a\r\nb\r\nc"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := string(toCRLF([]byte(tt.in))); got != tt.want {
			t.Errorf("toCRLF(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTraceHeaders(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 4, 5, 0, time.UTC)
	env := envelope{helo: "evil\r\nX-Injected: 1 (x)", remote: "127.0.0.1", protocol: "ESMTP"}
	got := string(traceHeaders(env, "s@x.test", "r@x.test", now))
	want := "Return-Path: <s@x.test>\r\n" + "Delivered-To: r@x.test\r\n" +
		"Received: from evilX-Injected:1x ([127.0.0.1])\r\n\tby devmail with ESMTP\r\n\tfor <r@x.test>; Mon, 02 Mar 2026 10:04:05 +0000\r\n"
	if got != want {
		t.Errorf("traceHeaders = %q, want %q", got, want)
	}
}

func TestSubjectOf(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"Subject: =?ISO-8859-1?Q?Gr=FC=DFe?=\r\n\r\nx", "Grüße"},
		{"Subject: plain\r\n\r\n", "plain"},
		{"no header at all", ""},
		{"Subject: " + strings.Repeat("ä", 100) + "\r\n\r\n", strings.Repeat("ä", 60) + "…"},
	}
	for _, tt := range tests {
		if got := subjectOf([]byte(tt.raw)); got != tt.want {
			t.Errorf("subjectOf(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

func FuzzToCRLFAndSubject(f *testing.F) {
	f.Add([]byte("Subject: hi\nx\n"))
	f.Add([]byte("Subject: =?UTF-8?B?w6Q=?=\r\n\r\n"))
	f.Add([]byte("\n\r\n\r"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		out := toCRLF(raw)
		for i, c := range out {
			if c == '\n' && (i == 0 || out[i-1] != '\r') {
				t.Fatalf("toCRLF(%q) = %q has a bare LF at %d", raw, out, i)
			}
		}
		if again := toCRLF(out); !bytes.Equal(again, out) {
			t.Fatalf("toCRLF not idempotent on %q", raw)
		}
		if s := subjectOf(raw); len(s) > 130 {
			t.Fatalf("subjectOf(%q) = %d bytes, want <= 130", raw, len(s))
		}
	})
}
