package web

import (
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"caravan/internal/mission"
	"caravan/internal/store"
	"caravan/internal/tabular"
)

// maxUploadBytes bounds an imported file (limitBody lets the import form's
// requests carry this much).
const maxUploadBytes = 5 << 20

// isUpload reports whether a path is where the import form posts its file
// (POST /missions/{id}/import).
func isUpload(path string) bool {
	return strings.HasPrefix(path, "/missions/") && strings.HasSuffix(path, "/import")
}

// importPage is the data of import.html: the upload form of a mission, its
// exports, and, after an upload, the preview or the result.
type importPage struct {
	Mission *mission.Mission
	Role    string
	Error   string
	Kinds   []string // what can be exported
	// The preview of an upload (Import set, not applied) or its result.
	Import *store.Import
	Report *tabular.Report
	Good   int // rows that the confirmation imports
}

// importFile is the resource of actImportUse: an uploaded file seen by its
// uploader, who must still organise its mission.
type importFile struct {
	AccountID int64
	Mission   *mission.Mission
}

// handleImportForm shows the upload form and the exports of a mission.
func (s *Server) handleImportForm(w http.ResponseWriter, r *http.Request) {
	m, _ := s.editableMission(w, r, actPeopleImport)
	if m == nil {
		return
	}
	s.render(w, r, http.StatusOK, "import.html", &importPage{Mission: m, Role: mission.RoleParticipant, Kinds: tabular.ExportKinds})
}

// handleImportUpload keeps an uploaded CSV or XLSX file in the database
// (table imports, for an hour) and sends the organiser to its preview.
// Nothing is imported before the organiser confirms there.
func (s *Server) handleImportUpload(w http.ResponseWriter, r *http.Request) {
	m, u := s.editableMission(w, r, actPeopleImport)
	if m == nil {
		return
	}
	l := s.localizer(r)
	p := &importPage{Mission: m, Role: r.PostFormValue("role"), Kinds: tabular.ExportKinds}
	if p.Role != mission.RoleLocal {
		p.Role = mission.RoleParticipant
	}
	data, name, err := readUpload(r)
	var maxBytes *http.MaxBytesError
	switch {
	case errors.As(err, &maxBytes):
		p.Error = l.T("import.too_large", "max", 5)
	case err != nil:
		p.Error = l.T("import.no_file")
	}
	if err == nil {
		if _, err := tabular.Read(data); err != nil {
			p.Error = l.T("import.unreadable")
			if mission.ErrorCode(err) == mission.EINVALID && l.Lang() == "en" {
				p.Error += " " + mission.ErrorMessage(err)
			}
		}
	}
	if p.Error != "" {
		s.render(w, r, http.StatusUnprocessableEntity, "import.html", p)
		return
	}
	imp := &store.Import{MissionID: m.ID, AccountID: u.Account.ID, FileName: name, Role: p.Role, Content: data, CreatedAt: s.now()}
	if err := s.db.CreateImport(r.Context(), imp); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/imports/"+strconv.FormatInt(imp.ID, 10), http.StatusSeeOther)
}

// readUpload returns the posted file's bytes and base name.
func readUpload(r *http.Request) ([]byte, string, error) {
	if err := r.ParseMultipartForm(maxUploadBytes); err != nil {
		return nil, "", err
	}
	f, h, err := r.FormFile("file")
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxUploadBytes+1))
	if err != nil {
		return nil, "", err
	}
	if len(data) > maxUploadBytes {
		return nil, "", &http.MaxBytesError{Limit: maxUploadBytes}
	}
	if len(data) == 0 {
		return nil, "", errors.New("empty file")
	}
	name := filepath.Base(filepath.Clean("/" + h.Filename))
	if len(name) > 200 {
		name = name[:200]
	}
	return data, name, nil
}

// upload returns the upload of the request when the user uploaded it and
// still organises its mission; anything else is not found. It answers for
// the handler and returns nil otherwise.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) (*store.Import, *mission.Mission, *mission.User) {
	u := s.requireUser(w, r)
	if u == nil {
		return nil, nil, nil
	}
	id, err := parseID(r, "import")
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, nil
	}
	notFound := userError(mission.ENOTFOUND, "error.no_import", "id", strconv.FormatInt(id, 10))
	imp, err := s.db.Import(r.Context(), id, s.now())
	if mission.ErrorCode(err) == mission.ENOTFOUND {
		s.fail(w, r, notFound)
		return nil, nil, nil
	} else if err != nil {
		s.fail(w, r, err)
		return nil, nil, nil
	}
	m, err := s.db.Mission(r.Context(), imp.MissionID)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, nil
	}
	if !can(u, actImportUse, importFile{AccountID: imp.AccountID, Mission: m}) {
		s.fail(w, r, notFound)
		return nil, nil, nil
	}
	return imp, m, u
}

// parseUpload reads an upload's file into its good rows and report.
func parseUpload(imp *store.Import) ([]mission.ImportRow, *tabular.Report, error) {
	tab, err := tabular.Read(imp.Content)
	if err != nil {
		return nil, nil, err
	}
	rows, rep := tabular.Parse(tab, imp.Role)
	if len(rep.FileIssues) > 0 {
		rows = nil
	}
	return rows, rep, nil
}

// handleImportShow shows an upload's preview: every row of the file with
// what importing it would do (new, updated, unchanged) or what is wrong
// with it, worked out by a dry run of the import; or, once confirmed, the
// result.
func (s *Server) handleImportShow(w http.ResponseWriter, r *http.Request) {
	imp, m, _ := s.upload(w, r)
	if imp == nil {
		return
	}
	p := &importPage{Mission: m, Role: imp.Role, Import: imp, Kinds: tabular.ExportKinds}
	if imp.AppliedAt.IsZero() {
		rows, rep, err := parseUpload(imp)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		results, err := s.db.ImportRows(r.Context(), m.ID, rows, s.now(), true)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		rep.Apply(results)
		p.Report, p.Good = rep, len(rows)
	}
	s.render(w, r, http.StatusOK, "import.html", p)
}

// handleImportConfirm imports the good rows of an upload in one
// transaction, once: confirming again changes nothing.
func (s *Server) handleImportConfirm(w http.ResponseWriter, r *http.Request) {
	imp, m, u := s.upload(w, r)
	if imp == nil {
		return
	}
	rows, rep, err := parseUpload(imp)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(rows) == 0 {
		s.fail(w, r, userError(mission.EINVALID, "import.nothing"))
		return
	}
	results, err := s.db.ApplyImport(r.Context(), imp.ID, rows, rep.Errors, s.now())
	if mission.ErrorCode(err) == mission.ECONFLICT {
		s.fail(w, r, userError(mission.ECONFLICT, "import.already"))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	rep.Apply(results)
	s.audit(r, u.Account.ID, "people.import", "mission", m.ID, "import "+strconv.FormatInt(imp.ID, 10)+": "+
		strconv.Itoa(rep.New)+" new, "+strconv.Itoa(rep.Updated)+" updated, "+strconv.Itoa(rep.Unchanged)+" unchanged, "+
		strconv.Itoa(rep.Errors)+" with errors")
	http.Redirect(w, r, "/imports/"+strconv.FormatInt(imp.ID, 10), http.StatusSeeOther)
}
