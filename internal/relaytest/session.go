package relaytest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"strings"
	"time"

	"github.com/emersion/go-smtp"
)

// Stage is where in a transaction a Fault is asked.
type Stage string

// Stages of Event.
const (
	StageMail      Stage = "mail"       // MAIL FROM
	StageRcpt      Stage = "rcpt"       // each RCPT TO
	StageDataStart Stage = "data-start" // after the 354 to DATA, before the content is read
	StageData      Stage = "data"       // after the final ".", before the answer
)

// Event is one command a Fault may fail.
type Event struct {
	Stage Stage
	Conn  int    // connection number, from 1 in order of acceptance
	N     int    // events of this stage before this one, over all connections, from 0
	From  string // the envelope sender of the transaction
	To    string // the recipient, at StageRcpt
	Raw   []byte // the mail, at StageData
}

// Reply is what the relay does instead of accepting. The zero Reply accepts.
//   - Code answers with that SMTP code (and Message). After a 421 the relay closes the
//     connection, as RFC 5321 3.8 has servers do.
//   - Drop closes the connection without an answer. At StageDataStart the relay first reads a
//     little of the content, so the client is cut off mid-DATA and the mail is not accepted. At
//     StageData the mail is accepted first — it is in Messages and counted in
//     Stats.AcceptedThenDropped — and the client never hears so: it must send it again.
type Reply struct {
	Code    int
	Message string
	Drop    bool
}

// Stats counts what happened at the relay.
type Stats struct {
	Accepted            int // mails accepted (including AcceptedThenDropped)
	Connections         int // accepted TCP connections
	DuplicateHelo       int // second EHLO/HELO refused (StrictHelo)
	AcceptedThenDropped int // mails accepted, then the connection dropped before the 250
}

// errDropped is returned to go-smtp after the relay closed the connection itself; nobody
// reads the answer it would write.
var errDropped = errors.New("relaytest: connection dropped on purpose")

type session struct {
	r    *Relay
	c    *smtp.Conn
	conn int
	from string
	to   []string
}

func (s *session) AuthPlain(username, password string) error { return nil }

// ask returns what Options.Fault says about ev; the zero Reply without a Fault.
func (s *session) ask(ev Event) Reply {
	if s.r.opts.Fault == nil {
		return Reply{}
	}
	ev.Conn, ev.From = s.conn, s.from
	s.r.mu.Lock()
	ev.N = s.r.events[ev.Stage]
	s.r.events[ev.Stage]++
	s.r.mu.Unlock()
	return s.r.opts.Fault(ev)
}

// answer carries out rep; the error is what the command returns (nil: accept).
func (s *session) answer(rep Reply) error {
	switch {
	case rep.Drop:
		_ = s.c.Conn().Close()
		return errDropped
	case rep.Code == 421:
		// go-smtp keeps a connection open after any reply; a real server hangs up after 421.
		msg := rep.Message
		if msg == "" {
			msg = "relaytest: closing on purpose"
		}
		_, _ = fmt.Fprintf(s.c.Conn(), "421 4.3.2 %s\r\n", msg)
		_ = s.c.Conn().Close()
		return errDropped
	case rep.Code != 0:
		return replyError(rep.Code, rep.Message)
	}
	return nil
}

func replyError(code int, msg string) error {
	if msg == "" {
		msg = "relaytest: failing on purpose"
	}
	return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 0, 0}, Message: msg}
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.r.mu.Lock()
	code := s.r.failing
	s.r.mu.Unlock()
	if code != 0 {
		return &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCode{code / 100, 3, 0}, Message: "relaytest: failing on purpose"}
	}
	s.from, s.to = from, nil
	if err := s.answer(s.ask(Event{Stage: StageMail})); err != nil {
		s.from = ""
		return err
	}
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if err := s.answer(s.ask(Event{Stage: StageRcpt, To: to})); err != nil {
		return err
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(rd io.Reader) error {
	if rep := s.ask(Event{Stage: StageDataStart}); rep.Drop {
		// Take a little of the content first, so the client is cut off in the middle of it.
		_, _ = io.CopyN(io.Discard, rd, 16)
		return s.answer(rep)
	} else if err := s.answer(rep); err != nil {
		return err
	}
	raw, err := io.ReadAll(rd)
	if err != nil {
		return err
	}
	rep := s.ask(Event{Stage: StageData, Raw: raw})
	if rep.Drop {
		s.accept(raw, true) // taken, and then the line goes dead before the 250
		return s.answer(rep)
	}
	if err := s.answer(rep); err != nil {
		return err
	}
	if s.r.opts.Deliver != nil {
		if err := s.r.opts.Deliver(s.from, s.to, raw); err != nil {
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "relaytest: hand-on failed: " + oneLine(err)}
		}
	}
	s.accept(raw, false)
	return nil
}

// accept records raw as accepted; dropped says the client will not hear so.
func (s *session) accept(raw []byte, dropped bool) {
	if s.r.opts.Discard {
		s.r.mu.Lock()
		s.r.stats.Accepted++
		s.r.mu.Unlock()
		return
	}
	rec := Received{From: s.from, To: s.to, Raw: raw, At: time.Now()}
	if m, err := mail.ReadMessage(bytes.NewReader(raw)); err == nil {
		rec.MessageID = strings.Trim(strings.TrimSpace(m.Header.Get("Message-ID")), "<>")
	}
	s.r.mu.Lock()
	s.r.got = append(s.r.got, rec)
	s.r.stats.Accepted++
	if dropped {
		s.r.stats.AcceptedThenDropped++
	}
	close(s.r.changed)
	s.r.changed = make(chan struct{})
	s.r.mu.Unlock()
}

func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }
