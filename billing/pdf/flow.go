package pdf

// item is one block of the page flow: it has a height, draws itself at a given top, and says how
// it behaves at a page break.
type item struct {
	h    float64
	gap  float64 // space above, dropped at the top of a page
	draw func(c *canvas, top float64)

	table    bool // a part of the table: a page it starts repeats the column header
	group    int  // ticket index, for the "(continued)" group header; -1 outside a group
	header   bool // the group header itself
	keepNext bool // never the last item on a page (a header, a row before its subtotal)

	// split, when set, cuts the item between lines so that the head fits in avail; ok is false
	// when not even one line fits. Rows and paragraphs can be split, so that no text of any
	// length runs off a page; the flow only splits what would not fit on a page of its own.
	split func(avail float64) (head, tail item, ok bool)
}

// placed is an item at its position on a page.
type placed struct {
	it  item
	top float64
}

// flow breaks items into pages between top and bottom. Page 1 starts at firstTop. On a page a
// table part starts, the column header is repeated, and inside a ticket group the group's header
// too, marked as continued.
type flow struct {
	firstTop, nextTop, bottom float64
	tableHead                 func() item
	groupHead                 func(group int) item

	pages [][]placed
	y     float64
	fresh bool // nothing but repeated headers on the current page yet
}

func (f *flow) run(items []item) [][]placed {
	f.pages = [][]placed{nil}
	f.y, f.fresh = f.firstTop, true
	for i := 0; i < len(items); i++ {
		it := items[i]
		gap := it.gap
		if f.fresh {
			gap = 0
		}
		if f.y+gap+f.need(items, i) > f.bottom && !f.fresh {
			f.newPage(it)
			gap = 0
		}
		if f.y+gap+it.h > f.bottom {
			// An item that fits on a fresh page moves there whole; only one taller than a
			// page is split, using the room left here.
			if it.split != nil && it.h > f.bottom-f.nextTop-f.repeatedHeight(it) {
				if head, tail, ok := it.split(f.bottom - f.y - gap); ok {
					// The pieces keep the original's place in the table; only the tail
					// may be kept with what follows.
					head.table, head.group, head.header = it.table, it.group, it.header
					tail.table, tail.group, tail.header, tail.keepNext = it.table, it.group, it.header, it.keepNext
					f.place(head, gap)
					f.newPage(tail)
					items[i] = tail
					i-- // the tail goes through the same steps on the new page
					continue
				}
			}
			if !f.fresh {
				f.newPage(it)
				i--
				continue
			}
		}
		f.place(it, gap)
	}
	return f.pages
}

// need is the height item i must find on the page: its own, plus that of the items it is kept
// with (a column header, a group header, the first line of the first row). A chain taller than a
// fresh page is not kept together, or it would never fit.
func (f *flow) need(items []item, i int) float64 {
	h := items[i].h
	chain := h
	for j := i; items[j].keepNext && j+1 < len(items); j++ {
		next := items[j+1]
		if next.split != nil && next.h > f.bottom-f.nextTop-f.repeatedHeight(next) {
			// A row taller than a page will be split anyway: keep only its first line.
			chain += next.gap + minSplitHeight()
			break
		}
		chain += next.gap + next.h
	}
	if chain <= f.bottom-f.nextTop-f.repeatedHeight(items[i]) {
		return chain
	}
	return h
}

// minSplitHeight is what a split row needs at least: one line.
func minSplitHeight() float64 { return 2*rowPad + stCell.lineHeight() }

func (f *flow) repeatedHeight(it item) float64 {
	if !it.table {
		return 0
	}
	h := f.tableHead().h
	if it.group >= 0 && !it.header {
		h += f.groupHead(it.group).h
	}
	return h
}

func (f *flow) place(it item, gap float64) {
	n := len(f.pages) - 1
	f.pages[n] = append(f.pages[n], placed{it: it, top: f.y + gap})
	f.y += gap + it.h
	f.fresh = false
}

func (f *flow) newPage(next item) {
	f.pages = append(f.pages, nil)
	f.y = f.nextTop
	if next.table {
		f.place(f.tableHead(), 0)
		if next.group >= 0 && !next.header {
			f.place(f.groupHead(next.group), 0)
		}
	}
	f.fresh = true
}
