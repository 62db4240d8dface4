package daemon

// pager passes a listing's items on to emit until the limit and remembers the cursor of the
// last one, so that the listing's trailer can say where the next page begins.
type pager[T any] struct {
	limit  int // 0: no limit
	n      int
	last   string
	more   bool
	emit   func(T) error
	cursor func(T) string
}

// push emits item unless the page is full; stop says the listing is done (the page is full,
// or emit failed).
func (p *pager[T]) push(item T) (stop bool, err error) {
	if p.limit > 0 && p.n == p.limit {
		p.more = true
		return true, nil
	}
	if err := p.emit(item); err != nil {
		return true, err
	}
	p.n++
	p.last = p.cursor(item)
	return false, nil
}

// chunkSize is how many records the next read transaction should read: a page that is nearly
// full needs only one more than it lacks, to tell whether there is a next page.
func (p *pager[T]) chunkSize() int {
	if p.limit > 0 {
		return min(streamChunk, p.limit-p.n+1)
	}
	return streamChunk
}

// page is the listing's trailer.
func (p *pager[T]) page() Page {
	if p.more {
		return Page{Next: p.last}
	}
	return Page{}
}
