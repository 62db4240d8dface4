package outbox

import (
	"errors"
	"fmt"

	"github.com/emersion/go-smtp"
)

// sessionError is a failure to set up the SMTP session (connect, TLS, greeting, EHLO, AUTH):
// a problem of the relay or of our configuration, never of the mail, so always temporary.
type sessionError struct {
	stage string
	err   error
}

func (e *sessionError) Error() string { return e.stage + ": " + e.err.Error() }
func (e *sessionError) Unwrap() error { return e.err }

// permanentError marks a failure that no retry can fix (bad envelope, every recipient rejected).
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

func permanentf(format string, args ...any) error {
	return &permanentError{fmt.Errorf(format, args...)}
}

// rejectedError is a temporary failure decided from the server's replies (recipients rejected
// temporarily): the connection stays usable.
type rejectedError struct{ err error }

func (e *rejectedError) Error() string { return e.err.Error() }
func (e *rejectedError) Unwrap() error { return e.err }

func rejectedf(format string, args ...any) error {
	return &rejectedError{fmt.Errorf(format, args...)}
}

// Classify reports whether err is a permanent delivery failure (give up) rather than a
// temporary one (retry later):
//   - session set-up failures (connect, TLS handshake and certificate errors, greeting, EHLO,
//     STARTTLS missing, AUTH) are temporary whatever the reply code: the operator must fix them
//     and the mail itself is fine;
//   - *smtp.SMTPError 5xx is permanent, 4xx temporary, except the authentication replies 530,
//     534, 535 and 538 (RFC 4954), which are temporary for the reason above;
//   - envelope errors found before sending (CR/LF in an address, no recipients, SMTPUTF8
//     needed but not offered) and "every recipient rejected" are permanent;
//   - everything else (network errors, timeouts, closed connections) is temporary.
func Classify(err error) (permanent bool) {
	if err == nil {
		return false
	}
	if se := (*sessionError)(nil); errors.As(err, &se) {
		return false
	}
	if pe := (*permanentError)(nil); errors.As(err, &pe) {
		return true
	}
	if re := (*rejectedError)(nil); errors.As(err, &re) {
		return false
	}
	if se := (*smtp.SMTPError)(nil); errors.As(err, &se) {
		switch se.Code {
		case 530, 534, 535, 538:
			return false
		}
		return se.Code >= 500 && se.Code < 600
	}
	return false
}

// connUsable reports whether the SMTP connection can carry another transaction after err
// (after RSET). Protocol replies leave it usable, except 421 (the server is closing it); I/O
// errors and timeouts leave the protocol state unknown.
func connUsable(err error) bool {
	if err == nil {
		return true
	}
	if se := (*smtp.SMTPError)(nil); errors.As(err, &se) {
		return se.Code != 421
	}
	var pe *permanentError
	var re *rejectedError
	return errors.As(err, &pe) || errors.As(err, &re)
}
