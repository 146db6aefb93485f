package store

import (
	"strings"
	"testing"

	"caravan/internal/mission"
)

// searchFixture writes a few organisations, persons and items and returns
// them by name.
func searchFixture(t *testing.T, db *DB) (map[string]*mission.Organisation, map[string]*mission.Person, *mission.Mission) {
	t.Helper()
	ctx := t.Context()
	orgs := map[string]*mission.Organisation{}
	for _, o := range []*mission.Organisation{
		{Name: "Gipuzkoa Additive", Kind: mission.KindSME, Country: "ES", City: "Donostia",
			Description: "Additive manufacturing of metal parts for aerospace.", Ecosystems: []string{"additive-manufacturing"}},
		{Name: "Donostia Cyber", Kind: mission.KindSME, Country: "ES", City: "Donostia",
			Description: "Cybersecurity audits for factories.", Ecosystems: []string{"cybersecurity"}},
		{Name: "Brno Robotics", Kind: mission.KindLargeCompany, Country: "CZ", City: "Brno",
			Description: "Robot cells; we visited Donostiá last spring.", Ecosystems: []string{"robotics"}},
	} {
		must(t, db.CreateOrganisation(ctx, o))
		orgs[o.Name] = o
	}
	persons := map[string]*mission.Person{}
	for _, p := range []*mission.Person{
		{OrganisationID: orgs["Gipuzkoa Additive"].ID, Name: "Ane Etxeberria", Email: "zorroprivate@hiddenmail.example",
			Phone: "+34 600 111 222", JobTitle: "Engineer", Bio: "Metal printing and lattice structures."},
		{OrganisationID: orgs["Brno Robotics"].ID, Name: "Petr Novák", Email: "petr@brno.example", JobTitle: "Sales", Bio: "Welding robots."},
	} {
		must(t, db.CreatePerson(ctx, p))
		persons[p.Name] = p
	}
	must(t, db.CreateMarketplaceItem(ctx, &mission.MarketplaceItem{OrganisationID: orgs["Brno Robotics"].ID, Side: mission.Request,
		Category: "technology", Title: "Metal printing partner", Description: "We seek a supplier of printed metal grippers."}))
	m := newMission(t, db, orgs["Donostia Cyber"].ID, "Robotics to the Basque Country")
	must(t, db.AddMissionMember(ctx, mission.MissionMember{MissionID: m.ID, PersonID: persons["Petr Novák"].ID, Role: mission.RoleParticipant}))
	must(t, db.AddMissionMember(ctx, mission.MissionMember{MissionID: m.ID, PersonID: persons["Ane Etxeberria"].ID, Role: mission.RoleLocal}))
	return orgs, persons, m
}

// hitNames writes hits as "kind:title" in order.
func hitNames(hits []mission.SearchHit) string {
	var s []string
	for _, h := range hits {
		s = append(s, h.Kind+":"+h.Title)
	}
	return strings.Join(s, ", ")
}

func TestSearch(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		db := openTest(t, dsn)
		must(t, db.Migrate(t.Context()))
		_, _, m := searchFixture(t, db)
		tests := []struct {
			name string
			q    mission.SearchQuery
			want string
		}{
			// A title match ranks above a body match; the accent in the
			// query or in the text does not matter.
			{"diacritics", mission.SearchQuery{Text: "donostiá"},
				"organisation:Donostia Cyber, organisation:Gipuzkoa Additive, organisation:Brno Robotics"},
			{"plain", mission.SearchQuery{Text: "DONOSTIA"},
				"organisation:Donostia Cyber, organisation:Gipuzkoa Additive, organisation:Brno Robotics"},
			{"prefix and every word", mission.SearchQuery{Text: "metal print"},
				"item:Metal printing partner, person:Ane Etxeberria"},
			{"person by accented name", mission.SearchQuery{Text: "novak"}, "person:Petr Novák"},
			{"country", mission.SearchQuery{Text: "metal", Country: "CZ"}, "item:Metal printing partner"},
			{"kind", mission.SearchQuery{Text: "donostia", Kind: mission.KindLargeCompany}, "organisation:Brno Robotics"},
			{"ecosystem", mission.SearchQuery{Text: "donostia", Ecosystem: "cybersecurity"}, "organisation:Donostia Cyber"},
			{"mission visitors", mission.SearchQuery{Text: "metal robots robotics", MissionID: m.ID, Side: mission.SideVisitor}, ""},
			{"mission visitors' items", mission.SearchQuery{Text: "metal", MissionID: m.ID, Side: mission.SideVisitor}, "item:Metal printing partner"},
			{"mission locals", mission.SearchQuery{Text: "lattice", MissionID: m.ID, Side: mission.SideLocal}, "person:Ane Etxeberria"},
			{"mission locals' organisations", mission.SearchQuery{Text: "aerospace", MissionID: m.ID, Side: mission.SideLocal},
				"organisation:Gipuzkoa Additive"},
			{"not the mission's other side", mission.SearchQuery{Text: "aerospace", MissionID: m.ID, Side: mission.SideVisitor}, ""},
			{"visitors of any mission", mission.SearchQuery{Text: "metal", Side: mission.SideVisitor}, "item:Metal printing partner"},
			{"mission", mission.SearchQuery{Text: "welding", MissionID: m.ID}, "person:Petr Novák"},
			{"e-mail is private", mission.SearchQuery{Text: "zorroprivate@hiddenmail.example"}, ""},
			{"e-mail word is private", mission.SearchQuery{Text: "hiddenmail"}, ""},
			{"phone is private", mission.SearchQuery{Text: "600 111 222"}, ""},
			{"no words", mission.SearchQuery{Text: " *\"- "}, ""},
		}
		for _, tt := range tests {
			hits, err := db.Search(t.Context(), tt.q)
			must(t, err)
			if got := hitNames(hits); got != tt.want {
				t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
			}
		}
		_, err := db.Search(t.Context(), mission.SearchQuery{Text: "x", Side: "both"})
		wantCode(t, err, mission.EINVALID)
	})
}

func TestSearchFollowsChanges(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		ctx := t.Context()
		db := openTest(t, dsn)
		must(t, db.Migrate(ctx))
		orgs, persons, _ := searchFixture(t, db)
		o := orgs["Brno Robotics"]
		desc := "Cobots for Ostrava."
		_, err := db.UpdateOrganisation(ctx, o.ID, mission.OrganisationUpdate{Description: &desc})
		must(t, err)
		// A person's profile changes through SQL here: the triggers follow
		// every write, whichever method makes it.
		_, err = db.SQL().ExecContext(ctx, "UPDATE persons SET bio = $1 WHERE id = $2", "Painting lines.", persons["Petr Novák"].ID)
		must(t, err)
		for text, want := range map[string]string{
			"ostrava": "organisation:Brno Robotics",
			"welding": "",
			"paint":   "person:Petr Novák",
		} {
			hits, err := db.Search(ctx, mission.SearchQuery{Text: text})
			must(t, err)
			if got := hitNames(hits); got != want {
				t.Errorf("%s: got %q, want %q", text, got, want)
			}
		}
		hits, err := db.Search(ctx, mission.SearchQuery{Text: "ostrava"})
		must(t, err)
		if len(hits) == 1 && (hits[0].ID != o.ID || hits[0].OrganisationID != o.ID || !strings.Contains(hits[0].Snippet, "Ostrava")) {
			t.Errorf("got %+v, want organisation %d with a snippet holding Ostrava", hits[0], o.ID)
		}
	})
}

func TestSnippet(t *testing.T) {
	body := strings.Repeat("word ", 10) + "Donostiá " + strings.Repeat("more ", 30)
	got := snippet(body, []string{"donostia"}, 8)
	want := "…word word word word Donostiá more more more…"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := snippet("short text", []string{"zzz"}, 8); got != "short text" {
		t.Errorf("got %q, want %q", got, "short text")
	}
}
