package pdfdoc

// PageBreak starts a new page.
func (d *Doc) PageBreak() {
	d.f.AddPage()
	d.f.SetFont(family, "", bodySize)
}

// GridTable prints a table with every cell boxed, for sheets that people
// fill in by hand (signatures, notes): like Table, but each row is at least
// rowHeight mm high so that there is room to write, the header is repeated
// on each new page, and empty cells stay empty boxes.
func (d *Doc) GridTable(header []string, widths []float64, rows [][]string, rowHeight float64) {
	cols := len(header)
	if cols == 0 {
		return
	}
	ws := d.columnWidths(cols, widths)
	d.gridRow(header, ws, true, 0)
	for _, r := range rows {
		cells := make([]string, cols)
		copy(cells, r)
		if d.gridRow(cells, ws, false, rowHeight) {
			d.gridRow(header, ws, true, 0)
			d.gridRow(cells, ws, false, rowHeight)
		}
	}
	d.f.Ln(2)
}

// gridRow prints one boxed row, or starts a new page and reports true
// without printing it when it does not fit on this one.
func (d *Doc) gridRow(cells []string, ws []float64, bold bool, minHeight float64) (newPage bool) {
	f := d.f
	style := ""
	if bold {
		style = "B"
	}
	f.SetFont(family, style, 9)
	const lh = 4.5
	lines := 1
	for i, c := range cells {
		cells[i] = clean(c)
		lines = max(lines, len(f.SplitText(cells[i], ws[i]-2)))
	}
	h := max(float64(lines)*lh+2, minHeight)
	if !d.fits(h) {
		f.AddPage()
		return true
	}
	x, y := margin, f.GetY()
	f.SetDrawColor(120, 120, 120)
	for i, c := range cells {
		fill := "D"
		if bold {
			f.SetFillColor(235, 235, 235)
			fill = "FD"
		}
		f.Rect(x, y, ws[i], h, fill)
		f.SetXY(x+1, y+1)
		f.MultiCell(ws[i]-2, lh, c, "", "L", false)
		x += ws[i]
	}
	f.SetDrawColor(0, 0, 0)
	f.SetXY(margin, y+h)
	f.SetFont(family, "", bodySize)
	return false
}
