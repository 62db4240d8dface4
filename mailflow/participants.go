package mailflow

import (
	"strings"

	"helpdesk/mailflow/parse"
	"helpdesk/ticketstore"
)

// addParticipants records the From, To and Cc addresses of m on t, except our own.
func (p *Processor) addParticipants(t *ticketstore.Ticket, m *parse.Message) {
	t.AddParticipant(m.From.Addr)
	for _, list := range [][]parse.Address{m.To, m.Cc} {
		for _, a := range list {
			if !p.isOurAddress(a.Addr) {
				t.AddParticipant(a.Addr)
			}
		}
	}
}

// isOurAddress reports whether addr is the support address or one of its plus-addresses
// (signed reply addresses, and any other detail the mail server delivers to us).
func (p *Processor) isOurAddress(addr string) bool {
	addr = strings.ToLower(strings.TrimSpace(addr))
	support := strings.ToLower(p.Config.Support.Address)
	if addr == support {
		return true
	}
	local, domain, ok := strings.Cut(support, "@")
	if !ok {
		return false
	}
	return strings.HasSuffix(addr, "@"+domain) && strings.HasPrefix(addr, local+"+")
}
