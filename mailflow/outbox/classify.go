package outbox

import (
	"errors"
	"fmt"

	"github.com/emersion/go-smtp"
)

// class says whom a failure is about. It is decided where the failure happens (see failf and
// replyClass), not guessed afterwards from the text.
type class int

const (
	// classTemporary is the mail's and temporary: an attempt, retried with the mail's backoff.
	classTemporary class = iota
	// classPermanent is the mail's and final: give up.
	classPermanent
	// classSession is the connection's (connect, TLS, greeting, EHLO, AUTH, 421, 503, I/O): the
	// mail is fine; retry on a fresh connection; not an attempt.
	classSession
	// classRefused is the relay refusing every mail alike (our sender, our authentication):
	// pause the outbox; not an attempt.
	classRefused
)

func (c class) String() string {
	return [...]string{"temporary", "permanent", "session", "refused"}[c]
}

// Stages of a delivery, in order; errors start with the stage's name.
const (
	stageConnect  = "connect"
	stageTLS      = "tls handshake"
	stageStartTLS = "starttls"
	stageEHLO     = "ehlo"
	stageAuth     = "auth"
	stageEnvelope = "envelope" // checked before any I/O
	stageMail     = "mail from"
	stageRcpt     = "rcpt to"
	stageData     = "data" // the DATA command and the content
	stageEnd      = "end of data"
)

// beforeMail reports whether stage comes before the relay accepted MAIL FROM (the relay, not
// the mail, is then the one failing).
func beforeMail(stage string) bool {
	switch stage {
	case stageConnect, stageTLS, stageStartTLS, stageEHLO, stageAuth, stageMail:
		return true
	}
	return false
}

// failure is a delivery error with where it happened and what it is about.
type failure struct {
	stage string
	class class
	// reuse says the connection can carry the next transaction as it is: the dialogue is in
	// step and no transaction is open (the reply was to MAIL FROM or to the final ".").
	reuse bool
	err   error
}

func (f *failure) Error() string { return f.err.Error() }
func (f *failure) Unwrap() error { return f.err }

// relayWide reports whether every mail would fail the same way now, so the outbox pauses.
func (f *failure) relayWide() bool {
	switch f.class {
	case classRefused:
		return true
	case classSession:
		return beforeMail(f.stage) || replyCode(f.err) == 421
	}
	return false
}

// politeClose reports whether QUIT is worth sending before closing: the server is still
// talking to us in step.
func (f *failure) politeClose() bool {
	c := replyCode(f.err)
	return c != 0 && c != 421 && c != 503
}

// failf returns a failure of class cl at stage with a message; the message should name the
// stage, as "mail from <a@b>: 550 ...".
func failf(stage string, cl class, format string, args ...any) *failure {
	return &failure{stage: stage, class: cl, err: fmt.Errorf(format, args...)}
}

// replyFailure classes err, the outcome of a command at stage, and wraps it with msg. A refused
// sender leaves the dialogue in step too, but its connection is closed all the same: the pause
// that follows outlasts any server's idle timer.
func replyFailure(stage string, err error, msg string) *failure {
	cl := replyClass(stage, err)
	reuse := replyCode(err) != 0 && (cl == classTemporary || cl == classPermanent) &&
		(stage == stageMail || stage == stageEnd)
	return &failure{stage: stage, class: cl, reuse: reuse, err: fmt.Errorf("%s: %w", msg, err)}
}

// replyClass classes the outcome err of a command at stage (from MAIL FROM on):
//   - no SMTP reply at all (I/O error, timeout, closed connection), 421 (the server is closing
//     the channel), 503 (bad sequence: the dialogue is out of step) and replies no command
//     expects are the session's;
//   - 530, 534, 535 and 538 (RFC 4954: authentication needed or failed) are the relay refusing us;
//   - a 5xx to MAIL FROM is the relay refusing our sender, the same for every mail — except
//     552, which RFC 1870 uses for this mail's SIZE;
//   - other 5xx are the mail's, permanent; other 4xx the mail's, temporary.
func replyClass(stage string, err error) class {
	code := replyCode(err)
	switch {
	case code == 0 || code == 421 || code == 503:
		return classSession
	case code == 530 || code == 534 || code == 535 || code == 538:
		return classRefused
	case code >= 500 && code < 600:
		if stage == stageMail && code != 552 {
			return classRefused
		}
		return classPermanent
	case code >= 400 && code < 500:
		return classTemporary
	}
	return classSession
}

// replyCode returns the SMTP reply code in err, 0 when err carries none.
func replyCode(err error) int {
	if se := (*smtp.SMTPError)(nil); errors.As(err, &se) {
		return se.Code
	}
	return 0
}

// classOf returns the class of a delivery error; errors that are no *failure (bugs) count as
// the session's, so they neither fail a mail nor count as its attempt.
func classOf(err error) class {
	if f := (*failure)(nil); errors.As(err, &f) {
		return f.class
	}
	return classSession
}

// asFailure returns err as a *failure, classing foreign errors as the session's.
func asFailure(err error) *failure {
	if f := (*failure)(nil); errors.As(err, &f) {
		return f
	}
	return &failure{stage: "unknown", class: classSession, err: err}
}
