// Package demo fills an empty Caravan database with the demo: the EXCITE
// consortium, the Basque mission of November 2023 described in the seed
// article, an earlier mission to Dresden, a running exchange and an upcoming
// mission with its call open, and a generated population of visiting
// participants and Basque companies.
//
// The population is generated from fixed lists with a fixed random seed, so
// every run with the same creation time writes the same data. Every person is
// fictional; the cluster organisations, events and venues are the real ones of
// the seed article. Package demo imports the domain and the store, and is
// used only by cmd.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"caravan/internal/mission"
	"caravan/internal/store"
)

// Seed values of the generator; changing them changes every generated name.
const (
	seed1 = 20231113
	seed2 = 20231115
)

// Info tells what Seed created.
type Info struct {
	ConsortiumID int64
	// BasqueMissionID is the seed article's mission (13–15 November 2023).
	BasqueMissionID   int64
	DresdenMissionID  int64
	RunningMissionID  int64
	UpcomingMissionID int64
	// DraftMissionID is an unpublished mission, invisible to the public.
	DraftMissionID int64
	// OfferMissionID is an individual exchange whose offer is open, found
	// at /exchanges.
	OfferMissionID int64
	Organisations  int
	Persons        int
	Visitors       int // visiting participants of the Basque mission
	Locals         int // Basque companies meeting the delegation
}

// Seed writes the demo into db, which must be migrated and hold no
// consortium yet (else it returns an ECONFLICT error and writes nothing).
// now is the day the demo database is created: the running and upcoming
// missions are placed relative to it. With the same now, Seed writes the same
// data every time.
//
// Seed is not atomic: a caller that may race with another process seeds a
// private copy of the database and moves it into place (see cmd/caravan).
func Seed(ctx context.Context, db *store.DB, now time.Time) (*Info, error) {
	existing, err := db.Consortia(ctx)
	if err != nil {
		return nil, fmt.Errorf("seed demo: %w", err)
	}
	if len(existing) > 0 {
		return nil, mission.Errorf(mission.ECONFLICT, "The database already holds data; the demo is seeded only into an empty database.")
	}
	s := &seeder{
		db:   db,
		r:    rand.New(rand.NewPCG(seed1, seed2)),
		now:  now.UTC(),
		info: &Info{},
		used: map[string]bool{},
	}
	if err := s.run(ctx); err != nil {
		return nil, fmt.Errorf("seed demo: %w", err)
	}
	return s.info, nil
}

// seeder carries the state of one Seed run.
type seeder struct {
	db   *store.DB
	r    *rand.Rand
	now  time.Time
	info *Info
	used map[string]bool // organisation and person names already taken

	clusters  map[string]*mission.Organisation // by short key: "sisax", "gaia", …
	partners  map[string]int64                 // partner ids by cluster key
	staff     map[string][]*mission.Person     // cluster staff by cluster key
	excite    *mission.Consortium
	nexus     *mission.Consortium
	basque    *mission.Region
	saxony    *mission.Region
	smes      []*mission.Organisation            // the seed's two SMEs
	visitors  map[string][]*mission.Organisation // the Basque mission's visiting companies by cluster
	dresden   map[string][]*mission.Organisation // the Dresden mission's, by cluster
	vilnius   map[string][]*mission.Organisation // the applicants to Vilnius, by cluster
	locals    []*mission.Organisation            // Basque companies
	saxons    []*mission.Organisation            // Saxon companies (locals in Dresden)
	personsOf map[int64][]*mission.Person
}

func (s *seeder) run(ctx context.Context) error {
	s.personsOf = map[int64][]*mission.Person{}
	steps := []func(context.Context) error{
		s.createClusters,
		s.createConsortia,
		s.createRegions,
		s.createCompanies,
		s.createBasqueMission,
		s.createBasqueClaims,
		s.createBasqueSchedule,
		s.createDresdenMission,
		s.createRunningMission,
		s.createExchangeCommitment,
		s.createUpcomingMission,
		s.createRequestDeadline,
		s.createDraftMission,
		s.createOutcomesAndFeedback,
		s.createCheckins,
		s.createOpenOffer,
		s.checkEligibility,
		s.createBasqueStory,
	}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

// date returns midnight UTC of a calendar day.
func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// day returns midnight UTC of the day that is days after s.now's day.
func (s *seeder) day(days int) time.Time {
	y, m, d := s.now.Date()
	return date(y, m, d+days)
}

// at returns the instant of a local wall-clock time on a day in loc.
func at(day time.Time, loc *time.Location, hour, min int) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d, hour, min, 0, 0, loc).UTC()
}

func (s *seeder) pick(list []string) string { return list[s.r.IntN(len(list))] }

// weighted returns an index drawn with the given weights.
func (s *seeder) weighted(weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := s.r.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

func (s *seeder) createOrganisation(ctx context.Context, o *mission.Organisation) error {
	o.CreatedAt, o.UpdatedAt = s.now, s.now
	if err := s.db.CreateOrganisation(ctx, o); err != nil {
		return fmt.Errorf("organisation %q: %w", o.Name, err)
	}
	s.used[o.Name] = true
	s.info.Organisations++
	return nil
}

// createPerson makes a fictional person of an organisation, with a name
// from the country's lists and an address on a reserved .example domain.
func (s *seeder) createPerson(ctx context.Context, o *mission.Organisation, titles []string) (*mission.Person, error) {
	country := o.Country
	if _, ok := firstNames[country]; !ok {
		country = "DE"
	}
	var name, first, last string
	for {
		first, last = s.pick(firstNames[country]), s.pick(lastNames[country])
		name = first + " " + last
		if !s.used["person:"+name] {
			break
		}
	}
	s.used["person:"+name] = true
	p := &mission.Person{
		OrganisationID: o.ID,
		Name:           name,
		Email:          emailLocal(first) + "." + emailLocal(last) + "@" + slug(o.Name) + ".example",
		JobTitle:       s.pick(titles),
		Languages:      languages[country],
		CreatedAt:      s.now,
	}
	if err := s.db.CreatePerson(ctx, p); err != nil {
		return nil, fmt.Errorf("person of %q: %w", o.Name, err)
	}
	s.personsOf[o.ID] = append(s.personsOf[o.ID], p)
	s.info.Persons++
	return p, nil
}
