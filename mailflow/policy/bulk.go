package policy

import (
	"strconv"
	"strings"

	"helpdesk/mailflow/parse"
)

// checkReadReceipt finds message disposition notifications (RFC 8098).
func checkReadReceipt(m *parse.Message, _ *Options) (Verdict, bool) {
	if reportType(m) == "disposition-notification" {
		return setAside(ReadReceipt, "Content-Type: multipart/report; report-type=disposition-notification (RFC 8098)"), true
	}
	if p := hasPart(m, "message/disposition-notification", "message/global-disposition-notification"); p != "" {
		return setAside(ReadReceipt, "a "+p+" part (RFC 8098)"), true
	}
	return Verdict{}, false
}

// checkList finds mailing lists, newsletters and other bulk mail.
func checkList(m *parse.Message, _ *Options) (Verdict, bool) {
	for _, h := range []string{"List-Id", "List-Unsubscribe", "List-Post"} {
		if v := header(m, h); v != "" {
			return setAside(List, h+": "+clip(v)+" (RFC 2369/2919)"), true
		}
	}
	for _, h := range []string{"Precedence", "X-Precedence"} {
		switch p := token(header(m, h)); p {
		case "bulk", "list", "junk":
			return setAside(List, h+": "+p), true
		}
	}
	if h := hasHeaderPrefix(m, "x-mailchimp-", "x-mc-user", "x-campaign", "x-newsletter", "x-mailgun-campaign", "x-sg-eid", "x-ems-"); h != "" {
		return setAside(List, h+" header (newsletter service)"), true
	}
	if h := hasHeaderPrefix(m, "x-mlserver", "x-ml-name", "x-mailman-version", "x-ezmlm", "x-listserver", "x-list-administrivia"); h != "" {
		return setAside(List, h+" header (mailing list software)"), true
	}
	if rp := bulkReturnPath(m); rp != "" {
		return setAside(List, "Return-Path "+rp+" is a bulk sender's bounce address"), true
	}
	if v := header(m, "Feedback-ID"); v != "" {
		return setAside(List, "Feedback-ID: "+clip(v)+" (bulk sender)"), true
	}
	return Verdict{}, false
}

// checkSpam honours the receiving MTA's spam verdict.
func checkSpam(m *parse.Message, _ *Options) (Verdict, bool) {
	for _, h := range []string{"X-Spam-Flag", "X-Spam-Status", "X-Spam"} {
		if v := header(m, h); token(v) == "yes" {
			return setAside(Spam, h+": "+clip(v)+" (flagged by the mail server)"), true
		}
	}
	return Verdict{}, false
}

// checkSize sets aside mail larger than Options.MaxSize.
func checkSize(m *parse.Message, o *Options) (Verdict, bool) {
	if o.MaxSize > 0 && m.Size > o.MaxSize {
		return setAside(Oversize, "size "+strconv.FormatInt(m.Size, 10)+" bytes exceeds the limit of "+
			strconv.FormatInt(o.MaxSize, 10)+" bytes"), true
	}
	return Verdict{}, false
}

// bulkReturnPath returns the Return-Path address when it is a bulk mailer's bounce address
// (bounce@, bounces@, bounce-*, *-bounces, or a bounce.* host): persons' mail does not
// carry such an envelope sender.
func bulkReturnPath(m *parse.Message) string {
	for _, v := range headerValues(m, "Return-Path") {
		a := strings.ToLower(strings.Trim(strings.TrimSpace(v), "<>"))
		at := strings.LastIndexByte(a, '@')
		if at <= 0 {
			continue
		}
		lp, dom := localPart(a), a[at+1:]
		switch {
		case lp == "bounce", lp == "bounces", strings.HasPrefix(lp, "bounce-"), strings.HasPrefix(lp, "bounces-"),
			strings.HasSuffix(lp, "-bounces"), strings.HasPrefix(dom, "bounce."), strings.HasPrefix(dom, "bounces."):
			return a
		}
	}
	return ""
}
