package main

import (
	"context"
	"fmt"
	"io"

	"caravan/internal/store"
)

// runMigrate is `caravan migrate`: apply the pending migrations to the
// database and exit.
func runMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	var cfg Config
	fs := flagSet("migrate", stderr)
	cfg.bindDB(fs, getenv, defaultData)
	if err := parseFlags(fs, args); err != nil {
		return exitCode(stderr, "migrate", err)
	}
	return exitCode(stderr, "migrate", migrate(ctx, cfg, stdout, stderr))
}

func migrate(ctx context.Context, cfg Config, stdout, stderr io.Writer) error {
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
	fmt.Fprintf(stdout, "migrated the %s database\n", db.Dialect())
	return nil
}
