package store

import (
	"fmt"
	"testing"
	"time"

	"caravan/internal/mission"
)

// TestEnumsMatchDomain stores every value of every enumeration in
// internal/mission, so that a value added there without a migration that
// widens the CHECK constraint fails here.
func TestEnumsMatchDomain(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		var orgs []*mission.Organisation
		for _, kind := range mission.OrganisationKinds {
			orgs = append(orgs, newOrganisation(t, db, "Org "+kind, kind, "ES"))
		}
		host := orgs[0]
		var persons []*mission.Person
		for i := range 12 {
			persons = append(persons, newPerson(t, db, host.ID, fmt.Sprintf("Person %d", i), ""))
		}
		m := newMission(t, db, host.ID, "Enums")
		for _, kind := range mission.MissionKinds {
			for _, status := range mission.MissionStatuses {
				mm := &mission.Mission{Title: kind + " " + status, Kind: kind, Status: status, HostCity: "Bilbao", HostCountry: "ES",
					StartsOn: date(2026, 3, 10), EndsOn: date(2026, 3, 12)}
				must(t, db.CreateMission(ctx, mm))
			}
		}
		at := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
		for _, kind := range mission.ItemKinds {
			it := &mission.ProgrammeItem{MissionID: m.ID, Kind: kind, Title: kind, StartsAt: at, EndsAt: at.Add(time.Hour), SlotMinutes: 20}
			must(t, db.CreateProgrammeItem(ctx, it))
		}
		visit := &mission.ProgrammeItem{MissionID: m.ID, Kind: mission.ItemSiteVisit, Title: "Sign-ups", StartsAt: at, EndsAt: at.Add(time.Hour), SignupRequired: true}
		must(t, db.CreateProgrammeItem(ctx, visit))
		for i, status := range mission.SignupStatuses {
			_, err := db.db.ExecContext(ctx, `INSERT INTO signups (item_id, person_id, status, position, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $5)`, visit.ID, persons[i].ID, status, i+1, ts(at))
			must(t, err)
		}
		for i, role := range mission.MemberRoles {
			must(t, db.AddMissionMember(ctx, mission.MissionMember{MissionID: m.ID, PersonID: persons[i].ID, Role: role}))
		}
		for _, side := range []string{mission.Offer, mission.Request} {
			for _, cat := range mission.MarketplaceCategories {
				it := &mission.MarketplaceItem{OrganisationID: host.ID, Side: side, Category: cat, Title: cat}
				must(t, db.CreateMarketplaceItem(ctx, it))
			}
		}
		for i, status := range mission.ApplicationStatuses {
			must(t, db.CreateApplication(ctx, &mission.Application{MissionID: m.ID, PersonID: persons[i].ID, Status: status}))
		}
		priorities := []string{mission.PriorityMust, mission.PriorityShould, mission.PriorityCould}
		for i, status := range requestStatuses {
			r := &mission.MeetingRequest{MissionID: m.ID, FromPersonID: persons[0].ID, ToPersonID: persons[i+1].ID,
				Status: status, Priority: priorities[i%len(priorities)]}
			must(t, db.CreateMeetingRequest(ctx, r))
		}
		c := &mission.Consortium{Name: "Roles", Partners: []mission.Partner{
			{OrganisationID: orgs[0].ID, Role: mission.PartnerCoordinator}, {OrganisationID: orgs[1].ID, Role: mission.PartnerMember}}}
		must(t, db.CreateConsortium(ctx, c))
	})
}
