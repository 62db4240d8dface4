package mailflow

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"helpdesk/config"
	"helpdesk/directory"
	"helpdesk/mailflow/authres"
	"helpdesk/mailflow/parse"
	"helpdesk/mailflow/policy"
	"helpdesk/mailflow/thread"
	"helpdesk/mailflow/work"
	"helpdesk/ticketstore"
)

// Verdict is what becomes of an incoming mail. The values appear in "mail classify --json".
type Verdict string

const (
	VerdictTicket   Verdict = "ticket"   // a new ticket
	VerdictComment  Verdict = "comment"  // a comment on an existing ticket
	VerdictSetAside Verdict = "setaside" // moved to the set-aside folder with a reason
	VerdictCommand  Verdict = "command"  // a request answered by mail, e.g. the contract status
)

// Reason codes the mail path adds to those of package policy.
const (
	CodeForeignTicket   = "foreign_ticket"   // a reply to another customer's ticket
	CodeProcessingError = "processing_error" // the mail could not be committed as decided; kept with the error
)

// Mail commands: the contract status of an extended contact, a technician's command mail.
const (
	CommandStatus = "status"
	CommandStaff  = "staff"
)

// statusWords are the subjects (case-insensitive, after reply prefixes) that ask for the contract
// status instead of opening a ticket. Documented in the README.
var statusWords = map[string]bool{
	"status": true, "kontingent": true, "vertragsstatus": true, "contract status": true,
}

// Decision is the outcome of looking at one mail, before anything is written.
type Decision struct {
	Verdict   Verdict
	Code      string // reason code of a set-aside mail, "" otherwise
	Reason    string // human-readable reason
	Ticket    string // the matched ticket (comment), or the one a set-aside mail concerns
	By        thread.By
	Automatic bool // machine-generated: never answered
	Flagged   bool // kept, but for the service team to qualify (unknown sender)
	Tags      []string
	Priority  string
	Reopen    bool   // the comment reopens a resolved or closed ticket
	LinkTo    string // the new ticket follows up this closed one
	Bounce    *policy.BounceInfo
	Sender    directory.Match
	Command   string
	// NewParticipant: matched to its ticket by In-Reply-To/References, but the sender is not on
	// the ticket's side. Kept as a flagged comment; it changes nothing and is not answered.
	NewParticipant bool
	// Withhold says why no automatic answer may go to the sender ("" when one may): a From we
	// cannot trust, a new participant, an unauthenticated sender outside the directory.
	Withhold string
	// Staff is set for a mail of the desk's own people: proven (a command mail) or not (set
	// aside unproven_command).
	Staff *work.Proof
	// Flags are added to the ticket for the service team ("untrusted_from", ...).
	Flags []string
}

// Ticket flags the mail path sets.
const (
	FlagUnknownSender  = "unknown_sender"
	FlagUntrustedFrom  = "untrusted_from"
	FlagNewParticipant = "new_participant" // on the comment; the ticket gets "new_participant:<address>"
)

// reader is the part of the store the decision needs; *ticketstore.Tx implements it.
type reader interface {
	TicketByMessageID(messageID string) string
	Ticket(number string) (*ticketstore.Ticket, error)
}

// noStore answers every lookup with "unknown", for dry runs without a store.
type noStore struct{}

func (noStore) TicketByMessageID(string) string { return "" }
func (noStore) Ticket(string) (*ticketstore.Ticket, error) {
	return nil, ticketstore.ErrNotFound
}

// decide classifies m and finds its ticket. With skipPolicy (a released mail) only threading
// decides. raw opens the raw bytes, needed for bounces.
func (p *Processor) decide(r reader, m *parse.Message, parseErr error, raw func() (io.ReadCloser, error), skipPolicy bool) Decision {
	if m == nil {
		v := policy.Unparseable(parseErr)
		return Decision{Verdict: VerdictSetAside, Code: string(v.Code), Reason: v.Reason}
	}
	d := Decision{}
	if m.FromProblem == "" {
		d.Sender = p.dir.Load().Match(m.From.Addr)
	} else {
		// An address guessed from a broken From line is nobody we know and gets no answer.
		d.Withhold = m.FromProblem
		d.Flags = append(d.Flags, FlagUntrustedFrom)
	}
	if !skipPolicy {
		v := policy.Classify(m, &p.policy)
		d.Automatic, d.Flagged, d.Tags, d.Priority = v.Automatic, v.Flagged, v.Tags, v.Priority
		if v.Flagged {
			d.Flags = append(d.Flags, FlagUnknownSender)
		}
		if v.SetAside {
			d.Verdict, d.Code, d.Reason = VerdictSetAside, string(v.Code), v.Reason
			if v.Code == policy.Bounce {
				p.matchBounce(r, raw, &d)
			}
			return d
		}
	}

	exists := func(number string) bool { _, err := r.Ticket(number); return err == nil }
	match := thread.Find(m, p.Signer, r, exists)
	if proof, isStaff := work.Check(m, p.Signer, p.roster.Load(), match.Ticket, p.work.Options()); isStaff {
		return p.decideStaff(d, proof, exists, match.Ticket)
	}
	if d.Withhold == "" && d.Sender.By == "" {
		d.Withhold = p.unknownSenderHold(m)
	}
	if match.Ticket == "" {
		if statusWords[strings.ToLower(stripReplyPrefixes(m.Subject))] && d.Sender.Contact != nil {
			d.Verdict, d.Command = VerdictCommand, CommandStatus
			d.Reason = "contract status request"
			return d
		}
		d.Verdict, d.Reason = VerdictTicket, "new incident"
		return d
	}
	t, err := r.Ticket(match.Ticket)
	if err != nil {
		// A signed or indexed number that no longer exists: treat the mail as new.
		d.Verdict, d.Reason = VerdictTicket, "matched ticket "+match.Ticket+" not found"
		return d
	}
	d.Ticket, d.By = t.Number, match.By
	if c := d.Sender.Customer; c != nil && t.Customer != "" && c.Number != t.Customer {
		d.Verdict, d.Code = VerdictSetAside, CodeForeignTicket
		d.Reason = fmt.Sprintf("sender belongs to customer %s, ticket %s to customer %s", c.Number, t.Number, t.Customer)
		return d
	}
	onSide := m.FromProblem == "" && onTicketSide(t, m.From.Addr, d.Sender)
	switch match.By {
	case thread.BySubject:
		// A subject tag is typed in a minute and ticket numbers are sequential: alone it only
		// threads mail from the ticket's own side.
		if !onSide {
			d.Verdict, d.Code = VerdictSetAside, CodeForeignTicket
			d.Reason = fmt.Sprintf("only the subject tag names ticket %s, and the sender is neither its requester, of its customer, nor a participant of its mails", t.Number)
			return d
		}
	case thread.ByInReplyTo, thread.ByReferences:
		// Message-IDs are no secret (any recipient of a thread has them): a stranger quoting
		// one is kept for the team to judge, but moves nothing and hears nothing.
		if !onSide {
			d.Verdict, d.NewParticipant = VerdictComment, true
			if d.Withhold == "" {
				d.Withhold = "new participant of ticket " + t.Number + ": not on the ticket's side"
			}
			d.Reason = fmt.Sprintf("reply to ticket %s (%s) from a new participant, flagged for the team", t.Number, match.By)
			return d
		}
	}
	switch t.Status {
	case ticketstore.StatusResolved:
		d.Reopen = true
	case ticketstore.StatusClosed:
		tc := p.Config.Tickets
		if tc.ClosedReply == config.ClosedReplyReopen && p.Now().Sub(t.Updated) <= tc.ReopenClosedWithin.Std() {
			d.Reopen = true
		} else {
			d.Verdict, d.LinkTo, d.Ticket = VerdictTicket, t.Number, ""
			d.Reason = "reply to closed ticket " + t.Number + ": new ticket"
			return d
		}
	}
	d.Verdict, d.Reason = VerdictComment, "reply to ticket "+t.Number+" ("+string(match.By)+")"
	return d
}

// matchBounce finds the ticket whose mail bounced, from the returned message's Message-ID.
func (p *Processor) matchBounce(r reader, raw func() (io.ReadCloser, error), d *Decision) {
	if raw == nil {
		return
	}
	rc, err := raw()
	if err != nil {
		return
	}
	defer rc.Close()
	info, err := policy.ParseBounce(rc)
	if err != nil {
		return
	}
	d.Bounce = &info
	if info.OriginalMessageID != "" {
		d.Ticket = r.TicketByMessageID(info.OriginalMessageID)
	}
}

// decideStaff turns the proof of a staff mail into a decision: a proven one is a command mail
// for its ticket, anything else is set aside for the service team.
// threadTicket is the ticket the mail's threading names, for a mail without a reply address.
func (p *Processor) decideStaff(d Decision, proof work.Proof, exists func(string) bool, threadTicket string) Decision {
	d.Staff, d.Withhold = &proof, "a mail of the desk's own people"
	if proof.Proven() && !proof.Opens && !exists(proof.Ticket) {
		proof.Failure = "the reply address names ticket " + proof.Ticket + ", which does not exist"
		proof.FailureDE = "die Antwortadresse nennt Ticket " + proof.Ticket + ", das es nicht gibt"
		proof.Technician = nil
	}
	if !proof.Proven() {
		d.Verdict, d.Code, d.Reason, d.Ticket = VerdictSetAside, work.CodeUnproven, proof.Failure, proof.Token.Number
		if d.Ticket == "" || !exists(d.Ticket) {
			d.Ticket = threadTicket
		}
		return d
	}
	d.Verdict, d.Command, d.Ticket = VerdictCommand, CommandStaff, proof.Ticket
	d.Reason = "command mail of technician " + proof.Technician.ID
	if proof.Opens {
		d.Reason = "new ticket by mail of technician " + proof.Technician.ID
	}
	return d
}

// unknownSenderHold applies policy.confirm_unknown to a sender outside the directory: the From
// of such a mail is whatever the sender claims, so with "authenticated" an automatic answer goes
// out only when the receiving MTA (a trusted authserv-id) saw SPF or DKIM pass aligned with
// the From domain. It returns why no answer may go, or "".
func (p *Processor) unknownSenderHold(m *parse.Message) string {
	switch p.Config.Policy.ConfirmUnknown {
	case config.ConfirmNever:
		return "policy.confirm_unknown = never: no automatic answer to senders outside the customer directory"
	case config.ConfirmAuthenticated:
		v := authres.Check(m.Header.Values(authres.HeaderName), p.Config.Policy.TrustedAuthservIDs, m.From.Addr)
		if !v.Aligned {
			return "sender outside the customer directory is not authenticated (policy.confirm_unknown = authenticated): " + v.Reason
		}
	}
	return ""
}

// onTicketSide reports whether addr is on ticket t's side: its requester, a contact or domain
// of its customer, or a participant of its mails (From, To, Cc seen on it). For a ticket
// without customer only the requester's exact address and the participants count: a domain
// such as gmail.com is everybody.
func onTicketSide(t *ticketstore.Ticket, addr string, sender directory.Match) bool {
	addr = strings.ToLower(addr)
	if addr == "" {
		return false
	}
	if strings.EqualFold(addr, t.Requester) || slices.Contains(t.Participants, addr) {
		return true
	}
	return t.Customer != "" && sender.Customer != nil && sender.Customer.Number == t.Customer
}

// stripReplyPrefixes removes "Re:", "AW:", "Fwd:" and similar prefixes and surrounding space.
func stripReplyPrefixes(s string) string {
	s = strings.TrimSpace(s)
	for {
		i := strings.IndexByte(s, ':')
		if i < 1 || i > 4 {
			return s
		}
		switch strings.ToLower(s[:i]) {
		case "re", "aw", "wg", "fw", "fwd", "antw", "sv", "vs", "tr":
			s = strings.TrimSpace(s[i+1:])
		default:
			return s
		}
	}
}
