package policy

import (
	"mime"
	"strings"

	"github.com/emersion/go-message/charset"

	"helpdesk/mailflow/parse"
)

// applyRules runs the operator rules in order on a kept verdict: the first matching setaside
// rule sets the mail aside; tag rules add their tag (once each); the first matching priority
// rule sets the priority. Tags and priority gathered before a setaside rule stay on the verdict.
func applyRules(m *parse.Message, rules []Rule, v Verdict) Verdict {
	for i := range rules {
		r := &rules[i]
		if !ruleMatches(m, r) {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(r.Action)) {
		case "setaside":
			reason := r.Reason
			if reason == "" {
				reason = "operator rule " + quote(r.Name) + " matched " + r.describe()
			}
			v.SetAside, v.Code, v.Reason, v.Flagged = true, RuleMatch, reason, false
			return v
		case "tag":
			if r.Tag != "" && !contains(v.Tags, r.Tag) {
				v.Tags = append(v.Tags, r.Tag)
			}
		case "priority":
			if v.Priority == "" {
				v.Priority = r.Priority
			}
		}
	}
	return v
}

func (r *Rule) describe() string {
	f := r.Field
	if strings.EqualFold(f, "header") {
		f = r.Header
	}
	switch {
	case r.Contains != "":
		return f + " contains " + quote(r.Contains)
	case r.Regexp != nil:
		return f + " =~ /" + r.Regexp.String() + "/"
	}
	return f + " present"
}

func ruleMatches(m *parse.Message, r *Rule) bool {
	values, ok := ruleValues(m, r)
	if !ok {
		return false
	}
	if r.Contains == "" && r.Regexp == nil {
		return strings.EqualFold(r.Field, "header") && len(values) > 0
	}
	needle := strings.ToLower(r.Contains)
	for _, v := range values {
		if needle != "" && !strings.Contains(strings.ToLower(v), needle) {
			continue
		}
		if r.Regexp != nil && !r.Regexp.MatchString(v) {
			continue
		}
		return true
	}
	return false
}

// ruleValues returns the strings a rule's field refers to; ok=false for an unknown field.
func ruleValues(m *parse.Message, r *Rule) ([]string, bool) {
	switch strings.ToLower(strings.TrimSpace(r.Field)) {
	case "header":
		if r.Header == "" {
			return nil, false
		}
		var out []string
		for _, v := range m.Header.Values(r.Header) {
			out = append(out, decodeHeader(v))
		}
		return out, true
	case "sender":
		return []string{m.From.Addr}, true
	case "recipient":
		var out []string
		for _, a := range append(append([]parse.Address{}, m.To...), m.Cc...) {
			out = append(out, a.Addr)
		}
		for _, h := range []string{"Delivered-To", "X-Original-To"} {
			out = append(out, headerValues(m, h)...)
		}
		return out, true
	case "subject":
		return []string{m.Subject}, true
	case "body":
		return []string{m.Text}, true
	}
	return nil, false
}

// decodeHeader decodes RFC 2047 encoded words; on error the raw value is used.
func decodeHeader(v string) string {
	d := mime.WordDecoder{CharsetReader: charset.Reader}
	if s, err := d.DecodeHeader(v); err == nil {
		return s
	}
	return v
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
