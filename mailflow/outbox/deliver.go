package outbox

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/emersion/go-smtp"
)

// dataChunk is how much of Raw is written per DATA write; each chunk gets a fresh Timeout, so a
// large mail on a slow link is not cut off while a stalled server still is.
const dataChunk = 64 << 10

// checkEnvelope rejects envelopes no server can accept; such mails fail permanently without I/O.
func checkEnvelope(m *Mail) error {
	if len(m.To) == 0 {
		return permanentf("no recipients")
	}
	if strings.ContainsAny(m.From, "\r\n<>") {
		return permanentf("invalid sender %q", m.From)
	}
	for _, to := range m.To {
		if to == "" || strings.ContainsAny(to, "\r\n<>") {
			return permanentf("invalid recipient %q", to)
		}
	}
	return nil
}

// deliver runs one SMTP transaction for m on ss. On success it returns the recipients that did
// not get the mail (partial delivery, each with the server's reply). final says this is the
// mail's last attempt: then temporarily rejected recipients no longer hold back the others.
func deliver(ss *session, m *Mail, final bool, timeout time.Duration) (missed []string, err error) {
	c := ss.c
	opts := &smtp.MailOptions{Size: int64(len(m.Raw))}
	if !isASCII(m.From) || !allASCII(m.To) {
		if ok, _ := c.Extension("SMTPUTF8"); !ok {
			return nil, permanentf("non-ASCII address and the server does not offer SMTPUTF8")
		}
		opts.UTF8 = true
	}
	if err := c.Mail(m.From, opts); err != nil {
		return nil, fmt.Errorf("mail from <%s>: %w", m.From, err)
	}

	var permanent, temporary []string
	for _, to := range m.To {
		err := c.Rcpt(to, nil)
		if err == nil {
			continue
		}
		var se *smtp.SMTPError
		if !errors.As(err, &se) || se.Code == 421 {
			return nil, fmt.Errorf("rcpt to <%s>: %w", to, err)
		}
		note := fmt.Sprintf("<%s>: %v", to, err)
		if Classify(se) {
			permanent = append(permanent, note)
		} else {
			temporary = append(temporary, note)
		}
	}
	accepted := len(m.To) - len(permanent) - len(temporary)
	switch {
	case accepted == 0 && len(temporary) == 0:
		return nil, permanentf("all recipients rejected: %s", strings.Join(permanent, "; "))
	case accepted == 0:
		return nil, rejectedf("no recipient accepted: %s", strings.Join(append(temporary, permanent...), "; "))
	case len(temporary) > 0 && !final:
		return nil, rejectedf("recipient temporarily rejected: %s", strings.Join(temporary, "; "))
	}

	if err := sendData(ss, m.Raw, timeout); err != nil {
		return nil, err
	}
	return append(permanent, temporary...), nil
}

// sendData streams raw through DATA in chunks and reads the final reply.
func sendData(ss *session, raw []byte, timeout time.Duration) error {
	w, err := ss.c.Data()
	if err != nil {
		return fmt.Errorf("data: %w", err)
	}
	for len(raw) > 0 {
		n := min(len(raw), dataChunk)
		if err := ss.raw.SetWriteDeadline(time.Now().Add(timeout)); err != nil {
			return fmt.Errorf("data: %w", err)
		}
		if _, err := w.Write(raw[:n]); err != nil {
			return fmt.Errorf("data: %w", err)
		}
		raw = raw[n:]
	}
	// Close writes the final dot under its own deadline and waits for the reply.
	if err := w.Close(); err != nil {
		return fmt.Errorf("data: %w", err)
	}
	return nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func allASCII(ss []string) bool {
	for _, s := range ss {
		if !isASCII(s) {
			return false
		}
	}
	return true
}
