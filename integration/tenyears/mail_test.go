package tenyears

import (
	"fmt"
	"testing"
	"time"

	"helpdesk/devmail"
	"helpdesk/internal/dovecottest"
	"helpdesk/internal/relaytest"
)

const (
	supportUser     = "support@desk.example"
	supportPassword = "tenyears-secret"
)

// mailWorld is where the daemon reads and sends mail: a private Dovecot and a relay, or, where
// Dovecot is missing, the demo's in-process IMAP and SMTP servers.
type mailWorld struct {
	name     string
	imapAddr string
	smtpAddr string
	password string
	deliver  func(raws [][]byte) error
}

func startMailWorld(tb testing.TB) *mailWorld {
	tb.Helper()
	relay, err := relaytest.StartWith("127.0.0.1:0", relaytest.Options{Discard: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { relay.Close() })
	if dovecottest.Binary() != "" {
		dc := dovecottest.Start(tb)
		dc.AddUser(supportUser, supportPassword)
		return &mailWorld{name: "Dovecot", imapAddr: dc.IMAPAddr, smtpAddr: relay.Addr(), password: supportPassword,
			deliver: func(raws [][]byte) error { return dc.DeliverMaildir(supportUser, raws) }}
	}
	tb.Logf("Dovecot is not installed (apt-get install dovecot-imapd dovecot-lmtpd): measuring against the demo's in-process IMAP server")
	w, err := devmail.Start(devmail.Options{IMAPAddr: "127.0.0.1:0", SMTPAddr: "127.0.0.1:0"})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { w.Close() })
	return &mailWorld{name: "devmail (in-process IMAP)", imapAddr: w.IMAPAddr(), smtpAddr: relay.Addr(), password: w.Password(),
		deliver: func(raws [][]byte) error {
			for _, raw := range raws {
				if err := w.Deliver("kunde@example.org", []string{supportUser}, raw); err != nil {
					return err
				}
			}
			return nil
		}}
}

// newIncidents returns n incident mails from n different senders.
func newIncidents(n int) [][]byte {
	out := make([][]byte, n)
	now := time.Now().UTC().Format(time.RFC1123Z)
	for i := range out {
		out[i] = fmt.Appendf(nil, "From: Kunde %d <kunde%d@kunden.example>\r\nTo: %s\r\nSubject: Drucker im Büro %d druckt nicht\r\n"+
			"Message-ID: <tenyears-%d-%d@kunden.example>\r\nDate: %s\r\nMIME-Version: 1.0\r\n"+
			"Content-Type: text/plain; charset=utf-8\r\n\r\nGuten Tag,\r\n\r\nder Drucker im Büro %d zeigt seit heute früh einen Papierstau,\r\n"+
			"obwohl kein Papier feststeckt. Bitte um Rückruf.\r\n\r\nViele Grüße\r\nKunde %d\r\n",
			i, i, supportUser, i, time.Now().UnixNano(), i, now, i, i)
	}
	return out
}
