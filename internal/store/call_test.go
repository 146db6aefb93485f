package store

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"caravan/internal/mission"
)

// callWorld is a consortium of two partners (Pôle SCS in France, Silicon
// Saxony in Germany) with a mission of three places: two for SCS, one for
// Saxony.
type callWorld struct {
	db         *DB
	m          *mission.Mission
	scs, saxon mission.Partner
	organiser  *mission.Person
	frSME      *mission.Organisation // member of Pôle SCS
	deSME      *mission.Organisation // no membership, in Germany
}

func newCallWorld(t *testing.T, db *DB) *callWorld {
	t.Helper()
	ctx := t.Context()
	gaia := newOrganisation(t, db, "GAIA", mission.KindCluster, "ES")
	scs := newOrganisation(t, db, "Pôle SCS", mission.KindCluster, "FR")
	saxony := newOrganisation(t, db, "Silicon Saxony", mission.KindCluster, "DE")
	c := &mission.Consortium{Name: "EXCITE", StartsOn: date(2022, 2, 1), EndsOn: date(2027, 1, 31),
		Partners: []mission.Partner{{OrganisationID: scs.ID}, {OrganisationID: saxony.ID}}}
	must(t, db.CreateConsortium(ctx, c))
	fr := &mission.Organisation{Name: "Sophia Sensors", Kind: mission.KindSME, Country: "FR", ClusterIDs: []int64{scs.ID}}
	must(t, db.CreateOrganisation(ctx, fr))
	de := newOrganisation(t, db, "Dresden Chips", mission.KindSME, "DE")
	m := &mission.Mission{Title: "Basque mission", ConsortiumID: c.ID, HostOrganisationID: gaia.ID, HostCity: "Bilbao",
		HostCountry: "ES", StartsOn: date(2026, 3, 10), EndsOn: date(2026, 3, 12), TimeZone: "Europe/Madrid", Capacity: 3,
		Quotas: []mission.Quota{{PartnerID: c.Partners[0].ID, Places: 2}, {PartnerID: c.Partners[1].ID, Places: 1}}}
	must(t, db.CreateMission(ctx, m))
	return &callWorld{db: db, m: m, scs: c.Partners[0], saxon: c.Partners[1],
		organiser: newPerson(t, db, gaia.ID, "Olga Organiser", "olga@example.es"), frSME: fr, deSME: de}
}

// applicant makes an eligible application of a new person of org.
func (w *callWorld) applicant(t *testing.T, org *mission.Organisation, name string, score float64) *mission.Application {
	t.Helper()
	ctx := t.Context()
	p := newPerson(t, w.db, org.ID, name, strings.ToLower(strings.ReplaceAll(name, " ", "."))+"@example.org")
	a := &mission.Application{MissionID: w.m.ID, PersonID: p.ID, Score: score}
	must(t, w.db.SaveApplicationDraft(ctx, a))
	_, err := w.db.TransitionApplication(ctx, a.ID, mission.AppSubmitted, p.ID, "", time.Time{})
	must(t, err)
	got, err := w.db.RecordEligibility(ctx, a.ID, mission.Eligibility{RuleSetID: mission.DefaultRuleSetID, RuleSetVersion: 1,
		Passed: true, Result: `{"passed":true}`}, nil)
	must(t, err)
	return got
}

// testMail renders a plain e-mail naming the status and the language.
func testMail(a *mission.Application, m *mission.Mission, tr *mission.ApplicationTransition, lang string) (*mission.Email, error) {
	return &mission.Email{ToAddress: a.Person.Email, Subject: fmt.Sprintf("%s: %s", m.Title, tr.To),
		TextBody: fmt.Sprintf("%s → %s (%s) [%s]", tr.From, tr.To, tr.Reason, lang)}, nil
}

func TestCallSettings(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		w := newCallWorld(t, db)
		c, err := db.Call(ctx, w.m.ID)
		must(t, err)
		if c.RuleSetID != mission.DefaultRuleSetID || len(c.Questions) != 0 {
			t.Errorf("got %+v, want the default call", c)
		}
		c.Questions = []mission.Question{{ID: "sector", Kind: mission.QuestionChoice, Label: "Sector", Options: []string{"ICT", "Health"}, Required: true},
			{ID: "first", Kind: mission.QuestionYesNo, Label: "First exchange?"}}
		c.Criteria = []mission.Criterion{{ID: "fit", Name: "Fit", Weight: 2}}
		must(t, db.SaveCall(ctx, c, time.Time{}))
		got, err := db.Call(ctx, w.m.ID)
		must(t, err)
		if len(got.Questions) != 2 || got.Questions[0].Options[1] != "Health" || got.Criteria[0].Weight != 2 {
			t.Errorf("got %+v, want the saved questions and criteria", got)
		}
		bad := *c
		bad.Questions = []mission.Question{{ID: "x", Kind: mission.QuestionChoice, Label: "One option", Options: []string{"a"}}}
		wantCode(t, db.SaveCall(ctx, &bad, time.Time{}), mission.EINVALID)
		_, err = db.Call(ctx, 9999)
		wantCode(t, err, mission.ENOTFOUND)

		// The window, capacity and quotas change with the call, all or nothing.
		cs := CallSettings{OpensOn: date(2026, 1, 5), ClosesOn: date(2026, 2, 5), Capacity: 5,
			Quotas: []mission.Quota{{PartnerID: w.scs.ID, Places: 4}}}
		must(t, db.SaveCallSettings(ctx, c, cs, time.Time{}))
		m, err := db.Mission(ctx, w.m.ID)
		must(t, err)
		if !m.CallOpensOn.Equal(cs.OpensOn) || !m.CallClosesOn.Equal(cs.ClosesOn) || m.Capacity != 5 || len(m.Quotas) != 1 || m.Quotas[0].Places != 4 {
			t.Errorf("got %+v, want the new window, capacity and one quota", m)
		}
		stranger := newOrganisation(t, db, "Stranger", mission.KindCluster, "IT")
		other := &mission.Consortium{Name: "Other", Partners: []mission.Partner{{OrganisationID: stranger.ID}}}
		must(t, db.CreateConsortium(ctx, other))
		bad2 := cs
		bad2.Capacity = 9
		bad2.Quotas = []mission.Quota{{PartnerID: other.Partners[0].ID, Places: 1}}
		wantCode(t, db.SaveCallSettings(ctx, c, bad2, time.Time{}), mission.EINVALID)
		bad2.Quotas, bad2.ClosesOn = nil, date(2025, 1, 1)
		wantCode(t, db.SaveCallSettings(ctx, c, bad2, time.Time{}), mission.EINVALID)
		if m, err = db.Mission(ctx, w.m.ID); err != nil || m.Capacity != 5 || len(m.Quotas) != 1 {
			t.Errorf("got %+v %v, want nothing of the refused saves", m, err)
		}

		// A draft keeps its answers until it is submitted.
		p := newPerson(t, db, w.frSME.ID, "Ana", "ana@example.org")
		a := &mission.Application{MissionID: w.m.ID, PersonID: p.ID, Answers: map[string]string{"sector": "ICT"}}
		must(t, db.SaveApplicationDraft(ctx, a))
		a.Answers["first"] = "yes"
		a.Motivation = "Partners"
		must(t, db.SaveApplicationDraft(ctx, a))
		stored, err := db.Application(ctx, a.ID)
		must(t, err)
		if stored.Answers["first"] != "yes" || stored.Motivation != "Partners" || stored.PartnerID != 0 {
			t.Errorf("got %+v, want the draft's answers and no partner yet", stored)
		}
		_, err = db.TransitionApplication(ctx, a.ID, mission.AppSubmitted, p.ID, "", time.Time{})
		must(t, err)
		wantCode(t, db.SaveApplicationDraft(ctx, a), mission.ECONFLICT)
	})
}

func TestPartnerAssignment(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		w := newCallWorld(t, db)
		member := w.applicant(t, w.frSME, "Fanny Member", 5)
		country := w.applicant(t, w.deSME, "Dieter Country", 5)
		es := newOrganisation(t, db, "Madrid Robots", mission.KindSME, "ES")
		none := w.applicant(t, es, "Nadie", 5)
		for _, tt := range []struct {
			a    *mission.Application
			want int64
		}{{member, w.scs.ID}, {country, w.saxon.ID}, {none, 0}} {
			if tt.a.PartnerID != tt.want {
				t.Errorf("%s: got partner %d, want %d", tt.a.Person.Name, tt.a.PartnerID, tt.want)
			}
		}
		// The organiser chooses another partner; one outside the consortium is refused.
		must(t, db.SetApplicationPartner(ctx, none.ID, w.scs.ID))
		got, err := db.Application(ctx, none.ID)
		must(t, err)
		if got.PartnerID != w.scs.ID {
			t.Errorf("got partner %d, want %d", got.PartnerID, w.scs.ID)
		}
		wantCode(t, db.SetApplicationPartner(ctx, none.ID, 9999), mission.EINVALID)
		list, err := db.Applications(ctx, mission.ApplicationFilter{MissionID: w.m.ID, PartnerID: w.scs.ID})
		must(t, err)
		if len(list) != 2 {
			t.Errorf("got %d applications of SCS, want 2", len(list))
		}
	})
}

func TestQuotasAndCapacity(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		w := newCallWorld(t, db)
		by := w.organiser.ID
		accept := func(a *mission.Application) error {
			_, err := db.ChangeApplication(ctx, mission.ApplicationChange{ApplicationID: a.ID, To: mission.AppAccepted, ByPersonID: by, Reason: "Fits"}, testMail)
			return err
		}
		d1 := w.applicant(t, w.deSME, "Dora One", 9)
		d2 := w.applicant(t, w.deSME, "Dirk Two", 8)
		must(t, accept(d1))
		// Saxony's single place is taken: its second applicant is refused.
		err := accept(d2)
		wantCode(t, err, mission.ECONFLICT)
		if !strings.Contains(err.Error(), "quota") {
			t.Errorf("got %v, want the quota named", err)
		}
		f1 := w.applicant(t, w.frSME, "Fred One", 7)
		f2 := w.applicant(t, w.frSME, "Flo Two", 6)
		must(t, accept(f1))
		must(t, accept(f2))
		// Three places taken: the mission is full even for an applicant without a partner.
		es := newOrganisation(t, db, "Madrid Robots", mission.KindSME, "ES")
		e1 := w.applicant(t, es, "Elena", 5)
		err = accept(e1)
		wantCode(t, err, mission.ECONFLICT)
		if !strings.Contains(err.Error(), "full") {
			t.Errorf("got %v, want the mission full", err)
		}
		got, err := db.Application(ctx, d2.ID)
		must(t, err)
		if got.Status != mission.AppEligible {
			t.Errorf("refused acceptance left status %s, want eligible", got.Status)
		}
	})
}

func TestConcurrentAcceptOfLastPlace(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		w := newCallWorld(t, db)
		var apps []*mission.Application
		for i := range 4 {
			apps = append(apps, w.applicant(t, w.deSME, fmt.Sprintf("Racer %d", i), 5))
		}
		var wg sync.WaitGroup
		errs := make([]error, len(apps))
		for i, a := range apps {
			wg.Go(func() {
				_, errs[i] = db.ChangeApplication(ctx, mission.ApplicationChange{ApplicationID: a.ID, To: mission.AppAccepted,
					ByPersonID: w.organiser.ID}, testMail)
			})
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch mission.ErrorCode(err) {
			case "":
				won++
			case mission.ECONFLICT:
			default:
				t.Errorf("got %v, want success or conflict", err)
			}
		}
		accepted, err := db.Applications(ctx, mission.ApplicationFilter{MissionID: w.m.ID, Status: mission.AppAccepted})
		must(t, err)
		if won != 1 || len(accepted) != 1 {
			t.Errorf("got %d winners and %d accepted, want exactly 1 of each (Saxony's one place)", won, len(accepted))
		}
	})
}

func TestWithdrawalPromotesFromWaitlist(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		w := newCallWorld(t, db)
		by := w.organiser.ID
		change := func(a *mission.Application, to string) {
			t.Helper()
			_, err := db.ChangeApplication(ctx, mission.ApplicationChange{ApplicationID: a.ID, To: to, ByPersonID: by, Reason: "Decided"}, testMail)
			must(t, err)
		}
		d1 := w.applicant(t, w.deSME, "Dora One", 9)
		low := w.applicant(t, w.deSME, "Low Score", 3)
		high := w.applicant(t, w.deSME, "High Score", 8)
		f1 := w.applicant(t, w.frSME, "Fred Waiting", 10)
		change(d1, mission.AppAccepted)
		change(low, mission.AppWaitlisted)
		change(high, mission.AppWaitlisted)
		change(f1, mission.AppWaitlisted)
		// Fred scores best, but SCS has places left anyway: make SCS's
		// quota full so that only Saxony's freed place is on offer.
		for _, name := range []string{"Sam", "Sue"} {
			change(w.applicant(t, w.frSME, name, 1), mission.AppAccepted)
		}
		before, err := db.Emails(ctx, mission.EmailFilter{Limit: 1000})
		must(t, err)

		// Dora withdraws herself: Saxony's place goes to the best waitlisted Saxony applicant.
		_, err = db.ChangeApplication(ctx, mission.ApplicationChange{ApplicationID: d1.ID, To: mission.AppWithdrawn,
			ByPersonID: d1.PersonID, Reason: "Cannot travel"}, testMail)
		must(t, err)
		for _, tt := range []struct {
			a    *mission.Application
			want string
		}{{d1, mission.AppWithdrawn}, {high, mission.AppAccepted}, {low, mission.AppWaitlisted}, {f1, mission.AppWaitlisted}} {
			got, err := db.Application(ctx, tt.a.ID)
			must(t, err)
			if got.Status != tt.want {
				t.Errorf("%s: got %s, want %s", tt.a.Person.Name, got.Status, tt.want)
			}
		}
		trs, err := db.ApplicationTransitions(ctx, high.ID)
		must(t, err)
		last := trs[len(trs)-1]
		if last.From != mission.AppWaitlisted || last.To != mission.AppAccepted || last.ByPersonID != 0 || last.Reason != PromotionReason {
			t.Errorf("got transition %+v, want the system's promotion", last)
		}
		after, err := db.Emails(ctx, mission.EmailFilter{Limit: 1000})
		must(t, err)
		news := after[len(before):]
		if len(news) != 2 || news[0].ToAddress != "dora.one@example.org" || !strings.Contains(news[0].TextBody, "accepted → withdrawn (Cannot travel)") ||
			news[1].ToAddress != "high.score@example.org" || !strings.Contains(news[1].TextBody, "waitlisted → accepted") {
			t.Errorf("got %d new e-mails %+v, want Dora's withdrawal and High's promotion", len(news), news)
		}

		// A withdrawal that frees nothing (from the waiting list) promotes nobody.
		change(low, mission.AppWithdrawn)
		got, err := db.Application(ctx, f1.ID)
		must(t, err)
		if got.Status != mission.AppWaitlisted {
			t.Errorf("Fred: got %s, want still waitlisted", got.Status)
		}
	})
}

func TestEveryApplicationTransition(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		w := newCallWorld(t, db)
		w.m.Capacity = 0
		_, err := db.UpdateMission(ctx, w.m.ID, mission.MissionUpdate{Capacity: &w.m.Capacity})
		must(t, err)
		es := newOrganisation(t, db, "Madrid Robots", mission.KindSME, "ES") // no partner: no quota
		n := 0
		for _, from := range mission.ApplicationStatuses {
			for _, to := range mission.ApplicationStatuses {
				n++
				p := newPerson(t, db, es.ID, fmt.Sprintf("P%d", n), fmt.Sprintf("p%d@example.org", n))
				a := &mission.Application{MissionID: w.m.ID, PersonID: p.ID, Status: from}
				must(t, db.CreateApplication(ctx, a))
				got, err := db.ChangeApplication(ctx, mission.ApplicationChange{ApplicationID: a.ID, To: to, ByPersonID: w.organiser.ID, Reason: "why"}, testMail)
				if !mission.CanTransition(from, to) {
					wantCode(t, err, mission.ECONFLICT)
					continue
				}
				must(t, err)
				if got.Status != to {
					t.Errorf("%s → %s: got %s", from, to, got.Status)
				}
				if to == mission.AppConfirmed {
					members, err := db.MissionMembers(ctx, w.m.ID, mission.RoleParticipant)
					must(t, err)
					if !slices.ContainsFunc(members, func(mm *mission.MissionMember) bool { return mm.PersonID == p.ID }) {
						t.Errorf("%s → confirmed: %s is not a participant of the mission", from, p.Name)
					}
				}
				trs, err := db.ApplicationTransitions(ctx, a.ID)
				must(t, err)
				if len(trs) != 1 || trs[0].From != from || trs[0].To != to || trs[0].ByPersonID != w.organiser.ID || trs[0].Reason != "why" || trs[0].At.IsZero() {
					t.Errorf("%s → %s: got transitions %+v, want one recorded with who, when and why", from, to, trs)
				}
			}
		}
	})
}

func TestRecordEligibility(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		w := newCallWorld(t, db)
		p := newPerson(t, db, w.deSME.ID, "Ana", "ana@example.org")
		must(t, db.CreateAccount(ctx, &mission.Account{PersonID: p.ID, Email: p.Email, PasswordHash: "$argon2id$fake", Language: "es"}))
		a := &mission.Application{MissionID: w.m.ID, PersonID: p.ID}
		must(t, db.SaveApplicationDraft(ctx, a))
		_, err := db.TransitionApplication(ctx, a.ID, mission.AppSubmitted, p.ID, "", time.Time{})
		must(t, err)
		fail := mission.Eligibility{RuleSetID: "x", RuleSetVersion: 2, Passed: false, Result: `{"failures":[1]}`}
		got, err := db.RecordEligibility(ctx, a.ID, fail, testMail)
		must(t, err)
		if got.Status != mission.AppIneligible || got.Eligibility.RuleSetVersion != 2 || got.Eligibility.Passed || got.Eligibility.Result != fail.Result || got.Eligibility.CheckedAt.IsZero() {
			t.Errorf("got %+v, want ineligible with the result of version 2", got)
		}
		pass := mission.Eligibility{RuleSetID: "x", RuleSetVersion: 3, Passed: true, Result: `{}`}
		if got, err = db.RecordEligibility(ctx, a.ID, pass, testMail); err != nil || got.Status != mission.AppEligible {
			t.Fatalf("got %v %v, want eligible again", got, err)
		}
		// Once shortlisted, a check keeps the outcome but no longer moves the application.
		_, err = db.TransitionApplication(ctx, a.ID, mission.AppShortlisted, w.organiser.ID, "", time.Time{})
		must(t, err)
		if got, err = db.RecordEligibility(ctx, a.ID, fail, testMail); err != nil || got.Status != mission.AppShortlisted || got.Eligibility.Passed {
			t.Fatalf("got %+v %v, want shortlisted with the failed outcome", got, err)
		}
		mails, err := db.Emails(ctx, mission.EmailFilter{Limit: 100})
		must(t, err)
		if len(mails) != 2 || !strings.HasSuffix(mails[0].TextBody, "[es]") || !strings.Contains(mails[0].TextBody, "submitted → ineligible") {
			t.Errorf("got %+v, want two e-mails in the applicant's language", mails)
		}
		_, err = db.RecordEligibility(ctx, 9999, pass, nil)
		wantCode(t, err, mission.ENOTFOUND)
		ids, err := db.ApplicationsToRecheck(ctx, mission.DefaultRuleSetID)
		must(t, err)
		if len(ids) != 0 {
			t.Errorf("got %v, want none (shortlisted is past eligibility)", ids)
		}
		other := &mission.Application{MissionID: w.m.ID, PersonID: newPerson(t, db, w.deSME.ID, "Bo", "bo@example.org").ID}
		must(t, db.SaveApplicationDraft(ctx, other))
		_, err = db.TransitionApplication(ctx, other.ID, mission.AppSubmitted, other.PersonID, "", time.Time{})
		must(t, err)
		byRules, err := db.ApplicationsToRecheck(ctx, mission.DefaultRuleSetID)
		must(t, err)
		byOrg, err := db.OrganisationApplicationsToRecheck(ctx, w.deSME.ID)
		must(t, err)
		for _, got := range [][]int64{byRules, byOrg} {
			if len(got) != 1 || got[0] != other.ID {
				t.Errorf("got %v, want only the submitted application %d", got, other.ID)
			}
		}
		if got, err := db.OrganisationApplicationsToRecheck(ctx, w.frSME.ID); err != nil || len(got) != 0 {
			t.Errorf("got %v %v, want none for another organisation", got, err)
		}
	})
}

func TestRuleSets(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		seed := []mission.RuleSetDocument{{ID: "cx", Version: 1, Kind: mission.RuleSetEligibility, JSON: `{"v":1}`}}
		must(t, db.SeedRuleSets(ctx, seed))
		must(t, db.SeedRuleSets(ctx, seed)) // again: no change, no error
		author := newPerson(t, db, newOrganisation(t, db, "Admins", mission.KindCluster, "BE").ID, "Ada", "ada@example.org")
		v2 := &mission.RuleSetDocument{ID: "cx", Version: 2, JSON: `{"v":2}`, CreatedBy: author.ID}
		must(t, db.SaveRuleSet(ctx, v2))
		wantCode(t, db.SaveRuleSet(ctx, &mission.RuleSetDocument{ID: "cx", Version: 2, JSON: `{"v":"again"}`}), mission.ECONFLICT)
		changed := []mission.RuleSetDocument{{ID: "cx", Version: 1, Kind: mission.RuleSetEligibility, JSON: `{"v":"seed changed"}`}}
		must(t, db.SeedRuleSets(ctx, changed))
		latest, err := db.RuleSet(ctx, mission.RuleSetEligibility, "cx", 0)
		must(t, err)
		if latest.Version != 2 || latest.JSON != `{"v":2}` || latest.CreatedBy != author.ID {
			t.Errorf("got %+v, want version 2 by Ada", latest)
		}
		first, err := db.RuleSet(ctx, mission.RuleSetEligibility, "cx", 1)
		must(t, err)
		if first.JSON != `{"v":1}` {
			t.Errorf("got %s, want the seeded version untouched", first.JSON)
		}
		_, err = db.RuleSet(ctx, mission.RuleSetEligibility, "cx", 7)
		wantCode(t, err, mission.ENOTFOUND)
		list, err := db.RuleSets(ctx, mission.RuleSetEligibility)
		must(t, err)
		if len(list) != 1 || list[0].Version != 2 {
			t.Errorf("got %+v, want the latest version only", list)
		}
	})
}
