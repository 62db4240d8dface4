package pdf

import "strings"

// The letter around the table: letterhead, sender line, address window and information block on
// page 1; the running head on later pages; the footer and page number on every page.

// senderLine is the one-line return address above the window, cut to the window's width.
func (d *doc) senderLine() string {
	parts := appendClean(nil, d.r.Sender.Name)
	parts = appendClean(parts, d.r.Sender.Address...)
	return d.fit(stSender, strings.Join(parts, " · "), addrW)
}

// fit cuts text to width, ending in an ellipsis when something was cut.
func (d *doc) fit(st style, text string, width float64) string {
	if d.c.width(st, text) <= width {
		return text
	}
	return withEllipsis(text, width, func(s string) float64 { return d.c.width(st, s) })
}

func (d *doc) drawLetterhead() {
	c, s := d.c, d.r.Sender
	c.textRight(stLetterBig, right, 22, d.fit(stLetterBig, clean(s.Name), contentW))
	address := appendClean(nil, s.Address...)
	c.textRight(stSmallGray, right, 27, d.fit(stSmallGray, strings.Join(address, " · "), contentW))
	contact := appendClean(nil, s.Phone, s.Mail, s.Web)
	c.textRight(stSmallGray, right, 30.5, d.fit(stSmallGray, strings.Join(contact, " · "), contentW))

	for _, y := range []float64{foldMark1, foldMark2} {
		c.rule(3, 8, y, 0.2, 150)
	}
	c.rule(3, 10, punchMark, 0.2, 150)
}

func (d *doc) drawAddress() {
	c := d.c
	sender := d.senderLine()
	c.text(stSender, left, addrTop-1.6, sender)
	c.rule(left, left+c.width(stSender, sender), addrTop-1.0, 0.1, 120)

	lines := appendClean(nil, d.r.Recipient.Name)
	lines = appendClean(lines, d.r.Recipient.Lines...)
	for k, l := range lines[:min(len(lines), addrLines)] {
		c.text(stAddress, left, addrTop+3.6+float64(k)*4.23, d.fit(stAddress, l, addrW))
	}
}

// infoRow is one reference of the information block, its value wrapped.
type infoRow struct {
	label  string
	values []string
	st     style
}

const infoLH = 3.9

// infoRows lays out the information block to the right of the address window: only the
// references this report has, each value on at most two lines.
func (d *doc) infoRows() []infoRow {
	r, lb, fm := d.r, d.lb, d.fm
	rows := [][2]string{
		{lb.reportNo, clean(r.ID)},
		{lb.date, fm.Date(r.Created)},
		{lb.customerNo, clean(r.CustomerNumber)},
		{lb.customer, clean(r.CustomerName)},
		{lb.branch, clean(r.Branch)},
		{lb.period, fm.Period(r.From, r.Until)},
		{lb.datev, clean(r.DATEVAdvisor)},
	}
	var out []infoRow
	for k, row := range rows {
		if row[1] == "" {
			continue
		}
		st := stSmall
		if k == 0 {
			st = style{size: 8, bold: true}
		}
		measure := func(s string) float64 { return d.c.width(st, s) }
		values := limit(wrap(row[1], infoValueW, measure), 2, infoValueW, measure)
		out = append(out, infoRow{label: row[0], values: values, st: st})
	}
	return out
}

// infoBottom is where the information block ends, so that the body starts below it even when
// long values wrapped.
func infoBottom(rows []infoRow) float64 {
	y := infoTop
	for _, row := range rows {
		y += float64(len(row.values)) * infoLH
	}
	return y
}

func (d *doc) drawInfoBlock(rows []infoRow) {
	y := infoTop
	for _, row := range rows {
		d.c.text(stSmallGray, infoX, y+stSmall.ascent(), d.fit(stSmallGray, row.label, infoLabelW-1))
		for _, v := range row.values {
			d.c.text(row.st, infoValueX, y+stSmall.ascent(), v)
			y += infoLH
		}
	}
}

func (d *doc) drawRunningHead() {
	c, r := d.c, d.r
	name := clean(r.CustomerName)
	if name == "" {
		name = clean(r.Recipient.Name)
	}
	lhs := d.lb.title(clean(r.ID))
	rhs := d.fm.Date(r.Created)
	c.text(stSmall, left, 15, lhs)
	c.textRight(stSmall, right, 15, rhs)
	if name != "" {
		room := contentW - c.width(stSmall, lhs) - c.width(stSmall, rhs) - 12
		c.text(stSmallGray, left+c.width(stSmall, lhs)+6, 15, d.fit(stSmallGray, name, room))
	}
	c.rule(left, right, 17.5, 0.3, grayRule)
}

// footerLines are the sender's legal and bank details, wrapped to the page width.
func (d *doc) footerLines() []string {
	s, lb := d.r.Sender, d.lb
	first := appendClean(nil, s.Name)
	first = appendClean(first, s.Address...)
	first = appendClean(first, s.Phone, s.Mail, s.Web)
	second := appendClean(nil, s.Register)
	if m := clean(s.Management); m != "" {
		second = append(second, lb.management+" "+m)
	}
	if v := clean(s.VATID); v != "" {
		second = append(second, lb.vatID+" "+v)
	}
	third := appendClean(nil, s.Bank)
	var out []string
	for _, parts := range [][]string{first, second, third} {
		if len(parts) == 0 {
			continue
		}
		out = append(out, wrap(strings.Join(parts, " · "), contentW, d.measure(stFooter))...)
	}
	return limit(out, 5, contentW, d.measure(stFooter))
}

// footerTop is where the footer's rule sits; the page number stands above it.
func footerTop(lines int) float64 {
	return pageH - 9 - float64(lines)*stFooter.lineHeight()
}

func (d *doc) drawFooter(lines []string, page, pages int) {
	c := d.c
	top := footerTop(len(lines))
	c.textRight(stSmall, right, top-2, d.lb.page(page, pages))
	c.rule(left, right, top, 0.2, grayRule)
	for k, l := range lines {
		w := c.width(stFooter, l)
		c.text(stFooter, left+(contentW-w)/2, top+1+float64(k)*stFooter.lineHeight()+stFooter.ascent(), l)
	}
}

// appendClean appends the cleaned texts that are not blank.
func appendClean(list []string, texts ...string) []string {
	for _, t := range texts {
		if c := clean(t); c != "" {
			list = append(list, c)
		}
	}
	return list
}
