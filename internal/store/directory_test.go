package store

import (
	"slices"
	"testing"
	"time"

	"caravan/internal/mission"
)

func TestAddLocalCompanyAndDirectory(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
		gaia := &mission.Organisation{Name: "GAIA", Kind: mission.KindCluster, Country: "ES", City: "San Sebastián"}
		must(t, db.CreateOrganisation(ctx, gaia))
		m := &mission.Mission{Title: "Basque mission", HostOrganisationID: gaia.ID, HostCity: "Bilbao", HostCountry: "ES",
			StartsOn: now, EndsOn: now.AddDate(0, 0, 2)}
		must(t, db.CreateMission(ctx, m))

		org := &mission.Organisation{Name: "Bilbao Robotics", Kind: mission.KindSME, Country: "ES", City: "Bilbao",
			Ecosystems: []string{"robotics", "robotics"}}
		p := &mission.Person{Name: "Ane Etxeberria", Email: "Ane@Robotics.example", JobTitle: "CEO"}
		must(t, db.AddLocalCompany(ctx, m.ID, LocalCompany{Organisation: org, Person: p}, now))
		if org.ID == 0 || p.ID == 0 || p.OrganisationID != org.ID {
			t.Fatalf("ids not set: organisation %d, person %d in %d", org.ID, p.ID, p.OrganisationID)
		}
		members, err := db.MissionMembers(ctx, m.ID, mission.RoleLocal)
		must(t, err)
		if len(members) != 1 || members[0].PersonID != p.ID || members[0].Person.Organisation.Name != "Bilbao Robotics" {
			t.Fatalf("local members: %+v", members)
		}
		got, err := db.Organisation(ctx, org.ID)
		must(t, err)
		if !slices.Equal(got.Ecosystems, []string{"robotics"}) {
			t.Errorf("ecosystems %v, want [robotics]", got.Ecosystems)
		}
		// A second person of the same organisation, without e-mail.
		p2 := &mission.Person{Name: "Jon Goñi"}
		must(t, db.AddLocalCompany(ctx, m.ID, LocalCompany{OrganisationID: org.ID, Person: p2}, now))
		p3 := &mission.Person{Name: "Miren Ruiz"}
		must(t, db.AddLocalCompany(ctx, m.ID, LocalCompany{OrganisationID: org.ID, Person: p3}, now))

		// Nothing is written half: a taken e-mail address leaves no new organisation behind.
		before, err := db.Organisations(ctx, mission.OrganisationFilter{Limit: 1000})
		must(t, err)
		dup := &mission.Organisation{Name: "Duplicate Ltd", Kind: mission.KindSME, Country: "ES"}
		err = db.AddLocalCompany(ctx, m.ID, LocalCompany{Organisation: dup, Person: &mission.Person{Name: "X", Email: "ane@robotics.example"}}, now)
		if mission.ErrorCode(err) != mission.ECONFLICT {
			t.Fatalf("duplicate e-mail: got %v, want ECONFLICT", err)
		}
		after, err := db.Organisations(ctx, mission.OrganisationFilter{Limit: 1000})
		must(t, err)
		if len(after) != len(before) || dup.ID != 0 {
			t.Errorf("a failed addition left an organisation: %d before, %d after, id %d", len(before), len(after), dup.ID)
		}
		err = db.AddLocalCompany(ctx, 999999, LocalCompany{OrganisationID: org.ID, Person: &mission.Person{Name: "Y"}}, now)
		if mission.ErrorCode(err) != mission.EINVALID {
			t.Errorf("unknown mission: got %v, want EINVALID", err)
		}
		err = db.AddLocalCompany(ctx, m.ID, LocalCompany{Organisation: &mission.Organisation{Name: "", Kind: mission.KindSME, Country: "ES"},
			Person: &mission.Person{Name: "Z"}}, now)
		if mission.ErrorCode(err) != mission.EINVALID {
			t.Errorf("organisation without a name: got %v, want EINVALID", err)
		}

		names := func(f DirectoryFilter) []string {
			t.Helper()
			list, err := db.Directory(ctx, f)
			must(t, err)
			var out []string
			for _, e := range list {
				out = append(out, e.Person.Name)
			}
			return out
		}
		if got := names(DirectoryFilter{Query: "ROBOTICS"}); !slices.Equal(got, []string{"Ane Etxeberria", "Jon Goñi", "Miren Ruiz"}) {
			t.Errorf("query by organisation: %v", got)
		}
		if got := names(DirectoryFilter{Query: "miren"}); !slices.Equal(got, []string{"Miren Ruiz"}) {
			t.Errorf("query by name: %v", got)
		}
		if got := names(DirectoryFilter{Query: "100%_"}); len(got) != 0 {
			t.Errorf("LIKE wildcards must match literally: %v", got)
		}
		if got := names(DirectoryFilter{Role: mission.RoleLocal, Ecosystem: "robotics", Country: "es", Kind: mission.KindSME}); len(got) != 3 {
			t.Errorf("filters: %v, want the three local people", got)
		}
		if got := names(DirectoryFilter{Role: mission.RoleHost}); len(got) != 0 {
			t.Errorf("role host: %v, want none", got)
		}
		if got := names(DirectoryFilter{Kind: mission.KindCluster}); len(got) != 0 {
			t.Errorf("kind cluster: %v, want none (GAIA has no people)", got)
		}
		if got := names(DirectoryFilter{OrganisationID: org.ID}); len(got) != 3 {
			t.Errorf("organisation %d: %v, want its three people", org.ID, got)
		}
		if got := names(DirectoryFilter{OrganisationID: gaia.ID}); len(got) != 0 {
			t.Errorf("GAIA's people: %v, want none", got)
		}
		if got := names(DirectoryFilter{Query: "Robotics", Limit: 2}); len(got) != 2 {
			t.Errorf("limit 2: %v", got)
		}
		list, err := db.Directory(ctx, DirectoryFilter{Query: "Ane"})
		must(t, err)
		if len(list) != 1 || len(list[0].Memberships) != 1 || list[0].Memberships[0].MissionID != m.ID ||
			list[0].Memberships[0].Role != mission.RoleLocal || list[0].Person.Organisation.Name != "Bilbao Robotics" {
			t.Errorf("entry: %+v", list)
		}
	})
}

func TestMarketplaceItemEditAndDelete(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		org := &mission.Organisation{Name: "Bilbao Robotics", Kind: mission.KindSME, Country: "ES"}
		must(t, db.CreateOrganisation(ctx, org))
		it := &mission.MarketplaceItem{OrganisationID: org.ID, Side: mission.Offer, Category: "technology", Title: "Cobots",
			Ecosystems: []string{"robotics"}, Keywords: []string{"welding"}}
		must(t, db.CreateMarketplaceItem(ctx, it))
		it.Side, it.Title, it.Keywords, it.Ecosystems = mission.Request, "Cobot integrators", []string{"welding", "painting", "welding"}, nil
		must(t, db.UpdateMarketplaceItem(ctx, it))
		got, err := db.MarketplaceItem(ctx, it.ID)
		must(t, err)
		if got.Side != mission.Request || got.Title != "Cobot integrators" || !slices.Equal(got.Keywords, []string{"welding", "painting"}) || len(got.Ecosystems) != 0 {
			t.Errorf("after update: %+v", got)
		}
		bad := *got
		bad.Title = ""
		if err := db.UpdateMarketplaceItem(ctx, &bad); mission.ErrorCode(err) != mission.EINVALID {
			t.Errorf("empty title: got %v, want EINVALID", err)
		}
		missing := *got
		missing.ID = 999999
		if err := db.UpdateMarketplaceItem(ctx, &missing); mission.ErrorCode(err) != mission.ENOTFOUND {
			t.Errorf("unknown item: got %v, want ENOTFOUND", err)
		}
		must(t, db.DeleteMarketplaceItem(ctx, it.ID))
		if _, err := db.MarketplaceItem(ctx, it.ID); mission.ErrorCode(err) != mission.ENOTFOUND {
			t.Errorf("after delete: got %v, want ENOTFOUND", err)
		}
		if err := db.DeleteMarketplaceItem(ctx, it.ID); mission.ErrorCode(err) != mission.ENOTFOUND {
			t.Errorf("second delete: got %v, want ENOTFOUND", err)
		}
	})
}
