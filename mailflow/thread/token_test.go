package thread

import (
	"bytes"
	"strings"
	"testing"

	"helpdesk/mailflow/parse"
)

func TestTokens(t *testing.T) {
	s, err := NewSigner("Support@Desk.test", bytes.Repeat([]byte{3}, 32))
	if err != nil {
		t.Fatal(err)
	}
	other, _ := NewSigner("support@desk.test", bytes.Repeat([]byte{4}, 32))
	tech := s.TechnicianAddress("2026-000042", "m.keller")
	disp := s.DispatchAddress("2026-000042")
	cust := s.ReplyAddress("2026-000042")
	flip := func(a string) string { // change one MAC character
		at := strings.IndexByte(a, '@')
		c := a[at-1]
		r := byte('a')
		if c == 'a' {
			r = 'b'
		}
		return a[:at-1] + string(r) + a[at:]
	}
	tests := []struct {
		addr  string
		ok    bool
		want  Token
		valid bool
	}{
		{tech, true, Token{Kind: TokenTechnician, Number: "2026-000042", Technician: "m.keller"}, true},
		{strings.ToUpper(tech), true, Token{Kind: TokenTechnician, Number: "2026-000042", Technician: "m.keller"}, true},
		{disp, true, Token{Kind: TokenDispatch, Number: "2026-000042"}, true},
		{cust, true, Token{Kind: TokenCustomer, Number: "2026-000042"}, true},
		{flip(tech), true, Token{Kind: TokenTechnician, Number: "2026-000042", Technician: "m.keller"}, false},
		{other.TechnicianAddress("2026-000042", "m.keller"), true, Token{Kind: TokenTechnician, Number: "2026-000042", Technician: "m.keller"}, false},
		// Another technician's name put into Max's address: the MAC binds the technician.
		{strings.Replace(tech, ".m.keller.", ".a.wolf.", 1), true, Token{Kind: TokenTechnician, Number: "2026-000042", Technician: "a.wolf"}, false},
		// Another ticket's number in the address: the MAC binds the ticket.
		{strings.Replace(tech, "2026-000042", "2026-000043", 1), true, Token{Kind: TokenTechnician, Number: "2026-000043", Technician: "m.keller"}, false},
		// A customer's MAC under the technician's kind does not verify.
		{strings.Replace(cust, "+t2026-000042.", "+w2026-000042.m.keller.", 1), true, Token{Kind: TokenTechnician, Number: "2026-000042", Technician: "m.keller"}, false},
		{"support@desk.test", false, Token{}, false},
		{"support+x42.abc@desk.test", false, Token{}, false},
		{"other+w42.m.keller.aaaaaaaaaaaaaaaa@desk.test", false, Token{}, false},
		{"support+w42.M!X.aaaaaaaaaaaaaaaa@desk.test", false, Token{}, false},
		{strings.Replace(tech, "@desk.test", "@evil.test", 1), false, Token{}, false},
	}
	for _, tt := range tests {
		got, ok := s.ParseToken(tt.addr)
		got.Address = ""
		wantTok := tt.want
		wantTok.Valid = tt.valid
		if ok != tt.ok || (ok && got != wantTok) {
			t.Errorf("ParseToken(%q) = %+v, %v; want %+v, %v", tt.addr, got, ok, wantTok, tt.ok)
		}
	}
	if n, ok := s.Verify(tech); ok {
		t.Errorf("Verify(technician address) = %q: a technician's address must not pass as the customer's", n)
	}
	if a := s.TechnicianAddress("2026-000042", "Bad ID"); a != "" {
		t.Errorf("TechnicianAddress with a bad ID = %q, want empty", a)
	}
	m := &parse.Message{To: []parse.Address{{Addr: "support@desk.test"}, {Addr: tech}}, Cc: []parse.Address{{Addr: tech}}}
	if toks := Tokens(m, s); len(toks) != 1 || !toks[0].Valid {
		t.Errorf("Tokens = %+v, want the technician's once", toks)
	}
}

func FuzzParseToken(f *testing.F) {
	s, _ := NewSigner("support@desk.test", bytes.Repeat([]byte{3}, 32))
	f.Add(s.TechnicianAddress("2026-000042", "m.keller"))
	f.Add(s.DispatchAddress("7"))
	f.Add("support+w1..x@desk.test")
	f.Fuzz(func(t *testing.T, addr string) {
		tok, ok := s.ParseToken(addr)
		if !ok || !tok.Valid {
			return
		}
		var again string
		switch tok.Kind {
		case TokenTechnician:
			again = s.TechnicianAddress(tok.Number, tok.Technician)
		case TokenDispatch:
			again = s.DispatchAddress(tok.Number)
		case TokenCustomer:
			again = s.ReplyAddress(tok.Number)
		}
		if again != tok.Address {
			t.Fatalf("ParseToken(%q) valid as %+v, but that token's address is %q", addr, tok, again)
		}
	})
}
