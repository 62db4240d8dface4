package config

import "testing"

func TestIsLoopback(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"127.0.0.1:143", true},
		{"127.255.0.9:25", true},
		{"[::1]:587", true},
		{"::1", true},
		{"[::ffff:127.0.0.1]:25", true},
		{"localhost:25", true},
		{"LOCALHOST.:25", true},
		{"localhost", true},
		{"128.0.0.1:25", false},
		{"10.0.0.1:25", false},
		{"[::2]:25", false},
		{"localhost.example.com:25", false},
		{"mail.example.com:25", false},
		{"0.0.0.0:25", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsLoopback(tt.in); got != tt.want {
			t.Errorf("IsLoopback(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestCheckHostPort(t *testing.T) {
	tests := []struct {
		in        string
		minPort   int
		emptyHost bool
		wantErr   bool
	}{
		{"mail.example.com:993", 1, false, false},
		{"[2001:db8::1]:993", 1, false, false},
		{"mail.example.com", 1, false, true},
		{"mail.example.com:", 1, false, true},
		{"mail.example.com:0", 1, false, true},
		{"mail.example.com:65536", 1, false, true},
		{"mail.example.com:-1", 1, false, true},
		{":993", 1, false, true},
		{":8025", 0, true, false},
		{"127.0.0.1:0", 0, true, false},
		{"2001:db8::1:993", 1, false, true},
		{"mail example.com:25", 1, false, true},
	}
	for _, tt := range tests {
		err := checkHostPort(tt.in, tt.minPort, tt.emptyHost)
		if (err != nil) != tt.wantErr {
			t.Errorf("checkHostPort(%q, %d, %v) = %v, want error %v", tt.in, tt.minPort, tt.emptyHost, err, tt.wantErr)
		}
	}
}

func TestSecurity(t *testing.T) {
	for _, s := range []Security{SecurityTLS, SecurityStartTLS, SecurityNone} {
		if !s.Valid() {
			t.Errorf("Security(%q).Valid() = false, want true", s)
		}
	}
	for _, s := range []Security{"", "TLS", "ssl"} {
		if s.Valid() {
			t.Errorf("Security(%q).Valid() = true, want false", s)
		}
	}
	if SecurityNone.UsesTLS() || !SecurityStartTLS.UsesTLS() || !SecurityTLS.UsesTLS() {
		t.Errorf("UsesTLS wrong: none %v starttls %v tls %v", SecurityNone.UsesTLS(), SecurityStartTLS.UsesTLS(), SecurityTLS.UsesTLS())
	}
}

func TestCheckSenderPattern(t *testing.T) {
	tests := []struct {
		in      string
		wantErr bool
	}{
		{"example.com", false},
		{"@example.com", false},
		{"*.example.com", false},
		{"user@example.com", false},
		{"büro.example.de", false},
		{"localhost", false},
		{"", true},
		{" example.com", true},
		{"*example.com", true},
		{"*.", true},
		{"@", true},
		{"example..com", true},
		{"-example.com", true},
		{"exa_mple.com", true},
		{"Name <user@example.com>", true},
		{"user@", true},
		{"@@example.com", true},
	}
	for _, tt := range tests {
		err := checkSenderPattern(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("checkSenderPattern(%q) = %v, want error %v", tt.in, err, tt.wantErr)
		}
	}
}
