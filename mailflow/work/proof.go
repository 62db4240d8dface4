// Package work is the technicians' side of the mail path: it decides whether a mail comes from
// one of the desk's own people, proven (Check), and applies what a proven mail says — its
// commands, its answer to the customer or its internal note — in the transaction of the mail
// (Apply), answering the sender with what changed.
//
// Proof of sender: a mail counts as a technician's only when it is addressed to a reply
// address issued to that technician for that ticket (package thread: the MAC binds kind, ticket
// and technician) AND its From is one of that technician's addresses, and, where the desk
// requires it, an Authentication-Results header of a trusted receiving MTA shows DKIM or SPF
// pass aligned with the technician's domain. The dispatch team's address proves a dispatcher.
// A technician's new mail to the plain support address (a call taken on the phone) opens a
// ticket only under the Authentication-Results proof. Anything else that claims to be a
// technician's is applied to nothing: it is set aside, and the technician's known address —
// never the address it came from — is told.
package work

import (
	"fmt"

	"helpdesk/mailflow/authres"
	"helpdesk/mailflow/parse"
	"helpdesk/mailflow/thread"
	"helpdesk/staff"
)

// CodeUnproven is the set-aside reason code of a staff mail whose sender is not proven.
const CodeUnproven = "unproven_command"

// Options are the desk's rules for proof.
type Options struct {
	// RequireAuthResults also demands DKIM or SPF pass aligned with the technician's domain
	// from a trusted authserv-id ([technicians] require_authentication_results).
	RequireAuthResults bool
	TrustedAuthservIDs []string
}

// Proof is what Check found out about a staff mail.
type Proof struct {
	Technician *staff.Technician // proven sender; nil when not proven
	Token      thread.Token      // the reply address it was sent to (zero for Opens)
	Ticket     string            // the ticket it works on ("" for Opens)
	Opens      bool              // a new mail to the plain support address, to open a ticket
	Failure    string            // why it is not proven, in English for the record; "" when proven
	FailureDE  string            // the same in German, for the mail to a German technician
	Tell       *staff.Technician // whom to tell of a failure, at their known address; may be nil
}

// Proven reports whether the sender is proven.
func (p Proof) Proven() bool { return p.Failure == "" && p.Technician != nil }

// Reason returns why the mail is not proven, in lang ("de" or "en").
func (p Proof) Reason(lang string) string {
	if lang == "de" && p.FailureDE != "" {
		return p.FailureDE
	}
	return p.Failure
}

// Check decides whether m is a staff mail (addressed to a reply address issued to the desk's
// people, or from a technician's address) and whether its sender is proven. threadTicket is
// the ticket the mail's other evidence names (In-Reply-To, References, subject tag), "" when
// none: a reply address issued for another ticket than the one the mail answers is not proof.
func Check(m *parse.Message, s *thread.Signer, r *staff.Roster, threadTicket string, o Options) (p Proof, isStaff bool) {
	tok, hasTok := staffToken(thread.Tokens(m, s))
	var from *staff.Technician
	if m.FromProblem == "" {
		from = r.ByAddress(m.From.Addr)
	}
	if !hasTok && from == nil {
		return Proof{}, false
	}
	p = Proof{Token: tok, Tell: active(from)}
	// Whom to tell: the technician the From names, who would send again properly; else,
	// with a foreign From, the one the reply address was issued to, who learns of its misuse.
	if p.Tell == nil && hasTok && tok.Kind == thread.TokenTechnician {
		p.Tell = active(r.ByID(tok.Technician))
	}
	// fail records why, in both languages: the record and the log read English, the
	// technician reads their own language. Arguments are the same for both texts.
	fail := func(en, de string, a ...any) (Proof, bool) {
		p.Failure, p.FailureDE = fmt.Sprintf(en, a...), fmt.Sprintf(de, a...)
		return p, true
	}
	var who *staff.Technician
	switch {
	case !hasTok:
		if !from.Active {
			return fail("technician %s is disabled", "der Techniker %s ist deaktiviert", from.ID)
		}
		if v := authres.Check(m.Header.Values(authres.HeaderName), o.TrustedAuthservIDs, m.From.Addr); !v.Aligned {
			return fail("the mail was sent to the plain support address, not to a reply address issued to %s; "+
				"that opens a ticket only when the receiving mail server's Authentication-Results show DKIM or SPF for your domain (%s)",
				"die Mail ging an die einfache Support-Adresse, nicht an eine für %s ausgestellte Antwortadresse; "+
					"so wird ein Ticket nur eröffnet, wenn der empfangende Mailserver per Authentication-Results DKIM oder SPF für Ihre Domain bestätigt (%s)",
				from.ID, v.Reason)
		}
		p.Technician, p.Opens = from, true
		return p, true
	case !tok.Valid:
		return fail("the reply address %s was not issued by this desk (altered or made up)",
			"die Antwortadresse %s wurde nicht von diesem Helpdesk ausgestellt (verändert oder erfunden)", tok.Address)
	case tok.Kind == thread.TokenTechnician:
		who = r.ByID(tok.Technician)
		switch {
		case who == nil:
			return fail("the reply address was issued to technician %q, who is not known (any more)",
				"die Antwortadresse wurde für den Techniker %q ausgestellt, den es (nicht mehr) gibt", tok.Technician)
		case !who.Active:
			return fail("the reply address was issued to technician %s, who is disabled",
				"die Antwortadresse wurde für den Techniker %s ausgestellt, der deaktiviert ist", who.ID)
		case from == nil:
			return fail("the From address %s is not one of %s's addresses",
				"die Absenderadresse %s gehört nicht zu den Adressen von %s", m.From.Addr, who.ID)
		case from != who:
			return fail("the reply address was issued to %s, but the From address %s is %s's",
				"die Antwortadresse wurde für %s ausgestellt, aber die Absenderadresse %s gehört %s", who.ID, m.From.Addr, from.ID)
		}
	case tok.Kind == thread.TokenDispatch:
		if from == nil || !from.Active || from.Role != staff.RoleDispatch {
			return fail("the reply address was issued to the dispatch team, and the From address %s is no active dispatcher's",
				"die Antwortadresse wurde für die Disposition ausgestellt, und die Absenderadresse %s gehört keinem aktiven Disponenten", m.From.Addr)
		}
		who = from
	}
	if threadTicket != "" && threadTicket != tok.Number {
		return fail("the reply address was issued for ticket %s, but the mail answers ticket %s",
			"die Antwortadresse wurde für Ticket %s ausgestellt, aber die Mail antwortet auf Ticket %s", tok.Number, threadTicket)
	}
	if o.RequireAuthResults {
		if v := authres.Check(m.Header.Values(authres.HeaderName), o.TrustedAuthservIDs, m.From.Addr); !v.Aligned {
			return fail("the desk requires Authentication-Results of a trusted receiving mail server showing DKIM or SPF for your domain: %s",
				"der Helpdesk verlangt Authentication-Results eines vertrauenswürdigen empfangenden Mailservers, die DKIM oder SPF für Ihre Domain bestätigen: %s", v.Reason)
		}
	}
	p.Technician, p.Ticket = who, tok.Number
	return p, true
}

// staffToken picks the reply address issued to the desk's people: a valid one before an
// invalid one. Customer reply addresses do not count.
func staffToken(toks []thread.Token) (thread.Token, bool) {
	var found *thread.Token
	for i := range toks {
		t := &toks[i]
		if t.Kind == thread.TokenCustomer {
			continue
		}
		if found == nil || (t.Valid && !found.Valid) {
			found = t
		}
	}
	if found == nil {
		return thread.Token{}, false
	}
	return *found, true
}

func active(t *staff.Technician) *staff.Technician {
	if t == nil || !t.Active {
		return nil
	}
	return t
}
