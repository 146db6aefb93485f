package web

import (
	"fmt"
	"html"
	"html/template"
	"strings"
)

// Charts of the KPI pages: inline SVG drawn on the server, without
// JavaScript or style attributes (the content security policy forbids
// them), in presentation attributes only. Each chart has a title and a
// description for screen readers, and the page shows the same figures in
// a table next to it.

// chartBar is one bar of a chart. Value sets its length; Part, when set, a
// darker share of it drawn from the start (the SMEs among exchanges, the
// paid among committed). Max, when set, is the length of a track drawn
// behind the bar (a budget, a target) and the bar is scaled to it; Marker,
// when set, draws a line across the track (what was expected by now). Text
// is written after the bar.
type chartBar struct {
	Label  string
	Value  float64
	Part   float64
	Max    float64
	Marker float64
	Text   string
}

// Chart geometry, in SVG user units (the SVG scales to its container).
const (
	chartWidth  = 720.0
	chartLabelW = 200.0
	chartTextW  = 220.0
	chartRowH   = 30.0
	chartBarH   = 18.0
	chartPad    = 6.0
)

// Chart colours: the brand blue, a darker share, a light track and the
// marker in the focus orange; all pass WCAG contrast against white.
const (
	colourBar    = "#3b6ea5"
	colourPart   = "#123c69"
	colourTrack  = "#e3e8ee"
	colourMarker = "#c2410c"
	colourText   = "#1b1f24"
)

// barChart draws horizontal bars, one per row, scaled to the longest bar
// or, for bars with a Max, each to its own track. id names the chart for
// aria-labelledby; title and desc are its accessible name and description.
func barChart(id, title, desc string, bars []chartBar) template.HTML {
	h := float64(len(bars))*chartRowH + 2*chartPad
	longest := 0.0
	for _, b := range bars {
		longest = max(longest, b.Value, b.Max)
	}
	area := chartWidth - chartLabelW - chartTextW
	scale := func(b chartBar, v float64) float64 {
		top := longest
		if b.Max > 0 {
			top = max(b.Max, b.Value)
		}
		if top <= 0 {
			return 0
		}
		return v / top * area
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="%s" role="img" aria-labelledby="%s-title %s-desc" viewBox="0 0 %g %g" width="100%%" preserveAspectRatio="xMinYMin meet">`,
		esc(id), esc(id), esc(id), chartWidth, h)
	fmt.Fprintf(&sb, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(id), esc(title), esc(id), esc(desc))
	for i, b := range bars {
		y := chartPad + float64(i)*chartRowH
		by := y + (chartRowH-chartBarH)/2
		fmt.Fprintf(&sb, `<text x="%g" y="%g" font-size="13" font-family="sans-serif" fill="%s" text-anchor="end" dominant-baseline="middle">%s</text>`,
			chartLabelW-8, y+chartRowH/2, colourText, esc(truncate(b.Label, 26)))
		if b.Max > 0 {
			fmt.Fprintf(&sb, `<rect x="%g" y="%g" width="%.1f" height="%g" fill="%s"/>`, chartLabelW, by, scale(b, b.Max), chartBarH, colourTrack)
		}
		if w := scale(b, b.Value); w > 0 {
			fmt.Fprintf(&sb, `<rect x="%g" y="%g" width="%.1f" height="%g" fill="%s"/>`, chartLabelW, by, max(w, 1.5), chartBarH, colourBar)
		}
		if w := scale(b, min(b.Part, b.Value)); w > 0 {
			fmt.Fprintf(&sb, `<rect x="%g" y="%g" width="%.1f" height="%g" fill="%s"/>`, chartLabelW, by, max(w, 1.5), chartBarH, colourPart)
		}
		if b.Max > 0 && b.Marker > 0 {
			x := chartLabelW + scale(b, b.Marker)
			fmt.Fprintf(&sb, `<line x1="%.1f" y1="%g" x2="%.1f" y2="%g" stroke="%s" stroke-width="3"/>`, x, by-3, x, by+chartBarH+3, colourMarker)
		}
		end := chartLabelW + max(scale(b, b.Value), scale(b, b.Max))
		fmt.Fprintf(&sb, `<text x="%.1f" y="%g" font-size="13" font-family="sans-serif" fill="%s" dominant-baseline="middle">%s</text>`,
			end+6, y+chartRowH/2, colourText, esc(b.Text))
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// columnChart draws a distribution as vertical columns (the satisfaction
// scores from 1 to 5), each labelled below and with its count above.
func columnChart(id, title, desc string, bars []chartBar) template.HTML {
	const height, base, colW = 200.0, 170.0, 70.0
	width := float64(len(bars))*(colW+30) + 30
	top := 0.0
	for _, b := range bars {
		top = max(top, b.Value)
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="%s" role="img" aria-labelledby="%s-title %s-desc" viewBox="0 0 %g %g" width="100%%" preserveAspectRatio="xMinYMin meet">`,
		esc(id), esc(id), esc(id), width, height)
	fmt.Fprintf(&sb, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(id), esc(title), esc(id), esc(desc))
	fmt.Fprintf(&sb, `<line x1="10" y1="%g" x2="%g" y2="%g" stroke="%s"/>`, base, width-10, base, colourText)
	for i, b := range bars {
		x := 30 + float64(i)*(colW+30)
		h := 0.0
		if top > 0 {
			h = b.Value / top * (base - 30)
		}
		if h > 0 {
			fmt.Fprintf(&sb, `<rect x="%g" y="%.1f" width="%g" height="%.1f" fill="%s"/>`, x, base-h, colW, h, colourBar)
		}
		fmt.Fprintf(&sb, `<text x="%g" y="%.1f" font-size="13" font-family="sans-serif" fill="%s" text-anchor="middle">%s</text>`,
			x+colW/2, base-h-6, colourText, esc(b.Text))
		fmt.Fprintf(&sb, `<text x="%g" y="%g" font-size="13" font-family="sans-serif" fill="%s" text-anchor="middle">%s</text>`,
			x+colW/2, base+20, colourText, esc(b.Label))
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// esc escapes text for SVG content and attribute values.
func esc(s string) string { return html.EscapeString(s) }

// truncate shortens s to at most n characters, with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
