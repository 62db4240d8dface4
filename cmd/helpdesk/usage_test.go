package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/usage.md from the command table")

const regenerate = "go test ./cmd/helpdesk -run TestUsageDocument -update"

// docs/usage.md is the command table written out: it must be current.
func TestUsageDocument(t *testing.T) {
	var buf bytes.Buffer
	if err := program().WriteUsage(&buf, regenerate); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "..", "docs", "usage.md")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	have, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (write it with: %s)", err, regenerate)
	}
	if !bytes.Equal(have, buf.Bytes()) {
		t.Errorf("%s is not what the command table says; run: %s", path, regenerate)
	}
}

func TestCommandNamesAreUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range program().Commands {
		if seen[c.Name] {
			t.Errorf("command %q declared twice", c.Name)
		}
		seen[c.Name] = true
		if c.Summary == "" || c.Help == "" {
			t.Errorf("command %q lacks a summary or help", c.Name)
		}
	}
}
