package policy

import (
	"strings"

	"helpdesk/mailflow/parse"
)

// bounceSubjects start the subject of delivery status notifications (compared ignoring case,
// at the very start of the subject only).
var bounceSubjects = []string{
	"undelivered mail returned to sender",
	"undeliverable:", "undeliverable mail", "undeliverable message",
	"undelivered mail", "undelivered message",
	"delivery status notification",
	"delivery notification", "delivery failure", "delivery failed",
	"delivery has failed", "delivery report", "delivery problem",
	"unzustellbar:", "nicht zustellbar", "unzustellbare nachricht",
	"zustellungsbenachrichtigung", "übermittlungsstatusbenachrichtigung",
	"mail delivery failed", "mail delivery failure", "mail delivery system",
	"mail delivery problem", "mail could not be delivered",
	"failure notice", "returned mail", "return mail",
	"message delivery failure", "message not delivered", "message undeliverable",
	"warning: could not send message", "warning: message", "delayed mail",
	"delivery delayed", "delivery status", "non delivery", "non-delivery",
	"nondeliverable", "could not send message", "mail system error",
	"permanent delivery failure", "error sending message", "returned message",
	"mail failure", "failed delivery", "rejected:", "unable to deliver",
	"unknown recipient", "user unknown", "bounced mail", "mail returned",
	"non remis", "onbestelbaar",
}

// bounceBody holds phrases of the human-readable part of bounces, lower-case.
var bounceBody = []string{
	"this is the mail system at host",
	"i'm afraid i wasn't able to deliver",
	"i'm sorry to have to inform you",
	"the following addresses had permanent fatal errors",
	"this message was created automatically by mail delivery software",
	"delivery to the following recipient",
	"delivery has failed to these recipients",
	"could not be delivered to",
	"your message could not be delivered",
	"message could not be delivered",
	"unable to deliver",
	"undeliverable",
	"permanent error",
	"permanent fatal error",
	"the original message was received at",
	"final-recipient:",
	"diagnostic-code:",
	"user unknown",
	"mailbox unavailable",
	"konnte nicht zugestellt werden",
	"nicht zugestellt",
	"übermittlung an folgende empfänger",
	"hi. this is the qmail-send program",
	"delivery to these recipients or groups failed",
	"your message wasn't delivered",
	"your message did not reach",
	"delivery status notification",
	"requested action not taken",
	"no such user",
	"invalid user address",
}

// checkBounce finds delivery status notifications (RFC 3464), delay warnings included,
// and ARF feedback reports (RFC 5965).
func checkBounce(m *parse.Message, _ *Options) (Verdict, bool) {
	switch rt := reportType(m); rt {
	case "delivery-status", "global-delivery-status":
		return setAside(Bounce, "Content-Type: multipart/report; report-type="+rt+" (RFC 3464)"), true
	case "feedback-report":
		return setAside(Bounce, "Content-Type: multipart/report; report-type=feedback-report (ARF, RFC 5965)"), true
	}
	if p := hasPart(m, "message/delivery-status", "message/global-delivery-status"); p != "" {
		return setAside(Bounce, "a "+p+" part (RFC 3464)"), true
	}
	if p := hasPart(m, "message/feedback-report"); p != "" {
		return setAside(Bounce, "a message/feedback-report part (ARF, RFC 5965)"), true
	}
	if v := header(m, "X-Failed-Recipients"); v != "" {
		return setAside(Bounce, "X-Failed-Recipients: "+clip(v)), true
	}
	if v := header(m, "X-MS-Exchange-Message-Is-Ndr"); v != "" {
		return setAside(Bounce, "X-MS-Exchange-Message-Is-Ndr header (Exchange non-delivery report)"), true
	}
	if d := mailerDaemon(m); d != "" {
		return setAside(Bounce, "From: "+d+" (mail system)"), true
	}
	if hasPrefixFold(header(m, "Feedback-Type"), "abuse") || header(m, "X-HmXmrOriginalRecipient") != "" {
		return setAside(Bounce, "feedback-loop report headers (ARF)"), true
	}
	// Weaker signs: a mail-system sender together with a bounce subject or body. A subject
	// or body alone never decides: a customer may write about a failed delivery.
	sys := systemSender(m)
	if sys == "" {
		return noReplyBounce(m)
	}
	if s := bounceSubject(m.Subject); s != "" {
		return setAside(Bounce, sys+" and subject starting "+quote(s)), true
	}
	if p := containsAny(strings.ToLower(m.Text), bounceBody); p != "" {
		return setAside(Bounce, sys+" and body phrase "+quote(p)), true
	}
	return Verdict{}, false
}

// noReplyBounce finds bounces some providers send from a no-reply address: the sender,
// a bounce phrase in the text and the returned mail attached must all be there.
func noReplyBounce(m *parse.Message) (Verdict, bool) {
	if m.From.Addr == "" || !NoReply(m.From.Addr) {
		return Verdict{}, false
	}
	att := hasPart(m, "message/rfc822", "text/rfc822-headers", "message/rfc822-headers")
	if att == "" {
		return Verdict{}, false
	}
	if p := containsAny(strings.ToLower(m.Text), bounceBody); p != "" {
		return setAside(Bounce, "From: "+m.From.Addr+", body phrase "+quote(p)+" and the returned mail ("+att+")"), true
	}
	return Verdict{}, false
}

// mailerDaemon returns the From address (or raw header) when it is MAILER-DAEMON, also
// without a domain or with an empty address ("MAILER-DAEMON <>").
func mailerDaemon(m *parse.Message) string {
	switch localPart(m.From.Addr) {
	case "mailer-daemon", "mailerdaemon", "mail-daemon":
		return m.From.Addr
	}
	raw := header(m, "From")
	if m.From.Addr == "" || !strings.Contains(m.From.Addr, "@") {
		l := strings.ToLower(raw)
		if strings.Contains(l, "mailer-daemon") || strings.Contains(l, "mailer_daemon") {
			return clip(raw)
		}
	}
	return ""
}

// checkNullPath runs after the auto-reply and read-receipt checks: a null Return-Path (the
// envelope sender of RFC 3464 DSNs; MUAs never send with it) not explained by them is a bounce.
func checkNullPath(m *parse.Message, _ *Options) (Verdict, bool) {
	if nullReturnPath(m) {
		return setAside(Bounce, "null Return-Path <> (sent by a mail system)"), true
	}
	return Verdict{}, false
}

// systemSender describes why the sender looks like a mail system, or returns "".
func systemSender(m *parse.Message) string {
	if nullReturnPath(m) {
		return "null Return-Path <>"
	}
	lp := localPart(m.From.Addr)
	switch {
	case lp == "postmaster", lp == "post_master", lp == "mailadmin", strings.HasPrefix(lp, "microsoftexchange"):
		return "From: " + m.From.Addr
	}
	switch strings.ToLower(strings.TrimSpace(m.From.Name)) {
	case "mail delivery system", "mail delivery subsystem", "mail administrator",
		"mail delivery service", "postmaster", "mailer-daemon", "mail system":
		return "From: " + m.From.Name
	}
	if l := strings.ToLower(header(m, "From")); m.From.Addr == "" && strings.Contains(l, "postmaster") {
		return "From: " + clip(header(m, "From"))
	}
	return ""
}

func bounceSubject(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range bounceSubjects {
		if hasPrefixFold(s, p) {
			return s[:len(p)]
		}
	}
	return ""
}

func containsAny(s string, phrases []string) string {
	for _, p := range phrases {
		if strings.Contains(s, p) {
			return p
		}
	}
	return ""
}

func quote(s string) string { return `"` + s + `"` }

// clip shortens a header value for a reason text.
func clip(s string) string {
	const max = 80
	if len(s) > max {
		return strings.ToValidUTF8(s[:max], "") + "…"
	}
	return s
}
