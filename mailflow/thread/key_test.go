package thread

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestLoadKeyCreatesOnce(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", "keys")
	path := filepath.Join(dir, "reply.key")
	if _, err := LoadKey(path); !errors.Is(err, ErrNoKey) {
		t.Fatalf("LoadKey(%q) before creation = %v, want ErrNoKey", path, err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("LoadKey created %s", path)
	}
	k1, err := LoadOrCreateKey(path)
	if err != nil {
		t.Fatalf("LoadKey(%q) first call: %v", path, err)
	}
	if len(k1) != newKeyLen {
		t.Errorf("LoadKey(%q) = %d bytes, want %d", path, len(k1), newKeyLen)
	}
	k2, err := LoadOrCreateKey(path)
	if err != nil {
		t.Fatalf("LoadKey(%q) second call: %v", path, err)
	}
	if !bytes.Equal(k1, k2) {
		t.Errorf("LoadKey(%q) second call = %x, want the first key %x", path, k2, k1)
	}
	if runtime.GOOS != "windows" {
		for _, c := range []struct {
			path string
			mode os.FileMode
		}{{path, 0o600}, {dir, 0o700}} {
			fi, err := os.Stat(c.path)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != c.mode {
				t.Errorf("mode of %s = %o, want %o", c.path, got, c.mode)
			}
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("%s holds %d entries, want only the key file (no temp files left)", dir, len(entries))
	}
}

func TestLoadKeyExisting(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		content []byte
		ok      bool
	}{
		{"empty", nil, false},
		{"short", bytes.Repeat([]byte{1}, MinKeyLen-1), false},
		{"minimum", bytes.Repeat([]byte{1}, MinKeyLen), true},
		{"long", bytes.Repeat([]byte{2}, 64), true},
	}
	for _, tt := range tests {
		path := filepath.Join(dir, tt.name)
		if err := os.WriteFile(path, tt.content, 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := LoadKey(path)
		if (err == nil) != tt.ok {
			t.Errorf("%s: LoadKey = %x, %v; want ok %v", tt.name, got, err, tt.ok)
			continue
		}
		if tt.ok && !bytes.Equal(got, tt.content) {
			t.Errorf("%s: LoadKey = %x, want %x", tt.name, got, tt.content)
		}
		if after, _ := os.ReadFile(path); !bytes.Equal(after, tt.content) {
			t.Errorf("%s: key file changed to %x, want it left as %x", tt.name, after, tt.content)
		}
	}
}

func TestLoadKeyUnreadable(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadKey(dir); err == nil {
		t.Errorf("LoadKey(%q) on a directory: want an error", dir)
	}
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if k, err := LoadKey(filepath.Join(file, "key")); err == nil {
		t.Errorf("LoadKey below a file = %x, want an error", k)
	}
}
