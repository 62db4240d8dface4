package devmail

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

func (w *World) newSMTPServer() *smtp.Server {
	s := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &smtpSession{world: w, conn: c}, nil
	}))
	s.Domain = "devmail"
	s.MaxMessageBytes = w.opts.MaxMessageSize
	s.MaxRecipients = 1000
	s.AllowInsecureAuth = true // loopback demo without TLS
	s.ReadTimeout = 5 * time.Minute
	s.WriteTimeout = time.Minute
	s.ErrorLog = printfLogger{log: w.log.With().Str("server", "smtp").Logger()}
	return s
}

// smtpSession accepts mail for any recipient; AUTH PLAIN is optional and
// succeeds for any user with the shared password.
type smtpSession struct {
	world *World
	conn  *smtp.Conn
	from  string
	to    []string
}

var _ smtp.AuthSession = (*smtpSession)(nil)

func (s *smtpSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *smtpSession) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if subtle.ConstantTimeCompare([]byte(password), []byte(s.world.opts.Password)) != 1 {
			return smtp.ErrAuthFailed
		}
		return nil
	}), nil
}

func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	s.from = from
	s.to = nil
	return nil
}

func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if _, err := normalizeAddress(to); err != nil {
		return &smtp.SMTPError{Code: 501, EnhancedCode: smtp.EnhancedCode{5, 1, 3}, Message: "Bad recipient address"}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *smtpSession) Data(r io.Reader) error {
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(r); err != nil {
		var smtpErr *smtp.SMTPError
		if errors.As(err, &smtpErr) {
			return smtpErr
		}
		return fmt.Errorf("read data: %w", err)
	}
	env := envelope{helo: s.conn.Hostname(), remote: remoteIP(s.conn), protocol: "ESMTP"}
	if err := s.world.deliver(env, s.from, s.to, buf.Bytes()); err != nil {
		s.world.log.Error().Err(err).Str("from", s.from).Msg("delivery failed")
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Delivery failed"}
	}
	return nil
}

func (s *smtpSession) Reset() {
	s.from = ""
	s.to = nil
}

func (s *smtpSession) Logout() error { return nil }

func remoteIP(c *smtp.Conn) string {
	nc := c.Conn()
	if nc == nil {
		return ""
	}
	host, _, err := net.SplitHostPort(nc.RemoteAddr().String())
	if err != nil {
		return nc.RemoteAddr().String()
	}
	return host
}
