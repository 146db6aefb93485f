package store

import (
	"fmt"
	"path/filepath"
	"testing"

	"caravan/internal/mission"
)

// benchDB returns a migrated SQLite database in b.TempDir().
func benchDB(b *testing.B) *DB {
	b.Helper()
	db, err := Open(b.Context(), "sqlite:"+filepath.Join(b.TempDir(), "bench.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := db.Migrate(b.Context()); err != nil {
		b.Fatal(err)
	}
	return db
}

// BenchmarkCreateOrganisation measures one insert with its lists, one
// transaction each, on SQLite.
func BenchmarkCreateOrganisation(b *testing.B) {
	db := benchDB(b)
	i := 0
	for b.Loop() {
		i++
		o := &mission.Organisation{Name: fmt.Sprintf("Org %d", i), Kind: mission.KindSME, Country: "ES",
			Ecosystems: []string{"robotics", "energy"}}
		if err := db.CreateOrganisation(b.Context(), o); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMissionMembers measures reading the 200 members of a mission
// with their persons and organisations, on SQLite.
func BenchmarkMissionMembers(b *testing.B) {
	db := benchDB(b)
	ctx := b.Context()
	host := &mission.Organisation{Name: "GAIA", Kind: mission.KindCluster, Country: "ES"}
	if err := db.CreateOrganisation(ctx, host); err != nil {
		b.Fatal(err)
	}
	m := &mission.Mission{Title: "Bench", HostOrganisationID: host.ID, HostCity: "Bilbao", HostCountry: "ES",
		StartsOn: date(2026, 3, 10), EndsOn: date(2026, 3, 12)}
	if err := db.CreateMission(ctx, m); err != nil {
		b.Fatal(err)
	}
	for i := range 200 {
		o := &mission.Organisation{Name: fmt.Sprintf("SME %d", i/2), Kind: mission.KindSME, Country: "DE", Ecosystems: []string{"robotics"}}
		if err := db.CreateOrganisation(ctx, o); err != nil {
			b.Fatal(err)
		}
		p := &mission.Person{OrganisationID: o.ID, Name: fmt.Sprintf("Person %d", i)}
		if err := db.CreatePerson(ctx, p); err != nil {
			b.Fatal(err)
		}
		if err := db.AddMissionMember(ctx, mission.MissionMember{MissionID: m.ID, PersonID: p.ID, Role: mission.RoleParticipant}); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		members, err := db.MissionMembers(ctx, m.ID, "")
		if err != nil || len(members) != 200 {
			b.Fatalf("got %d members and %v, want 200", len(members), err)
		}
	}
}
