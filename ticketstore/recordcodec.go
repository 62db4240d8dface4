package ticketstore

import (
	"encoding/hex"
	"fmt"
)

// Field numbers are part of the stored format: never renumber or reuse one. A field added to
// a record needs a number here too; TestCodecEveryField fails until it has one.

func encodeTicket(t *Ticket) []byte {
	e := newEnc(256)
	e.uint(1, t.Seq)
	e.str(2, t.Number)
	e.str(3, string(t.Status))
	e.str(4, t.Subject)
	e.str(5, t.Requester)
	e.str(6, t.RequesterName)
	e.str(7, t.Customer)
	e.str(8, t.Contact)
	e.str(9, t.Language)
	e.str(10, t.Priority)
	e.str(11, t.Assignee)
	e.strs(12, t.Tags)
	e.strs(13, t.Flags)
	e.str(14, t.LinkedTo)
	e.time(15, t.Created)
	e.time(16, t.Updated)
	e.time(17, t.Received)
	e.strs(18, t.ThreadIDs)
	e.strs(19, t.Participants)
	e.int(20, int64(t.Comments))
	return e.b
}

// decodeTicket decodes a stored ticket.
func decodeTicket(v []byte, t *Ticket) error {
	d, err := newDec(v)
	if d == nil {
		if err != nil {
			return err
		}
		return jsonUnmarshal(v, t)
	}
	for d.next() {
		switch d.f {
		case 1:
			t.Seq = d.uint()
		case 2:
			t.Number = d.str()
		case 3:
			t.Status = Status(d.str())
		case 4:
			t.Subject = d.str()
		case 5:
			t.Requester = d.str()
		case 6:
			t.RequesterName = d.str()
		case 7:
			t.Customer = d.str()
		case 8:
			t.Contact = d.str()
		case 9:
			t.Language = d.str()
		case 10:
			t.Priority = d.str()
		case 11:
			t.Assignee = d.str()
		case 12:
			t.Tags = append(t.Tags, d.str())
		case 13:
			t.Flags = append(t.Flags, d.str())
		case 14:
			t.LinkedTo = d.str()
		case 15:
			t.Created = d.time()
		case 16:
			t.Updated = d.time()
		case 17:
			t.Received = d.time()
		case 18:
			t.ThreadIDs = append(t.ThreadIDs, d.str())
		case 19:
			t.Participants = append(t.Participants, d.str())
		case 20:
			t.Comments = int(d.int())
		}
	}
	return d.err
}

func encodeComment(c *Comment) []byte {
	e := newEnc(128 + len(c.Body))
	e.str(1, c.Ticket)
	e.uint(2, c.Seq)
	e.str(3, c.Author)
	e.str(4, string(c.Kind))
	e.str(5, c.Body)
	e.time(6, c.Created)
	e.str(7, c.MessageID)
	e.uint(8, c.RawID)
	for i := range c.Attachments {
		e.bytes(9, encodeAttachment(&c.Attachments[i]))
	}
	e.strs(10, c.Flags)
	return e.b
}

func decodeComment(v []byte, c *Comment) error {
	d, err := newDec(v)
	if d == nil {
		if err != nil {
			return err
		}
		return jsonUnmarshal(v, c)
	}
	for d.next() {
		switch d.f {
		case 1:
			c.Ticket = d.str()
		case 2:
			c.Seq = d.uint()
		case 3:
			c.Author = d.str()
		case 4:
			c.Kind = CommentKind(d.str())
		case 5:
			c.Body = d.str()
		case 6:
			c.Created = d.time()
		case 7:
			c.MessageID = d.str()
		case 8:
			c.RawID = d.uint()
		case 9:
			var a Attachment
			if d.want(wBytes) {
				if err := decodeAttachment(d.raw, &a); err != nil {
					return fmt.Errorf("attachment: %w", err)
				}
			}
			c.Attachments = append(c.Attachments, a)
		case 10:
			c.Flags = append(c.Flags, d.str())
		}
	}
	return d.err
}

// An attachment is a record of its own inside its comment, without the leading recordBinary.
func encodeAttachment(a *Attachment) []byte {
	e := &enc{}
	e.str(1, a.Name)
	e.str(2, a.ContentType)
	e.str(3, a.ContentID)
	e.bool(4, a.Inline)
	e.int(5, a.Size)
	e.str(6, a.SHA256)
	return e.b
}

func decodeAttachment(v []byte, a *Attachment) error {
	d := &dec{b: v}
	for d.next() {
		switch d.f {
		case 1:
			a.Name = d.str()
		case 2:
			a.ContentType = d.str()
		case 3:
			a.ContentID = d.str()
		case 4:
			a.Inline = d.uint() != 0
		case 5:
			a.Size = d.int()
		case 6:
			a.SHA256 = d.str()
		}
	}
	return d.err
}

// encodeRaw encodes a raw-mail record without its bytes (Data), which live in raw_data.
func encodeRaw(r *RawMessage) []byte {
	e := newEnc(160)
	e.uint(1, r.ID)
	e.str(2, r.Mailbox)
	e.uint(3, uint64(r.UIDValidity))
	e.uint(4, uint64(r.UID))
	e.str(5, r.MessageID)
	if sum := shaBytes(r.SHA256); sum != nil {
		e.bytes(15, sum) // 32 bytes instead of 64 hex digits
	} else {
		e.str(6, r.SHA256)
	}
	e.int(7, r.Size)
	e.time(8, r.Received)
	e.time(9, r.Stored)
	e.str(10, r.Blob)
	e.str(11, string(r.Outcome))
	e.str(12, r.Ticket)
	e.uint(13, r.SetAside)
	e.strs(14, r.Problems)
	return e.b
}

// decodeRaw decodes a raw-mail record; Data is set only by a JSON record of older versions,
// which kept the bytes inside.
func decodeRaw(v []byte, r *RawMessage) error {
	d, err := newDec(v)
	if d == nil {
		if err != nil {
			return err
		}
		return jsonUnmarshal(v, r)
	}
	for d.next() {
		switch d.f {
		case 1:
			r.ID = d.uint()
		case 2:
			r.Mailbox = d.str()
		case 3:
			r.UIDValidity = uint32(d.uint())
		case 4:
			r.UID = uint32(d.uint())
		case 5:
			r.MessageID = d.str()
		case 6:
			r.SHA256 = d.str()
		case 15:
			if d.want(wBytes) {
				r.SHA256 = hex.EncodeToString(d.raw)
			}
		case 7:
			r.Size = d.int()
		case 8:
			r.Received = d.time()
		case 9:
			r.Stored = d.time()
		case 10:
			r.Blob = d.str()
		case 11:
			r.Outcome = Outcome(d.str())
		case 12:
			r.Ticket = d.str()
		case 13:
			r.SetAside = d.uint()
		case 14:
			r.Problems = append(r.Problems, d.str())
		}
	}
	return d.err
}

func encodeSetAside(s *SetAside) []byte {
	e := newEnc(128)
	e.uint(1, s.ID)
	e.uint(2, s.RawID)
	e.str(3, s.From)
	e.str(4, s.Subject)
	e.str(5, s.ReasonCode)
	e.str(6, s.Reason)
	e.time(7, s.Received)
	e.str(8, s.Ticket)
	e.time(9, s.Released)
	return e.b
}

func decodeSetAside(v []byte, s *SetAside) error {
	d, err := newDec(v)
	if d == nil {
		if err != nil {
			return err
		}
		return jsonUnmarshal(v, s)
	}
	for d.next() {
		switch d.f {
		case 1:
			s.ID = d.uint()
		case 2:
			s.RawID = d.uint()
		case 3:
			s.From = d.str()
		case 4:
			s.Subject = d.str()
		case 5:
			s.ReasonCode = d.str()
		case 6:
			s.Reason = d.str()
		case 7:
			s.Received = d.time()
		case 8:
			s.Ticket = d.str()
		case 9:
			s.Released = d.time()
		}
	}
	return d.err
}

// shaBytes returns the 32 bytes of a SHA-256 in lower-case hex, or nil for anything else
// (kept as given, so it reads back exactly).
func shaBytes(s string) []byte {
	if len(s) != 64 {
		return nil
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return nil
		}
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil
	}
	return b
}
