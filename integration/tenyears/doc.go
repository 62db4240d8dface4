// Package tenyears measures the daemon on a ten-year desk, as issue 9 asks: it builds the desk
// of internal/deskgen (100,000 tickets, 400,000 comments, 1,000,000 raw mails, 200,000
// outgoing mails; cached in HELPDESK_DESK_DIR), starts the real `helpdesk serve` binary on a
// copy of it against a private Dovecot (or, where Dovecot is missing, the demo's in-process
// IMAP server), and prints: store size per ticket, the daemon's RssAnon and RssFile after
// start, after each list command and after 1,000 new mails, the time until the control
// socket answers, the latency of status and of the list commands, and the store size after
// the keep_sent sweep and `helpdesk compact`. It prints figures and asserts no timing:
//
//	HELPDESK_DESK_DIR=/var/tmp/desk go test -run '^$' -bench TenYears -benchtime 1x -timeout 30m ./integration/tenyears/
//
// HELPDESK_DESK_SCALE scales the desk (0.1: a tenth), to see which figures grow with it.
package tenyears
