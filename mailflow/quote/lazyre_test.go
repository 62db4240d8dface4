package quote

import (
	"regexp"
	"testing"
)

// Every pattern of the package compiles (they are compiled lazily, at first use).
func TestPatternsCompile(t *testing.T) {
	if len(patterns) < 20 {
		t.Fatalf("only %d patterns registered, want every lazyRegexp of the package", len(patterns))
	}
	for _, p := range patterns {
		if _, err := regexp.Compile(p.pattern); err != nil {
			t.Errorf("pattern %q: %v", p.pattern, err)
		}
	}
}
