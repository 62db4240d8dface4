package ticketstore

import (
	"fmt"
	"sort"
	"strings"
)

// maxProblems bounds what Check reports: a damaged store would otherwise fill the terminal.
const maxProblems = 20

// Check compares the indexes and counters with the records they are built from, reading the
// whole store without holding it in memory: every record's index entries must exist, every
// index entry must belong to a record that says so, every counter must equal a recount. It
// returns nil or an error naming up to 20 problems.
func (x *Tx) Check() error {
	var probs []string
	bad := func(format string, args ...any) {
		if len(probs) < maxProblems {
			probs = append(probs, fmt.Sprintf(format, args...))
		}
	}
	counts := map[string]int{}
	err := x.tx.Bucket(bTickets).ForEach(func(k, v []byte) error {
		var t Ticket
		if err := decodeTicket(v, &t); err != nil {
			bad("ticket %x: %v", k, err)
			return nil
		}
		counts[countTickets]++
		counts[countStatus(t.Status)]++
		counts[countCustomer(t.Customer)]++
		counts[countAssignee(t.Assignee)]++
		for _, e := range ticketEntries(&t) {
			if !has(x.tx.Bucket(e.bucket), e.key) {
				bad("ticket %s: no entry in %s", t.Number, e.bucket)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, b := range [][]byte{bTicketState, bTicketCustomer, bTicketAssignee, bTicketUpdated} {
		err := x.tx.Bucket(b).ForEach(func(k, _ []byte) error {
			t, err := x.ticketBySeq(keySeq(k))
			if err != nil {
				bad("%s entry %x: %v", b, k, err)
				return nil
			}
			found := false
			for _, e := range ticketEntries(t) {
				found = found || (string(e.bucket) == string(b) && string(e.key) == string(k))
			}
			if !found {
				bad("%s entry %x: ticket %s says otherwise", b, k, t.Number)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	x.checkSetAsides(counts, bad)
	x.checkOutbox(counts, bad)
	x.checkCounters(counts, bad)
	if len(probs) == 0 {
		return nil
	}
	return fmt.Errorf("store check:\n%s", strings.Join(probs, "\n"))
}

type indexEntry struct{ bucket, key []byte }

// ticketEntries are the index keys of t: what indexTicket writes.
func ticketEntries(t *Ticket) []indexEntry {
	return []indexEntry{
		{bTicketState, statusKey(t.Status, t.Seq)},
		{bTicketCustomer, nameKey(t.Customer, t.Seq)},
		{bTicketAssignee, nameKey(t.Assignee, t.Seq)},
		{bTicketUpdated, updatedKey(t.Updated, t.Seq)},
	}
}

func (x *Tx) checkSetAsides(counts map[string]int, bad func(string, ...any)) {
	open := x.tx.Bucket(bSetAsideOpen)
	x.tx.Bucket(bSetAside).ForEach(func(k, v []byte) error {
		var s SetAside
		if err := decodeSetAside(v, &s); err != nil {
			bad("set-aside %x: %v", k, err)
			return nil
		}
		counts[countSetAside]++
		if s.Released.IsZero() {
			counts[countSetAsideOpen]++
			if !has(open, k) {
				bad("set-aside %d: not released, not in %s", s.ID, bSetAsideOpen)
			}
		}
		return nil
	})
	open.ForEach(func(k, _ []byte) error {
		s, err := x.SetAside(keySeq(k))
		if err != nil || !s.Released.IsZero() {
			bad("%s entry %x: record missing or released", bSetAsideOpen, k)
		}
		return nil
	})
}

func (x *Tx) checkCounters(counts map[string]int, bad func(string, ...any)) {
	x.tx.Bucket(bCounts).ForEach(func(k, _ []byte) error {
		if _, ok := counts[string(k)]; !ok {
			counts[string(k)] = 0 // stored, but nothing to count
		}
		return nil
	})
	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if got := x.count(n); got != counts[n] {
			bad("counter %s = %d, records say %d", n, got, counts[n])
		}
	}
}
