package web

import (
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"caravan/internal/auth"
	"caravan/internal/mission"
	"caravan/internal/testdb"
)

// callScene is a consortium ("TESTX", 2026) whose organiser runs calls on
// missions hosted by a Spanish cluster, on an empty database of either
// backend (no demo), with an admin and the organiser signed in.
type callScene struct {
	a         *accountsServer
	cons      *mission.Consortium
	host      *mission.Organisation
	organiser *http.Cookie
	admin     *http.Cookie
	n         int
}

// eachCallScene runs fn on a fresh scene per backend: SQLite always,
// PostgreSQL when CARAVAN_TEST_POSTGRES is set.
func eachCallScene(t *testing.T, fn func(t *testing.T, sc *callScene)) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		fn(t, newCallScene(t, dsn))
	})
}

func newCallScene(t *testing.T, dsn string) *callScene {
	t.Helper()
	db := testdb.Open(t, dsn)
	s, err := New(db, nil)
	must(t, err)
	c := &testClock{t: testNow}
	s.now = c.now
	a := &accountsServer{Server: s, db: db, clock: c, ip: "192.0.2.10"}
	a.resetLimits()
	ctx := t.Context()
	host := &mission.Organisation{Name: "Bilbao Cluster", Kind: mission.KindCluster, Country: "ES", City: "Bilbao"}
	must(t, a.db.CreateOrganisation(ctx, host))
	fr := &mission.Organisation{Name: "Lyon Cluster", Kind: mission.KindCluster, Country: "FR", City: "Lyon"}
	must(t, a.db.CreateOrganisation(ctx, fr))
	cons := &mission.Consortium{Name: "Test Exchange", Acronym: "TESTX", StartsOn: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		EndsOn: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), Partners: []mission.Partner{{OrganisationID: fr.ID}}}
	must(t, a.db.CreateConsortium(ctx, cons))
	sc := &callScene{a: a, cons: cons, host: host}
	olga, cookie := sc.person(t, host, "Olga Organiser", "")
	must(t, a.db.AddConsortiumMember(ctx, mission.ConsortiumMember{ConsortiumID: cons.ID, PersonID: olga.ID, Role: mission.ConsortiumOrganiser, CreatedAt: testNow}))
	sc.organiser = cookie
	_, sc.admin = sc.account(t, host, "Ada Admin", "", true)
	return sc
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// person makes a person of org with an account in lang and returns it
// with a session cookie.
func (sc *callScene) person(t *testing.T, org *mission.Organisation, name, lang string) (*mission.Person, *http.Cookie) {
	t.Helper()
	return sc.account(t, org, name, lang, false)
}

// account is person, for an admin when admin is true.
func (sc *callScene) account(t *testing.T, org *mission.Organisation, name, lang string, admin bool) (*mission.Person, *http.Cookie) {
	t.Helper()
	ctx := t.Context()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.org"
	p := &mission.Person{OrganisationID: org.ID, Name: name, Email: email}
	must(t, sc.a.db.CreatePerson(ctx, p))
	acc := &mission.Account{PersonID: p.ID, Email: email, PasswordHash: "$argon2id$fake", EmailVerifiedAt: testNow, Language: lang, IsAdmin: admin}
	must(t, sc.a.db.CreateAccount(ctx, acc))
	token, hash := auth.NewToken()
	must(t, sc.a.db.CreateSession(ctx, &mission.Session{TokenHash: hex.EncodeToString(hash), AccountID: acc.ID,
		CreatedAt: testNow, ExpiresAt: testNow.Add(auth.PurposeSession.TTL())}))
	return p, &http.Cookie{Name: sessionCookie, Value: token}
}

// org makes an organisation; members lists clusters it belongs to.
func (sc *callScene) org(t *testing.T, name, kind, country string, members ...int64) *mission.Organisation {
	t.Helper()
	o := &mission.Organisation{Name: name, Kind: kind, Country: country, City: "X", ClusterIDs: members}
	must(t, sc.a.db.CreateOrganisation(t.Context(), o))
	return o
}

// mission makes a published mission of the consortium with its call open,
// hosted by host, from first to last (working days).
func (sc *callScene) mission(t *testing.T, host *mission.Organisation, first, last time.Time) *mission.Mission {
	t.Helper()
	sc.n++
	m := &mission.Mission{Title: fmt.Sprintf("Mission %d", sc.n), ConsortiumID: sc.cons.ID, HostOrganisationID: host.ID,
		HostCity: "Bilbao", HostCountry: host.Country, StartsOn: first, EndsOn: last, TimeZone: "Europe/Madrid",
		Status: mission.StatusCallOpen, Published: true, CallOpensOn: testNow.AddDate(0, 0, -3), CallClosesOn: testNow.AddDate(0, 0, 30)}
	must(t, sc.a.db.CreateMission(t.Context(), m))
	return m
}

// apply submits an application through the form and returns the
// applicant's applications page.
func (sc *callScene) apply(t *testing.T, m *mission.Mission, cookie *http.Cookie) string {
	t.Helper()
	path := fmt.Sprintf("/missions/%d/apply", m.ID)
	w := sc.a.request(t, "POST", path, url.Values{"motivation": {"Partners"}, "action": {"submit"}}, nil, cookie)
	wantStatus(t, w, http.StatusSeeOther)
	w = sc.a.request(t, "GET", "/me/applications", nil, nil, cookie)
	wantStatus(t, w, http.StatusOK)
	return w.Body.String()
}

// day returns midnight UTC of a 2026 day.
func day(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }

// TestEligibilityRulesThroughTheProduct submits an application that breaks
// one rule at a time and checks the applicant reads why, in English and in
// Spanish, and the application's status.
func TestEligibilityRulesThroughTheProduct(t *testing.T) {
	eachCallScene(t, func(t *testing.T, sc *callScene) {
		mon, wed := day(6, 15), day(6, 17) // Monday to Wednesday: 3 working days
		cluster := func(name, country string) *mission.Organisation {
			return sc.org(t, name, mission.KindCluster, country)
		}
		fr := cluster("Paris Cluster", "FR")
		smeHost := sc.org(t, "Unlinked Host SME", mission.KindSME, "ES")
		ukHost := cluster("London Cluster", "GB")
		earlier := sc.mission(t, sc.host, mon, wed)
		onceOrg := cluster("Been Before", "IT")
		tests := []struct {
			name    string
			visitor *mission.Organisation
			m       *mission.Mission
			lang    string
			want    string
		}{
			{"eligible", fr, sc.mission(t, sc.host, mon, wed), "", "Meets the eligibility rules of clusterxchange-2022-24 (version 1)."},
			{"visitor kind", sc.org(t, "Big Corp", mission.KindLargeCompany, "DE"), sc.mission(t, sc.host, mon, wed), "",
				"Big Corp is a large company; ClusterXchange does not accept large companies as visitors."},
			{"visitor membership", sc.org(t, "Lone SME", mission.KindSME, "DE"), sc.mission(t, sc.host, mon, wed), "",
				"Lone SME is an SME but not a member of a cluster organisation; ClusterXchange accepts SMEs only as members of a cluster."},
			{"visitor membership in Spanish", sc.org(t, "Pyme Sola", mission.KindSME, "DE"), sc.mission(t, sc.host, mon, wed), "es",
				"Pyme Sola es una pyme pero no es miembro de una organización clúster; ClusterXchange solo admite pymes que sean miembros de un clúster."},
			{"visitor country", cluster("Leeds Cluster", "GB"), sc.mission(t, sc.host, mon, wed), "",
				"Your organisation is registered in United Kingdom, which does not take part in COSME"},
			{"host membership", fr, sc.mission(t, smeHost, mon, wed), "",
				"The host, Unlinked Host SME, is an SME but not a member of a cluster organisation"},
			{"host country", fr, sc.mission(t, ukHost, mon, wed), "",
				"The host, London Cluster, is registered in United Kingdom, which does not take part in COSME"},
			{"same country", cluster("Madrid Cluster", "ES"), sc.mission(t, sc.host, mon, wed), "",
				"Your organisation is registered in Spain, the host country; ClusterXchange requires travel to another country."},
			{"same country in Spanish", cluster("Sevilla Cluster", "ES"), sc.mission(t, sc.host, mon, wed), "es",
				"Su organización está registrada en España, el país anfitrión; ClusterXchange exige viajar a otro país."},
			{"once only", onceOrg, sc.mission(t, sc.host, mon, wed), "",
				"Been Before has already taken part in a ClusterXchange exchange (" + earlier.Title + ", application accepted)"},
			{"too short", fr, sc.mission(t, sc.host, day(6, 15), day(6, 16)), "",
				"The stay has 2 working days; ClusterXchange requires at least 3 (travel days not counted)."},
			{"too long", fr, sc.mission(t, sc.host, day(6, 1), day(7, 10)), "",
				"ClusterXchange allows at most 1 month."},
			{"outside the consortium", fr, sc.mission(t, sc.host, time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 6, 0, 0, 0, 0, time.UTC)), "",
				"The stay (4 January 2027 to 6 January 2027) is outside the TESTX period, 1 January 2026 to 31 December 2026"},
			{"outside the consortium in Spanish", cluster("Lille Cluster", "FR"), sc.mission(t, sc.host, time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 6, 0, 0, 0, 0, time.UTC)), "es",
				"queda fuera del periodo de TESTX, del 1 de enero de 2026 al 31 de diciembre de 2026"},
		}
		// The once-only organisation was accepted on an earlier mission.
		been, beenCookie := sc.person(t, onceOrg, "Bea Before", "")
		sc.apply(t, earlier, beenCookie)
		list, err := sc.a.db.Applications(t.Context(), mission.ApplicationFilter{MissionID: earlier.ID, PersonID: been.ID})
		must(t, err)
		_, err = sc.a.db.TransitionApplication(t.Context(), list[0].ID, mission.AppAccepted, 0, "", testNow)
		must(t, err)

		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, cookie := sc.person(t, tt.visitor, fmt.Sprintf("Applicant %d", i), tt.lang)
				page := sc.apply(t, tt.m, cookie)
				if !strings.Contains(page, tt.want) {
					t.Fatalf("applications page lacks %q:\n%s", tt.want, excerpt(page, "application-"))
				}
				status := mission.AppIneligible
				if tt.name == "eligible" {
					status = mission.AppEligible
				}
				apps, err := sc.a.db.Applications(t.Context(), mission.ApplicationFilter{MissionID: tt.m.ID})
				must(t, err)
				if len(apps) != 1 || apps[0].Status != status || apps[0].Eligibility.RuleSetVersion != 1 {
					t.Errorf("got %+v, want one application %s under version 1", apps, status)
				}
			})
		}
	})
}

// excerpt returns the part of a page from the first occurrence of marker.
func excerpt(page, marker string) string {
	if i := strings.Index(page, marker); i >= 0 {
		page = page[i:]
	}
	if len(page) > 1500 {
		page = page[:1500]
	}
	return page
}

// TestRuleSetEditRechecks edits the default rule set as the admin (France
// leaves the country list) and checks that the open application from
// France turns ineligible with the reason, under version 2.
func TestRuleSetEditRechecks(t *testing.T) {
	eachCallScene(t, func(t *testing.T, sc *callScene) {
		m := sc.mission(t, sc.host, day(6, 15), day(6, 17))
		fr := sc.org(t, "Nantes Cluster", mission.KindCluster, "FR")
		_, cookie := sc.person(t, fr, "Nina Nantes", "")
		if page := sc.apply(t, m, cookie); !strings.Contains(page, "Meets the eligibility rules") {
			t.Fatalf("want eligible first: %s", excerpt(page, "application-"))
		}
		admin := sc.admin
		w := sc.a.request(t, "GET", "/admin/rule-sets/"+mission.DefaultRuleSetID, nil, nil, admin)
		wantStatus(t, w, http.StatusOK, "&#34;programme&#34;: &#34;COSME&#34;")
		d, err := sc.a.db.RuleSet(t.Context(), mission.RuleSetEligibility, mission.DefaultRuleSetID, 0)
		must(t, err)
		edited := strings.Replace(d.JSON, `"FR",`, "", 1)
		// Invalid JSON and an unknown country are refused with the field named.
		w = sc.a.request(t, "POST", "/admin/rule-sets/"+mission.DefaultRuleSetID, url.Values{"json": {strings.Replace(d.JSON, `"FR"`, `"ZZ"`, 1)}, "version": {"1"}}, nil, admin)
		wantStatus(t, w, http.StatusUnprocessableEntity, "countries.codes[9]: unknown country code")
		// A stale version is refused.
		w = sc.a.request(t, "POST", "/admin/rule-sets/"+mission.DefaultRuleSetID, url.Values{"json": {edited}, "version": {"0"}}, nil, admin)
		wantStatus(t, w, http.StatusUnprocessableEntity, "saved version 1 meanwhile")
		w = sc.a.request(t, "POST", "/admin/rule-sets/"+mission.DefaultRuleSetID, url.Values{"json": {edited}, "version": {"1"}}, nil, admin)
		wantStatus(t, w, http.StatusSeeOther)
		if loc := w.Header().Get("Location"); !strings.Contains(loc, "checked=") || strings.Contains(loc, "checked=0") {
			t.Errorf("got Location %q, want some applications checked again", loc)
		}
		page := sc.a.request(t, "GET", "/me/applications", nil, nil, cookie).Body.String()
		for _, want := range []string{"Not eligible under clusterxchange-2022-24 (version 2)", "registered in France, which does not take part in COSME"} {
			if !strings.Contains(page, want) {
				t.Errorf("applications page lacks %q: %s", want, excerpt(page, "application-"))
			}
		}
		// Not for organisers.
		w = sc.a.request(t, "POST", "/admin/rule-sets/"+mission.DefaultRuleSetID, url.Values{"json": {edited}, "version": {"2"}}, nil, sc.organiser)
		wantStatus(t, w, http.StatusForbidden)
	})
}

// TestSelectionScenario runs a call: questions and quotas set by the
// organiser, drafts, submissions, acceptance up to the quota, a refused
// acceptance, a rejection that needs a reason, a withdrawal that promotes
// the waiting list, and the e-mails of every step.
func TestSelectionScenario(t *testing.T) {
	eachCallScene(t, func(t *testing.T, sc *callScene) {
		ctx := t.Context()
		m := sc.mission(t, sc.host, day(6, 15), day(6, 17))
		base := fmt.Sprintf("/missions/%d", m.ID)
		partner := sc.cons.Partners[0]

		// The organiser sets a question, a criterion, one place for the French partner.
		form := url.Values{"rule_set": {mission.DefaultRuleSetID}, "rule_set_version": {"0"}, "capacity": {"3"},
			"call_opens_on": {"2026-03-01"}, "call_closes_on": {"2026-04-30"}, fmt.Sprintf("quota.%d", partner.ID): {"1"},
			"q0.id": {"sector"}, "q0.kind": {"choice"}, "q0.label": {"Your sector"}, "q0.options": {"ICT; Health"}, "q0.required": {"on"},
			"k0.id": {"fit"}, "k0.name": {"Fit with the themes"}, "k0.weight": {"2"}}
		w := sc.a.request(t, "POST", base+"/call", form, nil, sc.organiser)
		wantStatus(t, w, http.StatusSeeOther)
		bad := url.Values{"rule_set": {mission.DefaultRuleSetID}, "call_opens_on": {"2026-05-01"}, "call_closes_on": {"2026-04-01"}}
		wantStatus(t, sc.a.request(t, "POST", base+"/call", bad, nil, sc.organiser), http.StatusUnprocessableEntity, "field-error")
		wantStatus(t, sc.a.request(t, "GET", base+"/call", nil, nil, sc.organiser), http.StatusOK, "Your sector", "Fit with the themes")

		// Members of the French partner apply; the required question is asked.
		lyon, err := sc.a.db.Organisation(ctx, partner.OrganisationID)
		must(t, err)
		member := func(name string) *mission.Organisation {
			return sc.org(t, name, mission.KindSME, "FR", lyon.ID)
		}
		cookies := map[string]*http.Cookie{}
		for _, name := range []string{"Anne", "Bruno", "Chloe"} {
			_, cookies[name] = sc.person(t, member(name+" SAS"), name, "")
			w := sc.a.request(t, "POST", base+"/apply", url.Values{"motivation": {"Partners"}, "action": {"submit"}}, nil, cookies[name])
			wantStatus(t, w, http.StatusUnprocessableEntity, "Please answer this question")
			w = sc.a.request(t, "POST", base+"/apply", url.Values{"motivation": {"Draft of " + name}, "answer.sector": {"ICT"}, "action": {"save"}}, nil, cookies[name])
			wantStatus(t, w, http.StatusSeeOther)
			wantStatus(t, sc.a.request(t, "GET", base+"/apply", nil, nil, cookies[name]), http.StatusOK, "Draft of "+name)
			w = sc.a.request(t, "POST", base+"/apply", url.Values{"motivation": {"Partners"}, "answer.sector": {"ICT"}, "action": {"submit"}}, nil, cookies[name])
			wantStatus(t, w, http.StatusSeeOther)
		}
		apps, err := sc.a.db.Applications(ctx, mission.ApplicationFilter{MissionID: m.ID})
		must(t, err)
		ids := map[string]string{}
		for _, a := range apps {
			if a.Status != mission.AppEligible || a.PartnerID != partner.ID || a.Answers["sector"] != "ICT" {
				t.Fatalf("got %+v, want eligible, counted toward the French partner, with its answer", a)
			}
			ids[a.Person.Name] = fmt.Sprint(a.ID)
		}

		// Scores, then the table sorted by score.
		w = sc.a.request(t, "POST", "/applications/"+ids["Chloe"]+"/score", url.Values{"score.fit": {"9"}, "partner": {fmt.Sprint(partner.ID)}}, nil, sc.organiser)
		wantStatus(t, w, http.StatusSeeOther)
		wantStatus(t, sc.a.request(t, "POST", "/applications/"+ids["Anne"]+"/score", url.Values{"score.fit": {"11"}}, nil, sc.organiser), http.StatusBadRequest, "from 0 to 10")
		w = sc.a.request(t, "GET", base+"/applications?sort=score&country=FR", nil, nil, sc.organiser)
		wantStatus(t, w, http.StatusOK, "Fit with the themes", "18")
		if body := w.Body.String(); strings.Index(body, "Chloe SAS") > strings.Index(body, "Anne SAS") {
			t.Error("sorted by score, Chloe (18) should come before Anne (0)")
		}
		wantStatus(t, sc.a.request(t, "GET", base+"/applications", nil, nil, cookies["Anne"]), http.StatusForbidden)

		decide := func(to, reason string, who ...string) *httptest.ResponseRecorder {
			f := url.Values{"to": {to}, "reason": {reason}}
			for _, n := range who {
				f.Add("id", ids[n])
			}
			return sc.a.request(t, "POST", base+"/applications", f, nil, sc.organiser)
		}
		wantStatus(t, decide(mission.AppAccepted, "Best fit", "Chloe"), http.StatusSeeOther)
		// The partner's one place is taken: Anne cannot be accepted, Bruno waits.
		wantStatus(t, decide(mission.AppAccepted, "", "Anne"), http.StatusConflict, "The partner&#39;s quota is full.")
		wantStatus(t, decide(mission.AppWaitlisted, "Next in line", "Anne", "Bruno"), http.StatusSeeOther)
		wantStatus(t, decide(mission.AppRejected, "", "Bruno"), http.StatusUnprocessableEntity, "Give a reason for a rejection.")

		// Chloe withdraws: the best waitlisted (Anne, submitted first) takes her place.
		w = sc.a.request(t, "POST", "/applications/"+ids["Chloe"]+"/withdraw", url.Values{"reason": {"Cannot travel"}}, nil, cookies["Chloe"])
		wantStatus(t, w, http.StatusSeeOther)
		wantStatus(t, sc.a.request(t, "POST", "/applications/"+ids["Anne"]+"/withdraw", nil, nil, cookies["Chloe"]), http.StatusNotFound)
		for name, want := range map[string]string{"Anne": mission.AppAccepted, "Bruno": mission.AppWaitlisted, "Chloe": mission.AppWithdrawn} {
			id := parseInt(t, ids[name])
			a, err := sc.a.db.Application(ctx, id)
			must(t, err)
			if a.Status != want {
				t.Errorf("%s: got %s, want %s", name, a.Status, want)
			}
		}
		trs, err := sc.a.db.ApplicationTransitions(ctx, parseInt(t, ids["Anne"]))
		must(t, err)
		var steps []string
		for _, tr := range trs {
			steps = append(steps, fmt.Sprintf("%s→%s by %d (%s)", tr.From, tr.To, tr.ByPersonID, tr.Reason))
		}
		if got := strings.Join(steps, "; "); !strings.Contains(got, "eligible→waitlisted") || !strings.Contains(got, "waitlisted→accepted by 0 (A place became free") {
			t.Errorf("got transitions %s, want the waiting list and the system's promotion", got)
		}

		// Anne confirms her place; Bruno, still waiting, cannot; nobody scores their own.
		wantStatus(t, sc.a.request(t, "POST", "/applications/"+ids["Anne"]+"/confirm", nil, nil, cookies["Anne"]), http.StatusSeeOther)
		wantStatus(t, sc.a.request(t, "POST", "/applications/"+ids["Bruno"]+"/confirm", nil, nil, cookies["Bruno"]), http.StatusConflict,
			"Only an accepted application can be confirmed.")
		wantStatus(t, sc.a.request(t, "POST", "/applications/"+ids["Bruno"]+"/score", url.Values{"score.fit": {"10"}}, nil, cookies["Bruno"]), http.StatusForbidden)
		anne, err := sc.a.db.Application(ctx, parseInt(t, ids["Anne"]))
		if err != nil || anne.Status != mission.AppConfirmed {
			t.Fatalf("got %+v %v, want Anne confirmed", anne, err)
		}
		members, err := sc.a.db.MissionMembers(ctx, m.ID, mission.RoleParticipant)
		must(t, err)
		if len(members) != 1 || members[0].PersonID != anne.PersonID {
			t.Errorf("got participants %+v, want Anne alone", members)
		}

		// Every transition reached its applicant through the outbox.
		mails, err := sc.a.db.Emails(ctx, mission.EmailFilter{Limit: 1000})
		must(t, err)
		subjects := map[string]int{}
		for _, e := range mails {
			if strings.Contains(e.Subject, m.Title) {
				subjects[e.ToAddress+" "+e.Subject]++
			}
		}
		for _, want := range []string{
			"anne@example.org Your application to " + m.Title + ": submitted",
			"anne@example.org Your application to " + m.Title + ": eligible",
			"anne@example.org Your application to " + m.Title + ": on the waiting list",
			"anne@example.org Your application to " + m.Title + ": accepted",
			"anne@example.org Your application to " + m.Title + ": confirmed",
			"chloe@example.org Your application to " + m.Title + ": withdrawn",
			"bruno@example.org Your application to " + m.Title + ": on the waiting list",
		} {
			if subjects[want] != 1 {
				t.Errorf("got %d e-mails %q, want 1 (all: %v)", subjects[want], want, subjects)
			}
		}
	})
}

func parseInt(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	must(t, err)
	return n
}

// TestProfileChangeRechecks: an SME outside any cluster is not eligible;
// once its people say in its profile that it is a cluster organisation,
// its open application is checked again and becomes eligible.
func TestProfileChangeRechecks(t *testing.T) {
	eachCallScene(t, func(t *testing.T, sc *callScene) {
		m := sc.mission(t, sc.host, day(6, 15), day(6, 17))
		sme := sc.org(t, "Kiel Robotics", mission.KindSME, "DE")
		_, cookie := sc.person(t, sme, "Kai Kiel", "")
		if page := sc.apply(t, m, cookie); !strings.Contains(page, "Kiel Robotics is an SME but not a member of a cluster organisation") {
			t.Fatalf("want ineligible first: %s", excerpt(page, "application-"))
		}
		w := sc.a.request(t, "POST", "/me/organisation", url.Values{"name": {"Kiel Robotics"}, "kind": {mission.KindCluster}, "city": {"Kiel"}}, nil, cookie)
		wantStatus(t, w, http.StatusSeeOther)
		page := sc.a.request(t, "GET", "/me/applications", nil, nil, cookie).Body.String()
		if !strings.Contains(page, "Meets the eligibility rules") || strings.Contains(page, "not a member") {
			t.Errorf("want eligible after the profile change: %s", excerpt(page, "application-"))
		}
	})
}

// TestMissionChangeRechecks: shortening the mission to two working days
// makes its eligible application ineligible, with the reason.
func TestMissionChangeRechecks(t *testing.T) {
	eachCallScene(t, func(t *testing.T, sc *callScene) {
		m := sc.mission(t, sc.host, day(6, 15), day(6, 17))
		_, cookie := sc.person(t, sc.org(t, "Gent Cluster", mission.KindCluster, "BE"), "Greta Gent", "")
		if page := sc.apply(t, m, cookie); !strings.Contains(page, "Meets the eligibility rules") {
			t.Fatalf("want eligible first: %s", excerpt(page, "application-"))
		}
		form := url.Values{"title": {m.Title}, "status": {mission.StatusCallOpen}, "published": {"on"},
			"starts_on": {"2026-06-15"}, "ends_on": {"2026-06-16"}, "call_opens_on": {"2026-03-01"}, "call_closes_on": {"2026-04-30"}}
		wantStatus(t, sc.a.request(t, "POST", fmt.Sprintf("/missions/%d", m.ID), form, nil, sc.organiser), http.StatusSeeOther)
		page := sc.a.request(t, "GET", "/me/applications", nil, nil, cookie).Body.String()
		if !strings.Contains(page, "The stay has 2 working days; ClusterXchange requires at least 3") {
			t.Errorf("want ineligible after the change: %s", excerpt(page, "application-"))
		}
	})
}
