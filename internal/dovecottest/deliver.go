package dovecottest

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/emersion/go-smtp"
)

// DeliverMaildir writes raws straight into the user's Maildir/new: the
// fastest way to fill a mailbox (load tests). Each file is written to tmp/
// and renamed into new/ under a unique Maildir name with its size (",S=").
// Dovecot picks the files up on the next sync; IDLE clients hear of them
// within about half a second. Bare LF line endings become CRLF.
func (s *Server) DeliverMaildir(user string, raws [][]byte) error {
	if !s.userExists(user) {
		return fmt.Errorf("deliver to %q: unknown user: call AddUser first", user)
	}
	md := filepath.Join(s.home(user), "Maildir")
	for _, sub := range []string{"", "new", "cur", "tmp"} {
		if err := s.ensureDir(filepath.Join(md, sub)); err != nil {
			return fmt.Errorf("deliver to %s: %w", user, err)
		}
	}
	now := time.Now()
	pid := os.Getpid()
	for i, raw := range raws {
		msg := toCRLF(raw)
		name := fmt.Sprintf("%d.M%dP%dQ%d.dovecottest,S=%d", now.Unix(), now.Nanosecond()/1000, pid, i, len(msg))
		tmp := filepath.Join(md, "tmp", name)
		if err := os.WriteFile(tmp, msg, 0o600); err != nil {
			return fmt.Errorf("deliver to %s: %w", user, err)
		}
		if err := s.owner.chown(tmp); err != nil {
			return fmt.Errorf("deliver to %s: %w", user, err)
		}
		if err := os.Rename(tmp, filepath.Join(md, "new", name)); err != nil {
			return fmt.Errorf("deliver to %s: %w", user, err)
		}
	}
	return nil
}

// DeliverLMTP delivers raw to one recipient over LMTP, so Sieve (e.g. a
// vacation script) runs. from is the envelope sender ("" for a bounce).
func (s *Server) DeliverLMTP(from, to string, raw []byte) error {
	conn, err := net.DialTimeout("tcp", s.LMTPAddr, 5*time.Second)
	if err != nil {
		return fmt.Errorf("dial lmtp %s: %w", s.LMTPAddr, err)
	}
	lc := smtp.NewClientLMTP(conn)
	defer lc.Close()
	if err := lc.Hello("localhost"); err != nil {
		return fmt.Errorf("lmtp lhlo: %w", err)
	}
	if err := lc.SendMail(from, []string{to}, bytes.NewReader(toCRLF(raw))); err != nil {
		return fmt.Errorf("lmtp deliver to %s: %w", to, err)
	}
	return lc.Quit()
}

// SetVacation installs sieveScript as the user's active Sieve script
// (~/.dovecot.sieve), run on every LMTP delivery. VacationScript builds a
// typical one. An invalid script makes Dovecot deliver without filtering and
// log the compile error.
func (s *Server) SetVacation(user, sieveScript string) error {
	if !s.userExists(user) {
		return fmt.Errorf("set vacation of %q: unknown user: call AddUser first", user)
	}
	path := filepath.Join(s.home(user), ".dovecot.sieve")
	if err := s.owner.writeFile(path, []byte(sieveScript), 0o644); err != nil {
		return fmt.Errorf("set vacation of %s: %w", user, err)
	}
	// A stale compiled script would win if its mtime were newer.
	_ = os.Remove(strings.TrimSuffix(path, ".sieve") + ".svbin")
	return nil
}

// VacationScript returns a Sieve script (RFC 5230) that answers each sender
// at most once per `days` days with subject and body.
func VacationScript(days int, subject, body string) string {
	return fmt.Sprintf("require \"vacation\";\nvacation :days %d :subject %s %s;\n",
		days, sieveString(subject), sieveString(body))
}

// sieveString quotes s as a Sieve quoted string.
func sieveString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}

// toCRLF turns bare LF line endings into CRLF.
func toCRLF(raw []byte) []byte {
	if !bytes.Contains(raw, []byte("\n")) {
		return raw
	}
	out := make([]byte, 0, len(raw)+16)
	for i, c := range raw {
		if c == '\n' && (i == 0 || raw[i-1] != '\r') {
			out = append(out, '\r')
		}
		out = append(out, c)
	}
	return out
}
