package store

import (
	"bytes"
	"os"
	"slices"
	"testing"
	"time"

	"caravan/internal/mission"
	"caravan/internal/tabular"
)

// outcomes returns the outcome of each result, in order.
func outcomes(results []mission.ImportResult) []string {
	var out []string
	for _, r := range results {
		out = append(out, r.Outcome)
	}
	return out
}

// TestImportMessyFile uploads a messy CSV file, previews it, confirms it
// and imports it again: the bad rows are reported and never stored, the
// good ones are stored only on confirmation, and a second import changes
// nothing.
func TestImportMessyFile(t *testing.T) {
	data, err := os.ReadFile("../tabular/testdata/messy.csv")
	must(t, err)
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		now := time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)
		organiser := newAccount(t, db, "organiser@example.org")
		host := newOrganisation(t, db, "GAIA", mission.KindCluster, "ES")
		m := newMission(t, db, host.ID, "Basque mission")
		technik := &mission.Organisation{Name: "TECHNIK  GmbH", Kind: mission.KindSME, Country: "DE"}
		must(t, db.CreateOrganisation(ctx, technik))

		imp := &Import{MissionID: m.ID, AccountID: organiser.ID, FileName: "messy.csv", Role: mission.RoleParticipant, Content: data, CreatedAt: now}
		must(t, db.CreateImport(ctx, imp))
		got, err := db.Import(ctx, imp.ID, now.Add(time.Minute))
		must(t, err)
		if !bytes.Equal(got.Content, data) || got.FileName != "messy.csv" || !got.AppliedAt.IsZero() || !got.ExpiresAt.Equal(now.Add(ImportLifetime)) {
			t.Fatalf("got import %+v, want the file as uploaded, not applied, expiring in an hour", got)
		}

		tab, err := tabular.Read(got.Content)
		must(t, err)
		rows, rep := tabular.Parse(tab, got.Role)
		if rep.Errors != 4 || len(rows) != 3 {
			t.Fatalf("got %d errors and %d good rows, want 4 and 3", rep.Errors, len(rows))
		}
		stored := func() []string {
			t.Helper()
			var emails []string
			list, err := db.Persons(ctx, mission.PersonFilter{Query: ".example"})
			must(t, err)
			for _, p := range list {
				emails = append(emails, p.Email)
			}
			return emails
		}
		// The preview tells what would happen and stores nothing.
		preview, err := db.ImportRows(ctx, m.ID, rows, now, true)
		must(t, err)
		if got := outcomes(preview); !slices.Equal(got, []string{"new", "new", "new"}) {
			t.Errorf("got preview %v, want three new rows", got)
		}
		if got := stored(); len(got) != 0 {
			t.Fatalf("got %v stored after the preview, want nothing", got)
		}

		results, err := db.ApplyImport(ctx, imp.ID, rows, rep.Errors, now.Add(2*time.Minute))
		must(t, err)
		if got := outcomes(results); !slices.Equal(got, []string{"new", "new", "new"}) {
			t.Errorf("got %v, want three new rows", got)
		}
		if got := stored(); !slices.Equal(got, []string{"ana@ikerlan.example", "hans@technik.example"}) {
			t.Errorf("got people %v, want Ana and Hans only", got)
		}
		members, err := db.MissionMembers(ctx, m.ID, mission.RoleParticipant)
		must(t, err)
		if len(members) != 2 || members[0].Person.Name != "Ana García" || members[1].Person.Name != "Müller; Hans" {
			t.Errorf("got %d participants, want Ana García and Müller; Hans", len(members))
		}
		// Hans's organisation matched the stored one despite case and
		// spacing, and gained its city.
		if members[1].Person.OrganisationID != technik.ID || members[1].Person.Organisation.City != "Dresden" {
			t.Errorf("got Hans in organisation %d (%s), want %d in Dresden", members[1].Person.OrganisationID, members[1].Person.Organisation.City, technik.ID)
		}
		saxony, err := db.Organisations(ctx, mission.OrganisationFilter{Query: "silicon saxony"})
		must(t, err)
		if len(saxony) != 1 || saxony[0].Kind != mission.KindCluster || saxony[0].Country != "DE" {
			t.Errorf("got %+v, want the cluster Silicon Saxony in DE", saxony)
		}
		got, err = db.Import(ctx, imp.ID, now.Add(3*time.Minute))
		must(t, err)
		if got.AppliedAt.IsZero() || got.New != 3 || got.Updated != 0 || got.Unchanged != 0 || got.Errors != 4 {
			t.Errorf("got import %+v, want applied with 3 new and 4 errors", got)
		}
		// Confirming twice imports once.
		_, err = db.ApplyImport(ctx, imp.ID, rows, rep.Errors, now.Add(4*time.Minute))
		wantCode(t, err, mission.ECONFLICT)

		// The same file again: everything is unchanged.
		again, err := db.ImportRows(ctx, m.ID, rows, now, false)
		must(t, err)
		if got := outcomes(again); !slices.Equal(got, []string{"unchanged", "unchanged", "unchanged"}) {
			t.Errorf("got %v on re-import, want all unchanged", got)
		}
		// A changed job title and a new role update; an upload expires.
		rows[0].Person.JobTitle = "CTO"
		rows[1].Role = mission.RoleLocal
		changed, err := db.ImportRows(ctx, m.ID, rows[:2], now, false)
		must(t, err)
		if got := outcomes(changed); !slices.Equal(got, []string{"updated", "updated"}) {
			t.Errorf("got %v, want both updated", got)
		}
		_, err = db.Import(ctx, imp.ID, now.Add(ImportLifetime+time.Second))
		wantCode(t, err, mission.ENOTFOUND)
		_, err = db.ImportRows(ctx, 999999, rows, now, true)
		wantCode(t, err, mission.ENOTFOUND)
	})
}
