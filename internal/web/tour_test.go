package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"caravan/internal/mission"
)

// TestDemoTour walks the demo accounts' tour (internal/demo/tour.go,
// README's "A tour per account"): Paula's meetings, outcome, survey, draft
// report and requests; Leire's meeting and request to answer; and the
// organiser reviewing Paula's claim once she submits it.
func TestDemoTour(t *testing.T) {
	a := newAccountsServer(t)
	ctx := t.Context()
	basque, upcoming := fmt.Sprint(testInfo.BasqueMissionID), fmt.Sprint(testInfo.UpcomingMissionID)

	// Paula's agenda: four B2B meetings in the Basque mission, Leire's
	// among them, one outcome recorded and three to record.
	agenda := a.request(t, "GET", "/me/agenda", nil, nil, a.session(t, "participant"))
	body := agenda.Body.String()
	if agenda.Code != 200 || strings.Count(body, `href="/missions/`+basque+`/meetings/`) != 4 || !strings.Contains(body, "With Leire Lasa (") {
		t.Fatalf("got Paula's agenda %d with %d outcome links; want 4 meetings, one with Leire Lasa", agenda.Code,
			strings.Count(body, `href="/missions/`+basque+`/meetings/`))
	}
	runSteps(t, a, []pageStep{
		{role: "participant", method: "GET", path: "/missions/" + basque, status: 200,
			want: []string{`href="/missions/` + basque + `/requests"`, `href="/missions/` + basque + `/closing-report"`, `href="/missions/` + basque + `/feedback"`}},
		{role: "participant", method: "GET", path: "/missions/" + basque + "/feedback", status: 200, want: []string{`action="/missions/` + basque + `/feedback"`}},
		{role: "participant", method: "GET", path: "/missions/" + basque + "/closing-report", status: 200,
			want: []string{"Your travel grant: EUR", "draft", `value="submit"`}},
		{role: "participant", method: "GET", path: "/missions/" + upcoming, status: 200, want: []string{`href="/missions/` + upcoming + `/requests"`}},
		{role: "participant", method: "GET", path: "/missions/" + upcoming + "/requests", status: 200,
			want: []string{"Lithuanian fintechs look for industrial data partners", `value="accept"`, "Cancel request", `/availability"`}},
		{role: "local", method: "GET", path: "/missions/" + basque + "/requests", status: 200,
			want: []string{"Paula Pawlak", "robot cells for small batches", `value="accept"`}},
	})
	paula := personOf(t, a, "participant")
	apps, err := a.db.Applications(ctx, mission.ApplicationFilter{MissionID: testInfo.BasqueMissionID, PersonID: paula, Status: mission.AppConfirmed, Limit: 1})
	must(t, err)
	if len(apps) != 1 {
		t.Fatal("Paula has no confirmed place on the Basque mission")
	}
	outcomes, err := a.db.MeetingOutcomes(ctx, testInfo.BasqueMissionID)
	must(t, err)
	recorded := 0
	for _, o := range outcomes {
		if o.PersonID == paula {
			recorded++
		}
	}
	if recorded != 1 {
		t.Errorf("Paula recorded %d outcomes, want 1", recorded)
	}

	// Paula adds a boarding pass and submits; the organiser account, of
	// the partner that pays her grant, finds the claim and approves it.
	rep, err := a.db.ApplicationClosingReport(ctx, apps[0].ID)
	must(t, err)
	must(t, a.db.AddEvidence(ctx, &mission.Evidence{ReportID: rep.ID, Kind: mission.EvidenceBoardingPass, Filename: "boarding-pass.png",
		ContentType: "image/png", Content: pngFile, UploadedBy: paula, UploadedAt: testNow}))
	grants, err := a.db.MissionGrants(ctx, testInfo.BasqueMissionID)
	must(t, err)
	g := grants[apps[0].ID]
	if g == nil {
		t.Fatal("Paula has no grant")
	}
	amount := fmt.Sprintf("%d.%02d", g.AmountCents/100, g.AmountCents%100)
	claim := "/claims/" + fmt.Sprint(rep.ID) + "/approve"
	runSteps(t, a, []pageStep{
		{role: "organiser", method: "GET", path: "/missions/" + basque + "/claims", status: 200, wantNot: []string{claim}},
		{role: "participant", method: "POST", path: "/missions/" + basque + "/closing-report", status: 303,
			form: url.Values{"achieved": {"A pilot agreed."}, "meetings_that_mattered": {"Aralar."}, "next_steps": {"Pilot in January."}, "action": {"submit"}}},
		{role: "organiser", method: "GET", path: "/missions/" + basque + "/claims", status: 200, want: []string{"Paula Pawlak", "Pilot in January.", claim}},
		{role: "organiser", method: "POST", path: claim, status: 303, form: url.Values{"amount": {amount}}},
	})
	rep, err = a.db.ApplicationClosingReport(ctx, apps[0].ID)
	must(t, err)
	if rep.Status != mission.ReportApproved {
		t.Errorf("got Paula's report %s after the organiser's approval, want approved", rep.Status)
	}
}
