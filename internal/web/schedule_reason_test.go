package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"caravan/internal/b2b"
	"caravan/internal/i18n"
	"caravan/internal/mission"
	"caravan/internal/schedule"
	"caravan/internal/testdb"
)

// TestScheduleReasonKeys: every reason code a run's unplaced meeting may
// carry, and every job failure code, has its message in every language,
// and each says its reason with the names filled in and no parameter
// left over; an unknown code keeps the engine's English words.
func TestScheduleReasonKeys(t *testing.T) {
	bundle, err := i18n.NewBundle()
	must(t, err)
	// A run of two people and two sessions' tables, one an online room.
	snap := &b2b.Snapshot{
		Problem: schedule.Problem{
			Participants: []schedule.Participant{{Name: "Ana Arrieta"}, {Name: "Ben Barth"}},
			Meetings:     []schedule.Meeting{{Name: "Ana Arrieta – Ben Barth", Participants: []int{0, 1}, FixedSlot: -1, FixedTable: -1}},
			Slots:        []schedule.Slot{{Start: time.Date(2026, 3, 12, 9, 0, 0, 0, time.UTC), End: time.Date(2026, 3, 12, 9, 20, 0, 0, time.UTC)}},
			Tables:       []schedule.Table{{Name: "Rioja", Pinned: 1}, {Name: "Online: Ana Arrieta", Pinned: 0}},
		},
		People: []b2b.Person{{ID: 7, Name: "Ana Arrieta"}, {ID: 8, Name: "Ben Barth"}},
		Tables: []b2b.TableRef{{ItemID: 3, Number: 1}, {PersonID: 7}},
	}
	causes := map[string]schedule.Reason{
		schedule.ReasonFixedTableReserved:    {Table: 0, Participant: 1},
		schedule.ReasonFixedTableNotReserved: {Table: 1},
		schedule.ReasonFixedSlot:             {Slot: 0},
		schedule.ReasonPrecedenceCycle:       {Meeting: 0},
		schedule.ReasonNoSlotLeft:            {Slots: 3, Busy: []int{2, 0}, Full: 1, Order: 1},
	}
	for _, tag := range bundle.Languages() {
		l := bundle.Localizer(tag.String())
		names := reasonNames{slot: func(int) string { return "09:00" }, table: func(t int) string {
			if t == 1 {
				return l.T("schedule.reason.online_room", "person", "Ana Arrieta")
			}
			return l.T("schedule.reason.table", "table", "Rioja", "session", "B2B")
		}}
		for _, code := range b2b.ReasonCodes() {
			if !l.Has("schedule.reason." + code) {
				t.Errorf("%s: no message for reason code %s", tag, code)
				continue
			}
			c := causes[code]
			c.Code = code
			snap.Plan.Assign = []schedule.Assignment{{Slot: -1, Table: -1, Reason: "the engine's words", Cause: c}}
			got := unplacedText(l, snap, 0, names)
			if got == "the engine's words" || strings.ContainsAny(got, "{}") || strings.Contains(got, "schedule.reason") {
				t.Errorf("%s: reason %s reads %q", tag, code, got)
			}
		}
		for _, code := range []string{mission.JobFailStopped, mission.JobFailDataChanged, mission.JobFailInternal} {
			if !l.Has("schedule.failure." + code) {
				t.Errorf("%s: no message for job failure %s", tag, code)
			}
		}
		snap.Plan.Assign = []schedule.Assignment{{Slot: -1, Table: -1, Reason: "the engine's words", Cause: schedule.Reason{Code: "new_in_the_engine"}}}
		if got := unplacedText(l, snap, 0, names); got != "the engine's words" {
			t.Errorf("%s: an unknown code reads %q, want the engine's words", tag, got)
		}
	}
	// The Spanish reason of a busy participant names them.
	l := bundle.Localizer("es")
	snap.Plan.Assign = []schedule.Assignment{{Slot: -1, Table: -1, Reason: "x", Cause: schedule.Reason{Code: schedule.ReasonNoSlotLeft, Slots: 1, Busy: []int{0, 1}}}}
	want := "Ana Arrieta y Ben Barth no tienen sitio en el único turno al que pueden asistir todos: Ben Barth tiene otra reunión en 1 de ellos."
	if got := unplacedText(l, snap, 0, reasonNames{}); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// Before a name that begins with the sound i, Spanish says "e".
	snap.People[1].Name = "Iñaki Ibarra"
	snap.Plan.Assign[0].Cause = schedule.Reason{Code: schedule.ReasonNoCommonSlot}
	if got, want := unplacedText(l, snap, 0, reasonNames{}), "Ana Arrieta e Iñaki Ibarra no tienen"; !strings.HasPrefix(got, want) {
		t.Errorf("got %q, want it to begin %q", got, want)
	}
	if got, want := unplacedText(bundle.Localizer("en"), snap, 0, reasonNames{}), "Ana Arrieta and Iñaki Ibarra have"; !strings.HasPrefix(got, want) {
		t.Errorf("got %q, want it to begin %q", got, want)
	}
}

// TestSchedulePreviewSpanish: an organiser whose language is Spanish sees
// why a meeting is not placed in Spanish, naming the people, and a meeting
// taken out of the plan likewise; the engine's English words do not show.
func TestSchedulePreviewSpanish(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		s := newScheduleScene(t, dsn)
		wantStatus(t, s.a.request(t, "POST", "/settings", url.Values{"name": {"Olga Organiser"}, "language": {"es"}}, nil, s.organiser),
			http.StatusSeeOther)
		// Ben can meet only at 09:00, so Ana and Cai cannot both meet him.
		must(t, s.a.db.AddAvailabilityBlock(t.Context(), &mission.AvailabilityBlock{MissionID: s.m.ID, PersonID: s.ben.ID,
			StartsAt: time.Date(2026, 3, 12, 9, 20, 0, 0, s.loc), EndsAt: time.Date(2026, 3, 12, 11, 0, 0, 0, s.loc), CreatedAt: time.Now()}))
		s.meet(t, s.ana, s.ben)
		s.meet(t, s.cai, s.ben)
		preview := s.generate(t, "generate")
		_, snap := s.run(t, preview)
		placed, unplaced := 0, 1
		if snap.Plan.Assign[0].Slot < 0 {
			placed, unplaced = 1, 0
		}
		other := snap.People[snap.Problem.Meetings[unplaced].Participants[0]].Name
		if other == "Ben Barth" {
			other = snap.People[snap.Problem.Meetings[unplaced].Participants[1]].Name
		}
		w := s.a.request(t, "GET", preview, nil, nil, s.organiser)
		wantStatus(t, w, http.StatusOK, `lang="es"`, `id="placed">1 / 2<`)
		body := w.Body.String()
		reason := " no tienen sitio en el único turno al que pueden asistir todos: Ben Barth tiene otra reunión en 1 de ellos."
		if !strings.Contains(body, other+" y Ben Barth"+reason) && !strings.Contains(body, "Ben Barth y "+other+reason) {
			t.Errorf("the preview does not say in Spanish why %s does not meet Ben: %s", other, between(body, `id="unplaced-list"`, "</ul>"))
		}
		if strings.Contains(body, "have no slot left") {
			t.Error("the Spanish preview shows the engine's English reason")
		}
		run, _ := s.run(t, preview)
		wantStatus(t, s.a.request(t, "POST", preview+"/cancel", url.Values{"meeting": {fmt.Sprint(placed + 1)}, "version": {fmt.Sprint(run.Version)}},
			nil, s.organiser), http.StatusSeeOther)
		wantStatus(t, s.a.request(t, "GET", preview, nil, nil, s.organiser), http.StatusOK, "Un organizador la sacó del plan.")
	})
}

// TestScheduleJobFailurePage: a job that fails shows the organiser why in
// their language, the attempts made, and never the Go error's text; while
// attempts are left the page says it is tried again.
func TestScheduleJobFailurePage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		s := newScheduleScene(t, dsn)
		ctx := t.Context()
		must(t, s.a.db.EnqueueJob(ctx, &mission.Job{Kind: mission.JobSchedule, MissionID: s.m.ID, Payload: "{not json"}))
		now := time.Now()
		w := &b2b.Worker{DB: s.a.db, ID: "test", Now: func() time.Time { return now },
			Solver: schedule.Options{Workers: 1, MaxWork: 100_000, Seed: 1}}
		for attempt := 1; attempt <= 3; attempt++ {
			if n, err := w.RunPending(ctx); err != nil || n != 1 {
				t.Fatalf("attempt %d: worked %d: %v", attempt, n, err)
			}
			if attempt == 1 {
				wantStatus(t, s.a.request(t, "GET", s.path("/schedule"), nil, nil, s.organiser), http.StatusOK,
					`data-status="queued"`, "Attempt 1 failed; it is tried again in half a minute.")
			}
			now = now.Add(31 * time.Second)
		}
		page := s.a.request(t, "GET", s.path("/schedule"), nil, nil, s.organiser)
		wantStatus(t, page, http.StatusOK, `data-status="failed"`, "an internal error stopped it each of the 3 times it was tried")
		body := page.Body.String()
		for _, leak := range []string{"payload", "invalid character", "job "} {
			if strings.Contains(between(body, `id="job-status"`, "</section>"), leak) {
				t.Errorf("the page shows the error's text %q", leak)
			}
		}
		wantStatus(t, s.a.request(t, "POST", "/settings", url.Values{"name": {"Olga Organiser"}, "language": {"es"}}, nil, s.organiser),
			http.StatusSeeOther)
		wantStatus(t, s.a.request(t, "GET", s.path("/schedule"), nil, nil, s.organiser), http.StatusOK,
			"un error interno la detuvo cada una de las 3 veces que se intentó")
	})
}

// TestScheduleFormsSpanish: the store's checks of the settings and
// session forms show in Spanish next to their fields.
func TestScheduleFormsSpanish(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		s := newScheduleScene(t, dsn)
		wantStatus(t, s.a.request(t, "POST", "/settings", url.Values{"name": {"Olga Organiser"}, "language": {"es"}}, nil, s.organiser),
			http.StatusSeeOther)
		form := url.Values{"video_base_url": {"http://meet.example.org/"}, "time_limit_seconds": {"5"}}
		w := s.a.request(t, "POST", s.path("/schedule/settings"), form, nil, s.organiser)
		wantStatus(t, w, http.StatusUnprocessableEntity)
		field := between(w.Body.String(), `id="video_base_url"`, `id="time_limit_seconds"`)
		if !strings.Contains(field, `<p class="field-error">La dirección de vídeo debe ser una dirección https:// sin ? ni #`) {
			t.Errorf("no Spanish message at the video address: %s", field)
		}
		session := s.path(fmt.Sprintf("/schedule/sessions/%d", s.session.ID))
		wantStatus(t, s.a.request(t, "POST", session, url.Values{"slot_minutes": {"20"}, "tables": {"2"}, "breaks": {"10:00-10:20\n10:10-10:30"}},
			nil, s.organiser), http.StatusUnprocessableEntity, `<p class="field-error">Dos pausas se solapan.</p>`)
		wantStatus(t, s.a.request(t, "POST", session, url.Values{"slot_minutes": {"20"}, "tables": {"2"}, "table_name_1": {"Rioja"},
			"table_name_2": {"rioja"}}, nil, s.organiser), http.StatusUnprocessableEntity, `<p class="field-error">Dos mesas se llaman «rioja».</p>`)
		// English pages keep the store's words.
		wantStatus(t, s.a.request(t, "POST", "/settings", url.Values{"name": {"Olga Organiser"}, "language": {"en"}}, nil, s.organiser),
			http.StatusSeeOther)
		wantStatus(t, s.a.request(t, "POST", s.path("/schedule/settings"), form, nil, s.organiser), http.StatusUnprocessableEntity,
			"The video address must be an https:// address without ? or #")
	})
}

// between is the part of s from the first from to the next to after it.
func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i:], to)
	if j < 0 {
		return s[i:]
	}
	return s[i : i+j]
}
