package parse

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// corpusDir is the shared real-world corpus, beside the project root.
const corpusDir = "../../../shared/corpus"

func TestCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not found: %v", err)
	}
	var files, withProblems, failed int
	kinds := map[string]int{}
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".eml") {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		files++
		m, err := Parse(f, nil, Options{})
		if errors.Is(err, errInternal) {
			t.Errorf("Parse(%s) panicked: %v", path, err)
			return nil
		}
		if err != nil {
			failed++
			t.Logf("Parse(%s) error: %v", path, err)
			return nil
		}
		if !utf8.ValidString(m.Text) || !utf8.ValidString(m.Subject) {
			t.Errorf("Parse(%s) gave invalid UTF-8 text or subject", path)
		}
		if len(m.Problems) > 0 {
			withProblems++
			for _, p := range m.Problems {
				k, _, _ := strings.Cut(p, ":")
				kinds[k]++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("corpus: %d mails, %d with problems, %d unparseable; problem kinds %v", files, withProblems, failed, kinds)
	if files == 0 {
		t.Fatal("corpus has no .eml files")
	}
	if failed*100 > files {
		t.Errorf("%d of %d corpus mails failed to parse, want under 1%%", failed, files)
	}
}
