package pdf

// The blocks before and after the table: title, intro, correction note; the sums with the
// Kontingent box beside them; the rates.

// paragraph is text wrapped to width in st; a long one splits between lines.
func (d *doc) paragraph(text string, st style, x, width, gap float64) item {
	lines := wrap(text, width, func(s string) float64 { return d.c.width(st, s) })
	return d.textItem(lines, st, x, gap)
}

func (d *doc) textItem(lines []string, st style, x, gap float64) item {
	lh := st.lineHeight()
	it := item{
		h: float64(len(lines)) * lh, gap: gap, group: -1,
		draw: func(c *canvas, top float64) {
			for k, l := range lines {
				c.text(st, x, top+float64(k)*lh+st.ascent(), l)
			}
		},
	}
	if len(lines) > 1 {
		it.split = func(avail float64) (head, tail item, ok bool) {
			k := int(avail / lh)
			if k < 1 || k >= len(lines) {
				return item{}, item{}, false
			}
			return d.textItem(lines[:k], st, x, 0), d.textItem(lines[k:], st, x, 0), true
		}
	}
	return it
}

func (d *doc) openingItems() []item {
	r, lb := d.r, d.lb
	items := []item{d.paragraph(lb.title(clean(r.ID)), stTitle, left, contentW, 0)}
	if c := clean(r.Corrects); c != "" {
		items = append(items, d.paragraph(lb.corrects(c), stBodyBold, left, contentW, 2.5))
	}
	items = append(items, d.paragraph(lb.intro(d.fm.Period(r.From, r.Until)), stBody, left, contentW, 2.5))
	last := &items[len(items)-1]
	last.keepNext = true
	return items
}

// pair is a label and its value in a two-column block.
type pair struct {
	label, value string
	st           style
	ruleAbove    bool
}

// pairs lays out label/value lines between x and x+width, values right-aligned.
func (d *doc) drawPairs(ps []pair, x, width, top, lh float64) {
	y := top
	for _, p := range ps {
		if p.ruleAbove {
			d.c.rule(x, x+width, y+0.3, 0.3, grayRule)
			y += 0.8
		}
		d.c.text(p.st, x, y+p.st.ascent(), d.fit(p.st, p.label, width-d.c.width(p.st, p.value)-3))
		d.c.textRight(p.st, x+width, y+p.st.ascent(), p.value)
		y += lh
	}
}

func (d *doc) sumPairs() []pair {
	r, lb, fm := d.r, d.lb, d.fm
	ps := []pair{{label: lb.billableHours, value: fm.Hours(r.Totals.BillableMinutes), st: stBody}}
	if k := r.Kontingent; k != nil {
		ps = append(ps, pair{label: lb.ofWhichKont, value: fm.Hours(k.Used), st: stBody})
	}
	ps = append(ps,
		pair{label: lb.nonBillable, value: fm.Hours(r.Totals.NonBillableMinutes), st: stBody},
		pair{label: lb.labour, value: fm.Money(r.Totals.LabourCents), st: stBody},
		pair{label: lb.travelSum, value: fm.Money(r.Totals.TravelCents), st: stBody},
		pair{label: lb.net, value: fm.Money(r.Totals.NetCents), st: stBodyBold, ruleAbove: true},
	)
	return ps
}

func (d *doc) kontingentPairs() []pair {
	k, lb, fm := d.r.Kontingent, d.lb, d.fm
	ps := []pair{
		{label: lb.kontBefore, value: fm.Balance(k.BalanceBefore), st: stSmall},
		{label: lb.kontCredited, value: fm.Balance(k.Credited), st: stSmall},
	}
	if k.Expired != 0 {
		ps = append(ps, pair{label: lb.kontExpired, value: fm.Balance(-k.Expired), st: stSmall})
	}
	ps = append(ps, pair{label: lb.kontUsed, value: fm.Balance(-k.Used), st: stSmall})
	after := fm.Balance(k.BalanceAfter)
	if k.BalanceAfter < 0 {
		after += " (" + lb.overdrawn + ")"
	}
	ps = append(ps, pair{label: lb.kontAfter, value: after, st: style{size: 8, bold: true}, ruleAbove: true})
	if k.OverdrawLimit != 0 {
		ps = append(ps, pair{label: lb.overdrawLimit, value: fm.Duration(k.OverdrawLimit), st: stSmall})
	}
	if k.BilledBeyondLimit != 0 {
		ps = append(ps, pair{label: lb.beyondLimit, value: fm.Duration(k.BilledBeyondLimit), st: stSmall})
	}
	return ps
}

// sumsItem is the summary on the right and, for prepaid hours, the Kontingent box on the left,
// with the VAT note below: one block, never split.
func (d *doc) sumsItem() item {
	const (
		sumX, sumW = 105.0, right - 105.0
		boxX, boxW = left, 72.0
		boxPad     = 2.5
		sumLH      = 4.6
		boxLH      = 4.0
	)
	sums := d.sumPairs()
	sumH := stBodyBold.lineHeight() + 1.5 + float64(len(sums))*sumLH + 0.8

	var kont []pair
	boxH := 0.0
	title := d.lb.kontTitle
	if k := d.r.Kontingent; k != nil {
		kont = d.kontingentPairs()
		if n := clean(k.Name); n != "" {
			title = n
		}
		boxH = 2*boxPad + stBodyBold.lineHeight() + 1.5 + float64(len(kont))*boxLH + 0.8
	}
	note := wrap(d.lb.vatNote, contentW, func(s string) float64 { return d.c.width(stSmallGray, s) })
	noteTop := max(sumH, boxH) + 3
	h := noteTop + float64(len(note))*stSmallGray.lineHeight()

	return item{
		h: h, gap: 6, group: -1,
		draw: func(c *canvas, top float64) {
			c.text(stBodyBold, sumX, top+stBodyBold.ascent(), d.lb.sums)
			d.drawPairs(sums, sumX, sumW, top+stBodyBold.lineHeight()+1.5, sumLH)
			if kont != nil {
				c.fill(boxX, top, boxW, boxH, grayBoxFill)
				inner := boxW - 2*boxPad
				c.text(stBodyBold, boxX+boxPad, top+boxPad+stBodyBold.ascent(), d.fit(stBodyBold, title, inner))
				d.drawPairs(kont, boxX+boxPad, inner, top+boxPad+stBodyBold.lineHeight()+1.5, boxLH)
			}
			for k, l := range note {
				c.text(stSmallGray, left, top+noteTop+float64(k)*stSmallGray.lineHeight()+stSmallGray.ascent(), l)
			}
		},
	}
}

// rateItems lists the rates, the billing increment and the agreement they come from.
func (d *doc) rateItems() []item {
	r, lb, fm := d.r, d.lb, d.fm
	var lines []string
	for _, rate := range r.Rates {
		lines = append(lines, clean(rate.Label)+": "+fm.Money(rate.Cents)+" "+lb.per[rate.Per])
	}
	if r.IncrementMinutes > 0 {
		lines = append(lines, lb.increment(r.IncrementMinutes))
	} else if len(r.Rates) > 0 {
		lines = append(lines, lb.byMinute)
	}
	if c := clean(r.Contract); c != "" {
		lines = append(lines, lb.contract+": "+c)
	}
	if len(lines) == 0 {
		return nil
	}
	// One block, so that a page break never strands a rate away from the others.
	var wrapped []string
	for _, l := range lines {
		wrapped = append(wrapped, wrap("• "+l, contentW, func(s string) float64 { return d.c.width(stSmall, s) })...)
	}
	title := d.paragraph(lb.rates, stBodyBold, left, contentW, 5)
	title.keepNext = true
	return []item{title, d.textItem(wrapped, stSmall, left, 1.2)}
}

func (d *doc) closingItems() []item {
	return append([]item{d.sumsItem()}, d.rateItems()...)
}
