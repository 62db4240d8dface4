// Package textfmt formats the numbers of a service report the way its reader expects them, in
// German (the default) or English. The PDF renderer (billing/pdf) and the plain-text mail body
// use the same functions, so a figure reads the same in the attachment and in the mail.
//
// Everything is integer arithmetic: money arrives as cents (int64), time as minutes (int), and
// no value passes through a float on its way to text.
//
// Conventions, chosen for German accounting readers:
//
//	               German          English         used for
//	Money          1.234,56 €      €1,234.56       amounts; negative: −1.234,56 € / −€1,234.56
//	Duration       1:30 h          1:30 h          one entry's time, as the technician knows it
//	Hours          1,50 h          1.50 h          sums and subtotals, so they can be checked
//	                                               against "hours × rate" on the invoice
//	Balance        −2:15 h         −2:15 h         prepaid-hours balances and movements, always
//	                                               signed (+/−) except zero
//	Date           01.12.2026      2026-12-01      DIN 5008 numeric date / ISO 8601
//	Km             1.234 km        1,234 km
//
// Decimal hours are rounded to hundredths, half away from zero. With the usual billing
// increments (5, 15, 30, 60 minutes) every billed sum is exact in hundredths (15 min = 0,25 h);
// only recorded, unrounded minutes (such as non-billable time) can show a rounding of at most
// 0,005 h (18 seconds).
//
// Negative numbers carry U+2212 MINUS SIGN, the typographic minus, which lines up with "+" and
// does not break from its number the way a hyphen may.
//
// The English money format puts the symbol first, as English readers write it; the amount is
// still in euros, never converted.
package textfmt
