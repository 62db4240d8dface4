// Package intake is the daemon's IMAP session: it logs in, selects the intake mailbox, fetches
// unprocessed mail in batches of UIDs (streaming large mails to a spool file), hands each batch to
// a Handler that commits it durably, and only then moves the committed UIDs to the folders the
// Handler chose. It waits in IDLE (or polls where IDLE is missing), rescans periodically as a
// safety net, and reconnects with exponential backoff after any connection error.
//
// Mail is never deleted outright: a mail leaves the mailbox only by UID MOVE, or by UID COPY
// followed by \Deleted and UID EXPUNGE of exactly those UIDs (RFC 6851 and RFC 4315). Without
// UIDPLUS the copies are only flagged \Deleted, because a plain EXPUNGE could remove mail that
// another client flagged.
package intake
