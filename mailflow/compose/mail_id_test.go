package compose

import "testing"

func TestIsOwnMessageID(t *testing.T) {
	id := NewMessageID("desk.example")
	for _, c := range []struct {
		id, domain string
		want       bool
	}{
		{id, "desk.example", true},
		{"HD." + id[3:], "DESK.example", true}, // case may change on the way
		{id, "other.example", false},
		{id, "", false},
		{"hd.x@evil-desk.example", "desk.example", false},
		{"abc@desk.example", "desk.example", false},
		{"hd.@", "desk.example", false},
		{"", "desk.example", false},
	} {
		if got := IsOwnMessageID(c.id, c.domain); got != c.want {
			t.Errorf("IsOwnMessageID(%q, %q) = %v, want %v", c.id, c.domain, got, c.want)
		}
	}
}
