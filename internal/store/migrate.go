package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"time"
)

//go:embed migrations
var migrationsFS embed.FS

// migrationName is how a migration file is named: 0001_init.sql.
var migrationName = regexp.MustCompile(`^[0-9]{4}_[a-z0-9_]+\.sql$`)

// Migrate applies the embedded migrations of the database's dialect that are
// not applied yet, in file-name order, each in its own transaction together
// with its row in schema_migrations. Migrations are forward-only. Processes
// migrating the same database at once take turns (a PostgreSQL advisory lock,
// SQLite's write lock), so each migration runs once. A failing migration
// leaves nothing of itself behind and returns "migration NAME: cause".
func (db *DB) Migrate(ctx context.Context) error {
	fsys, err := fs.Sub(migrationsFS, "migrations/"+db.dialect)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	return db.migrate(ctx, fsys)
}

// migrate applies the migrations in fsys (*.sql at its root).
func (db *DB) migrate(ctx context.Context, fsys fs.FS) error {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		if !migrationName.MatchString(name) {
			return fmt.Errorf("migration %s: the name must look like 0001_init.sql", name)
		}
	}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.lockMigrations(ctx, tx); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, db.createMigrationsTable())
		return err
	})
	if err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	for _, name := range names {
		version := strings.TrimSuffix(name, ".sql")
		applied := false
		err := db.inTx(ctx, func(tx *sql.Tx) error {
			if err := db.lockMigrations(ctx, tx); err != nil {
				return err
			}
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE version = $1", version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			body, err := fs.ReadFile(fsys, name)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)", version, ts(time.Now())); err != nil {
				return err
			}
			applied = true
			return nil
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
		if applied {
			db.logger.Info("applied migration", "migration", name, "dialect", db.dialect)
		}
	}
	return nil
}
