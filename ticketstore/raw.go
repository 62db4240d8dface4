package ticketstore

import (
	"bytes"
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

// hashKey is the key of the content-hash index: the digest's 32 bytes (anything that is not a
// lower-case hex SHA-256 as given).
func hashKey(sha string) []byte {
	if b := shaBytes(sha); b != nil {
		return b
	}
	return []byte(sha)
}

// PutRaw stores a new raw message, assigning its ID, and indexes it by mailbox UID and content
// hash. The bytes (Data) go to a bucket of their own, as they are: inside the record they would
// be base64 in JSON and be rewritten with every change of the record.
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
		if err := x.tx.Bucket(bRawHash).Put(hashKey(r.SHA256), u64(r.ID)); err != nil {
			return err
		}
	}
	if len(r.Data) > 0 {
		if err := x.tx.Bucket(bRawData).Put(u64(r.ID), r.Data); err != nil {
			return fmt.Errorf("raw message %d: %w", r.ID, err)
		}
	}
	return b.Put(u64(r.ID), encodeRaw(r))
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
	if sha == "" {
		return nil, false, nil
	}
	v := x.tx.Bucket(bRawHash).Get(hashKey(sha))
	if v == nil {
		return nil, false, nil
	}
	r, err := x.Raw(binary.BigEndian.Uint64(v))
	return r, err == nil, err
}

// Raw returns a raw message by ID, with its bytes.
func (x *Tx) Raw(id uint64) (*RawMessage, error) {
	v := x.tx.Bucket(bRaw).Get(u64(id))
	if v == nil {
		return nil, fmt.Errorf("raw message %d: %w", id, ErrNotFound)
	}
	var r RawMessage
	if err := decodeRaw(v, &r); err != nil {
		return nil, fmt.Errorf("raw message %d: %w", id, err)
	}
	if data := x.tx.Bucket(bRawData).Get(u64(id)); data != nil {
		r.Data = bytes.Clone(data) // the caller keeps it past the transaction
	}
	return &r, nil
}

// UpdateRaw rewrites a stored raw message record (e.g. its outcome after a release). The bytes
// of a mail are as received and never change: Data is stored only when none is stored yet.
func (x *Tx) UpdateRaw(r *RawMessage) error {
	if len(r.Data) > 0 && x.tx.Bucket(bRawData).Get(u64(r.ID)) == nil {
		if err := x.tx.Bucket(bRawData).Put(u64(r.ID), r.Data); err != nil {
			return fmt.Errorf("raw message %d: %w", r.ID, err)
		}
	}
	return x.tx.Bucket(bRaw).Put(u64(r.ID), encodeRaw(r))
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
