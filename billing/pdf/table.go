package pdf

import "math"

// The table: a column header, then per ticket a group header, one row per entry (with its travel
// on a line of its own) and a subtotal.

// line is one line of a cell in its own style.
type line struct {
	s  string
	st style
}

// Columns of the table.
const (
	cDate = iota
	cTech
	cActivity
	cRecorded
	cBilled
	cBilling
	cAmount
	numCols
)

// cells are the lines of a row's columns.
type cells [numCols][]line

var (
	colX     = [numCols + 1]float64{colDate, colTech, colActivity, colRecorded, colBilled, colBilling, colAmount, colEnd}
	colRight = [numCols]bool{cRecorded: true, cBilled: true, cAmount: true}
)

func colWidth(i int) float64 { return colX[i+1] - colX[i] - 2*cellPad }

func (cs *cells) height() int {
	n := 1
	for _, c := range cs {
		n = max(n, len(c))
	}
	return n
}

// lines wraps text into column col in style st.
func (d *doc) lines(col int, text string, st style) []line {
	var out []line
	for _, s := range wrap(text, colWidth(col), d.measure(st)) {
		out = append(out, line{s, st})
	}
	return out
}

func (d *doc) tableHead() item {
	lb := d.lb
	titles := [numCols]string{lb.colDate, lb.colTechnician, lb.colActivity, lb.colRecorded, lb.colBilled, lb.colBilling, lb.colAmount}
	// Titles stay on one line: a right-aligned one may reach into the padding of its left
	// neighbour, which is better than "Recorde/d".
	var cs cells
	for i, t := range titles {
		cs[i] = []line{{t, stHead}}
	}
	it := d.row(cs, grayHeadFill)
	it.keepNext = true
	return it
}

func (d *doc) groupHead(g int, continued bool) item {
	t := d.r.Tickets[g]
	text := "Ticket " + clean(t.Number)
	if s := clean(t.Subject); s != "" {
		text += " · " + s
	}
	// The subject may be cut, the continuation mark never: it goes on the last line kept, or
	// on one of its own.
	width, measure := contentW-2*cellPad, d.measure(stGroup)
	lines := limit(wrap(text, width, measure), 3, width, measure)
	if continued {
		last := lines[len(lines)-1] + " " + d.lb.continued
		if measure(last) <= width {
			lines[len(lines)-1] = last
		} else {
			lines = append(lines, d.lb.continued)
		}
	}
	lh := stGroup.lineHeight()
	h := 2*rowPad + float64(len(lines))*lh
	return item{
		h: h, table: true, group: g, header: true, keepNext: true,
		draw: func(c *canvas, top float64) {
			c.fill(left, top, contentW, h, grayGroupFill)
			for k, s := range lines {
				c.text(stGroup, left+cellPad, top+rowPad+float64(k)*lh+stGroup.ascent(), s)
			}
		},
	}
}

// row lays out cells; fill is the background grey, 0 for none. Rows taller than the space left
// on a page split between lines.
func (d *doc) row(cs cells, fill uint8) item {
	lh := stCell.lineHeight()
	n := cs.height()
	h := 2*rowPad + float64(n)*lh
	it := item{
		h: h, table: true, group: -1,
		draw: func(c *canvas, top float64) {
			if fill != 0 {
				c.fill(left, top, contentW, h, fill)
			}
			for col, cell := range cs {
				for k, ln := range cell {
					y := top + rowPad + float64(k)*lh + stCell.ascent()
					if colRight[col] {
						c.textRight(ln.st, left+colX[col+1]-cellPad, y, ln.s)
					} else {
						c.text(ln.st, left+colX[col]+cellPad, y, ln.s)
					}
				}
			}
			c.rule(left, right, top+h, 0.15, grayRowRule)
		},
	}
	if n > 1 {
		it.split = func(avail float64) (head, tail item, ok bool) {
			k := int(math.Floor((avail - 2*rowPad) / lh))
			if k < 1 || k >= n {
				return item{}, item{}, false
			}
			var a, b cells
			for col, cell := range cs {
				a[col], b[col] = cell[:min(k, len(cell))], cell[min(k, len(cell)):]
			}
			return d.row(a, fill), d.row(b, fill), true
		}
	}
	return it
}

// entryRow is the row of one time entry: recorded and billed time side by side, so the
// customer can follow the billing increment, and the reason wherever nothing is charged.
func (d *doc) entryRow(e Entry) cells {
	fm, lb := d.fm, d.lb
	var cs cells
	cs[cDate] = []line{{fm.Date(e.Date), stCell}}
	cs[cTech] = d.lines(cTech, e.Technician, stCell)
	cs[cActivity] = d.lines(cActivity, e.Activity, stCell)
	if len(cs[cActivity]) == 0 {
		cs[cActivity] = []line{{"–", stCell}}
	}
	cs[cRecorded] = []line{{fm.Duration(e.Minutes), stCell}}

	switch {
	case !e.Billable:
		cs[cBilled] = []line{{"–", stCell}}
		cs[cBilling] = d.lines(cBilling, lb.notBilled(clean(e.Reason)), stCell)
		cs[cAmount] = []line{{"–", stCell}}
	case e.BilledMinutes > 0 && e.DeductedMinutes == e.BilledMinutes:
		cs[cBilled] = []line{{fm.Duration(e.BilledMinutes), stCell}}
		cs[cBilling] = d.lines(cBilling, lb.fromKontingent, stCell)
		cs[cAmount] = []line{{"–", stCell}}
	case e.DeductedMinutes > 0:
		cs[cBilled] = []line{{fm.Duration(e.BilledMinutes), stCell}}
		cs[cBilling] = d.lines(cBilling, lb.partKontingent(fm.Duration(e.DeductedMinutes)), stCell)
		cs[cAmount] = []line{{fm.Money(e.AmountCents), stCell}}
	default:
		cs[cBilled] = []line{{fm.Duration(e.BilledMinutes), stCell}}
		cs[cBilling] = d.lines(cBilling, lb.billed, stCell)
		cs[cAmount] = []line{{fm.Money(e.AmountCents), stCell}}
	}

	if e.TravelTrips != 0 || e.TravelKm != 0 || e.TravelCents != 0 {
		// The travel line starts below the activity and the labour amount, so its amount
		// stands on a line of its own.
		at := max(len(cs[cActivity]), len(cs[cAmount]))
		cs[cActivity] = pad(cs[cActivity], at)
		cs[cActivity] = append(cs[cActivity], d.lines(cActivity, d.travelText(e), stCell)...)
		cs[cAmount] = append(pad(cs[cAmount], at), line{fm.Money(e.TravelCents), stCell})
	}
	return cs
}

// pad fills a cell with empty lines up to n.
func pad(c []line, n int) []line {
	for len(c) < n {
		c = append(c, line{})
	}
	return c
}

func (d *doc) travelText(e Entry) string {
	s := d.lb.travel + ":"
	sep := " "
	if e.TravelTrips != 0 {
		s += sep + d.lb.trips(e.TravelTrips)
		sep = ", "
	}
	if e.TravelKm != 0 {
		s += sep + d.fm.Km(e.TravelKm)
	}
	return s
}

// subtotal closes a ticket group: its billed hours and everything it costs.
func (d *doc) subtotal(g int) item {
	t := d.r.Tickets[g]
	recorded, billed, cents := 0, 0, int64(0)
	for _, e := range t.Entries {
		recorded += e.Minutes
		if e.Billable {
			billed += e.BilledMinutes
		}
		cents += e.AmountCents + e.TravelCents
	}
	var cs cells
	cs[cActivity] = d.lines(cActivity, d.lb.ticketSum(clean(t.Number)), stCellBold)
	cs[cRecorded] = []line{{d.fm.Hours(recorded), stCellBold}}
	cs[cBilled] = []line{{d.fm.Hours(billed), stCellBold}}
	cs[cAmount] = []line{{d.fm.Money(cents), stCellBold}}
	it := d.row(cs, 0)
	it.group = g
	inner := it.draw
	it.draw = func(c *canvas, top float64) {
		c.rule(left+colActivity, right, top, 0.3, grayRule)
		inner(c, top)
	}
	return it
}

// tableItems is the whole table in flow order.
func (d *doc) tableItems() []item {
	items := []item{d.tableHead()}
	items[0].table = false // the first one is placed by the flow like any item, not repeated
	items[0].gap = 3
	if len(d.r.Tickets) == 0 {
		var cs cells
		cs[cActivity] = d.lines(cActivity, d.lb.noEntries, stCell)
		items = append(items, d.row(cs, 0))
		return items
	}
	for g, t := range d.r.Tickets {
		head := d.groupHead(g, false)
		if g > 0 {
			head.gap = 2.5
		}
		items = append(items, head)
		for k, e := range t.Entries {
			it := d.row(d.entryRow(e), 0)
			it.group = g
			it.keepNext = k == len(t.Entries)-1 // the last row stays with the subtotal
			items = append(items, it)
		}
		items = append(items, d.subtotal(g))
	}
	return items
}
