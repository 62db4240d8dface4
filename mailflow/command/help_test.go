package command

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestHelpGolden(t *testing.T) {
	for _, lang := range []string{"de", "en"} {
		t.Run(lang, func(t *testing.T) {
			got := Help(lang)
			file := filepath.Join("testdata", "help_"+lang+".golden")
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("read golden (run go test ./mailflow/command -update): %v", err)
			}
			if got != string(want) {
				t.Errorf("Help(%q) differs from %s (run -update and review the diff)\ngot:\n%s", lang, file, got)
			}
		})
	}
}

// TestHelpExamplesParse: every example the reference teaches parses without an error, alone
// and all together as one block.
func TestHelpExamplesParse(t *testing.T) {
	for name, docs := range helpTexts {
		for li, doc := range docs {
			if len(doc.examples) == 0 {
				t.Errorf("helpTexts[%q][%d] has no example", name, li)
			}
			for _, ex := range doc.examples {
				b := parseToday(ex + "\nText")
				if !b.OK() || len(b.Commands) != 1 || len(b.Warnings) != 0 {
					t.Errorf("help example Parse(%q) = %v, errors %v, warnings %v; want one command and no issues", ex, b.Commands, b.Errors, b.Warnings)
				}
			}
		}
	}
	for li, f := range helpFrame {
		if b := parseToday(f.example); !b.OK() || len(b.Commands) != 3 || len(b.Warnings) != 0 || b.TextLine != 5 {
			t.Errorf("helpFrame[%d].example: commands %v, errors %v, warnings %v, text at line %d; want 3 commands, no issues, text at line 5",
				li, b.Commands, b.Errors, b.Warnings, b.TextLine)
		}
	}
}

// TestHelpComplete: every command has a reference entry in both languages, and every spelling
// of every command and value appears in both texts.
func TestHelpComplete(t *testing.T) {
	for _, sp := range specs {
		if _, ok := helpTexts[sp.name]; !ok {
			t.Errorf("command %q has no entry in helpTexts", sp.name)
		}
	}
	if len(helpTexts) != len(specs) {
		t.Errorf("helpTexts has %d entries for %d commands", len(helpTexts), len(specs))
	}
	for _, lang := range []string{"de", "en"} {
		h := Help(lang)
		for _, w := range allWords {
			if !strings.Contains(h, "#"+w) {
				t.Errorf("Help(%q) does not mention #%s", lang, w)
			}
		}
		for _, w := range append(words(statusChoices), words(priorityChoices)...) {
			if !strings.Contains(h, w) {
				t.Errorf("Help(%q) does not mention the value %q", lang, w)
			}
		}
	}
	if Help("fr") != Help("de") {
		t.Errorf("Help(%q) differs from Help(%q); want German for an unknown language", "fr", "de")
	}
}
