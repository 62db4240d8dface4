package directory

import (
	"fmt"

	"helpdesk/internal/problems"
)

// Problem is one validation finding. Setting names the record and field, e.g.
// "contact C-0001: email" or "customer K-1001: notify.new_ticket[2]".
type Problem = problems.Problem

// Problems is every problem found in one validation; validators return nil when there is none.
type Problems = problems.List

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
