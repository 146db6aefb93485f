package store

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"caravan/internal/mission"
)

// storyWorld is a hand-built mission to Bilbao hosted by GAIA for a
// consortium of Pôle SCS, Silicon Saxony and GAIA: two visiting SMEs (Pia of
// Sophia Sensors consents to public mention, Paul of Dresden Chips does
// not), one local company with one consenting and one silent person, and a
// meeting of each visitor.
type storyWorld struct {
	m                      *mission.Mission
	pia, paul, leire, lur  *mission.Person
	organiser              *mission.Person
	sensors, chips, basque *mission.Organisation
}

func newStoryWorld(t *testing.T, db *DB) *storyWorld {
	t.Helper()
	ctx := t.Context()
	w := &storyWorld{}
	gaia := newOrganisation(t, db, "GAIA", mission.KindCluster, "ES")
	scs := newOrganisation(t, db, "Pôle SCS", mission.KindCluster, "FR")
	sax := newOrganisation(t, db, "Silicon Saxony", mission.KindCluster, "DE")
	c := &mission.Consortium{Name: "Exchange for Innovation", Acronym: "EXCITE", StartsOn: date(2026, 1, 1), EndsOn: date(2026, 12, 31),
		Partners: []mission.Partner{{OrganisationID: sax.ID}, {OrganisationID: scs.ID}, {OrganisationID: gaia.ID}}}
	must(t, db.CreateConsortium(ctx, c))
	w.m = &mission.Mission{Title: "Basque mission", ConsortiumID: c.ID, HostOrganisationID: gaia.ID, HostCity: "Bilbao", HostCountry: "ES",
		StartsOn: date(2026, 3, 10), EndsOn: date(2026, 3, 12), TimeZone: "Europe/Madrid", Published: true, Themes: []string{"cybersecurity"}}
	must(t, db.CreateMission(ctx, w.m))
	w.organiser = newPerson(t, db, scs.ID, "Olga Organiser", "olga@example.fr")
	must(t, db.AddMissionMember(ctx, mission.MissionMember{MissionID: w.m.ID, PersonID: w.organiser.ID, Role: mission.RoleOrganiser}))
	w.sensors = newOrganisation(t, db, "Sophia Sensors", mission.KindSME, "FR")
	w.chips = newOrganisation(t, db, "Dresden Chips", mission.KindSME, "DE")
	w.basque = newOrganisation(t, db, "Bilbao Tools", mission.KindSME, "ES")
	w.pia = newPerson(t, db, w.sensors.ID, "Pia One", "pia@example.fr")
	w.paul = newPerson(t, db, w.chips.ID, "Paul Two", "paul@example.de")
	w.leire = newPerson(t, db, w.basque.ID, "Leire Local", "leire@example.es")
	w.lur = newPerson(t, db, w.basque.ID, "Lur Silent", "lur@example.es")
	for _, p := range []*mission.Person{w.pia, w.paul} {
		must(t, db.CreateApplication(ctx, &mission.Application{MissionID: w.m.ID, PersonID: p.ID, Status: mission.AppConfirmed}))
		must(t, db.AddMissionMember(ctx, mission.MissionMember{MissionID: w.m.ID, PersonID: p.ID, Role: mission.RoleParticipant}))
	}
	for _, p := range []*mission.Person{w.leire, w.lur} {
		must(t, db.AddMissionMember(ctx, mission.MissionMember{MissionID: w.m.ID, PersonID: p.ID, Role: mission.RoleLocal}))
	}
	loc := w.m.Location()
	for i, it := range []*mission.ProgrammeItem{
		{Kind: mission.ItemPresentation, Title: "Welcome by GAIA"},
		{Kind: mission.ItemB2BSession, Title: "B2B meetings", SlotMinutes: 20, Tables: 5},
		{Kind: mission.ItemCompanyVisit, Title: "Visit to Bilbao Tools"},
	} {
		it.MissionID = w.m.ID
		it.StartsAt = time.Date(2026, 3, 10+i, 10, 0, 0, 0, loc)
		it.EndsAt = it.StartsAt.Add(2 * time.Hour)
		must(t, db.CreateProgrammeItem(ctx, it))
	}
	for i, pair := range [][2]*mission.Person{{w.pia, w.leire}, {w.paul, w.lur}} {
		start := time.Date(2026, 3, 11, 10, 20*i, 0, 0, loc)
		must(t, db.CreateMeeting(ctx, &mission.Meeting{MissionID: w.m.ID, StartsAt: start, EndsAt: start.Add(20 * time.Minute),
			Table: "T1", PersonIDs: []int64{pair[0].ID, pair[1].ID}}))
	}
	for _, p := range []*mission.Person{w.pia, w.leire} {
		must(t, db.SetPublicMention(ctx, p.ID, true, mission.AuditEntry{}))
	}
	return w
}

func TestStoryFactsNameOnlyWhoConsented(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		w := newStoryWorld(t, db)
		f, err := db.StoryFacts(ctx, w.m.ID)
		must(t, err)
		if f.Host == nil || f.Host.Name != "GAIA" || f.Consortium != "EXCITE" {
			t.Errorf("got host %v, consortium %q; want GAIA, EXCITE", f.Host, f.Consortium)
		}
		if want := []string{"Pôle SCS"}; !slices.Equal(f.Partners, want) {
			t.Errorf("got partners %q, want %q (the one taking part; the host left out)", f.Partners, want)
		}
		if len(f.Programme) != 3 {
			t.Errorf("got %d programme items, want 3", len(f.Programme))
		}
		if f.Participants != 2 || !slices.Equal(f.Countries, []string{"DE", "FR"}) || f.Meetings != 2 || f.MeetingsHeld || f.CompaniesMet != 1 {
			t.Errorf("got %d participants from %v, %d meetings (held %v) with %d companies; want 2 from [DE FR], 2 scheduled with 1",
				f.Participants, f.Countries, f.Meetings, f.MeetingsHeld, f.CompaniesMet)
		}
		got := fmt.Sprint(f.Visitors, f.Locals)
		if want := "[{Sophia Sensors sme FR [Pia One]}] [{Bilbao Tools sme ES [Leire Local]}]"; got != want {
			t.Errorf("got named organisations %s, want %s", got, want)
		}

		// Pia withdraws her consent: neither she nor Sophia Sensors is named.
		must(t, db.SetPublicMention(ctx, w.pia.ID, false, mission.AuditEntry{}))
		if ok, err := db.PublicMention(ctx, w.pia.ID); err != nil || ok {
			t.Errorf("got consent %v (%v) after withdrawal, want false", ok, err)
		}
		f, err = db.StoryFacts(ctx, w.m.ID)
		must(t, err)
		if len(f.Visitors) != 0 {
			t.Errorf("got visitors %v after Pia withdrew, want none", f.Visitors)
		}
		if _, err := db.StoryFacts(ctx, 999999); mission.ErrorCode(err) != mission.ENOTFOUND {
			t.Errorf("got %v for an unknown mission, want not_found", err)
		}
	})
}

func TestStoryPublishAndHistory(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		w := newStoryWorld(t, db)
		at := date(2026, 3, 20)
		if _, err := db.PublishStory(ctx, w.m.ID, true, w.organiser.ID, mission.AuditEntry{At: at}); mission.ErrorCode(err) != mission.ENOTFOUND {
			t.Errorf("publishing without a story: got %v, want not_found", err)
		}
		if err := db.SaveStory(ctx, &mission.Story{MissionID: w.m.ID, Language: "en", Title: "  "}, mission.AuditEntry{}); mission.ErrorCode(err) != mission.EINVALID {
			t.Errorf("an empty title: got %v, want invalid", err)
		}
		st := &mission.Story{MissionID: w.m.ID, Language: "en", Title: "Looking back", Lead: "Lead.", Body: "Body.", UpdatedBy: w.organiser.ID}
		must(t, db.SaveStory(ctx, st, mission.AuditEntry{At: at, Action: mission.AuditStoryDrafted}))
		if st.Published() || st.Title != "Looking back" || !st.CreatedAt.Equal(at) {
			t.Errorf("got saved story %+v, want a draft titled Looking back created %v", st, at)
		}
		st.Title = "Looking back on Bilbao"
		must(t, db.SaveStory(ctx, st, mission.AuditEntry{At: at.Add(time.Hour)}))
		pub, err := db.PublishStory(ctx, w.m.ID, true, w.organiser.ID, mission.AuditEntry{At: at.Add(2 * time.Hour)})
		must(t, err)
		if !pub.Published() || !pub.PublishedAt.Equal(at.Add(2*time.Hour)) || pub.PublishedBy != w.organiser.ID || pub.Title != "Looking back on Bilbao" {
			t.Errorf("got %+v, want published at %v by %d", pub, at.Add(2*time.Hour), w.organiser.ID)
		}
		if list, err := db.PublishedStories(ctx, 10); err != nil || len(list) != 1 || list[0].MissionID != w.m.ID {
			t.Errorf("got published stories %v (%v), want the mission's", list, err)
		}
		// Editing a published story keeps it published.
		st.Lead = "A new lead."
		must(t, db.SaveStory(ctx, st, mission.AuditEntry{At: at.Add(3 * time.Hour)}))
		if got, err := db.Story(ctx, w.m.ID); err != nil || !got.Published() || got.Lead != "A new lead." {
			t.Errorf("got %+v (%v) after an edit, want it published with the new lead", got, err)
		}
		un, err := db.PublishStory(ctx, w.m.ID, false, w.organiser.ID, mission.AuditEntry{At: at.Add(4 * time.Hour)})
		must(t, err)
		if un.Published() || un.PublishedBy != 0 {
			t.Errorf("got %+v, want a draft again", un)
		}
		if list, err := db.PublishedStories(ctx, 10); err != nil || len(list) != 0 {
			t.Errorf("got published stories %v (%v) after withdrawal, want none", list, err)
		}
		hist, err := db.StoryHistory(ctx, w.m.ID)
		must(t, err)
		var actions []string
		for _, e := range hist {
			actions = append(actions, e.Action)
		}
		want := []string{mission.AuditStoryDrafted, mission.AuditStorySaved, mission.AuditStoryPublished, mission.AuditStorySaved, mission.AuditStoryUnpublished}
		if !slices.Equal(actions, want) {
			t.Errorf("got history %v, want %v", actions, want)
		}
		if !hist[2].At.Equal(at.Add(2 * time.Hour)) {
			t.Errorf("got publication at %v in the history, want %v", hist[2].At, at.Add(2*time.Hour))
		}

		// An unpublished mission's story cannot be published.
		published := false
		_, err = db.UpdateMission(ctx, w.m.ID, mission.MissionUpdate{Published: &published})
		must(t, err)
		if _, err := db.PublishStory(ctx, w.m.ID, true, w.organiser.ID, mission.AuditEntry{}); mission.ErrorCode(err) != mission.ECONFLICT {
			t.Errorf("publishing the story of an unpublished mission: got %v, want conflict", err)
		}
	})
}
