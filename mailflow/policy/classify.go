package policy

import (
	"strings"

	"helpdesk/mailflow/parse"
)

// Classify decides whether m is set aside, in the order the package comment documents.
// A nil o means the defaults; a nil m is set aside as unparseable.
func Classify(m *parse.Message, o *Options) Verdict {
	if m == nil {
		return Unparseable(nil)
	}
	if o == nil {
		o = &Options{}
	}
	checks := []func(*parse.Message, *Options) (Verdict, bool){
		checkLoop,
		checkBounce,
		checkAutoReply,
		checkReadReceipt,
		checkNullPath,
		checkList,
		checkSpam,
		checkSize,
	}
	for _, c := range checks {
		if v, ok := c(m, o); ok {
			return v
		}
	}
	v, ok := checkSender(m, &o.Senders)
	if ok {
		return v
	}
	v = applyRules(m, o.Rules, v)
	if !v.SetAside && NoReply(m.From.Addr) && m.From.Addr != "" {
		v.Automatic = true
		if v.Reason == "" {
			v.Reason = "kept; sender " + m.From.Addr + " is a no-reply address"
		}
	}
	return v
}

// header returns the first value of key, trimmed.
func header(m *parse.Message, key string) string {
	return strings.TrimSpace(m.Header.Get(key))
}

// headerValues returns all values of key, trimmed.
func headerValues(m *parse.Message, key string) []string {
	vs := m.Header.Values(key)
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		out = append(out, strings.TrimSpace(v))
	}
	return out
}

// hasHeaderPrefix returns the first header name (as written) starting with one of the
// lower-case prefixes.
func hasHeaderPrefix(m *parse.Message, prefixes ...string) string {
	fields := m.Header.Fields()
	for fields.Next() {
		k := strings.ToLower(fields.Key())
		for _, p := range prefixes {
			if strings.HasPrefix(k, p) {
				return fields.Key()
			}
		}
	}
	return ""
}

// token returns the lower-case first token of a header value: up to ';', '(' or space.
func token(v string) string {
	v = strings.TrimSpace(v)
	if i := strings.IndexAny(v, ";( \t,"); i >= 0 {
		v = v[:i]
	}
	return strings.ToLower(v)
}

// nullReturnPath reports whether a Return-Path header holds the null path <>.
func nullReturnPath(m *parse.Message) bool {
	for _, v := range headerValues(m, "Return-Path") {
		if strings.ReplaceAll(v, " ", "") == "<>" {
			return true
		}
	}
	return false
}

// hasPart returns the first of the media types found among the leaf parts, or "". Parts after
// an attached message (message/rfc822, message/global) are not looked at unless the type asked
// for is such an attachment: a report a person forwarded as an attachment is theirs to ask
// about, and in a real report (RFC 3464, RFC 8098, RFC 5965) the report part comes before the
// returned message.
func hasPart(m *parse.Message, types ...string) string {
	for _, p := range m.Parts {
		p = strings.ToLower(p)
		for _, t := range types {
			if p == t {
				return t
			}
		}
		if p == "message/rfc822" || p == "message/global" {
			return ""
		}
	}
	return ""
}

// reportType returns the report-type of a multipart/report mail, lower-cased, or "".
func reportType(m *parse.Message) string {
	if strings.ToLower(m.ContentType) != "multipart/report" {
		return ""
	}
	for k, v := range m.ContentTypeParams {
		if strings.EqualFold(k, "report-type") {
			return strings.ToLower(strings.TrimSpace(v))
		}
	}
	return ""
}

// localPart returns the lower-case local part of addr, without a +extension.
func localPart(addr string) string {
	addr = strings.ToLower(strings.TrimSpace(addr))
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		addr = addr[:i]
	}
	if i := strings.IndexByte(addr, '+'); i > 0 {
		addr = addr[:i]
	}
	return addr
}

// hasPrefixFold reports whether s starts with prefix, ignoring case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}
