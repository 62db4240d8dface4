package dovecottest

import (
	"errors"
	"fmt"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Login opens an IMAP session as user; the caller closes it.
func (s *Server) Login(user string) (*imapclient.Client, error) {
	pw, err := s.password(user)
	if err != nil {
		return nil, err
	}
	c, err := imapclient.DialInsecure(s.IMAPAddr, nil)
	if err != nil {
		return nil, fmt.Errorf("dial imap %s: %w", s.IMAPAddr, err)
	}
	if err := c.Login(user, pw).Wait(); err != nil {
		c.Close()
		return nil, fmt.Errorf("login %s: %w", user, err)
	}
	return c, nil
}

// Append stores raw in a user's mailbox with IMAP APPEND, creating the
// mailbox when it does not exist.
func (s *Server) Append(user, mailbox string, raw []byte) error {
	c, err := s.Login(user)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := appendMsg(c, mailbox, raw); err != nil {
		if !isTryCreate(err) {
			return fmt.Errorf("append to %s of %s: %w", mailbox, user, err)
		}
		if err := c.Create(mailbox, nil).Wait(); err != nil {
			return fmt.Errorf("create %s of %s: %w", mailbox, user, err)
		}
		if err := appendMsg(c, mailbox, raw); err != nil {
			return fmt.Errorf("append to %s of %s: %w", mailbox, user, err)
		}
	}
	return c.Logout().Wait()
}

func appendMsg(c *imapclient.Client, mailbox string, raw []byte) error {
	cmd := c.Append(mailbox, int64(len(raw)), nil)
	if _, err := cmd.Write(raw); err != nil {
		_ = cmd.Close()
		return err
	}
	if err := cmd.Close(); err != nil {
		return err
	}
	_, err := cmd.Wait()
	return err
}

func isTryCreate(err error) bool {
	var imapErr *imap.Error
	return errors.As(err, &imapErr) && imapErr.Code == imap.ResponseCodeTryCreate
}

// Count returns the number of messages in each of a user's folders
// (IMAP LIST "" "*" and STATUS MESSAGES); folders that cannot be selected
// are left out.
func (s *Server) Count(user string) (map[string]int, error) {
	c, err := s.Login(user)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	list, err := c.List("", "*", nil).Collect()
	if err != nil {
		return nil, fmt.Errorf("list folders of %s: %w", user, err)
	}
	counts := make(map[string]int, len(list))
	for _, mbox := range list {
		if hasAttr(mbox.Attrs, imap.MailboxAttrNoSelect) || hasAttr(mbox.Attrs, imap.MailboxAttrNonExistent) {
			continue
		}
		st, err := c.Status(mbox.Mailbox, &imap.StatusOptions{NumMessages: true}).Wait()
		if err != nil {
			return nil, fmt.Errorf("status %s of %s: %w", mbox.Mailbox, user, err)
		}
		if st.NumMessages != nil {
			counts[mbox.Mailbox] = int(*st.NumMessages)
		}
	}
	return counts, c.Logout().Wait()
}

func hasAttr(attrs []imap.MailboxAttr, want imap.MailboxAttr) bool {
	for _, a := range attrs {
		if a == want {
			return true
		}
	}
	return false
}

// Messages returns the raw messages of a user's mailbox in UID order,
// without setting \Seen.
func (s *Server) Messages(user, mailbox string) ([][]byte, error) {
	c, err := s.Login(user)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	sel, err := c.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		return nil, fmt.Errorf("select %s of %s: %w", mailbox, user, err)
	}
	if sel.NumMessages == 0 {
		return nil, c.Logout().Wait()
	}
	section := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(imap.SeqSet{{Start: 1, Stop: 0}}, &imap.FetchOptions{
		UID:         true,
		BodySection: []*imap.FetchItemBodySection{section},
	}).Collect()
	if err != nil {
		return nil, fmt.Errorf("fetch %s of %s: %w", mailbox, user, err)
	}
	out := make([][]byte, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, m.FindBodySection(section))
	}
	return out, c.Logout().Wait()
}

// WaitMessage polls a user's mailbox (every 100 ms, read-only) until it holds a message for
// which match reports true, and returns that message. The mailbox need not exist yet. After
// timeout the error says how many messages it last saw, or why it could not look.
func (s *Server) WaitMessage(user, mailbox string, timeout time.Duration, match func(raw []byte) bool) ([]byte, error) {
	deadline := time.Now().Add(timeout)
	for {
		msgs, err := s.Messages(user, mailbox)
		for _, raw := range msgs {
			if match(raw) {
				return raw, nil
			}
		}
		if time.Now().After(deadline) {
			if err != nil {
				return nil, fmt.Errorf("no matching message in %s of %s after %v: %w", mailbox, user, timeout, err)
			}
			return nil, fmt.Errorf("no matching message in %s of %s after %v (%d others there)", mailbox, user, timeout, len(msgs))
		}
		time.Sleep(100 * time.Millisecond)
	}
}
