package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"caravan/internal/demo"
	"caravan/internal/mission"
	"caravan/internal/store"
)

// The handler tests share one SQLite database seeded with the demo; they
// only read it.
var (
	testServer *Server
	testInfo   *demo.Info
)

// testNow is the clock of the tests: the day the demo was created.
var testNow = time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)

func TestMain(m *testing.M) {
	os.Exit(func() int {
		dir, err := os.MkdirTemp("", "caravan-web-test-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		ctx := context.Background()
		db, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "caravan.db"), nil)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer db.Close()
		if err := db.Migrate(ctx); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if testInfo, err = demo.Seed(ctx, db, testNow); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if err := prepareAccountsTemplate(ctx, db, dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if testServer, err = New(db, nil); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		testServer.now = func() time.Time { return testNow }
		return m.Run()
	}())
}

// do sends one request to the test server.
func do(t *testing.T, method, path string, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, path, nil)
	for k, v := range header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	testServer.ServeHTTP(w, r)
	return w
}

func TestRoutes(t *testing.T) {
	basque := fmt.Sprintf("/missions/%d", testInfo.BasqueMissionID)
	draft := fmt.Sprintf("/missions/%d", testInfo.DraftMissionID)
	tests := []struct {
		method, path string
		header       map[string]string
		wantStatus   int
		wantType     string
		wantText     []string
		wantNot      []string
	}{
		{"GET", "/", nil, 200, "text/html", []string{"Business missions", "Running now", "Upcoming", "Past",
			"Basque Industrial Exploration", "13–15 November 2023", "Bilbao, Spain", "Business mission to Dresden",
			"Call open", "Applications are open until 9 April 2026", "Cluster staff exchange"}, []string{"Sophia Antipolis (draft)"}},
		{"GET", basque, nil, 200, "text/html", []string{
			"<h1>Basque Industrial Exploration", "Reported", "13–15 November 2023", "Arrival 12 November 2023, departure 16 November 2023",
			"GAIA", "Bilbao, Spain", "Times are local (Europe/Madrid)",
			"Day 1: <time datetime=\"2023-11-13\">Monday 13 November 2023", "Day 2: <time datetime=\"2023-11-14\">Tuesday 14 November 2023",
			"Day 3: <time datetime=\"2023-11-15\">Wednesday 15 November 2023",
			"10:30 AM</time>–<time", "Basque Open Industry: exhibition", "The Basque EDIH (BDIH)", "CYBASQUE", "SME Assembly",
			"Enterprise Europe Network (EEN) conference", "Bilbao AS Fabrik", "Bilbao Exhibition Centre",
			"Host region: Basque Country (Euskadi)", "22.8 %", "23 %", "128.5 %", "Productivity (EU-28 = 100)",
			"City &amp; Me", "Steinbeis Europa Zentrum", "Serbia", "Silicon Saxony", "Coordinator", "Mazovia Cluster ICT", "Pôle SCS",
			"Business Hive Vilnius", "Cluster for Digital Transformation and Innovations", "Show all 150 local companies",
			"at least 96 participants"}, []string{"@", ".example<"}},
		{"GET", draft, nil, 404, "text/html", []string{"Not Found", fmt.Sprintf("There is no mission %d.", testInfo.DraftMissionID)}, []string{"Sophia"}},
		{"GET", "/missions/999999", nil, 404, "text/html", []string{"Not Found", "There is no mission 999999."}, nil},
		{"GET", "/missions/abc", nil, 404, "text/html", []string{"Not Found"}, nil},
		{"GET", "/missions/0", nil, 404, "text/html", []string{"Not Found"}, nil},
		{"GET", "/missions/-3", nil, 404, "text/html", []string{"Not Found"}, nil},
		{"GET", "/missions/1.5", nil, 404, "text/html", []string{"Not Found"}, nil},
		{"GET", "/no/such/page", nil, 404, "text/html", []string{"There is no page at this address."}, nil},
		{"GET", "/healthz", nil, 200, "text/plain", []string{"ok"}, nil},
		{"GET", "/static/style.css", nil, 200, "text/css", []string{".skip-link"}, nil},
		{"GET", "/static/", nil, 404, "text/html", []string{"Not Found"}, []string{`href="style.css"`}},
		{"GET", "/static/favicon.svg", nil, 200, "image/svg+xml", []string{"<svg"}, nil},
		{"GET", "/api/v1/missions", nil, 200, "application/json", []string{`"items":[`, `"next_cursor":""`, `"starts_on":"2023-11-13"`}, []string{"Sophia Antipolis (draft)"}},
		{"GET", "/api/v1/missions/" + fmt.Sprint(testInfo.BasqueMissionID), nil, 200, "application/json", []string{`"host_city":"Bilbao"`, `"value":22.8`, `"starts_at":"2023-11-13T09:00:00+01:00"`}, []string{"@", "email", "phone"}},
		{"GET", "/api/v1/missions/" + fmt.Sprint(testInfo.DraftMissionID), nil, 404, "application/json", []string{`{"error":{"code":"not_found","message":`}, nil},
		{"GET", "/api/v1/missions/abc", nil, 404, "application/json", []string{`"code":"not_found"`}, nil},
		{"GET", "/api/v1/missions/999999", nil, 404, "application/json", []string{`"code":"not_found"`}, nil},
		{"GET", "/api/v1/missions?limit=0", nil, 400, "application/json", []string{`"code":"invalid"`, `"field":"limit"`}, nil},
		{"GET", "/api/v1/missions?limit=abc", nil, 400, "application/json", []string{`"code":"invalid"`}, nil},
		{"GET", "/api/v1/missions?cursor=not-a-cursor", nil, 400, "application/json", []string{`"field":"cursor"`}, nil},
		{"GET", "/api/v1/nothing", nil, 404, "application/json", []string{`"code":"not_found"`}, nil},
		{"POST", "/", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403, "", nil, nil},
		{"DELETE", "/api/v1/missions/1", map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}, 403, "", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			w := do(t, tt.method, tt.path, tt.header)
			body := w.Body.String()
			if w.Code != tt.wantStatus {
				t.Fatalf("got status %d, want %d; body:\n%.500s", w.Code, tt.wantStatus, body)
			}
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, tt.wantType) {
				t.Errorf("got Content-Type %q, want %q", ct, tt.wantType)
			}
			for _, want := range tt.wantText {
				if !strings.Contains(body, want) {
					t.Errorf("body lacks %q", want)
				}
			}
			for _, not := range tt.wantNot {
				if strings.Contains(body, not) {
					t.Errorf("body contains %q, want it absent", not)
				}
			}
		})
	}
}

func TestSecurityHeaders(t *testing.T) {
	for _, path := range []string{"/", "/missions/abc", "/api/v1/missions"} {
		w := do(t, "GET", path, nil)
		for header, want := range map[string]string{
			"X-Frame-Options":        "DENY",
			"X-Content-Type-Options": "nosniff",
			"Referrer-Policy":        "strict-origin-when-cross-origin",
		} {
			if got := w.Header().Get(header); got != want {
				t.Errorf("%s: got %s %q, want %q", path, header, got, want)
			}
		}
		csp := w.Header().Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: got CSP %q, want default-src 'self', frame-ancestors 'none' and nothing inline", path, csp)
		}
	}
}

// TestNoInlineStyleOrScript checks the pages keep to the CSP.
func TestNoInlineStyleOrScript(t *testing.T) {
	for _, path := range []string{"/", fmt.Sprintf("/missions/%d", testInfo.BasqueMissionID), "/missions/abc"} {
		body := do(t, "GET", path, nil).Body.String()
		for _, bad := range []string{"<script", "<style", " style=", " onclick="} {
			if strings.Contains(body, bad) {
				t.Errorf("%s contains %q, which the CSP blocks", path, bad)
			}
		}
	}
}

func TestBodyLimit(t *testing.T) {
	h := limitBody(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			testServer.fail(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	for _, tt := range []struct {
		size int
		want int
	}{{maxBodyBytes, http.StatusNoContent}, {maxBodyBytes + 1, http.StatusBadRequest}} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("POST", "/api/v1/missions", strings.NewReader(strings.Repeat("x", tt.size))))
		if w.Code != tt.want {
			t.Errorf("got status %d for a body of %d bytes, want %d", w.Code, tt.size, tt.want)
		}
	}
}

// TestAPIPaging walks the list two at a time and checks it returns every
// published mission once, in id order, and never the draft.
func TestAPIPaging(t *testing.T) {
	var ids []int64
	path := "/api/v1/missions?limit=2"
	for pages := 0; ; pages++ {
		if pages > 10 {
			t.Fatal("too many pages")
		}
		w := do(t, "GET", path, nil)
		if w.Code != 200 {
			t.Fatalf("got %d for %s", w.Code, path)
		}
		var page struct {
			Items []struct {
				ID       int64  `json:"id"`
				StartsOn string `json:"starts_on"`
			} `json:"items"`
			NextCursor string `json:"next_cursor"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &page); err != nil {
			t.Fatal(err)
		}
		if len(page.Items) > 2 {
			t.Fatalf("got %d items, want at most 2", len(page.Items))
		}
		for _, it := range page.Items {
			if _, err := time.Parse(time.DateOnly, it.StartsOn); err != nil {
				t.Errorf("got starts_on %q, want YYYY-MM-DD", it.StartsOn)
			}
			ids = append(ids, it.ID)
		}
		if page.NextCursor == "" {
			break
		}
		path = "/api/v1/missions?limit=2&cursor=" + page.NextCursor
	}
	want := []int64{testInfo.BasqueMissionID, testInfo.DresdenMissionID, testInfo.RunningMissionID, testInfo.UpcomingMissionID,
		testInfo.OfferMissionID}
	if fmt.Sprint(ids) != fmt.Sprint(want) {
		t.Errorf("got missions %v, want %v", ids, want)
	}
}

func TestAPIMission(t *testing.T) {
	w := do(t, "GET", fmt.Sprintf("/api/v1/missions/%d", testInfo.BasqueMissionID), nil)
	var m struct {
		ID               int64  `json:"id"`
		Status           string `json:"status"`
		StartsOn         string `json:"starts_on"`
		EndsOn           string `json:"ends_on"`
		HostOrganisation struct {
			Name string `json:"name"`
		} `json:"host_organisation"`
		Region struct {
			Code    string `json:"code"`
			Figures []struct {
				Label string  `json:"label"`
				Value float64 `json:"value"`
				Unit  string  `json:"unit"`
			} `json:"figures"`
		} `json:"region"`
		Consortium struct {
			Acronym  string `json:"acronym"`
			Partners []struct {
				Role         string `json:"role"`
				Organisation struct {
					Name string `json:"name"`
				} `json:"organisation"`
			} `json:"partners"`
		} `json:"consortium"`
		Organisations []struct {
			Name    string `json:"name"`
			Kind    string `json:"kind"`
			Country string `json:"country"`
			City    string `json:"city"`
			Role    string `json:"role"`
		} `json:"organisations"`
		Programme []struct {
			Kind     string `json:"kind"`
			Title    string `json:"title"`
			StartsAt string `json:"starts_at"`
			EndsAt   string `json:"ends_at"`
		} `json:"programme"`
	}
	dec := json.NewDecoder(w.Body)
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	if m.ID != testInfo.BasqueMissionID || m.StartsOn != "2023-11-13" || m.EndsOn != "2023-11-15" || m.HostOrganisation.Name != "GAIA" {
		t.Errorf("got mission %d %s–%s hosted by %q, want %d 2023-11-13–2023-11-15 hosted by GAIA", m.ID, m.StartsOn, m.EndsOn, m.HostOrganisation.Name, testInfo.BasqueMissionID)
	}
	if m.Region.Code != "ES21" || len(m.Region.Figures) != 3 || m.Region.Figures[0].Value != 22.8 || m.Region.Figures[2].Value != 128.5 {
		t.Errorf("got region %+v, want ES21 with 22.8 … 128.5", m.Region)
	}
	if m.Consortium.Acronym != "EXCITE" || len(m.Consortium.Partners) != 6 || m.Consortium.Partners[0].Role != "coordinator" || m.Consortium.Partners[0].Organisation.Name != "Silicon Saxony" {
		t.Errorf("got consortium %+v, want EXCITE with Silicon Saxony coordinating 6 partners", m.Consortium)
	}
	roles := map[string]int{}
	var sme bool
	for _, o := range m.Organisations {
		roles[o.Role]++
		if o.Name == "City & Me" && o.Country == "RS" && o.Role == "participant" {
			sme = true
		}
	}
	if !sme || roles["local"] != 150 || roles["host"] == 0 || roles["organiser"] == 0 || roles["participant"] < 40 {
		t.Errorf("got organisations by role %v (City & Me found: %v), want hosts, organisers, 40+ participants with City & Me, 150 locals", roles, sme)
	}
	days := map[string]bool{}
	for _, it := range m.Programme {
		start, err := time.Parse(time.RFC3339, it.StartsAt)
		if err != nil {
			t.Fatalf("got starts_at %q, want RFC 3339", it.StartsAt)
		}
		end, err := time.Parse(time.RFC3339, it.EndsAt)
		if err != nil || !end.After(start) {
			t.Errorf("got %q ends_at %q, want RFC 3339 after the start", it.Title, it.EndsAt)
		}
		days[start.Format(time.DateOnly)] = true
	}
	if len(days) != 3 || !days["2023-11-13"] || !days["2023-11-15"] {
		t.Errorf("got programme days %v, want 13–15 November 2023", days)
	}
}

func TestWhen(t *testing.T) {
	m := testMission(t, testInfo.RunningMissionID)
	for _, tt := range []struct {
		now  time.Time
		want string
	}{
		{m.StartsOn.Add(-2 * time.Hour), "upcoming"}, // 23:00 the day before in Warsaw
		{m.StartsOn.Add(-time.Hour), "running"},      // midnight in Warsaw
		{m.StartsOn.Add(12 * time.Hour), "running"},
		{m.EndsOn.Add(20 * time.Hour), "running"},
		{m.EndsOn.Add(48 * time.Hour), "past"},
	} {
		if got := when(m, tt.now); got != tt.want {
			t.Errorf("when(%v) = %s, want %s", tt.now, got, tt.want)
		}
	}
}

func TestGroupByDay(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, h int) *mission.ProgrammeItem {
		return &mission.ProgrammeItem{StartsAt: time.Date(2023, 11, d, h, 0, 0, 0, loc)}
	}
	// Arrival evening, two items on day 1, none on day 2, one on day 3; the
	// 00:30 item belongs to the 15th in Madrid though it is the 14th in UTC.
	items := []*mission.ProgrammeItem{at(12, 19), at(13, 9), at(13, 15), {StartsAt: time.Date(2023, 11, 15, 0, 30, 0, 0, loc)}}
	days := groupByDay(items, loc, time.Date(2023, 11, 13, 0, 0, 0, 0, time.UTC), time.Date(2023, 11, 15, 0, 0, 0, 0, time.UTC))
	var got []string
	for _, d := range days {
		got = append(got, fmt.Sprintf("%s:%d:%d", d.Date.Format("02"), d.Number, len(d.Items)))
	}
	if want := "12:0:1 13:1:2 15:3:1"; strings.Join(got, " ") != want {
		t.Errorf("got days %s, want %s", strings.Join(got, " "), want)
	}
}

func testMission(t *testing.T, id int64) *mission.Mission {
	t.Helper()
	m, err := testServer.db.Mission(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSortKey(t *testing.T) {
	names := []string{"Žalgiris Cyber UAB", "business Hive", "Ąžuolas Data UAB", "Sęk Cyber", "Steinbeis"}
	slices.SortFunc(names, func(a, b string) int { return strings.Compare(sortKey(a), sortKey(b)) })
	want := "Ąžuolas Data UAB|business Hive|Sęk Cyber|Steinbeis|Žalgiris Cyber UAB"
	if got := strings.Join(names, "|"); got != want {
		t.Errorf("got order %s, want %s", got, want)
	}
}
