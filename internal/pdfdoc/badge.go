package pdfdoc

// Badge is one name badge: the event's name, the person's name,
// organisation, country and role, and a square PNG (the check-in QR code)
// with its code printed under it.
type Badge struct {
	Event        string
	Name         string
	Organisation string
	Country      string
	Role         string
	QR           []byte
	Code         string
}

// Badge sheet geometry, in mm: two columns of four badges of 85 × 60 mm
// on A4, with dashed cutting lines.
const (
	badgeW, badgeH = 85.0, 60.0
	badgeGap       = 4.0
	badgeCols      = 2
	badgeRows      = 4
	badgePad       = 4.0
	badgeQR        = 27.0
)

// Badges prints the badges eight to a page, starting on a new page unless
// the current one is still empty.
func (d *Doc) Badges(badges []Badge) {
	f := d.f
	if f.GetY() > margin+0.5 {
		d.PageBreak()
	}
	for i, b := range badges {
		n := i % (badgeCols * badgeRows)
		if n == 0 && i > 0 {
			d.PageBreak()
		}
		x := margin + float64(n%badgeCols)*(badgeW+badgeGap)
		y := margin + float64(n/badgeCols)*(badgeH+badgeGap)
		d.badge(b, x, y)
	}
	f.SetXY(margin, margin+badgeRows*(badgeH+badgeGap))
}

func (d *Doc) badge(b Badge, x, y float64) {
	f := d.f
	f.SetDrawColor(160, 160, 160)
	f.SetDashPattern([]float64{1.5, 1.5}, 0)
	f.Rect(x, y, badgeW, badgeH, "D")
	f.SetDashPattern(nil, 0)
	f.SetDrawColor(0, 0, 0)
	inner := badgeW - 2*badgePad

	f.SetTextColor(90, 90, 90)
	f.SetFont(family, "", 7.5)
	f.SetXY(x+badgePad, y+badgePad)
	f.MultiCell(inner, 3.5, firstLines(f.SplitText(clean(b.Event), inner), 2), "", "L", false)
	f.SetTextColor(0, 0, 0)

	f.SetFont(family, "B", 15)
	f.SetXY(x+badgePad, y+badgePad+9)
	f.MultiCell(inner, 6.5, firstLines(f.SplitText(clean(b.Name), inner), 2), "", "L", false)

	textW := inner - badgeQR - 2
	f.SetFont(family, "", 10)
	f.SetX(x + badgePad)
	f.MultiCell(textW, 4.5, firstLines(f.SplitText(clean(b.Organisation), textW), 3), "", "L", false)
	f.SetFont(family, "", 9)
	f.SetX(x + badgePad)
	f.MultiCell(textW, 4.5, clean(b.Country), "", "L", false)

	f.SetFont(family, "B", 9)
	f.SetXY(x+badgePad, y+badgeH-badgePad-5)
	f.CellFormat(textW, 5, clean(b.Role), "", 0, "L", false, 0, "")

	qrX, qrY := x+badgeW-badgePad-badgeQR, y+badgeH-badgePad-badgeQR-3
	d.drawPNG(d.registerPNG(b.QR), qrX, qrY, badgeQR)
	f.SetFont(family, "", 6.5)
	f.SetXY(qrX-2, qrY+badgeQR)
	f.CellFormat(badgeQR+4, 3, clean(b.Code), "", 0, "C", false, 0, "")
	f.SetFont(family, "", bodySize)
}

// firstLines joins at most n of the lines, marking a cut with an ellipsis.
func firstLines(lines []string, n int) string {
	if len(lines) > n {
		lines = lines[:n]
		lines[n-1] += "…"
	}
	out := ""
	for i, l := range lines {
		if i > 0 {
			out += "\n"
		}
		out += l
	}
	return out
}
