package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// minimalTOML is the smallest valid configuration: only the required settings.
const minimalTOML = `
data_dir = "/var/lib/helpdesk"
[support]
address = "support@example.com"
[imap]
address = "imap.example.com:993"
username = "support@example.com"
[smtp]
address = "smtp.example.com:587"
`

// validConfig is Default with the required settings filled in; it passes Validate.
func validConfig(t *testing.T) *Config {
	t.Helper()
	c := Default()
	c.DataDir = "/var/lib/helpdesk"
	c.Support.Address = "support@example.com"
	c.IMAP.Address = "imap.example.com:993"
	c.IMAP.Username = "support@example.com"
	c.SMTP.Address = "smtp.example.com:587"
	c.applyDerived()
	if err := c.Validate(); err != nil {
		t.Fatalf("validConfig: Validate() = %v, want nil", err)
	}
	return c
}

// writeFile writes content to name in a fresh temp dir and returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// clearEnv unsets the password variables for the test.
func clearEnv(t *testing.T) {
	t.Helper()
	t.Setenv(EnvIMAPPassword, "")
	t.Setenv(EnvSMTPPassword, "")
}

// loadString writes text to a file and loads it with a clean environment.
func loadString(t *testing.T, text string) (*Config, error) {
	t.Helper()
	clearEnv(t)
	return Load(writeFile(t, "helpdesk.toml", text))
}

// problemsOf unwraps err as Problems; it fails the test for other non-nil errors.
func problemsOf(t *testing.T, err error) Problems {
	t.Helper()
	if err == nil {
		return nil
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %v (%T) is not Problems", err, err)
	}
	return ps
}

// findProblem returns the problem for setting whose message contains msg.
func findProblem(ps Problems, setting, msg string) (Problem, bool) {
	for _, p := range ps {
		if p.Setting == setting && strings.Contains(p.Message, msg) {
			return p, true
		}
	}
	return Problem{}, false
}
