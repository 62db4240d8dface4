package pdf

import (
	"compress/zlib"
	"fmt"

	"github.com/signintech/gopdf"
)

// style is a text style: face, size in points, and grey level (0 black, 255 white).
type style struct {
	bold bool
	size float64
	gray uint8
}

const ptToMM = 25.4 / 72

// lineHeight is the distance between two baselines of s, in mm.
func (s style) lineHeight() float64 { return s.size * ptToMM * 1.22 }

// ascent places the baseline in a line box: DejaVu's capitals are 0.73 em high, so this centres
// them with room for descenders below.
func (s style) ascent() float64 { return s.size * ptToMM * 0.93 }

// canvas draws on a gopdf document in millimetres. It keeps the first error and ignores every
// call after it, so drawing code reads as a sequence of calls and Render checks once.
type canvas struct {
	pdf    *gopdf.GoPdf
	err    error
	cur    style
	curSet bool
	// widths caches measured words: a report repeats the same names, dates and amounts.
	widths map[widthKey]float64
}

type widthKey struct {
	bold bool
	size float64
	text string
}

func newCanvas() (*canvas, error) {
	fc, err := sharedFonts()
	if err != nil {
		return nil, err
	}
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitMM})
	pdf.SetCompressLevel(zlib.BestSpeed)
	if err := pdf.AddTTFFontFromFontContainer(familyRegular, fc); err != nil {
		return nil, fmt.Errorf("add font %s: %w", familyRegular, err)
	}
	if err := pdf.AddTTFFontFromFontContainer(familyBold, fc); err != nil {
		return nil, fmt.Errorf("add font %s: %w", familyBold, err)
	}
	return &canvas{pdf: pdf, widths: make(map[widthKey]float64)}, nil
}

func (c *canvas) fail(err error, what string) {
	if err != nil && c.err == nil {
		c.err = fmt.Errorf("%s: %w", what, err)
	}
}

func (c *canvas) use(s style) {
	if c.err != nil || (c.curSet && c.cur == s) {
		return
	}
	family := familyRegular
	if s.bold {
		family = familyBold
	}
	c.fail(c.pdf.SetFont(family, "", s.size), "set font")
	c.pdf.SetTextColor(s.gray, s.gray, s.gray)
	c.cur, c.curSet = s, true
}

// width is the width of text in s, in mm.
func (c *canvas) width(s style, text string) float64 {
	if text == "" || c.err != nil {
		return 0
	}
	k := widthKey{s.bold, s.size, text}
	if w, ok := c.widths[k]; ok {
		return w
	}
	c.use(s)
	w, err := c.pdf.MeasureTextWidth(text)
	c.fail(err, "measure text")
	c.widths[k] = w
	return w
}

// text draws text with its baseline at y.
func (c *canvas) text(s style, x, y float64, text string) {
	if text == "" || c.err != nil {
		return
	}
	c.use(s)
	c.pdf.SetXY(x, y)
	c.fail(c.pdf.Text(text), "draw text")
}

// textRight draws text ending at x.
func (c *canvas) textRight(s style, x, y float64, text string) {
	c.text(s, x-c.width(s, text), y, text)
}

// rule draws a horizontal line of the given width (mm) and grey.
func (c *canvas) rule(x1, x2, y, width float64, gray uint8) {
	if c.err != nil {
		return
	}
	c.pdf.SetStrokeColor(gray, gray, gray)
	c.pdf.SetLineWidth(width)
	c.pdf.Line(x1, y, x2, y)
}

// fill paints a rectangle in grey.
func (c *canvas) fill(x, y, w, h float64, gray uint8) {
	if c.err != nil {
		return
	}
	c.pdf.SetFillColor(gray, gray, gray)
	c.pdf.RectFromUpperLeftWithStyle(x, y, w, h, "F")
}
