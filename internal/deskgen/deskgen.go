// Package deskgen writes a store that looks like a help desk after years of use, for benchmarks:
// tickets of ~200 customers spread over the years with their comments, the raw mails they came
// from, mail that was set aside, and the outbox history. Content is deterministic (one seed), so
// figures from two runs compare. It writes through ticketstore's public Tx API, in large
// transactions without fsync, as the intake would have over the years.
package deskgen

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"helpdesk/ticketstore"
)

// Version changes when the generator writes different content for the same Spec, so cached
// stores (Ensure) are rebuilt.
const Version = 2

// Spec says how big the desk is.
type Spec struct {
	Tickets int // tickets in all
	// Comments, Raw and Outbox are totals; the newest tickets' later comments and mails, due
	// after End, are not written, so a desk holds slightly fewer (Result says how many).
	Comments   int    // comments in all, at least one per ticket (the first mail)
	Raw        int    // raw mails in all: the customers' mails on tickets, the rest set aside or duplicates
	Outbox     int    // outgoing mails in all (confirmations first, then answers), nearly all sent
	Customers  int    // customer numbers the tickets are spread over (a few big ones, many small)
	Techs      int    // technicians tickets are assigned to
	Years      int    // the span the tickets are created over, ending at End
	RawSize    int    // bytes of a raw mail (small mails, stored inline)
	OutboxSize int    // bytes of an outgoing mail
	Seed       uint64 // content seed
	// End is when the last ticket is created; zero: 2026-12-01 UTC.
	End time.Time
	// TicketsPerTx bounds one transaction; zero: 1,000 tickets with their mails.
	TicketsPerTx int
}

// TenYears is the desk of issue 9: 100,000 tickets, 400,000 comments, 1,000,000 small raw
// mails and 200,000 outgoing mails over ten years, 200 customers.
func TenYears() Spec {
	return Spec{Tickets: 100_000, Comments: 400_000, Raw: 1_000_000, Outbox: 200_000, Customers: 200, Techs: 12,
		Years: 10, RawSize: 400, OutboxSize: 2500, Seed: 1}
}

// Scaled returns s with every count multiplied by f (at least one ticket), for smaller or
// larger desks of the same shape.
func (s Spec) Scaled(f float64) Spec {
	sc := func(n int) int { return int(float64(n) * f) }
	s.Tickets, s.Comments, s.Raw, s.Outbox = max(1, sc(s.Tickets)), sc(s.Comments), sc(s.Raw), sc(s.Outbox)
	return s
}

func (s Spec) check() error {
	var errs []error
	if s.Tickets <= 0 {
		errs = append(errs, errors.New("tickets: want at least 1"))
	}
	if s.Comments < s.Tickets {
		errs = append(errs, fmt.Errorf("comments %d: want at least one per ticket (%d)", s.Comments, s.Tickets))
	}
	if s.Customers <= 0 || s.Techs <= 0 || s.Years <= 0 {
		errs = append(errs, errors.New("customers, techs, years: want at least 1"))
	}
	if s.Raw < 0 || s.Outbox < 0 || s.RawSize < 0 || s.OutboxSize < 0 {
		errs = append(errs, errors.New("raw, outbox and sizes: want no negative numbers"))
	}
	return errors.Join(errs...)
}

// Result counts what Build wrote.
type Result struct {
	Tickets, Comments, Raw, SetAside, Released, Outbox, OutboxPending, OutboxFailed int
	ByStatus                                                                        map[ticketstore.Status]int
	Elapsed                                                                         time.Duration
}

// Build writes a new store at path (which must not exist) holding the desk s describes.
func Build(path string, s Spec) (Result, error) {
	if err := s.check(); err != nil {
		return Result{}, fmt.Errorf("deskgen: %w", err)
	}
	if _, err := os.Stat(path); err == nil {
		return Result{}, fmt.Errorf("deskgen: %s exists", path)
	}
	start := time.Now()
	st, err := ticketstore.Open(path, &ticketstore.Options{NoSync: true})
	if err != nil {
		return Result{}, fmt.Errorf("deskgen: %w", err)
	}
	g := newGen(s)
	for g.next < s.Tickets {
		if err := st.Update(g.batch); err != nil {
			st.Close()
			return g.res, fmt.Errorf("deskgen: tickets from %d: %w", g.next, err)
		}
	}
	if err := st.Close(); err != nil {
		return g.res, fmt.Errorf("deskgen: close: %w", err)
	}
	g.res.Elapsed = time.Since(start)
	return g.res, nil
}

// Ensure returns the path of a store built from s in dir, building it when it is missing. The
// name holds the spec, the generator's Version and the store's schema version, so a cached file
// is reused only when it would be written the same way.
func Ensure(dir string, s Spec) (string, error) {
	h := sha256.Sum256(fmt.Appendf(nil, "%+v", s))
	path := filepath.Join(dir, fmt.Sprintf("desk-v%d-s%d-%x.db", Version, ticketstore.SchemaVersion, h[:8]))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	tmp := path + ".building"
	os.Remove(tmp)
	if _, err := Build(tmp, s); err != nil {
		os.Remove(tmp)
		return "", err
	}
	if err := os.Rename(tmp, path); err != nil {
		return "", fmt.Errorf("deskgen: %w", err)
	}
	return path, nil
}

// Customer returns the customer number of customer i (0 <= i < Spec.Customers).
func Customer(i int) string { return fmt.Sprintf("K-%05d", 10001+i) }

// Tech returns the id of technician i.
func Tech(i int) string { return fmt.Sprintf("tech%02d", i+1) }

func sha(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x6465736b67656e)) }
