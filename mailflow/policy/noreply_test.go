package policy

import "testing"

func TestNoReply(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"noreply@shop.example", true},
		{"no-reply@shop.example", true},
		{"No_Reply@shop.example", true},
		{"noreply-billing@shop.example", true},
		{"donotreply@shop.example", true},
		{"do-not-reply@shop.example", true},
		{"dontreply@shop.example", true},
		{"postmaster@kunde.example", true},
		{"MAILER-DAEMON@kunde.example", true},
		{"bounce@esp.example", true},
		{"bounces+12345@esp.example", true},
		{"bounce-mc.us1_123@mcsv.example", true},
		{"users-bounces@lists.example", true},
		{"listserv@lists.example", true},
		{"majordomo@lists.example", true},
		{"owner-users@lists.example", true},
		{"users-request@lists.example", true},
		{"users-owner@lists.example", true},
		{"<noreply@shop.example>", true},
		{"", true},
		{"no-at-sign", true},
		{"kunde@firma.example", false},
		{"m.mueller@kunde.example", false},
		{"support@helpdesk.test", false},
		{"replyto@firma.example", false},
		{"norbert@firma.example", false},
		{"request@firma.example", false},
		{"bouncer@club.example", false},
		{"owner@firma.example", false},
	}
	for _, tt := range tests {
		if got := NoReply(tt.addr); got != tt.want {
			t.Errorf("NoReply(%q) = %v, want %v", tt.addr, got, tt.want)
		}
	}
}
