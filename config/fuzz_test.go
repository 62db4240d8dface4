package config

import (
	"errors"
	"testing"
)

// FuzzParse feeds arbitrary files through the whole load path (decode, type precheck,
// re-encode, defaults, validation): it must never panic, and must return either a config or
// Problems.
func FuzzParse(f *testing.F) {
	f.Add([]byte(minimalTOML))
	f.Add([]byte(Example()))
	f.Add([]byte(minimalTOML + "[limits]\nmax_text_size = 1.5\n[[rules]]\nname = 1\nregex = \"(\"\n"))
	f.Add([]byte("rules = [1, {a = 2}]\nimap = 3\n"))
	f.Add([]byte("[imap\n"))
	noEnv := func(string) string { return "" }
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := parse(data, noEnv)
		var ps Problems
		if err != nil && !errors.As(err, &ps) {
			// Only a failure to re-encode may be a plain error.
			t.Logf("parse: plain error %v", err)
		}
		if err == nil && c == nil {
			t.Fatalf("parse(%q) = nil, nil", data)
		}
		if err != nil && errors.As(err, &ps) && len(ps) == 0 {
			t.Fatalf("parse(%q) returned empty Problems as an error", data)
		}
	})
}
