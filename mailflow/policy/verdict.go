package policy

import (
	"regexp"
	"strings"
)

// Code is a stable reason code, used in JSON records and on the command line.
type Code string

// Reason codes. Keep means the mail is an incident or a reply and is processed.
const (
	Keep          Code = ""
	Loop          Code = "loop"
	Bounce        Code = "bounce"
	AutoReply     Code = "auto_reply"
	ReadReceipt   Code = "read_receipt"
	List          Code = "list"
	Spam          Code = "spam"
	Oversize      Code = "oversize"
	SenderDenied  Code = "sender_denied"
	SenderUnknown Code = "sender_unknown"
	RuleMatch     Code = "rule"
	// UnparseableCode is the code of Unparseable's verdict (the name Unparseable is the function).
	UnparseableCode Code = "unparseable"
)

// automatic reports whether mail with this code was machine-generated.
func (c Code) automatic() bool {
	switch c {
	case Loop, Bounce, AutoReply, ReadReceipt, List, Spam:
		return true
	}
	return false
}

// Verdict is the outcome of Classify.
type Verdict struct {
	SetAside bool
	Code     Code
	// Reason is human-readable English naming the header or sign that decided,
	// e.g. "Auto-Submitted: auto-replied (RFC 3834)".
	Reason string
	// Automatic: the mail was machine-generated; never answer it automatically.
	Automatic bool
	// Flagged: kept, but flagged for the service team (unknown sender, Unknown "flag").
	Flagged  bool
	Tags     []string // from operator rules
	Priority string   // from operator rules
}

// SenderPolicy says whose mail is accepted. Patterns in Allow and Deny are "a@b.c" (one
// address), "b.c" or "@b.c" (one domain) and "*.b.c" (any subdomain of b.c, not b.c itself).
type SenderPolicy struct {
	Mode    string // "anyone" (default) or "known"
	Unknown string // for Mode "known": "setaside" (default) or "flag"
	Allow   []string
	Deny    []string
	// Known reports whether the address belongs to a known contact. With Mode "known" and
	// Known nil, every sender not in Allow is unknown.
	Known func(addr string) bool
}

// Rule is one operator rule. It matches when every condition that is set matches:
// Contains (case-insensitive substring) and Regexp. A header rule with neither matches when
// the header is present.
type Rule struct {
	Name     string
	Field    string // header | sender | recipient | subject | body
	Header   string // header name for Field "header"
	Contains string
	Regexp   *regexp.Regexp
	Action   string // setaside | tag | priority
	Reason   string // recorded reason for setaside; a default names the rule
	Tag      string
	Priority string
}

// Options configures Classify. A nil *Options means the defaults.
type Options struct {
	SupportAddresses []string // our own addresses: mail from them is a loop
	// LoopHeader is the header our outgoing mail carries (default "X-Helpdesk-Loop"); an
	// incoming mail carrying it with one of SupportAddresses as value is a loop.
	LoopHeader string
	// MessageIDDomain: our Message-IDs look like <hd.XXXX@MessageIDDomain>.
	MessageIDDomain string
	MaxSize         int64 // 0: no limit
	Senders         SenderPolicy
	Rules           []Rule
}

// DefaultLoopHeader is the loop header used when Options.LoopHeader is empty.
const DefaultLoopHeader = "X-Helpdesk-Loop"

func (o *Options) loopHeader() string {
	if o == nil || o.LoopHeader == "" {
		return DefaultLoopHeader
	}
	return o.LoopHeader
}

// Unparseable returns the verdict for a mail parse.Parse rejected: it is set aside, never
// dropped, so the service team sees it and it can be re-parsed after a fix.
func Unparseable(err error) Verdict {
	msg := "unknown error"
	if err != nil {
		msg = err.Error()
	}
	const max = 200
	if len(msg) > max {
		msg = strings.ToValidUTF8(msg[:max], "") + "…"
	}
	return Verdict{SetAside: true, Code: UnparseableCode, Reason: "mail could not be parsed: " + msg}
}

func setAside(c Code, reason string) Verdict {
	return Verdict{SetAside: true, Code: c, Reason: reason, Automatic: c.automatic()}
}
