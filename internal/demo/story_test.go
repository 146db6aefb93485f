package demo_test

import (
	"strings"
	"testing"

	"caravan/internal/i18n"
	"caravan/internal/mission"
	"caravan/internal/story"
	"caravan/internal/testdb"
)

// TestSeedStoresEligibility checks that every submitted application of the
// demo carries a stored eligibility outcome, as the product stores it, and
// that every confirmed or accepted place passes the rules.
func TestSeedStoresEligibility(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		db, info := seed(t, dsn)
		checked, failed := 0, 0
		for _, id := range []int64{info.BasqueMissionID, info.DresdenMissionID, info.RunningMissionID, info.UpcomingMissionID} {
			apps, err := db.Applications(t.Context(), mission.ApplicationFilter{MissionID: id, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range apps {
				if a.Status == mission.AppDraft {
					continue
				}
				e := a.Eligibility
				if e.RuleSetVersion == 0 || e.RuleSetID != mission.DefaultRuleSetID || e.Result == "" || !e.CheckedAt.Equal(created) {
					t.Errorf("application %d (%s) has eligibility %+v, want a stored check of %s at %v", a.ID, a.Status, e, mission.DefaultRuleSetID, created)
				}
				if a.Status == mission.AppEligible && !e.Passed || a.Status == mission.AppIneligible && e.Passed {
					t.Errorf("application %d is %s but its check passed=%v", a.ID, a.Status, e.Passed)
				}
				// The demo's delegations went through the call: a confirmed
				// place that the rules refuse would be a demo at odds with itself.
				if (a.Status == mission.AppConfirmed || a.Status == mission.AppAccepted) && !e.Passed {
					t.Errorf("application %d is %s but fails eligibility: %s", a.ID, a.Status, e.Result)
				}
				checked++
				if !e.Passed {
					failed++
				}
			}
		}
		if checked < 100 || failed == 0 || failed == checked {
			t.Errorf("got %d checked applications, %d failed; want the whole demo, some passing and some failing", checked, failed)
		}
	})
}

// TestSeedOpenOfferAndStory checks the demo's open exchange offer and the
// Basque mission's published story: the generator's text, naming the
// people who consented and nobody else.
func TestSeedOpenOfferAndStory(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		db, info := seed(t, dsn)
		ctx := t.Context()
		offers, err := db.ExchangeOffers(ctx, mission.ExchangeOfferFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(offers) != 1 || offers[0].MissionID != info.OfferMissionID || offers[0].Host.Name != "GAIA" {
			t.Fatalf("got open offers %+v, want GAIA's", offers)
		}

		st, err := db.Story(ctx, info.BasqueMissionID)
		if err != nil {
			t.Fatal(err)
		}
		if !st.Published() || st.Language != "en" || st.PublishedAt.Format("2006-01-02") != "2023-11-21" {
			t.Errorf("got story published %v at %v in %s, want published on 21 November 2023 in English", st.Published(), st.PublishedAt, st.Language)
		}
		facts, err := db.StoryFacts(ctx, info.BasqueMissionID)
		if err != nil {
			t.Fatal(err)
		}
		bundle, err := i18n.NewBundle()
		if err != nil {
			t.Fatal(err)
		}
		want := story.Draft(bundle.Localizer("en"), facts)
		if st.Title != want.Title || st.Lead != want.Lead || st.Body != want.Body {
			t.Errorf("the demo story is not the generator's draft:\n%s\n%s", st.Body, want.Body)
		}
		if len(facts.Visitors) != 2 || len(facts.Locals) != 2 {
			t.Errorf("got %d named visitors and %d locals, want the seed's two SMEs and two Basque companies", len(facts.Visitors), len(facts.Locals))
		}
		text := st.Title + st.Lead + st.Body
		for _, o := range append(facts.Visitors, facts.Locals...) {
			for _, p := range o.People {
				if !strings.Contains(text, p) {
					t.Errorf("the story does not name %s, who consented", p)
				}
			}
		}
		members, err := db.MissionMembers(ctx, info.BasqueMissionID, mission.RoleParticipant)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range members {
			ok, err := db.PublicMention(ctx, m.PersonID)
			if err != nil {
				t.Fatal(err)
			}
			if !ok && strings.Contains(text, m.Person.Name) {
				t.Errorf("the story names %s, who gave no consent", m.Person.Name)
			}
		}
	})
}
