package pdfdoc

import (
	"bytes"
	"crypto/sha256"
	"fmt"

	"github.com/go-pdf/fpdf"
)

// registerPNG adds a PNG image to the document once (by its content) and
// returns its name, or "" when the bytes are no PNG that fpdf can read
// (the error is then reported by Bytes).
func (d *Doc) registerPNG(png []byte) string {
	name := fmt.Sprintf("png-%x", sha256.Sum256(png))
	info := d.f.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
	if info == nil || !d.f.Ok() {
		return ""
	}
	return name
}

// drawPNG draws a registered PNG at (x, y), size mm wide and high.
func (d *Doc) drawPNG(name string, x, y, size float64) {
	if name == "" {
		return
	}
	d.f.ImageOptions(name, x, y, size, size, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
}

// Figure prints a square PNG image (such as a QR code) size mm wide at the
// left margin and, beside it, the lines of text: the first in bold, the
// others plain. It starts a new page first when the figure does not fit on
// this one.
func (d *Doc) Figure(png []byte, size float64, lines ...string) {
	d.ensure(size + 2)
	x, y := margin, d.f.GetY()
	d.drawPNG(d.registerPNG(png), x, y, size)
	textX := x + size + 5
	textW := d.width() - size - 5
	d.f.SetXY(textX, y+1)
	for i, line := range lines {
		style := ""
		if i == 0 {
			style = "B"
		}
		d.f.SetFont(family, style, bodySize)
		d.f.SetX(textX)
		d.f.MultiCell(textW, lineHeight, clean(line), "", "L", false)
	}
	d.f.SetFont(family, "", bodySize)
	d.f.SetXY(margin, max(y+size, d.f.GetY())+3)
}
