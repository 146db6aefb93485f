package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"caravan/internal/demo"
	"caravan/internal/mission"
	"caravan/internal/store"
)

// runDemo is `caravan demo`: serve the demo on an embedded SQLite database
// in -data (default ./caravan-demo/), created, migrated and seeded when
// absent and reused otherwise.
func runDemo(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	var cfg Config
	fs := flagSet("demo", stderr)
	// The demo ignores CARAVAN_DB and CARAVAN_DATA on purpose: it must never
	// seed the database of a real installation.
	fs.StringVar(&cfg.Data, "data", defaultDemoData, "directory of the demo's SQLite database")
	fs.StringVar(&cfg.LogLevel, "log-level", envOr(getenv, "CARAVAN_LOG_LEVEL", "info"), "log level: debug, info, warn or error (env CARAVAN_LOG_LEVEL)")
	cfg.bindAddr(fs, getenv)
	cfg.bindMail(fs, getenv)
	if err := parseFlags(fs, args); err != nil {
		return exitCode(stderr, "demo", err)
	}
	return exitCode(stderr, "demo", runDemoServer(ctx, cfg, stdout, stderr))
}

func runDemoServer(ctx context.Context, cfg Config, stdout, stderr io.Writer) error {
	logger, err := cfg.Logger(stderr)
	if err != nil {
		return err
	}
	path := filepath.Join(cfg.Data, dbFileName)
	created, err := createDemoDatabase(ctx, path, time.Now(), logger)
	if err != nil {
		return err
	}
	if created {
		fmt.Fprintf(stdout, "created the demo database %s\n", path)
	} else {
		fmt.Fprintf(stdout, "using the demo database %s (delete the directory for a fresh demo)\n", path)
	}
	cfg.DB = "sqlite:" + path
	return serve(ctx, cfg, logger, stdout, func(ctx context.Context, db *store.DB, logger *slog.Logger) error {
		// A database created by hand (caravan migrate) holds no demo yet.
		consortia, err := db.Consortia(ctx)
		if err != nil {
			return err
		}
		if len(consortia) == 0 {
			logger.Info("seeding the empty demo database in place", "path", path)
			if _, err := demo.Seed(ctx, db, time.Now()); err != nil {
				return err
			}
		}
		// The demo accounts exist in demo databases only; `serve` never
		// creates them. A new demo database has them already (seedFile);
		// this adds them to one made before they existed. Two processes
		// doing that at once conflict: the loser finds the winner's.
		if err := demo.SeedAccounts(ctx, db, time.Now()); mission.ErrorCode(err) == mission.ECONFLICT {
			if _, err := db.AccountByEmail(ctx, demo.Accounts[0].Email); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		printDemoAccounts(stdout)
		return nil
	})
}

// printDemoAccounts writes how to sign in as each demo account.
func printDemoAccounts(w io.Writer) {
	fmt.Fprintf(w, "demo accounts (password %q), sign in at /login:\n", demo.Password)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  ROLE\tE-MAIL\tNAME\tMAY")
	for _, a := range demo.Accounts {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", a.Role, a.Email, a.Name, a.What)
	}
	tw.Flush()
}

// createDemoDatabase creates, migrates and seeds the demo database at path
// when no file is there, and reports whether it did. It seeds a private
// file next to path (named with the process id and a random word, so two
// starts never share it) and links it into place only when complete, so a
// second process starting at the same time, or a crash half-way, never
// leaves a half-seeded database at path: the loser of a race throws its
// copy away and uses the winner's.
func createDemoDatabase(ctx context.Context, path string, now time.Time, logger *slog.Logger) (bool, error) {
	if _, err := os.Stat(path); err == nil {
		return false, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("demo database: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return false, fmt.Errorf("demo database: %w", err)
	}
	tmp := fmt.Sprintf("%s.seeding-%d-%s", path, os.Getpid(), rand.Text()[:8])
	defer removeSQLite(tmp)
	logger.Info("creating the demo database", "path", path)
	if err := seedFile(ctx, tmp, now, logger); err != nil {
		return false, err
	}
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			logger.Info("another process created the demo database first; using it", "path", path)
			return false, nil
		}
		return false, fmt.Errorf("demo database: %w", err)
	}
	return true, nil
}

// seedFile migrates and seeds a new SQLite file and closes it, which folds
// the write-ahead log into the file.
func seedFile(ctx context.Context, path string, now time.Time, logger *slog.Logger) error {
	db, err := store.Open(ctx, "sqlite:"+path, logger)
	if err != nil {
		return err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return fmt.Errorf("migrate: %w", err)
	}
	info, err := demo.Seed(ctx, db, now)
	if err != nil {
		db.Close()
		return err
	}
	if err := demo.SeedAccounts(ctx, db, now); err != nil {
		db.Close()
		return err
	}
	logger.Info("seeded the demo", "organisations", info.Organisations, "persons", info.Persons, "mission_id", info.BasqueMissionID)
	if err := db.Close(); err != nil {
		return fmt.Errorf("close the demo database: %w", err)
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		return fmt.Errorf("demo database: %s-wal is left after closing; not moving a partial file into place", path)
	}
	return nil
}

// removeSQLite removes a SQLite file with its journal files.
func removeSQLite(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		os.Remove(p)
	}
}
