// Package reports turns the store's approved time into service reports and reads the billing
// figures back: Create gathers a customer's approved, unreported entries, prices them with
// package billing (one report per branch where the customer is billed per branch; Kontingent
// rooms from the ledger as of the report's day) and freezes report, entries and deductions in
// the caller's transaction. View lays a frozen report out as the PDF (billing/pdf) and as the
// body of its mail; Deliver queues that mail, PDF attached, to the customer's service-report
// addresses only. Ledger, DueCorrections and Correct are the prepaid-hours ledger; Export the
// billing export for the accounting system; CustomerStats a customer's figures of a month.
//
// The package works inside transactions it is given (ticketstore.Tx) and holds no state.
package reports
