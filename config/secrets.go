package config

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// Environment variables that supply passwords when neither password nor password_file is set.
const (
	EnvIMAPPassword = "HELPDESK_IMAP_PASSWORD"
	EnvSMTPPassword = "HELPDESK_SMTP_PASSWORD"
)

// redactedSecret replaces a set secret in Redacted copies.
const redactedSecret = "***"

// resolveSecrets fills imap.password and smtp.password. An explicit password wins, then
// password_file (trailing line breaks removed), then the environment. Unreadable or empty
// password files are problems.
func (c *Config) resolveSecrets(getenv func(string) string) Problems {
	var ps Problems
	resolveSecret(&c.IMAP.Password, c.IMAP.PasswordFile, getenv(EnvIMAPPassword), "imap.password_file", &ps)
	resolveSecret(&c.SMTP.Password, c.SMTP.PasswordFile, getenv(EnvSMTPPassword), "smtp.password_file", &ps)
	return ps
}

func resolveSecret(password *string, file, env, fileSetting string, ps *Problems) {
	switch {
	case *password != "":
	case file != "":
		b, err := readSmall(file, maxSecretFile)
		if err != nil {
			ps.Add(fileSetting, "cannot read: %v", err)
			return
		}
		s := strings.TrimRight(string(b), "\r\n")
		if s == "" {
			ps.Add(fileSetting, "%s is empty", file)
			return
		}
		*password = s
	default:
		*password = env
	}
}

// maxSecretFile bounds what is read from a password file (a path such as /dev/zero must not
// exhaust memory).
const maxSecretFile = 64 << 10

// readSmall reads a file of at most limit bytes.
func readSmall(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s is larger than %d bytes, not a password file", path, limit)
	}
	return b, nil
}

// Redacted returns a deep copy of c with the passwords replaced by "***" (when set), for
// printing. The copy shares compiled rule regexps, which are safe to share.
func (c *Config) Redacted() *Config {
	r := *c
	r.Policy.Allow = cloneStrings(c.Policy.Allow)
	r.Policy.Deny = cloneStrings(c.Policy.Deny)
	r.Policy.TrustedAuthservIDs = cloneStrings(c.Policy.TrustedAuthservIDs)
	if c.Rules != nil {
		r.Rules = append([]Rule(nil), c.Rules...)
	}
	if r.IMAP.Password != "" {
		r.IMAP.Password = redactedSecret
	}
	if r.SMTP.Password != "" {
		r.SMTP.Password = redactedSecret
	}
	return &r
}

func cloneStrings(s []string) []string {
	if s == nil {
		return nil
	}
	return append([]string(nil), s...)
}

// String describes fmt verbs that print a Config: the redacted form, so a stray %v in a log
// line cannot leak a password.
func (c *Config) String() string {
	return fmt.Sprintf("%+v", *c.Redacted())
}
