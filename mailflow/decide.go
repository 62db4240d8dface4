package mailflow

import (
	"fmt"
	"io"
	"strings"

	"helpdesk/config"
	"helpdesk/directory"
	"helpdesk/mailflow/parse"
	"helpdesk/mailflow/policy"
	"helpdesk/mailflow/thread"
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

// CommandStatus is the only mail command so far: the contract status of an extended contact.
const CommandStatus = "status"

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
}

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
	d := Decision{Sender: p.dir.Load().Match(m.From.Addr)}
	if !skipPolicy {
		v := policy.Classify(m, &p.policy)
		d.Automatic, d.Flagged, d.Tags, d.Priority = v.Automatic, v.Flagged, v.Tags, v.Priority
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
	// A subject tag is typed in a minute and ticket numbers are sequential: alone it only
	// threads mail from the ticket's own side.
	if match.By == thread.BySubject && !sameSide(t, m.From.Addr, d.Sender) {
		d.Verdict, d.Code = VerdictSetAside, CodeForeignTicket
		d.Reason = fmt.Sprintf("only the subject tag names ticket %s, and the sender is neither its requester nor of its customer", t.Number)
		return d
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

// sameSide reports whether addr may add to ticket t on the strength of the subject tag alone:
// the requester, a contact or domain of the ticket's customer, or (for a ticket without a
// customer) an address of the requester's domain.
func sameSide(t *ticketstore.Ticket, addr string, sender directory.Match) bool {
	if strings.EqualFold(addr, t.Requester) {
		return true
	}
	if t.Customer != "" {
		return sender.Customer != nil && sender.Customer.Number == t.Customer
	}
	return domainOf(addr) != "" && strings.EqualFold(domainOf(addr), domainOf(t.Requester))
}

func domainOf(addr string) string {
	if at := strings.LastIndexByte(addr, '@'); at >= 0 {
		return addr[at+1:]
	}
	return ""
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
