// Package examples embeds the example files of the repository that the binary itself uses:
// the customer directory that "helpdesk demo --seed" imports.
package examples

import _ "embed"

// Directory is examples/directory.toml: fictional customers, contacts and contracts.
//
//go:embed directory.toml
var Directory []byte
