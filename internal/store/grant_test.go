package store

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"caravan/internal/mission"
)

// confirmed makes a confirmed application of a new person of org.
func (w *callWorld) confirmed(t *testing.T, org *mission.Organisation, name string) *mission.Application {
	t.Helper()
	a := w.applicant(t, org, name, 5)
	for _, to := range []string{mission.AppAccepted, mission.AppConfirmed} {
		_, err := w.db.ChangeApplication(t.Context(), mission.ApplicationChange{ApplicationID: a.ID, To: to, ByPersonID: w.organiser.ID}, testMail)
		must(t, err)
	}
	return a
}

func setBudget(t *testing.T, db *DB, partnerID, cents int64) {
	t.Helper()
	_, err := db.SQL().ExecContext(t.Context(), "UPDATE partners SET travel_budget_cents = $1 WHERE id = $2", cents, partnerID)
	must(t, err)
}

func seedGrantRuleSet(t *testing.T, db *DB) {
	t.Helper()
	must(t, db.SeedGrantRuleSets(t.Context(), []mission.RuleSetDocument{{ID: "erasmus-2024", Version: 1, Kind: "distance_band", JSON: `{"id":"erasmus-2024"}`}}))
}

func TestConcurrentCommitsAgainstBudget(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		w := newCallWorld(t, db)
		seedGrantRuleSet(t, db)
		setBudget(t, db, w.scs.ID, 50000) // EUR 500: room for one grant of EUR 395
		var apps []*mission.Application
		for i := range 2 {
			apps = append(apps, w.confirmed(t, w.frSME, fmt.Sprintf("Racer %d", i)))
		}
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Go(func() {
				errs[i] = db.CommitGrant(ctx, &mission.Grant{MissionID: w.m.ID, ApplicationID: apps[i%2].ID, PartnerID: w.scs.ID,
					RuleSetID: "erasmus-2024", RuleSetVersion: 1, AmountCents: 39500, DistanceKM: 2395, CommittedBy: w.organiser.ID}, 0)
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
		b, err := db.Budget(ctx, w.m.ConsortiumID)
		must(t, err)
		var scs mission.PartnerBudget
		for _, p := range b.Partners {
			if p.PartnerID == w.scs.ID {
				scs = p
			}
		}
		if won != 1 || scs.CommittedCents != 39500 || scs.LeftCents != 10500 || scs.Grants != 1 {
			t.Errorf("got %d winners, committed %d, left %d, %d grants; want 1, 39500, 10500, 1", won, scs.CommittedCents, scs.LeftCents, scs.Grants)
		}
		// The refusal names the partner and the euros left.
		other := apps[0]
		if gs, _ := db.MissionGrants(ctx, w.m.ID); gs[other.ID] != nil {
			other = apps[1]
		}
		err = db.CommitGrant(ctx, &mission.Grant{MissionID: w.m.ID, ApplicationID: other.ID, PartnerID: w.scs.ID,
			RuleSetID: "erasmus-2024", RuleSetVersion: 1, AmountCents: 39500}, 0)
		wantCode(t, err, mission.ECONFLICT)
		if msg := mission.ErrorMessage(err); !strings.Contains(msg, "Pôle SCS") || !strings.Contains(msg, "EUR 105.00") {
			t.Errorf("got %q, want the partner and EUR 105.00 left", msg)
		}
	})
}

func TestGrantLifecycleAndBudget(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		w := newCallWorld(t, db)
		seedGrantRuleSet(t, db)
		setBudget(t, db, w.scs.ID, 200000)
		setBudget(t, db, w.saxon.ID, 100000)
		a1 := w.confirmed(t, w.frSME, "Anna One")
		a2 := w.confirmed(t, w.frSME, "Bruno Two")
		pending := w.applicant(t, w.frSME, "Carla Pending", 5)

		// Only confirmed applications, once each, by a partner of the consortium.
		g := func(a *mission.Application, cents int64) *mission.Grant {
			return &mission.Grant{MissionID: w.m.ID, ApplicationID: a.ID, PartnerID: w.scs.ID, RuleSetID: "erasmus-2024",
				RuleSetVersion: 1, AmountCents: cents, ComputedKM: 2395, DistanceKM: 2395, CommittedBy: w.organiser.ID}
		}
		wantCode(t, db.CommitGrant(ctx, g(pending, 100), 0), mission.ECONFLICT)
		g1 := g(a1, 39500)
		must(t, db.CommitGrant(ctx, g1, 0))
		wantCode(t, db.CommitGrant(ctx, g(a1, 100), 0), mission.ECONFLICT)
		noReason := g(a2, 21100)
		km := 450
		noReason.OverrideKM = &km
		wantCode(t, db.CommitGrant(ctx, noReason, 0), mission.EINVALID)
		withReason := g(a2, 21100)
		withReason.OverrideKM, withReason.OverrideReason, withReason.DistanceKM = &km, "The company moved to Lyon.", 450
		must(t, db.CommitGrant(ctx, withReason, 0))

		// An override needs a reason and is audited with the old and new figures.
		_, err := db.OverrideDistance(ctx, g1.ID, mission.GrantOverride{KM: 1900, Reason: "  ", AmountCents: 30900})
		wantCode(t, err, mission.EINVALID)
		_, err = db.OverrideDistance(ctx, g1.ID, mission.GrantOverride{KM: 1900, Reason: "x", AmountCents: 500000})
		wantCode(t, err, mission.ECONFLICT)
		got, err := db.OverrideDistance(ctx, g1.ID, mission.GrantOverride{KM: 1900, Reason: "Flights leave from Kaunas.",
			ByPersonID: w.organiser.ID, AmountCents: 30900, Explanation: `{"summary":"x"}`})
		must(t, err)
		if got.AmountCents != 30900 || got.DistanceKM != 1900 || got.ComputedKM != 2395 || got.OverrideKM == nil || *got.OverrideKM != 1900 ||
			got.OverrideReason != "Flights leave from Kaunas." || got.OverrideBy != w.organiser.ID || got.OverrideAt.IsZero() {
			t.Errorf("got %+v, want the override applied", got)
		}
		log, err := db.AuditLog(ctx, mission.AuditFilter{Action: mission.AuditGrantOverride})
		must(t, err)
		if len(log) != 2 || log[0].TargetID != g1.ID || !strings.Contains(log[0].Detail, "1900 km instead of 2395 km") ||
			!strings.Contains(log[0].Detail, "Flights leave from Kaunas.") {
			t.Errorf("got %+v, want two override entries, the newest on grant %d with its figures and reason", log, g1.ID)
		}
		commits, err := db.AuditLog(ctx, mission.AuditFilter{Action: mission.AuditGrantCommitted})
		must(t, err)
		if len(commits) != 2 || !strings.Contains(commits[1].Detail, "EUR 395.00") {
			t.Errorf("got %+v, want two commit entries with their amounts", commits)
		}

		// Claimed and paid move the money; cancelled frees it.
		_, err = db.ChangeGrantStatus(ctx, g1.ID, mission.GrantPaid, got.UpdatedAt)
		wantCode(t, err, mission.ECONFLICT)
		_, err = db.ChangeGrantStatus(ctx, g1.ID, mission.GrantClaimed, got.UpdatedAt)
		must(t, err)
		_, err = db.OverrideDistance(ctx, g1.ID, mission.GrantOverride{KM: 1, Reason: "late", AmountCents: 1})
		wantCode(t, err, mission.ECONFLICT)
		b, err := db.Budget(ctx, w.m.ConsortiumID)
		must(t, err)
		if len(b.Missions) != 1 || b.Missions[0].ClaimedCents != 30900 || b.Missions[0].CommittedCents != 21100 || b.Missions[0].Grants != 2 {
			t.Errorf("got missions %+v, want one with 309.00 claimed and 211.00 committed", b.Missions)
		}
		_, err = db.ChangeGrantStatus(ctx, g1.ID, mission.GrantPaid, got.UpdatedAt)
		must(t, err)
		_, err = db.ChangeGrantStatus(ctx, withReason.ID, mission.GrantCancelled, got.UpdatedAt)
		must(t, err)
		b, err = db.Budget(ctx, w.m.ConsortiumID)
		must(t, err)
		want := mission.BudgetLine{BudgetCents: 300000, PaidCents: 30900, LeftCents: 300000 - 30900, Grants: 1}
		if b.Total != want {
			t.Errorf("got total %+v, want %+v", b.Total, want)
		}
		for _, p := range b.Partners {
			if p.PartnerID == w.saxon.ID && (p.BudgetCents != 100000 || p.LeftCents != 100000 || p.OrganisationName != "Silicon Saxony") {
				t.Errorf("got Saxony %+v, want its whole budget left", p)
			}
		}
	})
}

func TestGrantRuleSetsAndMissionChoice(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		w := newCallWorld(t, db)
		seedGrantRuleSet(t, db)
		seedGrantRuleSet(t, db) // seeding again keeps what is there
		_, err := db.MissionGrantRuleSet(ctx, w.m.ID)
		wantCode(t, err, mission.ENOTFOUND)
		wantCode(t, db.SetMissionGrantRuleSet(ctx, &mission.MissionGrantRuleSet{MissionID: w.m.ID, RuleSetID: "nope"}), mission.EINVALID)
		must(t, db.SetMissionGrantRuleSet(ctx, &mission.MissionGrantRuleSet{MissionID: w.m.ID, RuleSetID: "erasmus-2024"}))
		wantCode(t, db.SaveGrantRuleSet(ctx, &mission.RuleSetDocument{ID: "erasmus-2024", Version: 1, Kind: "distance_band", JSON: "{}"}), mission.ECONFLICT)
		must(t, db.SaveGrantRuleSet(ctx, &mission.RuleSetDocument{ID: "erasmus-2024", Version: 2, Kind: "distance_band", JSON: `{"v":2}`, CreatedBy: w.organiser.ID}))
		must(t, db.SetMissionGrantRuleSet(ctx, &mission.MissionGrantRuleSet{MissionID: w.m.ID, RuleSetID: "erasmus-2024", Version: 1}))
		s, err := db.MissionGrantRuleSet(ctx, w.m.ID)
		must(t, err)
		latest, err := db.GrantRuleSet(ctx, "erasmus-2024", 0)
		must(t, err)
		all, err := db.GrantRuleSets(ctx)
		must(t, err)
		if s.RuleSetID != "erasmus-2024" || s.Version != 1 || latest.Version != 2 || latest.JSON != `{"v":2}` || len(all) != 1 || all[0].Version != 2 {
			t.Errorf("got choice %+v, latest %+v, list %d; want version 1 pinned, version 2 latest", s, latest, len(all))
		}
	})
}
