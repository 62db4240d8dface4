package pdf

import (
	"fmt"
	"strings"
	"testing"
)

// Synthetic items whose draw writes their name, so a test reads the pages as lists of names.

var drawn *strings.Builder

func named(name string, h float64) item {
	return item{h: h, group: -1, draw: func(*canvas, float64) { drawn.WriteString(" " + name) }}
}

func testFlow() flow {
	return flow{
		firstTop: 50, nextTop: 10, bottom: 100,
		tableHead: func() item { it := named("HEAD(rep)", 5); it.keepNext = true; return it },
		groupHead: func(g int) item {
			it := named(fmt.Sprintf("G%d(cont)", g), 5)
			it.table, it.group, it.header, it.keepNext = true, g, true, true
			return it
		},
	}
}

// layoutOf draws the pages into a text: one line per page, the names of its items.
func layoutOf(pages [][]placed) string {
	var b strings.Builder
	drawn = &b
	for n, page := range pages {
		fmt.Fprintf(&b, "p%d:", n+1)
		for _, p := range page {
			p.it.draw(nil, p.top)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestFlowBreaksTable(t *testing.T) {
	f := testFlow()
	head := named("HEAD", 5)
	head.keepNext = true
	items := []item{head}
	for g := 0; g < 2; g++ {
		gh := named(fmt.Sprintf("G%d", g), 5)
		gh.table, gh.group, gh.header, gh.keepNext, gh.gap = true, g, true, true, 2
		items = append(items, gh)
		for r := 0; r < 4; r++ {
			it := named(fmt.Sprintf("r%d.%d", g, r), 10)
			it.table, it.group, it.keepNext = true, g, r == 3
			items = append(items, it)
		}
		st := named(fmt.Sprintf("S%d", g), 4)
		st.table, st.group = true, g
		items = append(items, st)
	}
	pages := f.run(items)
	// Page 1 holds 50 mm: the head, G0 and three rows. The fourth row is kept with its subtotal,
	// so both go to page 2 under the repeated column and group headers.
	want := "" +
		"p1: HEAD G0 r0.0 r0.1 r0.2\n" +
		"p2: HEAD(rep) G0(cont) r0.3 S0 G1 r1.0 r1.1 r1.2 r1.3 S1\n"
	if got := layoutOf(pages); got != want {
		t.Errorf("pages:\n%s\nwant:\n%s", got, want)
	}
	for n, page := range pages {
		for _, p := range page {
			if p.top+p.it.h > f.bottom+0.01 {
				t.Errorf("page %d: item at %.1f, %.1f high, runs past the bottom %v", n+1, p.top, p.it.h, f.bottom)
			}
		}
	}
	// The gap above G1 is kept mid-page; the one above a page's first item would be dropped.
	if p := pages[1][4]; p.top != pages[1][3].top+4+2 {
		t.Errorf("G1 at %.1f, want 2 mm below S0", p.top)
	}
}

func TestFlowGroupHeaderNotOrphaned(t *testing.T) {
	f := testFlow()
	filler := named("filler", 44) // leaves 6 mm on page 1: room for a group header, not for its row
	gh := f.groupHead(0)
	row := named("row", 10)
	row.table, row.group = true, 0
	pages := f.run([]item{filler, gh, row})
	if len(pages) != 2 || len(pages[0]) != 1 {
		t.Fatalf("the group header stayed on page 1 without its row: %d pages, %d items on page 1", len(pages), len(pages[0]))
	}
	if !pages[1][1].it.header || pages[1][1].it.group != 0 {
		t.Errorf("page 2 does not start with the group header after the column header")
	}
}

// TestFlowSplitsTallRow feeds a row taller than a page: it must be cut between lines, every
// piece must fit, and no line may be lost.
func TestFlowSplitsTallRow(t *testing.T) {
	const lh, lines = 4.0, 60 // 240 mm of text, the page body holds 90
	var mk func(n int) item
	mk = func(n int) item {
		it := named("rows", float64(n)*lh)
		it.table, it.group = true, 0
		it.split = func(avail float64) (item, item, bool) {
			k := int(avail / lh)
			if k < 1 || k >= n {
				return item{}, item{}, false
			}
			return mk(k), mk(n - k), true
		}
		return it
	}
	f := testFlow()
	pages := f.run([]item{f.groupHead(0), mk(lines)})
	total := 0
	for n, page := range pages {
		for _, p := range page {
			if p.top+p.it.h > f.bottom+0.01 {
				t.Errorf("page %d: a piece runs past the bottom", n+1)
			}
			if p.it.table && !p.it.header { // not the repeated headers
				total += int(p.it.h/lh + 0.5)
			}
		}
	}
	if total != lines {
		t.Errorf("pieces hold %d lines, want %d", total, lines)
	}
	if len(pages) < 3 {
		t.Errorf("%d pages for 240 mm of text in 90 mm per page", len(pages))
	}
	for n, page := range pages[1:] {
		if !page[1].it.header {
			t.Errorf("page %d does not repeat the group header", n+2)
		}
	}
}

// TestFlowOversizeTerminates: an item taller than a page that cannot be split is placed rather
// than looping forever.
func TestFlowOversizeTerminates(t *testing.T) {
	f := testFlow()
	pages := f.run([]item{named("a", 30), named("huge", 500), named("b", 10)})
	if got, want := layoutOf(pages), "p1: a\np2: huge\np3: b\n"; got != want {
		t.Errorf("pages:\n%s\nwant:\n%s", got, want)
	}
}
