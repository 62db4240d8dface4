package billing_test

import (
	"fmt"

	"helpdesk/billing"
	"helpdesk/directory"
)

func mustDate(s string) directory.Date {
	d, err := directory.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// A Kontingent customer: the report of March is priced with the room the ledger has on the
// report's day, and its deductions go back into the ledger.
func ExamplePrice() {
	k := directory.Contract{ID: "V-0003", Customer: "K-1002", Kind: directory.KindPrepaidHours, ValidFrom: mustDate("2025-01-01"),
		PrepaidHours: &directory.PrepaidHours{HoursPerMonth: 600, Start: mustDate("2025-01-01"), OverdrawAllowed: true,
			OverdrawLimit: 60, BeyondLimit: directory.BeyondBill, ExcessRate: 8900, TravelPerTrip: 2500}}
	cust := directory.Customer{Number: "K-1002", Name: "Praxis", Billing: directory.BillingCentral}
	reportDay := mustDate("2025-04-01")
	var stored []billing.Movement // nothing reported before
	before, err := billing.StatementOf(k, stored, reportDay)
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := billing.Price(billing.Input{Customer: cust, Contracts: []directory.Contract{k}, Rooms: map[string]billing.Room{k.ID: before.Room},
		Entries: []billing.Entry{
			{ID: "E1", Ticket: "2025-000042", Date: mustDate("2025-03-12"), Minutes: 50, Billable: true, TravelTrips: 1},
			{ID: "E2", Ticket: "2025-000042", Date: mustDate("2025-03-13"), Minutes: 20, Reason: "Kulanz: Fehler lag bei uns"},
			{ID: "E3", Ticket: "2025-000051", Date: mustDate("2025-03-20"), Minutes: 2430, Billable: true},
		}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range r.Lines {
		fmt.Printf("%s %4d min: billed %4d, deducted %4d, excess %2d, labour %6s, travel %5s\n",
			l.Entry.ID, l.Entry.Minutes, l.BilledMinutes, l.DeductedMinutes, l.ExcessMinutes, l.Labour, l.Travel)
	}
	fmt.Printf("net %s\n", r.Totals.Net)
	after, err := billing.StatementOf(k, append(stored, r.Deductions("SR-2025-0007", reportDay)...), reportDay)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("balance %s h, room %d min\n", directory.HoursOf(after.Balance), after.Room.Minutes)
	// Output:
	// E1   50 min: billed   60, deducted   60, excess  0, labour   0.00, travel 25.00
	// E2   20 min: billed    0, deducted    0, excess  0, labour   0.00, travel  0.00
	// E3 2430 min: billed 2430, deducted 2400, excess 30, labour  44.50, travel  0.00
	// net 69.50
	// balance -1 h, room 0 min
}
