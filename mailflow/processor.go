package mailflow

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/rs/zerolog"

	"helpdesk/blobstore"
	"helpdesk/config"
	"helpdesk/directory"
	"helpdesk/mailflow/compose"
	"helpdesk/mailflow/intake"
	"helpdesk/mailflow/notify"
	"helpdesk/mailflow/parse"
	"helpdesk/mailflow/policy"
	"helpdesk/mailflow/thread"
	"helpdesk/mailflow/work"
	"helpdesk/staff"
	"helpdesk/templates"
	"helpdesk/ticketstore"
)

// InlineLimit is the largest raw mail kept inside its store record; larger mails go to the
// blob store, so the database stays small and a batch holds at most BatchSize × 64 KiB of mail
// in memory until its commit.
const InlineLimit = 64 << 10

// Deps are what a Processor works with. Store may be nil only for a dry run (Classify).
type Deps struct {
	Config    *config.Config
	Store     *ticketstore.Store
	Blobs     *blobstore.Store
	Templates *templates.Set
	Signer    *thread.Signer
	Log       zerolog.Logger
	Wake      func()           // called after outbox mail was committed; may be nil
	Now       func() time.Time // nil: time.Now
}

// Processor turns fetched mail into store records. Handle is called by one intake goroutine;
// the operator methods may run concurrently with it (the store serialises writers).
type Processor struct {
	Deps
	notify *notify.Notifier
	work   *work.Work
	policy policy.Options
	domain string                          // of the support address, for Message-IDs
	dir    atomic.Pointer[directory.Index] // the directory routing uses, replaced whole
	roster atomic.Pointer[staff.Roster]    // the desk's technicians, replaced whole
}

// New checks deps and prepares the policy options from the config.
func New(d Deps) (*Processor, error) {
	if d.Config == nil || d.Templates == nil {
		return nil, errors.New("mailflow: config and templates are required")
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	p := &Processor{Deps: d}
	p.dir.Store(directory.NewIndex(nil))
	p.roster.Store(staff.NewRoster(nil))
	support := strings.ToLower(d.Config.Support.Address)
	if at := strings.LastIndexByte(support, '@'); at > 0 {
		p.domain = support[at+1:]
	}
	if p.domain == "" {
		return nil, fmt.Errorf("mailflow: support address %q has no domain", d.Config.Support.Address)
	}
	var err error
	p.notify, err = notify.New(notify.Deps{Config: d.Config, Templates: d.Templates, Signer: d.Signer, Blobs: d.Blobs,
		Log: d.Log, Now: d.Now, Listed: notify.Listed(func() *directory.Index { return p.dir.Load() })})
	if err != nil {
		return nil, err
	}
	p.work = &work.Work{Config: d.Config, Notify: p.notify, Signer: d.Signer, Log: d.Log, Now: d.Now,
		Roster: func() *staff.Roster { return p.roster.Load() }, Directory: p.Directory}
	c := d.Config
	p.policy = policy.Options{
		SupportAddresses: []string{support},
		LoopHeader:       policy.DefaultLoopHeader,
		MessageIDDomain:  p.domain,
		MaxSize:          c.Limits.MaxMessageSize.Int64(),
		Senders: policy.SenderPolicy{
			Mode:    c.Policy.Senders,
			Unknown: c.Policy.UnknownSenders,
			Allow:   c.Policy.Allow,
			Deny:    c.Policy.Deny,
			Known: func(addr string) bool {
				return p.dir.Load().Match(addr).By != "" || p.roster.Load().ByAddress(addr) != nil
			},
		},
	}
	for _, r := range c.Rules {
		p.policy.Rules = append(p.policy.Rules, policy.Rule{
			Name: r.Name, Field: r.Field, Header: r.Header, Contains: r.Contains, Regexp: r.Regexp(),
			Action: r.Action, Reason: r.Reason, Tag: r.Tag, Priority: r.Priority,
		})
	}
	return p, nil
}

// SetTemplates replaces the mail texts (before Handle runs).
func (p *Processor) SetTemplates(t *templates.Set) { p.Templates, p.notify.Templates = t, t }

// SetTechnicians replaces the desk's technicians the mail path knows (ts must not change
// afterwards).
func (p *Processor) SetTechnicians(ts []staff.Technician) { p.roster.Store(staff.NewRoster(ts)) }

// Directory returns the customer directory in use (never nil).
func (p *Processor) Directory() *directory.Directory { return p.dir.Load().Directory() }

// SetDirectory replaces the customer directory used for routing, e.g. after an import. d must
// not be changed afterwards (nil: an empty directory).
func (p *Processor) SetDirectory(d *directory.Directory) { p.dir.Store(directory.NewIndex(d)) }

// incoming is one fetched mail on its way into the store.
type incoming struct {
	uid      imap.UID
	received time.Time
	data     []byte // raw bytes when at most InlineLimit
	blob     string // SHA-256 of the raw bytes in the blob store when larger
	sha      string
	size     int64
	msg      *parse.Message
	parseErr error
	folder   string // where the intake moves it, decided in commit
	queued   bool   // outbox mail was committed for it
}

// Handle implements intake.Handler: it commits the whole batch in one transaction and tells the
// intake where each mail goes. An error leaves nothing committed, so the batch is replayed.
func (p *Processor) Handle(ctx context.Context, uidValidity uint32, batch []*intake.Fetched) (map[imap.UID]string, error) {
	if p.Store == nil {
		return nil, errors.New("mailflow: no store")
	}
	mailbox := p.Config.IMAP.Mailbox
	folders := make(map[imap.UID]string, len(batch))

	// A mail whose UID is already recorded was committed before a crash or disconnect kept
	// it from being moved: only move it now.
	var todo []*intake.Fetched
	err := p.Store.View(func(tx *ticketstore.Tx) error {
		for _, f := range batch {
			r, ok, err := tx.RawByUID(mailbox, uidValidity, uint32(f.UID))
			if err != nil {
				return err
			}
			if ok {
				folders[f.UID] = p.folderFor(r.Outcome)
				continue
			}
			todo = append(todo, f)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("mailflow: look up uids: %w", err)
	}

	items := make([]*incoming, 0, len(todo))
	for _, f := range todo {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		it, err := p.read(f)
		if err != nil {
			return nil, fmt.Errorf("mailflow: read uid %d: %w", f.UID, err)
		}
		items = append(items, it)
	}

	err = p.Store.Update(func(tx *ticketstore.Tx) error {
		if err := p.noteMailbox(tx, mailbox, uidValidity); err != nil {
			return err
		}
		for _, it := range items {
			if err := p.commitIncoming(tx, mailbox, uidValidity, it); err != nil {
				return fmt.Errorf("uid %d: %w", it.uid, err)
			}
		}
		return nil
	})
	if err != nil {
		// One bad mail must not block the mailbox: commit one by one, and set aside what
		// still fails with the error as its reason.
		p.Log.Warn().Err(err).Int("mails", len(items)).Msg("batch commit failed, committing one by one")
		if err := p.commitEach(mailbox, uidValidity, items); err != nil {
			return nil, fmt.Errorf("mailflow: commit batch: %w", err)
		}
	}
	wake := false
	for _, it := range items {
		folders[it.uid] = it.folder
		wake = wake || it.queued
	}
	if wake && p.Wake != nil {
		p.Wake()
	}
	return folders, nil
}

// noteMailbox records the mailbox's UIDVALIDITY and when it changed. After a change the old
// UIDs mean nothing; mails seen before are then recognised by content hash and Message-ID.
func (p *Processor) noteMailbox(tx *ticketstore.Tx, mailbox string, uidValidity uint32) error {
	st, err := tx.Mailbox(mailbox)
	if err != nil {
		return err
	}
	now := p.Now()
	if st.UIDValidity != uidValidity {
		if st.UIDValidity != 0 {
			p.Log.Warn().Str("mailbox", mailbox).Uint32("old", st.UIDValidity).Uint32("new", uidValidity).
				Msg("UIDVALIDITY changed: known mails are recognised by content and Message-ID")
		}
		st.UIDValidity, st.Changed = uidValidity, now
	}
	st.LastSync = now
	return tx.PutMailbox(st)
}

// commitEach commits each mail in its own transaction; a mail that fails is kept as raw and set
// aside with code processing_error. It returns an error only when even that cannot be stored.
func (p *Processor) commitEach(mailbox string, uidValidity uint32, items []*incoming) error {
	for _, it := range items {
		err := p.Store.Update(func(tx *ticketstore.Tx) error { return p.commitIncoming(tx, mailbox, uidValidity, it) })
		if err == nil {
			continue
		}
		p.Log.Error().Err(err).Uint32("uid", uint32(it.uid)).Msg("mail could not be processed, setting it aside")
		reason := "processing failed: " + err.Error()
		err = p.Store.Update(func(tx *ticketstore.Tx) error {
			raw := &ticketstore.RawMessage{Mailbox: mailbox, UIDValidity: uidValidity, UID: uint32(it.uid),
				SHA256: it.sha, Size: it.size, Received: it.received, Data: it.data, Blob: it.blob}
			if it.msg != nil {
				raw.MessageID, raw.Problems = it.msg.MessageID, it.msg.Problems
			}
			_, err := p.apply(tx, raw, it.msg, Decision{Verdict: VerdictSetAside, Code: CodeProcessingError, Reason: reason})
			return err
		})
		if err != nil {
			return fmt.Errorf("uid %d: %w", it.uid, err)
		}
		it.folder, it.queued = p.Config.IMAP.SetAsideFolder, false
	}
	return nil
}

// folderFor maps a stored outcome to the server folder the mail belongs in.
func (p *Processor) folderFor(o ticketstore.Outcome) string {
	if o == ticketstore.OutcomeSetAside {
		return p.Config.IMAP.SetAsideFolder
	}
	return p.Config.IMAP.ProcessedFolder
}

// read takes the raw bytes of f, keeps them (inline or as a blob) and parses them. Only
// failures to read or store are errors; a mail that cannot be parsed is an outcome.
func (p *Processor) read(f *intake.Fetched) (*incoming, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	it := &incoming{uid: f.UID, received: f.InternalDate}
	if it.received.IsZero() {
		it.received = p.Now()
	}
	buf, err := io.ReadAll(io.LimitReader(rc, InlineLimit+1))
	if err != nil {
		return nil, err
	}
	var src io.Reader
	if len(buf) <= InlineLimit {
		sum := sha256.Sum256(buf)
		it.data, it.sha, it.size = buf, hex.EncodeToString(sum[:]), int64(len(buf))
		src = bytes.NewReader(buf)
	} else {
		sha, n, err := p.Blobs.Put(io.MultiReader(bytes.NewReader(buf), rc))
		if err != nil {
			return nil, fmt.Errorf("store raw mail: %w", err)
		}
		it.blob, it.sha, it.size = sha, sha, n
		bf, err := p.Blobs.Open(sha)
		if err != nil {
			return nil, err
		}
		defer bf.Close()
		src = bf
	}
	it.msg, it.parseErr = p.parse(src)
	if f.TooLarge {
		// Only the header was fetched: the size the server reported decides, and the record
		// says that the full mail is only on the server.
		if it.msg != nil {
			it.msg.Size = f.Size
			it.msg.Problems = append(it.msg.Problems, fmt.Sprintf("only the header was fetched: the mail has %d bytes, over max_message_size", f.Size))
		}
	}
	return it, nil
}

func (p *Processor) parse(r io.Reader) (*parse.Message, error) {
	var sink parse.BlobSink
	if p.Blobs != nil {
		sink = p.Blobs
	}
	return parse.Parse(r, sink, parse.Options{MaxTextSize: p.Config.Limits.MaxTextSize.Int64()})
}

// commitIncoming dedupes, decides and writes one mail inside the batch transaction.
func (p *Processor) commitIncoming(tx *ticketstore.Tx, mailbox string, uidValidity uint32, it *incoming) error {
	// The same bytes under another UID: a replay after UIDVALIDITY changed, or a copy.
	if prev, ok, err := tx.RawByHash(it.sha); err != nil {
		return err
	} else if ok {
		it.folder = p.folderFor(prev.Outcome)
		p.Log.Info().Uint32("uid", uint32(it.uid)).Uint64("raw_id", prev.ID).Str("ticket", prev.Ticket).
			Msg("duplicate of a stored mail, not processed again")
		return tx.MarkUID(mailbox, uidValidity, uint32(it.uid), prev.ID)
	}
	raw := &ticketstore.RawMessage{
		Mailbox: mailbox, UIDValidity: uidValidity, UID: uint32(it.uid),
		SHA256: it.sha, Size: it.size, Received: it.received, Data: it.data, Blob: it.blob,
	}
	if it.msg != nil {
		raw.MessageID = it.msg.MessageID
		raw.Problems = it.msg.Problems
	}
	// The same mail delivered twice (an MTA retry, two routes into the mailbox) differs in its
	// trace headers, not in its Message-ID: record it, but make no second ticket or answer.
	// Our own Message-IDs coming back are left to the loop check.
	if id := raw.MessageID; id != "" && !compose.IsOwnMessageID(id, p.domain) {
		if number := tx.TicketByMessageID(id); number != "" {
			raw.Outcome, raw.Ticket = ticketstore.OutcomeDuplicate, number
			it.folder = p.Config.IMAP.ProcessedFolder
			p.Log.Info().Uint32("uid", uint32(it.uid)).Str("message_id", id).Str("ticket", number).
				Msg("second copy of a mail already on a ticket, not processed again")
			return tx.PutRaw(raw)
		}
	}
	d := p.decide(tx, it.msg, it.parseErr, rawOpener(p, raw), false)
	res, err := p.apply(tx, raw, it.msg, d)
	if err != nil {
		return err
	}
	it.folder = p.folderFor(raw.Outcome)
	it.queued = res.queued
	return nil
}

// rawOpener returns a function reading the raw bytes of r.
func rawOpener(p *Processor, r *ticketstore.RawMessage) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) {
		if r.Blob != "" {
			if p.Blobs == nil {
				return nil, errors.New("no blob store")
			}
			return p.Blobs.Open(r.Blob)
		}
		return io.NopCloser(bytes.NewReader(r.Data)), nil
	}
}
