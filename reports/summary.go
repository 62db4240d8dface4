package reports

import (
	"strings"
	"time"

	"helpdesk/directory"
	"helpdesk/templates"
	"helpdesk/ticketstore"
)

// LastMovements is how many of a Kontingent's latest movements the Status mail shows.
const LastMovements = 5

// Prepaid returns the status of each of the customer's prepaid-hours contracts valid on the
// day of now: the balance at the end of that day and the latest movements, for the Status mail
// of an extended contact. Only the customer's own contracts are read.
func Prepaid(tx *ticketstore.Tx, dir *directory.Directory, s Settings, customer string, now time.Time) ([]templates.PrepaidStatus, error) {
	day := Today(now, s.Location)
	var out []templates.PrepaidStatus
	for _, k := range dir.ActiveContracts(customer, now.In(locOr(s.Location))) {
		if k.PrepaidHours == nil || k.Customer != customer {
			continue
		}
		l, err := Ledger(tx, dir, s, k.ID, day)
		if err != nil {
			return nil, err
		}
		ps := templates.PrepaidStatus{Contract: k.ID, HoursPerMonth: k.PrepaidHours.HoursPerMonth.String(),
			Balance: decimalHours(l.BalanceMinutes)}
		rows := l.Movements[max(len(l.Movements)-LastMovements, 0):]
		for _, m := range rows {
			d, _ := directory.ParseDate(m.Date)
			ps.Last = append(ps.Last, templates.PrepaidMovement{Date: d.Time(nil), Kind: m.Kind, Hours: decimalHours(m.Minutes),
				Report: m.Report, Ticket: m.Ticket, Note: strings.TrimSpace(m.Invoice + " " + reasonOf(m))})
		}
		out = append(out, ps)
	}
	return out, nil
}

// reasonOf is the note of a movement worth showing a customer: an adjustment's reason (a
// credit's reason only names its month, which the date already says).
func reasonOf(m Movement) string {
	if m.Kind == "adjustment" {
		return m.Reason
	}
	return ""
}

// SummaryStats fills the month's own figures of the customer into s (its Month is any time in
// the month).
func SummaryStats(tx *ticketstore.Tx, customer string, s *templates.Summary, loc *time.Location) error {
	y, m, _ := s.Month.In(locOr(loc)).Date()
	st, err := CustomerStats(tx, customer, directory.DateOf(time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)), loc)
	if err != nil {
		return err
	}
	if st.BillableMinutes > 0 {
		s.BillableHours = decimalHours(st.BillableMinutes)
	}
	if st.NonBillable > 0 {
		s.NonBillableHours = decimalHours(st.NonBillable)
	}
	s.FirstResponseMinutes = st.FirstResponse.Median
	return nil
}

// decimalHours writes minutes as decimal hours with up to two places ("2.5", "-1.25", "0.33").
func decimalHours(minutes int64) string {
	neg := minutes < 0
	if neg {
		minutes = -minutes
	}
	hundredths := (minutes*100 + 30) / 60
	s := directory.Money(hundredths).String() // two places, "." as the separator
	s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	if neg && s != "0" {
		s = "-" + s
	}
	return s
}

func locOr(l *time.Location) *time.Location {
	if l == nil {
		return time.UTC
	}
	return l
}
