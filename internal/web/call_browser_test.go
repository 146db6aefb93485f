package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"

	"caravan/internal/mission"
)

// TestBrowserCall drives Chromium through the demo's open call: a local
// company applies to the upcoming mission (refused until it answers the
// required questions) and reads why it is not eligible; the organiser
// finds the application in the selection table and accepts another one
// with a reason; the admin opens the rule set editor.
func TestBrowserCall(t *testing.T) {
	a := newAccountsServer(t)
	srv := httptest.NewServer(a)
	defer srv.Close()
	f := newBrowserFlow(t, srv.URL)
	ctx := t.Context()
	up := testInfo.UpcomingMissionID
	signIn := func(email string) {
		f.open("/login", 200)
		f.fill(map[string]string{"#email": email, "#password": "caravan-demo"})
		f.load(200, chromedp.Click(`form[action="/login"] button`))
	}

	signIn("local@demo.example")
	f.open(fmt.Sprintf("/missions/%d", up), 200)
	f.load(200, chromedp.Click(fmt.Sprintf(`a[href="/missions/%d/apply"]`, up)))
	f.see("Which sector is your organisation in?")
	f.fill(map[string]string{"#motivation": "We want to meet fintech start-ups in Vilnius."})
	f.load(http.StatusUnprocessableEntity, chromedp.Click(`button[value="submit"]`))
	f.see("Please answer this question with one of its choices.")
	f.screenshot("apply-refused")
	f.step(chromedp.Click(`input[name="answer.sector"][value="Fintech"]`), chromedp.Click(`input[name="answer.first_exchange"][value="yes"]`))
	f.load(200, chromedp.Click(`button[value="submit"]`))
	f.see("My applications", "Business mission to Vilnius")
	f.screenshot("my-applications")
	local, err := a.db.AccountByEmail(ctx, "local@demo.example")
	must(t, err)
	mine, err := a.db.Applications(ctx, mission.ApplicationFilter{MissionID: up, PersonID: local.PersonID})
	must(t, err)
	if len(mine) != 1 || mine[0].Eligibility.RuleSetVersion == 0 || mine[0].Answers["sector"] != "Fintech" {
		t.Fatalf("got %+v, want one checked application with its answers", mine)
	}
	if !mine[0].Eligibility.Passed {
		f.see("Not eligible under clusterxchange-2022-24")
	}
	f.load(200, chromedp.Click(`form[action="/logout"] button`))

	signIn("organiser@demo.example")
	f.open(fmt.Sprintf("/missions/%d/applications", up), 200)
	f.see(mine[0].Person.Name, "Fit with the themes")
	eligible, err := a.db.Applications(ctx, mission.ApplicationFilter{MissionID: up, Status: mission.AppEligible})
	must(t, err)
	if len(eligible) == 0 {
		t.Fatal("the demo's upcoming call has no eligible application")
	}
	target := eligible[0]
	f.step(chromedp.Click(fmt.Sprintf(`tr#application-%d input[type="checkbox"]`, target.ID)))
	f.fill(map[string]string{"#to": mission.AppAccepted, "#reason": "Strong fintech profile."})
	f.load(200, chromedp.Click(`button[form="decide"]`))
	f.screenshot("selection")
	got, err := a.db.Application(ctx, target.ID)
	must(t, err)
	if got.Status != mission.AppAccepted {
		t.Errorf("got status %s, want accepted", got.Status)
	}
	f.load(200, chromedp.Click(`form[action="/logout"] button`))

	signIn("admin@demo.example")
	f.open("/admin/rule-sets/"+mission.DefaultRuleSetID, 200)
	f.see("Rule set clusterxchange-2022-24", "Save as a new version")
	f.screenshot("rule-set")
}
