package devmail

import (
	"fmt"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Mailbox returns the raw messages currently in a user's mailbox, in UID
// order. An unknown user has no mail: the result is empty and the user is
// not created. It reads through the world's own IMAP server, so it sees what
// a client sees.
func (w *World) Mailbox(user, mailbox string) ([][]byte, error) {
	name, err := normalizeAddress(user)
	if err != nil {
		return nil, fmt.Errorf("devmail: mailbox of %q: %w", user, err)
	}
	if _, ok := w.users.lookup(name); !ok {
		return nil, nil
	}
	c, err := imapclient.DialInsecure(w.IMAPAddr(), nil)
	if err != nil {
		return nil, fmt.Errorf("devmail: dial imap: %w", err)
	}
	defer c.Close()
	if err := c.Login(name, w.opts.Password).Wait(); err != nil {
		return nil, fmt.Errorf("devmail: login %s: %w", name, err)
	}
	sel, err := c.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		return nil, fmt.Errorf("devmail: select %s of %s: %w", mailbox, name, err)
	}
	if sel.NumMessages == 0 {
		return nil, nil
	}
	section := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(imap.SeqSet{{Start: 1, Stop: 0}}, &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}}).Collect()
	if err != nil {
		return nil, fmt.Errorf("devmail: fetch %s of %s: %w", mailbox, name, err)
	}
	out := make([][]byte, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, m.FindBodySection(section))
	}
	_ = c.Logout().Wait()
	return out, nil
}
