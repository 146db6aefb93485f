package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"caravan/internal/b2b"
	"caravan/internal/mission"
	"caravan/internal/schedule"
	"caravan/internal/testdb"
)

func init() { matrixParts = append(matrixParts, scheduleMatrix) }

// scheduleMatrix: only organisers (and admins) configure, generate, see,
// adjust and publish a mission's schedule; the draft is 404 to those who
// may not see it. Posts that would change the shared demo are refused
// before changing anything (422) or name runs that do not exist (404).
func scheduleMatrix() map[string][]access {
	basque := fmt.Sprint(testInfo.BasqueMissionID)
	draft := fmt.Sprint(testInfo.DraftMissionID)
	session := fmt.Sprint(basqueSession())
	staff := [7]int{303, 200, 200, 403, 403, 403, 403}
	refused := [7]int{401, 422, 422, 403, 403, 403, 403}
	gone := [7]int{401, 404, 404, 403, 403, 403, 403}
	return map[string][]access{
		"GET /missions/{id}/schedule": {
			{method: "GET", path: "/missions/" + basque + "/schedule", want: staff},
			{method: "GET", path: "/missions/" + draft + "/schedule", want: [7]int{303, 200, 200, 404, 404, 404, 404}},
			{method: "GET", path: "/missions/999999/schedule", want: signedIn(303, 404)},
		},
		"POST /missions/{id}/schedule/settings": {
			{method: "POST", path: "/missions/" + basque + "/schedule/settings", form: url.Values{"video_base_url": {"http://insecure.example"}, "time_limit_seconds": {"5"}}, want: refused},
		},
		"POST /missions/{id}/schedule/sessions/{item}": {
			{method: "POST", path: "/missions/" + basque + "/schedule/sessions/" + session, form: url.Values{"slot_minutes": {"1"}, "tables": {"2"}}, want: refused},
			{method: "POST", path: "/missions/" + basque + "/schedule/sessions/999999", form: url.Values{"slot_minutes": {"20"}}, want: gone},
		},
		"POST /missions/{id}/schedule/generate": {
			// The first allowed role queues a job; the next finds it queued.
			{method: "POST", path: "/missions/" + draft + "/schedule/generate", want: [7]int{401, 303, 422, 404, 404, 404, 404}},
		},
		"POST /missions/{id}/schedule/repair": {
			{method: "POST", path: "/missions/" + basque + "/schedule/repair", want: refused},
		},
		"GET /missions/{id}/schedule/runs/{run}": {
			{method: "GET", path: "/missions/" + basque + "/schedule/runs/999999", want: [7]int{303, 404, 404, 403, 403, 403, 403}},
		},
		"POST /missions/{id}/schedule/runs/{run}/move": {
			{method: "POST", path: "/missions/" + basque + "/schedule/runs/999999/move", form: url.Values{"meeting": {"1"}}, want: gone},
		},
		"POST /missions/{id}/schedule/runs/{run}/swap": {
			{method: "POST", path: "/missions/" + basque + "/schedule/runs/999999/swap", form: url.Values{"meeting": {"1"}, "other": {"2"}}, want: gone},
		},
		"POST /missions/{id}/schedule/runs/{run}/cancel": {
			{method: "POST", path: "/missions/" + basque + "/schedule/runs/999999/cancel", form: url.Values{"meeting": {"1"}}, want: gone},
		},
		"POST /requests/{id}/withdraw": {{method: "POST", path: "/requests/999999/withdraw", want: signedIn(401, 404)}},
		"POST /missions/{id}/schedule/runs/{run}/publish": {
			{method: "POST", path: "/missions/" + basque + "/schedule/runs/999999/publish", want: gone},
		},
	}
}

// scheduleScene is a published mission on 12 March 2026 with a B2B session
// 09:00–11:00 (20-minute slots, two tables) and a talk 09:40–10:00 that
// everyone attends, three participants with accounts, and the organiser.
type scheduleScene struct {
	*callScene
	m             *mission.Mission
	session       *mission.ProgrammeItem
	ana, ben, cai *mission.Person
	cookies       map[string]*http.Cookie
	loc           *time.Location
}

func newScheduleScene(t *testing.T, dsn string) *scheduleScene {
	t.Helper()
	sc := newCallScene(t, dsn)
	ctx := t.Context()
	s := &scheduleScene{callScene: sc, cookies: map[string]*http.Cookie{}}
	s.m = sc.mission(t, sc.host, day(3, 12), day(3, 13))
	s.loc = s.m.Location()
	at := func(h, min int) time.Time { return time.Date(2026, 3, 12, h, min, 0, 0, s.loc) }
	s.session = &mission.ProgrammeItem{MissionID: s.m.ID, Kind: mission.ItemB2BSession, Title: "B2B meetings", Venue: "BEC",
		StartsAt: at(9, 0), EndsAt: at(11, 0), SlotMinutes: 20, Tables: 2}
	must(t, sc.a.db.CreateProgrammeItem(ctx, s.session))
	must(t, sc.a.db.CreateProgrammeItem(ctx, &mission.ProgrammeItem{MissionID: s.m.ID, Kind: mission.ItemPresentation,
		Title: "Keynote", StartsAt: at(9, 40), EndsAt: at(10, 0)}))
	for _, name := range []string{"Ana Arrieta", "Ben Barth", "Cai Costa"} {
		p, c := sc.person(t, sc.host, name, "")
		must(t, sc.a.db.AddMissionMember(ctx, mission.MissionMember{MissionID: s.m.ID, PersonID: p.ID, Role: mission.RoleParticipant}))
		s.cookies[name] = c
		switch name {
		case "Ana Arrieta":
			s.ana = p
		case "Ben Barth":
			s.ben = p
		default:
			s.cai = p
		}
	}
	return s
}

func (s *scheduleScene) path(rest string) string { return fmt.Sprintf("/missions/%d%s", s.m.ID, rest) }

// meet has from ask to for a meeting through the requests page and to
// accept it.
func (s *scheduleScene) meet(t *testing.T, from, to *mission.Person) {
	t.Helper()
	w := s.a.request(t, "POST", s.path("/requests"), url.Values{"to": {fmt.Sprint(to.ID)}, "priority": {"must"}}, nil, s.cookies[from.Name])
	wantStatus(t, w, http.StatusSeeOther)
	reqs, err := s.a.db.MeetingRequests(t.Context(), s.m.ID, to.ID)
	must(t, err)
	id := reqs[len(reqs)-1].ID
	w = s.a.request(t, "POST", fmt.Sprintf("/requests/%d/answer", id), url.Values{"decision": {"accept"}}, nil, s.cookies[to.Name])
	wantStatus(t, w, http.StatusSeeOther)
}

// work runs the pending scheduling jobs as a caravan serve node would.
func (s *scheduleScene) work(t *testing.T) {
	t.Helper()
	w := &b2b.Worker{DB: s.a.db, ID: "test", Solver: schedule.Options{Workers: 1, MaxWork: 100_000, Seed: 1}}
	n, err := w.RunPending(t.Context())
	must(t, err)
	if n != 1 {
		t.Fatalf("worked %d jobs, want 1", n)
	}
}

var runLink = regexp.MustCompile(`/schedule/runs/(\d+)`)

// previewPath generates a schedule and returns its preview's path.
func (s *scheduleScene) generate(t *testing.T, mode string) string {
	t.Helper()
	w := s.a.request(t, "POST", s.path("/schedule/"+mode), nil, nil, s.organiser)
	wantStatus(t, w, http.StatusSeeOther)
	w = s.a.request(t, "GET", s.path("/schedule"), nil, nil, s.organiser)
	wantStatus(t, w, http.StatusOK, `http-equiv="refresh"`, `data-status="queued"`)
	s.work(t)
	w = s.a.request(t, "GET", s.path("/schedule"), nil, nil, s.organiser)
	wantStatus(t, w, http.StatusOK, `data-status="done"`, `id="preview-link"`)
	if strings.Contains(w.Body.String(), `http-equiv="refresh"`) {
		t.Error("the page still refreshes itself after the job is done")
	}
	m := runLink.FindStringSubmatch(w.Body.String()[strings.Index(w.Body.String(), `id="preview-link"`)-200:])
	if m == nil {
		t.Fatal("no link to the preview")
	}
	return s.path("/schedule/runs/" + m[1])
}

// agendaMeeting returns the start and table of name's meeting with
// another person as their agenda shows it, "" when there is none.
func (s *scheduleScene) agendaMeeting(t *testing.T, name, with string) string {
	t.Helper()
	w := s.a.request(t, "GET", "/me/agenda", nil, nil, s.cookies[name])
	wantStatus(t, w, http.StatusOK)
	body := w.Body.String()
	for off := 0; ; {
		i := strings.Index(body[off:], "kind-meeting")
		if i < 0 {
			return ""
		}
		i += off
		off = i + 1
		entry := body[i:min(len(body), i+600)]
		if end := strings.Index(entry, "</li>"); end > 0 {
			entry = entry[:end]
		}
		if !strings.Contains(entry, with) {
			continue
		}
		j := strings.LastIndex(body[:i], `<p class="when">`)
		start := regexp.MustCompile(`datetime="([^"]+)"`).FindStringSubmatch(body[j:i])
		table := regexp.MustCompile(`Table [^<·]+`).FindString(entry)
		return start[1] + " " + strings.TrimSpace(table)
	}
}

func TestScheduleGeneratePublish(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		{
			s := newScheduleScene(t, dsn)
			s.meet(t, s.ana, s.ben)
			s.meet(t, s.cai, s.ben)
			// A coffee break at 10:00 and named tables.
			w := s.a.request(t, "POST", s.path(fmt.Sprintf("/schedule/sessions/%d", s.session.ID)), url.Values{
				"slot_minutes": {"20"}, "tables": {"2"}, "breaks": {"10:00-10:20"}, "table_name_1": {"Rioja"}, "table_name_2": {"Txakoli"}}, nil, s.organiser)
			wantStatus(t, w, http.StatusSeeOther)
			w = s.a.request(t, "POST", s.path(fmt.Sprintf("/schedule/sessions/%d", s.session.ID)), url.Values{
				"slot_minutes": {"20"}, "tables": {"2"}, "breaks": {"coffee"}}, nil, s.organiser)
			wantStatus(t, w, http.StatusUnprocessableEntity, "is not a break")
			w = s.a.request(t, "POST", s.path(fmt.Sprintf("/schedule/sessions/%d", s.session.ID)), url.Values{
				"slot_minutes": {"20"}, "tables": {"2"}, "table_pin_2": {"999999"}}, nil, s.organiser)
			wantStatus(t, w, http.StatusUnprocessableEntity, "Table 2: choose a person of the mission")

			preview := s.generate(t, "generate")
			w = s.a.request(t, "GET", preview, nil, nil, s.organiser)
			wantStatus(t, w, http.StatusOK, `id="placed">2 / 2<`, "Every meeting is placed", "Rioja")
			// Participants neither see the preview nor each other's meetings.
			for _, c := range []*http.Cookie{s.cookies["Ana Arrieta"], s.cookies["Cai Costa"]} {
				wantStatus(t, s.a.request(t, "GET", preview, nil, nil, c), http.StatusForbidden)
				wantStatus(t, s.a.request(t, "GET", s.path("/schedule"), nil, nil, c), http.StatusForbidden)
			}
			if got := s.agendaMeeting(t, "Ana Arrieta", "Ben Barth"); got != "" {
				t.Errorf("Ana sees a meeting before publishing: %s", got)
			}

			// Manual changes that conflict are refused, naming who or what.
			slots := slotOptions(t, w.Body.String())
			keynote := slots["Thu 12 Mar, 9:40 AM–10:00 AM"]
			// In Spanish the slots and the grid read as Spanish dates and times.
			es := s.a.request(t, "GET", preview, nil, map[string]string{"Accept-Language": "es"}, s.organiser)
			wantStatus(t, es, http.StatusOK, `<th scope="row">9:40–10:00</th>`)
			if got := slotOptions(t, es.Body.String())["jue, 12 mar, 9:40–10:00"]; keynote == "" || got != keynote {
				t.Errorf("got Spanish slot %q, English %q; want the same slot (English labels %v)", got, keynote, slots)
			}
			w = s.a.request(t, "POST", preview+"/move", url.Values{"meeting": {"1"}, "slot": {keynote}, "table": {"0"}, "version": {"1"}}, nil, s.organiser)
			wantStatus(t, w, http.StatusUnprocessableEntity, "is not available at")
			// Both meetings have Ben: the second cannot go where the first is.
			run, snap := s.run(t, preview)
			a0 := snap.Plan.Assign[0]
			w = s.a.request(t, "POST", preview+"/move", url.Values{"meeting": {"2"}, "slot": {fmt.Sprint(a0.Slot)},
				"table": {fmt.Sprint(1 - a0.Table)}, "version": {fmt.Sprint(run.Version)}}, nil, s.organiser)
			wantStatus(t, w, http.StatusUnprocessableEntity, "Ben Barth already has a meeting")
			w = s.a.request(t, "POST", preview+"/move", url.Values{"meeting": {"2"}, "slot": {fmt.Sprint(a0.Slot)},
				"table": {fmt.Sprint(a0.Table)}, "version": {fmt.Sprint(run.Version)}}, nil, s.organiser)
			wantStatus(t, w, http.StatusUnprocessableEntity, "is taken at")
			// A swap is fine; a stale version is refused.
			w = s.a.request(t, "POST", preview+"/swap", url.Values{"meeting": {"1"}, "other": {"2"}, "version": {fmt.Sprint(run.Version)}}, nil, s.organiser)
			wantStatus(t, w, http.StatusSeeOther)
			w = s.a.request(t, "POST", preview+"/cancel", url.Values{"meeting": {"1"}, "version": {fmt.Sprint(run.Version)}}, nil, s.organiser)
			wantStatus(t, w, http.StatusUnprocessableEntity, "changed meanwhile")

			run, _ = s.run(t, preview)
			w = s.a.request(t, "POST", preview+"/publish", url.Values{"version": {fmt.Sprint(run.Version)}}, nil, s.organiser)
			wantStatus(t, w, http.StatusSeeOther)
			// Ana and Ben see the same slot and table; Cai sees only theirs.
			ana, ben, cai := s.agendaMeeting(t, "Ana Arrieta", "Ben Barth"), s.agendaMeeting(t, "Ben Barth", "Ana Arrieta"), s.agendaMeeting(t, "Cai Costa", "Ben Barth")
			if ana == "" || ana != ben {
				t.Errorf("Ana's meeting %q is not on Ben's agenda %q", ana, ben)
			}
			if !strings.Contains(ana, "Table Rioja") && !strings.Contains(ana, "Table Txakoli") {
				t.Errorf("Ana's meeting has no named table: %q", ana)
			}
			if cai == "" || cai == ana || cai != s.agendaMeeting(t, "Ben Barth", "Cai Costa") {
				t.Errorf("Cai's meeting %q: not Ben's or the same as Ana's %q", cai, ana)
			}
			w = s.a.request(t, "GET", "/me/agenda", nil, nil, s.cookies["Cai Costa"])
			if strings.Contains(w.Body.String(), "Ana Arrieta") {
				t.Error("Cai's agenda shows Ana's meeting")
			}
			emails, err := s.a.db.Emails(t.Context(), mission.EmailFilter{})
			must(t, err)
			got := map[string]bool{}
			for _, e := range emails {
				if strings.Contains(e.Subject, "Your B2B meetings") {
					got[e.ToAddress] = true
				}
			}
			for _, p := range []*mission.Person{s.ana, s.ben, s.cai} {
				if !got[p.Email] {
					t.Errorf("no schedule e-mail to %s", p.Name)
				}
			}
		}
	})
}

// TestScheduleRepairNotifiesOnlyTheMoved publishes, then Ben cancels his
// accepted meeting with Ana (Cai, a third person, may not) and Cai's late
// request to Ana is accepted: the repair moves no published meeting, the
// preview shows what changes, and publishing e-mails only Ana, Ben and
// Cai, not Dan, whose meeting stays.
func TestScheduleRepairNotifiesOnlyTheMoved(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		s := newScheduleScene(t, dsn)
		dan, danCookie := s.person(t, s.host, "Dan Diaz", "")
		must(t, s.a.db.AddMissionMember(t.Context(), mission.MissionMember{MissionID: s.m.ID, PersonID: dan.ID, Role: mission.RoleParticipant}))
		s.cookies[dan.Name] = danCookie
		s.meet(t, s.ana, s.ben)
		s.meet(t, s.cai, dan)
		preview := s.generate(t, "generate")
		run, _ := s.run(t, preview)
		wantStatus(t, s.a.request(t, "POST", preview+"/publish", url.Values{"version": {fmt.Sprint(run.Version)}}, nil, s.organiser), http.StatusSeeOther)
		before, err := s.a.db.Emails(t.Context(), mission.EmailFilter{})
		must(t, err)
		reqs, err := s.a.db.MeetingRequests(t.Context(), s.m.ID, s.ben.ID)
		must(t, err)
		withdraw := fmt.Sprintf("/requests/%d/withdraw", reqs[0].ID)
		wantStatus(t, s.a.request(t, "POST", withdraw, nil, nil, s.cookies["Cai Costa"]), http.StatusNotFound)
		wantStatus(t, s.a.request(t, "POST", withdraw, nil, nil, s.cookies["Ben Barth"]), http.StatusSeeOther)
		wantStatus(t, s.a.request(t, "POST", withdraw, nil, nil, s.cookies["Ben Barth"]), http.StatusConflict)
		s.meet(t, s.cai, s.ana)
		repair := s.generate(t, "repair")
		w := s.a.request(t, "GET", repair, nil, nil, s.organiser)
		wantStatus(t, w, http.StatusOK, `id="changes-table"`, "added", "cancelled", `id="moved">0<`)
		run, _ = s.run(t, repair)
		wantStatus(t, s.a.request(t, "POST", repair+"/publish", url.Values{"version": {fmt.Sprint(run.Version)}}, nil, s.organiser), http.StatusSeeOther)
		after, err := s.a.db.Emails(t.Context(), mission.EmailFilter{})
		must(t, err)
		var to []string
		for _, e := range after[len(before):] {
			if strings.Contains(e.Subject, "Your B2B meetings") {
				to = append(to, e.ToAddress)
			}
		}
		slices.Sort(to)
		if want := []string{s.ana.Email, s.ben.Email, s.cai.Email}; !slices.Equal(to, want) {
			t.Errorf("repair e-mailed %v, want only %v", to, want)
		}
		if got := s.agendaMeeting(t, "Ben Barth", "Ana Arrieta"); got != "" {
			t.Errorf("Ben still meets Ana after the repair: %s", got)
		}
		if s.agendaMeeting(t, "Dan Diaz", "Cai Costa") == "" {
			t.Error("Dan lost his meeting with Cai")
		}
	})
}

// run reads the run behind a preview path.
func (s *scheduleScene) run(t *testing.T, preview string) (*mission.ScheduleRun, *b2b.Snapshot) {
	t.Helper()
	m := runLink.FindStringSubmatch(preview)
	var id int64
	fmt.Sscan(m[1], &id)
	run, err := s.a.db.ScheduleRun(t.Context(), id)
	must(t, err)
	snap, err := b2b.Decode(run)
	must(t, err)
	return run, snap
}

var slotOption = regexp.MustCompile(`<option value="(\d+)">([^<]+)</option>`)

// slotOptions maps the move form's slot labels to their values.
func slotOptions(t *testing.T, page string) map[string]string {
	t.Helper()
	i := strings.Index(page, `name="slot"`)
	if i < 0 {
		t.Fatal("no slot select")
	}
	out := map[string]string{}
	for _, m := range slotOption.FindAllStringSubmatch(page[i:i+strings.Index(page[i:], "</select>")], -1) {
		out[m[2]] = m[1]
	}
	return out
}

// TestScheduleProgressAndRestart: a node claims the job and reports
// progress, which the page shows while refreshing itself; the node dies,
// and after its lease another node's worker finishes the job.
func TestScheduleProgressAndRestart(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		s := newScheduleScene(t, dsn)
		ctx := t.Context()
		s.meet(t, s.ana, s.ben)
		wantStatus(t, s.a.request(t, "POST", s.path("/schedule/generate"), nil, nil, s.organiser), http.StatusSeeOther)
		now := time.Now()
		j, ok, err := s.a.db.ClaimJob(ctx, []string{mission.JobSchedule}, "dying-node", now, time.Minute)
		if err != nil || !ok {
			t.Fatalf("claim: %v %v", ok, err)
		}
		must(t, s.a.db.JobProgress(ctx, j.ID, "dying-node", now, time.Minute,
			`{"phase":"solving","percent":40,"meetings":1,"scheduled":1,"breaks":0,"lower_bound":0}`))
		w := s.a.request(t, "GET", s.path("/schedule"), nil, nil, s.organiser)
		wantStatus(t, w, http.StatusOK, `data-status="running"`, "Searching for the best plan", "40 % of the time limit",
			"1 of 1 meetings placed", `http-equiv="refresh"`, `id="generate" disabled`)
		// Another generate while it runs is refused.
		wantStatus(t, s.a.request(t, "POST", s.path("/schedule/generate"), nil, nil, s.organiser), http.StatusUnprocessableEntity,
			"already waiting or running")
		other := &b2b.Worker{DB: s.a.db, ID: "other-node", Now: func() time.Time { return now.Add(2 * time.Minute) },
			Solver: schedule.Options{Workers: 1, MaxWork: 100_000, Seed: 1}}
		if n, err := other.RunPending(ctx); err != nil || n != 1 {
			t.Fatalf("the other node worked %d jobs: %v", n, err)
		}
		w = s.a.request(t, "GET", s.path("/schedule"), nil, nil, s.organiser)
		wantStatus(t, w, http.StatusOK, `data-status="done"`, `id="preview-link"`)
	})
}

// TestScheduleSettings: the settings form keeps only people who meet in
// the mission as online, reads an empty fairness as none, and refuses a
// video address that is not https.
func TestScheduleSettings(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		s := newScheduleScene(t, dsn)
		form := url.Values{"video_base_url": {"https://meet.example.org/caravan"}, "time_limit_seconds": {"5"}, "fairness": {""},
			"online": {fmt.Sprint(s.cai.ID), "999999", "x"}}
		wantStatus(t, s.a.request(t, "POST", s.path("/schedule/settings"), form, nil, s.organiser), http.StatusSeeOther)
		st, err := s.a.db.B2BSettings(t.Context(), s.m.ID)
		must(t, err)
		if !slices.Equal(st.Online, []int64{s.cai.ID}) || st.Fairness != -1 || st.VideoBaseURL != "https://meet.example.org/caravan/" {
			t.Errorf("saved %+v", st)
		}
		form.Set("video_base_url", "http://meet.example.org/")
		wantStatus(t, s.a.request(t, "POST", s.path("/schedule/settings"), form, nil, s.organiser), http.StatusUnprocessableEntity,
			"must be an https:// address")
		wantStatus(t, s.a.request(t, "POST", s.path("/schedule/settings"), form, nil, s.cookies["Cai Costa"]), http.StatusForbidden)
	})
}
