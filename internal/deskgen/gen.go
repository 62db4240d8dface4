package deskgen

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"time"

	"helpdesk/ticketstore"
)

// ring is how many tickets ahead an event (a later comment, the final status) can be scheduled;
// offsets are clamped to it.
const ring = 256

type eventKind int

const (
	evComment eventKind = iota
	evFinal
)

// event is something that happens to an earlier ticket while a later one is created: the
// events of a desk interleave as they do in a real mailbox.
type event struct {
	ticket int
	kind   eventKind
	ck     ticketstore.CommentKind
	at     time.Time
}

// kindAnswer is a technician's answer to the customer. Spelled out: main renames the constant
// (KindTechnician "technician" becomes KindPublic "public"), and the generator should build on
// either side of that change; the store keeps the kind as it is given.
const kindAnswer = ticketstore.CommentKind("public")

// commentKinds is the order of a ticket's comments after the first mail.
var commentKinds = []ticketstore.CommentKind{kindAnswer, ticketstore.KindCustomer,
	ticketstore.KindInternal, kindAnswer, ticketstore.KindSystem, ticketstore.KindCustomer}

type gen struct {
	s        Spec
	r        *rand.Rand
	start    time.Time
	slot     time.Duration // time between two tickets
	comments []int32       // planned comments per ticket
	numbers  []string      // ticket index -> number
	queue    [ring][]event // by ticket index % ring
	next     int           // next ticket index to create
	other    int           // raw mails not on tickets, in all
	uid      uint32
	res      Result
}

func newGen(s Spec) *gen {
	if s.End.IsZero() {
		s.End = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	}
	if s.TicketsPerTx <= 0 {
		s.TicketsPerTx = 1000
	}
	g := &gen{s: s, r: newRand(s.Seed), res: Result{ByStatus: map[ticketstore.Status]int{}}}
	span := time.Duration(s.Years) * 365 * 24 * time.Hour
	g.start = s.End.Add(-span)
	g.slot = span / time.Duration(s.Tickets)
	g.numbers = make([]string, s.Tickets)
	g.comments = make([]int32, s.Tickets)
	for i := range g.comments {
		g.comments[i] = int32(s.Comments*(i+1)/s.Tickets - s.Comments*i/s.Tickets)
	}
	// Vary the counts pairwise, keeping the sum and at least one each.
	for i := 0; i+1 < len(g.comments); i += 2 {
		k := int32(g.r.IntN(int(g.comments[i])))
		g.comments[i] -= k
		g.comments[i+1] += k
	}
	customerMails := 0
	for _, c := range g.comments {
		customerMails++
		for j := 0; j < int(c)-1; j++ {
			if commentKinds[j%len(commentKinds)] == ticketstore.KindCustomer {
				customerMails++
			}
		}
	}
	g.other = max(0, s.Raw-customerMails)
	return g
}

// batch writes the next TicketsPerTx tickets with everything that happens meanwhile.
func (g *gen) batch(tx *ticketstore.Tx) error {
	end := min(g.next+g.s.TicketsPerTx, g.s.Tickets)
	for ; g.next < end; g.next++ {
		i := g.next
		evs := g.queue[i%ring]
		g.queue[i%ring] = nil
		for _, ev := range evs {
			if err := g.apply(tx, ev); err != nil {
				return fmt.Errorf("ticket %s: %w", g.numbers[ev.ticket], err)
			}
		}
		if err := g.create(tx, i); err != nil {
			return fmt.Errorf("ticket %d: %w", i, err)
		}
		n := g.other*(i+1)/g.s.Tickets - g.other*i/g.s.Tickets
		for range n {
			if err := g.stray(tx, i); err != nil {
				return fmt.Errorf("stray mail at ticket %d: %w", i, err)
			}
		}
	}
	return nil
}

func (g *gen) at(i int) time.Time {
	return g.start.Add(time.Duration(i)*g.slot + time.Duration(g.r.Int64N(int64(g.slot))))
}

func (g *gen) schedule(i, offset int, ev event) {
	offset = min(max(offset, 1), ring-1)
	ev.ticket, ev.at = i, g.at(i+offset)
	g.queue[(i+offset)%ring] = append(g.queue[(i+offset)%ring], ev)
}

// customer picks a customer index, a few big customers and many small ones; -1 is a sender
// outside the directory.
func (g *gen) customer() int {
	if g.r.IntN(20) == 0 {
		return -1
	}
	u := g.r.Float64()
	return int(float64(g.s.Customers) * u * u)
}

func (g *gen) create(tx *ticketstore.Tx, i int) error {
	at := g.at(i)
	c := g.customer()
	t := &ticketstore.Ticket{Subject: subject(i), Language: "de", Created: at, Received: at.Add(-3 * time.Second)}
	if c < 0 {
		t.Requester = fmt.Sprintf("person%d@mail%d.example", i, i%97)
		t.Flags = []string{"unknown_sender"}
	} else {
		t.Customer = Customer(c)
		t.Requester = fmt.Sprintf("user%d@%s.example", i%40, t.Customer)
		t.Contact = fmt.Sprintf("C-%d-%d", c, i%40)
	}
	t.RequesterName = fmt.Sprintf("Kunde %d", i%40)
	if err := tx.CreateTicket(t, ticketstore.NumberYear); err != nil {
		return err
	}
	g.numbers[i] = t.Number
	g.res.Tickets++
	if err := g.customerMail(tx, t, at); err != nil {
		return err
	}
	if g.res.Outbox < g.s.Outbox*(i+1)/g.s.Tickets {
		if err := g.send(tx, t, "confirmation", true, at.Add(time.Second)); err != nil {
			return err
		}
	}
	if err := tx.PutTicket(t); err != nil {
		return err
	}
	// Later comments, then the final status, each a few tickets later.
	off := 0
	for j := range int(g.comments[i]) - 1 {
		off += 1 + g.r.IntN(8)
		g.schedule(i, off, event{kind: evComment, ck: commentKinds[j%len(commentKinds)]})
	}
	if g.r.IntN(200) != 0 { // one in 200 is forgotten and stays open for good
		g.schedule(i, off+1+g.r.IntN(8), event{kind: evFinal})
	}
	g.res.ByStatus[t.Status]++
	return nil
}

// apply lets ev happen to its ticket.
func (g *gen) apply(tx *ticketstore.Tx, ev event) error {
	t, err := tx.Ticket(g.numbers[ev.ticket])
	if err != nil {
		return err
	}
	g.res.ByStatus[t.Status]--
	switch ev.kind {
	case evFinal:
		t.Status = ticketstore.StatusClosed
		if g.r.IntN(10) == 0 {
			t.Status = ticketstore.StatusResolved
		}
		t.Updated = ev.at
	case evComment:
		err = g.comment(tx, t, ev)
	}
	g.res.ByStatus[t.Status]++
	if err != nil {
		return err
	}
	return tx.PutTicket(t)
}

func (g *gen) comment(tx *ticketstore.Tx, t *ticketstore.Ticket, ev event) error {
	switch ev.ck {
	case ticketstore.KindCustomer:
		if t.Status == ticketstore.StatusWaiting {
			t.Status = ticketstore.StatusInProgress
		}
		return g.customerMail(tx, t, ev.at)
	case kindAnswer:
		if t.Assignee == "" || g.r.IntN(30) == 0 {
			t.Assignee = Tech(g.r.IntN(g.s.Techs))
		}
		if t.Customer == "" && g.r.IntN(5) < 2 { // the service team found out who it is
			c := g.customer()
			if c < 0 {
				c = g.r.IntN(g.s.Customers)
			}
			t.Customer, t.Flags = Customer(c), nil
		}
		t.Status = ticketstore.StatusInProgress
		c := &ticketstore.Comment{Author: t.Assignee, Kind: ev.ck, Body: body(g.r, 180), Created: ev.at}
		if err := tx.AddCommentTo(t, c); err != nil {
			return err
		}
		g.res.Comments++
		if g.res.Outbox < g.s.Outbox*(ev.ticket+1)/g.s.Tickets {
			return g.send(tx, t, "answer", false, ev.at.Add(time.Second))
		}
		return nil
	case ticketstore.KindSystem:
		t.Status = ticketstore.StatusWaiting
	}
	author := "system"
	if ev.ck == ticketstore.KindInternal {
		author = cmp.Or(t.Assignee, Tech(0))
	}
	g.res.Comments++
	return tx.AddCommentTo(t, &ticketstore.Comment{Author: author, Kind: ev.ck, Body: body(g.r, 80), Created: ev.at})
}

// customerMail stores a mail from t's requester as raw mail and comment.
func (g *gen) customerMail(tx *ticketstore.Tx, t *ticketstore.Ticket, at time.Time) error {
	id := fmt.Sprintf("%d.%d@%s", t.Seq, t.Comments+1, domain(t.Requester))
	text := body(g.r, 160)
	r, err := g.raw(tx, t.Requester, t.Subject, id, text, at, ticketstore.OutcomeComment, t.Number)
	if err != nil {
		return err
	}
	if t.Comments == 0 {
		r.Outcome = ticketstore.OutcomeTicket
		if err := tx.UpdateRaw(r); err != nil {
			return err
		}
	}
	c := &ticketstore.Comment{Author: t.Requester, Kind: ticketstore.KindCustomer, Body: text, Created: at, MessageID: id, RawID: r.ID}
	if err := tx.AddCommentTo(t, c); err != nil {
		return err
	}
	g.res.Comments++
	t.ThreadIDs = append(t.ThreadIDs, id)
	return tx.IndexMessageID(id, t.Number)
}

func (g *gen) raw(tx *ticketstore.Tx, from, subj, id, text string, at time.Time, o ticketstore.Outcome, ticket string) (*ticketstore.RawMessage, error) {
	data := rawMail(from, subj, id, text, at, g.s.RawSize)
	g.uid++
	r := &ticketstore.RawMessage{Mailbox: "INBOX", UIDValidity: 1480000000, UID: g.uid, MessageID: id, SHA256: sha(data),
		Size: int64(len(data)), Received: at, Stored: at.Add(2 * time.Second), Data: data, Outcome: o, Ticket: ticket}
	if err := tx.PutRaw(r); err != nil {
		return nil, err
	}
	g.res.Raw++
	return r, nil
}

// stray writes a raw mail that became no comment: set aside (bounces, auto-replies, lists, spam)
// or, one in ten, a duplicate of a mail already on a ticket.
func (g *gen) stray(tx *ticketstore.Tx, i int) error {
	at := g.at(i)
	id := fmt.Sprintf("s%d.%d@bulk%d.example", i, g.uid, i%13)
	if g.r.IntN(10) == 0 {
		_, err := g.raw(tx, "dup@mail.example", "Re: "+subject(i), id, body(g.r, 120), at, ticketstore.OutcomeDuplicate, g.numbers[i])
		return err
	}
	code := reasons[g.r.IntN(len(reasons))]
	from := fmt.Sprintf("%s@sender%d.example", code, g.r.IntN(5000))
	r, err := g.raw(tx, from, "Automatische Antwort: "+subject(i), id, body(g.r, 120), at, ticketstore.OutcomeSetAside, "")
	if err != nil {
		return err
	}
	sa := &ticketstore.SetAside{RawID: r.ID, From: from, Subject: "Automatische Antwort: " + subject(i), ReasonCode: code,
		Reason: "set aside: " + code, Received: at}
	if err := tx.PutSetAside(sa); err != nil {
		return err
	}
	g.res.SetAside++
	r.SetAside = sa.ID
	if err := tx.UpdateRaw(r); err != nil {
		return err
	}
	if g.r.IntN(100) == 0 { // released by the service team
		sa.Released = at.Add(time.Hour)
		g.res.Released++
		return tx.PutSetAside(sa)
	}
	return nil
}

var reasons = []string{"bounce", "auto_reply", "list", "spam", "loop", "read_receipt"}

// send commits an outgoing mail for t and, unless it is among the last ones, its delivery
// result. The outbox calls live here alone, since their signatures are about to change.
func (g *gen) send(tx *ticketstore.Tx, t *ticketstore.Ticket, kind string, automatic bool, at time.Time) error {
	id := fmt.Sprintf("hd.%d.%d.%s@desk.example", t.Seq, t.Comments, kind)
	m := &ticketstore.OutboxMail{Ticket: t.Number, Kind: kind, From: "support@desk.example", To: []string{t.Requester},
		Subject: "[Ticket#" + t.Number + "] " + t.Subject, MessageID: id, Automatic: automatic, Created: at,
		Raw: outMail(t, id, at, g.s.OutboxSize)}
	if err := tx.Enqueue(m); err != nil {
		return err
	}
	g.res.Outbox++
	t.ThreadIDs = append(t.ThreadIDs, id)
	if err := tx.IndexMessageID(id, t.Number); err != nil {
		return err
	}
	switch {
	case g.next >= g.s.Tickets-50:
		g.res.OutboxPending++
		return nil
	case g.r.IntN(200) == 0:
		g.res.OutboxFailed++
		return tx.RecordOutbox(ticketstore.OutboxResult{ID: m.ID, Permanent: true, Err: "550 5.1.1 user unknown", At: at.Add(time.Minute)})
	}
	return tx.RecordOutbox(ticketstore.OutboxResult{ID: m.ID, Sent: true, At: at.Add(time.Minute)})
}
