package config_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"helpdesk/config"
)

func ExampleLoad() {
	dir, err := os.MkdirTemp("", "config-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "helpdesk.toml")
	text := `
data_dir = "/var/lib/helpdesk"
language = "fr"
[support]
address = "support@example.com"
[imap]
address = "imap.example.com:993"
security = "none"
username = "support@example.com"
poll_interval = "soon"
[smtp]
address = "smtp.example.com:587"
[[rules]]
name = "Monitoring"
field = "subject"
regex = "[nagios"
action = "tag"
tag = "monitoring"
`
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		fmt.Println(err)
		return
	}
	_, err = config.Load(path)
	var problems config.Problems
	if errors.As(err, &problems) {
		fmt.Println(problems)
	}
	// Output:
	// imap.poll_interval: invalid duration "soon", want e.g. "30s", "15m", "336h" or "30d"
	// language: must be one of "de", "en"; got "fr"
	// imap.security: "none" is only allowed to a loopback host (127.0.0.1, ::1, localhost), not "imap.example.com"
	// rules[0].regex: error parsing regexp: missing closing ]: `[nagios`
}
