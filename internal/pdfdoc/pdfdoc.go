// Package pdfdoc writes simple printable A4 documents (agendas, programmes,
// letters) as PDF over github.com/go-pdf/fpdf, with the DejaVu Sans fonts
// embedded in the binary so that any text in any European language prints
// the same on every machine, which needs no fonts installed.
//
// A Doc is built top to bottom: New, then Heading, Subheading, Paragraph,
// KeyValue and Table in reading order, Footer at any time, and Bytes last.
// Texts are plain UTF-8 strings; nothing is interpreted as markup.
//
// It imports nothing of ours.
package pdfdoc

import (
	"bytes"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
)

//go:embed fonts/DejaVuSans.ttf
var fontRegular []byte

//go:embed fonts/DejaVuSans-Bold.ttf
var fontBold []byte

const (
	family     = "DejaVu"
	margin     = 18.0 // mm, on every side
	bodySize   = 10.0 // pt
	lineHeight = 5.0  // mm, for body text
	pagesAlias = "{nb}"
)

// Doc is one PDF document being written. It is not safe for concurrent use.
type Doc struct {
	f      *fpdf.Fpdf
	footer string
	pages  string
}

// New starts an A4 portrait document whose metadata title is title and
// whose first page is open. It does not print the title: call Heading.
func New(title string) *Doc {
	f := fpdf.New("P", "mm", "A4", "")
	f.AddUTF8FontFromBytes(family, "", fontRegular)
	f.AddUTF8FontFromBytes(family, "B", fontBold)
	f.SetMargins(margin, margin, margin)
	f.SetAutoPageBreak(true, margin+4)
	f.SetTitle(clean(title), true)
	f.SetCreator("Caravan", true)
	f.SetCreationDate(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
	f.AliasNbPages(pagesAlias)
	d := &Doc{f: f}
	f.SetFooterFunc(d.drawFooter)
	f.AddPage()
	f.SetFont(family, "", bodySize)
	return d
}

// Footer sets the text printed at the foot of every page: text on the left
// and pageFormat on the right, where "{page}" becomes the page number and
// "{pages}" the number of pages (for example "Page {page} of {pages}").
// Either may be empty. It applies to every page, those already written too.
func (d *Doc) Footer(text, pageFormat string) {
	d.footer = clean(text)
	d.pages = clean(pageFormat)
}

func (d *Doc) drawFooter() {
	f := d.f
	f.SetY(-margin)
	f.SetFont(family, "", 8)
	f.SetTextColor(90, 90, 90)
	w := d.width()
	if d.footer != "" {
		f.CellFormat(w*0.7, 4, d.footer, "", 0, "L", false, 0, "")
	}
	if d.pages != "" {
		label := strings.ReplaceAll(d.pages, "{page}", strconv.Itoa(f.PageNo()))
		label = strings.ReplaceAll(label, "{pages}", pagesAlias)
		f.SetX(margin + w*0.7)
		f.CellFormat(w*0.3, 4, label, "", 0, "R", false, 0, "")
	}
	f.SetTextColor(0, 0, 0)
	f.SetFont(family, "", bodySize)
}

// Heading prints a large bold title line.
func (d *Doc) Heading(text string) {
	d.f.SetFont(family, "B", 16)
	d.f.MultiCell(0, 8, clean(text), "", "L", false)
	d.f.Ln(2)
	d.f.SetFont(family, "", bodySize)
}

// Subheading prints a bold section title, starting a new page first when
// fewer than a few lines are left on this one so that it is not orphaned.
func (d *Doc) Subheading(text string) {
	d.ensure(4 * lineHeight)
	d.f.Ln(2)
	d.f.SetFont(family, "B", 12)
	d.f.MultiCell(0, 6.5, clean(text), "", "L", false)
	d.f.Ln(1)
	d.f.SetFont(family, "", bodySize)
}

// Paragraph prints wrapped body text followed by a small gap. Line breaks
// in text start new lines.
func (d *Doc) Paragraph(text string) {
	d.f.SetFont(family, "", bodySize)
	d.f.MultiCell(0, lineHeight, clean(text), "", "L", false)
	d.f.Ln(1.5)
}

// KeyValue prints a two-column list: each row's key in bold on the left,
// its value wrapped on the right. Rows with an empty value are skipped.
func (d *Doc) KeyValue(rows [][2]string) {
	keyW := d.width() * 0.3
	valW := d.width() - keyW
	for _, r := range rows {
		if strings.TrimSpace(r[1]) == "" {
			continue
		}
		key, val := clean(r[0]), clean(r[1])
		d.f.SetFont(family, "", bodySize)
		lines := max(1, len(d.f.SplitText(val, valW)))
		d.ensure(float64(lines) * lineHeight)
		y := d.f.GetY()
		d.f.SetFont(family, "B", bodySize)
		d.f.MultiCell(keyW, lineHeight, key, "", "L", false)
		yKey := d.f.GetY()
		d.f.SetXY(margin+keyW, y)
		d.f.SetFont(family, "", bodySize)
		d.f.MultiCell(valW, lineHeight, val, "", "L", false)
		d.f.SetY(max(yKey, d.f.GetY()))
	}
	d.f.Ln(1.5)
}

// Table prints a table with a bold header row and thin rules. widths are
// the columns' shares of the page width (any positive numbers; they are
// scaled to fill it); nil gives equal columns. Cells wrap, rows never split
// across pages, and the header is repeated on each new page.
func (d *Doc) Table(header []string, widths []float64, rows [][]string) {
	cols := len(header)
	if cols == 0 {
		return
	}
	ws := d.columnWidths(cols, widths)
	d.row(header, ws, true)
	for _, r := range rows {
		cells := make([]string, cols)
		copy(cells, r)
		if d.row(cells, ws, false) {
			// A new page started before this row: repeat the header above it.
			d.row(header, ws, true)
			d.row(cells, ws, false)
		}
	}
	d.f.Ln(2)
}

// row prints one table row, or, when it does not fit on this page, starts
// a new page and reports true without printing it.
func (d *Doc) row(cells []string, ws []float64, bold bool) (newPage bool) {
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
		lines = max(lines, len(f.SplitText(cells[i], ws[i])))
	}
	h := float64(lines)*lh + 1.5
	if !d.fits(h) {
		f.AddPage()
		return true
	}
	x, y := margin, f.GetY()
	if bold {
		f.SetFillColor(235, 235, 235)
		f.Rect(margin, y, d.width(), h, "F")
	}
	for i, c := range cells {
		f.SetXY(x, y+0.75)
		f.MultiCell(ws[i], lh, c, "", "L", false)
		x += ws[i]
	}
	f.SetDrawColor(180, 180, 180)
	f.Line(margin, y+h, margin+d.width(), y+h)
	f.SetDrawColor(0, 0, 0)
	f.SetXY(margin, y+h)
	f.SetFont(family, "", bodySize)
	return false
}

func (d *Doc) columnWidths(cols int, widths []float64) []float64 {
	ws := make([]float64, cols)
	total := 0.0
	for i := range ws {
		ws[i] = 1
		if i < len(widths) && widths[i] > 0 {
			ws[i] = widths[i]
		}
		total += ws[i]
	}
	for i := range ws {
		ws[i] = ws[i] / total * d.width()
	}
	return ws
}

// Bytes closes the document and returns it, or the first error met while
// writing it.
func (d *Doc) Bytes() ([]byte, error) {
	var buf bytes.Buffer
	if err := d.f.Output(&buf); err != nil {
		return nil, fmt.Errorf("write pdf: %w", err)
	}
	return buf.Bytes(), nil
}

func (d *Doc) width() float64 {
	w, _ := d.f.GetPageSize()
	return w - 2*margin
}

func (d *Doc) fits(h float64) bool {
	_, ph := d.f.GetPageSize()
	_, bottom := d.f.GetAutoPageBreak()
	return d.f.GetY()+h <= ph-bottom
}

func (d *Doc) ensure(h float64) {
	if !d.fits(h) {
		d.f.AddPage()
	}
}

// clean makes text printable: tabs become spaces, other control characters
// and characters outside the Basic Multilingual Plane (which the font does
// not cover, such as emoji) are dropped, and "\r\n" becomes "\n".
func clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t':
			return ' '
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return -1
		case r > 0xffff:
			return -1
		}
		return r
	}, s)
}
