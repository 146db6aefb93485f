package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"caravan/internal/i18n"
	"caravan/internal/mission"
	"caravan/internal/tabular"
)

// kpiTable is one table of the KPI pages, exports and mission report: its
// key (for ?table= and the anchors), title, header and rows, and the chart
// that draws the same figures (the table is the chart's text equivalent).
type kpiTable struct {
	Key    string
	Title  string
	Header []string
	Rows   [][]string
	Chart  template.HTML
	Bars   []chartBar // what Chart draws, for the PDF
	Column bool       // draw as columns (a distribution)
	Note   string
}

// kpiFigure is one key figure at the top of a KPI page.
type kpiFigure struct {
	Label, Value string
}

// kpiPage is the data of kpi.html, a mission's or a consortium's KPI page.
type kpiPage struct {
	Mission    *mission.Mission    // the mission page
	Consortium *mission.Consortium // the consortium page
	KPI        *mission.MissionKPI
	Figures    []kpiFigure
	Tables     []kpiTable
	ExportURL  string // add ?table=KEY&format=csv|xlsx
	Answers    []feedbackAnswers
	// Disputed are the meetings whose sides disagree on whether they took
	// place, for the mission's organisers to ask both.
	Disputed   []disputedMeeting
	CanDispute bool
	// The consortium's targets form, for its organisers.
	CanTargets bool
	TargetKeys []string
	V          map[string]string
	Errors     fieldErrors
	Saved      bool
}

// feedbackAnswers is one open question with its answers, without who gave
// them: each different answer once, with how many gave it.
type feedbackAnswers struct {
	Question string
	Answers  []answerCount
}

// answerCount is an open answer and how many people gave it word for word.
type answerCount struct {
	Text  string
	Count int
}

// add counts one more answer.
func (f *feedbackAnswers) add(text string) {
	for i := range f.Answers {
		if f.Answers[i].Text == text {
			f.Answers[i].Count++
			return
		}
	}
	f.Answers = append(f.Answers, answerCount{Text: text, Count: 1})
}

// disputedMeeting is a meeting whose people disagree on whether it took
// place, with each person's record.
type disputedMeeting struct {
	Meeting *mission.Meeting
	Sides   []disputedSide
}

type disputedSide struct {
	Person *mission.Person
	Held   bool
}

// disputedMeetings returns the mission's meetings whose sides disagree.
func (s *Server) disputedMeetings(r *http.Request, missionID int64) ([]disputedMeeting, error) {
	ctx := r.Context()
	meetings, err := s.db.Meetings(ctx, missionID)
	if err != nil {
		return nil, err
	}
	outcomes, err := s.db.MeetingOutcomes(ctx, missionID)
	if err != nil {
		return nil, err
	}
	byMeeting := map[int64][]mission.MeetingOutcome{}
	for _, o := range outcomes {
		byMeeting[o.MeetingID] = append(byMeeting[o.MeetingID], *o)
	}
	var list []disputedMeeting
	for _, mt := range meetings {
		records := byMeeting[mt.ID]
		if held, _ := mission.MeetingHeld(records); held != mission.HeldDisputed {
			continue
		}
		d := disputedMeeting{Meeting: mt}
		for _, o := range records {
			p, err := s.db.Person(ctx, o.PersonID)
			if err != nil {
				return nil, err
			}
			d.Sides = append(d.Sides, disputedSide{Person: p, Held: o.Held})
		}
		list = append(list, d)
	}
	return list, nil
}

// kpiFormat writes figures for a page (in the reader's language) or for an
// export (plain: digits and a dot, euros with two decimals).
type kpiFormat struct {
	l     *i18n.Localizer
	plain bool
}

func (f kpiFormat) int(n int) string {
	if f.plain {
		return strconv.Itoa(n)
	}
	return f.l.FormatInt(int64(n))
}

func (f kpiFormat) money(cents int64) string {
	if f.plain {
		return fmt.Sprintf("%d.%02d", cents/100, cents%100)
	}
	return f.l.FormatMoney(cents, "EUR")
}

func (f kpiFormat) decimal(x float64) string {
	if f.plain {
		return strconv.FormatFloat(x, 'f', 2, 64)
	}
	return f.l.FormatDecimal(x, 2)
}

// percent writes part of whole as a whole percentage ("" when whole is 0).
func (f kpiFormat) percent(part, whole int) string {
	if whole == 0 {
		return ""
	}
	p := int(float64(part)/float64(whole)*100 + 0.5)
	return f.int(p) + " %"
}

// kpiFigures returns the key figures of a mission or of a consortium's
// missions together.
func kpiFigures(l *i18n.Localizer, k *mission.MissionKPI) []kpiFigure {
	f := kpiFormat{l: l}
	s := k.Satisfaction
	mean := "–"
	if s.Responses > 0 {
		mean = f.decimal(s.Mean) + " / 5"
	}
	return []kpiFigure{
		{l.T("kpi.exchanges"), f.int(k.Exchanges)},
		{l.T("kpi.smes"), f.int(k.SMEs)},
		{l.T("kpi.organisations"), f.int(k.Organisations)},
		{l.T("kpi.countries"), f.int(len(k.Countries))},
		{l.T("kpi.meetings_held"), f.int(k.Meetings.Held)},
		{l.T("kpi.satisfaction_mean"), mean},
		{l.T("kpi.recommend"), cmpOr(f.percent(s.Recommend, s.Responses), "–")},
		{l.T("kpi.committed"), f.money(k.Money.CommittedCents)},
		{l.T("kpi.paid"), f.money(k.Money.PaidCents)},
	}
}

// missionTables returns the KPI tables of a mission or of a consortium's
// missions together, with their charts unless plain.
func missionTables(l *i18n.Localizer, k *mission.MissionKPI, plain bool) []kpiTable {
	f := kpiFormat{l: l, plain: plain}
	var tables []kpiTable

	t := kpiTable{Key: "partners", Title: l.T("kpi.table.partners"), Note: l.T("kpi.note.partners"),
		Header: []string{l.T("kpi.partner"), l.T("kpi.exchanges"), l.T("kpi.smes")}}
	for _, p := range k.Partners {
		name := p.Name
		if p.PartnerID == 0 {
			name = l.T("kpi.no_partner")
		}
		t.Rows = append(t.Rows, []string{name, f.int(p.Exchanges), f.int(p.SMEs)})
		t.Bars = append(t.Bars, chartBar{Label: name, Value: float64(p.Exchanges), Part: float64(p.SMEs),
			Text: l.T("kpi.bar.exchanges", "exchanges", p.Exchanges, "smes", p.SMEs)})
	}
	tables = append(tables, t)

	t = kpiTable{Key: "countries", Title: l.T("kpi.table.countries"), Header: []string{l.T("kpi.country"), l.T("kpi.exchanges")}}
	for _, c := range k.Countries {
		name := label(l, "country.", c.Key)
		t.Rows = append(t.Rows, []string{name, f.int(c.Count)})
		t.Bars = append(t.Bars, chartBar{Label: name, Value: float64(c.Count), Text: f.int(c.Count)})
	}
	tables = append(tables, t)

	m := k.Meetings
	t = kpiTable{Key: "meetings", Title: l.T("kpi.table.meetings"), Note: l.T("kpi.note.meetings"),
		Header: []string{l.T("kpi.stage"), l.T("kpi.meetings")}}
	for _, st := range []struct {
		id string
		n  int
	}{{"requested", m.Requested}, {"accepted", m.Accepted}, {"scheduled", m.Scheduled}, {"held", m.Held},
		{"not_held", m.NotHeld}, {"disputed", m.Disputed}, {"unreported", m.Unreported}} {
		name := l.T("kpi.stage." + st.id)
		t.Rows = append(t.Rows, []string{name, f.int(st.n)})
		t.Bars = append(t.Bars, chartBar{Label: name, Value: float64(st.n), Text: f.int(st.n)})
	}
	tables = append(tables, t)

	t = kpiTable{Key: "outcomes", Title: l.T("kpi.table.outcomes"), Note: l.T("kpi.note.outcomes"),
		Header: []string{l.T("kpi.outcome"), l.T("kpi.meetings")}}
	for _, o := range k.Outcomes {
		name := l.T("outcome.kind." + o.Key)
		t.Rows = append(t.Rows, []string{name, f.int(o.Count)})
		t.Bars = append(t.Bars, chartBar{Label: name, Value: float64(o.Count), Text: f.int(o.Count)})
	}
	tables = append(tables, t)

	s := k.Satisfaction
	t = kpiTable{Key: "satisfaction", Title: l.T("kpi.table.satisfaction"), Column: true,
		Header: []string{l.T("kpi.score"), l.T("kpi.responses")}}
	if s.Responses > 0 {
		t.Note = l.T("kpi.note.satisfaction", "mean", kpiFormat{l: l}.decimal(s.Mean), "responses", s.Responses,
			"recommend", kpiFormat{l: l}.percent(s.Recommend, s.Responses))
	}
	for i := 4; i >= 0; i-- {
		t.Rows = append(t.Rows, []string{f.int(i + 1), f.int(s.Distribution[i])})
	}
	for i := range 5 {
		t.Bars = append(t.Bars, chartBar{Label: l.T("kpi.score_label", "score", i+1), Value: float64(s.Distribution[i]), Text: f.int(s.Distribution[i])})
	}
	tables = append(tables, t)

	t = kpiTable{Key: "money", Title: l.T("kpi.table.money"), Note: l.T("kpi.note.money"),
		Header: []string{l.T("kpi.partner"), l.T("kpi.grants"), l.T("kpi.committed"), l.T("kpi.paid"), l.T("kpi.budget")}}
	for _, p := range k.Partners {
		name := p.Name
		if p.PartnerID == 0 {
			name = l.T("kpi.no_partner")
		}
		t.Rows = append(t.Rows, []string{name, f.int(p.Grants), f.money(p.CommittedCents), f.money(p.PaidCents), f.money(p.BudgetCents)})
		t.Bars = append(t.Bars, chartBar{Label: name, Value: float64(p.CommittedCents), Part: float64(p.PaidCents), Max: float64(p.BudgetCents),
			Text: l.T("kpi.bar.money", "committed", kpiFormat{l: l}.money(p.CommittedCents), "budget", kpiFormat{l: l}.money(p.BudgetCents))})
	}
	t.Rows = append(t.Rows, []string{l.T("kpi.total"), f.int(k.Money.Grants), f.money(k.Money.CommittedCents), f.money(k.Money.PaidCents), f.money(k.Money.BudgetCents)})
	tables = append(tables, t)
	return tables
}

// consortiumTables returns the progress toward a consortium's targets and
// its missions' lines, then the tables of its missions together.
func consortiumTables(l *i18n.Localizer, c *mission.ConsortiumKPI, plain bool) []kpiTable {
	f := kpiFormat{l: l, plain: plain}
	t := kpiTable{Key: "progress", Title: l.T("kpi.table.progress"), Note: l.T("kpi.note.progress"),
		Header: []string{l.T("kpi.target"), l.T("kpi.goal"), l.T("kpi.actual"), l.T("kpi.expected"), l.T("kpi.share")}}
	for _, p := range c.Progress {
		name := l.T("kpi.target." + p.Target)
		t.Rows = append(t.Rows, []string{name, f.int(p.Goal), f.int(p.Actual), f.int(p.Expected), f.percent(p.Actual, p.Goal)})
		t.Bars = append(t.Bars, chartBar{Label: name, Value: float64(p.Actual), Max: float64(p.Goal), Marker: float64(p.Expected),
			Text: l.T("kpi.bar.progress", "actual", p.Actual, "goal", p.Goal)})
	}
	tables := []kpiTable{t}
	t = kpiTable{Key: "missions", Title: l.T("kpi.table.missions"),
		Header: []string{l.T("kpi.mission"), l.T("kpi.starts"), l.T("kpi.exchanges"), l.T("kpi.smes"), l.T("kpi.meetings_held"),
			l.T("kpi.responses"), l.T("kpi.satisfaction_mean")}}
	for _, m := range c.Missions {
		starts := m.StartsOn.Format("2006-01-02")
		if !plain {
			starts = l.FormatDate(m.StartsOn, nil)
		}
		mean := ""
		if m.Responses > 0 {
			mean = f.decimal(m.Satisfaction)
		}
		t.Rows = append(t.Rows, []string{m.Title, starts, f.int(m.Exchanges), f.int(m.SMEs), f.int(m.Meetings), f.int(m.Responses), mean})
		t.Bars = append(t.Bars, chartBar{Label: m.Title, Value: float64(m.Exchanges), Part: float64(m.SMEs),
			Text: l.T("kpi.bar.exchanges", "exchanges", m.Exchanges, "smes", m.SMEs)})
	}
	tables = append(tables, t)
	return append(tables, missionTables(l, c.Total, plain)...)
}

// drawCharts draws each table's chart.
func drawCharts(l *i18n.Localizer, tables []kpiTable) {
	for i := range tables {
		t := &tables[i]
		if len(t.Bars) == 0 {
			continue
		}
		desc := l.T("kpi.chart_desc", "table", t.Title)
		if t.Column {
			t.Chart = columnChart("chart-"+t.Key, t.Title, desc, t.Bars)
		} else {
			t.Chart = barChart("chart-"+t.Key, t.Title, desc, t.Bars)
		}
	}
}

// kpiMission returns the mission of the request when the user may read its
// reports and KPIs (organisers, viewers, admins); it answers for the
// handler and returns nil otherwise: 404 for a mission the user may not
// see, 403 for one they see without the right.
func (s *Server) kpiMission(w http.ResponseWriter, r *http.Request) (*mission.Mission, *mission.User) {
	return s.missionFor(w, r, actReportRead)
}

// handleMissionKPI shows a mission's key figures, each table with its
// chart, and the open answers of its feedback survey without names.
func (s *Server) handleMissionKPI(w http.ResponseWriter, r *http.Request) {
	m, u := s.kpiMission(w, r)
	if m == nil {
		return
	}
	k, err := s.db.MissionKPI(r.Context(), m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l := s.localizer(r)
	answers, err := s.openAnswers(r, m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tables := missionTables(l, k, false)
	drawCharts(l, tables)
	p := kpiPage{Mission: m, KPI: k, Figures: kpiFigures(l, k), Tables: tables,
		ExportURL: fmt.Sprintf("/missions/%d/kpi/export", m.ID), Answers: answers}
	// Who disagreed is for the organisers who follow it up, not the funders.
	if p.CanDispute = can(u, actRequestsManage, m); p.CanDispute {
		if p.Disputed, err = s.disputedMeetings(r, m.ID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "kpi.html", p)
}

// openAnswers returns the open answers of a mission's survey by question,
// without who gave them, in the order they were first given; the same
// answer given by several people shows once with its count.
func (s *Server) openAnswers(r *http.Request, missionID int64) ([]feedbackAnswers, error) {
	list, err := s.db.FeedbackResponses(r.Context(), missionID)
	if err != nil {
		return nil, err
	}
	l := s.localizer(r)
	worked := feedbackAnswers{Question: l.T("feedback.worked")}
	improve := feedbackAnswers{Question: l.T("feedback.improve")}
	var own []feedbackAnswers
	for _, resp := range list {
		if resp.Worked != "" {
			worked.add(resp.Worked)
		}
		if resp.Improve != "" {
			improve.add(resp.Improve)
		}
	answers:
		for _, a := range resp.Answers {
			if a.Answer == "" {
				continue
			}
			for i := range own {
				if own[i].Question == a.Question {
					own[i].add(a.Answer)
					continue answers
				}
			}
			own = append(own, feedbackAnswers{Question: a.Question, Answers: []answerCount{{Text: a.Answer, Count: 1}}})
		}
	}
	return append([]feedbackAnswers{worked, improve}, own...), nil
}

// kpiConsortium returns the consortium of the request when the user may
// read its KPIs (its organisers and viewers, admins); to anyone else it is
// not found.
func (s *Server) kpiConsortium(w http.ResponseWriter, r *http.Request) (*mission.Consortium, *mission.User) {
	u := s.requireUser(w, r)
	if u == nil {
		return nil, nil
	}
	c, err := s.consortiumOfPath(r, u, actKPIRead)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil
	}
	return c, u
}

// handleConsortiumKPI shows a consortium's progress toward its targets,
// its missions and their figures together; its organisers edit the
// targets there.
func (s *Server) handleConsortiumKPI(w http.ResponseWriter, r *http.Request) {
	c, u := s.kpiConsortium(w, r)
	if c == nil {
		return
	}
	s.renderConsortiumKPI(w, r, u, c, http.StatusOK, nil, nil)
}

func (s *Server) renderConsortiumKPI(w http.ResponseWriter, r *http.Request, u *mission.User, c *mission.Consortium, status int, v map[string]string, errs fieldErrors) {
	ck, err := s.db.ConsortiumKPI(r.Context(), c.ID, s.now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l := s.localizer(r)
	tables := consortiumTables(l, ck, false)
	drawCharts(l, tables)
	if v == nil {
		t := ck.Targets
		v = map[string]string{"target_participants": strconv.Itoa(t.Participants), "target_smes": strconv.Itoa(t.SMEs),
			"target_meetings": strconv.Itoa(t.Meetings), "target_missions": strconv.Itoa(t.Missions)}
	}
	s.render(w, r, status, "kpi.html", kpiPage{Consortium: c, KPI: ck.Total, Figures: kpiFigures(l, ck.Total), Tables: tables,
		ExportURL: fmt.Sprintf("/consortia/%d/kpi/export", c.ID), CanTargets: can(u, actKPITargetsEdit, c),
		TargetKeys: []string{mission.TargetParticipants, mission.TargetSMEs, mission.TargetMeetings, mission.TargetMissions}, V: v, Errors: errs,
		Saved: r.URL.Query().Get("saved") == "1"})
}

// handleConsortiumTargets saves a consortium's KPI targets (its organisers).
func (s *Server) handleConsortiumTargets(w http.ResponseWriter, r *http.Request) {
	c, u := s.kpiConsortium(w, r)
	if c == nil {
		return
	}
	if !can(u, actKPITargetsEdit, c) {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return
	}
	fr := s.newFormReader(r)
	v := map[string]string{}
	var t mission.ConsortiumTargets
	t.Participants, v["target_participants"] = fr.count("target_participants", 1_000_000)
	t.SMEs, v["target_smes"] = fr.count("target_smes", 1_000_000)
	t.Meetings, v["target_meetings"] = fr.count("target_meetings", 1_000_000)
	t.Missions, v["target_missions"] = fr.count("target_missions", 1_000_000)
	if fr.ok() {
		err := s.db.SetConsortiumTargets(r.Context(), c.ID, t, u.Account.ID, s.now())
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/consortia/%d/kpi?saved=1#targets", c.ID), http.StatusSeeOther)
			return
		}
		if !fr.storeError(err) {
			s.fail(w, r, err)
			return
		}
	}
	s.renderConsortiumKPI(w, r, u, c, http.StatusUnprocessableEntity, v, fr.errors)
}

// handleMissionKPIExport answers one KPI table of a mission as CSV or XLSX:
// /missions/{id}/kpi/export?table=partners&format=xlsx.
func (s *Server) handleMissionKPIExport(w http.ResponseWriter, r *http.Request) {
	m, _ := s.kpiMission(w, r)
	if m == nil {
		return
	}
	k, err := s.db.MissionKPI(r.Context(), m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeKPITable(w, r, missionTables(s.localizer(r), k, true), fmt.Sprintf("mission-%d", m.ID))
}

// handleConsortiumKPIExport answers one KPI table of a consortium as CSV or
// XLSX.
func (s *Server) handleConsortiumKPIExport(w http.ResponseWriter, r *http.Request) {
	c, _ := s.kpiConsortium(w, r)
	if c == nil {
		return
	}
	ck, err := s.db.ConsortiumKPI(r.Context(), c.ID, s.now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeKPITable(w, r, consortiumTables(s.localizer(r), ck, true), fmt.Sprintf("consortium-%d", c.ID))
}

// writeKPITable writes the table that ?table= names in the ?format= asked
// for, as an attachment named prefix-kpi-TABLE.FORMAT; anything else is
// 400.
func (s *Server) writeKPITable(w http.ResponseWriter, r *http.Request, tables []kpiTable, prefix string) {
	key, format := r.URL.Query().Get("table"), tabular.Format(r.URL.Query().Get("format"))
	var table *kpiTable
	for i := range tables {
		if tables[i].Key == key {
			table = &tables[i]
		}
	}
	if table == nil || (format != tabular.FormatCSV && format != tabular.FormatXLSX) {
		s.fail(w, r, userError(mission.EINVALID, "kpi.bad_export"))
		return
	}
	var buf bytes.Buffer
	if err := tabular.Write(&buf, format, table.Key, table.Header, table.Rows); err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", tabular.ContentType(format))
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-kpi-%s.%s"`, prefix, table.Key, format))
	h.Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}
