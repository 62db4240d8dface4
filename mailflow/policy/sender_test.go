package policy

import (
	"testing"
)

func TestMatchSender(t *testing.T) {
	tests := []struct {
		addr, pattern string
		want          bool
	}{
		{"a@b.example", "a@b.example", true},
		{"A@B.Example", "a@b.example", true},
		{"x@b.example", "a@b.example", false},
		{"a@b.example", "b.example", true},
		{"a@sub.b.example", "b.example", false},
		{"a@b.example", "@b.example", true},
		{"a@sub.b.example", "@b.example", false},
		{"a@sub.b.example", "*.b.example", true},
		{"a@x.sub.b.example", "*.b.example", true},
		{"a@b.example", "*.b.example", false},
		{"a@evilb.example", "*.b.example", false},
		{"a@evilb.example", "b.example", false},
		{"", "b.example", false},
		{"a@b.example", "", false},
		{"nodomain", "nodomain", false},
	}
	for _, tt := range tests {
		if got := MatchSender(tt.addr, tt.pattern); got != tt.want {
			t.Errorf("MatchSender(%q, %q) = %v, want %v", tt.addr, tt.pattern, got, tt.want)
		}
	}
}

func TestSenderPolicy(t *testing.T) {
	known := func(addr string) bool { return addr == "kontakt@kunde.example" }
	tests := []struct {
		name        string
		p           SenderPolicy
		from        string
		want        Code
		wantFlagged bool
		fromProblem string // the parser could not trust the From line
	}{
		{"anyone keeps", SenderPolicy{Mode: "anyone"}, "fremd@x.example", Keep, false, ""},
		{"empty mode is anyone", SenderPolicy{}, "fremd@x.example", Keep, false, ""},
		{"deny address", SenderPolicy{Deny: []string{"fremd@x.example"}}, "fremd@x.example", SenderDenied, false, ""},
		{"deny domain", SenderPolicy{Deny: []string{"@x.example"}}, "fremd@x.example", SenderDenied, false, ""},
		{"deny subdomains", SenderPolicy{Deny: []string{"*.x.example"}}, "a@mail.x.example", SenderDenied, false, ""},
		{"deny before allow", SenderPolicy{Deny: []string{"x.example"}, Allow: []string{"fremd@x.example"}}, "fremd@x.example", SenderDenied, false, ""},
		{"known mode known", SenderPolicy{Mode: "known", Known: known}, "kontakt@kunde.example", Keep, false, ""},
		{"known mode unknown", SenderPolicy{Mode: "known", Known: known}, "fremd@x.example", SenderUnknown, false, ""},
		{"known mode unknown flag", SenderPolicy{Mode: "known", Unknown: "flag", Known: known}, "fremd@x.example", Keep, true, ""},
		{"known mode allow domain", SenderPolicy{Mode: "known", Known: known, Allow: []string{"partner.example"}}, "a@partner.example", Keep, false, ""},
		{"known mode nil directory", SenderPolicy{Mode: "known"}, "kontakt@kunde.example", SenderUnknown, false, ""},
		{"known mode empty sender", SenderPolicy{Mode: "known", Known: known}, "", SenderUnknown, false, ""},
		{"guessed From is never known", SenderPolicy{Mode: "known", Known: known}, "kontakt@kunde.example", SenderUnknown, false, "malformed"},
		{"guessed From is never allowed", SenderPolicy{Mode: "known", Known: known, Allow: []string{"partner.example"}}, "a@partner.example", SenderUnknown, false, "malformed"},
		{"guessed From is still denied", SenderPolicy{Deny: []string{"@x.example"}}, "fremd@x.example", SenderDenied, false, "malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := defaultOptions()
			o.Senders = tt.p
			m := msg(tt.from, "Drucker defekt")
			m.FromProblem = tt.fromProblem
			v := Classify(m, o)
			if v.Code != tt.want || v.SetAside != (tt.want != Keep) || v.Flagged != tt.wantFlagged {
				t.Fatalf("Classify(from %q) = %q set aside %v flagged %v (%s), want %q flagged %v",
					tt.from, v.Code, v.SetAside, v.Flagged, v.Reason, tt.want, tt.wantFlagged)
			}
			if v.Automatic {
				t.Errorf("Classify(from %q).Automatic = true, want false", tt.from)
			}
		})
	}
}
