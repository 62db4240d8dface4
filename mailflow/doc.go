// Package mailflow is the daemon's mail path. Its Processor is the intake's Handler: for each
// batch of fetched mail it stores the raw bytes, parses, classifies (policy), finds the ticket
// (thread), and commits raw records, tickets, comments, set-aside records and the outbox mails
// they cause in one store transaction; only then may the intake move the mail on the server.
//
// The same decision code serves the operator commands: status changes, releasing set-aside
// mail, and the dry run of "helpdesk mail classify".
package mailflow
