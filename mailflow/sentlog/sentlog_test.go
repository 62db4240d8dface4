package sentlog

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

var t0 = time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)

func entries(ids ...uint64) []Entry {
	out := make([]Entry, len(ids))
	for i, id := range ids {
		out[i] = Entry{ID: id, At: t0.Add(time.Duration(id) * time.Second)}
	}
	return out
}

func open(t *testing.T, path string) *Log {
	t.Helper()
	l, err := Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// logged returns the IDs l holds, checking that View agrees with them.
func logged(t *testing.T, l *Log) []uint64 {
	t.Helper()
	l.mu.RLock()
	var ids []uint64
	for _, e := range l.entries {
		ids = append(ids, e.ID)
	}
	l.mu.RUnlock()
	if n := l.Len(); n != len(ids) {
		t.Errorf("Len = %d, want %d", n, len(ids))
	}
	err := l.View(func(has func(uint64) bool) error {
		for _, id := range ids {
			if !has(id) {
				t.Errorf("View: has(%d) = false for a logged entry", id)
			}
		}
		if has(999999) {
			t.Error("View: has(999999) = true")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestAppendSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sent.log")
	l := open(t, path)
	if err := l.Append(entries(1, 2)); err != nil {
		t.Fatal(err)
	}
	if err := l.Append(entries(5)); err != nil {
		t.Fatal(err)
	}
	l.Close()

	l = open(t, path)
	if got, want := logged(t, l), []uint64{1, 2, 5}; !slices.Equal(got, want) {
		t.Fatalf("after reopen: %v, want %v", got, want)
	}
	l.mu.RLock()
	at := l.entries[2].At
	l.mu.RUnlock()
	if !at.Equal(t0.Add(5 * time.Second)) {
		t.Errorf("sent time of 5 = %v, want %v", at, t0.Add(5*time.Second))
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() != preallocate {
		t.Errorf("file size = %v (%v), want the preallocated %d", fi.Size(), err, preallocate)
	}
}

func TestFoldStartsANewRound(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sent.log")
	l := open(t, path)
	if err := l.Append(entries(1, 2, 3, 4)); err != nil {
		t.Fatal(err)
	}
	var folded []uint64
	if err := l.Fold(func(es []Entry) error {
		for _, e := range es {
			folded = append(folded, e.ID)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if want := []uint64{1, 2, 3, 4}; !slices.Equal(folded, want) {
		t.Fatalf("Fold applied %v, want %v", folded, want)
	}
	if got := logged(t, l); len(got) != 0 {
		t.Fatalf("after Fold: %v, want none", got)
	}
	// The next round writes over the first records only; the rest of the old round must not
	// come back.
	if err := l.Append(entries(7)); err != nil {
		t.Fatal(err)
	}
	l.Close()
	l = open(t, path)
	if got, want := logged(t, l), []uint64{7}; !slices.Equal(got, want) {
		t.Fatalf("after fold, append and reopen: %v, want %v", got, want)
	}
}

// A crash after a fold and before the next append folds the old round again: harmless, since
// a sent mail stays sent, and documented.
func TestFoldWithoutNextRoundReplays(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sent.log")
	l := open(t, path)
	if err := l.Append(entries(1, 2)); err != nil {
		t.Fatal(err)
	}
	if err := l.Fold(func([]Entry) error { return nil }); err != nil {
		t.Fatal(err)
	}
	l.Close()
	l = open(t, path)
	if got, want := logged(t, l), []uint64{1, 2}; !slices.Equal(got, want) {
		t.Fatalf("reopen after fold: %v, want the old round %v again", got, want)
	}
	// Folding it and starting a round ends it for good.
	if err := l.Fold(func([]Entry) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if err := l.Append(entries(3)); err != nil {
		t.Fatal(err)
	}
	l.Close()
	if got, want := logged(t, open(t, path)), []uint64{3}; !slices.Equal(got, want) {
		t.Fatalf("second reopen: %v, want %v", got, want)
	}
}

func TestFailedFoldKeepsEntries(t *testing.T) {
	l := open(t, filepath.Join(t.TempDir(), "sent.log"))
	if err := l.Append(entries(1, 2)); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("store full")
	if err := l.Fold(func([]Entry) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("Fold = %v, want %v", err, boom)
	}
	if got, want := logged(t, l), []uint64{1, 2}; !slices.Equal(got, want) {
		t.Fatalf("after a failed fold: %v, want %v", got, want)
	}
}

func TestTornTailIsDropped(t *testing.T) {
	for _, tc := range []struct {
		name string
		tear func(data []byte) // data holds three records
	}{
		{"half-written third record", func(d []byte) { clear(d[2*recordSize+10 : 3*recordSize]) }},
		{"flipped bit in the third", func(d []byte) { d[2*recordSize+3] ^= 1 }},
		{"zeroed third", func(d []byte) { clear(d[2*recordSize : 3*recordSize]) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "sent.log")
			l := open(t, path)
			if err := l.Append(entries(1, 2, 3)); err != nil {
				t.Fatal(err)
			}
			l.Close()
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			tc.tear(data)
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
			l = open(t, path)
			if got, want := logged(t, l), []uint64{1, 2}; !slices.Equal(got, want) {
				t.Fatalf("after tearing: %v, want %v", got, want)
			}
			// Appending goes on after the last good record.
			if err := l.Append(entries(4)); err != nil {
				t.Fatal(err)
			}
			l.Close()
			if got, want := logged(t, open(t, path)), []uint64{1, 2, 4}; !slices.Equal(got, want) {
				t.Fatalf("after append and reopen: %v, want %v", got, want)
			}
		})
	}
}

func TestClosed(t *testing.T) {
	l := open(t, filepath.Join(t.TempDir(), "sent.log"))
	l.Close()
	if err := l.Append(entries(1)); err == nil {
		t.Error("Append after Close: no error")
	}
	if err := l.Fold(func([]Entry) error { return nil }); err == nil {
		t.Error("Fold after Close: no error")
	}
	if err := l.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// FuzzOpen: whatever the file holds, Open neither panics nor returns an entry with ID 0, and
// what it returns survives an append and a reopen.
func FuzzOpen(f *testing.F) {
	rec := make([]byte, 2*recordSize)
	encode(rec, Entry{ID: 1, At: t0}, 3)
	encode(rec[recordSize:], Entry{ID: 2, At: t0}, 4)
	f.Add(rec)
	f.Add([]byte{})
	f.Add(rec[:recordSize+5])
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "sent.log")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		l, err := Open(path)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		before := logged(t, l)
		if slices.Contains(before, 0) {
			t.Fatalf("entry with ID 0 in %v", before)
		}
		if err := l.Append(entries(42)); err != nil {
			t.Fatal(err)
		}
		l.Close()
		l, err = Open(path)
		if err != nil {
			t.Fatalf("reopen: %v", err)
		}
		defer l.Close()
		if got, want := logged(t, l), append(before, 42); !slices.Equal(got, want) {
			t.Fatalf("after append and reopen: %v, want %v", got, want)
		}
	})
}
