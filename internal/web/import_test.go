package web

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"caravan/internal/mission"
	"caravan/internal/tabular"
)

// upload posts a file to a mission's import form as the cookie's user.
func (a *accountsServer) upload(t *testing.T, missionID int64, name string, data []byte, header map[string]string, cookie *http.Cookie) *httptest.ResponseRecorder {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("role", "participant")
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	r := httptest.NewRequest("POST", fmt.Sprintf("/missions/%d/import", missionID), &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r.RemoteAddr = a.ip + ":40000"
	for k, v := range header {
		r.Header.Set(k, v)
	}
	r.AddCookie(cookie)
	w := httptest.NewRecorder()
	a.ServeHTTP(w, r)
	return w
}

// TestImportPages uploads a messy CSV file as the organiser, checks the
// preview (in both languages) stores nothing, confirms it, and uploads it
// again; then exports the participants.
func TestImportPages(t *testing.T) {
	messy, err := os.ReadFile("../tabular/testdata/messy.csv")
	if err != nil {
		t.Fatal(err)
	}
	a := newAccountsServer(t)
	organiser := a.session(t, "organiser")
	basque := testInfo.BasqueMissionID
	stored := func(email string) bool {
		t.Helper()
		list, err := a.db.Persons(t.Context(), mission.PersonFilter{Email: email})
		if err != nil {
			t.Fatal(err)
		}
		return len(list) > 0
	}

	w := a.upload(t, basque, "messy.csv", messy, nil, organiser)
	if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/imports/") {
		t.Fatalf("upload: got %d to %q, want 303 to /imports/…", w.Code, w.Header().Get("Location"))
	}
	preview := w.Header().Get("Location")
	w = a.request(t, "GET", preview, nil, nil, organiser)
	body := w.Body.String()
	for _, want := range []string{"messy.csv", "“jan.nowak@” is not a valid e-mail address.", "the person&#39;s name is missing.",
		"“Atlantis” is not a country we know", "the e-mail address “ana@ikerlan.example” is already on row 2.",
		`<tr id="line-9">`, "Ana García, Ikerlan", "Import 3 rows", "4 rows have errors and will be left out."} {
		if !strings.Contains(body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	if w.Code != http.StatusOK || stored("ana@ikerlan.example") {
		t.Fatalf("preview: got %d, stored %v; want 200 and nothing stored", w.Code, stored("ana@ikerlan.example"))
	}
	w = a.request(t, "GET", preview, nil, map[string]string{"Accept-Language": "es"}, organiser)
	if !strings.Contains(w.Body.String(), "«jan.nowak@» no es un correo electrónico válido.") || !strings.Contains(w.Body.String(), "Importar 3 filas") {
		t.Errorf("the Spanish preview lacks its messages")
	}
	// Someone else's upload is not found, even to another organiser of the mission's consortium.
	if w := a.request(t, "GET", preview, nil, nil, a.session(t, "host")); w.Code != http.StatusNotFound {
		t.Errorf("the host got %d for the organiser's upload, want 404", w.Code)
	}

	w = a.request(t, "POST", preview, nil, nil, organiser)
	if w.Code != http.StatusSeeOther || !stored("ana@ikerlan.example") || !stored("hans@technik.example") || stored("piotr@pl.example") {
		t.Fatalf("confirm: got %d; want 303 with Ana and Hans stored and not Piotr", w.Code)
	}
	members, err := a.db.MissionMembers(t.Context(), basque, mission.RoleParticipant)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, mm := range members {
		if mm.Person.Email == "ana@ikerlan.example" || mm.Person.Email == "hans@technik.example" {
			found++
		}
	}
	if found != 2 {
		t.Errorf("got %d of Ana and Hans as participants, want 2", found)
	}
	w = a.request(t, "GET", preview, nil, nil, organiser)
	if !strings.Contains(w.Body.String(), "messy.csv has been imported.") || strings.Contains(w.Body.String(), "Import 3 rows") {
		t.Errorf("after confirming, the page does not say the file was imported")
	}
	if w := a.request(t, "POST", preview, nil, nil, organiser); w.Code != http.StatusConflict {
		t.Errorf("confirming twice: got %d, want 409", w.Code)
	}

	// The same file again: nothing new.
	w = a.upload(t, basque, "messy.csv", messy, nil, organiser)
	w = a.request(t, "GET", w.Header().Get("Location"), nil, nil, organiser)
	if strings.Count(w.Body.String(), `status-unchanged">Unchanged`) != 3 || strings.Contains(w.Body.String(), `status-new">`) {
		t.Errorf("re-import preview: want three unchanged rows and none new")
	}

	// An XLSX workbook, told by its content even under a .csv name.
	book := excelize.NewFile()
	for i, row := range [][]any{{"Organización", "País", "Nombre", "Correo"}, {"Lasa Mecanizados", "España", "Leire Lasa", "leire@lasa.example"}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := book.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var xlsx bytes.Buffer
	if _, err := book.WriteTo(&xlsx); err != nil {
		t.Fatal(err)
	}
	w = a.upload(t, basque, "people.csv", xlsx.Bytes(), nil, organiser)
	w = a.request(t, "GET", w.Header().Get("Location"), nil, nil, organiser)
	if !strings.Contains(w.Body.String(), "Leire Lasa, Lasa Mecanizados") || !strings.Contains(w.Body.String(), "Import 1 row<") {
		t.Errorf("the XLSX preview lacks its row")
	}

	// Hostile and bad files.
	w = a.upload(t, basque, "x.csv", []byte("Name,Email,Organisation,Country\n<script>alert(1)</script>,x@y.example,<b>Org</b>,ES\n"), nil, organiser)
	w = a.request(t, "GET", w.Header().Get("Location"), nil, nil, organiser)
	if strings.Contains(w.Body.String(), "<script>alert") || !strings.Contains(w.Body.String(), "&lt;script&gt;alert(1)&lt;/script&gt;, &lt;b&gt;Org&lt;/b&gt;") {
		t.Errorf("the preview does not escape the file's content")
	}
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"broken.xlsx", []byte("PK\x03\x04 broken"), "The file cannot be read as CSV or XLSX."},
		{"empty.csv", nil, "Choose a CSV or XLSX file to upload."},
		{"big.csv", bytes.Repeat([]byte("a,b\n"), 5<<18+1), "The file is larger than 5 MB."},
	} {
		w := a.upload(t, basque, tt.name, tt.data, nil, organiser)
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), tt.want) {
			t.Errorf("%s: got %d, want 422 with %q", tt.name, w.Code, tt.want)
		}
	}
	if w := a.upload(t, basque, "messy.csv", messy, map[string]string{"Sec-Fetch-Site": "cross-site"}, organiser); w.Code != http.StatusForbidden {
		t.Errorf("cross-site upload: got %d, want 403", w.Code)
	}

	// Exports.
	for _, format := range []tabular.Format{tabular.FormatCSV, tabular.FormatXLSX} {
		w := a.request(t, "GET", fmt.Sprintf("/missions/%d/export?what=participants&format=%s", basque, format), nil, nil, organiser)
		if w.Code != http.StatusOK || w.Header().Get("Content-Type") != tabular.ContentType(format) ||
			w.Header().Get("Content-Disposition") != fmt.Sprintf(`attachment; filename="mission-%d-participants.%s"`, basque, format) {
			t.Fatalf("export %s: got %d, %q, %q", format, w.Code, w.Header().Get("Content-Type"), w.Header().Get("Content-Disposition"))
		}
		tab, err := tabular.Read(w.Body.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		rows, rep := tabular.Parse(tab, "")
		has := false
		for _, r := range rows {
			if r.Person != nil && r.Person.Email == "hans@technik.example" && r.Role == mission.RoleParticipant && r.Organisation.Country == "DE" {
				has = true
			}
		}
		// Demo people without an e-mail address come back as rows with errors.
		if !has || len(rep.FileIssues) > 0 || len(rows) < 10 {
			t.Errorf("export %s: got %d rows, Hans %v, issues %v; want many rows with Hans", format, len(rows), has, rep.FileIssues)
		}
	}
	w = a.request(t, "GET", fmt.Sprintf("/missions/%d/export?what=programme&format=csv", basque), nil, nil, organiser)
	if !strings.HasPrefix(w.Body.String(), "\ufeffDate,Starts,Ends,Kind,Title,") || strings.Count(w.Body.String(), "\r\n") < 5 {
		t.Errorf("programme export: got %.80q", w.Body.String())
	}
}

// TestImportMessages checks that the catalogue has, in every language, the
// messages that import.html composes from codes.
func TestImportMessages(t *testing.T) {
	var ids []string
	for _, code := range tabular.IssueCodes {
		ids = append(ids, "import.issue."+code)
	}
	for _, o := range []string{mission.ImportNew, mission.ImportUpdated, mission.ImportUnchanged, mission.ImportError} {
		ids = append(ids, "import.outcome."+o)
	}
	for _, f := range []string{tabular.FieldOrganisation, tabular.FieldCountry, tabular.FieldEmail} { // the required columns
		ids = append(ids, "import.field."+f)
	}
	for _, k := range tabular.ExportKinds {
		ids = append(ids, "export.what."+k)
	}
	ids = append(ids, "role."+mission.RoleParticipant, "role."+mission.RoleLocal, "error.no_import")
	for _, tag := range testServer.bundle.Languages() {
		l := testServer.bundle.Localizer(tag.String())
		for _, id := range ids {
			if !l.Has(id) {
				t.Errorf("the %s catalogue lacks %q", tag, id)
			}
		}
	}
}
