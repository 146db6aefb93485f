package store

import (
	"fmt"
	"slices"
	"testing"

	"caravan/internal/mission"
)

func TestOrganisations(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		gaia := &mission.Organisation{Name: " GAIA ", Kind: mission.KindCluster, Country: "es", Region: "ES21",
			City: "San Sebastián", Lat: 43.32, Lon: -1.98, Ecosystems: []string{"digitalisation", "ai-data", "digitalisation"},
			Staff: 40, Website: "https://gaia.es"}
		must(t, db.CreateOrganisation(ctx, gaia))
		if gaia.ID == 0 || gaia.CreatedAt.IsZero() {
			t.Fatalf("got id %d and created %v, want both set", gaia.ID, gaia.CreatedAt)
		}
		sme := &mission.Organisation{Name: "Ikerlan Robotics", Kind: mission.KindSME, Country: "ES", City: "Arrasate",
			ClusterIDs: []int64{gaia.ID}, Ecosystems: []string{"robotics"}}
		must(t, db.CreateOrganisation(ctx, sme))

		got, err := db.Organisation(ctx, gaia.ID)
		must(t, err)
		if got.Name != "GAIA" || got.Country != "ES" || got.City != "San Sebastián" || got.Lat != 43.32 || got.Staff != 40 {
			t.Errorf("got %+v, want GAIA as created", got)
		}
		if !slices.Equal(got.Ecosystems, []string{"digitalisation", "ai-data"}) {
			t.Errorf("got ecosystems %v, want [digitalisation ai-data]", got.Ecosystems)
		}
		if !got.CreatedAt.Equal(gaia.CreatedAt) {
			t.Errorf("got created %v, want %v", got.CreatedAt, gaia.CreatedAt)
		}
		got, err = db.Organisation(ctx, sme.ID)
		must(t, err)
		if !slices.Equal(got.ClusterIDs, []int64{gaia.ID}) {
			t.Errorf("got cluster ids %v, want [%d]", got.ClusterIDs, gaia.ID)
		}

		_, err = db.Organisation(ctx, 9999)
		wantCode(t, err, mission.ENOTFOUND)
		wantCode(t, db.CreateOrganisation(ctx, &mission.Organisation{Name: "", Kind: mission.KindSME, Country: "ES"}), mission.EINVALID)
		bad := &mission.Organisation{Name: "Orphan", Kind: mission.KindSME, Country: "ES", ClusterIDs: []int64{9999}}
		wantCode(t, db.CreateOrganisation(ctx, bad), mission.EINVALID)
		if bad.ID != 0 {
			t.Errorf("got id %d after a failed create, want 0", bad.ID)
		}

		// Filters.
		names := func(f mission.OrganisationFilter) []string {
			t.Helper()
			list, err := db.Organisations(ctx, f)
			must(t, err)
			var out []string
			for _, o := range list {
				out = append(out, o.Name)
			}
			return out
		}
		for _, tt := range []struct {
			f    mission.OrganisationFilter
			want []string
		}{
			{mission.OrganisationFilter{}, []string{"GAIA", "Ikerlan Robotics"}},
			{mission.OrganisationFilter{Kind: mission.KindSME}, []string{"Ikerlan Robotics"}},
			{mission.OrganisationFilter{Country: "es", Ecosystem: "ai-data"}, []string{"GAIA"}},
			{mission.OrganisationFilter{Query: "SEBAST"}, []string{"GAIA"}},
			{mission.OrganisationFilter{Query: "robot"}, []string{"Ikerlan Robotics"}},
			{mission.OrganisationFilter{Query: "%"}, nil},
			{mission.OrganisationFilter{Country: "FR"}, nil},
		} {
			if got := names(tt.f); !slices.Equal(got, tt.want) {
				t.Errorf("filter %+v: got %v, want %v", tt.f, got, tt.want)
			}
		}

		// Update.
		name, staff, eco := "GAIA Cluster", 45, []string{"energy"}
		up, err := db.UpdateOrganisation(ctx, gaia.ID, mission.OrganisationUpdate{Name: &name, Staff: &staff, Ecosystems: &eco})
		must(t, err)
		got, err = db.Organisation(ctx, gaia.ID)
		must(t, err)
		if got.Name != name || got.Staff != 45 || !slices.Equal(got.Ecosystems, eco) || got.City != "San Sebastián" || !got.UpdatedAt.Equal(up.UpdatedAt) {
			t.Errorf("got %+v after update, want name, staff and ecosystems changed", got)
		}
		empty := ""
		_, err = db.UpdateOrganisation(ctx, gaia.ID, mission.OrganisationUpdate{Name: &empty})
		wantCode(t, err, mission.EINVALID)
		_, err = db.UpdateOrganisation(ctx, 9999, mission.OrganisationUpdate{Name: &name})
		wantCode(t, err, mission.ENOTFOUND)
	})
}

func TestOrganisationsKeyset(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		for i := range 7 {
			newOrganisation(t, db, fmt.Sprintf("Org %d", i), mission.KindSME, "DE")
		}
		var seen []string
		var after int64
		pages := 0
		for {
			page, err := db.Organisations(ctx, mission.OrganisationFilter{Limit: 3, After: after})
			must(t, err)
			if len(page) == 0 {
				break
			}
			if len(page) > 3 {
				t.Fatalf("got a page of %d, want at most 3", len(page))
			}
			pages++
			for _, o := range page {
				seen = append(seen, o.Name)
			}
			after = page[len(page)-1].ID
		}
		want := []string{"Org 0", "Org 1", "Org 2", "Org 3", "Org 4", "Org 5", "Org 6"}
		if !slices.Equal(seen, want) || pages != 3 {
			t.Fatalf("got %v in %d pages, want %v in 3", seen, pages, want)
		}
	})
}

func TestPersons(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		org := newOrganisation(t, db, "Silicon Saxony", mission.KindCluster, "DE")
		p := &mission.Person{OrganisationID: org.ID, Name: "Frank Bösenberg", Email: " Frank@Example.org ",
			JobTitle: "Managing director", Languages: []string{"de", "en"}, Phone: "+49 351 1"}
		must(t, db.CreatePerson(ctx, p))

		got, err := db.Person(ctx, p.ID)
		must(t, err)
		if got.Email != "frank@example.org" || got.Name != "Frank Bösenberg" || !slices.Equal(got.Languages, []string{"de", "en"}) {
			t.Errorf("got %+v, want the person as created", got)
		}
		if got.Organisation == nil || got.Organisation.Name != "Silicon Saxony" {
			t.Errorf("got organisation %+v, want Silicon Saxony", got.Organisation)
		}

		// E-mail addresses are unique ignoring case; empty ones are not.
		wantCode(t, db.CreatePerson(ctx, &mission.Person{OrganisationID: org.ID, Name: "Other", Email: "FRANK@example.org"}), mission.ECONFLICT)
		newPerson(t, db, org.ID, "No Mail 1", "")
		newPerson(t, db, org.ID, "No Mail 2", "")
		wantCode(t, db.CreatePerson(ctx, &mission.Person{OrganisationID: org.ID + 100, Name: "Lost"}), mission.EINVALID)
		wantCode(t, db.CreatePerson(ctx, &mission.Person{OrganisationID: org.ID, Name: "Bad", Email: "not-an-address"}), mission.EINVALID)
		_, err = db.Person(ctx, 9999)
		wantCode(t, err, mission.ENOTFOUND)

		other := newOrganisation(t, db, "Pôle SCS", mission.KindCluster, "FR")
		newPerson(t, db, other.ID, "Claire Martin", "claire@example.fr")
		for _, tt := range []struct {
			f    mission.PersonFilter
			want int
		}{
			{mission.PersonFilter{}, 4},
			{mission.PersonFilter{OrganisationID: other.ID}, 1},
			{mission.PersonFilter{Email: "FRANK@EXAMPLE.ORG"}, 1},
			{mission.PersonFilter{Query: "mail"}, 2},
			{mission.PersonFilter{Limit: 2}, 2},
			{mission.PersonFilter{After: p.ID}, 3},
		} {
			list, err := db.Persons(ctx, tt.f)
			must(t, err)
			if len(list) != tt.want {
				t.Errorf("filter %+v: got %d persons, want %d", tt.f, len(list), tt.want)
			}
			for _, p := range list {
				if p.Organisation == nil || p.Organisation.ID != p.OrganisationID {
					t.Errorf("got person %d without its organisation", p.ID)
				}
			}
		}
	})
}

func TestConsortiaAndRegions(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		sax := newOrganisation(t, db, "Silicon Saxony", mission.KindCluster, "DE")
		scs := newOrganisation(t, db, "Pôle SCS", mission.KindCluster, "FR")
		c := &mission.Consortium{Name: "EXCITE", Acronym: "EXCITE", StartsOn: date(2022, 2, 1), EndsOn: date(2024, 1, 31),
			TargetParticipants: 96, Partners: []mission.Partner{
				{OrganisationID: sax.ID, Role: mission.PartnerCoordinator, TravelBudgetCents: 2_640_000},
				{OrganisationID: scs.ID, TravelBudgetCents: 1_320_000},
			}}
		must(t, db.CreateConsortium(ctx, c))
		if c.ID == 0 || c.Partners[0].ID == 0 || c.Partners[1].ConsortiumID != c.ID {
			t.Fatalf("got %+v, want ids set", c)
		}
		got, err := db.Consortium(ctx, c.ID)
		must(t, err)
		if !got.StartsOn.Equal(c.StartsOn) || !got.EndsOn.Equal(c.EndsOn) || got.TargetParticipants != 96 || len(got.Partners) != 2 {
			t.Fatalf("got %+v, want EXCITE as created", got)
		}
		if p := got.Partners[1]; p.Role != mission.PartnerMember || p.Organisation == nil || p.Organisation.Name != "Pôle SCS" || p.TravelBudgetCents != 1_320_000 {
			t.Errorf("got partner %+v, want Pôle SCS", p)
		}
		list, err := db.Consortia(ctx)
		must(t, err)
		if len(list) != 1 || len(list[0].Partners) != 2 {
			t.Errorf("got %d consortia, want 1 with 2 partners", len(list))
		}
		_, err = db.Consortium(ctx, 9999)
		wantCode(t, err, mission.ENOTFOUND)
		dup := &mission.Consortium{Name: "Twice", Partners: []mission.Partner{{OrganisationID: sax.ID}, {OrganisationID: sax.ID}}}
		wantCode(t, db.CreateConsortium(ctx, dup), mission.ECONFLICT)
		missing := &mission.Consortium{Name: "Missing", Partners: []mission.Partner{{OrganisationID: 9999}}}
		wantCode(t, db.CreateConsortium(ctx, missing), mission.EINVALID)
		if list, _ := db.Consortia(ctx); len(list) != 1 {
			t.Errorf("got %d consortia after failed creates, want 1", len(list))
		}

		r := &mission.Region{Code: "ES21", Name: "Basque Country", Country: "ES", Figures: []mission.RegionFigure{
			{Label: "Industry share of GDP", Value: 22.8, Unit: "%", Source: "Eustat"},
			{Label: "Population", Value: 2.2e6},
		}}
		must(t, db.CreateRegion(ctx, r))
		gotR, err := db.Region(ctx, r.ID)
		must(t, err)
		if gotR.Name != "Basque Country" || len(gotR.Figures) != 2 || gotR.Figures[0] != r.Figures[0] || gotR.Figures[1] != r.Figures[1] {
			t.Errorf("got %+v, want the region as created", gotR)
		}
		wantCode(t, db.CreateRegion(ctx, &mission.Region{Code: "ES21", Name: "Again"}), mission.ECONFLICT)
		_, err = db.Region(ctx, 9999)
		wantCode(t, err, mission.ENOTFOUND)
	})
}
