package web

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"caravan/internal/b2b"
	"caravan/internal/mission"
)

// The organisers' B2B schedule: each session's slots, tables and breaks,
// who attends online, the scheduling job and its runs (schedule.go), and a
// run's preview with manual changes and publishing (schedule_preview.go).

// schedulePage is the data of schedule.html.
type schedulePage struct {
	Mission  *mission.Mission
	Location *time.Location
	Settings *mission.B2BSettings
	Sessions []*sessionForm
	// People are those who may meet (participants, local companies,
	// hosts), for pins and online attendance.
	People   []*mission.Person
	Names    map[int64]string // of People, for the reserved tables
	Accepted int
	Job      *mission.Job
	Progress b2b.Progress
	Running  bool // the page refreshes itself
	// Failure says in the reader's language why the job's last attempt
	// failed ("" when none did), never the error's own text.
	Failure string
	Preview *mission.ScheduleRun
	Current *mission.ScheduleRun // the published run
	Errors  fieldErrors
	// ErrorSession is the session whose form Errors belong to (0: the
	// settings form or the buttons).
	ErrorSession int64
}

// sessionForm is one b2b_session item's form: its values as saved or as
// posted.
type sessionForm struct {
	*mission.B2BSession
	Slots  []mission.Interval
	Breaks string // one "HH:MM-HH:MM" per line
}

// scheduleMission returns the mission of the path's {id} when u may
// manage its schedule (organisers and admins); others get not found or
// forbidden.
func (s *Server) scheduleMission(r *http.Request, u *mission.User) (*mission.Mission, error) {
	return s.missionOfPath(r, u, userError(mission.EFORBIDDEN, "schedule.forbidden"), actScheduleManage)
}

// scheduleRequest returns the signed-in user and the mission of the path
// when the user may manage its schedule; otherwise it has answered.
func (s *Server) scheduleRequest(w http.ResponseWriter, r *http.Request) (*mission.User, *mission.Mission, bool) {
	u := s.requireUser(w, r)
	if u == nil {
		return nil, nil, false
	}
	m, err := s.scheduleMission(r, u)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	return u, m, true
}

func schedulePath(m *mission.Mission) string {
	return "/missions/" + strconv.FormatInt(m.ID, 10) + "/schedule"
}

func (s *Server) schedulePage(r *http.Request, m *mission.Mission) (*schedulePage, error) {
	ctx := r.Context()
	p := &schedulePage{Mission: m, Location: m.Location(), Errors: fieldErrors{}, Names: map[int64]string{}}
	var err error
	if p.Settings, err = s.db.B2BSettings(ctx, m.ID); err != nil {
		return nil, err
	}
	sessions, err := s.db.B2BSessions(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	for _, sess := range sessions {
		p.Sessions = append(p.Sessions, newSessionForm(sess, p.Location))
	}
	members, err := s.db.MissionMembers(ctx, m.ID, "")
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	for _, mm := range members {
		if seen[mm.PersonID] || (mm.Role != mission.RoleParticipant && mm.Role != mission.RoleLocal && mm.Role != mission.RoleHost) {
			continue
		}
		seen[mm.PersonID] = true
		p.People = append(p.People, mm.Person)
		p.Names[mm.PersonID] = mm.Person.Name
	}
	slices.SortFunc(p.People, func(a, b *mission.Person) int { return strings.Compare(a.Name, b.Name) })
	requests, err := s.db.MeetingRequests(ctx, m.ID, 0)
	if err != nil {
		return nil, err
	}
	for _, req := range requests {
		if req.Status == mission.RequestAccepted {
			p.Accepted++
		}
	}
	if p.Job, err = s.db.LatestJob(ctx, m.ID, mission.JobSchedule); err == nil {
		p.Progress = b2b.ReadProgress(p.Job)
		p.Running = p.Job.Active()
		p.Failure = jobFailure(s.localizer(r), p.Job)
	} else if mission.ErrorCode(err) != mission.ENOTFOUND {
		return nil, err
	}
	if p.Preview, err = s.db.LatestScheduleRun(ctx, m.ID, mission.RunPreview); err != nil && mission.ErrorCode(err) != mission.ENOTFOUND {
		return nil, err
	}
	if p.Current, err = s.db.LatestScheduleRun(ctx, m.ID, mission.RunPublished); err != nil && mission.ErrorCode(err) != mission.ENOTFOUND {
		return nil, err
	}
	return p, nil
}

func newSessionForm(sess *mission.B2BSession, loc *time.Location) *sessionForm {
	f := &sessionForm{B2BSession: sess, Slots: sess.Slots()}
	var lines []string
	for _, b := range sess.Breaks {
		lines = append(lines, b.Start.In(loc).Format("15:04")+"-"+b.End.In(loc).Format("15:04"))
	}
	f.Breaks = strings.Join(lines, "\n")
	return f
}

// handleSchedule shows a mission's B2B schedule settings, its sessions,
// the scheduling job's progress and the runs.
func (s *Server) handleSchedule(w http.ResponseWriter, r *http.Request) {
	_, m, ok := s.scheduleRequest(w, r)
	if !ok {
		return
	}
	p, err := s.schedulePage(r, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "schedule.html", p)
}

// rerenderSchedule shows the page again with 422 and the form's messages.
func (s *Server) rerenderSchedule(w http.ResponseWriter, r *http.Request, m *mission.Mission, errs fieldErrors, session int64,
	edit func(*schedulePage)) {
	p, err := s.schedulePage(r, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Errors, p.ErrorSession = errs, session
	if edit != nil {
		edit(p)
	}
	s.render(w, r, http.StatusUnprocessableEntity, "schedule.html", p)
}

// handleScheduleSettings saves the video address, the time limit, the
// fairness bound and who attends online.
func (s *Server) handleScheduleSettings(w http.ResponseWriter, r *http.Request) {
	_, m, ok := s.scheduleRequest(w, r)
	if !ok {
		return
	}
	f := s.newFormReader(r)
	st := &mission.B2BSettings{MissionID: m.ID, VideoBaseURL: f.text("video_base_url", true, 200), UpdatedAt: s.now()}
	st.TimeLimitSeconds, _ = f.count("time_limit_seconds", 600)
	st.Fairness = -1
	if v := strings.TrimSpace(r.PostFormValue("fairness")); v != "" {
		st.Fairness, _ = f.count("fairness", 50)
	}
	for _, v := range r.PostForm["online"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			continue
		}
		// Only people who meet in the mission attend its meetings online.
		if ok, err := s.db.IsRequestMember(r.Context(), m.ID, id); err != nil {
			s.fail(w, r, err)
			return
		} else if ok {
			st.Online = append(st.Online, id)
		}
	}
	if f.ok() {
		if err := st.Validate(); err != nil && !f.storeError(err) {
			s.fail(w, r, err)
			return
		}
	}
	if f.ok() {
		if err := s.db.SaveB2BSettings(r.Context(), st); err != nil && !f.storeError(err) {
			s.fail(w, r, err)
			return
		}
	}
	if !f.ok() {
		s.rerenderSchedule(w, r, m, f.errors, 0, func(p *schedulePage) { p.Settings = st })
		return
	}
	http.Redirect(w, r, schedulePath(m)+"#settings", http.StatusSeeOther)
}

// handleScheduleSession saves one b2b_session item's slot length, tables
// (names and pins) and breaks ("11:30-11:45", one per line, in the
// mission's time zone on the session's day).
func (s *Server) handleScheduleSession(w http.ResponseWriter, r *http.Request) {
	_, m, ok := s.scheduleRequest(w, r)
	if !ok {
		return
	}
	itemID, err := strconv.ParseInt(r.PathValue("item"), 10, 64)
	notFound := userError(mission.ENOTFOUND, "schedule.no_session")
	if err != nil {
		s.fail(w, r, notFound)
		return
	}
	it, err := s.db.ProgrammeItem(r.Context(), itemID)
	if mission.ErrorCode(err) == mission.ENOTFOUND || (err == nil && (it.MissionID != m.ID || it.Kind != mission.ItemB2BSession)) {
		s.fail(w, r, notFound)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	f := s.newFormReader(r)
	sess := &mission.B2BSession{Item: &mission.ProgrammeItem{ID: it.ID}}
	sess.Item.SlotMinutes, _ = f.count("slot_minutes", 240)
	sess.Item.Tables, _ = f.count("tables", 1000)
	for n := 1; n <= sess.Item.Tables; n++ {
		key := strconv.Itoa(n)
		t := mission.B2BTable{Number: n, Name: f.text("table_name_"+key, false, 100)}
		if v := strings.TrimSpace(r.PostFormValue("table_pin_" + key)); v != "" && v != "0" {
			id, err := strconv.ParseInt(v, 10, 64)
			member := false
			if err == nil {
				if member, err = s.db.IsRequestMember(r.Context(), m.ID, id); err != nil {
					s.fail(w, r, err)
					return
				}
			}
			if !member {
				f.fail("tables", "schedule.bad_pin", "table", key)
			}
			t.PinnedPersonID = id
		}
		sess.Tables = append(sess.Tables, t)
	}
	loc := m.Location()
	y, mo, d := it.StartsAt.In(loc).Date()
	for line := range strings.Lines(r.PostFormValue("breaks")) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		from, to, ok := strings.Cut(line, "-")
		a, errA := time.ParseInLocation("15:04", strings.TrimSpace(from), loc)
		b, errB := time.ParseInLocation("15:04", strings.TrimSpace(to), loc)
		if !ok || errA != nil || errB != nil {
			f.fail("breaks", "schedule.bad_break", "line", line)
			break
		}
		sess.Breaks = append(sess.Breaks, mission.Interval{
			Start: time.Date(y, mo, d, a.Hour(), a.Minute(), 0, 0, loc), End: time.Date(y, mo, d, b.Hour(), b.Minute(), 0, 0, loc)})
	}
	if f.ok() {
		if err := s.db.SaveB2BSession(r.Context(), sess); err != nil && !f.storeError(err) {
			s.fail(w, r, err)
			return
		}
	}
	// A message about one table's name shows with the tables.
	for _, field := range slices.Sorted(maps.Keys(f.errors)) {
		if msg := f.errors[field]; strings.HasPrefix(field, "table_") {
			delete(f.errors, field)
			if _, ok := f.errors["tables"]; !ok {
				f.errors["tables"] = msg
			}
		}
	}
	if !f.ok() {
		s.rerenderSchedule(w, r, m, f.errors, it.ID, nil)
		return
	}
	http.Redirect(w, r, schedulePath(m)+"#session-"+strconv.FormatInt(it.ID, 10), http.StatusSeeOther)
}

// handleScheduleGenerate queues a scheduling job: a new plan of every
// accepted request (generate) or, after publishing, a repair of the
// published plan that moves as few meetings as possible.
func (s *Server) handleScheduleGenerate(w http.ResponseWriter, r *http.Request) {
	s.enqueueSchedule(w, r, mission.RunGenerate)
}

// handleScheduleRepair queues a repair of the published plan.
func (s *Server) handleScheduleRepair(w http.ResponseWriter, r *http.Request) {
	s.enqueueSchedule(w, r, mission.RunRepair)
}

func (s *Server) enqueueSchedule(w http.ResponseWriter, r *http.Request, mode string) {
	u, m, ok := s.scheduleRequest(w, r)
	if !ok {
		return
	}
	var by int64
	if u.Person != nil {
		by = u.Person.ID
	}
	_, err := b2b.Enqueue(r.Context(), s.db, m, mode, by, s.now())
	switch mission.ErrorCode(err) {
	case "":
		http.Redirect(w, r, schedulePath(m)+"#job", http.StatusSeeOther)
	case mission.ECONFLICT:
		s.rerenderSchedule(w, r, m, fieldErrors{"job": s.localizer(r).T("schedule.job_running")}, 0, nil)
	case mission.ENOTFOUND:
		s.rerenderSchedule(w, r, m, fieldErrors{"job": s.localizer(r).T("schedule.nothing_published")}, 0, nil)
	default:
		s.fail(w, r, err)
	}
}
