package thread

import (
	"regexp"

	"helpdesk/mailflow/parse"
)

// Lookup is the store's side of threading: the ticket number a known Message-ID (one of ours
// or one of a customer's mails) belongs to, "" if unknown. ticketstore's Tx satisfies it.
type Lookup interface {
	TicketByMessageID(messageID string) string
}

// By says which evidence matched a mail to its ticket.
type By string

const (
	ByReplyAddress By = "reply_address"
	ByInReplyTo    By = "in_reply_to"
	ByReferences   By = "references"
	BySubject      By = "subject_tag"
	ByNone         By = ""
)

// Match is the ticket a mail belongs to and how that was decided; the zero Match means a new
// ticket.
type Match struct {
	Ticket string
	By     By
}

// envelopeHeaders name the addresses a mail was actually delivered to. They matter when the
// reply address is not in To/Cc: a Bcc, a list or an alias expanded on the way.
var envelopeHeaders = []string{"Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To"}

// Find decides which ticket m belongs to, strongest evidence first:
//
//  1. a reply address of s among the recipients: To, Cc, then the envelope headers
//     Delivered-To, X-Original-To, Envelope-To, X-Envelope-To (read leniently, several
//     addresses each); the first valid one wins;
//  2. In-Reply-To, against lookup;
//  3. References against lookup, newest (last) first: Apple Mail and others rewrite or
//     truncate the chain, so the oldest IDs are the least reliable;
//  4. the subject tag, only when exists reports that ticket exists (exists nil: accepted),
//     because other ticket systems write the same tag form.
//
// Otherwise it returns Match{} (a new ticket). s and lookup may be nil; that evidence is then
// skipped.
func Find(m *parse.Message, s *Signer, lookup Lookup, exists func(number string) bool) Match {
	if m == nil {
		return Match{}
	}
	if n, ok := findReplyAddress(m, s); ok {
		return Match{Ticket: n, By: ByReplyAddress}
	}
	if lookup != nil {
		for _, id := range m.InReplyTo {
			if n := knownID(lookup, id); n != "" {
				return Match{Ticket: n, By: ByInReplyTo}
			}
		}
		for i := len(m.References) - 1; i >= 0; i-- {
			if n := knownID(lookup, m.References[i]); n != "" {
				return Match{Ticket: n, By: ByReferences}
			}
		}
	}
	if n, ok := FindSubjectTag(m.Subject); ok && (exists == nil || exists(n)) {
		return Match{Ticket: n, By: BySubject}
	}
	return Match{}
}

func knownID(lookup Lookup, id string) string {
	if id == "" {
		return ""
	}
	return lookup.TicketByMessageID(id)
}

func findReplyAddress(m *parse.Message, s *Signer) (string, bool) {
	if s == nil {
		return "", false
	}
	for _, list := range [][]parse.Address{m.To, m.Cc} {
		for _, a := range list {
			if n, ok := s.Verify(a.Addr); ok {
				return n, true
			}
		}
	}
	for _, key := range envelopeHeaders {
		for _, v := range m.Header.Values(key) {
			for _, a := range headerAddrs(v) {
				if n, ok := s.Verify(a); ok {
					return n, true
				}
			}
		}
	}
	return "", false
}

// addrLike finds what may be an address in a raw envelope header. These headers come in many
// shapes ("a@b", "<a@b>", "a@b, c@d", "a@b; for x") and only our own ASCII reply addresses
// are of interest, so a plain scan beats a full RFC 5322 parse.
var addrLike = regexp.MustCompile(`[A-Za-z0-9!#$%&'*+/=?^_{|}~.\-]+@[A-Za-z0-9.\-]+`)

// maxHeaderAddrs bounds the work one header value can cause.
const maxHeaderAddrs = 50

func headerAddrs(v string) []string {
	return addrLike.FindAllString(v, maxHeaderAddrs)
}
