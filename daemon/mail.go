package daemon

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"

	"helpdesk/mailflow"
)

func (d *Desk) classify(_ context.Context, a ClassifyArgs) (ClassifyResult, error) {
	return ClassifyWith(d.Proc, bytes.NewReader(a.Raw))
}

// ClassifyWith runs the dry run of one raw mail with p.
func ClassifyWith(p *mailflow.Processor, r io.Reader) (ClassifyResult, error) {
	dec, m, err := p.Classify(r)
	if err != nil {
		return ClassifyResult{}, err
	}
	res := ClassifyResult{Verdict: string(dec.Verdict), ReasonCode: dec.Code, Reason: dec.Reason, Ticket: dec.Ticket, By: string(dec.By)}
	if dec.Command != "" {
		res.ReasonCode = dec.Command
	}
	if m != nil {
		res.From, res.Subject, res.Text = m.From.Addr, m.Subject, p.StoredTextOf(m, dec)
	}
	return res, nil
}

func (d *Desk) backup(_ context.Context, a BackupArgs) (BackupResult, error) {
	if !filepath.IsAbs(a.File) {
		return BackupResult{}, fmt.Errorf("backup file %q: need an absolute path", a.File)
	}
	// The backup is of the store alone: it must show the mails sent so far as sent.
	if err := d.foldSent(); err != nil {
		return BackupResult{}, fmt.Errorf("backup: %w", err)
	}
	if a.Compact {
		res, err := d.Store.CompactTo(a.File)
		if err != nil {
			return BackupResult{}, fmt.Errorf("compacted backup to %s: %w", a.File, err)
		}
		return BackupResult{File: a.File, Bytes: res.After, Compacted: true, StoreBytes: res.Before}, nil
	}
	n, err := d.Store.BackupFile(a.File)
	if err != nil {
		return BackupResult{}, fmt.Errorf("backup to %s: %w", a.File, err)
	}
	return BackupResult{File: a.File, Bytes: n}, nil
}
