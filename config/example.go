package config

import _ "embed"

//go:embed example.toml
var example string

// Example returns an annotated example configuration that passes Load: every setting with a
// comment explaining it. Tests keep it complete and valid.
func Example() string { return example }
