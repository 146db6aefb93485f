package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"caravan/internal/b2b"
	"caravan/internal/mission"
	"caravan/internal/schedule"
)

// TestBrowserSchedule drives Chromium through B2B scheduling on a new
// mission of the demo's consortium: the participant asks the local company
// for a meeting and the local company accepts; the organiser names the
// tables, generates the schedule, watches the page refresh itself until
// the job (worked here as a serve node would) is done, looks at the
// preview and publishes; both then find the meeting at the same time and
// table in their agendas.
func TestBrowserSchedule(t *testing.T) {
	a := newAccountsServer(t)
	srv := httptest.NewServer(a)
	defer srv.Close()
	f := newBrowserFlow(t, srv.URL)
	ctx := t.Context()
	basque, err := a.db.Mission(ctx, testInfo.BasqueMissionID)
	must(t, err)
	m := &mission.Mission{Title: "Smart manufacturing days in Donostia", ConsortiumID: testInfo.ConsortiumID,
		HostOrganisationID: basque.HostOrganisationID, HostCity: "Donostia", HostCountry: "ES", TimeZone: "Europe/Madrid",
		StartsOn: time.Date(2026, 4, 21, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2026, 4, 22, 0, 0, 0, 0, time.UTC),
		Status: mission.StatusConfirmed, Published: true}
	must(t, a.db.CreateMission(ctx, m))
	loc := m.Location()
	session := &mission.ProgrammeItem{MissionID: m.ID, Kind: mission.ItemB2BSession, Title: "B2B meetings", Venue: "Tabakalera",
		StartsAt: time.Date(2026, 4, 21, 10, 0, 0, 0, loc), EndsAt: time.Date(2026, 4, 21, 12, 0, 0, 0, loc), SlotMinutes: 30, Tables: 3}
	must(t, a.db.CreateProgrammeItem(ctx, session))
	people := map[string]*mission.Person{}
	for role, email := range map[string]string{mission.RoleParticipant: "participant@demo.example", mission.RoleLocal: "local@demo.example"} {
		acc, err := a.db.AccountByEmail(ctx, email)
		must(t, err)
		must(t, a.db.AddMissionMember(ctx, mission.MissionMember{MissionID: m.ID, PersonID: acc.PersonID, Role: role}))
		if people[role], err = a.db.Person(ctx, acc.PersonID); err != nil {
			t.Fatal(err)
		}
	}
	signIn := func(email string) {
		f.open("/login", 200)
		f.fill(map[string]string{"#email": email, "#password": "caravan-demo"})
		f.load(200, chromedp.Click(`form[action="/login"] button`))
	}
	signOut := func() { f.load(200, chromedp.Click(`form[action="/logout"] button`)) }
	base := fmt.Sprintf("/missions/%d", m.ID)

	// The participant asks the local company for a meeting.
	signIn("participant@demo.example")
	f.open(base+"/requests", 200)
	f.fill(map[string]string{`select[name="to"]`: fmt.Sprint(people[mission.RoleLocal].ID), `select[name="priority"]`: "must",
		`textarea[name="message"]`: "Let us talk about cobots."})
	f.load(200, chromedp.Click(`form[action="`+base+`/requests"] button[type="submit"]`))
	signOut()

	// The local company accepts it.
	signIn("local@demo.example")
	f.open(base+"/requests", 200)
	f.load(200, chromedp.Click(`form[action$="/answer"]:has(input[value="accept"]) button`))
	signOut()
	reqs, err := a.db.MeetingRequests(ctx, m.ID, 0)
	must(t, err)
	if len(reqs) != 1 || reqs[0].Status != mission.RequestAccepted {
		t.Fatalf("requests after the answer: %+v", reqs)
	}

	// The organiser names the tables and generates the schedule.
	signIn("organiser@demo.example")
	f.open(base+"/schedule", 200)
	f.step(chromedp.Click(fmt.Sprintf(`#session-%d details summary`, session.ID)))
	f.fill(map[string]string{`#breaks-` + fmt.Sprint(session.ID): "11:00-11:30", `input[name="table_name_1"]`: "Zurriola",
		`input[name="table_name_2"]`: "Ondarreta", `input[name="table_name_3"]`: "Kontxa"})
	f.load(200, chromedp.Click(fmt.Sprintf(`#session-%d button[type="submit"]`, session.ID)))
	f.see("3 slots")
	sessions, err := a.db.B2BSessions(ctx, m.ID)
	must(t, err)
	if got := sessions[0].Tables[0].Label(); got != "Zurriola" {
		t.Errorf("table 1 is called %q, want Zurriola", got)
	}
	f.load(200, chromedp.Click(`#generate`))
	f.see("Waiting for a worker", "refreshes itself")
	f.screenshot("schedule-queued")
	w := &b2b.Worker{DB: a.db, ID: "browser-test", Solver: schedule.Options{Workers: 1, MaxWork: 50_000, Seed: 1}}
	if n, err := w.RunPending(ctx); err != nil || n != 1 {
		t.Fatalf("worked %d jobs: %v", n, err)
	}
	// The page refreshes itself until it shows the job done.
	f.step(chromedp.WaitVisible(`#job-status[data-status="done"]`))
	f.load(200, chromedp.Click(`#preview-link`))
	f.see("Schedule preview", "1 / 1", "Every meeting is placed", "Zurriola")
	f.screenshot("schedule-preview")

	// Swapping a meeting with itself is refused with a message; then the
	// plan is published.
	f.load(http.StatusUnprocessableEntity, chromedp.SetValue(`form[action$="/swap"] input[name="meeting"]`, "1"),
		chromedp.SetValue(`form[action$="/swap"] input[name="other"]`, "1"), chromedp.Click(`#swap`))
	f.see("Refused")
	f.screenshot("schedule-refused")
	f.load(200, chromedp.Click(`#publish`))
	f.see("The published schedule")
	signOut()

	agendaLine := func(email string, with string) string {
		signIn(email)
		f.open("/me/agenda", 200)
		body := f.text("main")
		signOut()
		// The last one: the demo's Basque mission of 2023 has a meeting of
		// theirs too, and comes first.
		i := strings.LastIndex(body, "With "+with)
		if i < 0 {
			t.Fatalf("%s's agenda has no meeting with %s: %.800s", email, with, body)
		}
		line := ""
		for _, l := range strings.Split(body[:i], "\n") {
			if strings.Contains(l, "–") {
				line = strings.TrimSpace(l) // the time of the last entry before the meeting's text
			}
		}
		end := strings.Index(body[i:], "Table ")
		if end < 0 {
			t.Fatalf("%s's meeting has no table: %.300s", email, body[i:])
		}
		table := body[i+end:]
		table = table[:strings.IndexAny(table, "·\n")]
		return line + " " + strings.TrimSpace(table)
	}
	p := agendaLine("participant@demo.example", people[mission.RoleLocal].Name)
	l := agendaLine("local@demo.example", people[mission.RoleParticipant].Name)
	if p != l {
		t.Errorf("the participant's agenda says %q, the local company's %q", p, l)
	}
	if !strings.Contains(p, "Zurriola") && !strings.Contains(p, "Ondarreta") && !strings.Contains(p, "Kontxa") {
		t.Errorf("the meeting is at no named table: %q", p)
	}
}
