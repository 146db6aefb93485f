// Package screening checks an application against the eligibility rule set
// of its mission's call and records the outcome in the store: the one code
// path that the web's checks (on submission, on a rule set, call,
// mission or organisation change, on the organisers' "check again") and the
// demo's seed both take. It imports mission, store and eligibility.
package screening

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"caravan/internal/eligibility"
	"caravan/internal/mission"
	"caravan/internal/store"
)

// SeedRuleSets stores the embedded default rule sets that are not stored
// yet; an admin's later versions are never touched.
func SeedRuleSets(ctx context.Context, db *store.DB) error {
	defaults, err := eligibility.Defaults()
	if err != nil {
		return err
	}
	docs := make([]mission.RuleSetDocument, 0, len(defaults))
	for _, rs := range defaults {
		b, err := json.MarshalIndent(rs, "", "  ")
		if err != nil {
			return err
		}
		docs = append(docs, mission.RuleSetDocument{ID: rs.ID, Version: rs.Version, Kind: mission.RuleSetEligibility,
			JSON: string(b), CreatedAt: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)})
	}
	return db.SeedRuleSets(ctx, docs)
}

// RuleSet returns the parsed rule set id at version (0: the latest).
func RuleSet(ctx context.Context, db *store.DB, id string, version int) (eligibility.RuleSet, error) {
	if err := SeedRuleSets(ctx, db); err != nil {
		return eligibility.RuleSet{}, err
	}
	d, err := db.RuleSet(ctx, mission.RuleSetEligibility, id, version)
	if err != nil {
		return eligibility.RuleSet{}, err
	}
	rs, err := eligibility.ParseRuleSet(d.ID, strings.NewReader(d.JSON))
	if err != nil {
		return eligibility.RuleSet{}, mission.Errorf(mission.EINTERNAL, "stored rule set %s version %d: %v", d.ID, d.Version, err)
	}
	return rs, nil
}

// Check runs the eligibility rules of the mission's call on the
// application and records the outcome at the time at (see
// store.RecordEligibility), which moves a submitted, eligible or
// ineligible application and e-mails the applicant through mail (nil: no
// e-mail).
func Check(ctx context.Context, db *store.DB, id int64, at time.Time, mail store.ApplicationMail) (*mission.Application, error) {
	a, err := db.Application(ctx, id)
	if err != nil {
		return nil, err
	}
	m, err := db.Mission(ctx, a.MissionID)
	if err != nil {
		return nil, err
	}
	call, err := db.Call(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	rs, err := RuleSet(ctx, db, call.RuleSetID, call.RuleSetVersion)
	if err != nil {
		return nil, err
	}
	in, err := Applicant(ctx, db, a, m)
	if err != nil {
		return nil, err
	}
	res := eligibility.Check(rs, in)
	doc, err := json.Marshal(res)
	if err != nil {
		return nil, err
	}
	return db.RecordEligibility(ctx, a.ID, mission.Eligibility{RuleSetID: rs.ID, RuleSetVersion: rs.Version,
		Passed: res.Passed, Result: string(doc), CheckedAt: at}, mail)
}

// Applicant maps an application onto what the eligibility rules need: the
// applicant's organisation, the mission's host, the mission's working days,
// the consortium's period and the organisation's other exchanges.
func Applicant(ctx context.Context, db *store.DB, a *mission.Application, m *mission.Mission) (eligibility.Applicant, error) {
	org := a.Person.Organisation
	in := eligibility.Applicant{MissionID: m.ID, Visitor: organisation(org),
		FirstWorkingDay: m.StartsOn, LastWorkingDay: m.EndsOn}
	if m.HostOrganisationID != 0 {
		host, err := db.Organisation(ctx, m.HostOrganisationID)
		if err != nil {
			return in, err
		}
		in.Host = organisation(host)
	}
	if m.ConsortiumID != 0 {
		c, err := db.Consortium(ctx, m.ConsortiumID)
		if err != nil {
			return in, err
		}
		name := c.Acronym
		if strings.TrimSpace(name) == "" {
			name = c.Name
		}
		in.Consortium = eligibility.Period{Name: name, StartsOn: c.StartsOn, EndsOn: c.EndsOn}
	}
	exchanges, err := db.OrganisationExchanges(ctx, org.ID, m.ID)
	if err != nil {
		return in, err
	}
	schemes := map[string]string{}
	for _, e := range exchanges {
		scheme, ok := schemes[e.RuleSetID]
		if !ok {
			if rs, err := RuleSet(ctx, db, e.RuleSetID, 0); err == nil {
				scheme = rs.Scheme
			} else if mission.ErrorCode(err) != mission.ENOTFOUND {
				return in, err
			}
			schemes[e.RuleSetID] = scheme
		}
		in.PreviousExchanges = append(in.PreviousExchanges, eligibility.PreviousExchange{MissionID: e.MissionID,
			MissionTitle: e.MissionTitle, Scheme: scheme, Status: e.Status})
	}
	return in, nil
}

func organisation(o *mission.Organisation) eligibility.Organisation {
	return eligibility.Organisation{Name: o.Name, Kind: o.Kind, Country: o.Country, ClusterMember: len(o.ClusterIDs) > 0}
}
