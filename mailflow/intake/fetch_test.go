package intake

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-imap/v2"
)

func TestLargeMailIsSpooledAndRemoved(t *testing.T) {
	s := newServer(t, fullCaps)
	small, large := mail(1, 1000), mail(2, 300<<10)
	s.append(t, "INBOX", small)
	s.append(t, "INBOX", large)
	cfg := testConfig(t, s)

	var mu sync.Mutex
	var problems []string
	var spooled string
	rec := &recorder{decide: func(_ int, batch []*Fetched) (map[imap.UID]string, error) {
		mu.Lock()
		defer mu.Unlock()
		for _, f := range batch {
			inMemory := f.path == "" && f.data != nil
			switch f.UID {
			case 1:
				if !inMemory {
					problems = append(problems, fmt.Sprintf("uid 1 (%d bytes): path %q, want kept in memory", len(small), f.path))
				}
			case 2:
				if f.data != nil || filepath.Dir(f.path) != cfg.SpoolDir {
					problems = append(problems, fmt.Sprintf("uid 2 (%d bytes): path %q, want a file in %s", len(large), f.path, cfg.SpoolDir))
				}
				spooled = f.path
			}
			if f.Size <= 0 || f.InternalDate.IsZero() {
				problems = append(problems, fmt.Sprintf("uid %d: Size %d, InternalDate %v, want both set", f.UID, f.Size, f.InternalDate))
			}
		}
		return map[imap.UID]string{1: "Processed", 2: "Processed"}, nil
	}}
	start(t, cfg, rec)
	eventually(t, "both mails moved", func() bool { return s.count(t, "Processed") == 2 })

	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Error(p)
	}
	if got := rec.body(2); !bytes.Equal(got, large) {
		t.Errorf("Open() of the spooled mail returned %d bytes, want the exact %d appended", len(got), len(large))
	}
	if got := rec.body(1); !bytes.Equal(got, small) {
		t.Errorf("Open() of the small mail = %q, want %q", got, small)
	}
	if spooled == "" {
		t.Fatal("large mail was never spooled")
	}
	if _, err := os.Stat(spooled); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("spool file %s after Handle: stat error %v, want not exist", spooled, err)
	}
	if left, _ := os.ReadDir(cfg.SpoolDir); len(left) != 0 {
		t.Errorf("spool dir holds %d files after processing, want 0", len(left))
	}
}

func TestTooLargeMailIsHandedHeaderOnly(t *testing.T) {
	s := newServer(t, fullCaps)
	small, big := mail(1, 2000), mail(2, 20000)
	s.append(t, "INBOX", small)
	s.append(t, "INBOX", big)
	cfg := testConfig(t, s)
	cfg.MaxMessageSize = 10000

	type seen struct {
		tooLarge bool
		size     int64
	}
	var mu sync.Mutex
	got := map[imap.UID]seen{}
	rec := &recorder{decide: func(_ int, batch []*Fetched) (map[imap.UID]string, error) {
		mu.Lock()
		defer mu.Unlock()
		dest := map[imap.UID]string{}
		for _, f := range batch {
			got[f.UID] = seen{f.TooLarge, f.Size}
			dest[f.UID] = "Processed"
			if f.TooLarge {
				dest[f.UID] = "SetAside"
			}
		}
		return dest, nil
	}}
	start(t, cfg, rec)
	eventually(t, "both mails moved", func() bool { return s.count(t, "Processed")+s.count(t, "SetAside") == 2 })

	mu.Lock()
	defer mu.Unlock()
	want := map[imap.UID]seen{1: {false, int64(len(small))}, 2: {true, int64(len(big))}}
	for uid, w := range want {
		if got[uid] != w {
			t.Errorf("uid %d: (TooLarge, Size) = %v, want %v", uid, got[uid], w)
		}
	}
	header := big[:bytes.Index(big, []byte("\r\n\r\n"))+4]
	if b := rec.body(2); !bytes.Equal(b, header) {
		t.Errorf("Open() of the too-large mail = %q, want only its header %q", b, header)
	}
	if b := rec.body(1); !bytes.Equal(b, small) {
		t.Errorf("Open() of the small mail returned %d bytes, want %d", len(b), len(small))
	}
	if n := s.count(t, "SetAside"); n != 1 {
		t.Errorf("SetAside holds %d mails, want 1", n)
	}
}

func TestFetchedOpen(t *testing.T) {
	dir := t.TempDir()
	content := strings.Repeat("Zeile\r\n", 100000) // 700 KB: above the memory limit
	tests := []struct {
		name    string
		content string
		spooled bool
	}{
		{"empty", "", false},
		{"small in memory", "Subject: x\r\n\r\nhi\r\n", false},
		{"large spooled", content, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &Fetched{UID: 7}
			if err := f.readLiteral(strings.NewReader(tt.content), dir); err != nil {
				t.Fatalf("readLiteral: %v", err)
			}
			if got := f.path != ""; got != tt.spooled {
				t.Errorf("spooled = %v, want %v", got, tt.spooled)
			}
			rc, err := f.Open()
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil || string(b) != tt.content {
				t.Errorf("Open() read %d bytes (err %v), want the %d written", len(b), err, len(tt.content))
			}
			path := f.path
			if err := f.release(); err != nil {
				t.Errorf("release: %v", err)
			}
			if path != "" {
				if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("spool file after release: stat error %v, want not exist", err)
				}
			}
		})
	}
}

// failingReader reports a literal of size bytes but fails half way.
type failingReader struct{ size, read int64 }

func (r *failingReader) Size() int64 { return r.size }
func (r *failingReader) Read(p []byte) (int, error) {
	if r.read >= r.size/2 {
		return 0, io.ErrUnexpectedEOF
	}
	n := min(int64(len(p)), r.size/2-r.read)
	r.read += n
	return int(n), nil
}

func TestReadLiteralErrorIsReported(t *testing.T) {
	for _, size := range []int64{1000, 1 << 20} {
		f := &Fetched{UID: 3}
		err := f.readLiteral(&failingReader{size: size}, t.TempDir())
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("readLiteral(size %d, broken) = %v, want ErrUnexpectedEOF", size, err)
		}
		if err := f.release(); err != nil {
			t.Errorf("release after error: %v", err)
		}
	}
}
