// Package directory is the customer directory of the Systemhaus: customers with their branches,
// contacts, contracts, and who is told of what. It validates the whole directory (reporting every
// problem at once, each naming the record and field), imports and exports it as TOML, YAML or
// JSON, applies the mutations the CLI offers, and answers "who is this mail from?".
//
// The package is pure: it never touches the store. The record types serialise cleanly with
// encoding/json, BurntSushi/toml and yaml.v3; money, hours, dates and durations are exact types
// written as strings ("95.00", "12.5", "2026-01-31", "4h").
//
// Decisions worth knowing:
//   - Addresses and mail domains are lower-cased (and trimmed) on every write path (Load,
//     Read, the Add/Update mutations) before validation; Validate itself expects them
//     lower-case. Only ASCII domains are accepted (write IDNs in punycode).
//   - Defaults filled on write: billing "central", language "de", permission "report".
//     Validate itself requires the explicit values. The billing terms of cooperation and
//     prepaid_hours contracts (billing_increment "15m", rounding "entry", beyond_limit
//     "hold", prorate "none", correction_after_months 3) are filled on write too, but
//     Validate accepts them zero, meaning the default, so that contracts stored before these
//     terms existed stay valid.
//   - Prepaid hours: overdraw_limit 0 with overdraw_allowed means no limit; without
//     overdraw_allowed the balance may not fall below zero. beyond_limit "bill" needs an
//     excess_rate. Travel of a Kontingent customer is priced at the prepaid contract's own
//     travel rates; its hours at no cooperation contract's rate.
//   - Match looks for the exact contact address first. An inactive contact still identifies
//     its customer: the Match has By "address" and Contact.Active false, and the caller
//     decides what an inactive sender may do. Otherwise the address's domain must equal one
//     of a customer's domains exactly: subdomains do not match (list them explicitly).
//   - Contract validity is a range of whole days, both ends inclusive; an empty valid_until
//     means open-ended. Two cooperation or two prepaid_hours contracts of one customer may
//     not overlap; the other kinds may.
//   - Lookups return copies: changing them does not change the directory.
package directory
