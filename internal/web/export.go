package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"

	"caravan/internal/mission"
	"caravan/internal/store"
	"caravan/internal/tabular"
)

// handleExport answers a mission's participants (its members), programme
// or applications as a CSV or XLSX attachment:
// /missions/{id}/export?what=participants&format=xlsx.
func (s *Server) handleExport(w http.ResponseWriter, r *http.Request) {
	m, u := s.editableMission(w, r, actMissionExport)
	if m == nil {
		return
	}
	what, format := r.URL.Query().Get("what"), tabular.Format(r.URL.Query().Get("format"))
	if !slices.Contains(tabular.ExportKinds, what) || (format != tabular.FormatCSV && format != tabular.FormatXLSX) {
		s.fail(w, r, userError(mission.EINVALID, "export.bad_request"))
		return
	}
	header, rows, err := exportRows(r.Context(), s.db, m, what)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := tabular.Write(&buf, format, what, header, rows); err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, u.Account.ID, "mission.export", "mission", m.ID, what+" "+string(format))
	h := w.Header()
	h.Set("Content-Type", tabular.ContentType(format))
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="mission-%d-%s.%s"`, m.ID, what, format))
	h.Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// exportRows reads what a mission's export holds (cmd/caravan's export
// reads the same).
func exportRows(ctx context.Context, db *store.DB, m *mission.Mission, what string) ([]string, [][]string, error) {
	switch what {
	case tabular.ExportParticipants:
		members, err := db.MissionMembers(ctx, m.ID, "")
		if err != nil {
			return nil, nil, err
		}
		h, r := tabular.Participants(members)
		return h, r, nil
	case tabular.ExportProgramme:
		items, err := db.ProgrammeItems(ctx, m.ID)
		if err != nil {
			return nil, nil, err
		}
		h, r := tabular.Programme(items, m.Location())
		return h, r, nil
	}
	var apps []*mission.Application
	for after := int64(0); ; {
		page, err := db.Applications(ctx, mission.ApplicationFilter{MissionID: m.ID, Limit: 1000, After: after})
		if err != nil {
			return nil, nil, err
		}
		apps = append(apps, page...)
		if len(page) < 1000 {
			break
		}
		after = page[len(page)-1].ID
	}
	h, r := tabular.Applications(apps)
	return h, r, nil
}
