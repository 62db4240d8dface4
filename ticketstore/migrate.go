package ticketstore

import (
	"bytes"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// migration upgrades a file from version `from` to from+1: start runs first, then each pass
// walks one bucket record by record, then finish runs. A migration may touch every record of a large store, so it
// runs in many transactions of at most migrationChunk records each: memory stays bounded
// (a transaction keeps every page it changes in memory until it commits). The version moves
// to from+1 in the transaction of the last chunk. A crash in between leaves the old version,
// and the next Open runs the migration again from its start, so every migration must give the
// same result when run on a file it has partly migrated already.
type migration struct {
	from   int
	name   string
	start  func(x *Tx) error
	passes []pass
	finish func(x *Tx) error // in the transaction that moves the version
}

// pass calls each for every record of bucket, in key order. each may rewrite the record it is
// given (the chunk's keys and values are copied before the first call). A missing bucket
// (one a new file never had) has no records.
type pass struct {
	bucket []byte
	each   func(x *Tx, k, v []byte) error
}

// migrations are applied in order at open. Version 0 is a new, empty file.
var migrations = []migration{
	{from: 0, name: "create buckets"},
	{from: 1, name: "ticket indexes by customer, assignee and update time; open set-asides; counters",
		start: func(x *Tx) error {
			// Rebuilt from the records: the status index too, so the counters agree with it.
			return x.recreate(bTicketState, bTicketCustomer, bTicketAssignee, bTicketUpdated, bSetAsideOpen, bCounts)
		},
		passes: []pass{
			{bTickets, func(x *Tx, k, v []byte) error {
				var t Ticket
				if err := decodeTicket(v, &t); err != nil {
					return fmt.Errorf("ticket %x: %w", k, err)
				}
				return x.indexTicket(&t, nil)
			}},
			{bSetAside, func(x *Tx, k, v []byte) error {
				var s SetAside
				if err := decodeSetAside(v, &s); err != nil {
					return fmt.Errorf("set-aside %x: %w", k, err)
				}
				return x.indexSetAside(&s, nil)
			}},
		}},
	{from: 2, name: "compact records: binary tickets, comments, raw-mail records and set-asides; raw bytes apart; binary hash keys",
		// The hash index moves to a new bucket with 32-byte keys. Filled from the old one in its
		// order, which is the new keys' order too (lower-case hex sorts as the bytes it spells),
		// so the new bucket is written front to back, a page at a time; inserting the keys as
		// the raw records come (in random hash order) touched a page per key and cost 180 MB
		// of memory on the ten-year desk. The old bucket stays until the last transaction, so
		// a cut-off migration starts again from intact records.
		start: func(x *Tx) error { return x.recreate(bRawHash) },
		finish: func(x *Tx) error {
			if x.tx.Bucket(bLegacyRawHash) == nil {
				return nil
			}
			return x.tx.DeleteBucket(bLegacyRawHash)
		},
		passes: []pass{
			{bTickets, func(x *Tx, k, v []byte) error {
				var t Ticket
				if err := decodeTicket(v, &t); err != nil {
					return fmt.Errorf("ticket %x: %w", k, err)
				}
				return x.tx.Bucket(bTickets).Put(k, encodeTicket(&t))
			}},
			{bComments, func(x *Tx, k, v []byte) error {
				var c Comment
				if err := decodeComment(v, &c); err != nil {
					return fmt.Errorf("comment %x: %w", k, err)
				}
				return x.tx.Bucket(bComments).Put(k, encodeComment(&c))
			}},
			{bRaw, func(x *Tx, k, v []byte) error {
				var r RawMessage
				if err := decodeRaw(v, &r); err != nil {
					return fmt.Errorf("raw message %x: %w", k, err)
				}
				return x.UpdateRaw(&r) // moves Data to raw_data
			}},
			{bLegacyRawHash, func(x *Tx, k, v []byte) error {
				return x.tx.Bucket(bRawHash).Put(hashKey(string(k)), v)
			}},
			{bSetAside, func(x *Tx, k, v []byte) error {
				var s SetAside
				if err := decodeSetAside(v, &s); err != nil {
					return fmt.Errorf("set-aside %x: %w", k, err)
				}
				return x.tx.Bucket(bSetAside).Put(k, encodeSetAside(&s))
			}},
		}},
	{from: 3, name: "outbox indexes by state and by sent time; outbox counters",
		// Rebuilt from the records on every run, so a run cut off between chunks starts over
		// cleanly. The outbox's ids ascend within each state and its sent times nearly so,
		// so every chunk appends to the ends of the new buckets.
		start: func(x *Tx) error {
			if err := x.recreate(bOutboxState, bOutboxSent); err != nil {
				return err
			}
			return x.clearOutboxCounts()
		},
		passes: []pass{
			{bOutbox, func(x *Tx, k, v []byte) error {
				var m OutboxMail
				if err := jsonUnmarshal(v, &m); err != nil {
					return fmt.Errorf("outbox %x: %w", k, err)
				}
				return x.indexOutbox(&m, nil)
			}},
		},
		// The sign for Counts that the outbox's counters are kept (counts.go).
		finish: func(x *Tx) error { return x.tx.Bucket(bCounts).Put([]byte(countOutbox), u64(1)) },
	},
}

// bLegacyRawHash is the hash index of versions 1 and 2 (hex keys), replaced by bRawHash.
var bLegacyRawHash = []byte("raw_hash")

// Chunks of a migration: whichever limit is reached first (variables for the tests). Measured
// migrating the ten-year desk from version 1: 5,000 records or 4 MiB per transaction peaked
// at 85 MB of anonymous memory, 1,000 or 1 MiB at 55 MB (58 s instead of 49 s).
var (
	migrationChunk      = 1000
	migrationChunkBytes = 1 << 20
)

// upgrade brings the file to SchemaVersion and reports whether it ran a migration. A file
// already there costs one read transaction: opening writes nothing (no commit, no fsync)
// unless there is something to do.
func (s *Store) upgrade() (migrated bool, err error) {
	version, complete := 0, true
	err = s.db.View(func(tx *bolt.Tx) error {
		if meta := tx.Bucket(bMeta); meta != nil && len(meta.Get(keySchema)) == 8 {
			version = int(binary.BigEndian.Uint64(meta.Get(keySchema)))
		}
		for _, b := range buckets {
			complete = complete && tx.Bucket(b) != nil
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	if version > SchemaVersion {
		return false, fmt.Errorf("schema version %d is newer than this program's %d: upgrade helpdesk", version, SchemaVersion)
	}
	if version == SchemaVersion && complete {
		return false, nil
	}
	if err := s.upgradeCreate(); err != nil {
		return false, err
	}
	for _, m := range migrations {
		if m.from < version {
			continue
		}
		if err := s.migrate(m); err != nil {
			return false, fmt.Errorf("migration %d (%s): %w", m.from, m.name, err)
		}
	}
	return version > 0, nil
}

// upgradeCreate creates the buckets a file lacks; migrations fill them.
func (s *Store) upgradeCreate() error {
	return s.db.Update(func(tx *bolt.Tx) error {
		for _, b := range buckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return fmt.Errorf("create bucket %s: %w", b, err)
			}
		}
		return nil
	})
}

// migrate runs one migration in chunks.
func (s *Store) migrate(m migration) error {
	update := s.Update
	setVersion := func(x *Tx) error {
		if m.finish != nil {
			if err := m.finish(x); err != nil {
				return err
			}
		}
		return x.tx.Bucket(bMeta).Put(keySchema, u64(uint64(m.from+1)))
	}
	err := update(func(x *Tx) error {
		if m.start != nil {
			if err := m.start(x); err != nil {
				return err
			}
		}
		if len(m.passes) == 0 {
			return setVersion(x)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, p := range m.passes {
		var after []byte
		for done := false; !done; {
			err := update(func(x *Tx) error {
				var err error
				after, done, err = x.migrateChunk(p, after)
				if err == nil && done && i == len(m.passes)-1 {
					err = setVersion(x)
				}
				return err
			})
			if err != nil {
				return fmt.Errorf("bucket %s after key %x: %w", p.bucket, after, err)
			}
		}
	}
	return nil
}

// migrateChunk runs p.each on the records after key `after` (nil: from the first), up to a
// chunk, and returns the last key it did and whether the bucket is done.
func (x *Tx) migrateChunk(p pass, after []byte) (last []byte, done bool, err error) {
	type kv struct{ k, v []byte }
	var chunk []kv
	size := 0
	b := x.tx.Bucket(p.bucket)
	if b == nil {
		return after, true, nil
	}
	c := b.Cursor()
	k, v := c.First()
	if after != nil {
		k, v = c.Seek(after)
		if bytes.Equal(k, after) {
			k, v = c.Next()
		}
	}
	for ; k != nil && len(chunk) < migrationChunk && size < migrationChunkBytes; k, v = c.Next() {
		if v == nil {
			continue // a nested bucket; records have values
		}
		chunk = append(chunk, kv{bytes.Clone(k), bytes.Clone(v)})
		size += len(k) + len(v)
	}
	done = k == nil
	for _, r := range chunk {
		if err := p.each(x, r.k, r.v); err != nil {
			return after, false, err
		}
		last = r.k
	}
	if last == nil {
		last = after
	}
	return last, done, nil
}

// recreate empties the given buckets.
func (x *Tx) recreate(names ...[]byte) error {
	for _, name := range names {
		if x.tx.Bucket(name) != nil {
			if err := x.tx.DeleteBucket(name); err != nil {
				return fmt.Errorf("empty bucket %s: %w", name, err)
			}
		}
		if _, err := x.tx.CreateBucket(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	setFill(x.tx) // the new buckets are new *Bucket values
	return nil
}
