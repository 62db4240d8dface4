package outbox

import (
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
	fail := func(format string, args ...any) error {
		f := failf(stageEnvelope, classPermanent, format, args...)
		f.reuse = true // nothing was sent
		return f
	}
	if len(m.To) == 0 {
		return fail("no recipients")
	}
	if strings.ContainsAny(m.From, "\r\n<>") {
		return fail("invalid sender %q", m.From)
	}
	for _, to := range m.To {
		if to == "" || strings.ContainsAny(to, "\r\n<>") {
			return fail("invalid recipient %q", to)
		}
	}
	return nil
}

// refusal is a recipient the server would not take, with its reply.
type refusal struct {
	addr string
	err  error
}

func (r refusal) String() string { return fmt.Sprintf("<%s>: %v", r.addr, r.err) }

func joinRefusals(rs []refusal) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = r.String()
	}
	return strings.Join(s, "; ")
}

// deliver runs one SMTP transaction for m on ss. On success it returns the recipients that did
// not get the mail (partial delivery). final says this is the mail's last attempt: then
// temporarily rejected recipients no longer hold back the others. beforeDot, if not nil, is
// called before the final "." and may refuse (shutdown); every error is a *failure.
func deliver(ss *session, m *Mail, final bool, timeout time.Duration, beforeDot func() error) ([]refusal, error) {
	c := ss.c
	opts := &smtp.MailOptions{Size: int64(len(m.Raw))}
	if !isASCII(m.From) || !allASCII(m.To) {
		if ok, _ := c.Extension("SMTPUTF8"); !ok {
			f := failf(stageEnvelope, classPermanent, "non-ASCII address and the server does not offer SMTPUTF8")
			f.reuse = true
			return nil, f
		}
		opts.UTF8 = true
	}
	if err := c.Mail(m.From, opts); err != nil {
		return nil, replyFailure(stageMail, err, fmt.Sprintf("mail from <%s>", m.From))
	}

	var permanent, temporary []refusal
	for _, to := range m.To {
		err := c.Rcpt(to, nil)
		if err == nil {
			continue
		}
		switch cl := replyClass(stageRcpt, err); cl {
		case classPermanent:
			permanent = append(permanent, refusal{to, err})
		case classTemporary:
			temporary = append(temporary, refusal{to, err})
		default: // the session or the relay, not this recipient: the whole mail waits
			return nil, replyFailure(stageRcpt, err, fmt.Sprintf("rcpt to <%s>", to))
		}
	}
	accepted := len(m.To) - len(permanent) - len(temporary)
	switch {
	case accepted == 0 && len(temporary) == 0:
		return nil, failf(stageRcpt, classPermanent, "all recipients rejected: %s", joinRefusals(permanent))
	case accepted == 0:
		return nil, failf(stageRcpt, classTemporary, "no recipient accepted: %s", joinRefusals(append(temporary, permanent...)))
	case len(temporary) > 0 && !final:
		return nil, failf(stageRcpt, classTemporary, "recipient temporarily rejected: %s", joinRefusals(temporary))
	}

	if err := sendData(ss, m.Raw, timeout, beforeDot); err != nil {
		return nil, err
	}
	return append(permanent, temporary...), nil
}

// sendData streams raw through DATA in chunks, then writes the final "." and reads the reply.
func sendData(ss *session, raw []byte, timeout time.Duration, beforeDot func() error) error {
	w, err := ss.c.Data()
	if err != nil {
		return replyFailure(stageData, err, "data")
	}
	for len(raw) > 0 {
		n := min(len(raw), dataChunk)
		if err := ss.raw.SetWriteDeadline(time.Now().Add(timeout)); err != nil {
			return replyFailure(stageData, err, "data")
		}
		if _, err := w.Write(raw[:n]); err != nil {
			return replyFailure(stageData, err, "data")
		}
		raw = raw[n:]
	}
	if beforeDot != nil {
		if err := beforeDot(); err != nil {
			return &failure{stage: stageData, class: classSession, err: fmt.Errorf("data: %w", err)}
		}
	}
	// Close writes the final dot under its own deadline and waits for the reply; from here the
	// server may have the mail even when we see an error.
	if err := w.Close(); err != nil {
		return replyFailure(stageEnd, err, "data")
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
