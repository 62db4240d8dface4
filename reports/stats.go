package reports

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"helpdesk/directory"
	"helpdesk/ticketstore"
)

// Stats are one customer's figures of one month.
type Stats struct {
	Customer        string      `json:"customer"`
	Month           string      `json:"month"` // YYYY-MM
	TicketsOpened   int         `json:"tickets_opened"`
	TicketsResolved int         `json:"tickets_resolved"` // resolved or closed in the month
	FirstResponse   Percentiles `json:"first_response_minutes"`
	Resolution      Percentiles `json:"resolution_minutes"`
	BillableMinutes int64       `json:"billable_minutes"`
	NonBillable     int64       `json:"nonbillable_minutes"`
	Technicians     []TechStats `json:"technicians"`
}

// Percentiles of a duration in whole minutes, nearest rank; zero when Count is 0.
type Percentiles struct {
	Count  int   `json:"count"`
	Median int64 `json:"median"`
	P90    int64 `json:"p90"`
}

// TechStats is the time one technician recorded for the customer in the month.
type TechStats struct {
	Technician         string `json:"technician"`
	BillableMinutes    int64  `json:"billable_minutes"`
	NonBillableMinutes int64  `json:"nonbillable_minutes"`
}

// CustomerStats computes the figures of customer in month (its first day; times in loc):
//   - opened: tickets created in the month; resolved: tickets now resolved or closed whose last
//     change fell in the month;
//   - first response: from a ticket's creation to its first public answer, for the tickets
//     opened in the month that have one;
//   - resolution: from creation to the last change, for the tickets resolved in the month;
//   - hours: time entries of days in the month, rejected ones left out, per technician too.
func CustomerStats(tx *ticketstore.Tx, customer string, month directory.Date, loc *time.Location) (*Stats, error) {
	loc = cmp.Or(loc, time.UTC)
	start := month.Time(loc)
	end := start.AddDate(0, 1, 0)
	label := start.Format("2006-01")
	s := &Stats{Customer: customer, Month: label, Technicians: []TechStats{}}
	tickets, err := tx.Tickets(ticketstore.TicketFilter{Customer: customer})
	if err != nil {
		return nil, err
	}
	var first, resolution []int64
	in := func(t time.Time) bool { return !t.Before(start) && t.Before(end) }
	for _, t := range tickets {
		if t.Customer != customer {
			continue
		}
		if in(t.Created) {
			s.TicketsOpened++
			if d, ok, err := firstResponse(tx, &t); err != nil {
				return nil, err
			} else if ok {
				first = append(first, d)
			}
		}
		if (t.Status == ticketstore.StatusResolved || t.Status == ticketstore.StatusClosed) && in(t.Updated) {
			s.TicketsResolved++
			resolution = append(resolution, minutes(t.Updated.Sub(t.Created)))
		}
	}
	s.FirstResponse, s.Resolution = percentiles(first), percentiles(resolution)
	es, err := tx.TimeEntries(ticketstore.TimeFilter{Month: label, Customer: customer})
	if err != nil {
		return nil, err
	}
	per := map[string]*TechStats{}
	for _, e := range es {
		if e.State == ticketstore.TimeRejected {
			continue
		}
		ts := per[e.Technician]
		if ts == nil {
			ts = &TechStats{Technician: e.Technician}
			per[e.Technician] = ts
		}
		if e.Billable {
			s.BillableMinutes += int64(e.Minutes)
			ts.BillableMinutes += int64(e.Minutes)
		} else {
			s.NonBillable += int64(e.Minutes)
			ts.NonBillableMinutes += int64(e.Minutes)
		}
	}
	for _, ts := range per {
		s.Technicians = append(s.Technicians, *ts)
	}
	slices.SortFunc(s.Technicians, func(a, b TechStats) int { return cmp.Compare(a.Technician, b.Technician) })
	return s, nil
}

// firstResponse is the time from t's creation to its first public answer.
func firstResponse(tx *ticketstore.Tx, t *ticketstore.Ticket) (int64, bool, error) {
	cs, err := tx.Comments(t.Number)
	if err != nil {
		return 0, false, fmt.Errorf("ticket %s: %w", t.Number, err)
	}
	for _, c := range cs {
		if c.Kind == ticketstore.KindPublic {
			return minutes(c.Created.Sub(t.Created)), true, nil
		}
	}
	return 0, false, nil
}

func minutes(d time.Duration) int64 { return max(int64(d/time.Minute), 0) }

// percentiles by nearest rank: the p-th percentile of n sorted values is the value at rank
// ceil(p/100 × n).
func percentiles(v []int64) Percentiles {
	if len(v) == 0 {
		return Percentiles{}
	}
	slices.Sort(v)
	rank := func(p int) int64 { return v[max((p*len(v)+99)/100, 1)-1] }
	return Percentiles{Count: len(v), Median: rank(50), P90: rank(90)}
}

// ParseMonth parses YYYY-MM as the month's first day; "" is the month of now in loc.
func ParseMonth(s string, now time.Time, loc *time.Location) (directory.Date, error) {
	if s == "" {
		y, m, _ := now.In(cmp.Or(loc, time.UTC)).Date()
		return directory.DateOf(time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)), nil
	}
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return directory.Date{}, fmt.Errorf("month %q: want YYYY-MM", s)
	}
	return directory.DateOf(t), nil
}
