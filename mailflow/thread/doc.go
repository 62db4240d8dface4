// Package thread decides which ticket an incoming mail belongs to, and makes the signed reply
// addresses that let it decide reliably.
//
// Every ticket mail we send carries three kinds of evidence, and Find checks them strongest
// first, because real mail clients break each one:
//
//  1. the reply address "<local>+t<number>.<mac>@<domain>" (Signer.ReplyAddress). The MAC
//     means nobody can guess the address of someone else's ticket; it survives every client,
//     but a customer may start a new mail to the plain support address instead.
//  2. In-Reply-To and References (RFC 5322 section 3.6.4) against the Message-IDs the store
//     knows. Apple Mail and others rewrite or truncate References, and some providers rewrite
//     Message-IDs, so References are tried newest first and any known ID counts.
//  3. the subject tag "[Ticket#<number>]" (SubjectTag). People edit subjects and other ticket
//     systems use the same form, so a tag counts only for a ticket that exists.
//
// The MAC binds only the ticket number, not the recipient: a valid reply address shows which
// ticket a mail answers, not who sent it.
package thread
