// Package authres reads the Authentication-Results header fields (RFC 8601) that the
// receiving MTA adds, and says whether SPF, DKIM or DMARC passed for the domain of the From
// address. The helpdesk uses it to send confirmations only to senders who are not forged
// (no backscatter), and optionally to require authentication for technicians' commands.
// The package is pure: no DNS, no I/O; it believes what a trusted host wrote.
//
// Parse reads one header value leniently and within fixed bounds (MaxValueLen bytes, at most
// 32 results of 32 properties each, linear time, no recursion). Check applies the trust rule
// below and returns a Verdict with a Reason in words.
//
// # Trust rule
//
// Anyone can write an Authentication-Results field, with any authserv-id, into the mail
// they send. Only values whose authserv-id is in policy.trusted_authserv_ids count
// (compared case-insensitively; a "/job-id" suffix as OpenDKIM's AuthservIDWithJobID
// writes it is allowed). Of those, Check uses the topmost contiguous run:
//
//  1. Values are read top to bottom, as parse.Message.Header.Values returns them (a test
//     pins this down). A receiving MTA adds its field above the fields the
//     mail arrived with (RFC 8601 §4, like every trace field, RFC 5321 §4.4), so a field
//     the sender wrote is always below it.
//  2. Untrusted values above the first trusted one are skipped: they were added after our
//     MTA, inside our own systems, and say nothing we rely on.
//  3. From the first trusted value down, values count while they carry a trusted id; the
//     first untrusted value ends the run, and everything below it is ignored even when it
//     names our id, since the sender wrote it. At most one id-less value counts (see
//     Exchange below): a second one is another receiver's, or forged.
//  4. Within the run, each method (spf, dkim, dmarc) is taken from the topmost value that
//     reports it, and only from that one. A forged "dkim=pass" directly below our own
//     "dkim=fail" therefore changes nothing.
//  5. A trusted value that does not parse cleanly counts for nothing and ends the run: a
//     crafted MAIL FROM or HELO that breaks the syntax of our MTA's value cannot bring in
//     the results after the break.
//
// What this relies on, and what the operator must make sure of: every mail reaches the
// helpdesk mailbox through the trusted MTA (no second MX, no internal route that skips
// it); and that MTA removes fields with its own authserv-id that arrive with the mail, as
// RFC 8601 §5 requires. Rule 4 protects only the methods our MTA reports for every mail; a
// method it reports only sometimes (OpenDKIM without AlwaysAddARHeader writes nothing for
// unsigned mail) can be supplied by a forged field right below ours when the MTA does not
// strip it. OpenDKIM and OpenDMARC remove arriving fields with their own AuthservID, but
// OpenDKIM 2.11.0 misses some when several are present (OpenDKIM issue #185); rspamd's
// milter_headers "authentication-results" routine can remove existing fields (its "remove"
// option); for Exchange Online we rely on rule 4, since it reports spf, dkim and dmarc for
// every mail from outside; for Gmail (mx.google.com) we know of no documented guarantee.
// Test it once: send a mail with a forged
// "Authentication-Results: <your id>; dkim=pass header.d=example.com"
// and look at what arrives. We also rely on the MTA quoting sender-controlled values
// (MAIL FROM local parts, HELO) so that they cannot end a comment or a resinfo early.
//
// # Exchange Online
//
// Exchange Online writes its field without an authserv-id ("spf=pass (sender IP is ...)
// smtp.mailfrom=example.com; dkim=pass ... header.d=example.com;dmarc=pass action=none
// header.from=example.com;compauth=pass reason=100"). Such a value parses with NoID set
// and is trusted only when trusted_authserv_ids lists the pseudo-id NoAuthservID,
// "(no-authserv-id)". Because an id-less value names no host, rules 1 to 4 are all that
// protect it: only the topmost id-less value counts, and Exchange reports spf, dkim and
// dmarc for every mail from outside. Do not list the pseudo-id when mail can reach the
// mailbox without passing Exchange Online Protection. compauth, Microsoft's composite
// verdict, is not used.
//
// # Alignment
//
// A mail is authenticated for its From domain (Verdict.Aligned) when, in the trusted
// run: DKIM passed for a header.d (else header.i's domain) with the same organizational
// domain as the From domain; or SPF passed for the smtp.mailfrom domain (else smtp.helo)
// with the same organizational domain; or DMARC passed for header.from equal to the From
// domain. Organizational domains are relaxed alignment (RFC 7489 §3.1) by the Public
// Suffix List (golang.org/x/net/publicsuffix, private entries included):
// mail.example.co.uk aligns with example.co.uk, other.co.uk does not, and a public suffix
// aligns with nothing. Only the result "pass" counts (not "bestguesspass", "neutral",
// "softfail", "policy").
package authres
