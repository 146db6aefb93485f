package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"caravan/internal/mission"
	"caravan/internal/tabular"
	"caravan/internal/testdb"
)

// TestImportExportCommands imports a messy CSV file through run() on each
// database, then exports the participants, the programme and the
// applications and reads the files back.
func TestImportExportCommands(t *testing.T) {
	messy, err := filepath.Abs("../../internal/tabular/testdata/messy.csv")
	if err != nil {
		t.Fatal(err)
	}
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := t.Context()
		db := testdb.Open(t, dsn)
		host := &mission.Organisation{Name: "GAIA", Kind: mission.KindCluster, Country: "ES"}
		must(t, db.CreateOrganisation(ctx, host))
		m := &mission.Mission{Title: "Basque mission", HostOrganisationID: host.ID, HostCity: "Bilbao", HostCountry: "ES",
			StartsOn: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC), TimeZone: "Europe/Madrid"}
		must(t, db.CreateMission(ctx, m))
		item := &mission.ProgrammeItem{MissionID: m.ID, Kind: mission.ItemSiteVisit, Title: "Visit, Ikerlan",
			StartsAt: time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC), EndsAt: time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)}
		must(t, db.CreateProgrammeItem(ctx, item))
		id := strconv.FormatInt(m.ID, 10)
		runIt := func(args ...string) (int, string, string) {
			t.Helper()
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), append([]string{"caravan"}, args...), noEnv, &stdout, &stderr)
			return code, stdout.String(), stderr.String()
		}
		people := func() int {
			t.Helper()
			list, err := db.Persons(ctx, mission.PersonFilter{Query: ".example"})
			must(t, err)
			return len(list)
		}

		code, out, _ := runIt("import", "-db", dsn, "-mission", id, "-file", messy, "-dry-run")
		for _, want := range []string{"line 2: new\n", `line 3: error: e-Mail Address: "jan.nowak@" is not a valid e-mail address.`,
			"line 4: error: NAME: The person's name is missing.", `line 7: error: e-Mail Address: The e-mail address "ana@ikerlan.example" is already on row 2.`,
			"line 9: new\n", "3 new, 0 updated, 0 unchanged, 4 with errors\n"} {
			if !strings.Contains(out, want) {
				t.Errorf("dry run: report lacks %q:\n%s", want, out)
			}
		}
		if code != 1 || people() != 0 {
			t.Fatalf("dry run: got exit %d and %d people, want 1 and none stored", code, people())
		}
		code, _, errOut := runIt("import", "-db", dsn, "-mission", id, "-file", messy)
		if code != 1 || !strings.Contains(errOut, "nothing was imported") || people() != 0 {
			t.Fatalf("import with errors: got exit %d, %q and %d people; want 1 and nothing imported", code, errOut, people())
		}
		code, out, _ = runIt("import", "-db", dsn, "-mission", id, "-file", messy, "-skip-errors")
		if code != 0 || !strings.HasSuffix(out, "3 new, 0 updated, 0 unchanged, 4 with errors\n") || people() != 2 {
			t.Fatalf("import -skip-errors: got exit %d and %d people, report:\n%s", code, people(), out)
		}
		code, out, _ = runIt("import", "-db", dsn, "-mission", id, "-file", messy, "-skip-errors")
		if code != 0 || !strings.HasSuffix(out, "0 new, 0 updated, 3 unchanged, 4 with errors\n") {
			t.Fatalf("import again: got exit %d, report:\n%s", code, out)
		}
		// An XLSX workbook in Spanish that gives Ana a job title and adds a local company.
		book := excelize.NewFile()
		for i, row := range [][]any{{"Correo electrónico", "Nombre", "Cargo", "Empresa", "País", "Rol"},
			{"ANA@ikerlan.example", "Ana García", "CTO", "Ikerlan", "ES", ""},
			{"leire@lasa.example", "Leire Lasa", "", "Lasa Mecanizados", "España", "empresa local"}} {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			must(t, book.SetSheetRow("Sheet1", cell, &row))
		}
		xlsx := filepath.Join(t.TempDir(), "locales.xlsx")
		must(t, book.SaveAs(xlsx))
		code, out, _ = runIt("import", "-db", dsn, "-mission", id, "-file", xlsx)
		if code != 0 || out != "line 2: updated\nline 3: new\n1 new, 1 updated, 0 unchanged, 0 with errors\n" {
			t.Fatalf("import xlsx: got exit %d, report:\n%s", code, out)
		}
		locals, err := db.MissionMembers(ctx, m.ID, mission.RoleLocal)
		must(t, err)
		if len(locals) != 1 || locals[0].Person.Organisation.Name != "Lasa Mecanizados" {
			t.Fatalf("got %d local members, want Leire of Lasa Mecanizados", len(locals))
		}

		members, err := db.MissionMembers(ctx, m.ID, mission.RoleParticipant)
		must(t, err)
		app := &mission.Application{MissionID: m.ID, PersonID: members[0].PersonID, Motivation: "Meet Basque robotics SMEs"}
		must(t, db.CreateApplication(ctx, app))

		dir := t.TempDir()
		for _, format := range []string{"csv", "xlsx"} {
			file := filepath.Join(dir, "participants."+format)
			if code, _, errOut := runIt("export", "-db", dsn, "-mission", id, "-what", "participants", "-out", file); code != 0 {
				t.Fatalf("export %s: exit %d: %s", format, code, errOut)
			}
			data, err := os.ReadFile(file)
			must(t, err)
			if got := tabular.Detect(data); string(got) != format {
				t.Errorf("got a %s file for -out %s", got, file)
			}
			tab, err := tabular.Read(data)
			must(t, err)
			rows, rep := tabular.Parse(tab, "")
			var emails []string
			for _, r := range rows {
				emails = append(emails, r.Person.Email+" "+r.Role+" "+r.Organisation.Country+" "+r.Person.JobTitle)
			}
			if rep.Failed() || !slices.Equal(emails, []string{"ana@ikerlan.example participant ES CTO", "hans@technik.example participant DE ", "leire@lasa.example local ES "}) {
				t.Errorf("%s: got %q (issues: %v), want Ana and Hans as participants and Leire as local", format, emails, rep.FileIssues)
			}
		}
		code, out, _ = runIt("export", "-db", dsn, "-mission", id, "-what", "programme", "-format", "csv")
		if code != 0 || !strings.Contains(out, "Date,Starts,Ends,Kind,Title,") || !strings.Contains(out, `2026-03-10,09:00,11:00,site_visit,"Visit, Ikerlan"`) {
			t.Errorf("export programme: got exit %d and\n%s", code, out)
		}
		code, out, _ = runIt("export", "-db", dsn, "-mission", id, "-what", "applications")
		if code != 0 || !strings.Contains(out, strconv.FormatInt(app.ID, 10)+",Ana García,ana@ikerlan.example,Ikerlan,ES,draft,0,,Meet Basque robotics SMEs") {
			t.Errorf("export applications: got exit %d and\n%s", code, out)
		}
		if code, _, _ := runIt("export", "-db", dsn, "-mission", "999999", "-what", "programme"); code != 1 {
			t.Errorf("export of a missing mission: got exit %d, want 1", code)
		}
	})
	for _, args := range [][]string{{"import", "-file", messy}, {"import", "-mission", "1"}, {"import", "-mission", "1", "-file", messy, "-role", "host"},
		{"export", "-mission", "1"}, {"export", "-mission", "1", "-what", "budgets"}, {"export", "-mission", "1", "-what", "programme", "-format", "pdf"}} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), append([]string{"caravan"}, args...), noEnv, &stdout, &stderr); code != 2 {
			t.Errorf("%q: got exit %d, want 2", args, code)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
