// Package compose builds the RFC 5322 bytes of every mail the daemon sends, with go-message.
//
// The structure depends on what a Mail carries:
//
//	text only                 text/plain; charset=utf-8, quoted-printable
//	text + HTML               multipart/alternative (text/plain, text/html)
//	... + attachments         multipart/mixed (the above first, then one part per attachment)
//
// Header safety: Validate runs before anything is written and rejects CR, LF and NUL in every
// header value, display name and address, addresses net/mail cannot parse back to themselves,
// and extra header names that are not RFC 5322 field names (RFC 5322 section 3.6.8) or that
// would duplicate a header this package writes itself. Non-ASCII display names are RFC 2047
// encoded by net/mail's Address.String; the subject and extra header values are encoded by
// encodeText, which turns only the runs of words that need it into encoded words, so the
// "[Ticket#...]" tag stays readable in the raw header and long subjects fold at spaces. A
// non-ASCII attachment file name is an encoded word inside the quoted
// filename parameter (go-message's choice, which common mail clients read), not RFC 2231.
//
// Automatic mail: with Mail.AutoSubmitted set, the mail carries "Auto-Submitted" (RFC 3834
// section 5) and "X-Auto-Response-Suppress: All". RFC 3834 compliant responders do not answer
// Auto-Submitted mail, but Exchange and Outlook ignore it and answer with out-of-office notes
// and read receipts unless X-Auto-Response-Suppress asks them not to; without it a customer's
// out-of-office reply to our confirmation would come back as a new mail. "Precedence" is not
// written: it is not standardised, RFC 3834 discourages relying on it, and "bulk"/"list" values
// make some filters treat our ticket mail as mass mail. Caveat: "All" also asks Exchange to
// suppress delivery and non-delivery reports it would send about this mail, so a bounce from an
// Exchange recipient may not reach us.
package compose
