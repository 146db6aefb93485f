package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"caravan/internal/mission"
	"caravan/internal/tabular"
)

// outcomeScene is the claim scene's closed Bilbao mission (2–4 February
// 2026; Ana and Ben, two visitors of the French SME Acme Sensors, confirmed
// with a grant of 780 euros each against the Lyon Cluster) where Ana and Ben
// take part and Lia is the local company. Three meetings have ended: Ana
// with Lia, Ben with Lia, and Ana with Ben.
type outcomeScene struct {
	*claimScene
	lia            *mission.Person
	liaCookie      *http.Cookie
	anaLia, benLia *mission.Meeting
	anaBen         *mission.Meeting
}

func newOutcomeScene(t *testing.T, sc *claimScene) *outcomeScene {
	t.Helper()
	ctx := t.Context()
	db := sc.a.db
	s := &outcomeScene{claimScene: sc}
	s.lia, s.liaCookie = sc.person(t, sc.org(t, "Bizkaia Sensors", mission.KindSME, "ES"), "Lia Local", "")
	for _, mm := range []mission.MissionMember{
		{MissionID: sc.m.ID, PersonID: sc.ana.ID, Role: mission.RoleParticipant},
		{MissionID: sc.m.ID, PersonID: sc.ben.ID, Role: mission.RoleParticipant},
		{MissionID: sc.m.ID, PersonID: s.lia.ID, Role: mission.RoleLocal},
	} {
		must(t, db.AddMissionMember(ctx, mm))
	}
	at := func(h int) time.Time { return time.Date(2026, 2, 3, h, 0, 0, 0, sc.m.Location()) }
	meeting := func(h int, people ...int64) *mission.Meeting {
		mt := &mission.Meeting{MissionID: sc.m.ID, StartsAt: at(h), EndsAt: at(h).Add(20 * time.Minute), Table: "T1", PersonIDs: people}
		must(t, db.CreateMeeting(ctx, mt))
		return mt
	}
	s.anaLia = meeting(10, sc.ana.ID, s.lia.ID)
	s.benLia = meeting(11, sc.ben.ID, s.lia.ID)
	s.anaBen = meeting(12, sc.ana.ID, sc.ben.ID)
	return s
}

func (s *outcomeScene) outcomePath(mt *mission.Meeting) string {
	return fmt.Sprintf("/missions/%d/meetings/%d/outcome", s.m.ID, mt.ID)
}

// post sends a form that must be accepted (303).
func (s *outcomeScene) post(t *testing.T, path string, form url.Values, cookie *http.Cookie) {
	t.Helper()
	wantStatus(t, s.a.request(t, "POST", path, form, nil, cookie), http.StatusSeeOther)
}

// TestOutcomeSurveyAndKPIOnEachDatabase records meeting outcomes and
// survey answers through the forms on a small mission, on SQLite and
// PostgreSQL, and reads the figures back on the KPI page and its exports.
func TestOutcomeSurveyAndKPIOnEachDatabase(t *testing.T) {
	eachClaimScene(t, func(t *testing.T, cs *claimScene) {
		sc := newOutcomeScene(t, cs)
		ctx := t.Context()

		// Only a meeting's own people reach its outcome.
		path := sc.outcomePath(sc.anaLia)
		for name, cookie := range map[string]*http.Cookie{"Ben (not in this meeting)": sc.benCookie, "the organiser": sc.organiser, "the admin": sc.admin} {
			if w := sc.a.request(t, "GET", path, nil, nil, cookie); w.Code != http.StatusNotFound {
				t.Errorf("%s: got %d, want 404", name, w.Code)
			}
			if w := sc.a.request(t, "POST", path, url.Values{"held": {"yes"}, "outcome": {"contract"}}, nil, cookie); w.Code != http.StatusNotFound {
				t.Errorf("%s: got %d on POST, want 404", name, w.Code)
			}
		}
		wantStatus(t, sc.a.request(t, "GET", path, nil, nil, sc.anaCookie), 200, "Did the meeting take place?", "Lia Local")
		wantStatus(t, sc.a.request(t, "POST", path, url.Values{"held": {"maybe"}}, nil, sc.anaCookie), 422, `id="held-error"`)

		// Ana records an offer, then changes it to a follow-up; Lia records a
		// contract: the meeting was held and its outcome is the contract.
		sc.post(t, path, url.Values{"held": {"yes"}, "outcome": {"offer"}, "note": {"Quote by Friday."}}, sc.anaCookie)
		sc.post(t, path, url.Values{"held": {"yes"}, "outcome": {"follow_up"}}, sc.anaCookie)
		sc.post(t, path, url.Values{"held": {"yes"}, "outcome": {"contract"}}, sc.liaCookie)
		// Ben and Lia both say their meeting did not take place; Ana and Ben
		// report nothing of theirs.
		sc.post(t, sc.outcomePath(sc.benLia), url.Values{"held": {"no"}}, sc.benCookie)
		sc.post(t, sc.outcomePath(sc.benLia), url.Values{"held": {"no"}}, sc.liaCookie)
		list, err := sc.a.db.MeetingOutcomes(ctx, sc.m.ID)
		must(t, err)
		if len(list) != 4 {
			t.Fatalf("got %d outcome records, want 4 (Ana's second answer replaces her first)", len(list))
		}
		for _, rec := range list {
			if rec.MeetingID == sc.anaLia.ID && rec.PersonID == sc.ana.ID && (rec.Outcome != mission.OutcomeFollowUp || rec.Note != "") {
				t.Errorf("got Ana's record %+v, want her second answer", rec)
			}
		}

		// The survey: Ana answers twice (the second replaces the first), Lia
		// once as the local company.
		fpath := fmt.Sprintf("/missions/%d/feedback", sc.m.ID)
		wantStatus(t, sc.a.request(t, "GET", fpath, nil, nil, sc.anaCookie), 200, "How satisfied are you")
		wantStatus(t, sc.a.request(t, "POST", fpath, url.Values{"satisfaction": {"5"}}, nil, sc.anaCookie), 422, `id="recommend-error"`)
		sc.post(t, fpath, url.Values{"satisfaction": {"5"}, "recommend": {"yes"}, "worked": {"Meeting Lia."}}, sc.anaCookie)
		sc.post(t, fpath, url.Values{"satisfaction": {"3"}, "recommend": {"no"}, "improve": {"Longer slots."}}, sc.anaCookie)
		sc.post(t, fpath, url.Values{"satisfaction": {"4"}, "recommend": {"yes"}}, sc.liaCookie)
		r, err := sc.a.db.FeedbackResponse(ctx, sc.m.ID, sc.ana.ID)
		if err != nil || r.Satisfaction != 3 || r.Recommend || r.Worked != "" || r.Improve != "Longer slots." || r.Role != mission.RoleParticipant {
			t.Errorf("got Ana's response %+v (%v), want her second answer", r, err)
		}
		responses, err := sc.a.db.FeedbackResponses(ctx, sc.m.ID)
		must(t, err)
		if len(responses) != 2 {
			t.Errorf("got %d responses, want Ana's and Lia's", len(responses))
		}

		// The KPI page and its exports show the figures of this mission.
		kpath := fmt.Sprintf("/missions/%d/kpi", sc.m.ID)
		w := sc.a.request(t, "GET", kpath, nil, nil, sc.organiser)
		wantStatus(t, w, 200, `<th scope="row">Scheduled</th><td>3</td>`, `<th scope="row">Held</th><td>1</td>`,
			`<th scope="row">Not held</th><td>1</td>`, "Longer slots.")
		checkCharts(t, w.Body.String(), "partners", "countries", "meetings", "outcomes", "satisfaction", "money")
		for table, want := range map[string]map[string][]string{
			"partners":     {"Lyon Cluster": {"2", "2"}},
			"countries":    {"France": {"2"}},
			"meetings":     {"Scheduled": {"3"}, "Held": {"1"}, "Not held": {"1"}, "Sides disagree": {"0"}, "No outcome recorded": {"1"}},
			"outcomes":     {"A contract was signed": {"1"}, "A follow-up is planned": {"0"}, "Nothing for now": {"0"}},
			"satisfaction": {"5": {"0"}, "4": {"1"}, "3": {"1"}},
			"money":        {"Lyon Cluster": {"2", "1560.00", "0.00", "5000.00"}, "Total": {"2", "1560.00", "0.00", "5000.00"}},
		} {
			w := sc.a.request(t, "GET", kpath+"/export?format=csv&table="+table, nil, nil, sc.organiser)
			wantStatus(t, w, 200)
			got, err := tabular.Read(w.Body.Bytes())
			must(t, err)
			rows := map[string]string{}
			for _, r := range got.Rows {
				rows[r.Cells[0]] = strings.Join(r.Cells[1:], " ")
			}
			for key, cells := range want {
				if rows[key] != strings.Join(cells, " ") {
					t.Errorf("%s CSV, row %q: got %q, want %q (all rows %v)", table, key, rows[key], strings.Join(cells, " "), rows)
				}
			}
		}
	})
}
