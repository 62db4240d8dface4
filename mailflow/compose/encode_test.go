package compose

import (
	"bytes"
	"strings"
	"testing"

	gomail "github.com/emersion/go-message/mail"
)

func TestEncodeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain ascii", "plain ascii"},
		{"", ""},
		{"[Ticket#1] Übergröße", "[Ticket#1] =?utf-8?q?=C3=9Cbergr=C3=B6=C3=9Fe?="},
		{"a Ü Ö b", "a =?utf-8?q?=C3=9C_=C3=96?= b"},
		{"a Ü  b", "a =?utf-8?q?=C3=9C_?= b"},
		{"looks =?utf-8?q?x?= encoded", "looks =?utf-8?q?=3D=3Futf-8=3Fq=3Fx=3F=3D?= encoded"},
		{"ctl\x01", "=?utf-8?q?ctl=01?="},
		{"ÄÄÄÄÄÄÄÄÄÄÄÄ", "=?utf-8?q?=C3=84=C3=84=C3=84=C3=84=C3=84=C3=84?= =?utf-8?q?=C3=84=C3=84=C3=84=C3=84=C3=84=C3=84?="},
	}
	for _, tt := range tests {
		if got := encodeText(tt.in); got != tt.want {
			t.Errorf("encodeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSubjectRoundTrip writes subjects through Write and reads them back with go-message.
func TestSubjectRoundTrip(t *testing.T) {
	subjects := []string{
		"[Ticket#2026-000042] Drucker im 2. OG druckt nicht",
		"[Ticket#2026-000042] Drucker im 2. OG druckt nicht – Übergröße",
		"Ü  Ö", "Ü  x", "x  Ü", "Ü ", "a Ü Ö b", "Grüße\tvon Jürgen",
		"=?utf-8?q?fake?=", "€€€ " + strings.Repeat("Überlänge ", 30),
		strings.Repeat("lang ", 40) + "ä",
	}
	for _, s := range subjects {
		m := fullMail()
		m.Subject = s
		b := mustBytes(t, m)
		r, err := gomail.CreateReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("CreateReader: %v", err)
		}
		if got, err := r.Header.Subject(); err != nil || got != s {
			t.Errorf("Subject round trip of %q = %q, %v", s, got, err)
		}
		for i, l := range strings.Split(string(b), "\r\n") {
			if len(l) > 78 {
				t.Errorf("subject %q: line %d is %d long: %q", s, i+1, len(l), l)
			}
		}
	}
}
