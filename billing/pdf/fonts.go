package pdf

import (
	_ "embed"
	"fmt"
	"sync"

	"github.com/signintech/gopdf"
)

// The report uses DejaVu Sans Condensed: it covers every Latin script a customer's or
// technician's name may need, plus €, typographic quotes and dashes, and its condensed width
// fits the table's columns. gopdf embeds only the glyphs a report uses (a subset), so a report
// stays small although the binary carries both faces whole. Licence: fonts/LICENSE.
var (
	//go:embed fonts/DejaVuSansCondensed.ttf
	regularTTF []byte
	//go:embed fonts/DejaVuSansCondensed-Bold.ttf
	boldTTF []byte
)

// Font family names as the PDF lists them.
const (
	familyRegular = "DejaVuSansCondensed"
	familyBold    = "DejaVuSansCondensed-Bold"
)

// substitute is drawn for a character the font has no glyph for (emoji, most CJK), so the gap
// is visible instead of silently closing up as gopdf's default space would.
const substitute = '?'

// Parsing a TrueType file costs more than laying out a whole report, so both faces are parsed
// once per process and shared read-only by every Render.
var (
	fontsOnce sync.Once
	fontsErr  error
	fonts     *gopdf.FontContainer
)

func sharedFonts() (*gopdf.FontContainer, error) {
	fontsOnce.Do(func() {
		opt := gopdf.TtfOption{OnGlyphNotFoundSubstitute: func(rune) rune { return substitute }}
		c := &gopdf.FontContainer{}
		if err := c.AddTTFFontDataWithOption(familyRegular, regularTTF, opt); err != nil {
			fontsErr = fmt.Errorf("parse embedded font %s: %w", familyRegular, err)
			return
		}
		if err := c.AddTTFFontDataWithOption(familyBold, boldTTF, opt); err != nil {
			fontsErr = fmt.Errorf("parse embedded font %s: %w", familyBold, err)
			return
		}
		fonts = c
	})
	return fonts, fontsErr
}
