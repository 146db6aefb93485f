package tabular

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"caravan/internal/mission"
)

// issueLine is an issue as the tests compare it.
func issueLines(rep *Report) []string {
	var out []string
	for _, iss := range rep.FileIssues {
		out = append(out, fmt.Sprintf("%d %s %s", iss.Line, iss.Column, iss.Code))
	}
	for _, r := range rep.Rows {
		for _, iss := range r.Issues {
			out = append(out, fmt.Sprintf("%d %s %s", iss.Line, iss.Column, iss.Code))
		}
	}
	return out
}

func TestParseMessyCSV(t *testing.T) {
	data, err := os.ReadFile("testdata/messy.csv")
	if err != nil {
		t.Fatal(err)
	}
	tab, err := Read(data)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if got := len(tab.Header); got != 6 {
		t.Fatalf("got %d header cells %q, want 6", got, tab.Header)
	}
	rows, rep := Parse(tab, mission.RoleParticipant)
	want := []string{
		"3 e-Mail Address email_invalid",
		"4 NAME name_required",
		"5 PAÍS country_unknown",
		"7 e-Mail Address duplicate_email",
	}
	if got := issueLines(rep); !slices.Equal(got, want) {
		t.Errorf("got issues\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(rep.Rows) != 7 || rep.Errors != 4 {
		t.Errorf("got %d rows and %d errors, want 7 and 4", len(rep.Rows), rep.Errors)
	}
	var lines []int
	for _, r := range rows {
		lines = append(lines, r.Line)
	}
	if !slices.Equal(lines, []int{2, 6, 9}) {
		t.Fatalf("got good rows on lines %v, want [2 6 9]", lines)
	}
	ana, hans, saxony := rows[0], rows[1], rows[2]
	if ana.Person.Name != "Ana García" || ana.Person.Email != "ana@ikerlan.example" || ana.Organisation.Country != "ES" ||
		ana.Organisation.Kind != mission.KindSME || rows[1].Organisation.Kind != mission.KindSME || ana.Organisation.City != "Arrasate" || ana.Role != mission.RoleParticipant {
		t.Errorf("got row 2 %+v %+v, want Ana García of Ikerlan, ES, sme, Arrasate", ana.Person, ana.Organisation)
	}
	if hans.Person.Name != "Müller; Hans" || hans.Person.Email != "hans@technik.example" || hans.Organisation.Country != "DE" {
		t.Errorf("got row 6 %+v %+v, want the quoted name, the e-mail in lower case and DE", hans.Person, hans.Organisation)
	}
	if saxony.Person != nil || saxony.Organisation.Name != "Silicon Saxony" || saxony.Organisation.Kind != mission.KindCluster {
		t.Errorf("got row 9 %+v %+v, want the cluster Silicon Saxony without a person", saxony.Person, saxony.Organisation)
	}
	dup := rep.Rows[5].Issues[0]
	if dup.Row != 2 || !strings.Contains(dup.Message, "row 2") {
		t.Errorf("got duplicate issue %+v, want it to name row 2", dup)
	}
	var text bytes.Buffer
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`line 3: error: e-Mail Address: "jan.nowak@" is not a valid e-mail address.`,
		`line 5: error: PAÍS: "Atlantis" is not a country Caravan knows`, "0 new, 0 updated, 0 unchanged, 4 with errors"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("report text lacks %q:\n%s", want, text.String())
		}
	}
}

func TestReadCSVVariants(t *testing.T) {
	for _, tt := range []struct {
		name string
		data string
		want [][]string // header, then rows
	}{
		{"commas, LF", "a,b\n1,2\n", [][]string{{"a", "b"}, {"1", "2"}}},
		{"tabs", "a\tb\r\n1\t2", [][]string{{"a", "b"}, {"1", "2"}}},
		{"semicolons beat commas in quotes", "\"x,y\";b\n\"1,5\";2\n", [][]string{{"x,y", "b"}, {"1,5", "2"}}},
		{"quoted newline", "a,b\n\"line1\nline2\",2\n", [][]string{{"a", "b"}, {"line1\nline2", "2"}}},
		{"leading empty rows", "\n,,\na,b\n1,2\n\n\n", [][]string{{"a", "b"}, {"1", "2"}}},
		{"windows-1252", "Pa\xeds\nEspa\xf1a\n", [][]string{{"País"}, {"España"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := ReadCSV([]byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			got := [][]string{tab.Header}
			for _, r := range tab.Rows {
				got = append(got, r.Cells)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	for _, bad := range []string{"", "\n\n", "a,b\x00c"} {
		if _, err := ReadCSV([]byte(bad)); mission.ErrorCode(err) != mission.EINVALID {
			t.Errorf("ReadCSV(%q): got %v, want EINVALID", bad, err)
		}
	}
}

func TestHeaderAndValues(t *testing.T) {
	m := MapHeader([]string{"Correo electrónico", "Empresa", "Pays", "Vorname", "Nachname", "Rôle", "Notes", "E-mail"})
	for field, col := range map[string]int{FieldEmail: 0, FieldOrganisation: 1, FieldCountry: 2, FieldFirstName: 3, FieldLastName: 4, FieldRole: 5} {
		if got, ok := m.Columns[field]; !ok || got != col {
			t.Errorf("field %s: got column %d (%v), want %d", field, got, ok, col)
		}
	}
	if !slices.Equal(m.Ignored, []string{"Notes", "E-mail"}) {
		t.Errorf("got ignored %q, want Notes and the second E-mail", m.Ignored)
	}
	for in, want := range map[string]string{"es": "ES", " de ": "DE", "EL": "GR", "UK": "GB", "Spain": "ES", "ESPAÑA": "ES",
		"Allemagne": "DE", "Österreich": "AT", "Czech Republic": "CZ", "Pays-Bas": "NL", "XX": "", "Atlantis": ""} {
		if got := Country(in); got != want {
			t.Errorf("Country(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"PYME": mission.KindSME, "Clúster": mission.KindCluster, "Université": mission.KindSupportOrg,
		"large_company": mission.KindLargeCompany, "Behörde": mission.KindPublicBody, "giant": ""} {
		if got := Kind(in); got != want {
			t.Errorf("Kind(%q) = %q, want %q", in, got, want)
		}
	}
	tab := &Table{Header: []string{"Vorname", "Nachname", "E-Mail", "Firma", "Land", "Rolle"}, HeaderLine: 1,
		Rows: []Row{{Line: 2, Cells: []string{"Eva", "Klein", "eva@k.example", "Klein AG", "Deutschland", "empresa local"}},
			{Line: 3, Cells: []string{"Max", "", "max@k.example", "Klein AG", "DE", "boss"}}}}
	rows, rep := Parse(tab, mission.RoleParticipant)
	if len(rows) != 1 || rows[0].Person.Name != "Eva Klein" || rows[0].Role != mission.RoleLocal {
		t.Errorf("got rows %+v, want Eva Klein as local", rows)
	}
	if got := issueLines(rep); !slices.Equal(got, []string{"3 Rolle role_unknown"}) {
		t.Errorf("got issues %q, want row 3's role", got)
	}
	_, rep = Parse(&Table{Header: []string{"Name", "Email"}, HeaderLine: 1, Rows: []Row{{Line: 2, Cells: []string{"A", "a@b.example"}}}}, "")
	if got := issueLines(rep); !slices.Equal(got, []string{"1 organisation missing_column", "1 country missing_column"}) || rep.Rows[0].Outcome != mission.ImportError {
		t.Errorf("got issues %q and row %+v, want the two missing columns and the row refused", got, rep.Rows[0])
	}
}

// TestParseXLSX builds a workbook with excelize and reads it back.
func TestParseXLSX(t *testing.T) {
	f := excelize.NewFile()
	rows := [][]any{
		{"Organization", "Country", "Full Name", "Email"},
		{"GAIA", "es", "Itziar Ortiz", "itziar@gaia.example"},
		{},
		{"Pôle SCS", "France", "", "not-an-address"},
		{"Nowhere Ltd", "", "Bob", "bob@nowhere.example"},
		{"Pôle SCS", "FR", "Luc Martin", "LUC@SCS.EXAMPLE"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	if Detect(buf.Bytes()) != FormatXLSX {
		t.Fatal("an XLSX file was not detected as XLSX")
	}
	tab, err := Read(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	good, rep := Parse(tab, mission.RoleParticipant)
	want := []string{"4 Email email_invalid", "4 Full Name name_required", "5 Country country_required"}
	if got := issueLines(rep); !slices.Equal(got, want) {
		t.Errorf("got issues %q, want %q", got, want)
	}
	if len(good) != 2 || good[0].Line != 2 || good[1].Line != 6 || good[1].Person.Email != "luc@scs.example" || good[1].Organisation.Country != "FR" {
		t.Errorf("got good rows %+v, want rows 2 and 6", good)
	}
	if _, err := Read([]byte("PK\x03\x04 not really a zip")); mission.ErrorCode(err) != mission.EINVALID {
		t.Errorf("a broken zip: got %v, want EINVALID", err)
	}
}

// TestWriteReadBack writes participants as CSV and XLSX and reads both
// back through the importer.
func TestWriteReadBack(t *testing.T) {
	org := &mission.Organisation{Name: "Ikerlan, S. Coop.", Kind: mission.KindSupportOrg, Country: "ES", City: "Arrasate"}
	members := []*mission.MissionMember{
		{Role: mission.RoleParticipant, Person: &mission.Person{Name: "=HYPERLINK(\"x\")", Email: "a@ikerlan.example", Phone: "+34 943 000 000", Organisation: org}},
		{Role: mission.RoleLocal, Person: &mission.Person{Name: "Ane \"Txiki\" Zubia", Email: "ane@ikerlan.example", JobTitle: "CTO\nR&D", Organisation: org}},
	}
	header, rows := Participants(members)
	for _, format := range []Format{FormatCSV, FormatXLSX} {
		t.Run(string(format), func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, format, "Participants", header, rows); err != nil {
				t.Fatal(err)
			}
			if format == FormatCSV && !bytes.HasPrefix(buf.Bytes(), []byte("\xef\xbb\xbfName,E-mail,")) {
				t.Errorf("got CSV starting %q, want a BOM and comma-separated header", buf.Bytes()[:20])
			}
			if format == FormatCSV && !strings.Contains(buf.String(), "'=HYPERLINK") {
				t.Errorf("got CSV %q, want the formula defused", buf.String())
			}
			tab, err := Read(buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			good, rep := Parse(tab, "")
			if rep.Failed() || len(rep.Ignored) > 0 || len(good) != 2 {
				t.Fatalf("got %d rows, issues %q, ignored %q; want 2 clean rows", len(good), issueLines(rep), rep.Ignored)
			}
			for i, mm := range members {
				g := good[i]
				if g.Person.Name != mm.Person.Name || g.Person.Email != mm.Person.Email || g.Person.Phone != mm.Person.Phone ||
					g.Person.JobTitle != mm.Person.JobTitle || g.Role != mm.Role || g.Organisation.Name != org.Name || g.Organisation.Kind != org.Kind ||
					g.Organisation.Country != org.Country || g.Organisation.City != org.City {
					t.Errorf("row %d: got %+v %+v role %s, want %+v role %s", i, g.Person, g.Organisation, g.Role, mm.Person, mm.Role)
				}
			}
		})
	}
}

// FuzzReadCSV checks that any input either reads into a table whose rows
// are not empty and fit the limits, or fails with EINVALID.
func FuzzReadCSV(f *testing.F) {
	if data, err := os.ReadFile("testdata/messy.csv"); err == nil {
		f.Add(data)
	}
	f.Add([]byte("a;b\r\n\"x\"\"y\";2\r\n"))
	f.Add([]byte("\xef\xbb\xbfName\tEmail\n\"open"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := ReadCSV(data)
		if err != nil {
			if mission.ErrorCode(err) != mission.EINVALID {
				t.Fatalf("got %v, want EINVALID", err)
			}
			return
		}
		if len(tab.Header) == 0 || len(tab.Header) > MaxCells || len(tab.Rows) > MaxRows {
			t.Fatalf("got a table of %s", tab)
		}
		last := tab.HeaderLine
		for _, r := range tab.Rows {
			if r.Line <= last {
				t.Fatalf("row lines not increasing: %d after %d", r.Line, last)
			}
			last = r.Line
			if strings.Join(r.Cells, "") == "" {
				t.Fatalf("line %d: an empty row was kept", r.Line)
			}
		}
		good, rep := Parse(tab, mission.RoleParticipant)
		if len(good)+rep.Errors != len(tab.Rows) {
			t.Fatalf("got %d good and %d bad rows of %d", len(good), rep.Errors, len(tab.Rows))
		}
	})
}
