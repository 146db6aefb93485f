// Package tabular reads the participant and organisation lists that
// organisers keep in spreadsheets (CSV and XLSX), maps their columns by
// header name in English, Spanish, French and German, checks each row with
// the domain's Validate methods and reports what is wrong where; it also
// writes exports as CSV and XLSX. It imports internal/mission only: never
// the store, web or cmd.
package tabular

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"caravan/internal/mission"
)

// Limits of what Read accepts.
const (
	MaxRows  = 10000 // data rows
	MaxCells = 64    // columns
	// maxUnzipped bounds an XLSX's unpacked size, against zip bombs.
	maxUnzipped = 64 << 20
)

// Table is a file's header and its rows, without empty rows.
type Table struct {
	Header     []string
	HeaderLine int
	Rows       []Row
}

// Row is one row of a table with its line in the file (CSV) or its row
// number (XLSX), as the organiser sees it in a text editor or Excel.
type Row struct {
	Line  int
	Cells []string
}

// Format names a file format: FormatCSV or FormatXLSX.
type Format string

// Formats of Read and Write.
const (
	FormatCSV  Format = "csv"
	FormatXLSX Format = "xlsx"
)

// Detect tells the format of a file by its content: XLSX files are zip
// archives ("PK\x03\x04"), everything else is read as CSV text.
func Detect(data []byte) Format {
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return FormatXLSX
	}
	return FormatCSV
}

// Read reads a CSV or XLSX file (by Detect) into a table whose first
// non-empty row is the header. A file it cannot read, or one without a
// header, is EINVALID with a message that says why.
func Read(data []byte) (*Table, error) {
	if Detect(data) == FormatXLSX {
		return ReadXLSX(data)
	}
	return ReadCSV(data)
}

// ReadCSV reads CSV text: UTF-8 with or without a byte-order mark (text that
// is not UTF-8 is read as Windows-1252, which Excel writes on Windows),
// separated by commas, semicolons or tabs (whichever the header line holds
// most of, outside quotes), with LF or CRLF line ends and quoted fields.
// Rows whose cells are all empty are left out.
func ReadCSV(data []byte) (*Table, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		data = fromWindows1252(data)
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, mission.Errorf(mission.EINVALID, "The file is neither CSV text nor an XLSX workbook.")
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = separator(data)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = false
	t := &Table{}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, mission.Errorf(mission.EINVALID, "Line %d: %s.", pe.Line, pe.Err)
			}
			return nil, mission.Errorf(mission.EINVALID, "The file cannot be read as CSV.")
		}
		if err := t.add(line, rec); err != nil {
			return nil, err
		}
	}
	return t.done()
}

// add appends a record, the first non-empty one as the header.
func (t *Table) add(line int, cells []string) error {
	empty := true
	for i, c := range cells {
		cells[i] = strings.TrimSpace(c)
		if cells[i] != "" {
			empty = false
		}
	}
	switch {
	case empty:
		return nil
	case len(cells) > MaxCells:
		return mission.Errorf(mission.EINVALID, "Line %d has %d columns; at most %d are read.", line, len(cells), MaxCells)
	case t.Header == nil:
		t.Header, t.HeaderLine = cells, line
	case len(t.Rows) >= MaxRows:
		return mission.Errorf(mission.EINVALID, "The file has more than %d rows; split it.", MaxRows)
	default:
		t.Rows = append(t.Rows, Row{Line: line, Cells: cells})
	}
	return nil
}

func (t *Table) done() (*Table, error) {
	if t.Header == nil {
		return nil, mission.Errorf(mission.EINVALID, "The file is empty.")
	}
	return t, nil
}

// separator picks the separator of CSV text from its first line: the most
// frequent of ',', ';' and tab outside quotes (',' when none).
func separator(data []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, c := range string(data) {
		if c == '"' {
			quoted = !quoted
		} else if !quoted && (c == '\n' || c == '\r') {
			break
		} else if !quoted && (c == ',' || c == ';' || c == '\t') {
			counts[c]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// windows1252 maps the bytes 0x80–0x9F of Windows-1252 to runes; the other
// bytes above 0x7F are Latin-1.
var windows1252 = [32]rune{'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8D, 'Ž', 0x8F,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9D, 'ž', 'Ÿ'}

func fromWindows1252(data []byte) []byte {
	var b strings.Builder
	for _, c := range data {
		switch {
		case c < 0x80:
			b.WriteByte(c)
		case c < 0xA0:
			b.WriteRune(windows1252[c-0x80])
		default:
			b.WriteRune(rune(c))
		}
	}
	return []byte(b.String())
}

// ReadXLSX reads the first sheet of an XLSX workbook; a row's Line is its
// row number in the sheet. Cells are read as Excel shows them.
func ReadXLSX(data []byte) (*Table, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzipped})
	if err != nil {
		return nil, mission.Errorf(mission.EINVALID, "The file looks like a zip archive but is not a readable XLSX workbook.")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, mission.Errorf(mission.EINVALID, "The workbook has no sheet.")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, mission.Errorf(mission.EINVALID, "The first sheet of the workbook cannot be read.")
	}
	defer rows.Close()
	t := &Table{}
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns()
		if err != nil {
			return nil, mission.Errorf(mission.EINVALID, "Row %d of the workbook cannot be read.", n)
		}
		if err := t.add(n, cells); err != nil {
			return nil, err
		}
	}
	if err := rows.Error(); err != nil {
		return nil, mission.Errorf(mission.EINVALID, "The first sheet of the workbook cannot be read.")
	}
	return t.done()
}

// String describes a table's size, for logs and tests.
func (t *Table) String() string {
	return fmt.Sprintf("%d columns, %d rows", len(t.Header), len(t.Rows))
}
