package web

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"caravan/internal/mission"
	"caravan/internal/tabular"
)

func init() { matrixParts = append(matrixParts, kpiMatrix) }

// anyBasqueMeeting returns a meeting of the demo's Basque mission between
// generated people, none of whom has a demo account.
func anyBasqueMeeting() int64 {
	list, err := testServer.db.Meetings(context.Background(), testInfo.BasqueMissionID)
	if err != nil || len(list) == 0 {
		return 0
	}
	return list[0].ID
}

// kpiMatrix is who may record meeting outcomes, answer and edit the
// feedback survey, and read the KPIs, exports and the mission report.
func kpiMatrix() map[string][]access {
	basque := fmt.Sprint(testInfo.BasqueMissionID)
	draft := fmt.Sprint(testInfo.DraftMissionID)
	excite := fmt.Sprint(testInfo.ConsortiumID)
	meeting := fmt.Sprint(anyBasqueMeeting())
	readers := [7]int{303, 200, 200, 403, 403, 403, 200} // organisers, viewers (funders), admins
	hidden := [7]int{303, 200, 200, 404, 404, 404, 404}
	consortium := [7]int{303, 200, 200, 404, 404, 404, 200}
	return map[string][]access{
		// Only a meeting's own people record its outcome; to anyone else it does not exist.
		"GET /missions/{id}/meetings/{meeting}/outcome": {
			{method: "GET", path: "/missions/" + basque + "/meetings/" + meeting + "/outcome", want: signedIn(303, 404)},
			{method: "GET", path: "/missions/" + basque + "/meetings/999999/outcome", want: signedIn(303, 404)},
			{method: "GET", path: "/missions/" + draft + "/meetings/" + meeting + "/outcome", want: signedIn(303, 404)},
		},
		"POST /missions/{id}/meetings/{meeting}/outcome": {
			{method: "POST", path: "/missions/" + basque + "/meetings/" + meeting + "/outcome", form: url.Values{"held": {"yes"}, "outcome": {"offer"}}, want: signedIn(401, 404)},
		},
		"GET /missions/{id}/feedback": {
			{method: "GET", path: "/missions/" + basque + "/feedback", want: [7]int{303, 200, 200, 403, 200, 200, 403}},
			{method: "GET", path: "/missions/" + draft + "/feedback", want: hidden},
		},
		"POST /missions/{id}/feedback": {
			{method: "POST", path: "/missions/" + basque + "/feedback", form: url.Values{"satisfaction": {"9"}}, want: [7]int{401, 403, 403, 403, 422, 422, 403}},
		},
		"POST /missions/{id}/feedback/questions": {
			{method: "POST", path: "/missions/" + basque + "/feedback/questions", form: url.Values{"questions": {"1\n2\n3\n4\n5\n6"}}, want: [7]int{401, 422, 422, 403, 403, 403, 403}},
		},
		"GET /missions/{id}/kpi": {
			{method: "GET", path: "/missions/" + basque + "/kpi", want: readers},
			{method: "GET", path: "/missions/" + draft + "/kpi", want: hidden},
			{method: "GET", path: "/missions/999999/kpi", want: signedIn(303, 404)},
		},
		"GET /missions/{id}/kpi/export": {
			{method: "GET", path: "/missions/" + basque + "/kpi/export?table=partners&format=csv", want: readers},
			{method: "GET", path: "/missions/" + basque + "/kpi/export?table=salaries&format=csv", want: [7]int{303, 400, 400, 403, 403, 403, 400}},
			{method: "GET", path: "/missions/" + draft + "/kpi/export?table=meetings&format=xlsx", want: hidden},
		},
		"GET /api/v1/missions/{id}/kpi": {
			{method: "GET", path: "/api/v1/missions/" + basque + "/kpi", want: [7]int{401, 200, 200, 403, 403, 403, 200}},
			{method: "GET", path: "/api/v1/missions/" + draft + "/kpi", want: [7]int{401, 200, 200, 404, 404, 404, 404}},
		},
		"GET /missions/{id}/report.pdf": {
			{method: "GET", path: "/missions/" + basque + "/report.pdf", want: readers},
			{method: "GET", path: "/missions/" + draft + "/report.pdf", want: hidden},
		},
		"GET /consortia/{id}/kpi": {
			{method: "GET", path: "/consortia/" + excite + "/kpi", want: consortium},
			{method: "GET", path: "/consortia/999999/kpi", want: [7]int{303, 404, 404, 404, 404, 404, 404}},
		},
		"POST /consortia/{id}/kpi/targets": {
			{method: "POST", path: "/consortia/" + excite + "/kpi/targets", form: url.Values{"target_smes": {"-1"}}, want: [7]int{401, 422, 422, 404, 404, 404, 403}},
		},
		"GET /consortia/{id}/kpi/export": {
			{method: "GET", path: "/consortia/" + excite + "/kpi/export?table=progress&format=xlsx", want: consortium},
		},
	}
}

var svgPattern = regexp.MustCompile(`(?s)<svg .*?</svg>`)

// checkCharts parses every inline SVG of a page as XML and checks that it
// has an accessible name and that a table with the same figures follows.
func checkCharts(t *testing.T, body string, keys ...string) {
	t.Helper()
	svgs := svgPattern.FindAllString(body, -1)
	if len(svgs) < len(keys) {
		t.Fatalf("got %d charts, want at least %d", len(svgs), len(keys))
	}
	for _, svg := range svgs {
		var doc struct {
			XMLName xml.Name
			Role    string `xml:"role,attr"`
			Title   string `xml:"title"`
			Desc    string `xml:"desc"`
			Rects   []struct {
				Width string `xml:"width,attr"`
			} `xml:"rect"`
		}
		if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
			t.Errorf("chart is not well-formed XML: %v\n%.300s", err, svg)
			continue
		}
		if doc.XMLName.Local != "svg" || doc.Role != "img" || doc.Title == "" || doc.Desc == "" {
			t.Errorf("got chart %s role %q title %q desc %q, want an svg image with a title and description", doc.XMLName.Local, doc.Role, doc.Title, doc.Desc)
		}
	}
	for _, k := range keys {
		if !strings.Contains(body, `id="chart-`+k+`"`) || !strings.Contains(body, `<table id="table-`+k+`">`) {
			t.Errorf("chart or table %q is missing", k)
		}
	}
}

func TestKPIPagesExportsAndReport(t *testing.T) {
	a := newAccountsServer(t)
	ctx := t.Context()
	basque := testInfo.BasqueMissionID
	k, err := a.db.MissionKPI(ctx, basque)
	if err != nil {
		t.Fatal(err)
	}
	if k.Meetings.Scheduled == 0 || k.Meetings.Held == 0 || k.Satisfaction.Responses == 0 || k.Exchanges == 0 {
		t.Fatalf("got demo KPIs %+v, want meetings held and feedback", k)
	}
	organiser := a.session(t, "organiser")
	w := a.request(t, "GET", fmt.Sprintf("/missions/%d/kpi", basque), nil, nil, organiser)
	wantStatus(t, w, 200, "Exchanges per paying partner", "What came of the meetings held", surveyQuestion(t, a, basque))
	body := w.Body.String()
	checkCharts(t, body, "partners", "countries", "meetings", "outcomes", "satisfaction", "money")
	// The figures of the table are those of the store.
	if want := fmt.Sprintf(`<th scope="row">Held</th><td>%d</td>`, k.Meetings.Held); !strings.Contains(body, want) {
		t.Errorf("the meetings table lacks %s", want)
	}

	// Every table exports as CSV and XLSX with the page's figures.
	for _, table := range []string{"partners", "countries", "meetings", "outcomes", "satisfaction", "money"} {
		for _, format := range []string{"csv", "xlsx"} {
			w := a.request(t, "GET", fmt.Sprintf("/missions/%d/kpi/export?table=%s&format=%s", basque, table, format), nil, nil, organiser)
			if w.Code != 200 || !strings.Contains(w.Header().Get("Content-Disposition"), "kpi-"+table+"."+format) {
				t.Fatalf("export %s %s: got %d %q", table, format, w.Code, w.Header().Get("Content-Disposition"))
			}
			got, err := tabular.Read(w.Body.Bytes())
			if err != nil {
				t.Fatalf("read back %s %s: %v", table, format, err)
			}
			if table == "meetings" {
				rows := map[string]string{}
				for _, r := range got.Rows {
					rows[r.Cells[0]] = r.Cells[1]
				}
				if rows["Scheduled"] != fmt.Sprint(k.Meetings.Scheduled) || rows["Held"] != fmt.Sprint(k.Meetings.Held) {
					t.Errorf("%s meetings: got %v, want scheduled %d, held %d", format, rows, k.Meetings.Scheduled, k.Meetings.Held)
				}
			}
			if table == "satisfaction" && (len(got.Rows) != 5 || got.Header[0] != "Score") {
				t.Errorf("%s satisfaction: got %v %v, want five scores", format, got.Header, got.Rows)
			}
		}
	}

	// The report reads back with its sections and open answers, and names
	// nobody who answered.
	w = a.request(t, "GET", fmt.Sprintf("/missions/%d/report.pdf", basque), nil, nil, organiser)
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/pdf" {
		t.Fatalf("report: got %d %s", w.Code, w.Header().Get("Content-Type"))
	}
	text := reportText(t, w.Body.Bytes())
	for _, want := range []string{"Mission report", "Key figures", "Programme highlights", "Exchanges per paying partner",
		"Satisfaction", "What worked well?", "Silicon Saxony"} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	responses, err := a.db.FeedbackResponses(ctx, basque)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range responses {
		p, err := a.db.Person(ctx, r.PersonID)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(text, p.Name) {
			t.Errorf("the report names respondent %s", p.Name)
		}
	}

	// The consortium's page in Spanish: progress toward the targets.
	w = a.request(t, "GET", fmt.Sprintf("/consortia/%d/kpi", testInfo.ConsortiumID), nil, map[string]string{"Accept-Language": "es"}, a.session(t, "viewer"))
	wantStatus(t, w, 200, "Avance hacia los objetivos", "Participantes en intercambios")
	checkCharts(t, w.Body.String(), "progress", "missions", "partners")
	if strings.Contains(w.Body.String(), `action="/consortia/`) {
		t.Error("the viewer sees the targets form")
	}
}

// TestMissionKPIAPI reads the figures of the KPI page as JSON, in the
// schema that openapi.json documents.
func TestMissionKPIAPI(t *testing.T) {
	a := newAccountsServer(t)
	schemas := newSchemaChecker(t)
	k, err := a.db.MissionKPI(t.Context(), testInfo.BasqueMissionID)
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/api/v1/missions/%d/kpi", testInfo.BasqueMissionID)
	apiScenario{name: "funder's token", who: "token:viewer", method: "GET", path: path, wantStatus: 200, want: map[string]any{
		"exchanges": k.Exchanges, "meetings.held": k.Meetings.Held, "meetings.scheduled": k.Meetings.Scheduled,
		"satisfaction.responses": k.Satisfaction.Responses, "outcomes.0.outcome": "none", "money.committed_cents": k.Money.CommittedCents,
	}}.run(t, a, schemas)
	apiScenario{name: "participant", who: "token:participant", method: "GET", path: path, wantStatus: 403}.run(t, a, schemas)
	apiScenario{name: "signed out", method: "GET", path: path, wantStatus: 401}.run(t, a, schemas)
}

// surveyQuestion returns the demo mission's own survey question.
func surveyQuestion(t *testing.T, a *accountsServer, missionID int64) string {
	t.Helper()
	s, err := a.db.FeedbackSurvey(t.Context(), missionID)
	if err != nil || len(s.Questions) == 0 {
		t.Fatalf("got survey %+v, %v; want the demo's question", s, err)
	}
	return s.Questions[0]
}

// reportText returns the text of a PDF with pdftotext, and keeps the PDF and
// its first pages as images in CARAVAN_SCREENSHOTS when that is set.
func reportText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "report.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	if shots := os.Getenv("CARAVAN_SCREENSHOTS"); shots != "" {
		os.MkdirAll(shots, 0o755)
		os.WriteFile(filepath.Join(shots, "kpi-report.pdf"), pdf, 0o644)
		exec.Command("pdftoppm", "-png", "-r", "60", "-l", "4", path, filepath.Join(shots, "kpi-report")).Run()
	}
	return string(out)
}

func TestTargetsForm(t *testing.T) {
	a := newAccountsServer(t)
	excite := testInfo.ConsortiumID
	path := fmt.Sprintf("/consortia/%d/kpi/targets", excite)
	organiser := a.session(t, "organiser")
	w := a.request(t, "POST", path, url.Values{"target_participants": {"100"}, "target_smes": {"lots"}}, nil, organiser)
	wantStatus(t, w, 422, `id="target_smes-error"`, `value="lots"`)
	w = a.request(t, "POST", path, url.Values{"target_participants": {"100"}, "target_smes": {"45"}, "target_meetings": {"200"}, "target_missions": {"16"}}, nil, organiser)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("got %d, want 303", w.Code)
	}
	got, err := a.db.ConsortiumTargets(t.Context(), excite)
	if err != nil || got != (mission.ConsortiumTargets{Participants: 100, SMEs: 45, Meetings: 200, Missions: 16}) {
		t.Errorf("got targets %+v (%v), want 100, 45, 200, 16", got, err)
	}
	if acts := a.auditActions(t); !slices.Contains(acts, mission.AuditTargetsChanged) {
		t.Errorf("got audit %v, want %s", acts, mission.AuditTargetsChanged)
	}
}

// TestOutcomeAndFeedbackPages gives the demo participant and local company
// a meeting and records its outcome from both sides; nobody else reaches it.
func TestOutcomeAndFeedbackPages(t *testing.T) {
	a := newAccountsServer(t)
	ctx := t.Context()
	basque := testInfo.BasqueMissionID
	participant, local := mustAccount(t, a, "participant"), mustAccount(t, a, "local")
	past := &mission.Meeting{MissionID: basque, StartsAt: time.Date(2023, 11, 13, 10, 30, 0, 0, time.UTC),
		EndsAt: time.Date(2023, 11, 13, 10, 50, 0, 0, time.UTC), Table: "T9", PersonIDs: []int64{participant.PersonID, local.PersonID}}
	ahead := &mission.Meeting{MissionID: basque, StartsAt: testNow.Add(time.Hour), EndsAt: testNow.Add(80 * time.Minute),
		Table: "T9", PersonIDs: []int64{participant.PersonID, local.PersonID}}
	for _, mt := range []*mission.Meeting{past, ahead} {
		if err := a.db.CreateMeeting(ctx, mt); err != nil {
			t.Fatal(err)
		}
	}
	path := fmt.Sprintf("/missions/%d/meetings/%d/outcome", basque, past.ID)
	ps, ls := a.session(t, "participant"), a.session(t, "local")
	for _, role := range []string{"admin", "organiser", "host", "viewer"} {
		if w := a.request(t, "GET", path, nil, nil, a.session(t, role)); w.Code != 404 {
			t.Errorf("%s: got %d, want 404", role, w.Code)
		}
		if w := a.request(t, "POST", path, url.Values{"held": {"yes"}, "outcome": {"contract"}}, nil, a.session(t, role)); w.Code != 404 {
			t.Errorf("%s: got %d on POST, want 404", role, w.Code)
		}
	}
	// The agenda links the ended meeting's outcome.
	wantStatus(t, a.request(t, "GET", "/me/agenda", nil, nil, ps), 200, path)
	wantStatus(t, a.request(t, "GET", path, nil, nil, ps), 200, "Did the meeting take place?")
	wantStatus(t, a.request(t, "POST", path, url.Values{"held": {"maybe"}}, nil, ps), 422, `id="held-error"`)
	for _, form := range []url.Values{
		{"held": {"yes"}, "outcome": {"follow_up"}},
		{"held": {"yes"}, "outcome": {"offer"}, "note": {"Quote for 40 sensors by Friday."}},
	} {
		if w := a.request(t, "POST", path, form, nil, ps); w.Code != http.StatusSeeOther {
			t.Fatalf("got %d, want 303; %.300s", w.Code, w.Body.String())
		}
	}
	if w := a.request(t, "POST", path, url.Values{"held": {"no"}, "outcome": {"contract"}}, nil, ls); w.Code != http.StatusSeeOther {
		t.Fatalf("local: got %d, want 303", w.Code)
	}
	wantStatus(t, a.request(t, "GET", path, nil, nil, ps), 200, "Quote for 40 sensors by Friday.")
	list, err := a.db.MeetingOutcomes(ctx, basque)
	if err != nil {
		t.Fatal(err)
	}
	var mine []*mission.MeetingOutcome
	for _, o := range list {
		if o.MeetingID == past.ID {
			mine = append(mine, o)
		}
	}
	if len(mine) != 2 || mine[0].Outcome != mission.OutcomeOffer || !mine[0].Held || mine[1].Held || mine[1].Outcome != mission.OutcomeNone {
		t.Errorf("got outcomes %+v, want the participant's offer and the local's not held (no outcome)", mine)
	}
	// The sides disagree: the organisers see whom to ask, the funders do not.
	pp, err := a.db.Person(ctx, participant.PersonID)
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, a.request(t, "GET", fmt.Sprintf("/missions/%d/kpi", basque), nil, nil, a.session(t, "organiser")), 200,
		`id="disputed-meetings"`, pp.Name+" (", "did not take place")
	if w := a.request(t, "GET", fmt.Sprintf("/missions/%d/kpi", basque), nil, nil, a.session(t, "viewer")); strings.Contains(w.Body.String(), pp.Name) {
		t.Error("the funder's KPI page names a participant")
	}
	// A meeting that has not ended takes no outcome yet.
	aheadPath := fmt.Sprintf("/missions/%d/meetings/%d/outcome", basque, ahead.ID)
	wantStatus(t, a.request(t, "GET", aheadPath, nil, nil, ps), 200, "once the meeting has ended")
	wantStatus(t, a.request(t, "POST", aheadPath, url.Values{"held": {"yes"}, "outcome": {"offer"}}, nil, ps), 422, "has not ended yet")

	// The survey: one response per person, changed by a second answer,
	// linked from the mission page; the KPIs are linked for funders.
	fpath := fmt.Sprintf("/missions/%d/feedback", basque)
	kpath := fmt.Sprintf("/missions/%d/kpi", basque)
	wantStatus(t, a.request(t, "GET", fmt.Sprintf("/missions/%d", basque), nil, nil, ps), 200, `href="`+fpath+`"`)
	if w := a.request(t, "GET", fmt.Sprintf("/missions/%d", basque), nil, nil, ps); strings.Contains(w.Body.String(), `href="`+kpath+`"`) {
		t.Error("the participant's mission page links the KPIs")
	}
	viewer := a.session(t, "viewer")
	wantStatus(t, a.request(t, "GET", fmt.Sprintf("/missions/%d", basque), nil, nil, viewer), 200, `href="`+kpath+`"`)
	wantStatus(t, a.request(t, "GET", "/dashboard", nil, nil, viewer), 200, `href="`+kpath+`"`)
	wantStatus(t, a.request(t, "GET", fpath, nil, nil, ps), 200, "How satisfied are you", "Change the outcome")
	wantStatus(t, a.request(t, "POST", fpath, url.Values{"satisfaction": {"5"}}, nil, ps), 422, `id="recommend-error"`)
	for _, form := range []url.Values{
		{"satisfaction": {"5"}, "recommend": {"yes"}, "worked": {"The meeting with Leire."}, "answer_0": {"CYBASQUE"}},
		{"satisfaction": {"4"}, "recommend": {"yes"}, "improve": {"Longer slots."}},
	} {
		if w := a.request(t, "POST", fpath, form, nil, ps); w.Code != http.StatusSeeOther {
			t.Fatalf("got %d, want 303; %.300s", w.Code, w.Body.String())
		}
	}
	r, err := a.db.FeedbackResponse(ctx, basque, participant.PersonID)
	if err != nil || r.Satisfaction != 4 || r.Improve != "Longer slots." || r.Worked != "" || r.Role != mission.RoleParticipant {
		t.Errorf("got %+v (%v), want the second answer", r, err)
	}
	responses, _ := a.db.FeedbackResponses(ctx, basque)
	n := 0
	for _, x := range responses {
		if x.PersonID == participant.PersonID {
			n++
		}
	}
	if n != 1 {
		t.Errorf("got %d responses of the participant, want 1", n)
	}
	// Organisers set the survey's own questions.
	org := a.session(t, "organiser")
	if w := a.request(t, "POST", fpath+"/questions", url.Values{"questions": {"Which visit mattered most?\r\n\r\nAnything else?"}}, nil, org); w.Code != http.StatusSeeOther {
		t.Fatalf("got %d, want 303", w.Code)
	}
	wantStatus(t, a.request(t, "GET", fpath, nil, nil, ps), 200, "Which visit mattered most?", "Anything else?")
}

// TestChartsEscapeText checks that labels from users cannot break out of
// the SVG.
func TestChartsEscapeText(t *testing.T) {
	svg := barChart("x", `A "title" <b>`, "desc & more", []chartBar{{Label: `</svg><script>alert(1)</script>`, Value: 3, Part: 1, Max: 5, Marker: 2, Text: "3 < 5"}})
	var doc struct {
		Texts []string `xml:"text"`
	}
	if err := xml.NewDecoder(bytes.NewReader([]byte(svg))).Decode(&doc); err != nil && err != io.EOF {
		t.Fatalf("not well-formed: %v", err)
	}
	if strings.Contains(string(svg), "<script>") || !slices.Contains(doc.Texts, "3 < 5") {
		t.Errorf("got %s", svg)
	}
}
