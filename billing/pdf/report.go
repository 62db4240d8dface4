package pdf

import "time"

// Report is one frozen service report: everything the PDF shows, already computed. The billing
// side prices and numbers the entries; this package only lays them out, and refuses a report
// whose sums do not add up (see Check), because the customer gets the report before the invoice
// and compares the two.
//
// Times are shown as calendar dates in their own location: pass them in the customer's zone.
type Report struct {
	Lang     string    // "de" (default when empty) or "en"
	ID       string    // "SB-2026-00042"
	Created  time.Time // the report's date, also the PDF's creation date
	From     time.Time // first day of the period
	Until    time.Time // last day of the period
	Corrects string    // ID of the report this one replaces, "" if none

	Sender    Sender  // the Systemhaus
	Recipient Address // who receives the report: the customer or, when billed per branch, the branch

	CustomerNumber string // the customer's number in the directory
	CustomerName   string // shown when the recipient is a branch or a person, "" to leave out
	Branch         string // the branch billed separately, "" if none
	DATEVAdvisor   string // DATEV advisor number (Beraternummer) where the customer has one
	Contract       string // the agreement the rates come from, e.g. "Kooperationsvertrag vom 01.03.2025"

	Tickets    []Ticket    // the entries, grouped by ticket, in the order shown
	Totals     Totals      // the sums of all entries
	Kontingent *Kontingent // nil unless the customer has prepaid hours

	Rates            []Rate // the rates applied in this report
	IncrementMinutes int    // billing increment, e.g. 15 for "per started 15 minutes"; 0: by the minute
}

// Sender is the Systemhaus issuing the report. Name and Address make the sender line above the
// address window; everything else goes into the footer of every page, as a German business
// letter requires (register, management, VAT ID).
type Sender struct {
	Name       string   // "Beispiel Systemhaus GmbH"
	Address    []string // street, postcode and town
	Phone      string
	Mail       string
	Web        string
	Register   string // "Amtsgericht München, HRB 123456"
	Management string // managing directors' names
	VATID      string // "DE123456789"
	Bank       string // "Stadtsparkasse München · IBAN DE12 … · BIC …"
}

// Address is a postal address for the DIN 5008 window: a name and up to five further lines.
type Address struct {
	Name  string
	Lines []string
}

// Ticket is one group of the table: the ticket and the entries booked on it.
type Ticket struct {
	Number  string // "2026-000042"
	Subject string
	Entries []Entry
}

// Entry is one time entry as billed.
//
// For a billable entry, BilledMinutes is the time after the billing increment. Of those, the
// first DeductedMinutes came out of the Kontingent; the rest is priced in AmountCents. An entry
// may be covered in part when the balance runs out in the middle of it.
//
// A non-billable entry shows its Minutes and its Reason, and has no amount and no deduction.
type Entry struct {
	Date       time.Time
	Technician string
	Activity   string // may be long and contain line breaks; wrapped in the table

	Minutes         int  // recorded
	BilledMinutes   int  // after the billing increment; billable entries only
	Billable        bool // false: not charged, Reason says why
	Reason          string
	DeductedMinutes int   // part of BilledMinutes taken from the Kontingent
	AmountCents     int64 // labour charged for this entry

	TravelTrips int   // trips charged at a per-trip rate
	TravelKm    int   // kilometres charged at a per-km rate
	TravelCents int64 // the travel charged for this entry
}

// Totals are the sums over all entries. Check verifies each of them.
type Totals struct {
	BillableMinutes    int   // BilledMinutes of the billable entries, deducted ones included
	NonBillableMinutes int   // Minutes of the non-billable entries
	LabourCents        int64 // sum of AmountCents
	TravelCents        int64 // sum of TravelCents
	NetCents           int64 // LabourCents + TravelCents; VAT is added on the invoice
}

// Kontingent is the movement of prepaid hours in the period, in minutes.
//
//	BalanceAfter = BalanceBefore + Credited − Expired − Used
//
// A negative balance is an overdraft. OverdrawLimit is how far the agreement lets the balance go
// below zero; time beyond that was billed at the hourly rate instead (BilledBeyondLimit, part of
// the entries' amounts).
type Kontingent struct {
	Name              string // e.g. "Wartungskontingent 10 h/Monat"; "" for the plain label
	BalanceBefore     int    // carried over from the previous period; may be negative
	Credited          int    // hours credited in the period
	Expired           int    // carried-over hours forfeited in the period (rollover cap)
	Used              int    // sum of the entries' DeductedMinutes
	BalanceAfter      int
	OverdrawLimit     int // minutes the balance may go below zero; 0: no overdraft agreed
	BilledBeyondLimit int // minutes billed because the balance had reached the limit
}

// Rate is one price applied in the report.
type Rate struct {
	Label string // "Stundensatz Systemtechnik"
	Cents int64
	Per   Unit
}

// Unit is what a Rate is charged per.
type Unit int

// The units a rate can be charged per. The zero Unit is a flat amount.
const (
	Flat Unit = iota
	PerHour
	PerTrip
	PerKm
)
