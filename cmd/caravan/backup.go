package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"caravan/internal/mission"
	"caravan/internal/store"
)

// runBackup is `caravan backup -out FILE`: write a consistent copy of a
// SQLite database, live or not. PostgreSQL is backed up with pg_dump.
func runBackup(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	var cfg Config
	var out string
	fs := flagSet("backup", stderr)
	cfg.bindDB(fs, getenv, defaultData)
	fs.StringVar(&out, "out", "", "file to write the copy to; must not exist (required)")
	if err := parseFlags(fs, args); err != nil {
		return exitCode(stderr, "backup", err)
	}
	if out == "" {
		fmt.Fprintln(stderr, "caravan backup: -out FILE is required")
		fs.Usage()
		return 2
	}
	return exitCode(stderr, "backup", backup(ctx, cfg, out, stdout, stderr))
}

func backup(ctx context.Context, cfg Config, out string, stdout, stderr io.Writer) error {
	dsn := cfg.DSN()
	path := sqlitePath(dsn)
	if path == "" {
		return mission.Errorf(mission.EINVALID, "backup is for SQLite databases; back up PostgreSQL with pg_dump")
	}
	if _, err := os.Stat(path); err != nil {
		return mission.Errorf(mission.ENOTFOUND, "no SQLite database at %s", path)
	}
	logger, err := cfg.Logger(stderr)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, dsn, logger)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote a copy of %s to %s\n", path, out)
	return nil
}
