package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"caravan/internal/mission"
)

// TestBrowserKPI signs in as the demo's funder, reads the Basque mission's
// key figures and the consortium's progress in Chromium, and checks that
// every chart is drawn at a readable size with its table, also on a phone.
func TestBrowserKPI(t *testing.T) {
	a := newAccountsServer(t)
	srv := httptest.NewServer(a)
	defer srv.Close()
	f := newBrowserFlow(t, srv.URL)

	f.open("/login", 200)
	f.fill(map[string]string{"#email": "viewer@demo.example", "#password": "caravan-demo"})
	f.load(200, chromedp.Click(`form[action="/login"] button`))

	f.open(fmt.Sprintf("/missions/%d/kpi", testInfo.BasqueMissionID), 200)
	f.see("Exchanges per paying partner", "B2B meetings from request to outcome", "Open answers of the feedback survey")
	charts := kpiEval(f, `[...document.querySelectorAll('svg.chart')].map(s => [s.id, Math.round(s.getBoundingClientRect().width), s.querySelectorAll('rect').length].join(':')).join(' ')`)
	t.Logf("charts: %s", charts)
	kpiWant(f, `[...document.querySelectorAll('svg.chart')].every(s => s.getBoundingClientRect().width >= 600 && s.getBoundingClientRect().height >= 100)`, true)
	kpiWant(f, `[...document.querySelectorAll('svg.chart')].every(s => s.closest('section').querySelector('table'))`, true)
	kpiWant(f, `document.querySelectorAll('#chart-meetings rect').length > 3`, true)
	f.screenshot("kpi-mission")

	f.open(fmt.Sprintf("/consortia/%d/kpi", testInfo.ConsortiumID), 200)
	f.see("Progress toward the targets", "Participants in exchanges")
	kpiWant(f, `document.querySelectorAll('#chart-progress line').length`, 4)
	f.screenshot("kpi-consortium")

	// On a phone the charts shrink with the page; nothing is wider than it.
	f.step(chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait, chromedp.EmulateMobile))
	f.open(fmt.Sprintf("/missions/%d/kpi", testInfo.BasqueMissionID), 200)
	kpiWant(f, `document.documentElement.scrollWidth <= window.innerWidth`, true)
	f.screenshot("kpi-mission-phone")
}

// TestBrowserOutcomeAndFeedback has the demo participant follow the
// agenda's link to record a meeting's outcome and answer the survey, as a
// person would with the keyboard and mouse.
func TestBrowserOutcomeAndFeedback(t *testing.T) {
	a := newAccountsServer(t)
	srv := httptest.NewServer(a)
	defer srv.Close()
	participant, local := mustAccount(t, a, "participant"), mustAccount(t, a, "local")
	mt := &mission.Meeting{MissionID: testInfo.BasqueMissionID, StartsAt: time.Date(2023, 11, 14, 10, 30, 0, 0, time.UTC),
		EndsAt: time.Date(2023, 11, 14, 10, 50, 0, 0, time.UTC), Table: "T7", PersonIDs: []int64{participant.PersonID, local.PersonID}}
	if err := a.db.CreateMeeting(t.Context(), mt); err != nil {
		t.Fatal(err)
	}
	f := newBrowserFlow(t, srv.URL)
	f.open("/login", 200)
	f.fill(map[string]string{"#email": "participant@demo.example", "#password": "caravan-demo"})
	f.load(200, chromedp.Click(`form[action="/login"] button`))

	f.open("/me/agenda", 200)
	f.load(200, chromedp.Click(fmt.Sprintf(`a[href="/missions/%d/meetings/%d/outcome"]`, mt.MissionID, mt.ID)))
	f.see("Did the meeting take place?")
	f.step(chromedp.Click(`input[name="held"][value="yes"]`))
	f.fill(map[string]string{"#outcome": mission.OutcomePartnership, "#note": "Joint pilot at their plant in Durango."})
	f.load(200, chromedp.Click(`button[type="submit"].primary`))
	f.see("The outcome is saved.")
	f.screenshot("outcome-saved")

	f.open(fmt.Sprintf("/missions/%d/feedback", mt.MissionID), 200)
	f.see("Change the outcome", "How satisfied are you with the mission?")
	f.step(chromedp.Click(`input[name="satisfaction"][value="4"]`), chromedp.Click(`input[name="recommend"][value="yes"]`))
	f.fill(map[string]string{"#worked": "Well-prepared meetings.", "#improve": "More time at the fair."})
	f.load(200, chromedp.Click(`form[action$="/feedback"] button`))
	f.see("Thank you: your answers are saved.")
	f.screenshot("feedback-saved")
	r, err := a.db.FeedbackResponse(t.Context(), mt.MissionID, participant.PersonID)
	if err != nil || r.Satisfaction != 4 || !r.Recommend || r.Worked != "Well-prepared meetings." {
		t.Errorf("got %+v (%v), want the answers typed", r, err)
	}
}

// kpiEval returns what a JavaScript expression evaluates to in the page.
func kpiEval(f *browserFlow, expr string) any {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(f.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[any](expr))
	if err != nil {
		f.t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// kpiWant checks what a JavaScript expression evaluates to in the page.
func kpiWant(f *browserFlow, expr string, want any) {
	f.t.Helper()
	if got := kpiEval(f, expr); fmt.Sprint(got) != fmt.Sprint(want) {
		f.t.Errorf("%s = %v, want %v", expr, got, want)
	}
}
