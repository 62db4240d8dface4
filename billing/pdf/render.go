package pdf

import (
	"bytes"
	"fmt"
	"io"

	"github.com/signintech/gopdf"

	"helpdesk/billing/textfmt"
)

// doc is one rendering in progress: the report, its language and the canvas.
type doc struct {
	r  *Report
	fm textfmt.Format
	lb *labels
	c  *canvas

	info   []infoRow // laid out once, drawn on page 1
	footer []string  // laid out once, drawn on every page
	// continued holds each ticket's "(continued)" header once laid out: the flow asks for it
	// whenever it weighs a page break inside the ticket.
	continued map[int]item
	head      *item // the column header, likewise
}

// measure returns the width function of style st, for wrap.
func (d *doc) measure(st style) func(string) float64 {
	return func(s string) float64 { return d.c.width(st, s) }
}

// Render writes r as a PDF to w. It checks r first (see Check) and writes nothing when the
// report is inconsistent. The output depends on r alone: the same report gives the same bytes.
// Render is safe for concurrent use.
func Render(w io.Writer, r *Report) error {
	b, err := Bytes(r)
	if err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		return fmt.Errorf("write service report %s: %w", r.ID, err)
	}
	return nil
}

// Bytes renders r and returns the PDF.
func Bytes(r *Report) ([]byte, error) {
	if r == nil {
		return nil, fmt.Errorf("render service report: no report")
	}
	if err := r.Check(); err != nil {
		return nil, fmt.Errorf("service report %s: %w", r.ID, err)
	}
	d, err := newDoc(r)
	if err != nil {
		return nil, fmt.Errorf("service report %s: %w", r.ID, err)
	}
	pages := d.layout()
	d.draw(pages)
	if d.c.err != nil {
		return nil, fmt.Errorf("service report %s: %w", r.ID, d.c.err)
	}
	var buf bytes.Buffer
	if _, err := d.c.pdf.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("service report %s: write PDF: %w", r.ID, err)
	}
	return buf.Bytes(), nil
}

func newDoc(r *Report) (*doc, error) {
	fm, err := textfmt.New(r.Lang)
	if err != nil {
		return nil, err
	}
	lb := &german
	if fm.Lang() == textfmt.English {
		lb = &english
	}
	c, err := newCanvas()
	if err != nil {
		return nil, err
	}
	c.pdf.SetInfo(gopdf.PdfInfo{
		Title:        lb.title(clean(r.ID)),
		Author:       clean(r.Sender.Name),
		Creator:      "helpdesk",
		CreationDate: r.Created,
	})
	return &doc{r: r, fm: fm, lb: lb, c: c}, nil
}

// layout measures every block and breaks them into pages. Nothing is drawn yet: the number of
// pages must be known before the first footer says "Seite 1 von n".
func (d *doc) layout() [][]placed {
	d.info = d.infoRows()
	d.footer = d.footerLines()
	var items []item
	items = append(items, d.openingItems()...)
	items = append(items, d.tableItems()...)
	items = append(items, d.closingItems()...)
	f := flow{
		firstTop:  max(bodyTopFirst, infoBottom(d.info)+6),
		nextTop:   bodyTopNext,
		bottom:    footerTop(len(d.footer)) - 7,
		tableHead: d.repeatedHead,
		groupHead: d.continuedHead,
	}
	return f.run(items)
}

func (d *doc) repeatedHead() item {
	if d.head == nil {
		it := d.tableHead()
		d.head = &it
	}
	return *d.head
}

func (d *doc) continuedHead(g int) item {
	if it, ok := d.continued[g]; ok {
		return it
	}
	if d.continued == nil {
		d.continued = make(map[int]item)
	}
	it := d.groupHead(g, true)
	d.continued[g] = it
	return it
}

func (d *doc) draw(pages [][]placed) {
	for n, page := range pages {
		d.c.pdf.AddPage()
		d.c.curSet = false // a new page starts without a font
		if n == 0 {
			d.drawLetterhead()
			d.drawAddress()
			d.drawInfoBlock(d.info)
		} else {
			d.drawRunningHead()
		}
		for _, p := range page {
			p.it.draw(d.c, p.top)
		}
		d.drawFooter(d.footer, n+1, len(pages))
	}
}
