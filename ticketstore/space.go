package ticketstore

import (
	"fmt"
	"io"
	"os"
	"sort"
	"text/tabwriter"

	bolt "go.etcd.io/bbolt"
)

// Space is where the bytes of a store file go: per bucket, and what bbolt keeps free.
// It answers "why is the file this big", so changes to the layout are made on figures.
type Space struct {
	File      int64 // size of the file
	PageSize  int
	FreePages int // pages on the freelist (reusable, still part of the file)
	Pending   int // pages freed by transactions that readers may still see
	Buckets   []BucketSpace
}

// BucketSpace is the share of one bucket.
type BucketSpace struct {
	Name      string
	Keys      int
	Data      int64 // bytes of keys and values as stored
	InUse     int64 // bytes of the bucket's pages in use: Data plus bbolt's element headers
	Allocated int64 // bytes of the pages the bucket holds (Allocated-InUse is left empty by page splits)
	Pages     int   // pages the bucket holds, overflow pages included
	Depth     int
}

// Fill is InUse/Allocated: how full the bucket's pages are.
func (b BucketSpace) Fill() float64 {
	if b.Allocated == 0 {
		return 0
	}
	return float64(b.InUse) / float64(b.Allocated)
}

// SpaceReport walks every bucket of the store in one read transaction. It reads the whole file,
// so it is a diagnostic for operators and benchmarks, never something a request calls.
func (s *Store) SpaceReport() (Space, error) {
	sp := Space{PageSize: s.db.Info().PageSize}
	if fi, err := os.Stat(s.db.Path()); err == nil {
		sp.File = fi.Size()
	}
	st := s.db.Stats()
	sp.FreePages, sp.Pending = st.FreePageN, st.PendingPageN
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			bs := b.Stats()
			one := BucketSpace{
				Name:      string(name),
				Keys:      bs.KeyN,
				InUse:     int64(bs.LeafInuse + bs.BranchInuse),
				Allocated: int64(bs.LeafAlloc + bs.BranchAlloc),
				Pages:     bs.LeafPageN + bs.LeafOverflowN + bs.BranchPageN + bs.BranchOverflowN,
				Depth:     bs.Depth,
			}
			err := b.ForEach(func(k, v []byte) error {
				one.Data += int64(len(k) + len(v))
				return nil
			})
			if err != nil {
				return fmt.Errorf("bucket %s: %w", name, err)
			}
			sp.Buckets = append(sp.Buckets, one)
			return nil
		})
	})
	sort.Slice(sp.Buckets, func(i, j int) bool { return sp.Buckets[i].Allocated > sp.Buckets[j].Allocated })
	return sp, err
}

// WriteTable prints the report as a table, largest bucket first; per is the number of
// records (e.g. tickets) to divide by for a "bytes per record" column, 0 to leave it out.
func (sp Space) WriteTable(w io.Writer, per int) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	perHdr := ""
	if per > 0 {
		perHdr = "\tB/record"
	}
	fmt.Fprintf(tw, "bucket\tkeys\tdata MB\tin use MB\tallocated MB\tfill%s\t\n", perHdr)
	var alloc int64
	for _, b := range sp.Buckets {
		alloc += b.Allocated
		perCol := ""
		if per > 0 {
			perCol = fmt.Sprintf("\t%.0f", float64(b.Allocated)/float64(per))
		}
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.1f\t%.1f\t%.2f%s\t\n", b.Name, b.Keys, mb(b.Data), mb(b.InUse), mb(b.Allocated), b.Fill(), perCol)
	}
	free := int64(sp.FreePages+sp.Pending) * int64(sp.PageSize)
	other := sp.File - alloc - free // meta pages, the freelist itself, and the unused tail bbolt grows the file by
	for _, row := range []struct {
		name  string
		bytes int64
	}{{"(free pages)", free}, {"(other)", other}, {"file", sp.File}} {
		perCol := ""
		if per > 0 {
			perCol = fmt.Sprintf("\t%.0f", float64(row.bytes)/float64(per))
		}
		fmt.Fprintf(tw, "%s\t\t\t\t%.1f\t%s\t\n", row.name, mb(row.bytes), perCol)
	}
	return tw.Flush()
}

func mb(n int64) float64 { return float64(n) / 1e6 }

// FreeBytes returns the bytes of the file's free pages (reusable, and listed again in every
// commit) and the file's size, read in O(1) from bbolt's statistics of the last commit.
func (s *Store) FreeBytes() (free, file int64) {
	st := s.db.Stats()
	free = int64(st.FreePageN+st.PendingPageN) * int64(s.db.Info().PageSize)
	if fi, err := os.Stat(s.db.Path()); err == nil {
		file = fi.Size()
	}
	return free, file
}
