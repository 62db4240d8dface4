package work

import (
	"bytes"
	"strings"
	"testing"

	"helpdesk/mailflow/parse"
	"helpdesk/mailflow/thread"
	"helpdesk/staff"
)

var (
	signer, _ = thread.NewSigner("support@desk.test", bytes.Repeat([]byte{5}, 32))
	roster    = staff.NewRoster([]staff.Technician{
		{ID: "m.keller", Name: "Max Keller", Emails: []string{"max.keller@systemhaus.test"}, Role: staff.RoleTechnician, Active: true},
		{ID: "a.wolf", Name: "Anna Wolf", Emails: []string{"a.wolf@systemhaus.test"}, Role: staff.RoleTechnician, Active: true},
		{ID: "s.dispo", Name: "Sabine Dispo", Emails: []string{"dispo@systemhaus.test"}, Role: staff.RoleDispatch, Active: true},
		{ID: "gone", Name: "Gone", Emails: []string{"gone@systemhaus.test"}, Role: staff.RoleTechnician},
	})
)

// msg parses a mail with the given headers.
func msg(t *testing.T, headers string) *parse.Message {
	t.Helper()
	m, err := parse.Parse(strings.NewReader(strings.ReplaceAll(headers, "\n", "\r\n")+"\r\n\r\n#status gelöst\r\n"), nil, parse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestCheck(t *testing.T) {
	const number = "2026-000042"
	maxAddr := signer.TechnicianAddress(number, "m.keller")
	altered := strings.Replace(maxAddr, ".m.keller.", ".m.kellex.", 1)
	authOK := "Authentication-Results: mx.desk.test; dkim=pass header.d=systemhaus.test\n"
	authEvil := "Authentication-Results: mx.evil.test; dkim=pass header.d=systemhaus.test\n"
	trusted := []string{"mx.desk.test"}
	tests := []struct {
		name         string
		headers      string
		threadTicket string
		opts         Options
		staff        bool
		proven       string // technician ID when proven
		opens        bool
		failure      string // part of the reason
		tell         string // who is told of a failure
	}{
		{name: "customer mail", headers: "From: kunde@kunde.test\nTo: support@desk.test", staff: false},
		{name: "proven", headers: "From: Max Keller <max.keller@systemhaus.test>\nTo: " + maxAddr, staff: true, proven: "m.keller"},
		{name: "proven, thread agrees", headers: "From: max.keller@systemhaus.test\nTo: " + maxAddr, threadTicket: number, staff: true, proven: "m.keller"},
		{name: "forged From to the plain address with the subject tag", headers: "From: max.keller@systemhaus.test\nTo: support@desk.test\nSubject: AW: [Ticket#" + number + "] x",
			staff: true, failure: "plain support address", tell: "m.keller"},
		{name: "valid token for another ticket", headers: "From: max.keller@systemhaus.test\nTo: " + signer.TechnicianAddress("2026-000007", "m.keller"),
			threadTicket: number, staff: true, failure: "issued for ticket 2026-000007, but the mail answers ticket " + number, tell: "m.keller"},
		{name: "token of another technician", headers: "From: a.wolf@systemhaus.test\nTo: " + maxAddr,
			staff: true, failure: "issued to m.keller, but the From address a.wolf@systemhaus.test is a.wolf's", tell: "a.wolf"}, // the sender the From names sends again properly,
		{name: "altered token", headers: "From: max.keller@systemhaus.test\nTo: " + altered, staff: true, failure: "not issued by this desk", tell: "m.keller"},
		{name: "correct token, From not the technician's", headers: "From: eve@evil.test\nTo: " + maxAddr,
			staff: true, failure: "not one of m.keller's addresses", tell: "m.keller"},
		{name: "display-name spoof", headers: "From: \"Max Keller <max.keller@systemhaus.test>\" <max.keller@evil.example>\nTo: " + maxAddr,
			staff: true, failure: "not one of m.keller's addresses", tell: "m.keller"},
		{name: "disabled technician", headers: "From: gone@systemhaus.test\nTo: " + signer.TechnicianAddress(number, "gone"), staff: true, failure: "disabled"},
		{name: "auth required, none", headers: "From: max.keller@systemhaus.test\nTo: " + maxAddr, opts: Options{RequireAuthResults: true, TrustedAuthservIDs: trusted},
			staff: true, failure: "requires Authentication-Results", tell: "m.keller"},
		{name: "auth required, untrusted host", headers: authEvil + "From: max.keller@systemhaus.test\nTo: " + maxAddr,
			opts: Options{RequireAuthResults: true, TrustedAuthservIDs: trusted}, staff: true, failure: "requires Authentication-Results", tell: "m.keller"},
		{name: "auth required, trusted host", headers: authOK + "From: max.keller@systemhaus.test\nTo: " + maxAddr,
			opts: Options{RequireAuthResults: true, TrustedAuthservIDs: trusted}, staff: true, proven: "m.keller"},
		{name: "new ticket by mail, authenticated", headers: authOK + "From: max.keller@systemhaus.test\nTo: support@desk.test",
			opts: Options{TrustedAuthservIDs: trusted}, staff: true, proven: "m.keller", opens: true},
		{name: "dispatcher on the dispatch address", headers: "From: dispo@systemhaus.test\nTo: " + signer.DispatchAddress(number), staff: true, proven: "s.dispo"},
		{name: "technician on the dispatch address", headers: "From: max.keller@systemhaus.test\nTo: " + signer.DispatchAddress(number),
			staff: true, failure: "no active dispatcher's", tell: "m.keller"},
		{name: "stranger on the dispatch address", headers: "From: eve@evil.test\nTo: " + signer.DispatchAddress(number), staff: true, failure: "no active dispatcher's"},
		{name: "customer reply address is no staff token", headers: "From: kunde@kunde.test\nTo: " + signer.ReplyAddress(number), staff: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, isStaff := Check(msg(t, tt.headers), signer, roster, tt.threadTicket, tt.opts)
			if isStaff != tt.staff {
				t.Fatalf("staff = %v, want %v (%+v)", isStaff, tt.staff, p)
			}
			if !isStaff {
				return
			}
			if tt.proven != "" {
				if !p.Proven() || p.Technician.ID != tt.proven || p.Opens != tt.opens {
					t.Fatalf("proof = %+v, want proven as %s (opens %v)", p, tt.proven, tt.opens)
				}
				if !tt.opens && p.Ticket != number {
					t.Errorf("ticket = %q, want %s", p.Ticket, number)
				}
				return
			}
			if p.Proven() || !strings.Contains(p.Failure, tt.failure) {
				t.Fatalf("proof = %+v, want not proven: %q", p, tt.failure)
			}
			tell := ""
			if p.Tell != nil {
				tell = p.Tell.ID
			}
			if tell != tt.tell {
				t.Errorf("tell = %q, want %q", tell, tt.tell)
			}
		})
	}
}
