// Package integration tests the whole helpdesk daemon against a real Dovecot: the daemon runs
// in-process (daemon.Open and Serve) with its IMAP intake on a private Dovecot
// (internal/dovecottest) and its outbox on an SMTP relay (internal/relaytest) that hands mail to
// Dovecot's users over LMTP, so confirmations, vacation replies and customer replies travel the
// same way they do in production. The tests check what an operator and a customer would see:
// tickets and comments through the operator operations, mails in the customers' mailboxes, the
// support mailbox's folders, the outbox and the set-aside records. With envOptions.postfix a
// private Postfix (internal/postfixtest) takes the relay's place, as in production: the daemon
// submits to it and it delivers over LMTP, plus-addresses included (postfix_test.go).
//
// The tests skip when Dovecot (or, for the Postfix tests, Postfix or root) is missing, except
// under CI (see internal/dovecottest and internal/postfixtest).
// Only _test.go files follow this one; the package has no API.
package integration
