package devmail

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // decode non-UTF-8 subjects for the log
	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"
)

// envelope is where a delivery came from, for the Received header.
type envelope struct {
	helo     string // client's HELO/EHLO name
	remote   string // client's IP address
	protocol string // "ESMTP" or "local"
}

// Deliver stores raw in the INBOX of every recipient, exactly as if it had
// arrived over SMTP: users are created as needed, and each copy gets a
// Return-Path (from MAIL FROM; "<>" for an empty sender) and a Received
// header. Bare LF line endings are turned into CRLF.
func (w *World) Deliver(from string, to []string, raw []byte) error {
	return w.deliver(envelope{helo: "localhost", remote: "127.0.0.1", protocol: "local"}, from, to, raw)
}

func (w *World) deliver(env envelope, from string, to []string, raw []byte) error {
	if int64(len(raw)) > w.opts.MaxMessageSize {
		return fmt.Errorf("devmail: message of %d bytes exceeds the limit of %d bytes", len(raw), w.opts.MaxMessageSize)
	}
	if len(to) == 0 {
		return errors.New("devmail: no recipients")
	}
	from = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(from), "<"), ">")
	if strings.ContainsAny(from, "\r\n") {
		return fmt.Errorf("devmail: sender %q contains a line break", from)
	}
	rcpts, err := w.uniqueRecipients(to)
	if err != nil {
		return err
	}
	body := toCRLF(raw)
	now := time.Now()
	for _, rcpt := range rcpts {
		msg := append(traceHeaders(env, from, rcpt.original, now), body...)
		if err := w.appendToInbox(rcpt.mailbox, msg); err != nil {
			w.changed.notify()
			return err
		}
	}
	w.changed.notify()
	names := make([]string, len(rcpts))
	for i, r := range rcpts {
		names[i] = r.original
	}
	w.log.Info().
		Str("from", from).
		Strs("to", names).
		Str("subject", subjectOf(raw)).
		Int("size", len(raw)).
		Str("via", env.protocol).
		Msg("delivered")
	return nil
}

// recipient is one delivery: the address as given in RCPT TO and the mailbox it reaches.
type recipient struct{ original, mailbox string }

// uniqueRecipients normalises the recipients and finds their mailboxes; two addresses that
// reach the same mailbox (a+x@d and a+y@d) are delivered there twice, as Postfix does, but an
// address given twice only once.
func (w *World) uniqueRecipients(to []string) ([]recipient, error) {
	seen := make(map[string]bool, len(to))
	rcpts := make([]recipient, 0, len(to))
	for _, addr := range to {
		name, err := normalizeAddress(addr)
		if err != nil {
			return nil, fmt.Errorf("devmail: recipient: %w", err)
		}
		if !seen[name] {
			seen[name] = true
			rcpts = append(rcpts, recipient{original: name, mailbox: w.mailboxOf(name)})
		}
	}
	return rcpts, nil
}

// mailboxOf strips the address extension: the local part ends at the first delimiter
// character, as with Postfix's recipient_delimiter. A local part that starts with a delimiter
// ("+x@d") has no base and is kept whole.
func (w *World) mailboxOf(addr string) string {
	if w.opts.KeepExtensions {
		return addr
	}
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 {
		return addr
	}
	if i := strings.IndexAny(addr[:at], w.opts.RecipientDelimiter); i > 0 {
		return addr[:i] + addr[at:]
	}
	return addr
}

func (w *World) appendToInbox(rcpt string, msg []byte) error {
	u, err := w.users.get(rcpt)
	if err != nil {
		return fmt.Errorf("devmail: deliver to %s: %w", rcpt, err)
	}
	// A client may have deleted the INBOX; recreate it rather than lose mail.
	if err := ensureMailbox(u, inbox); err != nil {
		return fmt.Errorf("devmail: deliver to %s: %w", rcpt, err)
	}
	if _, err := u.Append(inbox, bytes.NewReader(msg), &imap.AppendOptions{}); err != nil {
		return fmt.Errorf("devmail: deliver to %s: %w", rcpt, err)
	}
	return nil
}

// traceHeaders builds the Return-Path, Delivered-To (the recipient as sent,
// extension included, as Postfix writes it) and Received header (RFC 5321
// section 4.4) for one recipient's copy.
func traceHeaders(env envelope, from, rcpt string, now time.Time) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "Return-Path: <%s>\r\n", from)
	fmt.Fprintf(&b, "Delivered-To: %s\r\n", rcpt)
	fmt.Fprintf(&b, "Received: from %s ([%s])\r\n\tby devmail with %s\r\n\tfor <%s>; %s\r\n",
		headerSafe(env.helo), headerSafe(env.remote), env.protocol, rcpt,
		now.Format(time.RFC1123Z))
	return b.Bytes()
}

// headerSafe keeps client-supplied text from breaking the header: only
// printable ASCII without parentheses survives.
func headerSafe(s string) string {
	out := strings.Map(func(r rune) rune {
		if r < 0x21 || r > 0x7e || r == '(' || r == ')' {
			return -1
		}
		return r
	}, s)
	if out == "" {
		return "unknown"
	}
	if len(out) > 255 {
		out = out[:255]
	}
	return out
}

// toCRLF turns bare LF line endings into CRLF (IMAP stores CRLF mail).
func toCRLF(raw []byte) []byte {
	bareLF := 0
	for i, c := range raw {
		if c == '\n' && (i == 0 || raw[i-1] != '\r') {
			bareLF++
		}
	}
	if bareLF == 0 {
		return raw
	}
	out := make([]byte, 0, len(raw)+bareLF)
	for i, c := range raw {
		if c == '\n' && (i == 0 || raw[i-1] != '\r') {
			out = append(out, '\r')
		}
		out = append(out, c)
	}
	return out
}

// subjectOf returns the decoded Subject for the delivery log, shortened.
func subjectOf(raw []byte) string {
	h, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		return ""
	}
	mh := mail.Header{Header: message.Header{Header: h}}
	subject, err := mh.Subject()
	if err != nil {
		subject = mh.Get("Subject")
	}
	const max = 120
	if len(subject) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(subject[cut]) {
			cut--
		}
		subject = subject[:cut] + "…"
	}
	return subject
}
