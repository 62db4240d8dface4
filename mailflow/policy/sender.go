package policy

import (
	"strings"

	"helpdesk/mailflow/parse"
)

// checkSender applies the sender policy: deny list, then allow list, then the mode. It
// returns ok=true when the mail is set aside; otherwise the returned verdict is the kept
// verdict so far (Flagged for an unknown sender with Unknown "flag").
func checkSender(m *parse.Message, p *SenderPolicy) (Verdict, bool) {
	addr := strings.ToLower(strings.TrimSpace(m.From.Addr))
	if pat := matchAny(addr, p.Deny); pat != "" {
		return setAside(SenderDenied, "sender "+addr+" matches deny pattern "+quote(pat)), true
	}
	// An address guessed from a broken From line grants nothing: neither the allow list nor
	// the directory.
	trusted := m.FromProblem == ""
	if trusted && matchAny(addr, p.Allow) != "" {
		return Verdict{}, false
	}
	if !strings.EqualFold(strings.TrimSpace(p.Mode), "known") {
		return Verdict{}, false
	}
	if trusted && addr != "" && p.Known != nil && p.Known(addr) {
		return Verdict{}, false
	}
	who := addr
	if who == "" {
		who = "(no sender address)"
	}
	if strings.EqualFold(strings.TrimSpace(p.Unknown), "flag") {
		return Verdict{Flagged: true, Reason: "sender " + who + " is not a known contact"}, false
	}
	return setAside(SenderUnknown, "sender "+who+" is not a known contact"), true
}

// matchAny returns the first pattern addr matches, or "".
func matchAny(addr string, patterns []string) string {
	for _, p := range patterns {
		if MatchSender(addr, p) {
			return p
		}
	}
	return ""
}

// MatchSender reports whether addr matches one sender pattern: "a@b.c" (that address),
// "b.c" or "@b.c" (that domain), "*.b.c" (any subdomain of b.c, not b.c itself). Case is
// ignored; an empty address or pattern matches nothing.
func MatchSender(addr, pattern string) bool {
	addr = strings.ToLower(strings.TrimSpace(addr))
	p := strings.ToLower(strings.TrimSpace(pattern))
	at := strings.LastIndexByte(addr, '@')
	if addr == "" || p == "" || at < 0 {
		return false
	}
	domain := addr[at+1:]
	switch {
	case strings.HasPrefix(p, "*."):
		return strings.HasSuffix(domain, p[1:]) && len(domain) > len(p)-1
	case strings.HasPrefix(p, "@"):
		return domain == p[1:]
	case strings.Contains(p, "@"):
		return addr == p
	default:
		return domain == p
	}
}
