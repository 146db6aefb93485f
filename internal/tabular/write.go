package tabular

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"caravan/internal/mission"
)

// formulaStart lists the characters that make a spreadsheet read a cell
// as a formula.
const formulaStart = "=+-@\t\r"

// Write writes a header and rows as CSV or XLSX. CSV is UTF-8 with a
// byte-order mark (so Excel reads accents right), separated by commas, with
// CRLF line ends; a cell that a spreadsheet would take for a formula gets a
// leading apostrophe, unless it is a plain number or telephone number
// (Read drops that apostrophe again). XLSX is one sheet whose cells are
// all text, with the header in bold and frozen.
func Write(w io.Writer, format Format, sheet string, header []string, rows [][]string) error {
	switch format {
	case FormatCSV:
		return writeCSV(w, header, rows)
	case FormatXLSX:
		return writeXLSX(w, sheet, header, rows)
	}
	return mission.Errorf(mission.EINVALID, "unknown format %q: want csv or xlsx", format)
}

func writeCSV(w io.Writer, header []string, rows [][]string) error {
	var buf bytes.Buffer
	buf.WriteString("\xef\xbb\xbf")
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = true
	cw.Write(header)
	for _, r := range rows {
		out := make([]string, len(r))
		for i, c := range r {
			out[i] = defuse(c)
		}
		cw.Write(out)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// defuse prefixes a cell that starts like a formula with an apostrophe,
// except numbers and telephone numbers such as "+34 944 000 000".
func defuse(c string) string {
	if c == "" || !strings.ContainsRune(formulaStart, rune(c[0])) {
		return c
	}
	if strings.Trim(c, "0123456789+-() ./") == "" && strings.ContainsAny(c, "0123456789") {
		return c
	}
	return "'" + c
}

func writeXLSX(w io.Writer, sheet string, header []string, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	if sheet == "" {
		sheet = "Sheet1"
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	for n, r := range rows {
		cells := make([]any, len(r))
		for i, c := range r {
			cells[i] = c // strings are written as text, never as formulas
		}
		cell, _ := excelize.CoordinatesToCellName(1, n+2)
		if err := sw.SetRow(cell, cells); err != nil {
			return fmt.Errorf("write xlsx: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	return nil
}

// ContentType returns the MIME type of a format.
func ContentType(f Format) string {
	if f == FormatXLSX {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}
