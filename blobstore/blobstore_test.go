package blobstore

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

func openStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "blobs"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

// files lists every regular file under dir, relative to it.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk %s: %v", dir, err)
	}
	return out
}

func TestPutHashAndSize(t *testing.T) {
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"short", []byte("hello blob\n")},
		{"binary", bytes.Repeat([]byte{0, 0xff, 0x80, '\n'}, 70000)},
	}
	s := openStore(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sum := sha256.Sum256(tt.data)
			want := hex.EncodeToString(sum[:])
			got, n, err := s.Put(iotest.HalfReader(bytes.NewReader(tt.data)))
			if err != nil {
				t.Fatalf("Put: %v", err)
			}
			if got != want || n != int64(len(tt.data)) {
				t.Fatalf("Put = %s, %d, want %s, %d", got, n, want, len(tt.data))
			}
			if p := s.Path(got); p != filepath.Join(s.Dir(), want[:2], want) {
				t.Errorf("Path(%s) = %s", got, p)
			}
			f, err := s.Open(got)
			if err != nil {
				t.Fatalf("Open(%s): %v", got, err)
			}
			defer f.Close()
			back, err := io.ReadAll(f)
			if err != nil || !bytes.Equal(back, tt.data) {
				t.Errorf("Open(%s) read %d bytes (err %v), want the %d bytes put", got, len(back), err, len(tt.data))
			}
			if !s.Has(got) {
				t.Errorf("Has(%s) = false after Put", got)
			}
		})
	}
}

func TestPutDedupes(t *testing.T) {
	s := openStore(t)
	a, _, err := s.Put(strings.NewReader("same content"))
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := s.Put(strings.NewReader("same content"))
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Fatalf("Put twice = %s and %s, want equal", a, b)
	}
	c, _, err := s.Put(strings.NewReader("other content"))
	if err != nil {
		t.Fatal(err)
	}
	got := files(t, s.Dir())
	if len(got) != 2 {
		t.Fatalf("files after 3 Puts of 2 contents = %v, want 2 blobs and no temp files", got)
	}
	if a == c {
		t.Errorf("different content got the same sha %s", a)
	}
}

func TestPutReaderErrorLeavesNothing(t *testing.T) {
	s := openStore(t)
	boom := errors.New("boom")
	r := io.MultiReader(strings.NewReader("partial"), iotest.ErrReader(boom))
	if _, _, err := s.Put(r); !errors.Is(err, boom) {
		t.Fatalf("Put(failing reader) err = %v, want %v", err, boom)
	}
	if got := files(t, s.Dir()); len(got) != 0 {
		t.Errorf("files after failed Put = %v, want none", got)
	}
}

func TestBadSHARejected(t *testing.T) {
	s := openStore(t)
	sha, _, err := s.Put(strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	bad := []string{
		"",
		"../../etc/passwd",
		strings.Repeat("0", 63),
		strings.Repeat("0", 65),
		strings.ToUpper(sha),
		"../" + sha[3:],
		sha[:62] + "/x",
		strings.Repeat("g", 64),
	}
	for _, b := range bad {
		if f, err := s.Open(b); !errors.Is(err, ErrInvalidSHA) {
			if f != nil {
				f.Close()
			}
			t.Errorf("Open(%q) err = %v, want ErrInvalidSHA", b, err)
		}
		if s.Has(b) {
			t.Errorf("Has(%q) = true, want false", b)
		}
		if p := s.Path(b); p != "" {
			t.Errorf("Path(%q) = %q, want empty", b, p)
		}
	}
	missing := strings.Repeat("ab", 32)
	if _, err := s.Open(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open(missing) err = %v, want not exist", err)
	}
}

func TestOpenRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, tempPrefix+"old")
	fresh := filepath.Join(dir, tempPrefix+"new")
	for _, p := range []string{stale, fresh} {
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * staleAfter)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale temp file still there (err %v)", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("fresh temp file removed: %v", err)
	}
}
