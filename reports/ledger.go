package reports

import (
	"fmt"
	"time"

	"helpdesk/billing"
	"helpdesk/directory"
	"helpdesk/ticketstore"
)

// Kontingent is one prepaid-hours contract's ledger as "kontingent show --json" prints it.
type Kontingent struct {
	Customer       string                `json:"customer"`
	Contract       string                `json:"contract"`
	AsOf           string                `json:"as_of"` // YYYY-MM-DD
	HoursPerMonth  int64                 `json:"hours_per_month_minutes"`
	BalanceMinutes int64                 `json:"balance_minutes"`
	Room           billing.Room          `json:"room"`
	Warn           bool                  `json:"warn"`
	Correction     billing.CorrectionDue `json:"correction"`
	Movements      []Movement            `json:"movements"` // every movement, credits included, oldest first
	Months         []billing.Month       `json:"months"`
	contract       *directory.Contract
}

// Movement is one row of a Kontingent's ledger with the balance after it.
type Movement struct {
	Kind     string `json:"kind"` // credit, deduction, adjustment, correction
	Date     string `json:"date"`
	Minutes  int64  `json:"minutes"`
	Balance  int64  `json:"balance_minutes"`
	Report   string `json:"report,omitempty"`
	Ticket   string `json:"ticket,omitempty"`
	Entry    string `json:"entry,omitempty"`
	WorkDate string `json:"work_date,omitempty"`
	Invoice  string `json:"invoice,omitempty"`
	Reason   string `json:"reason,omitempty"`
}

// Ledger computes the ledger of prepaid-hours contract id as of the end of day asOf.
func Ledger(tx *ticketstore.Tx, dir *directory.Directory, s Settings, id string, asOf directory.Date) (*Kontingent, error) {
	k := dir.Contract(id)
	if k == nil {
		return nil, fmt.Errorf("contract %s: %w", id, directory.ErrNotFound)
	}
	if k.Kind != directory.KindPrepaidHours || k.PrepaidHours == nil {
		return nil, fmt.Errorf("contract %s is a %s contract, not prepaid_hours", id, k.Kind)
	}
	withDefaults(k, s)
	st, err := statementOf(tx, *k, asOf)
	if err != nil {
		return nil, err
	}
	out := &Kontingent{Customer: k.Customer, Contract: k.ID, AsOf: asOf.String(), HoursPerMonth: k.PrepaidHours.HoursPerMonth.Minutes(),
		BalanceMinutes: st.Balance, Room: st.Room, Warn: st.Warn, Correction: st.Correction, Months: st.Months,
		Movements: make([]Movement, 0, len(st.Rows)), contract: k}
	for _, r := range st.Rows {
		m := Movement{Kind: string(r.Kind), Date: r.Date.String(), Minutes: r.Minutes, Balance: r.Balance, Report: r.Report,
			Ticket: r.Ticket, Entry: r.Entry, Invoice: r.Invoice, Reason: r.Reason}
		if !r.WorkDate.IsZero() {
			m.WorkDate = r.WorkDate.String()
		}
		out.Movements = append(out.Movements, m)
	}
	return out, nil
}

// CustomerKontingent picks the customer's Kontingent: contract id when given, else the one
// valid on asOf, else the one that started last.
func CustomerKontingent(dir *directory.Directory, customer, id string, asOf directory.Date) (string, error) {
	if dir.Customer(customer) == nil {
		return "", fmt.Errorf("customer %s: %w", customer, directory.ErrNotFound)
	}
	var latest *directory.Contract
	for i := range dir.Contracts {
		k := &dir.Contracts[i]
		if k.Customer != customer || k.Kind != directory.KindPrepaidHours {
			continue
		}
		if id != "" && k.ID == id {
			return k.ID, nil
		}
		if id == "" && k.ActiveOn(asOf) {
			return k.ID, nil
		}
		if latest == nil || k.ValidFrom.After(latest.ValidFrom) {
			latest = k
		}
	}
	switch {
	case id != "":
		return "", fmt.Errorf("customer %s has no prepaid_hours contract %s: %w", customer, id, directory.ErrNotFound)
	case latest == nil:
		return "", fmt.Errorf("customer %s has no prepaid_hours contract: %w", customer, directory.ErrNotFound)
	}
	return latest.ID, nil
}

// Due is a Kontingent whose balance stayed below zero long enough for a correction invoice.
type Due struct {
	Customer       string `json:"customer"`
	CustomerName   string `json:"customer_name"`
	Contract       string `json:"contract"`
	BalanceMinutes int64  `json:"balance_minutes"`
	Minutes        int64  `json:"minutes"` // to bill: what brings the balance back to zero
	NegativeMonths int    `json:"negative_months"`
	AfterMonths    int    `json:"after_months"`
}

// DueCorrections lists every Kontingent of the directory with a correction due as of asOf.
func DueCorrections(tx *ticketstore.Tx, dir *directory.Directory, s Settings, asOf directory.Date) ([]Due, error) {
	out := []Due{}
	for _, k := range dir.Contracts {
		if k.Kind != directory.KindPrepaidHours || k.PrepaidHours == nil || k.ValidFrom.After(asOf) {
			continue
		}
		l, err := Ledger(tx, dir, s, k.ID, asOf)
		if err != nil {
			return nil, err
		}
		if !l.Correction.Due {
			continue
		}
		name := ""
		if c := dir.Customer(k.Customer); c != nil {
			name = c.Name
		}
		out = append(out, Due{Customer: k.Customer, CustomerName: name, Contract: k.ID, BalanceMinutes: l.BalanceMinutes,
			Minutes: l.Correction.Minutes, NegativeMonths: l.Correction.NegativeMonths, AfterMonths: l.Correction.AfterMonths})
	}
	return out, nil
}

// Correct records the correction invoice of a Kontingent: minutes (0: all that is due) credited
// back with the invoice's number, which starts the count of negative months again.
func Correct(tx *ticketstore.Tx, dir *directory.Directory, s Settings, id, invoice string, minutes int64, day directory.Date) (*Kontingent, error) {
	if invoice == "" {
		return nil, fmt.Errorf("contract %s: a correction names its invoice", id)
	}
	l, err := Ledger(tx, dir, s, id, day)
	if err != nil {
		return nil, err
	}
	if minutes == 0 {
		minutes = l.Correction.Minutes
	}
	if minutes <= 0 {
		return nil, fmt.Errorf("contract %s: no correction is due (balance %d minutes); give the minutes to bill", id, l.BalanceMinutes)
	}
	m := billing.Movement{Kind: billing.Correction, Contract: id, Date: day, Minutes: minutes, Invoice: invoice}
	ms, err := tx.Movements(id)
	if err != nil {
		return nil, err
	}
	if _, err := billing.StatementOf(*l.contract, append(ms, m), day); err != nil {
		return nil, err
	}
	if err := tx.AddMovement(m); err != nil {
		return nil, err
	}
	return Ledger(tx, dir, s, id, day)
}

// Today is the calendar day of now in loc.
func Today(now time.Time, loc *time.Location) directory.Date {
	if loc == nil {
		loc = time.UTC
	}
	return directory.DateOf(now.In(loc))
}
