package parse

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// memSink is a BlobSink that keeps blobs in memory.
type memSink struct{ blobs map[string][]byte }

func newMemSink() *memSink { return &memSink{blobs: map[string][]byte{}} }

func (s *memSink) Put(r io.Reader) (string, int64, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return "", 0, err
	}
	sum := sha256.Sum256(b)
	h := hex.EncodeToString(sum[:])
	s.blobs[h] = b
	return h, int64(len(b)), nil
}

// parseFile parses testdata/name into a fresh memSink.
func parseFile(t *testing.T, name string) (*Message, *memSink) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	sink := newMemSink()
	m, err := Parse(bytes.NewReader(raw), sink, Options{})
	if err != nil {
		t.Fatalf("Parse(%s) error: %v", name, err)
	}
	if m.Size != int64(len(raw)) {
		t.Errorf("Parse(%s).Size = %d, want %d", name, m.Size, len(raw))
	}
	return m, sink
}

// wantSHA reads the expected hex SHA-256 from testdata/name.
func wantSHA(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
