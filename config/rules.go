package config

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Regexp is the compiled regex of the rule, or nil when the rule uses contains (or has not
// been validated yet: Load and Validate compile it).
func (r Rule) Regexp() *regexp.Regexp { return r.re }

// Matches reports whether value matches the rule's pattern: a case-insensitive substring for
// contains, the compiled regexp for regex. A rule without a valid pattern matches nothing.
func (r Rule) Matches(value string) bool {
	switch {
	case r.Contains != "":
		return strings.Contains(strings.ToLower(value), strings.ToLower(r.Contains))
	case r.re != nil:
		return r.re.MatchString(value)
	}
	return false
}

func (c *Config) validateRules(ps *Problems) {
	for i := range c.Rules {
		c.Rules[i].validate(fmt.Sprintf("rules[%d]", i), ps)
	}
}

// validate checks one rule; prefix names its position ("rules[2]"). It compiles the regex.
func (r *Rule) validate(prefix string, ps *Problems) {
	r.re = nil
	if strings.TrimSpace(r.Name) == "" {
		ps.Add(prefix+".name", "required: a name for logs and set-aside records")
	}
	oneOf(ps, prefix+".field", r.Field, FieldHeader, FieldSender, FieldRecipient, FieldSubject, FieldBody)
	switch {
	case r.Field == FieldHeader && r.Header == "":
		ps.Add(prefix+".header", "required when field = \"header\"")
	case r.Field == FieldHeader && !validHeaderName(r.Header):
		ps.Add(prefix+".header", "%q is not a header field name", r.Header)
	case r.Field != FieldHeader && r.Header != "":
		ps.Add(prefix+".header", "only used with field = \"header\"")
	}
	switch {
	case r.Contains == "" && r.Regex == "":
		ps.Add(prefix+".contains", "set exactly one of contains or regex")
	case r.Contains != "" && r.Regex != "":
		ps.Add(prefix+".regex", "set exactly one of contains or regex, not both")
	case r.Regex != "":
		re, err := regexp.Compile(r.Regex)
		if err != nil {
			ps.Add(prefix+".regex", "%v", err)
		} else {
			r.re = re
		}
	}
	oneOf(ps, prefix+".action", r.Action, ActionSetAside, ActionTag, ActionPriority)
	if r.Action == ActionSetAside && strings.TrimSpace(r.Reason) == "" {
		ps.Add(prefix+".reason", "required for action = \"setaside\"")
	}
	switch {
	case r.Action == ActionTag && strings.TrimSpace(r.Tag) == "":
		ps.Add(prefix+".tag", "required for action = \"tag\"")
	case r.Action != ActionTag && r.Tag != "":
		ps.Add(prefix+".tag", "only used with action = \"tag\"")
	}
	switch {
	case r.Action == ActionPriority && !slices.Contains(priorities, r.Priority):
		ps.Add(prefix+".priority", "must be one of %s for action = \"priority\"; got %q", quoteList(priorities), r.Priority)
	case r.Action != ActionPriority && r.Priority != "":
		ps.Add(prefix+".priority", "only used with action = \"priority\"")
	}
}

// validHeaderName follows RFC 5322 section 3.6.8: printable US-ASCII except colon.
func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	return !strings.ContainsFunc(s, func(r rune) bool {
		return r <= ' ' || r > '~' || r == ':'
	})
}
