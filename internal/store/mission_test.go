package store

import (
	"slices"
	"testing"
	"time"

	"caravan/internal/mission"
)

func TestMissions(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		gaia := newOrganisation(t, db, "GAIA", mission.KindCluster, "ES")
		sax := newOrganisation(t, db, "Silicon Saxony", mission.KindCluster, "DE")
		c := &mission.Consortium{Name: "EXCITE", Partners: []mission.Partner{{OrganisationID: sax.ID}}}
		must(t, db.CreateConsortium(ctx, c))
		region := &mission.Region{Code: "ES21", Name: "Basque Country"}
		must(t, db.CreateRegion(ctx, region))

		m := &mission.Mission{ConsortiumID: c.ID, Title: "Basque Country 2026", Kind: mission.MissionDelegation,
			Published: true, HostOrganisationID: gaia.ID, HostCity: "Bilbao", HostCountry: "es", RegionID: region.ID,
			TimeZone: "Europe/Madrid", StartsOn: date(2026, 3, 10), EndsOn: date(2026, 3, 12),
			ArrivalOn: date(2026, 3, 9), DepartureOn: date(2026, 3, 13),
			CallOpensOn: date(2026, 1, 5), CallClosesOn: date(2026, 2, 1), Capacity: 24,
			Themes: []string{"digitalisation", "advanced-manufacturing"}, Keywords: []string{"industry 4.0", "B2B"},
			Quotas: []mission.Quota{{PartnerID: c.Partners[0].ID, Places: 4}}}
		must(t, db.CreateMission(ctx, m))

		got, err := db.Mission(ctx, m.ID)
		must(t, err)
		if got.Status != mission.StatusDraft || got.HostCountry != "ES" || !got.Published || got.RegionID != region.ID ||
			got.ConsortiumID != c.ID || got.HostOrganisationID != gaia.ID || got.Capacity != 24 {
			t.Errorf("got %+v, want the mission as created", got)
		}
		for _, d := range []struct {
			name      string
			got, want time.Time
		}{
			{"starts_on", got.StartsOn, m.StartsOn}, {"ends_on", got.EndsOn, m.EndsOn},
			{"arrival_on", got.ArrivalOn, m.ArrivalOn}, {"departure_on", got.DepartureOn, m.DepartureOn},
			{"call_opens_on", got.CallOpensOn, m.CallOpensOn}, {"call_closes_on", got.CallClosesOn, m.CallClosesOn},
		} {
			if d.got != d.want { // the same instant and location (UTC)
				t.Errorf("%s: got %v, want %v", d.name, d.got, d.want)
			}
		}
		if !slices.Equal(got.Themes, m.Themes) || !slices.Equal(got.Keywords, m.Keywords) ||
			!slices.Equal(got.Quotas, m.Quotas) {
			t.Errorf("got themes %v keywords %v quotas %v, want %v %v %v", got.Themes, got.Keywords, got.Quotas, m.Themes, m.Keywords, m.Quotas)
		}

		// A mission without optional references or dates.
		bare := &mission.Mission{Title: "Study visit", Kind: mission.MissionStudyVisit, HostCity: "Lyon", HostCountry: "FR",
			StartsOn: date(2026, 5, 4), EndsOn: date(2026, 5, 6)}
		must(t, db.CreateMission(ctx, bare))
		got, err = db.Mission(ctx, bare.ID)
		must(t, err)
		if got.ConsortiumID != 0 || got.RegionID != 0 || !got.ArrivalOn.IsZero() || got.Themes != nil || got.TimeZone != "UTC" {
			t.Errorf("got %+v, want no consortium, region, arrival or themes", got)
		}

		wantCode(t, db.CreateMission(ctx, &mission.Mission{Title: "No dates", HostCity: "X", HostCountry: "ES"}), mission.EINVALID)
		lost := &mission.Mission{Title: "Lost host", HostOrganisationID: 9999, HostCity: "X", HostCountry: "ES",
			StartsOn: date(2026, 1, 1), EndsOn: date(2026, 1, 2)}
		wantCode(t, db.CreateMission(ctx, lost), mission.EINVALID)
		_, err = db.Mission(ctx, 9999)
		wantCode(t, err, mission.ENOTFOUND)

		// Filters and paging.
		yes, no := true, false
		for _, tt := range []struct {
			f    mission.MissionFilter
			want []int64
		}{
			{mission.MissionFilter{}, []int64{m.ID, bare.ID}},
			{mission.MissionFilter{Published: &yes}, []int64{m.ID}},
			{mission.MissionFilter{Published: &no}, []int64{bare.ID}},
			{mission.MissionFilter{ConsortiumID: c.ID}, []int64{m.ID}},
			{mission.MissionFilter{Status: mission.StatusCallOpen}, nil},
			{mission.MissionFilter{Limit: 1}, []int64{m.ID}},
			{mission.MissionFilter{After: m.ID}, []int64{bare.ID}},
		} {
			list, err := db.Missions(ctx, tt.f)
			must(t, err)
			var ids []int64
			for _, m := range list {
				ids = append(ids, m.ID)
			}
			if !slices.Equal(ids, tt.want) {
				t.Errorf("filter %+v: got %v, want %v", tt.f, ids, tt.want)
			}
		}
		list, err := db.Missions(ctx, mission.MissionFilter{Limit: 1})
		must(t, err)
		if !slices.Equal(list[0].Themes, m.Themes) || len(list[0].Quotas) != 1 {
			t.Errorf("got a listed mission without its themes or quotas: %+v", list[0])
		}

		// Update.
		status, title, ends, themes := mission.StatusCallOpen, "Basque Country, spring 2026", date(2026, 3, 13), []string{"robotics"}
		up, err := db.UpdateMission(ctx, m.ID, mission.MissionUpdate{Status: &status, Title: &title, EndsOn: &ends, Themes: &themes})
		must(t, err)
		if up.Status != status || up.Title != title || up.EndsOn != ends || !slices.Equal(up.Themes, themes) ||
			!slices.Equal(up.Keywords, m.Keywords) || up.UpdatedAt.Before(m.CreatedAt) {
			t.Errorf("got %+v after update", up)
		}
		bad := mission.StatusDraft + "x"
		_, err = db.UpdateMission(ctx, m.ID, mission.MissionUpdate{Status: &bad})
		wantCode(t, err, mission.EINVALID)
		early := date(2026, 3, 1)
		_, err = db.UpdateMission(ctx, m.ID, mission.MissionUpdate{EndsOn: &early})
		wantCode(t, err, mission.EINVALID)
		got, err = db.Mission(ctx, m.ID)
		must(t, err)
		if got.EndsOn != ends || got.Status != status {
			t.Errorf("a failed update changed the mission: %+v", got)
		}
		_, err = db.UpdateMission(ctx, 9999, mission.MissionUpdate{Title: &title})
		wantCode(t, err, mission.ENOTFOUND)

		// Delete takes the mission's programme along.
		it := &mission.ProgrammeItem{MissionID: bare.ID, Kind: mission.ItemConference, Title: "Conference",
			StartsAt: time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC), EndsAt: time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)}
		must(t, db.CreateProgrammeItem(ctx, it))
		must(t, db.DeleteMission(ctx, bare.ID))
		_, err = db.Mission(ctx, bare.ID)
		wantCode(t, err, mission.ENOTFOUND)
		_, err = db.ProgrammeItem(ctx, it.ID)
		wantCode(t, err, mission.ENOTFOUND)
		wantCode(t, db.DeleteMission(ctx, bare.ID), mission.ENOTFOUND)
	})
}

// TestTimeRoundTrip checks that timestamps and dates read back identically
// on every backend: UTC, to the microsecond, whatever the location given.
func TestTimeRoundTrip(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		host := newOrganisation(t, db, "GAIA", mission.KindCluster, "ES")
		madrid, err := time.LoadLocation("Europe/Madrid")
		must(t, err)
		m := newMission(t, db, host.ID, "Times")
		starts := []time.Time{
			time.Date(2026, 3, 10, 9, 30, 0, 0, madrid),
			time.Date(2026, 3, 10, 23, 59, 59, 999_999_999, time.UTC),
			time.Date(2026, 10, 25, 2, 30, 0, 123_456_789, madrid), // the hour that repeats
			time.Date(1999, 12, 31, 23, 0, 0, 1_000, time.FixedZone("X", -5*3600)),
		}
		for _, start := range starts {
			it := &mission.ProgrammeItem{MissionID: m.ID, Kind: mission.ItemNetworking, Title: "Dinner",
				StartsAt: start, EndsAt: start.Add(90 * time.Minute)}
			must(t, db.CreateProgrammeItem(ctx, it))
			got, err := db.ProgrammeItem(ctx, it.ID)
			must(t, err)
			want := start.UTC().Truncate(time.Microsecond)
			if got.StartsAt != want || got.StartsAt != it.StartsAt {
				t.Errorf("got %v, want %v (and the created item's %v)", got.StartsAt, want, it.StartsAt)
			}
			if got.CreatedAt != it.CreatedAt {
				t.Errorf("got created %v, want %v", got.CreatedAt, it.CreatedAt)
			}
		}
		// A date given in another location keeps its calendar day.
		d := time.Date(2026, 3, 10, 0, 0, 0, 0, madrid)
		up, err := db.UpdateMission(ctx, m.ID, mission.MissionUpdate{StartsOn: &d})
		must(t, err)
		if up.StartsOn != date(2026, 3, 10) {
			t.Errorf("got %v, want 2026-03-10 midnight UTC", up.StartsOn)
		}
	})
}

func TestProgrammeItems(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		host := newOrganisation(t, db, "GAIA", mission.KindCluster, "ES")
		m := newMission(t, db, host.ID, "Programme")
		at := func(day, hour int) time.Time { return time.Date(2026, 3, day, hour, 0, 0, 0, time.UTC) }
		items := []*mission.ProgrammeItem{
			{MissionID: m.ID, Kind: mission.ItemSiteVisit, Title: "Site visit", StartsAt: at(11, 9), EndsAt: at(11, 12), SignupRequired: true, Capacity: 20},
			{MissionID: m.ID, Kind: mission.ItemB2BSession, Title: "B2B meetings", StartsAt: at(10, 14), EndsAt: at(10, 18), SlotMinutes: 20, Tables: 12},
			{MissionID: m.ID, Kind: mission.ItemPresentation, Title: "Digital innovation hub", StartsAt: at(10, 9), EndsAt: at(10, 10), Venue: "BEC"},
			{MissionID: m.ID, Kind: mission.ItemConference, Title: "SME Assembly", StartsAt: at(10, 14), EndsAt: at(10, 16)},
		}
		for _, it := range items {
			must(t, db.CreateProgrammeItem(ctx, it))
		}
		list, err := db.ProgrammeItems(ctx, m.ID)
		must(t, err)
		var titles []string
		for _, it := range list {
			titles = append(titles, it.Title)
		}
		want := []string{"Digital innovation hub", "B2B meetings", "SME Assembly", "Site visit"}
		if !slices.Equal(titles, want) {
			t.Fatalf("got %v, want %v", titles, want)
		}
		if b2b := list[1]; b2b.SlotMinutes != 20 || b2b.Tables != 12 || b2b.Kind != mission.ItemB2BSession {
			t.Errorf("got %+v, want the B2B session's slots and tables", b2b)
		}
		if visit := list[3]; !visit.SignupRequired || visit.Capacity != 20 {
			t.Errorf("got %+v, want sign-up required and capacity 20", visit)
		}

		venue, ends := "Euskalduna", at(11, 13)
		up, err := db.UpdateProgrammeItem(ctx, items[0].ID, mission.ProgrammeItemUpdate{Venue: &venue, EndsAt: &ends})
		must(t, err)
		got, err := db.ProgrammeItem(ctx, items[0].ID)
		must(t, err)
		if got.Venue != venue || got.EndsAt != ends || got.Title != "Site visit" || *got != *up {
			t.Errorf("got %+v, want venue and end changed as %+v", got, up)
		}
		early := at(11, 8)
		_, err = db.UpdateProgrammeItem(ctx, items[0].ID, mission.ProgrammeItemUpdate{EndsAt: &early})
		wantCode(t, err, mission.EINVALID)
		_, err = db.UpdateProgrammeItem(ctx, 9999, mission.ProgrammeItemUpdate{Venue: &venue})
		wantCode(t, err, mission.ENOTFOUND)

		wantCode(t, db.CreateProgrammeItem(ctx, &mission.ProgrammeItem{MissionID: 9999, Kind: mission.ItemTravel, Title: "Flight",
			StartsAt: at(9, 8), EndsAt: at(9, 10)}), mission.EINVALID)
		wantCode(t, db.CreateProgrammeItem(ctx, &mission.ProgrammeItem{MissionID: m.ID, Kind: "party", Title: "Party",
			StartsAt: at(9, 8), EndsAt: at(9, 10)}), mission.EINVALID)

		must(t, db.DeleteProgrammeItem(ctx, items[2].ID))
		wantCode(t, db.DeleteProgrammeItem(ctx, items[2].ID), mission.ENOTFOUND)
		list, err = db.ProgrammeItems(ctx, m.ID)
		must(t, err)
		if len(list) != 3 {
			t.Errorf("got %d items after delete, want 3", len(list))
		}
	})
}

func TestMissionMembers(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		gaia := newOrganisation(t, db, "GAIA", mission.KindCluster, "ES")
		sax := newOrganisation(t, db, "Silicon Saxony", mission.KindCluster, "DE")
		acme := newOrganisation(t, db, "Acme Sensors", mission.KindSME, "DE")
		local := newOrganisation(t, db, "Bilbao Robotics", mission.KindSME, "ES")
		m := newMission(t, db, gaia.ID, "Members")

		organiser := newPerson(t, db, sax.ID, "Olga Organiser", "olga@example.org")
		p1 := newPerson(t, db, acme.ID, "Paul Participant", "paul@example.org")
		p2 := newPerson(t, db, acme.ID, "Petra Participant", "petra@example.org")
		p3 := newPerson(t, db, sax.ID, "Sven Participant", "sven@example.org")
		l1 := newPerson(t, db, local.ID, "Lucía Local", "lucia@example.es")
		viewer := newPerson(t, db, sax.ID, "Vera Viewer", "vera@example.org")
		for _, mm := range []mission.MissionMember{
			{MissionID: m.ID, PersonID: organiser.ID, Role: mission.RoleOrganiser},
			{MissionID: m.ID, PersonID: p1.ID, Role: mission.RoleParticipant},
			{MissionID: m.ID, PersonID: p2.ID, Role: mission.RoleParticipant},
			{MissionID: m.ID, PersonID: p3.ID, Role: mission.RoleParticipant},
			{MissionID: m.ID, PersonID: l1.ID, Role: mission.RoleLocal},
			{MissionID: m.ID, PersonID: viewer.ID, Role: mission.RoleViewer},
		} {
			must(t, db.AddMissionMember(ctx, mm))
		}
		wantCode(t, db.AddMissionMember(ctx, mission.MissionMember{MissionID: m.ID, PersonID: p1.ID, Role: mission.RoleParticipant}), mission.ECONFLICT)
		wantCode(t, db.AddMissionMember(ctx, mission.MissionMember{MissionID: m.ID, PersonID: 9999, Role: mission.RoleParticipant}), mission.EINVALID)
		wantCode(t, db.AddMissionMember(ctx, mission.MissionMember{MissionID: 9999, PersonID: p1.ID, Role: mission.RoleParticipant}), mission.EINVALID)
		wantCode(t, db.AddMissionMember(ctx, mission.MissionMember{MissionID: m.ID, PersonID: p1.ID, Role: "boss"}), mission.EINVALID)

		all, err := db.MissionMembers(ctx, m.ID, "")
		must(t, err)
		var names []string
		for _, mm := range all {
			names = append(names, mm.Person.Name)
			if mm.Person.Organisation == nil || mm.Person.Organisation.ID != mm.Person.OrganisationID || mm.CreatedAt.IsZero() {
				t.Errorf("got member %+v without its organisation or time", mm)
			}
		}
		want := []string{"Olga Organiser", "Paul Participant", "Petra Participant", "Sven Participant", "Lucía Local", "Vera Viewer"}
		if !slices.Equal(names, want) {
			t.Errorf("got members %v, want %v", names, want)
		}
		parts, err := db.MissionMembers(ctx, m.ID, mission.RoleParticipant)
		must(t, err)
		if len(parts) != 3 {
			t.Errorf("got %d participants, want 3", len(parts))
		}

		orgs, err := db.MissionOrganisations(ctx, m.ID)
		must(t, err)
		type row struct {
			name, role string
			people     int
		}
		var got []row
		for _, mo := range orgs {
			got = append(got, row{mo.Organisation.Name, mo.Role, mo.People})
		}
		wantOrgs := []row{
			{"GAIA", mission.RoleHost, 0},
			{"Silicon Saxony", mission.RoleOrganiser, 1},
			{"Acme Sensors", mission.RoleParticipant, 2},
			{"Silicon Saxony", mission.RoleParticipant, 1},
			{"Bilbao Robotics", mission.RoleLocal, 1},
		}
		if !slices.Equal(got, wantOrgs) {
			t.Errorf("got organisations %v, want %v", got, wantOrgs)
		}

		// A host member from the host organisation is counted there.
		h := newPerson(t, db, gaia.ID, "Hugo Host", "hugo@example.es")
		must(t, db.AddMissionMember(ctx, mission.MissionMember{MissionID: m.ID, PersonID: h.ID, Role: mission.RoleHost}))
		orgs, err = db.MissionOrganisations(ctx, m.ID)
		must(t, err)
		if len(orgs) != 5 || orgs[0].Organisation.ID != gaia.ID || orgs[0].People != 1 {
			t.Errorf("got %d organisations, first %+v, want GAIA as host with 1 person", len(orgs), orgs[0])
		}
		_, err = db.MissionOrganisations(ctx, 9999)
		wantCode(t, err, mission.ENOTFOUND)

		it := &mission.ProgrammeItem{MissionID: m.ID, Kind: mission.ItemConference, Title: "Conference",
			StartsAt: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC), EndsAt: time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)}
		must(t, db.CreateProgrammeItem(ctx, it))
		counts, err := db.MissionCounts(ctx, m.ID)
		must(t, err)
		if want := (mission.MissionCounts{Organisations: 4, Participants: 3, Locals: 1, ProgrammeItems: 1}); counts != want {
			t.Errorf("got counts %+v, want %+v", counts, want)
		}
		_, err = db.MissionCounts(ctx, 9999)
		wantCode(t, err, mission.ENOTFOUND)
	})
}
