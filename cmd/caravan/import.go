package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"caravan/internal/mission"
	"caravan/internal/store"
	"caravan/internal/tabular"
)

// errRowErrors makes `caravan import` exit 1 after printing its report.
var errRowErrors = mission.Errorf(mission.EINVALID, "the file has rows with errors: nothing was imported (fix them, or pass -skip-errors to import the good rows)")

// runImport is `caravan import -mission ID -file F [-role participant|local]
// [-dry-run] [-skip-errors]`: import participants or local companies and
// their organisations from a CSV or XLSX file into a mission, printing the
// same row-by-row report as the web preview.
func runImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	var cfg Config
	var (
		missionID          int64
		file, role         string
		dryRun, skipErrors bool
	)
	fs := flagSet("import", stderr)
	cfg.bindDB(fs, getenv, defaultData)
	fs.Int64Var(&missionID, "mission", 0, "id of the mission the people join (required)")
	fs.StringVar(&file, "file", "", "CSV or XLSX file to import (required)")
	fs.StringVar(&role, "role", mission.RoleParticipant, "role of the people in the mission, unless a Role column says: participant or local")
	fs.BoolVar(&dryRun, "dry-run", false, "report what the import would do and change nothing")
	fs.BoolVar(&skipErrors, "skip-errors", false, "import the good rows of a file that has rows with errors")
	if err := parseFlags(fs, args); err != nil {
		return exitCode(stderr, "import", err)
	}
	if missionID <= 0 || file == "" || (role != mission.RoleParticipant && role != mission.RoleLocal) {
		fmt.Fprintln(stderr, "caravan import: -mission ID and -file FILE are required; -role is participant or local")
		fs.Usage()
		return 2
	}
	return exitCode(stderr, "import", importFile(ctx, cfg, missionID, file, role, dryRun, skipErrors, stdout, stderr))
}

func importFile(ctx context.Context, cfg Config, missionID int64, file, role string, dryRun, skipErrors bool, stdout, stderr io.Writer) error {
	data, err := readLimited(file)
	if err != nil {
		return err
	}
	tab, err := tabular.Read(data)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	rows, rep := tabular.Parse(tab, role)
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
	// With errors, nothing is imported unless asked: the report then says
	// what the good rows would do.
	preview := dryRun || (rep.Failed() && !skipErrors)
	if len(rep.FileIssues) > 0 {
		rows = nil
	}
	results, err := db.ImportRows(ctx, missionID, rows, time.Now(), preview)
	if err != nil {
		return err
	}
	rep.Apply(results)
	if err := rep.WriteText(stdout); err != nil {
		return err
	}
	if rep.Failed() && !skipErrors {
		return errRowErrors
	}
	return nil
}

// maxImportBytes bounds the file that import reads, as the web upload does.
const maxImportBytes = 5 << 20

// readLimited reads a file of at most maxImportBytes.
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, mission.Errorf(mission.EINVALID, "cannot open %s: %v", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxImportBytes+1))
	if err != nil {
		return nil, mission.Errorf(mission.EINVALID, "cannot read %s: %v", path, err)
	}
	if len(data) > maxImportBytes {
		return nil, mission.Errorf(mission.EINVALID, "%s is larger than %d MiB", path, maxImportBytes>>20)
	}
	return data, nil
}
