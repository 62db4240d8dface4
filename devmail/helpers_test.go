package devmail

import (
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-smtp"
	"github.com/rs/zerolog"

	"helpdesk/internal/testlog"
)

// startWorld starts a world on free loopback ports and returns it with its log.
func startWorld(t *testing.T, opts Options) (*World, *testlog.Buffer) {
	t.Helper()
	logs := &testlog.Buffer{}
	opts.IMAPAddr = "127.0.0.1:0"
	opts.SMTPAddr = "127.0.0.1:0"
	opts.Log = zerolog.New(logs)
	w, err := Start(opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := w.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return w, logs
}

// sendSMTP sends raw from -> to through the world's SMTP server.
func sendSMTP(t *testing.T, addr, from string, to []string, raw string) error {
	t.Helper()
	c, err := smtp.Dial(addr)
	if err != nil {
		t.Fatalf("smtp.Dial: %v", err)
	}
	defer c.Close()
	if err := c.SendMail(from, to, strings.NewReader(raw)); err != nil {
		return err
	}
	return c.Quit()
}

// login opens an IMAP session as user.
func login(t *testing.T, addr, user, password string, opts *imapclient.Options) *imapclient.Client {
	t.Helper()
	c, err := imapclient.DialInsecure(addr, opts)
	if err != nil {
		t.Fatalf("imapclient.DialInsecure: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Login(user, password).Wait(); err != nil {
		t.Fatalf("Login(%q): %v", user, err)
	}
	return c
}

// fetchAll returns every raw message of mailbox as user sees it over IMAP.
func fetchAll(t *testing.T, c *imapclient.Client, mailbox string) []string {
	t.Helper()
	sel, err := c.Select(mailbox, nil).Wait()
	if err != nil {
		t.Fatalf("Select(%q): %v", mailbox, err)
	}
	if sel.NumMessages == 0 {
		return nil
	}
	section := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(imap.SeqSet{{Start: 1, Stop: 0}}, &imap.FetchOptions{BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	var out []string
	for _, m := range msgs {
		out = append(out, string(m.FindBodySection(section)))
	}
	return out
}
