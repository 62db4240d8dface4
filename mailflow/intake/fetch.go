package intake

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// fetch downloads uids. Mails above MaxMessageSize are fetched header-only and marked TooLarge.
// On error the mails fetched so far are returned too, so their spool files can be released.
func (in *Intake) fetch(c *imapclient.Client, uids []imap.UID) ([]*Fetched, error) {
	whole, headerOnly := uids, []imap.UID(nil)
	if in.cfg.MaxMessageSize > 0 {
		var err error
		if whole, headerOnly, err = in.splitBySize(c, uids); err != nil {
			return nil, err
		}
	}
	var out []*Fetched
	if len(whole) > 0 {
		got, err := in.fetchBodies(c, whole, &imap.FetchItemBodySection{Peek: true}, false)
		out = append(out, got...)
		if err != nil {
			return out, err
		}
	}
	if len(headerOnly) > 0 {
		section := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, Peek: true}
		got, err := in.fetchBodies(c, headerOnly, section, true)
		out = append(out, got...)
		if err != nil {
			return out, err
		}
	}
	slices.SortFunc(out, func(a, b *Fetched) int { return cmp.Compare(a.UID, b.UID) })
	return out, nil
}

// splitBySize asks for RFC822.SIZE first so that oversized mails are never downloaded whole.
func (in *Intake) splitBySize(c *imapclient.Client, uids []imap.UID) (whole, headerOnly []imap.UID, err error) {
	msgs, err := c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{UID: true, RFC822Size: true}).Collect()
	if err != nil {
		return nil, nil, fmt.Errorf("uid fetch rfc822.size: %w", err)
	}
	for _, m := range msgs {
		switch {
		case m.UID == 0:
			continue
		case m.RFC822Size > in.cfg.MaxMessageSize:
			headerOnly = append(headerOnly, m.UID)
		default:
			whole = append(whole, m.UID)
		}
	}
	return whole, headerOnly, nil
}

// fetchBodies runs UID FETCH (UID RFC822.SIZE INTERNALDATE BODY.PEEK[section]) and streams each
// literal into memory or a spool file. Messages the server returns without a body (expunged
// meanwhile) are skipped: they are not in the mailbox any more.
func (in *Intake) fetchBodies(c *imapclient.Client, uids []imap.UID, section *imap.FetchItemBodySection, tooLarge bool) ([]*Fetched, error) {
	cmd := c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{
		UID:          true,
		RFC822Size:   true,
		InternalDate: true,
		BodySection:  []*imap.FetchItemBodySection{section},
	})
	var out []*Fetched
	var readErr error
	for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
		f, err := in.readMessage(msg, section)
		if err != nil {
			readErr = err
			break
		}
		if f != nil {
			f.TooLarge = tooLarge
			out = append(out, f)
		}
	}
	// Close drains what is left (also after a read error) and reports the command's result.
	if err := cmd.Close(); err != nil && readErr == nil {
		readErr = fmt.Errorf("uid fetch: %w", err)
	}
	return out, readErr
}

// readMessage consumes one FETCH response. It returns nil (and no error) for a response
// without UID or body literal. On error nothing is left in the spool.
func (in *Intake) readMessage(msg *imapclient.FetchMessageData, section *imap.FetchItemBodySection) (*Fetched, error) {
	f := &Fetched{}
	ok := false
	for item := msg.Next(); item != nil; item = msg.Next() {
		switch it := item.(type) {
		case imapclient.FetchItemDataUID:
			f.UID = it.UID
		case imapclient.FetchItemDataRFC822Size:
			f.Size = it.Size
		case imapclient.FetchItemDataInternalDate:
			f.InternalDate = it.Time
		case imapclient.FetchItemDataBodySection:
			if it.Literal == nil || !it.MatchCommand(section) || ok {
				continue
			}
			if err := f.readLiteral(it.Literal, in.cfg.SpoolDir); err != nil {
				in.releaseOne(f)
				return nil, err
			}
			ok = true
		}
	}
	switch {
	case f.UID == 0:
		in.releaseOne(f)
		in.log.Warn().Msg("fetch response without UID; skipped")
		return nil, nil
	case !ok:
		in.log.Warn().Uint32("uid", uint32(f.UID)).Msg("fetch response without body; skipped")
		return nil, nil
	}
	if f.Size == 0 && f.path == "" && section.Specifier == imap.PartSpecifierNone {
		f.Size = int64(len(f.data))
	}
	return f, nil
}

func (in *Intake) releaseOne(f *Fetched) {
	if err := f.release(); err != nil {
		in.log.Warn().Err(err).Msg("spool cleanup")
	}
}
