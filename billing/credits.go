package billing

import (
	"fmt"
	"time"

	"helpdesk/directory"
)

// Credits returns the monthly credits of a prepaid-hours contract dated on or before
// through, derived from the contract alone, so the balance is right on any day without a
// job having run. A month's credit is dated on the first day of the month the contract
// covers (Start for the first month). Prorate "none" credits the full hours for any month
// covered in part; "daily" credits hours per month × covered days / days of the month,
// rounded half up to the minute. A month that rounds to no minutes gets no credit.
func Credits(k directory.Contract, through directory.Date) ([]Movement, error) {
	if err := checkPrepaid(&k); err != nil {
		return nil, err
	}
	p := k.PrepaidHours
	var out []Movement
	for month := firstOfMonth(p.Start); !month.After(through); month = nextMonth(month) {
		if !k.ValidUntil.IsZero() && month.After(k.ValidUntil) {
			break
		}
		from, to := maxDate(month, p.Start), lastOfMonth(month)
		if !k.ValidUntil.IsZero() && k.ValidUntil.Before(to) {
			to = k.ValidUntil
		}
		if from.After(through) {
			break
		}
		minutes, reason, err := monthCredit(p, month, from, to)
		if err != nil {
			return nil, fmt.Errorf("contract %s: credit of %s: %w", k.ID, month, err)
		}
		if minutes > 0 {
			out = append(out, Movement{Kind: Credit, Contract: k.ID, Date: from, Minutes: minutes, Reason: reason})
		}
	}
	return out, nil
}

// monthCredit is the credit for the days from..to of month.
func monthCredit(p *directory.PrepaidHours, month, from, to directory.Date) (int64, string, error) {
	label := month.Time(nil).Format("2006-01")
	perMonth := p.HoursPerMonth.Minutes()
	days, inMonth := daysBetween(from, to)+1, daysBetween(month, lastOfMonth(month))+1
	if p.Prorate != directory.ProrateDaily || days == inMonth {
		return perMonth, "monthly credit " + label, nil
	}
	m, err := mulDivHalfUp(perMonth, days, inMonth)
	return m, fmt.Sprintf("monthly credit %s, %d of %d days", label, days, inMonth), err
}

// checkPrepaid refuses a contract that is not a valid prepaid-hours contract.
func checkPrepaid(k *directory.Contract) error {
	if k.Kind != directory.KindPrepaidHours || k.PrepaidHours == nil {
		return fmt.Errorf("contract %s is a %s contract, not prepaid_hours", k.ID, k.Kind)
	}
	if err := k.Validate(); err != nil {
		return fmt.Errorf("contract %s: %w", k.ID, err)
	}
	return nil
}

// Calendar helpers. Dates are whole days; UTC midnight makes day arithmetic exact.

func firstOfMonth(d directory.Date) directory.Date {
	y, m, _ := d.Time(nil).Date()
	return directory.DateOf(time.Date(y, m, 1, 0, 0, 0, 0, time.UTC))
}

func nextMonth(d directory.Date) directory.Date {
	y, m, _ := d.Time(nil).Date()
	return directory.DateOf(time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC))
}

func lastOfMonth(d directory.Date) directory.Date {
	return directory.DateOf(nextMonth(d).Time(nil).AddDate(0, 0, -1))
}

// daysBetween returns the number of days from a to b (negative when b is before a).
func daysBetween(a, b directory.Date) int64 {
	return (b.Time(nil).Unix() - a.Time(nil).Unix()) / (24 * 60 * 60)
}

func maxDate(a, b directory.Date) directory.Date {
	if a.After(b) {
		return a
	}
	return b
}
