package thread

import "testing"

func TestSubjectTag(t *testing.T) {
	if got, want := SubjectTag("2026-000042"), "[Ticket#2026-000042]"; got != want {
		t.Errorf("SubjectTag = %q, want %q", got, want)
	}
	if got, ok := FindSubjectTag("Re: " + SubjectTag("42") + " Drucker"); !ok || got != "42" {
		t.Errorf("FindSubjectTag(SubjectTag(42)) = %q, %v, want 42, true", got, ok)
	}
}

func TestFindSubjectTag(t *testing.T) {
	tests := []struct{ in, want string }{
		{"[Ticket#2026-000042] Drucker druckt nicht", "2026-000042"},
		{"AW: [Ticket#2026-000042] Drucker druckt nicht", "2026-000042"},
		{"WG: AW: RE: Fwd: [Ticket#2026-000042] Drucker", "2026-000042"},
		{"AW: Drucker druckt nicht [Ticket#2026-000042]", "2026-000042"},
		{"[Ticket #2026-000042] Drucker", "2026-000042"},
		{"[ Ticket # 2026-000042 ] Drucker", "2026-000042"},
		{"[Ticket\u00a0#2026-000042]", "2026-000042"},
		{"[ticket#42]", "42"},
		{"Re: [TICKET#42]", "42"},
		{"[Ticket#42][Ticket#43]", "42"},
		{"AW: [Ticket#43] Re: [Ticket#42]", "43"},
		{"[Ticket#4--2] then [Ticket#7]", "7"},
		{"Drucker druckt nicht", ""},
		{"", ""},
		{"Ticket#42", ""},
		{"[Ticket42]", ""},
		{"[Ticket#]", ""},
		{"[Ticket#abc]", ""},
		{"[Ticket#42", ""},
		{"[Ticket#-42]", ""},
		{"[Ticket#42-]", ""},
		{"[Ticket#42x]", ""},
		{"[Tickets#42]", ""},
		{"[Ticket#123456789012345678901234567890123]", ""},
		{"\xff\xfe[Ticket#9]\x00", "9"},
		{"[[[[Ticket#]]]]#####", ""},
	}
	for _, tt := range tests {
		got, ok := FindSubjectTag(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("FindSubjectTag(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.want != "")
		}
	}
}
