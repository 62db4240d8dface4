// Package parse turns the raw bytes of one mail into a Message: decoded headers, the text body
// (from text/plain, or else converted from HTML) and the attachments, whose bodies are streamed
// to a BlobSink and never held whole in memory.
package parse

import (
	"io"
	"time"

	"github.com/emersion/go-message/mail"
)

// Address is one mailbox of a From/To/Cc/Reply-To header.
type Address struct {
	Name string // display name, decoded
	Addr string // lower-cased local@domain
}

// Message is what the rest of the mail path needs to know about one mail.
type Message struct {
	Header     mail.Header // the top-level header, as read (use for policy lookups)
	MessageID  string      // without angle brackets; empty if absent
	InReplyTo  []string    // message IDs without angle brackets
	References []string    // message IDs without angle brackets, oldest first
	From       Address
	// FromProblem says why From.Addr cannot be trusted ("" when it can): the header was
	// malformed and had to be guessed at, or names no address. Such a mail is kept but gets
	// no automatic answer and is not taken for a directory contact.
	FromProblem string
	Sender      Address // Sender header, if any
	ReplyTo     []Address
	To, Cc      []Address
	ReturnPath  string // envelope sender from Return-Path, lower-cased, "" for the null path <>
	Subject     string // RFC 2047 decoded, Windows-1252 mislabelling repaired
	Date        time.Time
	// ContentType is the top-level media type (e.g. "multipart/report"), lower-cased;
	// ContentTypeParams its parameters (e.g. "report-type").
	ContentType       string
	ContentTypeParams map[string]string
	Text              string // text/plain body, or text converted from HTML; capped
	TextFromHTML      bool
	Attachments       []Attachment
	// Parts lists the media type of every leaf part, in order (e.g. "message/delivery-status").
	Parts []string
	Size  int64 // raw size in bytes
	// Problems are non-fatal defects met while parsing (unknown charset, broken part,
	// truncated text); the mail is still usable.
	Problems []string
}

// Attachment describes one attachment or inline image; its body is in the BlobSink under SHA256.
type Attachment struct {
	Name        string // decoded file name (RFC 2231 / RFC 2047), sanitised; never empty
	ContentType string
	ContentID   string // without angle brackets, for inline images
	Inline      bool
	Size        int64
	SHA256      string // hex
}

// BlobSink stores attachment bodies by content. Put must consume r fully and return the hex
// SHA-256 and the byte count of what it stored.
type BlobSink interface {
	Put(r io.Reader) (sha256 string, size int64, err error)
}
