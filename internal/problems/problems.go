// Package problems is the error type of validations that report everything wrong at once
// (the config, the customer directory), each finding tied to the setting or field it concerns.
package problems

import (
	"fmt"
	"strings"
)

// Problem is one finding. Setting names what it concerns, e.g. "imap.address",
// "rules[2].regex" or "contact C-0001: email"; it may be empty.
type Problem struct {
	Setting string `json:"setting"`
	Message string `json:"message"`
}

// String renders the problem as "setting: message" (just the message without a setting).
func (p Problem) String() string {
	if p.Setting == "" {
		return p.Message
	}
	return p.Setting + ": " + p.Message
}

// List is every problem found in one validation. It is an error; validators return nil, not an
// empty List, when there is none (use Err).
type List []Problem

// Error lists the problems, one per line.
func (ps List) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Add records a problem with a formatted message.
func (ps *List) Add(setting, format string, args ...any) {
	*ps = append(*ps, Problem{Setting: setting, Message: fmt.Sprintf(format, args...)})
}

// Err returns ps as an error, or nil when it is empty.
func (ps List) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}
