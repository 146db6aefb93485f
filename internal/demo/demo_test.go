package demo_test

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"caravan/internal/demo"
	"caravan/internal/mission"
	"caravan/internal/store"
	"caravan/internal/testdb"
)

// created is the day the demo database is "created" in these tests.
var created = time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)

func seed(t *testing.T, dsn string) (*store.DB, *demo.Info) {
	t.Helper()
	db := testdb.Open(t, dsn)
	info, err := demo.Seed(t.Context(), db, created)
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	return db, info
}

func TestSeedContent(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		db, info := seed(t, dsn)
		ctx := t.Context()

		c, err := db.Consortium(ctx, info.ConsortiumID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Acronym != "EXCITE" || !c.StartsOn.Equal(time.Date(2022, 2, 1, 0, 0, 0, 0, time.UTC)) ||
			!c.EndsOn.Equal(time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC)) || c.TargetParticipants != 96 {
			t.Errorf("got consortium %s %v–%v target %d, want EXCITE 2022-02-01–2024-01-31 target 96", c.Acronym, c.StartsOn, c.EndsOn, c.TargetParticipants)
		}
		if len(c.Partners) != 6 {
			t.Errorf("got %d EXCITE partners, want 6", len(c.Partners))
		}

		m, err := db.Mission(ctx, info.BasqueMissionID)
		if err != nil {
			t.Fatal(err)
		}
		if m.HostCity != "Bilbao" || !m.Published || !m.StartsOn.Equal(time.Date(2023, 11, 13, 0, 0, 0, 0, time.UTC)) ||
			!m.EndsOn.Equal(time.Date(2023, 11, 15, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("got Basque mission in %s, %v–%v, published %v; want Bilbao 13–15 November 2023, published", m.HostCity, m.StartsOn, m.EndsOn, m.Published)
		}
		host, err := db.Organisation(ctx, m.HostOrganisationID)
		if err != nil || host.Name != "GAIA" {
			t.Errorf("got host %v (%v), want GAIA", host, err)
		}
		region, err := db.Region(ctx, m.RegionID)
		if err != nil {
			t.Fatal(err)
		}
		var figures []string
		for _, f := range region.Figures {
			figures = append(figures, fmt.Sprint(f.Value))
		}
		if got, want := strings.Join(figures, " "), "22.8 23 128.5"; got != want {
			t.Errorf("got Basque figures %s, want %s", got, want)
		}

		items, err := db.ProgrammeItems(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		days := map[int][]string{}
		for _, it := range items {
			local := it.StartsAt.In(m.Location())
			days[local.Day()] = append(days[local.Day()], it.Title)
		}
		if len(days) != 3 || len(days[13]) == 0 || len(days[14]) == 0 || len(days[15]) == 0 {
			t.Errorf("got programme days %v, want 13, 14 and 15 November", days)
		}
		for day, want := range map[int]string{13: "Basque Open Industry", 14: "BDIH", 15: "Bilbao AS Fabrik"} {
			if !strings.Contains(strings.Join(days[day], "|"), want) {
				t.Errorf("got day %d %q, want an item about %s", day, days[day], want)
			}
		}

		orgs, err := db.MissionOrganisations(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		byRole := map[string][]string{}
		for _, o := range orgs {
			byRole[o.Role] = append(byRole[o.Role], o.Organisation.Name)
		}
		for _, sme := range []string{"City & Me", "Steinbeis Europa Zentrum"} {
			if !slices.Contains(byRole[mission.RoleParticipant], sme) {
				t.Errorf("got participants %v, want %s among them", byRole[mission.RoleParticipant], sme)
			}
		}
		if n := len(byRole[mission.RoleLocal]); n != 150 {
			t.Errorf("got %d local companies, want 150", n)
		}
		if info.Visitors < 45 || info.Visitors > 70 {
			t.Errorf("got %d visiting participants, want about 60", info.Visitors)
		}
		counts, err := db.MissionCounts(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		// The seed's two SMEs came without an application (one person each).
		if counts.Participants != info.Visitors || counts.Applications != info.Visitors-2 || counts.ProgrammeItems != len(items) {
			t.Errorf("got counts %+v, want %d participants, %d applications, %d items", counts, info.Visitors, info.Visitors-2, len(items))
		}

		// The missions around it: past, running, upcoming and a draft.
		for id, want := range map[int64]struct {
			status    string
			published bool
		}{
			info.DresdenMissionID:  {mission.StatusReported, true},
			info.RunningMissionID:  {mission.StatusRunning, true},
			info.UpcomingMissionID: {mission.StatusCallOpen, true},
			info.DraftMissionID:    {mission.StatusDraft, false},
		} {
			m, err := db.Mission(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if m.Status != want.status || m.Published != want.published {
				t.Errorf("got mission %q %s published %v, want %s published %v", m.Title, m.Status, m.Published, want.status, want.published)
			}
		}
		up, err := db.Mission(ctx, info.UpcomingMissionID)
		if err != nil {
			t.Fatal(err)
		}
		// 60 days after Tuesday 10 March 2026 is Saturday 9 May; the mission
		// starts on the Tuesday after.
		if want := time.Date(2026, 5, 12, 0, 0, 0, 0, time.UTC); !up.StartsOn.Equal(want) {
			t.Errorf("got upcoming mission starting %v, want %v (the first Tuesday 60 days after creation)", up.StartsOn, want)
		}
		run, err := db.Mission(ctx, info.RunningMissionID)
		if err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC); !run.StartsOn.Equal(want) || run.EndsOn.Before(created) {
			t.Errorf("got running mission %v–%v, want it from Monday %v over the creation day", run.StartsOn, run.EndsOn, want)
		}
		if want := time.Date(2026, 4, 9, 0, 0, 0, 0, time.UTC); !up.CallClosesOn.Equal(want) {
			t.Errorf("got call closing %v, want %v (30 days after creation)", up.CallClosesOn, want)
		}

		meetings, err := db.Meetings(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(meetings) == 0 {
			t.Error("got no meetings in the Basque mission, want a few")
		}
		seen := map[string]bool{}
		for _, mt := range meetings {
			for _, p := range mt.PersonIDs {
				key := fmt.Sprint(p, mt.StartsAt)
				if seen[key] {
					t.Errorf("person %d has two meetings at %v", p, mt.StartsAt)
				}
				seen[key] = true
			}
		}
	})
}

// TestSeedPersonsAreFictional checks every address is on a reserved
// .example domain, so no real person can be reached.
func TestSeedPersonsAreFictional(t *testing.T) {
	db, _ := seed(t, testdb.SQLite(t))
	persons, err := db.Persons(t.Context(), mission.PersonFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(persons) < 200 {
		t.Fatalf("got %d persons, want the whole population", len(persons))
	}
	for _, p := range persons {
		if !strings.HasSuffix(p.Email, ".example") || p.Phone != "" {
			t.Errorf("got person %q with e-mail %q and phone %q, want an .example address and no phone", p.Name, p.Email, p.Phone)
		}
	}
}

func TestSeedTwiceConflicts(t *testing.T) {
	db, _ := seed(t, testdb.SQLite(t))
	before := dump(t, db.SQL())
	_, err := demo.Seed(t.Context(), db, created)
	if got := mission.ErrorCode(err); got != mission.ECONFLICT {
		t.Fatalf("got %v (code %q) seeding twice, want code %q", err, got, mission.ECONFLICT)
	}
	if after := dump(t, db.SQL()); after != before {
		t.Error("seeding twice changed the database")
	}
}

func TestSeedDeterministic(t *testing.T) {
	a, _ := seed(t, testdb.SQLite(t))
	b, _ := seed(t, testdb.SQLite(t))
	da, db := dump(t, a.SQL()), dump(t, b.SQL())
	if da != db {
		t.Fatalf("two seeds with the same creation time differ:\n%s", firstDiff(da, db))
	}
	if len(da) < 10000 {
		t.Fatalf("got a dump of %d bytes, want the whole demo", len(da))
	}
}

// dump writes every row of every table of a SQLite database, in order,
// without the bookkeeping timestamps the store sets by its own clock.
func dump(t *testing.T, db *sql.DB) string {
	t.Helper()
	ctx := t.Context()
	rows, err := db.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	var b strings.Builder
	for _, table := range tables {
		rows, err := db.QueryContext(ctx, "SELECT * FROM "+table+" ORDER BY 1, 2")
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s:", table)
			for i, c := range cols {
				if c == "created_at" || c == "updated_at" {
					continue
				}
				fmt.Fprintf(&b, " %s=%v", c, vals[i])
			}
			b.WriteByte('\n')
		}
		rows.Close()
	}
	return b.String()
}

func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n%s\n%s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(la), len(lb))
}
