// Package billing is the arithmetic of billing: it prices the time entries of one service
// report under the customer's contracts, and keeps the prepaid-hours ledger ("Kontingent").
// It is pure: no store, no I/O. Money is integer cents (directory.Money), time integer
// minutes; nothing here uses floats.
//
// # Pricing a report (Price)
//
//   - The contract: each entry is priced by the customer's prepaid_hours contract valid on
//     the entry's day, else by its cooperation contract valid on that day. Two consecutive
//     contracts with different rates each price the entries of their own days. An entry no
//     such contract covers makes the whole report an error naming the entry
//     (ErrNoContract): nothing is silently free. A customer whose only contracts are rental
//     or datacenter, or an entry whose day only such a contract covers, is ErrBilledElsewhere.
//   - Not billable: the entry stays on the report with its minutes, its reason and amount 0,
//     its travel included (travel to be charged is its own billable entry). Not billable
//     without a reason is an error.
//   - Increment: billed minutes are rounded up to the next multiple of the contract's
//     billing increment (default 15 minutes, so 1 to 15 minutes bill 15; "1m" is exact).
//     Rounding "entry" rounds each entry; "ticket" rounds the sum of one ticket's entries
//     in this report under one contract once and puts what that adds on the ticket's last
//     entry, so each line shows at least its recorded minutes.
//   - Money: labour = billed minutes × hourly rate / 60, in integer cents rounded half up,
//     computed per line; travel = trips × rate per trip + km × rate per km; a line's amount
//     is labour + travel, and the report's totals are the sums of its lines, so the
//     printed lines always add up to the printed total. Net is before VAT.
//   - Daily rate: not applied. Cooperation.DailyRate is quoted only; days agreed at it are
//     invoiced outside the service report.
//   - Branches: a customer billed per branch gets one report per branch (Batches); all
//     entries of a report must name the same branch ("" is the head office).
//
// # Kontingent entries
//
// Billed minutes (after the prepaid contract's own increment and rounding) are deducted
// from the balance instead of billed, in report order, while they fit the room the ledger
// had on the report's day (Statement.Room, passed in Input.Rooms). A rounding unit (an entry,
// or a ticket under rounding "ticket") that does not fit:
//   - beyond_limit "bill": the minutes that fit are deducted, the rest billed at the
//     contract's excess_rate, on the same line;
//   - beyond_limit "hold" (the default): the unit and every later unit of that contract are
//     returned in Report.Held, unreported, so hours are deducted in date order.
//
// Travel of Kontingent entries is money, at the prepaid contract's travel rates.
//
// # The ledger (StatementOf)
//
//   - Credits are derived, never stored: the monthly hours from Start's month, on the first
//     day each month is covered, until the contract ends; a month covered in part gets the
//     full hours (prorate "none") or its share by days, rounded half up to the minute
//     (prorate "daily"). So the balance is right on any day without a job having run.
//   - Stored movements: deductions (one per reported entry, dated on the report's day, with
//     report, ticket, entry and the day of the work), adjustments (manual, either sign, with
//     a reason) and corrections (a correction invoice billed, positive, with its invoice).
//     Dating deductions on the report's day keeps every past day's balance fixed when a
//     later report is made.
//   - Balance: the sum of all movements up to the day. Unused hours roll over without
//     expiry; an ended contract keeps its balance.
//   - Room: unlimited when overdraw is allowed without a limit; else balance + limit (0
//     without overdraw), never below 0.
//   - Warn: the balance is below warn_below.
//   - Correction: due when each of the last correction_after_months (default 3) complete
//     months closed below zero and the balance is still below zero; it bills the minutes
//     below zero. A month with a correction in it, or one that closes at or above zero,
//     starts the count again; so does a correction in the current month.
package billing
