package web

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"time"

	"caravan/internal/mission"
)

// dashboardRow is one mission of the dashboard with its figures and what
// the user may do there.
type dashboardRow struct {
	Mission                                     *mission.Mission
	Counts                                      mission.MissionCounts
	Roles                                       []string // organiser, host, viewer: how the user sees it
	CanEdit, CanProgramme, CanInvite, CanLocals bool
	CanKPI                                      bool // reads the mission's KPIs and report
}

// dashboardPage is the data of dashboard.html.
type dashboardPage struct {
	Rows      []dashboardRow
	CanCreate bool
}

// handleDashboard lists the missions the user organises, hosts or views,
// newest first, with their counts.
func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	ctx := r.Context()
	var candidates []*mission.Mission
	if u.IsAdmin {
		all, err := s.db.Missions(ctx, mission.MissionFilter{Limit: 1000})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		candidates = all
	} else {
		for cid := range u.Roles.Consortium {
			list, err := s.db.Missions(ctx, mission.MissionFilter{ConsortiumID: cid, Limit: 1000})
			if err != nil {
				s.fail(w, r, err)
				return
			}
			candidates = append(candidates, list...)
		}
		for mid := range u.Roles.Mission {
			m, err := s.db.Mission(ctx, mid)
			if mission.ErrorCode(err) == mission.ENOTFOUND {
				continue
			} else if err != nil {
				s.fail(w, r, err)
				return
			}
			candidates = append(candidates, m)
		}
	}
	page := dashboardPage{}
	seen := map[int64]bool{}
	for _, m := range candidates {
		if seen[m.ID] {
			continue
		}
		seen[m.ID] = true
		row := dashboardRow{Mission: m, CanEdit: can(u, actMissionEdit, m), CanProgramme: can(u, actProgrammeEdit, m),
			CanInvite: can(u, actPeopleInvite, m), CanLocals: can(u, actLocalsAdd, m)}
		row.CanKPI = can(u, actReportRead, m)
		if isOrganiser(u, m) {
			row.Roles = append(row.Roles, mission.RoleOrganiser)
		}
		if u.HasMissionRole(m.ID, mission.RoleHost) {
			row.Roles = append(row.Roles, mission.RoleHost)
		}
		if isViewer(u, m) && can(u, actReportRead, m) {
			row.Roles = append(row.Roles, mission.RoleViewer)
		}
		if len(row.Roles) == 0 && !u.IsAdmin {
			continue // a participant's or local company's mission: see /me/missions
		}
		c, err := s.db.MissionCounts(ctx, m.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		row.Counts = c
		page.Rows = append(page.Rows, row)
	}
	slices.SortFunc(page.Rows, func(a, b dashboardRow) int {
		return cmp.Or(b.Mission.StartsOn.Compare(a.Mission.StartsOn), cmp.Compare(a.Mission.ID, b.Mission.ID))
	})
	consortia, err := s.creatableConsortia(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page.CanCreate = len(consortia) > 0
	s.render(w, r, http.StatusOK, "dashboard.html", page)
}

// creatableConsortia returns the consortia in which the user may create
// missions.
func (s *Server) creatableConsortia(r *http.Request, u *mission.User) ([]*mission.Consortium, error) {
	all, err := s.db.Consortia(r.Context())
	if err != nil {
		return nil, err
	}
	var out []*mission.Consortium
	for _, c := range all {
		if can(u, actMissionCreate, c) {
			out = append(out, c)
		}
	}
	return out, nil
}

// missionForm is the data of mission_form.html: the mission being edited
// (nil when new), the values as the user typed them, and the messages.
type missionForm struct {
	Mission    *mission.Mission
	Consortia  []*mission.Consortium
	Hosts      []*mission.Organisation
	Ecosystems []string
	Kinds      []string
	Statuses   []string
	V          map[string]string
	Themes     map[string]bool
	Published  bool
	Errors     fieldErrors
}

// Limits of the mission form's free-text fields, in characters.
const (
	maxTitle    = 200
	maxSummary  = 5000
	maxVenue    = 200
	maxCity     = 100
	maxKeywords = 500
	maxCapacity = 100000
)

// newMissionForm prepares the form's choices for the user.
func (s *Server) newMissionForm(r *http.Request, u *mission.User, m *mission.Mission) (*missionForm, error) {
	f := &missionForm{Mission: m, Kinds: mission.MissionKinds, Statuses: mission.MissionStatuses,
		V: map[string]string{}, Themes: map[string]bool{}, Errors: fieldErrors{}}
	for _, e := range mission.Ecosystems {
		f.Ecosystems = append(f.Ecosystems, e.Slug)
	}
	if m != nil {
		return f, nil
	}
	var err error
	if f.Consortia, err = s.creatableConsortia(r, u); err != nil {
		return nil, err
	}
	if f.Hosts, err = s.db.Organisations(r.Context(), mission.OrganisationFilter{Kind: mission.KindCluster, Limit: 1000}); err != nil {
		return nil, err
	}
	slices.SortFunc(f.Hosts, func(a, b *mission.Organisation) int { return cmp.Compare(sortKey(a.Name), sortKey(b.Name)) })
	return f, nil
}

// fill sets the form's values from a mission.
func (f *missionForm) fill(m *mission.Mission) {
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format("2006-01-02")
	}
	f.V = map[string]string{"title": m.Title, "kind": m.Kind, "status": m.Status, "summary": m.Summary,
		"host_city": m.HostCity, "host_country": m.HostCountry, "time_zone": m.TimeZone, "venue": m.Venue,
		"starts_on": day(m.StartsOn), "ends_on": day(m.EndsOn), "arrival_on": day(m.ArrivalOn), "departure_on": day(m.DepartureOn),
		"call_opens_on": day(m.CallOpensOn), "call_closes_on": day(m.CallClosesOn), "keywords": joinList(m.Keywords)}
	if m.Capacity > 0 {
		f.V["capacity"] = strconv.Itoa(m.Capacity)
	}
	for _, t := range m.Themes {
		f.Themes[t] = true
	}
	f.Published = m.Published
}

func joinList(list []string) string {
	out := ""
	for i, s := range list {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}

// handleMissionNew shows the form for a new mission.
func (s *Server) handleMissionNew(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	f, err := s.newMissionForm(r, u, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(f.Consortia) == 0 {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return
	}
	f.V = map[string]string{"kind": mission.MissionDelegation, "status": mission.StatusDraft, "time_zone": "Europe/Brussels"}
	s.render(w, r, http.StatusOK, "mission_form.html", f)
}

// readMission reads the mission form's common fields into m (and f.V), and
// checks the order of the dates.
func readMission(fr *formReader, f *missionForm, m *mission.Mission, isNew bool) {
	m.Title = fr.text("title", true, maxTitle)
	m.Summary = fr.text("summary", false, maxSummary)
	m.Venue = fr.text("venue", false, maxVenue)
	m.Status = fr.choice("status", mission.MissionStatuses)
	m.Published = fr.r.PostFormValue("published") == "on"
	keywords := fr.text("keywords", false, maxKeywords)
	m.Keywords = splitList(keywords)
	var themes []string
	for _, e := range mission.Ecosystems {
		if slices.Contains(fr.r.PostForm["themes"], e.Slug) {
			themes = append(themes, e.Slug)
			f.Themes[e.Slug] = true
		}
	}
	m.Themes = themes
	var capacity string
	m.Capacity, capacity = fr.count("capacity", maxCapacity)
	f.V["title"], f.V["summary"], f.V["venue"], f.V["status"], f.V["keywords"], f.V["capacity"] = m.Title, m.Summary, m.Venue, m.Status, keywords, capacity
	f.Published = m.Published
	m.StartsOn, f.V["starts_on"] = fr.date("starts_on", true)
	m.EndsOn, f.V["ends_on"] = fr.date("ends_on", true)
	m.CallOpensOn, f.V["call_opens_on"] = fr.date("call_opens_on", false)
	m.CallClosesOn, f.V["call_closes_on"] = fr.date("call_closes_on", false)
	if isNew {
		m.Kind = fr.choice("kind", mission.MissionKinds)
		m.HostCity = fr.text("host_city", true, maxCity)
		m.HostCountry = fr.text("host_country", true, 2)
		m.TimeZone = fr.text("time_zone", true, 64)
		m.ArrivalOn, f.V["arrival_on"] = fr.date("arrival_on", false)
		m.DepartureOn, f.V["departure_on"] = fr.date("departure_on", false)
		f.V["kind"], f.V["host_city"], f.V["host_country"], f.V["time_zone"] = m.Kind, m.HostCity, m.HostCountry, m.TimeZone
		if m.TimeZone != "" {
			if _, err := time.LoadLocation(m.TimeZone); err != nil {
				fr.fail("time_zone", "form.bad_time_zone")
			}
		}
		if m.HostCountry != "" && len(m.HostCountry) != 2 {
			fr.fail("host_country", "form.bad_country")
		}
	}
	switch {
	case !m.StartsOn.IsZero() && !m.EndsOn.IsZero() && m.EndsOn.Before(m.StartsOn):
		fr.fail("ends_on", "form.ends_before_starts")
	case !m.ArrivalOn.IsZero() && !m.StartsOn.IsZero() && m.ArrivalOn.After(m.StartsOn):
		fr.fail("arrival_on", "form.arrival_after_start")
	case !m.DepartureOn.IsZero() && !m.EndsOn.IsZero() && m.DepartureOn.Before(m.EndsOn):
		fr.fail("departure_on", "form.departure_before_end")
	}
	if !m.CallOpensOn.IsZero() && !m.CallClosesOn.IsZero() && m.CallClosesOn.Before(m.CallOpensOn) {
		fr.fail("call_closes_on", "form.call_closes_before_opens")
	}
}

// handleMissionCreate creates a mission in a consortium the user organises.
func (s *Server) handleMissionCreate(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	f, err := s.newMissionForm(r, u, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(f.Consortia) == 0 {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return
	}
	fr := s.newFormReader(r)
	m := &mission.Mission{}
	readMission(fr, f, m, true)
	f.V["consortium"], f.V["host"] = r.PostFormValue("consortium"), r.PostFormValue("host")
	cid, _ := strconv.ParseInt(f.V["consortium"], 10, 64)
	if i := slices.IndexFunc(f.Consortia, func(c *mission.Consortium) bool { return c.ID == cid }); i < 0 {
		fr.fail("consortium", "form.choose")
	} else {
		m.ConsortiumID = cid
	}
	hid, _ := strconv.ParseInt(f.V["host"], 10, 64)
	if i := slices.IndexFunc(f.Hosts, func(o *mission.Organisation) bool { return o.ID == hid }); i < 0 {
		fr.fail("host", "form.choose")
	} else {
		m.HostOrganisationID = hid
	}
	if fr.ok() {
		err = s.db.CreateMission(r.Context(), m)
		if err == nil {
			s.audit(r, u.Account.ID, "mission.create", "mission", m.ID, "")
			http.Redirect(w, r, "/dashboard", http.StatusSeeOther)
			return
		}
		if !fr.storeError(err) {
			s.fail(w, r, err)
			return
		}
	}
	f.Errors = fr.errors
	s.render(w, r, http.StatusUnprocessableEntity, "mission_form.html", f)
}

// editableMission returns the mission of the request when the user may
// edit it (the action is actMissionEdit or actProgrammeEdit); see
// missionFor.
func (s *Server) editableMission(w http.ResponseWriter, r *http.Request, action string) (*mission.Mission, *mission.User) {
	return s.missionFor(w, r, action)
}

// missionFor returns the mission of the path's {id} and the signed-in user
// when the user may do one of the actions there: a mission the user may
// not see is not found, one the user sees without the right is forbidden.
// It answers for the handler and returns nil otherwise.
func (s *Server) missionFor(w http.ResponseWriter, r *http.Request, actions ...string) (*mission.Mission, *mission.User) {
	u := s.requireUser(w, r)
	if u == nil {
		return nil, nil
	}
	return s.pathMission(w, r, u, userError(mission.EFORBIDDEN, "error.message.forbidden"), actions...)
}

// apiMissionFor is missionFor for the JSON API: 401 without a session or
// token, and "You may not {forbidden}." (403) without the action's right.
func (s *Server) apiMissionFor(w http.ResponseWriter, r *http.Request, action, forbidden string) (*mission.Mission, *mission.User) {
	u := s.signedInAPI(w, r)
	if u == nil {
		return nil, nil
	}
	return s.pathMission(w, r, u, errForbidden(forbidden), action)
}

// shownMission returns the mission of the path's {id} when u may see it;
// it answers for the handler (a malformed id, not found) and returns nil
// otherwise. Handlers whose permission is more than one action start here.
func (s *Server) shownMission(w http.ResponseWriter, r *http.Request, u *mission.User) *mission.Mission {
	m, err := s.missionOfPath(r, u, nil)
	if err != nil {
		s.fail(w, r, err)
		return nil
	}
	return m
}

// missionOfPath returns the mission of the path's {id} when u may see it
// and, when actions are named, do one of them; otherwise the error: a
// malformed id, not found, or denied. Every mission page and API handler
// finds its mission through it.
func (s *Server) missionOfPath(r *http.Request, u *mission.User, denied error, actions ...string) (*mission.Mission, error) {
	id, err := parseID(r, "mission")
	if err != nil {
		return nil, err
	}
	m, err := s.visibleMission(r.Context(), u, id)
	if err != nil || len(actions) == 0 {
		return m, err
	}
	for _, action := range actions {
		if can(u, action, m) {
			return m, nil
		}
	}
	return nil, denied
}

// pathMission returns the mission of the path's {id} when u may do one of
// the actions there: not found when u may not see it, denied when u may
// not act. It answers for the handler and returns nil otherwise.
func (s *Server) pathMission(w http.ResponseWriter, r *http.Request, u *mission.User, denied error, actions ...string) (*mission.Mission, *mission.User) {
	m, err := s.missionOfPath(r, u, denied, actions...)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil
	}
	return m, u
}

// handleMissionEdit shows the form that changes a mission.
func (s *Server) handleMissionEdit(w http.ResponseWriter, r *http.Request) {
	m, u := s.editableMission(w, r, actMissionEdit)
	if m == nil {
		return
	}
	f, err := s.newMissionForm(r, u, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.fill(m)
	s.render(w, r, http.StatusOK, "mission_form.html", f)
}

// handleMissionUpdate saves the mission form in one store call.
func (s *Server) handleMissionUpdate(w http.ResponseWriter, r *http.Request) {
	m, u := s.editableMission(w, r, actMissionEdit)
	if m == nil {
		return
	}
	f, err := s.newMissionForm(r, u, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fr := s.newFormReader(r)
	n := *m
	readMission(fr, f, &n, false)
	if fr.ok() {
		_, err = s.db.UpdateMission(r.Context(), m.ID, mission.MissionUpdate{Title: &n.Title, Summary: &n.Summary,
			Status: &n.Status, Published: &n.Published, Venue: &n.Venue, StartsOn: &n.StartsOn, EndsOn: &n.EndsOn,
			Capacity: &n.Capacity, CallOpensOn: &n.CallOpensOn, CallClosesOn: &n.CallClosesOn, Themes: &n.Themes, Keywords: &n.Keywords})
		if err == nil {
			s.audit(r, u.Account.ID, "mission.update", "mission", m.ID, "")
			// Its dates decide the length of the stay: check the call's
			// applications again.
			if err := s.recheckMission(r, m.ID); err != nil {
				s.fail(w, r, err)
				return
			}
			http.Redirect(w, r, "/dashboard", http.StatusSeeOther)
			return
		}
		if !fr.storeError(err) {
			s.fail(w, r, err)
			return
		}
	}
	f.Errors = fr.errors
	s.render(w, r, http.StatusUnprocessableEntity, "mission_form.html", f)
}

// confirmPage is the data of confirm.html: what is about to be deleted and
// where the confirmed form posts.
type confirmPage struct {
	Title, Question, Action, Back string
}

// handleMissionDelete deletes a mission after a confirmation step: without
// confirm=yes it shows the question, with it deletes the mission and all
// that belongs to it in one statement.
func (s *Server) handleMissionDelete(w http.ResponseWriter, r *http.Request) {
	m, u := s.editableMission(w, r, actMissionEdit)
	if m == nil {
		return
	}
	if r.PostFormValue("confirm") != "yes" {
		l := s.localizer(r)
		id := strconv.FormatInt(m.ID, 10)
		s.render(w, r, http.StatusOK, "confirm.html", confirmPage{Title: l.T("mission_form.delete_title"),
			Question: l.T("mission_form.delete_question", "title", m.Title), Action: "/missions/" + id + "/delete",
			Back: "/missions/" + id + "/edit"})
		return
	}
	if err := s.db.DeleteMission(r.Context(), m.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, u.Account.ID, "mission.delete", "mission", m.ID, "")
	http.Redirect(w, r, "/dashboard", http.StatusSeeOther)
}
