package policy

import (
	"strings"

	"helpdesk/mailflow/compose"
	"helpdesk/mailflow/parse"
)

// checkLoop finds our own mail coming back. In-Reply-To and References are deliberately not
// looked at: a customer's reply carries our Message-ID there.
func checkLoop(m *parse.Message, o *Options) (Verdict, bool) {
	for _, a := range []parse.Address{m.From, m.Sender} {
		if ours(a.Addr, o.SupportAddresses) {
			return setAside(Loop, "sender "+a.Addr+" is our own support address"), true
		}
	}
	for _, h := range []string{o.loopHeader(), "X-Loop"} {
		for _, v := range headerValues(m, h) {
			if mentionsOurs(v, o.SupportAddresses) {
				return setAside(Loop, h+": "+v+" (our own mail came back)"), true
			}
		}
	}
	if compose.IsOwnMessageID(m.MessageID, o.MessageIDDomain) {
		return setAside(Loop, "Message-ID <"+m.MessageID+"> is one we generated"), true
	}
	return Verdict{}, false
}

// ours reports whether addr is one of the support addresses, also with a +extension
// (support+t42.r7.mac@example.com is ours when support@example.com is).
func ours(addr string, support []string) bool {
	addr = strings.ToLower(strings.TrimSpace(addr))
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 {
		return false
	}
	base := addr
	if plus := strings.IndexByte(addr[:at], '+'); plus > 0 {
		base = addr[:plus] + addr[at:]
	}
	for _, s := range support {
		s = strings.ToLower(strings.TrimSpace(s))
		if s != "" && (addr == s || base == s) {
			return true
		}
	}
	return false
}

// mentionsOurs reports whether a header value such as `"support" <support@x>` or
// `support@x` names one of the support addresses.
func mentionsOurs(v string, support []string) bool {
	v = strings.ToLower(v)
	for _, f := range strings.FieldsFunc(v, func(r rune) bool {
		return r == ' ' || r == '<' || r == '>' || r == ',' || r == '"' || r == '\t' || r == ';'
	}) {
		if ours(f, support) {
			return true
		}
	}
	return false
}
