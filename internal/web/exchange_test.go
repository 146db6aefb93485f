package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"caravan/internal/mission"
)

// runningExchange returns the application id of the demo's running
// exchange in Warsaw (the DEX consortium's), or 0.
func runningExchange() int64 {
	apps, err := testServer.db.Applications(context.Background(), mission.ApplicationFilter{MissionID: testInfo.RunningMissionID, Limit: 1})
	if err != nil || len(apps) == 0 {
		return 0
	}
	return apps[0].ID
}

func TestExchangeOffersAndCommitment(t *testing.T) {
	a := newAccountsServer(t)
	ctx := t.Context()
	offer := url.Values{"title": {"Cluster staff exchange: smart manufacturing at GAIA"}, "topic": {"Digital twins for SME <suppliers>"},
		"learning_goals": {"Run a digital-twin service for members."}, "host_city": {"Donostia / San Sebastián"}, "time_zone": {"Europe/Madrid"},
		"starts_on": {"2026-05-04"}, "ends_on": {"2026-05-29"}, "min_days": {"5"}, "max_days": {"15"}, "places": {"2"},
		"consortium": {fmt.Sprint(testInfo.ConsortiumID)}, "themes": {"digitalisation"}}
	with := func(pairs ...string) url.Values {
		v := url.Values{}
		for k, vs := range offer {
			v[k] = vs
		}
		for i := 0; i+1 < len(pairs); i += 2 {
			v.Set(pairs[i], pairs[i+1])
		}
		return v
	}
	runSteps(t, a, []pageStep{
		{role: "host", method: "POST", path: "/exchanges", form: with("max_days", "3"), status: 422,
			want: []string{`id="max_days-error">The longest stay must not be shorter than the shortest.`, `value="Digital twins for SME &lt;suppliers&gt;"`}},
		{role: "host", method: "POST", path: "/exchanges", form: with("ends_on", "2026-05-01"), lang: "es", status: 422,
			want: []string{"La fecha de fin debe ser igual o posterior a la de inicio."}},
		{role: "host", method: "POST", path: "/exchanges", form: with("consortium", "999999"), status: 422,
			want: []string{`id="consortium-error">Choose one of the options.`}},
		{role: "host", method: "POST", path: "/exchanges", form: offer, status: 303},
	})
	offers, err := a.db.ExchangeOffers(ctx, mission.ExchangeOfferFilter{Query: "digital twins suppliers"}) // the demo offers digital twins too
	if err != nil || len(offers) != 1 {
		t.Fatalf("got %d offers (%v), want the new one", len(offers), err)
	}
	o := offers[0]
	if o.Mission.Kind != mission.MissionExchange || !o.Mission.Published || o.Mission.ConsortiumID != testInfo.ConsortiumID {
		t.Errorf("got mission %+v, want a published exchange in EXCITE", o.Mission)
	}
	op := fmt.Sprintf("/exchange-offers/%d", o.MissionID)
	runSteps(t, a, []pageStep{
		{role: "out", method: "GET", path: "/exchanges?q=twins&country=es&ecosystem=digitalisation", status: 200,
			want: []string{"Digital twins for SME &lt;suppliers&gt;", "Stay of 5 to 15 days", "2 places", op}},
		{role: "out", method: "GET", path: "/exchanges?q=twins&country=PL", status: 200, want: []string{"No open exchange offers match."}},
		{role: "out", method: "GET", path: "/exchanges?ecosystem=digitalisation", lang: "es", status: 200, want: []string{"Ofertas de intercambio", "2 plazas"}},
		{role: "participant", method: "GET", path: op, status: 200, want: []string{"Run a digital-twin service", `action="` + op + `/apply"`},
			wantNot: []string{"Applications"}},
		{role: "host", method: "GET", path: op, status: 200, want: []string{"No applications yet."}, wantNot: []string{"/apply"}},
		{role: "host", method: "POST", path: op + "/apply", form: url.Values{"motivation": {"Me"}}, status: 403},
		{role: "participant", method: "POST", path: op + "/apply", form: url.Values{"motivation": {""}}, status: 422,
			want: []string{`id="motivation-error">This field is required.`}},
		{role: "participant", method: "POST", path: op + "/apply", form: url.Values{"motivation": {"We build twins for suppliers."}}, status: 303},
		{role: "participant", method: "POST", path: op + "/apply", form: url.Values{"motivation": {"Again"}}, status: 409},
	})
	apps, err := a.db.Applications(ctx, mission.ApplicationFilter{MissionID: o.MissionID})
	if err != nil || len(apps) != 1 || apps[0].Status != mission.AppSubmitted {
		t.Fatalf("got applications %v (%v), want one submitted", apps, err)
	}
	xp := fmt.Sprintf("/exchanges/%d", apps[0].ID)
	runSteps(t, a, []pageStep{
		{role: "host", method: "GET", path: op, status: 200, want: []string{xp, "Paula Pawlak", "submitted"}},
		{role: "participant", method: "GET", path: xp, status: 200, want: []string{"Confirm the match as visitor", "Signing opens when"},
			wantNot: []string{"Confirm the match as host", `name="party"`}},
		{role: "local", method: "GET", path: xp, status: 404},
		{role: "viewer", method: "GET", path: xp + "/commitment.pdf", status: 404},
		{role: "participant", method: "POST", path: xp + "/confirm", form: url.Values{"side": {"host"}}, status: 403},
		{role: "participant", method: "POST", path: xp + "/confirm", form: url.Values{"side": {"visitor"}}, status: 303},
		{role: "participant", method: "POST", path: xp + "/confirm", form: url.Values{"side": {"visitor"}}, status: 409},
		{role: "participant", method: "POST", path: xp + "/goals", form: url.Values{"goals": {""}}, status: 422,
			want: []string{`id="goals-error">This field is required.`}},
		{role: "participant", method: "POST", path: xp + "/goals", form: url.Values{"goals": {"Design a twin service <v1>."}}, status: 303},
		// Signing waits for the host's confirmation.
		{role: "participant", method: "POST", path: xp + "/sign", form: url.Values{"party": {"visitor"}}, status: 409},
		{role: "host", method: "POST", path: xp + "/confirm", form: url.Values{"side": {"host"}}, status: 303},
		{role: "host", method: "POST", path: xp + "/sign", form: url.Values{"party": {"visitor"}}, status: 403},
		{role: "organiser", method: "POST", path: xp + "/sign", form: url.Values{"party": {"host"}}, status: 403},
		{role: "participant", method: "GET", path: xp, lang: "es", status: 200, want: []string{"Compromiso de calidad", "Firmar"}},
		{role: "participant", method: "POST", path: xp + "/sign", form: url.Values{"party": {"visitor"}}, status: 303},
		{role: "participant", method: "POST", path: xp + "/sign", form: url.Values{"party": {"visitor"}}, status: 409},
		{role: "participant", method: "POST", path: xp + "/goals", form: url.Values{"goals": {"Changed"}}, status: 409},
		{role: "host", method: "POST", path: xp + "/sign", form: url.Values{"party": {"host"}}, status: 303},
		{role: "organiser", method: "POST", path: xp + "/sign", form: url.Values{"party": {"visitor_partner"}}, status: 303},
		{role: "organiser", method: "POST", path: xp + "/sign", form: url.Values{"party": {"host_partner"}}, status: 303},
		{role: "host", method: "GET", path: xp, status: 200, want: []string{"signed by Paula Pawlak on 10 Mar 2026", "signed by Haizea Olabarria",
			"signed by Otto Oehme", "Design a twin service &lt;v1&gt;."}, wantNot: []string{`name="party"`, `name="goals"`}},
	})
	x, err := a.db.Exchange(ctx, apps[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	participant := mustAccount(t, a, "participant")
	if s := x.Signature(mission.PartyVisitor); s == nil || s.AccountID != participant.ID || !s.SignedAt.Equal(testNow) {
		t.Errorf("got visitor signature %+v, want the participant's account at %v", s, testNow)
	}
	signs := 0
	for _, act := range a.auditActions(t) {
		if act == "commitment.sign" {
			signs++
		}
	}
	if signs != 4 {
		t.Errorf("got %d commitment.sign audit entries, want 4", signs)
	}
	w := a.request(t, "GET", xp+"/commitment.pdf", nil, nil, a.session(t, "organiser"))
	wantStatus(t, w, http.StatusOK)
	text := pdfTextOf(t, w.Body.Bytes())
	for _, want := range []string{"Commitment to Quality", "Paula Pawlak", "Design a twin service <v1>.", "Visitor's partnership",
		"Host's partnership", "Otto Oehme", "Haizea Olabarria", "Digital twins for SME <suppliers>"} {
		if !strings.Contains(text, want) {
			t.Errorf("commitment lacks %q: %s", want, text)
		}
	}
	if strings.Contains(text, "not signed yet") {
		t.Error("the commitment shows a missing signature")
	}
}

// TestDemoExchange checks the demo's running exchange: its offer is public,
// and its organisers find the Commitment to Quality signed by visitor and
// host, waiting for the partnerships.
func TestDemoExchange(t *testing.T) {
	a := newAccountsServer(t)
	xp := fmt.Sprintf("/exchanges/%d", runningExchange())
	runSteps(t, a, []pageStep{
		{role: "out", method: "GET", path: fmt.Sprintf("/exchange-offers/%d", testInfo.RunningMissionID), status: 200,
			want: []string{"Cybersecurity services for cluster members", "Stay of 5 to 15 days"}, wantNot: []string{"/apply", xp}},
		{role: "organiser", method: "GET", path: fmt.Sprintf("/exchange-offers/%d", testInfo.RunningMissionID), status: 200, want: []string{xp}},
		{role: "organiser", method: "GET", path: xp, status: 200, want: []string{"Draft a joint cybersecurity service offer",
			`value="visitor_partner"`, `value="host_partner"`, "Visits to cybersecurity member companies"},
			wantNot: []string{`value="visitor"`, `name="goals"`, "Confirm the match"}},
		{role: "organiser", method: "POST", path: xp + "/sign", form: url.Values{"party": {"host_partner"}}, status: 303},
		{role: "organiser", method: "GET", path: xp, status: 200, want: []string{"signed by Otto Oehme"}, wantNot: []string{`value="host_partner"`}},
	})
}

// TestCanLogisticsAndExchanges checks the policy's decisions on sensitive
// logistics, announcements, the who's who and the parties of an exchange,
// on made-up users.
func TestCanLogisticsAndExchanges(t *testing.T) {
	const consortium = 7
	m := &mission.Mission{ID: 1, ConsortiumID: consortium, Published: true}
	user := func(personID int64, consortia map[int64][]string, missions map[int64][]string) *mission.User {
		return &mission.User{Account: &mission.Account{ID: personID * 10}, Person: &mission.Person{ID: personID},
			Roles: mission.Roles{Consortium: consortia, Mission: missions}}
	}
	var (
		out       *mission.User
		organiser = user(2, map[int64][]string{consortium: {mission.ConsortiumOrganiser}}, nil)
		host      = user(4, nil, map[int64][]string{1: {mission.RoleHost}})
		visitor   = user(5, nil, map[int64][]string{1: {mission.RoleParticipant}})
		other     = user(6, nil, map[int64][]string{1: {mission.RoleParticipant}})
		local     = user(7, nil, map[int64][]string{1: {mission.RoleLocal}})
		viewer    = user(8, map[int64][]string{consortium: {mission.ConsortiumViewer}}, nil)
	)
	x := &mission.Exchange{ID: 9, Application: &mission.Application{ID: 9, MissionID: 1, PersonID: 5}}
	party := func(p string) exchangeParty { return exchangeParty{Exchange: x, Mission: m, Party: p} }
	tests := []struct {
		name     string
		u        *mission.User
		action   string
		resource any
		want     bool
	}{
		{"participant edits own logistics", visitor, actLogisticsEdit, m, true},
		{"host has no logistics form", host, actLogisticsEdit, m, false},
		{"organiser reads everyone's logistics", organiser, actLogisticsRead, m, true},
		{"host does not read logistics", host, actLogisticsRead, m, false},
		{"participant does not read others' logistics", other, actLogisticsRead, m, false},
		{"viewer does not read logistics", viewer, actLogisticsRead, m, false},
		{"organiser announces", organiser, actAnnouncementSend, m, true},
		{"host does not announce", host, actAnnouncementSend, m, false},
		{"local reads announcements", local, actAnnouncementRead, m, true},
		{"viewer reads announcements", viewer, actAnnouncementRead, m, true},
		{"signed out: no announcements", out, actAnnouncementRead, m, false},
		{"host prints the who's who", host, actWhosWhoRead, m, true},
		{"participant does not", visitor, actWhosWhoRead, m, false},
		{"the visitor reads the exchange", visitor, actExchangeAct, party(""), true},
		{"the visitor signs as visitor", visitor, actExchangeAct, party(mission.PartyVisitor), true},
		{"the visitor does not sign as host", visitor, actExchangeAct, party(mission.PartyHost), false},
		{"another participant does not read it", other, actExchangeAct, party(""), false},
		{"the host signs as host", host, actExchangeAct, party(mission.PartyHost), true},
		{"the host does not sign for a partnership", host, actExchangeAct, party(mission.PartyHostPartner), false},
		{"an organiser signs for the visitor's partnership", organiser, actExchangeAct, party(mission.PartyVisitorPartner), true},
		{"an organiser does not sign as visitor", organiser, actExchangeAct, party(mission.PartyVisitor), false},
		{"no made-up party", organiser, actExchangeAct, party("witness"), false},
		{"signed out: no exchange", out, actExchangeAct, party(""), false},
		{"people of an organisation offer exchanges for it", visitor, actExchangeOffer, &mission.Organisation{ID: 0}, true},
		{"not for another organisation", visitor, actExchangeOffer, &mission.Organisation{ID: 99}, false},
	}
	for _, tt := range tests {
		if got := can(tt.u, tt.action, tt.resource); got != tt.want {
			t.Errorf("%s: can(%s) = %v, want %v", tt.name, tt.action, got, tt.want)
		}
	}
}
