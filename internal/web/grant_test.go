package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"caravan/internal/mission"
)

// confirmedIn makes a person of org whose application to m is confirmed,
// the way the call leaves it (submitted, eligible, accepted, confirmed).
func (sc *callScene) confirmedIn(t *testing.T, m *mission.Mission, org *mission.Organisation, name string) *mission.Application {
	t.Helper()
	ctx := t.Context()
	db := sc.a.db
	p, _ := sc.person(t, org, name, "")
	a := &mission.Application{MissionID: m.ID, PersonID: p.ID}
	must(t, db.SaveApplicationDraft(ctx, a))
	_, err := db.TransitionApplication(ctx, a.ID, mission.AppSubmitted, p.ID, "", testNow)
	must(t, err)
	_, err = db.RecordEligibility(ctx, a.ID, mission.Eligibility{RuleSetID: mission.DefaultRuleSetID, RuleSetVersion: 1,
		Passed: true, Result: `{"passed":true}`, CheckedAt: testNow}, nil)
	must(t, err)
	for _, to := range []string{mission.AppAccepted, mission.AppConfirmed} {
		_, err := db.ChangeApplication(ctx, mission.ApplicationChange{ApplicationID: a.ID, To: to, ByPersonID: p.ID, At: testNow}, nil)
		must(t, err)
	}
	return a
}

// TestGrantsThroughTheProduct computes each default rule set's grant on
// hand-checked cases through the organisers' pages, in English and in
// Spanish, commits grants against the partner's travel budget until it
// refuses one, overrides a distance (refused without a reason, audited
// with one) and reads the consortium's budget page.
func TestGrantsThroughTheProduct(t *testing.T) {
	eachCallScene(t, func(t *testing.T, sc *callScene) {
		ctx := t.Context()
		db := sc.a.db
		partner := sc.cons.Partners[0].ID
		_, err := db.SQL().ExecContext(ctx, "UPDATE partners SET travel_budget_cents = $1 WHERE id = $2", 100000, partner) // EUR 1,000
		must(t, err)
		m := sc.mission(t, sc.host, day(6, 15), day(6, 19)) // Monday to Friday: 5 working days
		vilnius := &mission.Organisation{Name: "Vilnius Cluster", Kind: mission.KindCluster, Country: "LT", City: "Vilnius"}
		must(t, db.CreateOrganisation(ctx, vilnius))
		// Bayonne–Bilbao on these coordinates is 119.99 km: 119 km floored.
		bayonne := &mission.Organisation{Name: "Bayonne Cluster", Kind: mission.KindCluster, Country: "FR", City: "Bayonne", Lat: 43.4929, Lon: -1.4748}
		must(t, db.CreateOrganisation(ctx, bayonne))
		va := sc.confirmedIn(t, m, vilnius, "Vida Vilnius")
		ba := sc.confirmedIn(t, m, bayonne, "Basile Bayonne")
		grants := fmt.Sprintf("/missions/%d/grants", m.ID)

		wantStatus(t, sc.a.request(t, "GET", "/dashboard", nil, nil, sc.organiser), http.StatusOK, `href="`+grants+`"`)
		wantStatus(t, sc.a.request(t, "GET", grants, nil, nil, sc.organiser), http.StatusOK, "Pick the grant rule set of this mission first.",
			fmt.Sprintf(`href="/consortia/%d/budget"`, sc.cons.ID))
		pick := func(id string) {
			t.Helper()
			wantStatus(t, sc.a.request(t, "POST", grants+"/rule-set", url.Values{"rule_set": {id}, "version": {"0"}}, nil, sc.organiser), http.StatusSeeOther)
		}

		// Erasmus+ 2024: Vilnius–Bilbao is 2,396 km on the shipped city
		// data (54.6833, 25.3167 and 43.2627, -2.9253): band 2,000–2,999 km,
		// EUR 395 standard travel.
		pick("erasmus-2024")
		wantStatus(t, sc.a.request(t, "GET", grants, nil, nil, sc.organiser), http.StatusOK,
			"Vilnius → Bilbao 2,396 km, band 2,000–2,999 km: EUR 395", "Computed under Erasmus&#43; 2024")
		organisaES, esCookie := sc.person(t, sc.host, "Olaia Organizadora", "es")
		must(t, db.AddConsortiumMember(ctx, mission.ConsortiumMember{ConsortiumID: sc.cons.ID, PersonID: organisaES.ID,
			Role: mission.ConsortiumOrganiser, CreatedAt: testNow}))
		wantStatus(t, sc.a.request(t, "GET", grants, nil, nil, esCookie), http.StatusOK, "Vilnius → Bilbao 2.396 km, tramo 2,000–2,999 km: 395 €")

		commit := func(a *mission.Application, extra url.Values) *httptest.ResponseRecorder {
			t.Helper()
			form := url.Values{"application": {fmt.Sprint(a.ID)}, "partner": {fmt.Sprint(partner)}}
			for k, v := range extra {
				form[k] = v
			}
			return sc.a.request(t, "POST", grants, form, nil, sc.organiser)
		}
		// A distance without a reason is refused, and nothing is committed.
		wantStatus(t, commit(va, url.Values{"override_km": {"1900"}}), http.StatusBadRequest, "Say why the distance is overridden.")
		wantStatus(t, commit(va, nil), http.StatusSeeOther)
		g, err := db.MissionGrants(ctx, m.ID)
		must(t, err)
		vg := g[va.ID]
		if len(g) != 1 || vg == nil || vg.AmountCents != 39500 || vg.DistanceKM != 2396 || vg.Status != mission.GrantCommitted ||
			vg.RuleSetID != "erasmus-2024" || vg.RuleSetVersion != 1 || vg.VisitorLat == nil || *vg.VisitorLat != 54.6833333 || vg.HostLon == nil || *vg.HostLon != -2.9252815 {
			t.Fatalf("got %d grants, the first %+v, want one of EUR 395 for 2,396 km under erasmus-2024 v1 with Vilnius's coordinates", len(g), vg)
		}

		// The override needs a reason; with one, 1,900 km falls in band
		// 500–1,999 km (EUR 309) and the audit log says who, what and why.
		override := fmt.Sprintf("/grants/%d/override", vg.ID)
		wantStatus(t, sc.a.request(t, "POST", override, url.Values{"override_km": {"1900"}, "reason": {" "}}, nil, sc.organiser),
			http.StatusBadRequest, "Say why the distance is overridden.")
		log, err := db.AuditLog(ctx, mission.AuditFilter{Action: mission.AuditGrantOverride})
		must(t, err)
		if len(log) != 0 {
			t.Fatalf("got %d override entries before any override, want 0", len(log))
		}
		wantStatus(t, sc.a.request(t, "POST", override, url.Values{"override_km": {"1900"}, "reason": {"She flies from Kaunas."}}, nil, sc.organiser),
			http.StatusSeeOther)
		wantStatus(t, sc.a.request(t, "GET", grants, nil, nil, sc.organiser), http.StatusOK,
			"Vilnius → Bilbao 1,900 km, band 500–1,999 km: EUR 309", "1,900 km instead of 2,396 km, because: She flies from Kaunas.", "committed")
		log, err = db.AuditLog(ctx, mission.AuditFilter{Action: mission.AuditGrantOverride})
		must(t, err)
		if len(log) != 1 || log[0].TargetID != vg.ID || log[0].AccountEmail != "olga.organiser@example.org" ||
			!strings.Contains(log[0].Detail, "1900 km instead of 2396 km, EUR 309.00 instead of EUR 395.00: She flies from Kaunas.") {
			t.Errorf("got override log %+v, want one entry by Olga with the figures and the reason", log)
		}

		// ClusterXchange: 5 working days but 119 km apart, so the EUR 1,100
		// cap is halved once: EUR 550.
		pick("clusterxchange-2022-24")
		wantStatus(t, sc.a.request(t, "GET", grants, nil, nil, sc.organiser), http.StatusOK,
			"Bayonne → Bilbao 119 km, 5 working days; cap for the host country EUR 1,100", "less than 200 km apart): EUR 550")
		wantStatus(t, commit(ba, nil), http.StatusSeeOther)
		wantStatus(t, commit(ba, nil), http.StatusConflict, "has a grant already")

		// Per-day allowance: arrival Sunday to departure Saturday is 7 days
		// at Spain's EUR 110 = EUR 770, more than the EUR 141 left.
		m2 := &mission.Mission{Title: "Per-day mission", ConsortiumID: sc.cons.ID, HostOrganisationID: sc.host.ID, HostCity: "Bilbao",
			HostCountry: "ES", StartsOn: day(6, 15), EndsOn: day(6, 19), ArrivalOn: day(6, 14), DepartureOn: day(6, 20),
			TimeZone: "Europe/Madrid", Status: mission.StatusConfirmed, Published: true}
		must(t, db.CreateMission(ctx, m2))
		pa := sc.confirmedIn(t, m2, vilnius, "Paulius Per-Day")
		grants = fmt.Sprintf("/missions/%d/grants", m2.ID)
		pick("erasmus-staff-per-day")
		wantStatus(t, sc.a.request(t, "GET", grants, nil, nil, sc.organiser), http.StatusOK, "7 days × EUR 110: EUR 770")
		wantStatus(t, commit(pa, nil), http.StatusConflict, "Lyon Cluster&#39;s travel budget has EUR 141.00 left")

		// The budget page: per partner and per mission.
		budget := fmt.Sprintf("/consortia/%d/budget", sc.cons.ID)
		w := sc.a.request(t, "GET", budget, nil, nil, sc.organiser)
		wantStatus(t, w, http.StatusOK, "Lyon Cluster", "EUR 1,000", "EUR 859", "EUR 141", m.Title)
		if strings.Contains(w.Body.String(), m2.Title) {
			t.Errorf("budget page lists %s, which has no grant", m2.Title)
		}
		_, outsider := sc.person(t, vilnius, "Nosy Neighbour", "")
		wantStatus(t, sc.a.request(t, "GET", budget, nil, nil, outsider), http.StatusNotFound)
		wantStatus(t, sc.a.request(t, "GET", grants, nil, nil, outsider), http.StatusForbidden)
	})
}

// TestGrantRuleSetEdit saves a new version of a grant rule set through the
// admin editor: invalid JSON is refused with the field named, a valid edit
// becomes the next version and the mission following the latest version
// computes with it.
func TestGrantRuleSetEdit(t *testing.T) {
	eachCallScene(t, func(t *testing.T, sc *callScene) {
		ctx := t.Context()
		w := sc.a.request(t, "GET", "/admin/grant-rule-sets", nil, nil, sc.admin)
		wantStatus(t, w, http.StatusOK, "erasmus-2024", "clusterxchange-2022-24", "erasmus-staff-per-day", "distance bands")
		d, err := sc.a.db.GrantRuleSet(ctx, "erasmus-2024", 0)
		must(t, err)
		wantStatus(t, sc.a.request(t, "POST", "/admin/grant-rule-sets/erasmus-2024", url.Values{"json": {strings.Replace(d.JSON, `"EUR"`, `"euro"`, 1)},
			"version": {"1"}}, nil, sc.admin), http.StatusUnprocessableEntity, "currency")
		edited := strings.Replace(d.JSON, "39500", "40000", 1)
		if edited == d.JSON {
			t.Fatal("the default has no 39500 to edit")
		}
		wantStatus(t, sc.a.request(t, "POST", "/admin/grant-rule-sets/erasmus-2024", url.Values{"json": {edited}, "version": {"1"}}, nil, sc.organiser),
			http.StatusForbidden)
		wantStatus(t, sc.a.request(t, "POST", "/admin/grant-rule-sets/erasmus-2024", url.Values{"json": {edited}, "version": {"1"}}, nil, sc.admin),
			http.StatusSeeOther)
		wantStatus(t, sc.a.request(t, "POST", "/admin/grant-rule-sets/erasmus-2024", url.Values{"json": {edited}, "version": {"1"}}, nil, sc.admin),
			http.StatusUnprocessableEntity, "saved version 2 meanwhile")
		latest, err := sc.a.db.GrantRuleSet(ctx, "erasmus-2024", 0)
		must(t, err)
		if latest.Version != 2 || !strings.Contains(latest.JSON, "40000") || latest.Kind != "distance_band" {
			t.Errorf("got version %d kind %s, want version 2 of kind distance_band with the new amount", latest.Version, latest.Kind)
		}
		m := sc.mission(t, sc.host, day(6, 15), day(6, 19))
		vilnius := &mission.Organisation{Name: "Vilnius Cluster", Kind: mission.KindCluster, Country: "LT", City: "Vilnius"}
		must(t, sc.a.db.CreateOrganisation(ctx, vilnius))
		sc.confirmedIn(t, m, vilnius, "Vida Vilnius")
		grants := fmt.Sprintf("/missions/%d/grants", m.ID)
		wantStatus(t, sc.a.request(t, "POST", grants+"/rule-set", url.Values{"rule_set": {"erasmus-2024"}}, nil, sc.organiser), http.StatusSeeOther)
		wantStatus(t, sc.a.request(t, "GET", grants, nil, nil, sc.organiser), http.StatusOK, "band 2,000–2,999 km: EUR 400", "version 2")
	})
}
