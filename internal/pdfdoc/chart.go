package pdfdoc

// Bar is one bar of a chart that Bars draws. Value sets its length; Part,
// when set, a darker share of it from the start. Max, when set, is the
// length of a light track behind the bar, to which the bar is scaled;
// Marker, when set, a line across the track. Text is printed after the bar.
type Bar struct {
	Label  string
	Value  float64
	Part   float64
	Max    float64
	Marker float64
	Text   string
}

// Bars draws a horizontal bar chart, one row per bar: the label on the
// left, the bar scaled to the longest bar (or, for a bar with Max, to its
// own track) and its text on the right. Rows never split across pages.
func (d *Doc) Bars(bars []Bar) {
	const rowH, barH = 7.0, 4.6
	f := d.f
	labelW, textW := d.width()*0.3, d.width()*0.28
	area := d.width() - labelW - textW
	longest := 0.0
	for _, b := range bars {
		longest = max(longest, b.Value, b.Max)
	}
	scale := func(b Bar, v float64) float64 {
		top := longest
		if b.Max > 0 {
			top = max(b.Max, b.Value)
		}
		if top <= 0 {
			return 0
		}
		return v / top * area
	}
	f.SetFont(family, "", 8.5)
	for _, b := range bars {
		d.ensure(rowH)
		y := f.GetY()
		by := y + (rowH-barH)/2
		x := margin + labelW
		f.SetXY(margin, y)
		label := clean(b.Label)
		for len([]rune(label)) > 1 && f.GetStringWidth(label) > labelW-2 {
			r := []rune(label)
			label = string(r[:len(r)-2]) + "…"
		}
		f.CellFormat(labelW-2, rowH, label, "", 0, "R", false, 0, "")
		if b.Max > 0 {
			f.SetFillColor(227, 232, 238)
			f.Rect(x, by, scale(b, b.Max), barH, "F")
		}
		if w := scale(b, b.Value); w > 0 {
			f.SetFillColor(59, 110, 165)
			f.Rect(x, by, max(w, 0.4), barH, "F")
		}
		if w := scale(b, min(b.Part, b.Value)); w > 0 {
			f.SetFillColor(18, 60, 105)
			f.Rect(x, by, max(w, 0.4), barH, "F")
		}
		if b.Max > 0 && b.Marker > 0 {
			mx := x + scale(b, b.Marker)
			f.SetDrawColor(194, 65, 12)
			f.SetLineWidth(0.8)
			f.Line(mx, by-1, mx, by+barH+1)
			f.SetLineWidth(0.2)
			f.SetDrawColor(0, 0, 0)
		}
		f.SetXY(x+max(scale(b, b.Value), scale(b, b.Max))+2, y)
		f.CellFormat(textW, rowH, clean(b.Text), "", 0, "L", false, 0, "")
		f.SetXY(margin, y+rowH)
	}
	f.SetFillColor(255, 255, 255)
	f.SetFont(family, "", bodySize)
	f.Ln(2)
}
