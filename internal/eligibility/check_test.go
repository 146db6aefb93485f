package eligibility

import (
	"strings"
	"testing"
	"time"
)

func date(s string) time.Time {
	d, err := time.Parse(DateLayout, s)
	if err != nil {
		panic(err)
	}
	return d
}

func clusterXchange(t *testing.T) RuleSet {
	t.Helper()
	sets, err := Defaults()
	if err != nil {
		t.Fatalf("Defaults: %v", err)
	}
	rs, ok := Select(sets, "clusterxchange-2022-24", date("2023-05-08"))
	if !ok {
		t.Fatal("no clusterxchange-2022-24 rule set for May 2023")
	}
	return rs
}

// eligible returns an application that passes every ClusterXchange rule:
// a Saxon cluster visiting GAIA in Bilbao, Monday 8 to Wednesday 10 May
// 2023, within EXCITE's period.
func eligible() Applicant {
	return Applicant{
		MissionID:       7,
		Visitor:         Organisation{Name: "Silicon Saxony", Kind: KindCluster, Country: "DE"},
		Host:            Organisation{Name: "GAIA", Kind: KindCluster, Country: "ES"},
		FirstWorkingDay: date("2023-05-08"),
		LastWorkingDay:  date("2023-05-10"),
		Consortium:      Period{Name: "EXCITE", StartsOn: date("2022-02-01"), EndsOn: date("2024-01-31")},
	}
}

func TestCheckPasses(t *testing.T) {
	rs := clusterXchange(t)
	for _, tc := range []struct {
		name   string
		change func(*Applicant)
	}{
		{"cluster visits cluster", func(*Applicant) {}},
		{"member SME visits", func(a *Applicant) {
			a.Visitor = Organisation{Name: "City & Me", Kind: KindSME, Country: "PL", ClusterMember: true}
		}},
		{"member support organisation visits", func(a *Applicant) {
			a.Visitor = Organisation{Name: "Tech Centre", Kind: KindSupportOrg, Country: "UA", ClusterMember: true}
		}},
		{"member large company hosts", func(a *Applicant) {
			a.Host = Organisation{Name: "Big Motors", Kind: KindLargeCompany, Country: "ES", ClusterMember: true}
		}},
		{"member public body hosts", func(a *Applicant) {
			a.Host = Organisation{Name: "City Hall", Kind: KindPublicBody, Country: "ES", ClusterMember: true}
		}},
		{"one month less a day", func(a *Applicant) { a.FirstWorkingDay, a.LastWorkingDay = date("2023-05-01"), date("2023-05-31") }},
		{"three days over a weekend", func(a *Applicant) { a.FirstWorkingDay, a.LastWorkingDay = date("2023-05-11"), date("2023-05-15") }},
		{"first and last day of the period", func(a *Applicant) {
			a.Consortium.StartsOn, a.Consortium.EndsOn = date("2023-05-08"), date("2023-05-10")
		}},
		{"period unknown", func(a *Applicant) { a.Consortium = Period{} }},
		{"earlier exchange rejected", func(a *Applicant) {
			a.PreviousExchanges = []PreviousExchange{{MissionID: 3, MissionTitle: "Lyon", Scheme: "clusterxchange", Status: "rejected"}}
		}},
		{"earlier exchange under another scheme", func(a *Applicant) {
			a.PreviousExchanges = []PreviousExchange{{MissionID: 3, MissionTitle: "Lyon", Scheme: "erasmus", Status: "accepted"}}
		}},
		{"this mission's own acceptance", func(a *Applicant) {
			a.PreviousExchanges = []PreviousExchange{{MissionID: 7, MissionTitle: "Basque Country", Scheme: "clusterxchange", Status: "confirmed"}}
		}},
	} {
		a := eligible()
		tc.change(&a)
		res := Check(rs, a)
		if !res.Passed || len(res.Failures) != 0 {
			t.Errorf("%s: got passed=%v, failures %v; want passed", tc.name, res.Passed, res.Failures)
		}
	}
}

func TestCheckFailures(t *testing.T) {
	rs := clusterXchange(t)
	for _, tc := range []struct {
		name     string
		change   func(*Applicant)
		rule     string
		template string
		message  string
	}{
		{"same country", func(a *Applicant) { a.Visitor.Country = "ES" }, RuleHostCountry, "host_country",
			"Your organisation is registered in Spain, the host country; ClusterXchange requires travel to another country."},
		{"SME not a cluster member", func(a *Applicant) { a.Visitor = Organisation{Name: "City & Me", Kind: KindSME, Country: "PL"} },
			RuleVisitorMembership, "visitor_membership",
			"City & Me is an SME but not a member of a cluster organisation; ClusterXchange accepts SMEs only as members of a cluster."},
		{"support organisation not a cluster member", func(a *Applicant) {
			a.Visitor = Organisation{Name: "Hub Nord", Kind: KindSupportOrg, Country: "DK"}
		}, RuleVisitorMembership, "visitor_membership",
			"Hub Nord is a support organisation but not a member of a cluster organisation; ClusterXchange accepts support organisations only as members of a cluster."},
		{"large company visits", func(a *Applicant) {
			a.Visitor = Organisation{Name: "Big Motors", Kind: KindLargeCompany, Country: "DE", ClusterMember: true}
		}, RuleVisitorKind, "visitor_kind",
			"Big Motors is a large company; ClusterXchange accepts as visitors only cluster organisations, and SMEs and support organisations that are members of a cluster."},
		{"host large company not a member", func(a *Applicant) {
			a.Host = Organisation{Name: "Big Motors", Kind: KindLargeCompany, Country: "ES"}
		}, RuleHostMembership, "host_membership",
			"The host, Big Motors, is a large company but not a member of a cluster organisation; ClusterXchange accepts large companies as hosts only when they are members of a cluster."},
		{"host of unknown kind", func(a *Applicant) { a.Host.Kind = "university" }, RuleHostKind, "host_kind",
			"The host, GAIA, is of unknown kind \"university\"; ClusterXchange accepts as hosts only cluster organisations, and SMEs, support organisations, large companies and public bodies that are members of a cluster."},
		{"visitor outside COSME", func(a *Applicant) { a.Visitor.Country = "CH" }, RuleVisitorCountry, "visitor_programme_country",
			"Your organisation is registered in Switzerland, which does not take part in COSME; ClusterXchange accepts only organisations based in a COSME country."},
		{"host outside COSME", func(a *Applicant) { a.Host.Country = "GB" }, RuleHostProgCountry, "host_programme_country",
			"The host, GAIA, is registered in United Kingdom, which does not take part in COSME; ClusterXchange accepts only hosts based in a COSME country."},
		{"visitor country not set", func(a *Applicant) { a.Visitor.Country = "" }, RuleVisitorCountry, "visitor_programme_country_missing",
			"The country where Silicon Saxony is registered is not set; ClusterXchange accepts only organisations based in a COSME country."},
		{"host country not set", func(a *Applicant) { a.Host.Country = "" }, RuleHostProgCountry, "host_programme_country_missing",
			"The country where the host, GAIA, is registered is not set; ClusterXchange accepts only hosts based in a COSME country."},
		{"visitor kind not set", func(a *Applicant) { a.Visitor.Kind = "" }, RuleVisitorKind, "visitor_kind",
			"Silicon Saxony is of no stated kind; ClusterXchange accepts as visitors only cluster organisations, and SMEs and support organisations that are members of a cluster."},
		{"visited before", func(a *Applicant) {
			a.PreviousExchanges = []PreviousExchange{
				{MissionID: 2, MissionTitle: "Lyon", Scheme: "clusterxchange", Status: "withdrawn"},
				{MissionID: 3, MissionTitle: "Smart cities in Tampere", Scheme: "clusterxchange", Status: "accepted"},
			}
		}, RuleOnceOnly, "once_only",
			"Silicon Saxony has already taken part in a ClusterXchange exchange (Smart cities in Tampere, application accepted); ClusterXchange allows each organisation one visit."},
		{"two working days", func(a *Applicant) { a.LastWorkingDay = date("2023-05-09") }, RuleMinWorkingDays, "min_working_days",
			"The stay has 2 working days; ClusterXchange requires at least 3 (travel days not counted)."},
		{"one working day", func(a *Applicant) { a.LastWorkingDay = date("2023-05-08") }, RuleMinWorkingDays, "min_working_days",
			"The stay has 1 working day; ClusterXchange requires at least 3 (travel days not counted)."},
		{"weekend does not count", func(a *Applicant) { a.FirstWorkingDay, a.LastWorkingDay = date("2023-05-12"), date("2023-05-15") },
			RuleMinWorkingDays, "min_working_days",
			"The stay has 2 working days; ClusterXchange requires at least 3 (travel days not counted)."},
		{"holiday does not count", func(a *Applicant) { a.Holidays = []time.Time{date("2023-05-09"), date("2023-12-25")} },
			RuleMinWorkingDays, "min_working_days",
			"The stay has 2 working days; ClusterXchange requires at least 3 (travel days not counted)."},
		{"longer than a month", func(a *Applicant) { a.FirstWorkingDay, a.LastWorkingDay = date("2023-05-01"), date("2023-06-01") },
			RuleMaxStay, "max_stay",
			"The stay runs from 1 May 2023 to 1 June 2023, 32 days; ClusterXchange allows at most 1 month."},
		{"after the consortium period", func(a *Applicant) { a.FirstWorkingDay, a.LastWorkingDay = date("2024-01-30"), date("2024-02-01") },
			RuleConsortiumPeriod, "consortium_period",
			"The stay (30 January 2024 to 1 February 2024) is outside the EXCITE period, 1 February 2022 to 31 January 2024; ClusterXchange exchanges must take place within it."},
		{"before the consortium period", func(a *Applicant) { a.FirstWorkingDay, a.LastWorkingDay = date("2022-01-31"), date("2022-02-02") },
			RuleConsortiumPeriod, "consortium_period",
			"The stay (31 January 2022 to 2 February 2022) is outside the EXCITE period, 1 February 2022 to 31 January 2024; ClusterXchange exchanges must take place within it."},
		{"dates missing", func(a *Applicant) { a.LastWorkingDay = time.Time{} }, RuleStayDates, "stay_dates_missing",
			"The first and last working days of the stay are not set yet; they are needed to check its length."},
		{"dates reversed", func(a *Applicant) { a.FirstWorkingDay, a.LastWorkingDay = date("2023-05-10"), date("2023-05-08") },
			RuleStayDates, "stay_dates_order",
			"The last working day of the stay (8 May 2023) is before the first (10 May 2023)."},
	} {
		a := eligible()
		tc.change(&a)
		res := Check(rs, a)
		if res.Passed || len(res.Failures) != 1 {
			t.Errorf("%s: got passed=%v with %d failures %v; want exactly one failure", tc.name, res.Passed, len(res.Failures), res.Failures)
			continue
		}
		f := res.Failures[0]
		if f.Rule != tc.rule || f.Template != tc.template || f.Message != tc.message {
			t.Errorf("%s:\n got %s/%s %q\nwant %s/%s %q", tc.name, f.Rule, f.Template, f.Message, tc.rule, tc.template, tc.message)
		}
		if f.Params["scheme"] != "ClusterXchange" {
			t.Errorf("%s: params lack the scheme: %v", tc.name, f.Params)
		}
	}
}

func TestCheckReportsEveryFailureInOrder(t *testing.T) {
	a := eligible()
	a.Visitor = Organisation{Name: "City & Me", Kind: KindSME, Country: "ES"}
	a.LastWorkingDay = date("2023-05-09")
	a.PreviousExchanges = []PreviousExchange{{MissionID: 1, Scheme: "clusterxchange", Status: "confirmed"}}
	res := Check(clusterXchange(t), a)
	var rules []string
	for _, f := range res.Failures {
		rules = append(rules, f.Rule)
	}
	want := []string{RuleVisitorMembership, RuleHostCountry, RuleOnceOnly, RuleMinWorkingDays}
	if strings.Join(rules, ",") != strings.Join(want, ",") {
		t.Errorf("got rules %v, want %v", rules, want)
	}
	if res.Passed {
		t.Errorf("got passed with failures")
	}
	if !strings.Contains(res.Failures[2].Message, "(mission 1, application confirmed)") {
		t.Errorf("once-only message without a title: %q", res.Failures[2].Message)
	}
}

func TestEmptyRulesAreNotApplied(t *testing.T) {
	rs := RuleSet{ID: "open", Version: 1, Name: "Open call", ValidFrom: "2024-01-01"}
	a := Applicant{Visitor: Organisation{Kind: "anything", Country: "US"}, Host: Organisation{Country: "US"}}
	if res := Check(rs, a); !res.Passed {
		t.Errorf("a rule set without rules failed: %v", res.Failures)
	}
}

func TestRenderTranslation(t *testing.T) {
	a := eligible()
	a.Visitor.Country = "ES"
	a.LastWorkingDay = date("2023-05-09")
	res := Check(clusterXchange(t), a)
	if len(res.Failures) != 2 {
		t.Fatalf("got %d failures, want 2", len(res.Failures))
	}
	spanish := Catalog{"host_country": "Su organización está registrada en {country}, el país anfitrión; {scheme} exige viajar a otro país."}
	if got, want := res.Failures[0].Render(spanish), "Su organización está registrada en ES, el país anfitrión; ClusterXchange exige viajar a otro país."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// A template the catalogue lacks falls back to English.
	if got := res.Failures[1].Render(spanish); got != res.Failures[1].Message {
		t.Errorf("fallback: got %q, want %q", got, res.Failures[1].Message)
	}
	if got := English.Render("no_such_template", nil); got != "no_such_template" {
		t.Errorf("unknown template: got %q", got)
	}
}

func TestEveryTemplateIsRendered(t *testing.T) {
	for id, text := range English {
		params := map[string]string{}
		for _, p := range []string{"org", "kind", "kind_a", "kind_plural", "allowed", "country", "country_name",
			"programme", "host", "mission", "status", "first", "last", "days", "working_days", "min", "months",
			"max", "consortium", "start", "end", "scheme"} {
			params[p] = "X"
		}
		if got := English.Render(id, params); strings.ContainsAny(got, "{}") {
			t.Errorf("%s: placeholder without a parameter in %q (from %q)", id, got, text)
		}
	}
}
