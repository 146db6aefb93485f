package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"caravan/internal/mission"
)

// firstItem returns the id of a mission's first programme item in the
// shared test database, or 0 when it has none.
func firstItem(missionID int64) int64 {
	items, err := testServer.db.ProgrammeItems(context.Background(), missionID)
	if err != nil || len(items) == 0 {
		return 0
	}
	return items[0].ID
}

// pageStep is one request of a page scenario: who sends it, what, and what
// comes back. Steps run in order on one database, so later steps see the
// changes of earlier ones.
type pageStep struct {
	role, method, path string
	form               url.Values
	lang               string // Accept-Language; English when empty
	status             int
	want, wantNot      []string
}

func runSteps(t *testing.T, a *accountsServer, steps []pageStep) {
	t.Helper()
	cookies := map[string]*http.Cookie{}
	for i, st := range steps {
		var cs []*http.Cookie
		if st.role != "out" {
			if cookies[st.role] == nil {
				cookies[st.role] = a.session(t, st.role)
			}
			cs = append(cs, cookies[st.role])
		}
		header := map[string]string{}
		if st.lang != "" {
			header["Accept-Language"] = st.lang
		}
		w := a.request(t, st.method, st.path, st.form, header, cs...)
		body := w.Body.String()
		if w.Code != st.status {
			t.Fatalf("step %d: %s %s %s as %s: got %d, want %d; body: %.600s", i, st.method, st.path, st.form.Encode(), st.role, w.Code, st.status, body)
		}
		for _, text := range st.want {
			if !strings.Contains(body, text) {
				t.Errorf("step %d: %s %s as %s: body lacks %q", i, st.method, st.path, st.role, text)
			}
		}
		for _, text := range st.wantNot {
			if strings.Contains(body, text) {
				t.Errorf("step %d: %s %s as %s: body has %q", i, st.method, st.path, st.role, text)
			}
		}
	}
}

// missionForm returns a valid new-mission form, changed by the pairs
// (name, value, …).
func newMissionValues(consortium, host int64, pairs ...string) url.Values {
	v := url.Values{"consortium": {fmt.Sprint(consortium)}, "host": {fmt.Sprint(host)}, "title": {"Mission to Turin"},
		"kind": {"delegation"}, "status": {"draft"}, "host_city": {"Turin"}, "host_country": {"IT"}, "time_zone": {"Europe/Rome"},
		"arrival_on": {"2026-10-04"}, "starts_on": {"2026-10-05"}, "ends_on": {"2026-10-07"}, "departure_on": {"2026-10-08"},
		"capacity": {"24"}, "themes": {"mobility"}, "keywords": {"robotics, batteries"}}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Set(pairs[i], pairs[i+1])
	}
	return v
}

func TestMissionPages(t *testing.T) {
	a := newAccountsServer(t)
	ctx := t.Context()
	basqueM, err := a.db.Mission(ctx, testInfo.BasqueMissionID)
	if err != nil {
		t.Fatal(err)
	}
	basque := fmt.Sprint(basqueM.ID)
	draft := fmt.Sprint(testInfo.DraftMissionID)
	cid, host := basqueM.ConsortiumID, basqueM.HostOrganisationID
	before, err := a.db.Missions(ctx, mission.MissionFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	runSteps(t, a, []pageStep{
		{role: "organiser", method: "GET", path: "/dashboard", status: 200, want: []string{"Basque Industrial Exploration",
			"Smart mobility mission to Sophia Antipolis (draft)", "Not published", "Create a mission", `href="/missions/` + basque + `/programme"`,
			`href="/missions/` + basque + `/invite"`, `href="/dashboard"`}},
		{role: "organiser", method: "GET", path: "/dashboard", lang: "es", status: 200, want: []string{"Panel", "Sin publicar", "Crear una misión"}},
		{role: "host", method: "GET", path: "/dashboard", status: 200, want: []string{"Basque Industrial Exploration", "Your role: host",
			`href="/missions/` + basque + `/programme"`}, wantNot: []string{"Sophia Antipolis", "Create a mission", `/missions/` + basque + `/edit`}},
		{role: "viewer", method: "GET", path: "/dashboard", status: 200, want: []string{"Basque Industrial Exploration", "Your role: viewer"},
			wantNot: []string{"/edit", "/programme", "Sophia Antipolis"}},
		{role: "participant", method: "GET", path: "/dashboard", status: 200, want: []string{"You do not organise, host or follow any mission yet."},
			wantNot: []string{`href="/dashboard"`}},
		{role: "organiser", method: "GET", path: "/missions/new", status: 200, want: []string{"New mission", `name="starts_on"`, `<option value="` + fmt.Sprint(host) + `"`}},
		// Dates in the wrong order: 422, the message next to the field, the input kept.
		{role: "organiser", method: "POST", path: "/missions", form: newMissionValues(cid, host, "ends_on", "2026-10-01", "title", "Turin <robots>"), status: 422,
			want: []string{`id="ends_on-error">The end date must be on or after the start date.`, `aria-describedby="ends_on-error"`,
				`value="Turin &lt;robots&gt;"`, `value="2026-10-01"`}},
		{role: "organiser", method: "POST", path: "/missions", form: newMissionValues(cid, host, "ends_on", "2026-10-01"), lang: "es", status: 422,
			want: []string{"La fecha de fin debe ser igual o posterior a la de inicio."}},
		{role: "organiser", method: "POST", path: "/missions", form: newMissionValues(cid, host, "arrival_on", "2026-10-06"), status: 422,
			want: []string{`id="arrival_on-error">Arrival must be on or before the start date.`}},
		{role: "organiser", method: "POST", path: "/missions", form: newMissionValues(cid, host, "title", strings.Repeat("x", 201)), status: 422,
			want: []string{`id="title-error">Use at most 200 characters.`}},
		{role: "organiser", method: "POST", path: "/missions", form: newMissionValues(cid, host, "starts_on", "13/10/2026"), status: 422,
			want: []string{`id="starts_on-error">Enter a date such as 2026-11-13.`}},
		{role: "organiser", method: "POST", path: "/missions", form: newMissionValues(cid, 999999), status: 422,
			want: []string{`id="host-error">Choose one of the options.`}},
		{role: "organiser", method: "POST", path: "/missions", form: newMissionValues(999999, host), status: 422,
			want: []string{`id="consortium-error">`}},
		{role: "organiser", method: "POST", path: "/missions", form: newMissionValues(cid, host, "time_zone", "Mars/Olympus", "capacity", "-4"), status: 422,
			want: []string{`id="time_zone-error">Enter a time zone such as Europe/Madrid.`, `id="capacity-error">Enter a whole number from 0 to 100,000.`}},
		{role: "host", method: "POST", path: "/missions", form: newMissionValues(cid, host), status: 403},
	})
	after, err := a.db.Missions(ctx, mission.MissionFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Fatalf("invalid forms stored missions: %d before, %d after", len(before), len(after))
	}
	runSteps(t, a, []pageStep{
		{role: "organiser", method: "POST", path: "/missions", form: newMissionValues(cid, host), status: 303},
		{role: "organiser", method: "GET", path: "/dashboard", status: 200, want: []string{"Mission to Turin", "5–7 October 2026"}},
		{role: "organiser", method: "GET", path: "/missions/" + basque + "/edit", status: 200,
			want: []string{"Edit mission", `value="Basque Industrial Exploration`, `value="2023-11-13"`, "Delete the mission"}},
		{role: "organiser", method: "POST", path: "/missions/" + basque, form: url.Values{"title": {"Basque Exploration"}, "status": {"reported"},
			"starts_on": {"2023-11-15"}, "ends_on": {"2023-11-13"}}, status: 422, want: []string{`id="ends_on-error">`, `value="Basque Exploration"`}},
		{role: "organiser", method: "POST", path: "/missions/" + basque, form: url.Values{"title": {"Basque Exploration, renamed"}, "status": {"reported"},
			"published": {"on"}, "starts_on": {"2023-11-13"}, "ends_on": {"2023-11-15"}, "themes": {"mobility", "no-such-theme"}}, status: 303},
		{role: "out", method: "GET", path: "/missions/" + basque, status: 200, want: []string{"<h1>Basque Exploration, renamed"}},
		{role: "host", method: "GET", path: "/missions/" + basque + "/edit", status: 403},
		{role: "organiser", method: "GET", path: "/missions/abc/edit", status: 404},
		// Delete: first the question, then the deletion.
		{role: "organiser", method: "POST", path: "/missions/" + draft + "/delete", status: 200,
			want: []string{"Delete “Smart mobility mission to Sophia Antipolis (draft)”", `name="confirm" value="yes"`}},
		{role: "organiser", method: "GET", path: "/missions/" + draft, status: 200},
		{role: "organiser", method: "POST", path: "/missions/" + draft + "/delete", form: url.Values{"confirm": {"yes"}}, status: 303},
		{role: "organiser", method: "GET", path: "/missions/" + draft, status: 404},
		{role: "organiser", method: "GET", path: "/dashboard", status: 200, wantNot: []string{"Sophia Antipolis"}},
	})
	m, err := a.db.Mission(ctx, basqueM.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Themes) != 1 || m.Themes[0] != "mobility" {
		t.Errorf("themes after edit: %v, want [mobility] (unknown themes dropped)", m.Themes)
	}
}

func TestProgrammeEditor(t *testing.T) {
	a := newAccountsServer(t)
	ctx := t.Context()
	basque := fmt.Sprint(testInfo.BasqueMissionID)
	items, err := a.db.ProgrammeItems(ctx, testInfo.BasqueMissionID)
	if err != nil || len(items) == 0 {
		t.Fatalf("Basque programme: %v, %d items", err, len(items))
	}
	first := items[0]
	item := fmt.Sprint(first.ID)
	// An item of the unpublished draft, which the host of the Basque mission may not see.
	hidden := &mission.ProgrammeItem{MissionID: testInfo.DraftMissionID, Kind: mission.ItemConference, Title: "Hidden conference",
		StartsAt: time.Date(2026, 8, 4, 9, 0, 0, 0, time.UTC), EndsAt: time.Date(2026, 8, 4, 10, 0, 0, 0, time.UTC)}
	if err := a.db.CreateProgrammeItem(ctx, hidden); err != nil {
		t.Fatal(err)
	}
	valid := func(pairs ...string) url.Values {
		v := url.Values{"kind": {"site_visit"}, "title": {"Visit to the port"}, "starts_at": {"2023-11-14T16:00"},
			"ends_at": {"2023-11-14T17:30"}, "venue": {"Port of Bilbao"}, "capacity": {"20"}, "signup_required": {"on"}}
		for i := 0; i+1 < len(pairs); i += 2 {
			v.Set(pairs[i], pairs[i+1])
		}
		return v
	}
	runSteps(t, a, []pageStep{
		{role: "host", method: "GET", path: "/missions/" + basque + "/programme", status: 200, want: []string{"Programme: Basque Industrial Exploration",
			"Times are local (Europe/Madrid).", "Day 1:", "SME Assembly", `action="/programme/` + item + `"`, "Add an item"}},
		{role: "host", method: "GET", path: "/missions/" + basque + "/programme", lang: "es", status: 200, want: []string{"Añadir una actividad", "lunes, 13 de noviembre de 2023"}},
		// End before start: 422 with the message next to the new item's field and the input kept.
		{role: "host", method: "POST", path: "/missions/" + basque + "/programme", form: valid("ends_at", "2023-11-14T15:00"), status: 422,
			want: []string{`id="new-ends_at-error">The end must be after the start.`, `value="Visit to the port"`, `value="2023-11-14T15:00"`}},
		{role: "host", method: "POST", path: "/missions/" + basque + "/programme", form: valid("kind", "party"), status: 422,
			want: []string{`id="new-kind-error">Choose one of the options.`}},
		{role: "host", method: "POST", path: "/missions/" + basque + "/programme", form: valid("kind", "b2b_session"), status: 422,
			want: []string{`id="new-slot_minutes-error">A B2B session needs a slot length in minutes.`}},
		{role: "host", method: "POST", path: "/missions/" + basque + "/programme", form: valid("starts_at", "tomorrow"), status: 422,
			want: []string{`id="new-starts_at-error">Enter a date and time such as`}},
		{role: "host", method: "POST", path: "/missions/" + basque + "/programme", form: valid(), status: 303},
		{role: "host", method: "GET", path: "/missions/" + basque + "/programme", status: 200, want: []string{"Visit to the port", "Port of Bilbao", "20 places",
			"4:00 PM"}},
		// Edit: a bad value re-renders with the item's form open.
		{role: "organiser", method: "POST", path: "/programme/" + item, form: url.Values{"title": {""}, "starts_at": {"2023-11-13T09:00"}, "ends_at": {"2023-11-13T10:00"}},
			status: 422, want: []string{`id="i` + item + `-title-error">This field is required.`, "<details open>"}},
		{role: "organiser", method: "POST", path: "/programme/" + item, form: url.Values{"title": {"Welcome, renamed"}, "starts_at": {"2023-11-13T09:00"},
			"ends_at": {"2023-11-13T10:00"}}, status: 303},
		{role: "out", method: "GET", path: "/missions/" + basque, status: 200, want: []string{"Welcome, renamed"}},
		{role: "participant", method: "GET", path: "/missions/" + basque + "/programme", status: 403},
		{role: "participant", method: "POST", path: "/programme/" + item, form: url.Values{"title": {"Hacked"}}, status: 403},
		{role: "host", method: "POST", path: "/programme/" + fmt.Sprint(hidden.ID), form: url.Values{"title": {"Hacked"}}, status: 404,
			want: []string{fmt.Sprintf("There is no programme item %d.", hidden.ID)}},
		{role: "host", method: "POST", path: "/programme/999999", form: url.Values{"title": {"x"}}, status: 404},
		{role: "host", method: "POST", path: "/programme/" + item + "/delete", status: 200, want: []string{"Delete “Welcome, renamed” from the programme?"}},
		{role: "host", method: "POST", path: "/programme/" + item + "/delete", form: url.Values{"confirm": {"yes"}}, status: 303},
		{role: "host", method: "GET", path: "/missions/" + basque + "/programme", status: 200, wantNot: []string{"Welcome, renamed"}},
	})
	if got, err := a.db.ProgrammeItem(ctx, hidden.ID); err != nil || got.Title != "Hidden conference" {
		t.Errorf("hidden item after a refused edit: %v, %v", got, err)
	}
}

func TestMyPages(t *testing.T) {
	a := newAccountsServer(t)
	ctx := t.Context()
	basque := fmt.Sprint(testInfo.BasqueMissionID)
	// A B2B meeting of the demo participant with the demo local company, on day 2 at 11:00 in Bilbao.
	paula, err := a.db.AccountByEmail(ctx, "participant@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	leire, err := a.db.AccountByEmail(ctx, "local@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	starts := time.Date(2023, 11, 14, 10, 0, 0, 0, time.UTC)
	mt := &mission.Meeting{MissionID: testInfo.BasqueMissionID, StartsAt: starts, EndsAt: starts.Add(20 * time.Minute), Table: "T12",
		PersonIDs: []int64{paula.PersonID, leire.PersonID}}
	if err := a.db.CreateMeeting(ctx, mt); err != nil {
		t.Fatal(err)
	}
	runSteps(t, a, []pageStep{
		{role: "participant", method: "GET", path: "/me/missions", status: 200, want: []string{"My missions", "Basque Industrial Exploration",
			"Your role: participant", `href="/me/agenda"`}, wantNot: []string{"Sophia Antipolis"}},
		{role: "participant", method: "GET", path: "/me/missions", lang: "es", status: 200, want: []string{"Mis misiones", "Su papel: participant"}},
		{role: "local", method: "GET", path: "/me/missions", status: 200, want: []string{"Basque Industrial Exploration", "Your role: local company"}},
		{role: "viewer", method: "GET", path: "/me/missions", status: 200, want: []string{"You do not take part in any mission yet."}},
		{role: "participant", method: "GET", path: "/me/agenda", status: 200, want: []string{"My agenda", "Monday 13 November 2023", "SME Assembly",
			`href="/missions/` + basque + `"`, "B2B meeting", "With Leire Lasa (", "Table T12", "11:00 AM</time>–<time datetime=\"2023-11-14T10:20:00Z\">11:20 AM"}},
		{role: "local", method: "GET", path: "/me/agenda", lang: "es", status: 200, want: []string{"Reunión B2B", "Con Paula Pawlak (", "Mesa T12", "11:00", "martes, 14 de noviembre de 2023"}},
		{role: "host", method: "GET", path: "/me/agenda", status: 200, want: []string{"SME Assembly"}, wantNot: []string{"Table T12"}},
		{role: "viewer", method: "GET", path: "/me/agenda", status: 200, want: []string{"Your agenda is empty"}},
		{role: "out", method: "GET", path: "/me/agenda", status: 303},
	})
}

// hostOrganisation returns the id of a mission's host organisation in the
// shared test database.
func hostOrganisation(missionID int64) int64 {
	m, err := testServer.db.Mission(context.Background(), missionID)
	if err != nil {
		return 0
	}
	return m.HostOrganisationID
}

// anyOffer returns the id of the first marketplace item of the shared
// test database (none of the demo accounts' organisations), or 0.
func anyOffer() int64 {
	// The demo accounts belong to partners and to organisations of the
	// Basque mission's people (internal/demo/accounts.go): an offer of none
	// of those is none of theirs.
	var id int64
	testServer.db.SQL().QueryRowContext(context.Background(), `SELECT id FROM marketplace_items
		WHERE organisation_id NOT IN (SELECT organisation_id FROM partners)
		  AND organisation_id NOT IN (SELECT p.organisation_id FROM persons p JOIN mission_members mm ON mm.person_id = p.id WHERE mm.mission_id = $1)
		ORDER BY id LIMIT 1`, testInfo.BasqueMissionID).Scan(&id)
	return id
}

func TestLocalsPage(t *testing.T) {
	a := newAccountsServer(t)
	ctx := t.Context()
	basque := fmt.Sprint(testInfo.BasqueMissionID)
	add := func(pairs ...string) url.Values {
		v := url.Values{"organisation": {"Txakoli Robotics"}, "kind": {"sme"}, "city": {"Getxo"}, "name": {"Ane Etxeberria"},
			"job_title": {"CEO"}, "email": {"ane@txakoli.example"}, "ecosystems": {"robotics"}}
		for i := 0; i+1 < len(pairs); i += 2 {
			v.Set(pairs[i], pairs[i+1])
		}
		return v
	}
	runSteps(t, a, []pageStep{
		{role: "host", method: "GET", path: "/missions/" + basque + "/locals", status: 200, want: []string{"Local companies: Basque Industrial Exploration",
			"Leire Lasa", "Add a local company", "The company is in Spain."}},
		{role: "host", method: "GET", path: "/missions/" + basque + "/locals", lang: "es", status: 200, want: []string{"Añadir una empresa local", "La empresa está en España."}},
		{role: "host", method: "POST", path: "/missions/" + basque + "/locals", form: add("name", ""), status: 422,
			want: []string{`id="name-error">This field is required.`, `value="Txakoli Robotics"`}},
		{role: "host", method: "POST", path: "/missions/" + basque + "/locals", form: add("email", "not an address"), status: 422,
			want: []string{`id="email-error">Enter an e-mail address`}},
		{role: "host", method: "POST", path: "/missions/" + basque + "/locals", form: add("organisation", strings.Repeat("Ñ", 201)), status: 422,
			want: []string{`id="organisation-error">Use at most 200 characters.`}},
		{role: "host", method: "POST", path: "/missions/" + basque + "/locals", form: add("email", "local@demo.example"), status: 422,
			want: []string{`id="email-error">Someone already uses this e-mail address.`}},
		{role: "host", method: "POST", path: "/missions/" + basque + "/locals", form: add(), status: 303},
		{role: "host", method: "POST", path: "/missions/" + basque + "/locals", form: add("organisation", "TXAKOLI ROBOTICS", "name", "Jon Goñi", "email", ""), status: 303},
		{role: "host", method: "GET", path: "/missions/" + basque + "/locals", status: 200, want: []string{"Txakoli Robotics", "Ane Etxeberria", "Jon Goñi"}},
		{role: "organiser", method: "GET", path: "/missions/" + basque + "/locals", status: 200, want: []string{"Jon Goñi"}},
		{role: "participant", method: "POST", path: "/missions/" + basque + "/locals", form: add("email", "p@txakoli.example"), status: 403},
		{role: "host", method: "POST", path: "/missions/999999/locals", form: add("email", "q@txakoli.example"), status: 404},
	})
	orgs, err := a.db.Organisations(ctx, mission.OrganisationFilter{Query: "txakoli robotics", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(orgs) != 1 || orgs[0].Country != "ES" || orgs[0].City != "Getxo" {
		t.Fatalf("organisations named Txakoli Robotics: %+v, want one in Getxo, ES", orgs)
	}
	members, err := a.db.MissionMembers(ctx, testInfo.BasqueMissionID, mission.RoleLocal)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, mm := range members {
		if mm.Person.OrganisationID == orgs[0].ID {
			n++
		}
	}
	if n != 2 {
		t.Errorf("Txakoli Robotics has %d local members, want 2", n)
	}
}

func TestDirectoryAndOrganisationPages(t *testing.T) {
	a := newAccountsServer(t)
	ctx := t.Context()
	paula, err := a.db.AccountByEmail(ctx, "participant@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	own := fmt.Sprint(paula.Person.OrganisationID)
	gaia := fmt.Sprint(hostOrganisation(testInfo.BasqueMissionID))
	runSteps(t, a, []pageStep{
		{role: "organiser", method: "GET", path: "/directory", status: 200, want: []string{"Directory", `name="role"`, "GAIA"}},
		// Organisers read the contact details of their missions' members; hosts only the names; participants no people.
		{role: "organiser", method: "GET", path: "/directory?q=pawlak", status: 200, want: []string{"Paula Pawlak", "participant@demo.example", "participant"}},
		{role: "host", method: "GET", path: "/directory?q=pawlak", status: 200, want: []string{"Paula Pawlak"}, wantNot: []string{"participant@demo.example"}},
		{role: "participant", method: "GET", path: "/directory?q=pawlak", status: 200, wantNot: []string{`id="people"`, "participant@demo.example", `name="role"`}},
		{role: "participant", method: "GET", path: "/directory?q=lasa", status: 200, wantNot: []string{"Leire Lasa", "local@demo.example"}},
		{role: "host", method: "GET", path: "/directory?role=local&q=lasa", status: 200, want: []string{"Leire Lasa", "local company"},
			wantNot: []string{`id="organisations"`}},
		{role: "organiser", method: "GET", path: "/directory?kind=cluster&country=es", status: 200, want: []string{"GAIA"}},
		{role: "organiser", method: "GET", path: "/directory?q=" + strings.Repeat("a", 101), status: 422, want: []string{`id="q-error">Use at most 100 characters.`}},
		{role: "organiser", method: "GET", path: "/directory?country=Spain", status: 422, want: []string{`id="country-error">`}},
		{role: "organiser", method: "GET", path: "/directory?role=boss", status: 422, want: []string{`id="role-error">Choose one of the options.`}},
		{role: "organiser", method: "GET", path: "/directory?ecosystem=nope", lang: "es", status: 422, want: []string{`id="ecosystem-error">Elija una de las opciones.`}},
		{role: "organiser", method: "GET", path: "/directory?q=%25%25zzqq", status: 200, want: []string{"No organisation matches.", "No person matches."}},
		{role: "participant", method: "GET", path: "/organisations/" + gaia, status: 200, want: []string{"<h1>GAIA", "Offers", "Requests"},
			wantNot: []string{`id="people"`, "host@demo.example"}},
		{role: "participant", method: "GET", path: "/organisations/" + own, status: 200, want: []string{"Paula Pawlak", "participant@demo.example",
			`href="/me/organisation"`}},
		{role: "organiser", method: "GET", path: "/organisations/" + gaia, status: 200, want: []string{`id="people"`, "Haizea Olabarria"}},
		{role: "organiser", method: "GET", path: "/organisations/abc", status: 404},
		{role: "out", method: "GET", path: "/organisations/" + gaia, status: 303},
	})
}

func TestProfilePages(t *testing.T) {
	if anyOffer() == 0 {
		t.Fatal("the demo has no marketplace items: the authorization matrix would test nothing")
	}
	a := newAccountsServer(t)
	ctx := t.Context()
	paula, err := a.db.AccountByEmail(ctx, "participant@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	org, err := a.db.Organisation(ctx, paula.Person.OrganisationID)
	if err != nil {
		t.Fatal(err)
	}
	profile := func(pairs ...string) url.Values {
		v := url.Values{"name": {org.Name}, "kind": {org.Kind}, "city": {"Warsaw"}, "staff": {"42"}, "website": {"https://example.com"},
			"description": {"We build <robots>."}, "ecosystems": {"mobility", "robotics", "no-such-ecosystem"}}
		for i := 0; i+1 < len(pairs); i += 2 {
			v.Set(pairs[i], pairs[i+1])
		}
		return v
	}
	item := func(pairs ...string) url.Values {
		v := url.Values{"side": {"offer"}, "category": {"technology"}, "title": {"Cobot welding cells"}, "description": {"Turnkey."},
			"keywords": {"welding, cobots"}, "ecosystems": {"robotics"}}
		for i := 0; i+1 < len(pairs); i += 2 {
			v.Set(pairs[i], pairs[i+1])
		}
		return v
	}
	runSteps(t, a, []pageStep{
		{role: "participant", method: "GET", path: "/me/organisation", status: 200, want: []string{"My organisation: " + org.Name, "Add an offer or a request"}},
		{role: "participant", method: "POST", path: "/me/organisation", form: profile("name", strings.Repeat("x", 201)), status: 422,
			want: []string{`id="name-error">Use at most 200 characters.`, `We build &lt;robots&gt;.`}},
		{role: "participant", method: "POST", path: "/me/organisation", form: profile("website", "javascript:alert(1)", "staff", "many"), status: 422,
			want: []string{`id="website-error">Enter a web address that starts with https://.`, `id="staff-error">`}},
		{role: "participant", method: "POST", path: "/me/organisation", form: profile(), status: 303},
		{role: "local", method: "GET", path: "/organisations/" + fmt.Sprint(org.ID), status: 200, want: []string{"We build &lt;robots&gt;.", "42", "https://example.com"}},
		{role: "participant", method: "POST", path: "/me/organisation/items", form: item("title", ""), status: 422,
			want: []string{`id="new-title-error">This field is required.`, `value="welding, cobots"`}},
		{role: "participant", method: "POST", path: "/me/organisation/items", form: item("side", "gift"), status: 422,
			want: []string{`id="new-side-error">Choose one of the options.`}},
		{role: "participant", method: "POST", path: "/me/organisation/items", form: item(), status: 303},
		{role: "participant", method: "GET", path: "/me/organisation", status: 200, want: []string{"Cobot welding cells", "Technology"}},
		{role: "participant", method: "GET", path: "/me/organisation", lang: "es", status: 200, want: []string{"Tecnología", "Oferta"}},
	})
	items, err := a.db.MarketplaceItems(ctx, org.ID)
	if err != nil || len(items) == 0 {
		t.Fatalf("marketplace after adding: %v, %d items", err, len(items))
	}
	it := items[len(items)-1]
	id := fmt.Sprint(it.ID)
	runSteps(t, a, []pageStep{
		{role: "participant", method: "POST", path: "/marketplace/" + id, form: item("category", "magic", "title", "Changed"), status: 422,
			want: []string{`id="m` + id + `-category-error">Choose one of the options.`, "<details open>", `value="Changed"`}},
		{role: "participant", method: "POST", path: "/marketplace/" + id, form: item("side", "request", "title", "Cobot integrators wanted"), status: 303},
		{role: "local", method: "GET", path: "/organisations/" + fmt.Sprint(org.ID), status: 200, want: []string{"Cobot integrators wanted"}},
		{role: "local", method: "POST", path: "/marketplace/" + id, form: item("title", "Hijacked"), status: 404},
		{role: "local", method: "POST", path: "/marketplace/" + id + "/delete", form: url.Values{"confirm": {"yes"}}, status: 404},
		{role: "participant", method: "POST", path: "/marketplace/" + id + "/delete", status: 200, want: []string{"Delete “Cobot integrators wanted”?"}},
		{role: "participant", method: "POST", path: "/marketplace/" + id + "/delete", form: url.Values{"confirm": {"yes"}}, status: 303},
		{role: "participant", method: "GET", path: "/me/organisation", status: 200, wantNot: []string{"Cobot integrators wanted"}},
		{role: "participant", method: "POST", path: "/marketplace/" + id, form: item(), status: 404},
	})
	got, err := a.db.Organisation(ctx, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.City != "Warsaw" || got.Staff != 42 || len(got.Ecosystems) != 2 {
		t.Errorf("organisation after save: %+v", got)
	}
}
