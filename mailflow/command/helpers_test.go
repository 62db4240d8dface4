package command

import "fmt"

// describe returns a command as a short line that tables compare, e.g. "status=resolved".
func describe(c Command) string {
	switch c := c.(type) {
	case SetStatus:
		return "status=" + string(c.Status)
	case Assign:
		return "assign=" + c.Technician
	case Take:
		return "take"
	case SetPriority:
		return "priority=" + string(c.Priority)
	case TimeEntry:
		s := fmt.Sprintf("time=%d date=%s", c.Minutes, c.Date)
		if !c.Billable {
			s += fmt.Sprintf(" nb=%q", c.Reason)
		}
		if c.Activity != "" {
			s += fmt.Sprintf(" activity=%q", c.Activity)
		}
		return s
	case Travel:
		if c.Km > 0 {
			return fmt.Sprintf("travel=%dkm date=%s", c.Km, c.Date)
		}
		return fmt.Sprintf("travel=%dx date=%s", c.Trips, c.Date)
	case Internal:
		return "internal"
	case HelpRequest:
		return "help"
	case SetCustomer:
		return "customer=" + c.Number
	case SetRequester:
		return fmt.Sprintf("requester=%s name=%q", c.Address, c.Name)
	}
	return fmt.Sprintf("%T", c)
}

// today is the fixed day of the tests: Wednesday, 2 December 2026.
var today = Date{2026, 12, 2}

func parseToday(text string) Block { return Parse(text, Options{Today: today}) }

// summary is what the table tests compare: commands, issues as "line:code", and the text.
type summary struct {
	cmds     []string
	errs     []string
	warns    []string
	text     string
	textLine int
}

func summarize(b Block) summary {
	s := summary{text: b.Text, textLine: b.TextLine}
	for _, c := range b.Commands {
		s.cmds = append(s.cmds, describe(c))
	}
	for _, e := range b.Errors {
		s.errs = append(s.errs, fmt.Sprintf("%d:%s", e.Line, e.Code))
	}
	for _, w := range b.Warnings {
		s.warns = append(s.warns, fmt.Sprintf("%d:%s", w.Line, w.Code))
	}
	return s
}

func (s summary) String() string {
	return fmt.Sprintf("cmds=%q errs=%q warns=%q textLine=%d text=%q", s.cmds, s.errs, s.warns, s.textLine, s.text)
}
