package parse

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.eml"))
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("Content-Type: multipart/mixed; boundary=a\n\n--a\nContent-Type: multipart/mixed; boundary=a\n\n--a--\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := Parse(bytes.NewReader(raw), nil, Options{MaxTextSize: 4096})
		if errors.Is(err, errInternal) {
			t.Fatalf("Parse(%q) panicked: %v", raw, err)
		}
		if (err == nil) == (m == nil) {
			t.Fatalf("Parse(%q) = %v, %v; want a message or an error", raw, m, err)
		}
		if m == nil {
			return
		}
		if len(m.Text) > 4096 || !utf8.ValidString(m.Text) || !utf8.ValidString(m.Subject) {
			t.Errorf("Parse(%q) Text %q / Subject %q: want valid UTF-8, at most 4096 bytes", raw, m.Text, m.Subject)
		}
		if m.Size != int64(len(raw)) {
			t.Errorf("Parse(%q).Size = %d, want %d", raw, m.Size, len(raw))
		}
		for _, a := range m.Attachments {
			if a.Name == "" || len(a.Name) > maxNameBytes || len(a.SHA256) != 64 {
				t.Errorf("Parse(%q) attachment %+v: want a name of 1-%d bytes and a sha256", raw, a, maxNameBytes)
			}
		}
	})
}
