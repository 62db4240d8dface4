package policy

import "strings"

// noReplyExact are local parts (lower-case, +extension removed) that never take automatic mail.
var noReplyExact = map[string]bool{
	"postmaster": true, "mailer-daemon": true, "mailerdaemon": true, "mail-daemon": true,
	"bounce": true, "bounces": true, "listserv": true, "majordomo": true, "mailman": true,
	"nobody": true, "daemon": true, "devnull": true,
}

// noReplyPrefixes are local-part prefixes: no-reply, donotreply and relatives, bounce
// addresses (bounce-*, bounces-*, VERP), list owners (owner-*).
var noReplyPrefixes = []string{
	"noreply", "no-reply", "no_reply", "no.reply", "donotreply", "do-not-reply", "do_not_reply",
	"do.not.reply", "dontreply", "dont-reply", "nicht-antworten", "nichtantworten",
	"keine-antwort", "keineantwort", "bounce-", "bounces-", "bounce.", "bounce_", "owner-",
	"mailer-daemon", "msprvs1=", "prvs=",
}

// noReplySuffixes are local-part suffixes: list request and bounce addresses.
var noReplySuffixes = []string{"-request", "-bounces", "-bounce", "-owner", "-noreply", "-no-reply", "_noreply", ".noreply"}

// NoReply reports whether addr must never receive automatic mail: no-reply style addresses,
// mail-system addresses (postmaster, MAILER-DAEMON), bounce and list-management addresses
// (bounce(s)-*, *-bounces, listserv, majordomo, owner-*, *-request). An empty or malformed
// address also counts: there is nobody to answer.
func NoReply(addr string) bool {
	addr = strings.ToLower(strings.Trim(strings.TrimSpace(addr), "<>"))
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 || at == len(addr)-1 {
		return true
	}
	lp := addr[:at]
	if plus := strings.IndexByte(lp, '+'); plus > 0 {
		lp = lp[:plus]
	}
	if noReplyExact[lp] {
		return true
	}
	for _, p := range noReplyPrefixes {
		if strings.HasPrefix(lp, p) {
			return true
		}
	}
	for _, s := range noReplySuffixes {
		if strings.HasSuffix(lp, s) {
			return true
		}
	}
	return false
}
