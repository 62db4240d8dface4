package thread

import (
	"regexp"
	"strings"
	"testing"
)

func TestNewSigner(t *testing.T) {
	tests := []struct {
		addr string
		key  []byte
		ok   bool
	}{
		{"kundensupport@example.com", testKey, true},
		{"Support.Team@Mail.Example.COM", testKey, true},
		{" support@example.com ", testKey, true},
		{"support", testKey, false},
		{"@example.com", testKey, false},
		{"support@", testKey, false},
		{"a@b@example.com", testKey, false},
		{"sup port@example.com", testKey, false},
		{`"support"@example.com`, testKey, false},
		{"support@exa_mple.com", testKey, false},
		{"support@example..com", testKey, false},
		{"Support <support@example.com>", testKey, false},
		{"support@example.com", testKey[:15], false},
		{"support@example.com", nil, false},
	}
	for _, tt := range tests {
		_, err := NewSigner(tt.addr, tt.key)
		if (err == nil) != tt.ok {
			t.Errorf("NewSigner(%q, %d bytes) error = %v, want ok %v", tt.addr, len(tt.key), err, tt.ok)
		}
	}
}

// TestReplyAddressGolden pins the format and the MAC: a change would invalidate every reply
// address already sent out. The MACs were computed independently (Python hmac/base64).
func TestReplyAddressGolden(t *testing.T) {
	s := newTestSigner(t, "KundenSupport@Example.com", testKey)
	tests := []struct{ number, want string }{
		{"2026-000042", "kundensupport+t2026-000042.ckrvg2yphjhwbqz4@example.com"},
		{"42", "kundensupport+t42.vrmme4xim453nrq3@example.com"},
		{"", ""},
		{"42\r\nBcc: x@y", ""},
		{"-42", ""},
		{"42-", ""},
		{"4--2", ""},
		{"T42", ""},
		{strings.Repeat("1", maxNumberLen+1), ""},
	}
	for _, tt := range tests {
		if got := s.ReplyAddress(tt.number); got != tt.want {
			t.Errorf("ReplyAddress(%q) = %q, want %q", tt.number, got, tt.want)
		}
	}
}

func TestSignVerifyRoundTrip(t *testing.T) {
	s := newTestSigner(t, "kundensupport@example.com", testKey)
	shape := regexp.MustCompile(`^kundensupport\+t[0-9-]+\.[a-z2-7]{16}@example\.com$`)
	for _, n := range []string{"1", "42", "2026-000042", "1999-000001", "0", strings.Repeat("9", maxNumberLen)} {
		addr := s.ReplyAddress(n)
		if !shape.MatchString(addr) {
			t.Errorf("ReplyAddress(%q) = %q, want the shape %s", n, addr, shape)
		}
		if got, ok := s.Verify(addr); !ok || got != n {
			t.Errorf("Verify(%q) = %q, %v, want %q, true", addr, got, ok, n)
		}
	}
}

func TestVerify(t *testing.T) {
	s := newTestSigner(t, "kundensupport@example.com", testKey)
	good := s.ReplyAddress("2026-000042")
	local, domain, _ := strings.Cut(good, "@")
	mac := local[len(local)-macLen:]
	flip := func(c byte) string { // good with the MAC's last character replaced
		return local[:len(local)-1] + string(c) + "@" + domain
	}
	other := newTestSigner(t, "kundensupport@example.com", keyOf(7))
	plusBase := newTestSigner(t, "help+desk@example.com", testKey)

	tests := []struct {
		name string
		s    *Signer
		addr string
		want string // "" means not ok
	}{
		{"valid", s, good, "2026-000042"},
		{"upper-cased", s, strings.ToUpper(good), "2026-000042"},
		{"mixed case", s, "KundenSupport+T2026-000042." + strings.ToUpper(mac[:8]) + mac[8:] + "@Example.COM", "2026-000042"},
		{"angle brackets and space", s, " <" + good + "> ", "2026-000042"},
		{"trailing dot on domain", s, good + ".", "2026-000042"},
		{"tampered mac", s, flip('a'), ""},
		{"tampered mac 2", s, flip('b'), ""},
		{"mac too short", s, local[:len(local)-1] + "@" + domain, ""},
		{"mac too long", s, local + "a@" + domain, ""},
		{"mac with padding", s, local + "=@" + domain, ""},
		{"other number same mac", s, strings.Replace(good, "2026-000042", "2026-000043", 1), ""},
		{"other domain", s, local + "@example.org", ""},
		{"subdomain", s, local + "@mail.example.com", ""},
		{"other local part", s, "support" + strings.TrimPrefix(local, "kundensupport") + "@" + domain, ""},
		{"longer local part", s, "xkundensupport" + strings.TrimPrefix(local, "kundensupport") + "@" + domain, ""},
		{"wrong key", other, good, ""},
		{"plain support address", s, "kundensupport@example.com", ""},
		{"no t", s, strings.Replace(good, "+t", "+", 1), ""},
		{"kelvin sign local part", s, strings.Replace(good, "k", "\u212a", 1), ""},
		{"empty", s, "", ""},
		{"garbage", s, "+t.@", ""},
		{"only at", s, "@", ""},
		{"nil signer", nil, good, ""},
		{"too long", s, strings.Repeat("a", maxAddrLen) + good, ""},
		{"plus in base", plusBase, plusBase.ReplyAddress("42"), "42"},
		{"plus base without plus", plusBase, strings.Replace(plusBase.ReplyAddress("42"), "help+desk", "helpdesk", 1), ""},
	}
	for _, tt := range tests {
		got, ok := tt.s.Verify(tt.addr)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("%s: Verify(%q) = %q, %v, want %q, %v", tt.name, tt.addr, got, ok, tt.want, tt.want != "")
		}
	}
}
