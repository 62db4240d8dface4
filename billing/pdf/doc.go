// Package pdf renders a service report ("Servicebericht") as the PDF the customer receives
// before the invoice. The invoice carries only the report's ID and amount, so the report has to
// stand on its own: who worked when on which ticket, for how long, what was billed and why not,
// travel, the rates, the sums and, for prepaid hours, the movement of the Kontingent.
//
// The input is a plain, already computed Report; Render only checks that its sums add up and
// lays it out. It depends on no other helpdesk package but billing/textfmt, which formats every
// figure the same way here and in the mail body.
//
// The layout follows DIN 5008 form B on A4: a sender line above the address window (45 mm from
// the top, 20 mm from the left, 85 × 45 mm), an information block to its right, fold and punch
// marks, then the title, the table grouped by ticket, the sums and the rates. Every page has the
// sender's legal footer and "Seite n von m"; pages after the first repeat the column header, and
// a ticket cut by a page break repeats its header marked "(Fortsetzung)".
//
// Layout runs before drawing: every block is measured, the flow (flow.go) breaks the blocks into
// pages, and only then is anything drawn, so the page count is known for the first footer and
// no row can run into the footer.
//
// Text is real text in DejaVu Sans Condensed, embedded as a subset with a Unicode map, so it is
// selectable and searchable and covers umlauts, ß, €, „quotes“ and dashes. The same Report gives
// the same bytes: the PDF's creation date is Report.Created and nothing else varies.
package pdf
