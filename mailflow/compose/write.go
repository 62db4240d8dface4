package compose

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/mail"
	"strings"
	"time"
	"unicode"

	gomail "github.com/emersion/go-message/mail"
)

// Write validates m and writes it to w as an RFC 5322 message with CRLF line endings.
func Write(w io.Writer, m *Mail) error {
	if err := Validate(m); err != nil {
		return err
	}
	h := buildHeader(m)
	switch {
	case len(m.Attachments) > 0:
		return writeMixed(w, h, m)
	case m.HTML != "":
		iw, err := gomail.CreateInlineWriter(w, h)
		if err != nil {
			return fmt.Errorf("compose: write header: %w", err)
		}
		return writeAlternatives(iw, m)
	default:
		h.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
		h.Set("Content-Transfer-Encoding", "quoted-printable")
		bw, err := gomail.CreateSingleInlineWriter(w, h)
		if err != nil {
			return fmt.Errorf("compose: write header: %w", err)
		}
		return writeBody(bw, m.Text, "text")
	}
}

// Bytes returns the composed mail.
func Bytes(m *Mail) ([]byte, error) {
	var b bytes.Buffer
	if err := Write(&b, m); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// buildHeader builds the top-level header. go-message writes the last inserted field first, so
// the fields are inserted from the last to the first in reading order.
func buildHeader(m *Mail) gomail.Header {
	var h gomail.Header
	date := m.Date
	if date.IsZero() {
		date = time.Now()
	}
	for i := len(m.Headers) - 1; i >= 0; i-- {
		h.Add(m.Headers[i][0], encodeText(m.Headers[i][1]))
	}
	if m.AutoSubmitted != "" {
		h.Set("X-Auto-Response-Suppress", "All")
		h.Set("Auto-Submitted", m.AutoSubmitted) // RFC 3834 section 5
	}
	h.SetMsgIDList("References", m.References)
	if m.InReplyTo != "" {
		h.SetMsgIDList("In-Reply-To", []string{m.InReplyTo})
	}
	h.SetMessageID(m.MessageID)
	h.Set("Subject", encodeText(m.Subject)) // RFC 2047 encoded words where needed
	if m.ReplyTo != nil {
		setAddresses(&h, "Reply-To", []Address{*m.ReplyTo})
	}
	setAddresses(&h, "Cc", m.Cc)
	setAddresses(&h, "To", m.To)
	setAddresses(&h, "From", []Address{m.From})
	h.SetDate(date) // RFC 5322 section 3.3 format
	return h
}

// setAddresses sets an address header, or removes it when l is empty.
func setAddresses(h *gomail.Header, field string, l []Address) {
	if len(l) == 0 {
		h.Del(field)
		return
	}
	parts := make([]string, len(l))
	for i, a := range l {
		parts[i] = formatAddress(a)
	}
	h.Set(field, strings.Join(parts, ", "))
}

// formatAddress writes "Name <local@domain>" the way net/mail does (RFC 2047 for non-ASCII
// names, quotes for specials), with repairs: invalid UTF-8 in the name becomes U+FFFD, control
// characters become spaces, and
// a non-ASCII name with a backslash is B-encoded, since net/mail would put the backslash raw
// into a Q-encoded word, which RFC 2047 section 5 forbids in a phrase (readers then fail).
func formatAddress(a Address) string {
	name := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' ' // no control characters in a display name
		}
		return r
	}, strings.ToValidUTF8(a.Name, "\uFFFD"))
	if strings.ContainsRune(name, '\\') && !isASCII(name) {
		return mime.BEncoding.Encode("utf-8", name) + " " + (&mail.Address{Address: a.Addr}).String()
	}
	return (&mail.Address{Name: name, Address: a.Addr}).String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func textHeader(mediaType string) gomail.InlineHeader {
	var h gomail.InlineHeader
	h.SetContentType(mediaType, map[string]string{"charset": "utf-8"})
	h.Set("Content-Transfer-Encoding", "quoted-printable")
	return h
}

// writeAlternatives writes the text part, then the HTML part, and closes iw.
func writeAlternatives(iw *gomail.InlineWriter, m *Mail) error {
	pw, err := iw.CreatePart(textHeader("text/plain"))
	if err != nil {
		return fmt.Errorf("compose: text part: %w", err)
	}
	if err := writeBody(pw, m.Text, "text"); err != nil {
		return err
	}
	pw, err = iw.CreatePart(textHeader("text/html"))
	if err != nil {
		return fmt.Errorf("compose: html part: %w", err)
	}
	if err := writeBody(pw, m.HTML, "html"); err != nil {
		return err
	}
	if err := iw.Close(); err != nil {
		return fmt.Errorf("compose: close alternative: %w", err)
	}
	return nil
}

func writeMixed(w io.Writer, h gomail.Header, m *Mail) error {
	mw, err := gomail.CreateWriter(w, h)
	if err != nil {
		return fmt.Errorf("compose: write header: %w", err)
	}
	if m.HTML != "" {
		iw, err := mw.CreateInline()
		if err != nil {
			return fmt.Errorf("compose: alternative part: %w", err)
		}
		if err := writeAlternatives(iw, m); err != nil {
			return err
		}
	} else {
		pw, err := mw.CreateSingleInline(textHeader("text/plain"))
		if err != nil {
			return fmt.Errorf("compose: text part: %w", err)
		}
		if err := writeBody(pw, m.Text, "text"); err != nil {
			return err
		}
	}
	for i, a := range m.Attachments {
		if err := writeAttachment(mw, a); err != nil {
			return fmt.Errorf("compose: attachment %d %q: %w", i+1, a.Name, err)
		}
	}
	if err := mw.Close(); err != nil {
		return fmt.Errorf("compose: close mixed: %w", err)
	}
	return nil
}

func writeAttachment(mw *gomail.Writer, a Attachment) error {
	ct := a.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return fmt.Errorf("content type: %w", err)
	}
	var h gomail.AttachmentHeader
	h.SetContentType(mt, params)
	if a.Name != "" {
		h.SetFilename(a.Name) // RFC 2231 when not ASCII
	}
	r, err := a.Open()
	if err != nil {
		return fmt.Errorf("open: %w", err)
	}
	defer r.Close()
	pw, err := mw.CreateAttachment(h)
	if err != nil {
		return err
	}
	if _, err := io.Copy(pw, r); err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	return pw.Close()
}

func writeBody(wc io.WriteCloser, body, what string) error {
	if _, err := io.WriteString(wc, body); err != nil {
		return fmt.Errorf("compose: write %s: %w", what, err)
	}
	if err := wc.Close(); err != nil {
		return fmt.Errorf("compose: close %s: %w", what, err)
	}
	return nil
}
