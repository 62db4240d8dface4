package ticketstore

import (
	"path/filepath"
	"sort"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// Open creates every bucket of the list, and nothing else.
func TestOpenCreatesBuckets(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "b.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var got, want []string
	for _, b := range buckets {
		want = append(want, string(b))
	}
	s.db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
			got = append(got, string(name))
			return nil
		})
	})
	sort.Strings(want)
	if len(got) != len(want) {
		t.Fatalf("buckets = %q, want %q", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("buckets = %q, want %q", got, want)
		}
	}
}
