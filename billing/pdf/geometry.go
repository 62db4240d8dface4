package pdf

// Page geometry in millimetres, A4 portrait, after DIN 5008 form B.
const (
	pageW = 210.0
	pageH = 297.0

	left     = 25.0 // text starts here on every page (DIN 5008: 25 mm)
	right    = 190.0
	contentW = right - left

	// The address field: 85 × 45 mm, 20 mm from the left and 45 mm from the top, a 17.7 mm zone
	// for remarks (where the sender line sits) above a 27.3 mm zone for the address.
	addrFieldX   = 20.0
	addrFieldTop = 45.0
	addrTop      = addrFieldTop + 17.7
	addrW        = 85.0 - (left - addrFieldX) - 5 // text area inside the window
	addrLines    = 6                              // name + 5 lines, in 9 pt at 4.23 mm

	// The information block to the right of the address field.
	infoX      = 125.0
	infoTop    = 50.0
	infoLabelW = 27.0
	infoValueX = infoX + infoLabelW
	infoValueW = right - infoValueX

	bodyTopFirst = 98.5 // the subject line of a form B letter
	bodyTopNext  = 22.0 // below the running head of later pages

	// Fold marks for a DL envelope and the punch mark, in the left margin.
	foldMark1 = 105.0
	foldMark2 = 210.0
	punchMark = 148.5
)

// The table's columns, as offsets from left. Each cell keeps 1 mm of padding on both sides.
const (
	colDate     = 0.0
	colTech     = 16.0
	colActivity = 39.0
	colRecorded = 96.5
	colBilled   = 109.0
	colBilling  = 124.0
	colAmount   = 147.0
	colEnd      = contentW
	cellPad     = 1.0
	rowPad      = 0.55 // above and below the lines of a row
)

var (
	stBody      = style{size: 9}
	stBodyBold  = style{size: 9, bold: true}
	stTitle     = style{size: 13, bold: true}
	stSmall     = style{size: 8}
	stSmallGray = style{size: 8, gray: 90}
	stCell      = style{size: 7.5}
	stCellBold  = style{size: 7.5, bold: true}
	stHead      = style{size: 7, bold: true}
	stGroup     = style{size: 8.5, bold: true}
	stSender    = style{size: 6.5, gray: 60}
	stFooter    = style{size: 6.5, gray: 80}
	stLetterBig = style{size: 15, bold: true}
	stAddress   = style{size: 9}
)

// Grey levels of fills and rules.
const (
	grayHeadFill  = 225
	grayGroupFill = 240
	grayBoxFill   = 244
	grayRowRule   = 215
	grayRule      = 120
)
