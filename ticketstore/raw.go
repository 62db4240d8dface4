package ticketstore

import (
	"encoding/binary"
	"fmt"
)

func uidKey(mailbox string, uidValidity, uid uint32) []byte {
	k := make([]byte, 0, len(mailbox)+9)
	k = append(k, mailbox...)
	k = append(k, 0)
	k = binary.BigEndian.AppendUint32(k, uidValidity)
	return binary.BigEndian.AppendUint32(k, uid)
}

// PutRaw stores a new raw message, assigning its ID, and indexes it by mailbox UID and content hash.
func (x *Tx) PutRaw(r *RawMessage) error {
	b := x.tx.Bucket(bRaw)
	if r.ID == 0 {
		id, err := b.NextSequence()
		if err != nil {
			return err
		}
		r.ID = id
	}
	if r.Stored.IsZero() {
		r.Stored = x.now
	}
	if r.Mailbox != "" && r.UID != 0 {
		if err := x.tx.Bucket(bRawUID).Put(uidKey(r.Mailbox, r.UIDValidity, r.UID), u64(r.ID)); err != nil {
			return err
		}
	}
	if r.SHA256 != "" {
		if err := x.tx.Bucket(bRawHash).Put([]byte(r.SHA256), u64(r.ID)); err != nil {
			return err
		}
	}
	return putJSON(b, u64(r.ID), r)
}

// MarkUID notes that the mail at (mailbox, uidValidity, uid) is the stored raw message id;
// used when a replayed mail turns out to be a duplicate of one already stored.
func (x *Tx) MarkUID(mailbox string, uidValidity, uid uint32, id uint64) error {
	return x.tx.Bucket(bRawUID).Put(uidKey(mailbox, uidValidity, uid), u64(id))
}

// RawByUID returns the raw message stored for a mailbox UID, if any.
func (x *Tx) RawByUID(mailbox string, uidValidity, uid uint32) (*RawMessage, bool, error) {
	v := x.tx.Bucket(bRawUID).Get(uidKey(mailbox, uidValidity, uid))
	if v == nil {
		return nil, false, nil
	}
	r, err := x.Raw(binary.BigEndian.Uint64(v))
	return r, err == nil, err
}

// RawByHash returns the raw message with the given SHA-256 of its bytes, if any.
func (x *Tx) RawByHash(sha string) (*RawMessage, bool, error) {
	v := x.tx.Bucket(bRawHash).Get([]byte(sha))
	if v == nil {
		return nil, false, nil
	}
	r, err := x.Raw(binary.BigEndian.Uint64(v))
	return r, err == nil, err
}

// Raw returns a raw message by ID.
func (x *Tx) Raw(id uint64) (*RawMessage, error) {
	var r RawMessage
	if err := getJSON(x.tx.Bucket(bRaw), u64(id), &r); err != nil {
		return nil, fmt.Errorf("raw message %d: %w", id, err)
	}
	return &r, nil
}

// UpdateRaw rewrites a stored raw message record (e.g. its outcome after a release).
func (x *Tx) UpdateRaw(r *RawMessage) error {
	return putJSON(x.tx.Bucket(bRaw), u64(r.ID), r)
}

// Mailbox returns the stored state of a mailbox (zero value when new).
func (x *Tx) Mailbox(name string) (MailboxState, error) {
	var m MailboxState
	err := getJSON(x.tx.Bucket(bMailboxes), []byte(name), &m)
	if err == ErrNotFound {
		return MailboxState{Mailbox: name}, nil
	}
	return m, err
}

// PutMailbox stores a mailbox's state.
func (x *Tx) PutMailbox(m MailboxState) error {
	return putJSON(x.tx.Bucket(bMailboxes), []byte(m.Mailbox), m)
}
