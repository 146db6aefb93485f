package web

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"caravan/internal/auth"
	"caravan/internal/mission"
)

// apiToken creates a personal API token for the demo account of the role
// through the store and returns it.
func (a *accountsServer) apiToken(t *testing.T, role string) string {
	t.Helper()
	acc, err := a.db.AccountByEmail(t.Context(), role+"@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	token, hash := auth.NewAPIToken()
	if err := a.db.CreateAPIToken(t.Context(), &mission.APIToken{AccountID: acc.ID, Name: "test", Hash: hex.EncodeToString(hash), CreatedAt: a.clock.t}); err != nil {
		t.Fatal(err)
	}
	return token
}

// apiRequest sends an API request as who: "" (signed out), "token:ROLE"
// (a personal API token, no browser headers), "session:ROLE" (a session
// cookie, same-origin), "cookie:TEXT" (that session cookie) or
// "bearer:TEXT" (that Authorization header). A
// body is sent as contentType, application/json when that is "".
func (a *accountsServer) apiRequest(t *testing.T, who, method, path, body, contentType string, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.RemoteAddr = a.ip + ":40000"
	if body != "" {
		if contentType == "" {
			contentType = "application/json"
		}
		r.Header.Set("Content-Type", contentType)
	}
	kind, arg, _ := strings.Cut(who, ":")
	switch kind {
	case "token":
		r.Header.Set("Authorization", "Bearer "+a.apiToken(t, arg))
	case "bearer":
		r.Header.Set("Authorization", arg)
	case "session":
		r.AddCookie(a.session(t, arg))
		r.Header.Set("Sec-Fetch-Site", "same-origin")
	case "cookie":
		r.AddCookie(&http.Cookie{Name: sessionCookie, Value: arg})
	}
	for k, v := range header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	a.ServeHTTP(w, r)
	return w
}

// jsonPath returns the value at a dotted path ("error.field",
// "items.0.id", "items.#" for a list's length) of a decoded JSON value.
func jsonPath(v any, path string) any {
	for _, part := range strings.Split(path, ".") {
		switch cur := v.(type) {
		case map[string]any:
			v = cur[part]
		case []any:
			if part == "#" {
				return float64(len(cur))
			}
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(cur) {
				return nil
			}
			v = cur[i]
		default:
			return nil
		}
	}
	return v
}

// apiScenario is one API request and what its answer must hold.
type apiScenario struct {
	name                 string
	who                  string
	method, path, body   string
	contentType          string
	header               map[string]string
	wantStatus           int
	want                 map[string]any // dotted JSON path → value, compared as fmt.Sprint
	wantText, wantNoText []string       // in the raw body
}

// run sends the scenario, checks the status, the JSON fields and that a
// JSON answer matches the schema that openapi.json documents for it. It
// returns the decoded body.
func (sc apiScenario) run(t *testing.T, a *accountsServer, schemas *schemaChecker) (any, *httptest.ResponseRecorder) {
	t.Helper()
	w := a.apiRequest(t, sc.who, sc.method, sc.path, sc.body, sc.contentType, sc.header)
	body := w.Body.String()
	if w.Code != sc.wantStatus {
		t.Fatalf("%s: got status %d, want %d; body: %.400s", sc.name, w.Code, sc.wantStatus, body)
	}
	for _, s := range sc.wantText {
		if !strings.Contains(body, s) {
			t.Errorf("%s: body lacks %q", sc.name, s)
		}
	}
	for _, s := range sc.wantNoText {
		if strings.Contains(body, s) {
			t.Errorf("%s: body contains %q, want it absent", sc.name, s)
		}
	}
	if w.Code == http.StatusForbidden && w.Header().Get("Content-Type") != "application/json; charset=utf-8" {
		return nil, w // the cross-origin protection's plain-text refusal
	}
	if w.Code == http.StatusNoContent {
		if body != "" {
			t.Errorf("%s: got body %q with 204", sc.name, body)
		}
		return nil, w
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("%s: got Content-Type %q, want JSON", sc.name, ct)
	}
	var v any
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("%s: %v", sc.name, err)
	}
	for path, want := range sc.want {
		if got := jsonPath(v, path); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: got %s = %v, want %v", sc.name, path, got, want)
		}
	}
	if schema := schemas.responseSchema(t, sc.method, sc.path, w.Code); schema != nil {
		if err := schemas.check(schema, v, "body"); err != nil {
			t.Errorf("%s: the answer does not match openapi.json: %v", sc.name, err)
		}
	}
	return v, w
}

// TestAPI runs the API's scenarios in order on one fresh database: reads
// as each kind of caller, then writes and what they leave stored.
func TestAPI(t *testing.T) {
	a := newAccountsServer(t)
	schemas := newSchemaChecker(t)
	ctx := t.Context()
	basque := fmt.Sprint(testInfo.BasqueMissionID)
	draft := fmt.Sprint(testInfo.DraftMissionID)
	m, err := a.db.Mission(ctx, testInfo.BasqueMissionID)
	if err != nil {
		t.Fatal(err)
	}
	gaia := fmt.Sprint(m.HostOrganisationID)
	excite := fmt.Sprint(testInfo.ConsortiumID)
	missionsBefore, err := a.db.Missions(ctx, mission.MissionFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	valid := `{"consortium_id": ` + excite + `, "title": "Business mission to Lyon", "host_organisation_id": ` + gaia + `,
		"host_city": "Lyon", "host_country": "fr", "time_zone": "Europe/Paris", "starts_on": "2027-03-09", "ends_on": "2027-03-11",
		"arrival_on": "2027-03-08", "themes": ["robotics"], "keywords": ["cobots"], "capacity": 20}`
	with := func(field, value string) string { // valid with one field replaced
		return strings.Replace(valid, `"title": "Business mission to Lyon"`, `"title": "Business mission to Lyon", `+field+`: `+value, 1)
	}
	long := strings.Repeat("x", 201)
	ranOK := 0
	scenarios := []apiScenario{
		// Reading, signed out and in.
		{name: "openapi public", path: "/api/v1/openapi.json", wantStatus: 200, want: map[string]any{"openapi": "3.1.0"}},
		{name: "me signed out", path: "/api/v1/me", wantStatus: 401, want: map[string]any{"error.code": "unauthorized"}},
		{name: "me by token", who: "token:participant", path: "/api/v1/me", wantStatus: 200, want: map[string]any{
			"account.email": "participant@demo.example", "auth": "token", "person.name": "Paula Pawlak", "person.email": "participant@demo.example",
			"roles.missions.#": 2, "roles.consortia.#": 0}},
		{name: "me by session", who: "session:organiser", path: "/api/v1/me", wantStatus: 200, want: map[string]any{
			"auth": "session", "roles.consortia.#": 2, "roles.consortia.0.role": "organiser", "account.is_admin": false}},
		{name: "tampered token", who: "bearer:Bearer cvn_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", path: "/api/v1/me", wantStatus: 401,
			want: map[string]any{"error.code": "unauthorized", "error.message": "The API token is not valid or has been revoked."}},
		{name: "tampered session cookie", who: "cookie:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", path: "/api/v1/me", wantStatus: 401,
			want: map[string]any{"error.code": "unauthorized"}},
		{name: "tampered cookie reads only public missions", who: "cookie:x", path: "/api/v1/missions", wantStatus: 200, want: map[string]any{"items.#": 5}},
		{name: "not a bearer", who: "bearer:Basic b3R0bzpzZWNyZXQ=", path: "/api/v1/missions", wantStatus: 401, want: map[string]any{"error.code": "unauthorized"}},
		{name: "draft hidden signed out", path: "/api/v1/missions/" + draft, wantStatus: 404, want: map[string]any{"error.code": "not_found"}},
		{name: "draft hidden from participant", who: "token:participant", path: "/api/v1/missions/" + draft, wantStatus: 404},
		{name: "draft to its organiser", who: "token:organiser", path: "/api/v1/missions/" + draft, wantStatus: 200,
			want: map[string]any{"published": false, "status": "draft"}},
		{name: "list signed out", path: "/api/v1/missions", wantStatus: 200, want: map[string]any{"items.#": 5}, wantNoText: []string{`"published":false`}},
		{name: "list for an organiser", who: "token:organiser", path: "/api/v1/missions", wantStatus: 200, want: map[string]any{"items.#": 6}, wantText: []string{`"published":false`}},
		{name: "list for a participant", who: "session:participant", path: "/api/v1/missions", wantStatus: 200, want: map[string]any{"items.#": 5}},
		{name: "list paged for an organiser", who: "token:organiser", path: "/api/v1/missions?limit=4", wantStatus: 200, want: map[string]any{"items.#": 4}},
		{name: "programme", path: "/api/v1/missions/" + basque + "/programme", wantStatus: 200, want: map[string]any{"next_cursor": ""}},
		{name: "draft programme hidden", who: "token:local", path: "/api/v1/missions/" + draft + "/programme", wantStatus: 404},
		{name: "members signed out", path: "/api/v1/missions/" + basque + "/members", wantStatus: 401},
		{name: "members not for a viewer", who: "token:viewer", path: "/api/v1/missions/" + basque + "/members", wantStatus: 403, want: map[string]any{"error.code": "forbidden"}},
		{name: "members of a draft", who: "token:participant", path: "/api/v1/missions/" + draft + "/members", wantStatus: 404},
		{name: "members bad role", who: "token:participant", path: "/api/v1/missions/" + basque + "/members?role=boss", wantStatus: 400, want: map[string]any{"error.field": "role"}},
		{name: "hosts to a participant", who: "token:participant", path: "/api/v1/missions/" + basque + "/members?role=host", wantStatus: 200,
			want: map[string]any{"items.0.role": "host"}, wantNoText: []string{`"email"`, `"phone"`}},
		{name: "hosts to an organiser", who: "token:organiser", path: "/api/v1/missions/" + basque + "/members?role=host", wantStatus: 200,
			wantText: []string{`"email":"host@demo.example"`}},
		{name: "organisations signed out", path: "/api/v1/organisations", wantStatus: 401},
		{name: "organisations", who: "token:local", path: "/api/v1/organisations?kind=cluster&country=es&limit=2", wantStatus: 200,
			want: map[string]any{"items.#": 2, "items.0.kind": "cluster", "items.0.country": "ES"}},
		{name: "organisations bad kind", who: "token:local", path: "/api/v1/organisations?kind=alien", wantStatus: 400, want: map[string]any{"error.field": "kind"}},
		{name: "organisations bad country", who: "token:local", path: "/api/v1/organisations?country=ESP", wantStatus: 400, want: map[string]any{"error.field": "country"}},
		{name: "organisations bad ecosystem", who: "token:local", path: "/api/v1/organisations?ecosystem=nope", wantStatus: 400, want: map[string]any{"error.field": "ecosystem"}},
		{name: "organisations long q", who: "token:local", path: "/api/v1/organisations?q=" + strings.Repeat("a", 101), wantStatus: 400, want: map[string]any{"error.field": "q"}},
		{name: "organisations bad cursor", who: "token:local", path: "/api/v1/organisations?cursor=zzz", wantStatus: 400, want: map[string]any{"error.field": "cursor"}},
		{name: "organisation", who: "token:local", path: "/api/v1/organisations/" + gaia, wantStatus: 200, want: map[string]any{"name": "GAIA", "kind": "cluster"},
			wantText: []string{`"marketplace_items":[`}},
		{name: "organisation malformed id", who: "token:local", path: "/api/v1/organisations/abc", wantStatus: 404},
		{name: "organisation unknown", who: "token:local", path: "/api/v1/organisations/999999", wantStatus: 404, want: map[string]any{"error.message": "There is no organisation 999999."}},

		// Creating a mission: every bad body is refused and stores nothing.
		{name: "create signed out", method: "POST", path: "/api/v1/missions", body: valid, wantStatus: 401},
		{name: "create as participant", who: "token:participant", method: "POST", path: "/api/v1/missions", body: valid, wantStatus: 403, want: map[string]any{"error.code": "forbidden"}},
		{name: "create as host", who: "session:host", method: "POST", path: "/api/v1/missions", body: valid, wantStatus: 403},
		{name: "create as text", who: "token:organiser", method: "POST", path: "/api/v1/missions", body: valid, contentType: "text/plain", wantStatus: 415, want: map[string]any{"error.code": "invalid"}},
		{name: "create as form", who: "session:organiser", method: "POST", path: "/api/v1/missions", body: "title=x", contentType: "application/x-www-form-urlencoded", wantStatus: 415},
		{name: "create without body", who: "token:organiser", method: "POST", path: "/api/v1/missions", wantStatus: 415},
		{name: "create empty", who: "token:organiser", method: "POST", path: "/api/v1/missions", body: " ", wantStatus: 400, want: map[string]any{"error.message": "The body is empty: send a JSON object."}},
		{name: "create too large", who: "token:organiser", method: "POST", path: "/api/v1/missions", body: with(`"summary"`, `"`+strings.Repeat("x", 70<<10)+`"`), wantStatus: 413},
		{name: "create broken JSON", who: "token:organiser", method: "POST", path: "/api/v1/missions", body: `{"title": `, wantStatus: 400, want: map[string]any{"error.code": "invalid"}},
		{name: "create two objects", who: "token:organiser", method: "POST", path: "/api/v1/missions", body: valid + valid, wantStatus: 400},
		{name: "create a list", who: "token:organiser", method: "POST", path: "/api/v1/missions", body: `[1]`, wantStatus: 422},
		{name: "create unknown field", who: "token:organiser", method: "POST", path: "/api/v1/missions", body: with(`"colour"`, `"red"`), wantStatus: 422,
			want: map[string]any{"error.field": "colour"}, wantText: []string{`Unknown field \"colour\"`, "consortium_id, title"}},
		{name: "create wrong type", who: "token:organiser", method: "POST", path: "/api/v1/missions", body: with(`"capacity"`, `"ten"`), wantStatus: 422,
			want: map[string]any{"error.field": "capacity", "error.message": "capacity must be a whole number."}},
		{name: "create dates in the wrong order", who: "token:organiser", method: "POST", path: "/api/v1/missions", body: strings.Replace(valid, "2027-03-11", "2027-03-01", 1), wantStatus: 422,
			want: map[string]any{"error.code": "invalid", "error.field": "ends_on", "error.message": "The mission must end on or after its start date."}},
		{name: "create arrival after start", who: "token:organiser", method: "POST", path: "/api/v1/missions", body: strings.Replace(valid, "2027-03-08", "2027-03-10", 1), wantStatus: 422,
			want: map[string]any{"error.field": "arrival_on"}},
		{name: "create impossible date", who: "token:organiser", method: "POST", path: "/api/v1/missions", body: strings.Replace(valid, "2027-03-09", "2027-02-30", 1), wantStatus: 422,
			want: map[string]any{"error.field": "starts_on"}},
		{name: "create over-long title", who: "token:organiser", method: "POST", path: "/api/v1/missions", body: strings.Replace(valid, "Business mission to Lyon", long, 1), wantStatus: 422,
			want: map[string]any{"error.field": "title"}},
		{name: "create over-long venue", who: "token:organiser", method: "POST", path: "/api/v1/missions", body: with(`"venue"`, `"`+long+`"`), wantStatus: 422, want: map[string]any{"error.field": "venue"}},
		{name: "create without title", who: "token:organiser", method: "POST", path: "/api/v1/missions", body: strings.Replace(valid, "Business mission to Lyon", " ", 1), wantStatus: 422,
			want: map[string]any{"error.field": "title", "error.message": "Title is required."}},
		{name: "create bad country", who: "token:organiser", method: "POST", path: "/api/v1/missions", body: strings.Replace(valid, `"fr"`, `"France"`, 1), wantStatus: 422, want: map[string]any{"error.field": "host_country"}},
		{name: "create bad time zone", who: "token:organiser", method: "POST", path: "/api/v1/missions", body: strings.Replace(valid, "Europe/Paris", "Mars/Olympus", 1), wantStatus: 422, want: map[string]any{"error.field": "time_zone"}},
		{name: "create unknown theme", who: "token:organiser", method: "POST", path: "/api/v1/missions", body: strings.Replace(valid, `"robotics"`, `"knitting"`, 1), wantStatus: 422, want: map[string]any{"error.field": "themes"}},
		{name: "create negative capacity", who: "token:organiser", method: "POST", path: "/api/v1/missions", body: strings.Replace(valid, `"capacity": 20`, `"capacity": -1`, 1), wantStatus: 422, want: map[string]any{"error.field": "capacity"}},
		{name: "create unknown consortium", who: "token:organiser", method: "POST", path: "/api/v1/missions", body: strings.Replace(valid, `"consortium_id": `+excite, `"consortium_id": 999999`, 1), wantStatus: 422,
			want: map[string]any{"error.field": "consortium_id", "error.message": "There is no consortium 999999."}},
		{name: "create unknown host", who: "token:organiser", method: "POST", path: "/api/v1/missions", body: strings.Replace(valid, `"host_organisation_id": `+gaia, `"host_organisation_id": 999999`, 1), wantStatus: 422,
			want: map[string]any{"error.field": "host_organisation_id"}},
		{name: "create unknown region", who: "token:organiser", method: "POST", path: "/api/v1/missions", body: with(`"region_id"`, `999999`), wantStatus: 422, want: map[string]any{"error.field": "region_id"}},
		{name: "create cross-site with a session", who: "session:organiser", method: "POST", path: "/api/v1/missions", body: valid,
			header: map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, wantStatus: 403},
	}
	for _, sc := range scenarios {
		if sc.method == "" {
			sc.method = "GET"
		}
		sc.run(t, a, schemas)
		ranOK++
	}
	missionsAfter, err := a.db.Missions(ctx, mission.MissionFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(missionsAfter) != len(missionsBefore) {
		t.Fatalf("refused requests stored %d missions", len(missionsAfter)-len(missionsBefore))
	}

	// A valid mission, by token: no browser headers, so the cross-origin
	// protection lets it through.
	v, w := apiScenario{name: "create", who: "token:organiser", method: "POST", path: "/api/v1/missions", body: valid, wantStatus: 201,
		want: map[string]any{"title": "Business mission to Lyon", "host_country": "FR", "status": "draft", "published": false,
			"starts_on": "2027-03-09", "arrival_on": "2027-03-08", "themes.0": "robotics", "consortium.acronym": "EXCITE", "programme.#": 0}}.run(t, a, schemas)
	created := fmt.Sprint(jsonPath(v, "id"))
	if got := w.Header().Get("Location"); got != "/api/v1/missions/"+created {
		t.Errorf("got Location %q, want /api/v1/missions/%s", got, created)
	}
	lyon := "/api/v1/missions/" + created
	item := `{"kind": "company_visit", "title": "Visit to a cobot maker", "venue": "Villeurbanne", "starts_at": "2027-03-09T09:00:00+01:00", "ends_at": "2027-03-09T11:30:00+01:00", "capacity": 12}`
	scenarios = []apiScenario{
		{name: "new mission hidden from the public", path: lyon, wantStatus: 404},
		{name: "new mission hidden from a host", who: "token:host", path: lyon, wantStatus: 404},
		{name: "patch hidden mission", who: "token:participant", method: "PATCH", path: lyon, body: `{"title": "x"}`, wantStatus: 404},
		{name: "patch signed out", method: "PATCH", path: "/api/v1/missions/" + basque, body: `{"title": "x"}`, wantStatus: 401},
		{name: "patch as host", who: "token:host", method: "PATCH", path: "/api/v1/missions/" + basque, body: `{"title": "x"}`, wantStatus: 403},
		{name: "patch malformed id", who: "token:organiser", method: "PATCH", path: "/api/v1/missions/abc", body: `{"title": "x"}`, wantStatus: 404},
		{name: "patch unknown id", who: "token:organiser", method: "PATCH", path: "/api/v1/missions/999999", body: `{"title": "x"}`, wantStatus: 404},
		{name: "patch dates in the wrong order", who: "token:organiser", method: "PATCH", path: lyon, body: `{"title": "Renamed", "ends_on": "2027-03-01"}`, wantStatus: 422,
			want: map[string]any{"error.field": "ends_on"}},
		{name: "patch a field that cannot change", who: "token:organiser", method: "PATCH", path: lyon, body: `{"host_city": "Paris"}`, wantStatus: 422,
			want: map[string]any{"error.field": "host_city"}},
		{name: "patch bad status", who: "token:organiser", method: "PATCH", path: lyon, body: `{"status": "dreaming"}`, wantStatus: 422, want: map[string]any{"error.field": "status"}},
		{name: "nothing half-patched", who: "token:organiser", path: lyon, wantStatus: 200, want: map[string]any{"title": "Business mission to Lyon", "ends_on": "2027-03-11"}},
		{name: "patch", who: "session:organiser", method: "PATCH", path: lyon, body: `{"title": "Business mission to Lyon and Grenoble", "published": true, "status": "call_open", "call_opens_on": "2027-01-01", "call_closes_on": "2027-02-01"}`,
			wantStatus: 200, want: map[string]any{"title": "Business mission to Lyon and Grenoble", "published": true, "status": "call_open", "call_closes_on": "2027-02-01", "host_city": "Lyon"}},
		{name: "published now", path: lyon, wantStatus: 200, want: map[string]any{"title": "Business mission to Lyon and Grenoble"}},

		// The programme.
		{name: "add item signed out", method: "POST", path: lyon + "/programme", body: item, wantStatus: 401},
		{name: "add item as participant", who: "token:participant", method: "POST", path: "/api/v1/missions/" + basque + "/programme", body: item, wantStatus: 403},
		{name: "add item to a hidden mission", who: "token:host", method: "POST", path: "/api/v1/missions/" + draft + "/programme", body: item, wantStatus: 404},
		{name: "add item ending before it starts", who: "token:organiser", method: "POST", path: lyon + "/programme", body: strings.Replace(item, "11:30", "08:30", 1), wantStatus: 422,
			want: map[string]any{"error.field": "ends_at", "error.message": "The item must end after it starts."}},
		{name: "add item without offset", who: "token:organiser", method: "POST", path: lyon + "/programme", body: strings.Replace(item, "09:00:00+01:00", "09:00", 1), wantStatus: 422,
			want: map[string]any{"error.field": "starts_at"}},
		{name: "add item of unknown kind", who: "token:organiser", method: "POST", path: lyon + "/programme", body: strings.Replace(item, "company_visit", "picnic", 1), wantStatus: 422, want: map[string]any{"error.field": "kind"}},
		{name: "add item with long address", who: "token:organiser", method: "POST", path: lyon + "/programme", body: strings.Replace(item, `"venue"`, `"address": "`+strings.Repeat("y", 301)+`", "venue"`, 1), wantStatus: 422, want: map[string]any{"error.field": "address"}},
		{name: "b2b session needs slots", who: "token:organiser", method: "POST", path: lyon + "/programme", body: strings.Replace(item, "company_visit", "b2b_session", 1), wantStatus: 422, want: map[string]any{"error.field": "slot_minutes"}},
		{name: "nothing added", path: lyon + "/programme", wantStatus: 200, want: map[string]any{"items.#": 0}},
		{name: "add item", who: "token:organiser", method: "POST", path: lyon + "/programme", body: item, wantStatus: 201,
			want: map[string]any{"title": "Visit to a cobot maker", "starts_at": "2027-03-09T09:00:00+01:00", "ends_at": "2027-03-09T11:30:00+01:00", "capacity": 12}},
		{name: "item listed", path: lyon + "/programme", wantStatus: 200, want: map[string]any{"items.#": 1, "items.0.venue": "Villeurbanne"}},
		{name: "host adds to the Basque programme", who: "token:host", method: "POST", path: "/api/v1/missions/" + basque + "/programme", body: strings.Replace(item, "2027-03-09", "2023-11-14", 2), wantStatus: 201,
			want: map[string]any{"starts_at": "2023-11-14T09:00:00+01:00"}},
	}
	for _, sc := range scenarios {
		if sc.method == "" {
			sc.method = "GET"
		}
		sc.run(t, a, schemas)
	}
	items, err := a.db.ProgrammeItems(ctx, jsonInt(t, created))
	if err != nil || len(items) != 1 {
		t.Fatalf("got %d items (%v), want 1", len(items), err)
	}
	itemPath := fmt.Sprintf("/api/v1/programme/%d", items[0].ID)
	scenarios = []apiScenario{
		{name: "patch item as participant", who: "token:participant", method: "PATCH", path: itemPath, body: `{"venue": "x"}`, wantStatus: 403},
		{name: "patch item as host of another mission", who: "token:host", method: "PATCH", path: itemPath, body: `{"venue": "x"}`, wantStatus: 403},
		{name: "patch item malformed id", who: "token:organiser", method: "PATCH", path: "/api/v1/programme/x1", body: `{"venue": "x"}`, wantStatus: 404},
		{name: "patch item unknown", who: "token:organiser", method: "PATCH", path: "/api/v1/programme/999999", body: `{"venue": "x"}`, wantStatus: 404,
			want: map[string]any{"error.message": "There is no programme item 999999."}},
		{name: "patch item in the wrong order", who: "token:organiser", method: "PATCH", path: itemPath, body: `{"venue": "Lyon", "ends_at": "2027-03-09T08:00:00+01:00"}`, wantStatus: 422,
			want: map[string]any{"error.field": "ends_at"}},
		{name: "patch item unknown field", who: "token:organiser", method: "PATCH", path: itemPath, body: `{"kind": "travel"}`, wantStatus: 422, want: map[string]any{"error.field": "kind"}},
		{name: "patch item", who: "token:organiser", method: "PATCH", path: itemPath, body: `{"venue": "Lyon Part-Dieu", "signup_required": true}`, wantStatus: 200,
			want: map[string]any{"venue": "Lyon Part-Dieu", "signup_required": true, "title": "Visit to a cobot maker"}},
		{name: "delete item as participant", who: "token:participant", method: "DELETE", path: itemPath, wantStatus: 403},
		{name: "delete item signed out", method: "DELETE", path: itemPath, wantStatus: 401},
		{name: "delete item", who: "token:organiser", method: "DELETE", path: itemPath, wantStatus: 204},
		{name: "delete item again", who: "token:organiser", method: "DELETE", path: itemPath, wantStatus: 404},
		{name: "programme empty again", path: lyon + "/programme", wantStatus: 200, want: map[string]any{"items.#": 0}},
	}
	for _, sc := range scenarios {
		if sc.method == "" {
			sc.method = "GET"
		}
		sc.run(t, a, schemas)
	}
	if ranOK == 0 {
		t.Fatal("no scenario ran")
	}
}

func jsonInt(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAPIRevokedToken checks that a revoked token stops working at once.
func TestAPIRevokedToken(t *testing.T) {
	a := newAccountsServer(t)
	token := a.apiToken(t, "viewer")
	me := func() int {
		return a.apiRequest(t, "bearer:Bearer "+token, "GET", "/api/v1/me", "", "", nil).Code
	}
	if got := me(); got != 200 {
		t.Fatalf("got %d before revoking, want 200", got)
	}
	acc, err := a.db.AccountByEmail(t.Context(), "viewer@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := a.db.APITokens(t.Context(), acc.ID)
	if err != nil || len(tokens) != 1 {
		t.Fatalf("got %d tokens (%v), want 1", len(tokens), err)
	}
	if _, err := a.db.RevokeAPIToken(t.Context(), acc.ID, tokens[0].ID, a.clock.t); err != nil {
		t.Fatal(err)
	}
	if got := me(); got != 401 {
		t.Errorf("got %d after revoking, want 401", got)
	}
}

// TestAPIOrganisationPaging walks the directory a page at a time and checks
// that it lists every organisation once, in id order.
func TestAPIOrganisationPaging(t *testing.T) {
	a := newAccountsServer(t)
	all, err := a.db.Organisations(t.Context(), mission.OrganisationFilter{Kind: mission.KindSME, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	token := a.apiToken(t, "local")
	var ids []int64
	path := "/api/v1/organisations?kind=sme&limit=40"
	for pages := 0; path != ""; pages++ {
		if pages > len(all) {
			t.Fatal("too many pages")
		}
		w := a.apiRequest(t, "bearer:Bearer "+token, "GET", path, "", "", nil)
		var page struct {
			Items []struct {
				ID   int64  `json:"id"`
				Kind string `json:"kind"`
			} `json:"items"`
			NextCursor string `json:"next_cursor"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &page); err != nil || w.Code != 200 {
			t.Fatalf("%s: got %d (%v)", path, w.Code, err)
		}
		for _, it := range page.Items {
			if it.Kind != mission.KindSME {
				t.Errorf("got kind %q, want sme", it.Kind)
			}
			ids = append(ids, it.ID)
		}
		path = ""
		if page.NextCursor != "" {
			path = "/api/v1/organisations?kind=sme&limit=40&cursor=" + page.NextCursor
		}
	}
	if len(all) < 41 {
		t.Fatalf("the demo has only %d SMEs: the test needs more than one page", len(all))
	}
	var want []int64
	for _, o := range all {
		want = append(want, o.ID)
	}
	if fmt.Sprint(ids) != fmt.Sprint(want) {
		t.Errorf("got ids %v, want %v", ids, want)
	}
}

// apiMatrix is the authorization matrix's part for the API routes of
// api_*.go (see authzMatrix). Requests without a body answer 415 to those
// allowed to write, before anything changes.
func apiMatrix() map[string][]access {
	ctx := context.Background()
	basque := fmt.Sprint(testInfo.BasqueMissionID)
	draft := fmt.Sprint(testInfo.DraftMissionID) // unpublished, in the DEX consortium
	m, err := testServer.db.Mission(ctx, testInfo.BasqueMissionID)
	if err != nil {
		panic(err)
	}
	items, err := testServer.db.ProgrammeItems(ctx, testInfo.BasqueMissionID)
	if err != nil || len(items) == 0 {
		panic(fmt.Sprint("the Basque mission has no programme: ", err))
	}
	gaia := fmt.Sprint(m.HostOrganisationID)
	item := fmt.Sprint(items[0].ID)
	// The local demo account works for the first local company, which has
	// marketplace items.
	locals, err := testServer.db.MissionMembers(ctx, testInfo.BasqueMissionID, mission.RoleLocal)
	if err != nil || len(locals) == 0 {
		panic(fmt.Sprint("the Basque mission has no local companies: ", err))
	}
	offers, err := testServer.db.MarketplaceItems(ctx, locals[0].Person.OrganisationID)
	if err != nil || len(offers) == 0 {
		panic(fmt.Sprint("the first local company has no marketplace items: ", err))
	}
	offer := fmt.Sprint(offers[0].ID)
	return map[string][]access{
		"GET /api/v1/openapi.json": {{method: "GET", path: "/api/v1/openapi.json", want: all(200)}},
		"GET /api/v1/me":           {{method: "GET", path: "/api/v1/me", want: signedIn(401, 200)}},
		// Admins and consortium organisers create missions.
		"POST /api/v1/missions": {{method: "POST", path: "/api/v1/missions", want: [7]int{401, 415, 415, 403, 403, 403, 403}}},
		"PATCH /api/v1/missions/{id}": {
			{method: "PATCH", path: "/api/v1/missions/" + basque, want: [7]int{401, 415, 415, 403, 403, 403, 403}},
			{method: "PATCH", path: "/api/v1/missions/" + draft, want: [7]int{401, 415, 415, 404, 404, 404, 404}},
		},
		"GET /api/v1/missions/{id}/programme": {
			{method: "GET", path: "/api/v1/missions/" + basque + "/programme", want: all(200)},
			{method: "GET", path: "/api/v1/missions/" + draft + "/programme", want: [7]int{404, 200, 200, 404, 404, 404, 404}},
		},
		// Organisers and hosts change the programme.
		"POST /api/v1/missions/{id}/programme": {
			{method: "POST", path: "/api/v1/missions/" + basque + "/programme", want: [7]int{401, 415, 415, 415, 403, 403, 403}},
			{method: "POST", path: "/api/v1/missions/" + draft + "/programme", want: [7]int{401, 415, 415, 404, 404, 404, 404}},
		},
		"PATCH /api/v1/programme/{id}": {
			{method: "PATCH", path: "/api/v1/programme/" + item, want: [7]int{401, 415, 415, 415, 403, 403, 403}},
			{method: "PATCH", path: "/api/v1/programme/999999", want: signedIn(401, 404)},
		},
		// TestAPI deletes a real item; here it would be gone after the first role.
		"DELETE /api/v1/programme/{id}": {{method: "DELETE", path: "/api/v1/programme/999999", want: signedIn(401, 404)}},
		// Members, organisers and admins see the people; the funder does not.
		"GET /api/v1/missions/{id}/members": {
			{method: "GET", path: "/api/v1/missions/" + basque + "/members", want: [7]int{401, 200, 200, 200, 200, 200, 403}},
			{method: "GET", path: "/api/v1/missions/" + draft + "/members", want: [7]int{401, 200, 200, 404, 404, 404, 404}},
		},
		"GET /api/v1/organisations":      {{method: "GET", path: "/api/v1/organisations", want: signedIn(401, 200)}},
		"GET /api/v1/organisations/{id}": {{method: "GET", path: "/api/v1/organisations/" + gaia, want: signedIn(401, 200)}},
		// An organisation's own people (the host works for GAIA) and admins edit its profile.
		"PATCH /api/v1/organisations/{id}": {
			{method: "PATCH", path: "/api/v1/organisations/" + gaia, want: [7]int{401, 415, 403, 415, 403, 403, 403}},
			{method: "PATCH", path: "/api/v1/organisations/999999", want: signedIn(401, 404)},
		},
		"POST /api/v1/organisations/{id}/marketplace_items": {
			{method: "POST", path: "/api/v1/organisations/" + gaia + "/marketplace_items", want: [7]int{401, 415, 403, 415, 403, 403, 403}},
		},
		"PATCH /api/v1/marketplace_items/{id}": {
			{method: "PATCH", path: "/api/v1/marketplace_items/" + offer, want: [7]int{401, 415, 403, 403, 403, 415, 403}},
			{method: "PATCH", path: "/api/v1/marketplace_items/999999", want: signedIn(401, 404)},
		},
		"DELETE /api/v1/marketplace_items/{id}": {{method: "DELETE", path: "/api/v1/marketplace_items/999999", want: signedIn(401, 404)}},
	}
}

// TestAPIProfile runs the scenarios of an organisation's profile and its
// marketplace items: only the organisation's own people change them, and a
// refused change leaves everything as it was.
func TestAPIProfile(t *testing.T) {
	a := newAccountsServer(t)
	schemas := newSchemaChecker(t)
	ctx := t.Context()
	acc, err := a.db.AccountByEmail(ctx, "participant@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	orgID := acc.Person.OrganisationID
	before, err := a.db.Organisation(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	own := fmt.Sprintf("/api/v1/organisations/%d", orgID)
	run := func(scenarios []apiScenario) any {
		t.Helper()
		var last any
		for _, sc := range scenarios {
			if sc.method == "" {
				sc.method = "GET"
			}
			last, _ = sc.run(t, a, schemas)
		}
		return last
	}
	run([]apiScenario{
		{name: "patch signed out", method: "PATCH", path: own, body: `{"city": "X"}`, wantStatus: 401},
		{name: "patch another organisation", who: "token:local", method: "PATCH", path: own, body: `{"city": "X"}`, wantStatus: 403},
		{name: "patch unknown", who: "token:participant", method: "PATCH", path: "/api/v1/organisations/999999", body: `{"city": "X"}`, wantStatus: 404},
		{name: "patch malformed id", who: "token:participant", method: "PATCH", path: "/api/v1/organisations/1e3", body: `{"city": "X"}`, wantStatus: 404},
		{name: "patch bad website", who: "token:participant", method: "PATCH", path: own, body: `{"city": "X", "website": "ftp://files.example"}`, wantStatus: 422,
			want: map[string]any{"error.field": "website"}},
		{name: "patch negative staff", who: "token:participant", method: "PATCH", path: own, body: `{"city": "X", "staff": -1}`, wantStatus: 422, want: map[string]any{"error.field": "staff"}},
		{name: "patch empty name", who: "token:participant", method: "PATCH", path: own, body: `{"city": "X", "name": " "}`, wantStatus: 422, want: map[string]any{"error.field": "name"}},
		{name: "patch unknown ecosystem", who: "token:participant", method: "PATCH", path: own, body: `{"ecosystems": ["knitting"]}`, wantStatus: 422, want: map[string]any{"error.field": "ecosystems"}},
		{name: "patch long description", who: "token:participant", method: "PATCH", path: own, body: `{"description": "` + strings.Repeat("d", 5001) + `"}`, wantStatus: 422,
			want: map[string]any{"error.field": "description"}},
		{name: "patch country", who: "token:participant", method: "PATCH", path: own, body: `{"country": "DE"}`, wantStatus: 422, want: map[string]any{"error.field": "country"}},
		{name: "nothing changed", who: "token:local", path: own, wantStatus: 200, want: map[string]any{"city": before.City, "name": before.Name}},
		{name: "patch", who: "session:participant", method: "PATCH", path: own, body: `{"city": "Kraków", "website": "https://cobots.example", "staff": 42, "ecosystems": ["robotics", "ai-data"]}`,
			wantStatus: 200, want: map[string]any{"city": "Kraków", "staff": 42, "website": "https://cobots.example", "ecosystems.#": 2, "name": before.Name}},
		{name: "offer by another organisation", who: "token:local", method: "POST", path: own + "/marketplace_items", body: `{"side": "offer", "category": "product", "title": "T"}`, wantStatus: 403},
		{name: "offer without title", who: "token:participant", method: "POST", path: own + "/marketplace_items", body: `{"side": "offer", "category": "product"}`, wantStatus: 422,
			want: map[string]any{"error.field": "title"}},
		{name: "offer bad side", who: "token:participant", method: "POST", path: own + "/marketplace_items", body: `{"side": "gift", "category": "product", "title": "T"}`, wantStatus: 422,
			want: map[string]any{"error.field": "side"}},
		{name: "offer too many keywords", who: "token:participant", method: "POST", path: own + "/marketplace_items",
			body: `{"side": "offer", "category": "product", "title": "T", "keywords": [` + strings.Repeat(`"k",`, 30) + `"k"]}`, wantStatus: 422, want: map[string]any{"error.field": "keywords"}},
	})
	itemsBefore, err := a.db.MarketplaceItems(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	v := run([]apiScenario{{name: "offer", who: "token:participant", method: "POST", path: own + "/marketplace_items",
		body: `{"side": "offer", "category": "product", "title": "Cobot cell", "keywords": ["deburring"], "ecosystems": ["robotics"]}`, wantStatus: 201,
		want: map[string]any{"title": "Cobot cell", "side": "offer", "keywords.0": "deburring"}}})
	item := fmt.Sprintf("/api/v1/marketplace_items/%v", jsonPath(v, "id"))
	run([]apiScenario{
		{name: "offer listed", who: "token:viewer", path: own, wantStatus: 200, want: map[string]any{"marketplace_items.#": len(itemsBefore) + 1}},
		{name: "item patched by another organisation", who: "token:local", method: "PATCH", path: item, body: `{"title": "Mine"}`, wantStatus: 403},
		{name: "item bad category", who: "token:participant", method: "PATCH", path: item, body: `{"title": "Cobot cells", "category": "gift"}`, wantStatus: 422,
			want: map[string]any{"error.field": "category"}},
		{name: "item unknown", who: "token:participant", method: "PATCH", path: "/api/v1/marketplace_items/999999", body: `{"title": "x"}`, wantStatus: 404},
		{name: "item patched", who: "token:participant", method: "PATCH", path: item, body: `{"title": "Cobot cells", "side": "request"}`, wantStatus: 200,
			want: map[string]any{"title": "Cobot cells", "side": "request", "category": "product", "keywords.0": "deburring"}},
		{name: "item deleted by another organisation", who: "token:local", method: "DELETE", path: item, wantStatus: 403},
		{name: "item deleted", who: "token:participant", method: "DELETE", path: item, wantStatus: 204},
		{name: "item deleted again", who: "token:participant", method: "DELETE", path: item, wantStatus: 404},
		{name: "offers as before", who: "token:participant", path: own, wantStatus: 200, want: map[string]any{"marketplace_items.#": len(itemsBefore)}},
	})
}
