package pdfdoc_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"caravan/internal/pdfdoc"
)

// Text returns the text of pdf as pdftotext reads it, skipping the test when
// pdftotext (Debian's poppler-utils; scripts/test.sh installs it) is missing.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func sample(t *testing.T, rows int) []byte {
	t.Helper()
	d := pdfdoc.New("Programa — Misión al País Vasco")
	d.Footer("Caravan · Bilbao", "Page {page} of {pages}")
	d.Heading("Misión empresarial: Łódź → Bilbao")
	d.Paragraph("Straße, Ærøskøbing, Zürich, São Paulo, Κρήτη.\nSecond line\twith a tab and an emoji 🚀 dropped.")
	d.KeyValue([][2]string{
		{"Venue", "Bizkaia Aretoa, Abandoibarra Etorbidea 3, 48009 Bilbao"},
		{"Empty", ""},
		{"Dates", "12–14 June 2026"},
	})
	d.Subheading("Programme")
	var data [][]string
	for i := range rows {
		data = append(data, []string{fmt.Sprintf("Day %d", i+1), "09:00–10:30", fmt.Sprintf("Site visit number %d to the Mercedes-Benz plant in Vitoria-Gasteiz, with a long description that wraps", i+1)})
	}
	d.Table([]string{"Day", "Time", "Item"}, []float64{1, 1, 4}, data)
	pdf, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return pdf
}

func TestDocIsPDFWithEmbeddedFont(t *testing.T) {
	pdf := sample(t, 3)
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("got prefix %q, want %%PDF-", pdf[:min(8, len(pdf))])
	}
	if !bytes.Contains(pdf[len(pdf)-32:], []byte("%%EOF")) {
		t.Errorf("no %%%%EOF at the end")
	}
	if !bytes.Contains(pdf, []byte("/FontFile2")) {
		t.Errorf("no embedded TrueType font (/FontFile2)")
	}
	if bytes.Contains(pdf, []byte("/Helvetica")) {
		t.Errorf("uses a core font that cannot print UTF-8")
	}
}

func TestDocText(t *testing.T) {
	text := pdfText(t, sample(t, 3))
	for _, want := range []string{
		"Misión empresarial: Łódź → Bilbao",
		"Straße, Ærøskøbing, Zürich, São Paulo, Κρήτη.",
		"Second line with a tab",
		"Bizkaia Aretoa, Abandoibarra Etorbidea 3",
		"12–14 June 2026",
		"Site visit number 3",
		"Caravan · Bilbao",
		"Page 1 of 1",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q; got:\n%s", want, text)
		}
	}
	for _, unwanted := range []string{"Empty", "🚀"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("text has %q; got:\n%s", unwanted, text)
		}
	}
}

func TestDocPagesAndRepeatedHeader(t *testing.T) {
	text := pdfText(t, sample(t, 60))
	pages := strings.Split(text, "\f")
	var nonEmpty []string
	for _, p := range pages {
		if strings.TrimSpace(p) != "" {
			nonEmpty = append(nonEmpty, p)
		}
	}
	if len(nonEmpty) < 2 {
		t.Fatalf("got %d pages, want at least 2", len(nonEmpty))
	}
	n := len(nonEmpty)
	for i, p := range nonEmpty {
		if want := fmt.Sprintf("Page %d of %d", i+1, n); !strings.Contains(p, want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
		if !strings.Contains(p, "Time") {
			t.Errorf("page %d lacks the table header", i+1)
		}
	}
	if !strings.Contains(text, "Site visit number 60 ") {
		t.Errorf("last row missing")
	}
}
