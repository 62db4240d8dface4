package reports

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"helpdesk/billing"
	"helpdesk/directory"
	"helpdesk/ticketstore"
)

// Settings are the installation's billing settings a report depends on.
type Settings struct {
	Language              string         // the desk's language, for customers without one
	Location              *time.Location // the desk's time zone: the report's day
	CorrectionAfterMonths int            // for contracts that do not set their own
}

// Request asks for the reports of one customer.
type Request struct {
	Customer string
	Until    directory.Date // approved entries of days up to this one; zero: the report's day
	Corrects string         // the report these replace, "" for none
	Now      time.Time
}

// Created is one report made by Create, with the entries held back (a Kontingent beyond its
// overdraw limit whose contract says hold); they stay approved for a later report.
type Created struct {
	Report *ticketstore.ServiceReport
	Held   []billing.Held
}

// ErrNothingToReport is returned by Create when the customer has no approved, unreported
// entries up to the day asked.
var ErrNothingToReport = errors.New("no approved, unreported time entries")

// Create gathers the customer's approved, unreported entries up to r.Until, splits them into
// one report per branch where the customer is billed per branch, prices each under the
// contract valid on each entry's day (Kontingent rooms from the ledger as of the report's
// day) and freezes it in tx: report number, entries reported, deductions in the ledger.
func Create(tx *ticketstore.Tx, dir *directory.Directory, s Settings, r Request) ([]Created, error) {
	c := dir.Customer(r.Customer)
	if c == nil {
		return nil, fmt.Errorf("customer %s: %w", r.Customer, directory.ErrNotFound)
	}
	loc := cmp.Or(s.Location, time.UTC)
	day := directory.DateOf(r.Now.In(loc))
	until := r.Until
	if until.IsZero() {
		until = day
	}
	if until.After(day) {
		return nil, fmt.Errorf("until %s is after today (%s): entries of future days cannot be reported", until, day)
	}
	contracts := contractsOf(dir, c.Number, s)
	entries, ids, err := approved(tx, dir, c, until)
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, fmt.Errorf("customer %s up to %s: %w", c.Number, until, ErrNothingToReport)
	}
	var out []Created
	for _, b := range billing.Batches(*c, entries) {
		cr, err := createOne(tx, c, contracts, b, ids, s, r, day, until)
		if err != nil {
			return nil, err
		}
		if cr != nil {
			out = append(out, *cr)
		}
	}
	return out, nil
}

// contractsOf returns the customer's contracts, the installation's correction threshold filled
// in where a Kontingent does not set its own.
func contractsOf(dir *directory.Directory, customer string, s Settings) []directory.Contract {
	var out []directory.Contract
	for _, k := range dir.Contracts {
		if k.Customer != customer {
			continue
		}
		k := *dir.Contract(k.ID)
		withDefaults(&k, s)
		out = append(out, k)
	}
	return out
}

func withDefaults(k *directory.Contract, s Settings) {
	if p := k.PrepaidHours; p != nil && p.CorrectionAfterMonths == 0 && s.CorrectionAfterMonths > 0 {
		p.CorrectionAfterMonths = s.CorrectionAfterMonths
	}
}

// approved returns the customer's approved entries of days up to until as billing entries,
// each with the branch of its ticket's contact, and their store IDs by billing ID.
func approved(tx *ticketstore.Tx, dir *directory.Directory, c *directory.Customer, until directory.Date) ([]billing.Entry, map[string]uint64, error) {
	es, err := tx.TimeEntries(ticketstore.TimeFilter{States: []ticketstore.TimeState{ticketstore.TimeApproved}, Customer: c.Number})
	if err != nil {
		return nil, nil, err
	}
	branches := map[string]string{} // ticket -> branch
	ids := map[string]uint64{}
	var out []billing.Entry
	for _, e := range es {
		if e.Date.After(until) || e.Customer != c.Number {
			continue
		}
		branch, ok := branches[e.Ticket]
		if !ok {
			t, err := tx.Ticket(e.Ticket)
			if err != nil {
				return nil, nil, fmt.Errorf("time entry %d: %w", e.ID, err)
			}
			if k := dir.Contact(t.Contact); k != nil && k.Customer == c.Number {
				branch = k.Branch
			}
			branches[e.Ticket] = branch
		}
		id := strconv.FormatUint(e.ID, 10)
		ids[id] = e.ID
		out = append(out, billing.Entry{ID: id, Ticket: e.Ticket, Technician: e.Technician, Date: e.Date,
			Minutes: int64(e.Minutes), Billable: e.Billable, Reason: e.Reason, Activity: e.Activity,
			TravelTrips: int64(e.TravelTrips), TravelKm: int64(e.TravelKm), Branch: branch})
	}
	return out, ids, nil
}

// createOne prices and freezes the report of one batch; nil when every entry was held.
func createOne(tx *ticketstore.Tx, c *directory.Customer, contracts []directory.Contract, b billing.Batch,
	ids map[string]uint64, s Settings, r Request, day, until directory.Date) (*Created, error) {
	before := map[string]*billing.Statement{}
	rooms := map[string]billing.Room{}
	for _, k := range contracts {
		if k.Kind != directory.KindPrepaidHours || k.PrepaidHours == nil {
			continue
		}
		st, err := statementOf(tx, k, day)
		if err != nil {
			return nil, err
		}
		before[k.ID], rooms[k.ID] = st, st.Room
	}
	priced, err := billing.Price(billing.Input{Customer: *c, Contracts: contracts, Entries: b.Entries, Rooms: rooms})
	if err != nil {
		return nil, err
	}
	if len(priced.Lines) == 0 {
		return &Created{Held: priced.Held}, nil // nothing to report; the caller drops it
	}
	sr := &ticketstore.ServiceReport{
		Customer: c.Number, Branch: priced.Branch, Date: day, Created: r.Now, Until: r.Until, Corrects: r.Corrects,
		Language: cmp.Or(string(c.Language), s.Language, "de"), Priced: *priced,
		Technicians: map[string]string{}, Subjects: map[string]string{},
	}
	for _, l := range priced.Lines {
		if sr.From.IsZero() || l.Entry.Date.Before(sr.From) {
			sr.From = l.Entry.Date
		}
		if r.Until.IsZero() && l.Entry.Date.After(sr.Until) {
			sr.Until = l.Entry.Date // the period ends with the last work on it unless asked otherwise
		}
		sr.Entries = append(sr.Entries, ids[l.Entry.ID])
		if err := names(tx, sr, l.Entry); err != nil {
			return nil, err
		}
	}
	sr.Kontingent = moves(contracts, before, priced, sr.From)
	if err := tx.CreateReport(sr, priced.Deductions("", day)); err != nil {
		return nil, err
	}
	return &Created{Report: sr, Held: priced.Held}, nil
}

// names freezes the technician's name and the ticket's subject as they are now.
func names(tx *ticketstore.Tx, sr *ticketstore.ServiceReport, e billing.Entry) error {
	if _, ok := sr.Technicians[e.Technician]; !ok {
		name := e.Technician
		if t, err := tx.Technician(e.Technician); err == nil && t.Name != "" {
			name = t.Name
		}
		sr.Technicians[e.Technician] = name
	}
	if _, ok := sr.Subjects[e.Ticket]; !ok {
		t, err := tx.Ticket(e.Ticket)
		if err != nil {
			return fmt.Errorf("time entry %s: %w", e.ID, err)
		}
		sr.Subjects[e.Ticket] = t.Subject
	}
	return nil
}

// moves is the balance of every Kontingent the report deducts from or bills beyond.
func moves(contracts []directory.Contract, before map[string]*billing.Statement, r *billing.Report, from directory.Date) []ticketstore.KontingentMove {
	used, excess := map[string]int64{}, map[string]int64{}
	for _, l := range r.Lines {
		used[l.Contract] += l.DeductedMinutes
		excess[l.Contract] += l.ExcessMinutes
	}
	var out []ticketstore.KontingentMove
	for _, k := range contracts {
		st := before[k.ID]
		if st == nil || (used[k.ID] == 0 && excess[k.ID] == 0 && !touches(r, k.ID)) {
			continue
		}
		p := k.PrepaidHours
		m := ticketstore.KontingentMove{Contract: k.ID, HoursPerMonth: p.HoursPerMonth.Minutes(), Before: st.Balance,
			Used: used[k.ID], After: st.Balance - used[k.ID], Excess: excess[k.ID], Unlimited: st.Room.Unlimited}
		m.Before, m.Credited = splitCredits(st, from)
		if p.OverdrawAllowed {
			m.OverdrawLimit = p.OverdrawLimit.Minutes()
		}
		out = append(out, m)
	}
	return out
}

// splitCredits splits the balance before the report into the balance before its period and the
// credits within it, so the report shows the month's hours arriving. When anything but credits
// moved the balance within the period (another report's deductions), the whole balance is
// "before".
func splitCredits(st *billing.Statement, from directory.Date) (before, credited int64) {
	before = st.Balance
	for _, r := range st.Rows {
		if r.Date.Before(from) {
			continue
		}
		if r.Kind != billing.Credit {
			return st.Balance, 0
		}
		credited += r.Minutes
	}
	return st.Balance - credited, credited
}

func touches(r *billing.Report, contract string) bool {
	return slices.ContainsFunc(r.Lines, func(l billing.Line) bool { return l.Contract == contract })
}

// statementOf is the ledger of a Kontingent as of day, from the stored movements.
func statementOf(tx *ticketstore.Tx, k directory.Contract, day directory.Date) (*billing.Statement, error) {
	ms, err := tx.Movements(k.ID)
	if err != nil {
		return nil, err
	}
	return billing.StatementOf(k, ms, day)
}
