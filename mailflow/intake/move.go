package intake

import (
	"errors"
	"fmt"
	"slices"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/rs/zerolog"
)

// moveAll moves each committed UID of batch to the folder dest names. UIDs with "" (or no
// entry, or the intake mailbox itself) stay and are remembered so later scans skip them. A move
// the server refuses is logged and retried with the next scan (the Handler dedupes); a
// connection error ends the session.
func (in *Intake) moveAll(c *imapclient.Client, caps imap.CapSet, batch []*Fetched, dest map[imap.UID]string) error {
	groups := make(map[string]*imap.UIDSet)
	inBatch := make(map[imap.UID]struct{}, len(batch))
	for _, f := range batch {
		inBatch[f.UID] = struct{}{}
		folder := dest[f.UID]
		if folder == "" || folder == in.cfg.Mailbox {
			in.leave[f.UID] = struct{}{}
			continue
		}
		if groups[folder] == nil {
			groups[folder] = &imap.UIDSet{}
		}
		groups[folder].AddNum(f.UID)
	}
	for uid := range dest {
		if _, ok := inBatch[uid]; !ok {
			in.log.Warn().Uint32("uid", uint32(uid)).Msg("handler named a UID outside the batch; ignored")
		}
	}
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
