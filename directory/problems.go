package directory

import (
	"fmt"
	"strings"
)

// Problem is one validation finding. Setting names the record and field, e.g.
// "contact C-0001: email" or "customer K-1001: notify.new_ticket[2]".
type Problem struct {
	Setting string `json:"setting"`
	Message string `json:"message"`
}

// String returns "setting: message".
func (p Problem) String() string {
	if p.Setting == "" {
		return p.Message
	}
	return p.Setting + ": " + p.Message
}

// Problems is every problem found in one validation. It is an error; a nil or empty
// Problems means "valid" only as a value, so validators return nil when there is none.
type Problems []Problem

// Error lists the problems one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// collector gathers problems under a record prefix.
type collector struct {
	probs *Problems
	rec   string // e.g. "customer K-1001"
}

// add records a problem at field (may be "" for the record as a whole).
func (c collector) add(field, format string, args ...any) {
	setting := c.rec
	if field != "" {
		setting += ": " + field
	}
	*c.probs = append(*c.probs, Problem{Setting: setting, Message: fmt.Sprintf(format, args...)})
}

// err returns ps as an error, or nil when it is empty.
func (ps Problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}
