package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"caravan/internal/mission"
)

// TestParticipantsAreNotOfferedTheCall: on a mission with an open call,
// someone who already takes part (added by the organisers, without an
// application) reads that they take part instead of an offer to apply, and
// an application of theirs is refused; others are still offered the call.
func TestParticipantsAreNotOfferedTheCall(t *testing.T) {
	eachCallScene(t, func(t *testing.T, sc *callScene) {
		m := sc.mission(t, sc.host, day(6, 15), day(6, 17))
		sme := sc.org(t, "Lyon Sensors", mission.KindSME, "FR")
		paula, paulaCookie := sc.person(t, sme, "Paula Present", "")
		_, anaCookie := sc.person(t, sme, "Ana Applicant", "")
		must(t, sc.a.db.AddMissionMember(t.Context(), mission.MissionMember{MissionID: m.ID, PersonID: paula.ID, Role: mission.RoleParticipant}))
		page := fmt.Sprintf("/missions/%d", m.ID)
		apply := page + "/apply"
		offer := `href="` + apply + `"`

		for name, cookie := range map[string]*http.Cookie{"signed out": nil, "Ana": anaCookie} {
			var cookies []*http.Cookie
			if cookie != nil {
				cookies = append(cookies, cookie)
			}
			w := sc.a.request(t, "GET", page, nil, nil, cookies...)
			wantStatus(t, w, http.StatusOK, offer)
			if strings.Contains(w.Body.String(), `id="takes-part"`) {
				t.Errorf("%s: the page says they take part", name)
			}
		}

		w := sc.a.request(t, "GET", page, nil, nil, paulaCookie)
		wantStatus(t, w, http.StatusOK, `id="takes-part"`, "You already take part in this mission")
		if strings.Contains(w.Body.String(), offer) {
			t.Error("Paula, a participant, is offered to apply")
		}
		wantStatus(t, sc.a.request(t, "GET", page, nil, map[string]string{"Accept-Language": "es"}, paulaCookie), http.StatusOK,
			"Ya participa en esta misión")

		// The form says so too, and an application is refused.
		w = sc.a.request(t, "GET", apply, nil, nil, paulaCookie)
		wantStatus(t, w, http.StatusOK, `id="takes-part"`)
		if strings.Contains(w.Body.String(), `name="motivation"`) {
			t.Error("Paula is shown the application form")
		}
		w = sc.a.request(t, "POST", apply, url.Values{"motivation": {"Partners"}, "action": {"submit"}}, nil, paulaCookie)
		wantStatus(t, w, http.StatusConflict, "You already take part in this mission")
		list, err := sc.a.db.Applications(t.Context(), mission.ApplicationFilter{MissionID: m.ID})
		must(t, err)
		if len(list) != 0 {
			t.Errorf("got %d applications, want none", len(list))
		}
		// Ana still applies.
		if body := sc.apply(t, m, anaCookie); !strings.Contains(body, m.Title) {
			t.Errorf("Ana's applications page lacks %q", m.Title)
		}
	})
}

// TestDemoParticipantTakesPartInVilnius: the demo's Paula, added to the
// upcoming Vilnius mission without an application, is not offered its call.
func TestDemoParticipantTakesPartInVilnius(t *testing.T) {
	a := newAccountsServer(t)
	page := fmt.Sprintf("/missions/%d", testInfo.UpcomingMissionID)
	w := a.request(t, "GET", page, nil, nil, a.session(t, "participant"))
	wantStatus(t, w, http.StatusOK, `id="takes-part"`)
	if strings.Contains(w.Body.String(), `href="`+page+`/apply"`) {
		t.Error("the demo participant is offered to apply to Vilnius")
	}
	wantStatus(t, a.request(t, "GET", page, nil, nil, a.session(t, "local")), http.StatusOK, `href="`+page+`/apply"`)
}
