package intake

import (
	"errors"
	"fmt"
	"slices"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/rs/zerolog"
)

// mover collects the committed UIDs of several batches by destination folder and moves them
// in one command per folder, one move at a time, running while the scan goes on. Owned by the
// scan goroutine; only the move itself runs in another goroutine.
type mover struct {
	in      *Intake
	c       *imapclient.Client
	caps    imap.CapSet
	groups  map[string]*imap.UIDSet
	pending int        // UIDs in groups
	moving  chan error // the move in flight, nil when none
}

// add records where each committed UID of batch goes. UIDs with "" (or no entry, or the intake
// mailbox itself) stay and are remembered so later scans skip them.
func (m *mover) add(batch []*Fetched, dest map[imap.UID]string) {
	in := m.in
	inBatch := make(map[imap.UID]struct{}, len(batch))
	for _, f := range batch {
		inBatch[f.UID] = struct{}{}
		folder := dest[f.UID]
		if folder == "" || folder == in.cfg.Mailbox {
			in.leave[f.UID] = struct{}{}
			continue
		}
		if m.groups == nil {
			m.groups = make(map[string]*imap.UIDSet)
		}
		if m.groups[folder] == nil {
			m.groups[folder] = &imap.UIDSet{}
		}
		m.groups[folder].AddNum(f.UID)
		m.pending++
	}
	for uid := range dest {
		if _, ok := inBatch[uid]; !ok {
			in.log.Warn().Uint32("uid", uint32(uid)).Msg("handler named a UID outside the batch; ignored")
		}
	}
}

// flush waits for the move in flight, then starts moving what was collected.
func (m *mover) flush() error {
	if err := m.wait(); err != nil {
		return err
	}
	if m.pending == 0 {
		return nil
	}
	groups := m.groups
	m.groups, m.pending = nil, 0
	m.moving = make(chan error, 1)
	go func() { m.moving <- m.in.moveGroups(m.c, m.caps, groups) }()
	return nil
}

// finish moves everything collected and waits until it is done.
func (m *mover) finish() error {
	if err := m.flush(); err != nil {
		return err
	}
	return m.wait()
}

func (m *mover) wait() error {
	if m.moving == nil {
		return nil
	}
	err := <-m.moving
	m.moving = nil
	return err
}

// moveGroups moves each folder's UIDs. A move the server refuses is logged and retried with the
// next scan (the Handler dedupes); a connection error ends the session.
func (in *Intake) moveGroups(c *imapclient.Client, caps imap.CapSet, groups map[string]*imap.UIDSet) error {
	folders := make([]string, 0, len(groups))
	for folder := range groups {
		folders = append(folders, folder)
	}
	slices.Sort(folders)
	for _, folder := range folders {
		uids := *groups[folder]
		err := moveUIDs(c, caps, uids, folder, in.log)
		var ie *imap.Error
		if errors.As(err, &ie) {
			in.log.Warn().Err(err).Str("folder", folder).Str("uids", uids.String()).Msg("move refused; retried next scan")
			continue
		}
		if err != nil {
			return fmt.Errorf("move %s to %q: %w", uids, folder, err)
		}
		in.log.Debug().Str("folder", folder).Str("uids", uids.String()).Msg("moved")
	}
	return nil
}

// moveUIDs moves uids to folder, creating the folder once if the server answers TRYCREATE.
func moveUIDs(c *imapclient.Client, caps imap.CapSet, uids imap.UIDSet, folder string, log zerolog.Logger) error {
	err := moveOnce(c, caps, uids, folder, log)
	var ie *imap.Error
	if !errors.As(err, &ie) || ie.Code != imap.ResponseCodeTryCreate {
		return err
	}
	if cerr := c.Create(folder, nil).Wait(); cerr != nil {
		return fmt.Errorf("create %q after TRYCREATE: %w", folder, cerr)
	}
	return moveOnce(c, caps, uids, folder, log)
}

// moveOnce uses UID MOVE (RFC 6851) when offered, otherwise copyDelete.
func moveOnce(c *imapclient.Client, caps imap.CapSet, uids imap.UIDSet, folder string, log zerolog.Logger) error {
	if caps.Has(imap.CapMove) {
		if _, err := c.Move(uids, folder).Wait(); err != nil {
			return fmt.Errorf("uid move: %w", err)
		}
		return nil
	}
	return copyDelete(c, caps, uids, folder, log)
}

// copyDelete is the fallback without MOVE: UID COPY, UID STORE +FLAGS.SILENT (\Deleted) and
// UID EXPUNGE of exactly these UIDs (RFC 4315). Without UIDPLUS it stops after flagging: a plain
// EXPUNGE would also remove mail that someone else flagged \Deleted. Flagged mail is excluded
// from later scans.
func copyDelete(c *imapclient.Client, caps imap.CapSet, uids imap.UIDSet, folder string, log zerolog.Logger) error {
	if _, err := c.Copy(uids, folder).Wait(); err != nil {
		return fmt.Errorf("uid copy: %w", err)
	}
	store := &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}
	if err := c.Store(uids, store, nil).Close(); err != nil {
		return fmt.Errorf("uid store \\Deleted: %w", err)
	}
	if !caps.Has(imap.CapUIDPlus) {
		log.Warn().Str("folder", folder).Str("uids", uids.String()).
			Msg("server has neither MOVE nor UIDPLUS: copied mail flagged \\Deleted but not expunged")
		return nil
	}
	if err := c.UIDExpunge(uids).Close(); err != nil {
		return fmt.Errorf("uid expunge: %w", err)
	}
	return nil
}
