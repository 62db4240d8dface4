package config

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with a configuration, tied to the setting it concerns
// ("imap.address", "rules[2].regex").
type Problem struct {
	Setting string
	Message string
}

// String renders the problem as "setting: message" (just the message without a setting).
func (p Problem) String() string {
	if p.Setting == "" {
		return p.Message
	}
	return p.Setting + ": " + p.Message
}

// Problems is every problem found in a configuration. It is the error type returned by Load
// and Validate; an empty Problems is never returned as an error.
type Problems []Problem

// Error lists all problems, one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// add records a problem with a formatted message.
func (ps *Problems) add(setting, format string, args ...any) {
	*ps = append(*ps, Problem{Setting: setting, Message: fmt.Sprintf(format, args...)})
}

// err returns ps as an error, or nil when there are none.
func (ps Problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}
