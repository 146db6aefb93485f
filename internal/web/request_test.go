package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"caravan/internal/mission"
)

// TestMeetingRequestPages: a participant asks the host for a meeting, the
// host reads it and declines with a reason, the participant reads the
// answer; nobody else answers, cancels or sees it, except the organisers;
// each step is e-mailed to the other side.
func TestMeetingRequestPages(t *testing.T) {
	a := newAccountsServer(t)
	ctx := t.Context()
	basque := fmt.Sprint(testInfo.BasqueMissionID)
	paula, host := personOf(t, a, "participant"), personOf(t, a, "host")
	runSteps(t, a, []pageStep{
		{role: "participant", method: "GET", path: "/missions/" + basque + "/requests?to=" + fmt.Sprint(host), status: 200,
			want: []string{"Request a meeting", fmt.Sprintf(`<option value="%d" selected>`, host)}, wantNot: []string{"Matchmaking settings"}},
		{role: "participant", method: "POST", path: "/missions/" + basque + "/requests", status: 303,
			form: url.Values{"to": {fmt.Sprint(host)}, "priority": {"must"}, "message": {"Lidar for your port <AGVs>?"}}},
		// The same person twice is refused.
		{role: "participant", method: "POST", path: "/missions/" + basque + "/requests", status: 409,
			form: url.Values{"to": {fmt.Sprint(host)}}, want: []string{"already asked this person"}},
		{role: "viewer", method: "GET", path: "/missions/" + basque + "/requests", status: 403},
		{role: "host", method: "GET", path: "/missions/" + basque + "/requests", status: 200,
			want: []string{"Received", "Lidar for your port &lt;AGVs&gt;?", "Must", "/answer"}},
	})
	list, err := a.db.MeetingRequests(ctx, testInfo.BasqueMissionID, paula)
	if err != nil {
		t.Fatal(err)
	}
	var req *mission.MeetingRequest
	for _, r := range list {
		if r.FromPersonID == paula && r.ToPersonID == host {
			req = r
		}
	}
	if req == nil || req.Priority != mission.PriorityMust || req.Status != mission.RequestPending {
		t.Fatalf("got %+v, want the pending must request", req)
	}
	id := fmt.Sprint(req.ID)
	decline := url.Values{"decision": {"decline"}, "reason": {"Fully booked on Tuesday"}}
	runSteps(t, a, []pageStep{
		// Only the person asked answers; only the sender cancels; others learn nothing.
		{role: "participant", method: "POST", path: "/requests/" + id + "/answer", form: decline, status: 404},
		{role: "local", method: "POST", path: "/requests/" + id + "/answer", form: decline, status: 404},
		{role: "organiser", method: "POST", path: "/requests/" + id + "/answer", form: decline, status: 404},
		{role: "host", method: "POST", path: "/requests/" + id + "/cancel", status: 404},
		{role: "local", method: "GET", path: "/missions/" + basque + "/requests", status: 200, wantNot: []string{"Lidar for your port"}},
		{role: "host", method: "POST", path: "/requests/" + id + "/answer", form: decline, status: 303},
		{role: "host", method: "POST", path: "/requests/" + id + "/answer", form: url.Values{"decision": {"accept"}}, status: 409},
		{role: "participant", method: "POST", path: "/requests/" + id + "/cancel", status: 409},
		{role: "participant", method: "GET", path: "/missions/" + basque + "/requests", status: 200,
			want: []string{"Declined", "Fully booked on Tuesday"}},
		{role: "organiser", method: "GET", path: "/missions/" + basque + "/requests", status: 200,
			want: []string{"All requests of the mission", "Declined", "Fully booked on Tuesday", "Matchmaking settings"}},
	})
	mails, err := a.db.Emails(ctx, mission.EmailFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var asked, answered bool
	for _, e := range mails {
		asked = asked || (e.ToAddress == "host@demo.example" && strings.Contains(e.Subject, "would like to meet you"))
		answered = answered || (e.ToAddress == "participant@demo.example" && strings.Contains(e.Subject, "declined your meeting request") &&
			strings.Contains(e.TextBody, "Fully booked on Tuesday"))
	}
	if !asked || !answered {
		t.Errorf("got request e-mail %v, answer e-mail %v; want both", asked, answered)
	}
}

// TestMatchmakingSettings: organisers set the deadline and limit; the limit
// then refuses a participant's second request and the page says so.
func TestMatchmakingSettings(t *testing.T) {
	a := newAccountsServer(t)
	basque := fmt.Sprint(testInfo.BasqueMissionID)
	host, local := personOf(t, a, "host"), personOf(t, a, "local")
	list, err := a.db.MeetingRequests(t.Context(), testInfo.BasqueMissionID, personOf(t, a, "participant"))
	if err != nil {
		t.Fatal(err)
	}
	sent := 0
	for _, r := range list {
		if r.FromPersonID == personOf(t, a, "participant") && r.Status != mission.RequestCancelled {
			sent++
		}
	}
	limit := fmt.Sprint(sent + 1)
	runSteps(t, a, []pageStep{
		{role: "host", method: "POST", path: "/missions/" + basque + "/matchmaking", form: url.Values{"max_requests": {"1"}}, status: 403},
		{role: "organiser", method: "POST", path: "/missions/" + basque + "/matchmaking", form: url.Values{"deadline": {"2099-01-01T12:00"}, "max_requests": {limit}}, status: 303},
		{role: "organiser", method: "GET", path: "/missions/" + basque + "/requests", status: 200,
			want: []string{`value="2099-01-01T12:00"`, `value="` + limit + `"`}},
		{role: "participant", method: "POST", path: "/missions/" + basque + "/requests", form: url.Values{"to": {fmt.Sprint(host)}}, status: 303},
		{role: "participant", method: "POST", path: "/missions/" + basque + "/requests", form: url.Values{"to": {fmt.Sprint(local)}}, status: 409,
			want: []string{"as many requests as the mission allows"}},
		{role: "participant", method: "GET", path: "/missions/" + basque + "/requests", status: 200,
			want: []string{"You have sent " + limit + " of at most " + limit + " requests."}},
	})
}

// TestAvailabilityPage: a participant marks a block, reads it and removes
// it; another member cannot remove it.
func TestAvailabilityPage(t *testing.T) {
	a := newAccountsServer(t)
	basque := fmt.Sprint(testInfo.BasqueMissionID)
	runSteps(t, a, []pageStep{
		{role: "participant", method: "POST", path: "/missions/" + basque + "/availability", status: 303,
			form: url.Values{"starts_at": {"2023-11-14T12:00"}, "ends_at": {"2023-11-14T13:00"}, "note": {"Call with <HQ>"}}},
		{role: "participant", method: "POST", path: "/missions/" + basque + "/availability", status: 400,
			form: url.Values{"starts_at": {"2023-11-14T13:00"}, "ends_at": {"2023-11-14T12:00"}}},
		{role: "participant", method: "GET", path: "/missions/" + basque + "/availability", status: 200,
			want: []string{"Free B2B time", "Call with &lt;HQ&gt;", "12:00"}},
		{role: "viewer", method: "GET", path: "/missions/" + basque + "/availability", status: 403},
	})
	blocks, err := a.db.AvailabilityBlocks(t.Context(), testInfo.BasqueMissionID, personOf(t, a, "participant"))
	if err != nil || len(blocks) != 1 {
		t.Fatalf("got %d blocks (%v), want 1", len(blocks), err)
	}
	del := "/missions/" + basque + "/availability/" + fmt.Sprint(blocks[0].ID) + "/delete"
	runSteps(t, a, []pageStep{
		{role: "local", method: "POST", path: del, status: 404},
		{role: "participant", method: "POST", path: del, status: 303},
		{role: "participant", method: "GET", path: "/missions/" + basque + "/availability", status: 200,
			want: []string{"You have marked no blocks."}, wantNot: []string{"Call with"}},
	})
}
