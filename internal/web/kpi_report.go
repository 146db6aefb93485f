package web

import (
	"fmt"
	"net/http"
	"strings"

	"caravan/internal/mission"
	"caravan/internal/pdfdoc"
)

// handleMissionReport writes the mission report that organisers send to
// the funder: the mission's facts, its consortium's partners, the
// programme's highlights, every KPI table with its bars, and the feedback
// survey's summary with its open answers, never who gave them.
func (s *Server) handleMissionReport(w http.ResponseWriter, r *http.Request) {
	m, _ := s.kpiMission(w, r)
	if m == nil {
		return
	}
	ctx := r.Context()
	k, err := s.db.MissionKPI(ctx, m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	host, err := s.db.Organisation(ctx, m.HostOrganisationID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var consortium *mission.Consortium
	if m.ConsortiumID != 0 {
		if consortium, err = s.db.Consortium(ctx, m.ConsortiumID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	items, err := s.db.ProgrammeItems(ctx, m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	answers, err := s.openAnswers(r, m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l := s.localizer(r)
	country := func(code string) string { return label(l, "country.", code) }
	title := l.T("report.title") + ": " + m.Title
	doc := pdfdoc.New(title)
	doc.Footer(m.Title, l.T("report.page"))
	doc.Heading(title)
	facts := [][2]string{
		{l.T("mission.dates"), l.FormatDateRange(m.StartsOn, m.EndsOn)},
		{l.T("mission.host"), host.Name},
		{l.T("mission.host_city"), l.T("mission.place", "city", m.HostCity, "country", country(m.HostCountry))},
		{l.T("mission.kind"), label(l, "mission.kind.", m.Kind)},
		{l.T("report.status"), label(l, "mission.status.", m.Status)},
	}
	if consortium != nil {
		facts = append(facts, [2]string{l.T("mission.consortium"), consortium.Name})
		var partners []string
		for _, p := range consortium.Partners {
			partners = append(partners, p.Organisation.Name+" ("+country(p.Organisation.Country)+")")
		}
		facts = append(facts, [2]string{l.T("report.partners"), strings.Join(partners, ", ")})
	}
	doc.KeyValue(facts)
	if m.Summary != "" {
		doc.Paragraph(m.Summary)
	}

	doc.Subheading(l.T("report.key_figures"))
	var figures [][2]string
	for _, f := range kpiFigures(l, k) {
		figures = append(figures, [2]string{f.Label, f.Value})
	}
	doc.KeyValue(figures)

	var highlights [][]string
	loc := m.Location()
	for _, it := range items {
		if it.Kind == mission.ItemTravel {
			continue
		}
		highlights = append(highlights, []string{l.FormatDate(it.StartsAt, loc) + " " + l.FormatTime(it.StartsAt, loc),
			label(l, "programme.kind.", it.Kind), it.Title, it.Venue})
	}
	if len(highlights) > 0 {
		doc.Subheading(l.T("report.programme"))
		doc.Table([]string{l.T("report.when"), l.T("report.kind"), l.T("report.item"), l.T("report.venue")}, []float64{2, 1.6, 4, 3}, highlights)
	}

	for _, t := range missionTables(l, k, false) {
		doc.Subheading(t.Title)
		if len(t.Bars) > 0 {
			bars := make([]pdfdoc.Bar, len(t.Bars))
			for i, b := range t.Bars {
				bars[i] = pdfdoc.Bar(b)
			}
			doc.Bars(bars)
		}
		doc.Table(t.Header, nil, t.Rows)
		if t.Note != "" {
			doc.Paragraph(t.Note)
		}
	}

	doc.Subheading(l.T("report.feedback"))
	doc.Paragraph(l.T("report.anonymous"))
	for _, a := range answers {
		if len(a.Answers) == 0 {
			continue
		}
		doc.Paragraph(a.Question)
		var rows [][]string
		for _, ac := range a.Answers {
			rows = append(rows, []string{l.FormatInt(int64(ac.Count)), ac.Text})
		}
		doc.Table([]string{l.T("report.times"), l.T("report.answer")}, []float64{1, 12}, rows)
	}
	if err := writePDF(w, doc, fmt.Sprintf("mission-%d-report.pdf", m.ID)); err != nil {
		s.fail(w, r, err)
	}
}
