package config

import "helpdesk/internal/problems"

// Problem is one thing wrong with a configuration, tied to the setting it concerns
// ("imap.address", "rules[2].regex").
type Problem = problems.Problem

// Problems is every problem found in a configuration. It is the error type returned by Load
// and Validate; an empty Problems is never returned as an error.
type Problems = problems.List
