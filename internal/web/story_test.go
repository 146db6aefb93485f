package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"caravan/internal/mission"
)

func init() { matrixParts = append(matrixParts, storyMatrix) }

// storyMatrix holds the authorization rows of the story routes. The demo's
// Basque mission has a published story; the Dresden and draft missions have
// none. No row changes what another row reads: the Basque story is
// published again (only its audit log grows) and drafting it again stops at
// the confirmation step.
func storyMatrix() map[string][]access {
	basque := fmt.Sprint(testInfo.BasqueMissionID)
	dresden := fmt.Sprint(testInfo.DresdenMissionID)
	draft := fmt.Sprint(testInfo.DraftMissionID)
	return map[string][]access{
		"GET /missions/{id}/story": {
			{method: "GET", path: "/missions/" + basque + "/story", want: all(200)},
			{method: "GET", path: "/missions/" + dresden + "/story", want: all(404)},
			{method: "GET", path: "/missions/" + draft + "/story", want: all(404)},
			{method: "GET", path: "/missions/x/story", want: all(404)},
		},
		"GET /missions/{id}/story/edit": {
			{method: "GET", path: "/missions/" + basque + "/story/edit", want: [7]int{303, 200, 200, 403, 403, 403, 403}},
			{method: "GET", path: "/missions/" + draft + "/story/edit", want: [7]int{303, 200, 200, 404, 404, 404, 404}},
		},
		"POST /missions/{id}/story": {
			{method: "POST", path: "/missions/" + basque + "/story", form: url.Values{"title": {""}, "language": {"en"}}, want: [7]int{401, 422, 422, 403, 403, 403, 403}},
		},
		"POST /missions/{id}/story/draft": {
			{method: "POST", path: "/missions/" + basque + "/story/draft", form: url.Values{"language": {"en"}}, want: [7]int{401, 200, 200, 403, 403, 403, 403}},
			{method: "POST", path: "/missions/" + draft + "/story/draft", form: url.Values{"language": {"xx"}}, want: [7]int{401, 422, 422, 404, 404, 404, 404}},
		},
		"POST /missions/{id}/story/publish": {
			{method: "POST", path: "/missions/" + basque + "/story/publish", want: [7]int{401, 303, 303, 403, 403, 403, 403}},
		},
		"POST /missions/{id}/story/unpublish": {
			{method: "POST", path: "/missions/" + dresden + "/story/unpublish", want: [7]int{401, 404, 404, 403, 403, 403, 403}},
		},
		"POST /settings/public-mention": {{method: "POST", path: "/settings/public-mention", form: url.Values{"consent": {"yes"}}, want: signedIn(401, 303)}},
	}
}

// storyScene is a mission of the call scene's consortium (TESTX, with Lyon
// Cluster as partner) in Bilbao, 15–17 June 2026, with a programme, two
// confirmed visitors (Carla consents to public mention through her
// settings, Nils does not) and a participant's session.
type storyScene struct {
	*callScene
	m           *mission.Mission
	carla, nils *http.Cookie
}

func newStoryScene(t *testing.T, sc *callScene) *storyScene {
	t.Helper()
	ctx := t.Context()
	ss := &storyScene{callScene: sc}
	ss.m = sc.mission(t, sc.host, day(6, 15), day(6, 17))
	ss.m.Themes = []string{"cybersecurity"}
	_, err := sc.a.db.UpdateMission(ctx, ss.m.ID, mission.MissionUpdate{Themes: &ss.m.Themes})
	must(t, err)
	loc := ss.m.Location()
	for i, it := range []*mission.ProgrammeItem{
		{Kind: mission.ItemB2BSession, Title: "B2B meetings with Basque companies", SlotMinutes: 20, Tables: 10},
		{Kind: mission.ItemSiteVisit, Title: "Visit to a Bilbao shipyard"},
		{Kind: mission.ItemConference, Title: "Cybersecurity conference"},
	} {
		it.MissionID = ss.m.ID
		it.StartsAt = time.Date(2026, 6, 15+i, 10, 0, 0, 0, loc)
		it.EndsAt = it.StartsAt.Add(2 * time.Hour)
		must(t, sc.a.db.CreateProgrammeItem(ctx, it))
	}
	visitor := func(org, name string) *http.Cookie {
		o := sc.org(t, org, mission.KindSME, "FR")
		p, cookie := sc.person(t, o, name, "")
		must(t, sc.a.db.CreateApplication(ctx, &mission.Application{MissionID: ss.m.ID, PersonID: p.ID, Status: mission.AppConfirmed}))
		must(t, sc.a.db.AddMissionMember(ctx, mission.MissionMember{MissionID: ss.m.ID, PersonID: p.ID, Role: mission.RoleParticipant}))
		return cookie
	}
	ss.carla = visitor("Carla Robotics", "Carla Consent")
	ss.nils = visitor("Nils Networks", "Nils Silent")
	wantStatus(t, sc.a.request(t, "POST", "/settings/public-mention", url.Values{"consent": {"yes"}}, nil, ss.carla), http.StatusSeeOther)
	return ss
}

func (ss *storyScene) path(suffix string) string {
	return fmt.Sprintf("/missions/%d%s", ss.m.ID, suffix)
}

// TestStoryThroughTheProduct drafts, edits, publishes and withdraws a
// story as the organiser, and reads it as a visitor at each step.
func TestStoryThroughTheProduct(t *testing.T) {
	eachCallScene(t, func(t *testing.T, sc *callScene) {
		ss := newStoryScene(t, sc)
		a, org := sc.a, sc.organiser
		get := func(path string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
			return a.request(t, "GET", path, nil, nil, cookies...)
		}
		post := func(path string, form url.Values, cookies ...*http.Cookie) *httptest.ResponseRecorder {
			return a.request(t, "POST", path, form, nil, cookies...)
		}
		// Carla's settings show her consent; Nils's do not.
		wantStatus(t, get("/settings", ss.carla), http.StatusOK, `name="consent" value="yes" checked`)
		if w := get("/settings", ss.nils); strings.Contains(w.Body.String(), `value="yes" checked`) {
			t.Error("Nils's settings show a consent he never gave")
		}
		wantStatus(t, get(ss.path("/story/edit"), org), http.StatusOK, "This mission has no story yet.")
		wantStatus(t, get(ss.path("/story")), http.StatusNotFound)
		wantStatus(t, get(ss.path("/story/edit"), ss.carla), http.StatusForbidden)

		// The draft: the mission's own data, Carla named, Nils not.
		wantStatus(t, post(ss.path("/story/draft"), url.Values{"language": {"en"}}, org), http.StatusSeeOther)
		w := get(ss.path("/story/edit?done=drafted"), org)
		wantStatus(t, w, http.StatusOK, "A new draft has been written", "TESTX in Bilbao: looking back on the mission",
			"On 15–17 June 2026, the TESTX consortium, with Lyon Cluster, travelled to Bilbao, home of Bilbao Cluster",
			"The mission focused on cybersecurity.", "- Day 1, Monday 15 June 2026: B2B meetings with Basque companies.",
			"1 session of B2B meetings, 1 company or site visit and 1 presentation or conference",
			"2 participants from France took part.", "Carla Robotics (France), with Carla Consent", "Draft: not public", "Drafted")
		if body := w.Body.String(); strings.Contains(body, "Nils") {
			t.Errorf("the draft names Nils, who gave no consent")
		}
		// A draft is the organisers' only.
		wantStatus(t, get(ss.path("/story")), http.StatusNotFound)
		wantStatus(t, get(ss.path("/story"), ss.carla), http.StatusNotFound)
		wantStatus(t, get(ss.path("/story"), org), http.StatusOK, "This story is a draft")
		wantStatus(t, get(ss.path(""), org), http.StatusOK, "Story of this mission")
		if strings.Contains(get(ss.path("")).Body.String(), "/story") {
			t.Error("the public mission page links a draft story")
		}

		// Editing: a missing title is refused next to its field; a title
		// with markup is kept as text.
		edit := url.Values{"language": {"en"}, "title": {""}, "lead": {"Lead."}, "body": {"Body."}}
		wantStatus(t, post(ss.path("/story"), edit, org), http.StatusUnprocessableEntity, `id="title-error"`, "Lead.")
		edit.Set("title", `Bilbao <script>alert("x")</script> & more`)
		edit.Set("body", "## Day one\n\nWe met <b>partners</b>.\n\n- A <i>list</i>")
		wantStatus(t, post(ss.path("/story"), edit, org), http.StatusSeeOther)
		wantStatus(t, post(ss.path("/story/publish"), nil, org), http.StatusSeeOther)

		// Published: anyone reads it, escaped; the mission page links it.
		w = get(ss.path("/story"))
		wantStatus(t, w, http.StatusOK, "Bilbao &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; more", "<h2>Day one</h2>",
			"We met &lt;b&gt;partners&lt;/b&gt;.", "<li>A &lt;i&gt;list&lt;/i&gt;</li>", `lang="en"`, "Published on 10 March 2026")
		if body := w.Body.String(); strings.Contains(body, "<script>alert") || strings.Contains(body, "<b>partners") {
			t.Errorf("the story page lets markup through: %.400s", body)
		}
		wantStatus(t, get(ss.path("")), http.StatusOK, "Read the story of this mission")
		wantStatus(t, get("/"), http.StatusOK, "Stories of past missions", "Bilbao &lt;script&gt;")
		wantStatus(t, get(ss.path("/story/edit"), org), http.StatusOK, "Published on 10 March 2026", "Withdraw to a draft", "Published")

		// Drafting again asks first, then replaces the text.
		wantStatus(t, post(ss.path("/story/draft"), url.Values{"language": {"es"}}, org), http.StatusOK, "A new draft replaces")
		wantStatus(t, post(ss.path("/story/draft")+"?language=es", url.Values{"confirm": {"yes"}}, org), http.StatusSeeOther)
		wantStatus(t, get(ss.path("/story")), http.StatusOK, "TESTX en Bilbao: así fue la misión", `lang="es"`)

		// Withdrawn: 404 again for visitors; the history keeps who did what.
		wantStatus(t, post(ss.path("/story/unpublish"), nil, org), http.StatusSeeOther)
		wantStatus(t, get(ss.path("/story")), http.StatusNotFound)
		if strings.Contains(get("/").Body.String(), "Stories of past missions") {
			t.Error("the home page lists a withdrawn story")
		}
		hist, err := a.db.StoryHistory(t.Context(), ss.m.ID)
		must(t, err)
		var actions []string
		for _, e := range hist {
			actions = append(actions, e.Action+" by "+e.AccountEmail)
		}
		want := "story.drafted by olga.organiser@example.org, story.saved by olga.organiser@example.org, story.published by olga.organiser@example.org, " +
			"story.drafted by olga.organiser@example.org, story.unpublished by olga.organiser@example.org"
		if got := strings.Join(actions, ", "); got != want {
			t.Errorf("got history %s, want %s", got, want)
		}

		// A story of an unpublished mission cannot be published.
		published := false
		_, err = a.db.UpdateMission(t.Context(), ss.m.ID, mission.MissionUpdate{Published: &published})
		must(t, err)
		wantStatus(t, post(ss.path("/story/publish"), nil, org), http.StatusConflict, "Publish the mission first")
	})
}
