package devmail

import (
	"crypto/subtle"
	"fmt"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/rs/zerolog"
)

// imapCaps mirrors Dovecot 2.3: IMAP4rev1 plus the extensions imapmemserver
// implements. IDLE, UNSELECT, ENABLE and SASL-IR are added by imapserver.
var imapCaps = imap.CapSet{
	imap.CapIMAP4rev1:    {},
	imap.CapNamespace:    {},
	imap.CapUIDPlus:      {},
	imap.CapMove:         {},
	imap.CapESearch:      {},
	imap.CapSearchRes:    {},
	imap.CapListExtended: {},
	imap.CapListStatus:   {},
	imap.CapStatusSize:   {},
	imap.CapLiteralPlus:  {},
}

func (w *World) newIMAPServer() *imapserver.Server {
	return imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return &imapSession{world: w}, nil, nil
		},
		Caps:         imapCaps,
		Logger:       printfLogger{log: w.log.With().Str("server", "imap").Logger()},
		InsecureAuth: true, // loopback demo without TLS
	})
}

// imapSession accepts any login with the shared password and creates the
// user on first login. After login, imapmemserver's UserSession does the rest.
type imapSession struct {
	*imapmemserver.UserSession // nil until Login
	world                      *World
}

// Login implements imapserver.Session. LOGIN and AUTHENTICATE PLAIN both
// land here.
func (s *imapSession) Login(username, password string) error {
	name, err := normalizeAddress(username)
	if err != nil {
		return imapserver.ErrAuthFailed
	}
	if subtle.ConstantTimeCompare([]byte(password), []byte(s.world.opts.Password)) != 1 {
		s.world.log.Info().Str("user", name).Msg("imap login failed")
		return imapserver.ErrAuthFailed
	}
	u, err := s.world.users.get(name)
	if err != nil {
		return fmt.Errorf("login %s: %w", name, err)
	}
	s.UserSession = imapmemserver.NewUserSession(u)
	return nil
}

// printfLogger adapts zerolog to the Printf/Println loggers of imapserver and
// go-smtp, which report connection-level errors.
type printfLogger struct{ log zerolog.Logger }

func (l printfLogger) Printf(format string, v ...interface{}) {
	l.log.Warn().Msg(fmt.Sprintf(format, v...))
}

func (l printfLogger) Println(v ...interface{}) {
	l.log.Warn().Msg(fmt.Sprint(v...))
}
