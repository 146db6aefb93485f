package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"caravan/internal/mission"
	"caravan/internal/store"
	"caravan/internal/tabular"
)

// runExport is `caravan export -mission ID -what participants|programme|applications
// [-format csv|xlsx] [-out FILE]`: write a mission's members, programme or
// applications as CSV or XLSX, the same files the web pages offer.
func runExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	var cfg Config
	var (
		missionID         int64
		what, format, out string
	)
	fs := flagSet("export", stderr)
	cfg.bindDB(fs, getenv, defaultData)
	fs.Int64Var(&missionID, "mission", 0, "id of the mission (required)")
	fs.StringVar(&what, "what", "", "what to export: "+strings.Join(tabular.ExportKinds, ", ")+" (required)")
	fs.StringVar(&format, "format", "", "csv or xlsx (default: from -out's extension, else csv)")
	fs.StringVar(&out, "out", "-", "file to write; - for standard output")
	if err := parseFlags(fs, args); err != nil {
		return exitCode(stderr, "export", err)
	}
	if format == "" {
		format = strings.TrimPrefix(strings.ToLower(filepath.Ext(out)), ".")
		if format != string(tabular.FormatXLSX) {
			format = string(tabular.FormatCSV)
		}
	}
	if missionID <= 0 || !slices.Contains(tabular.ExportKinds, what) || (format != "csv" && format != "xlsx") {
		fmt.Fprintf(stderr, "caravan export: -mission ID and -what (%s) are required; -format is csv or xlsx\n", strings.Join(tabular.ExportKinds, ", "))
		fs.Usage()
		return 2
	}
	return exitCode(stderr, "export", export(ctx, cfg, missionID, what, tabular.Format(format), out, stdout, stderr))
}

func export(ctx context.Context, cfg Config, missionID int64, what string, format tabular.Format, out string, stdout, stderr io.Writer) error {
	logger, err := cfg.Logger(stderr)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DSN(), logger)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	m, err := db.Mission(ctx, missionID)
	if err != nil {
		return err
	}
	header, rows, err := exportRows(ctx, db, m, what)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := tabular.Write(&buf, format, what, header, rows); err != nil {
		return err
	}
	if out == "-" {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o600); err != nil {
		return mission.Errorf(mission.EINVALID, "cannot write %s: %v", out, err)
	}
	fmt.Fprintf(stderr, "wrote %d %s of mission %d to %s\n", len(rows), what, m.ID, out)
	return nil
}

// exportRows reads what a mission's export holds.
func exportRows(ctx context.Context, db *store.DB, m *mission.Mission, what string) ([]string, [][]string, error) {
	switch what {
	case tabular.ExportParticipants:
		members, err := db.MissionMembers(ctx, m.ID, "")
		if err != nil {
			return nil, nil, err
		}
		h, r := tabular.Participants(members)
		return h, r, nil
	case tabular.ExportProgramme:
		items, err := db.ProgrammeItems(ctx, m.ID)
		if err != nil {
			return nil, nil, err
		}
		h, r := tabular.Programme(items, m.Location())
		return h, r, nil
	}
	var apps []*mission.Application
	for after := int64(0); ; {
		page, err := db.Applications(ctx, mission.ApplicationFilter{MissionID: m.ID, Limit: 1000, After: after})
		if err != nil {
			return nil, nil, err
		}
		apps = append(apps, page...)
		if len(page) < 1000 {
			break
		}
		after = page[len(page)-1].ID
	}
	h, r := tabular.Applications(apps)
	return h, r, nil
}
