// Package store keeps Caravan's data in SQLite (modernc.org/sqlite, the
// embedded default) or PostgreSQL (pgx), through database/sql and the same
// hand-written SQL on both. It imports internal/mission and no other package
// of ours: never internal/web, the engines or cmd.
//
// Every method takes a context first. A missing row is a *mission.Error with
// code ENOTFOUND, never (nil, nil); constraint violations come back as
// ECONFLICT or EINVALID (see errors.go). Timestamps are stored in UTC with
// microsecond precision and dates as calendar days, so both read back
// identically on either database.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"

	"caravan/internal/mission"
)

// DB is Caravan's database: one *sql.DB, its dialect and a logger. It is safe
// for concurrent use.
type DB struct {
	db      *sql.DB
	dialect string
	logger  *slog.Logger
	// emailQueued, when set, is called after a transaction that put e-mail
	// into the outbox has committed (see OnEmailQueued).
	emailQueued func()
}

// Dialects as Dialect returns them.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Open opens and pings the database that dsn names: "sqlite:PATH" or a bare
// path ending in ".db" for SQLite (the file and its directory are created
// when absent), "postgres://…" or "postgresql://…" for PostgreSQL. A
// malformed address is EINVALID and an unreachable database EINTERNAL, each
// with a one-line message that names the cause and never the password. Open
// does not migrate: call Migrate.
func Open(ctx context.Context, dsn string, logger *slog.Logger) (*DB, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	var (
		db  *DB
		err error
	)
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		db, err = openPostgres(ctx, dsn)
	case strings.HasPrefix(dsn, "sqlite:"):
		db, err = openSQLite(ctx, strings.TrimPrefix(dsn, "sqlite:"))
	case strings.HasSuffix(dsn, ".db"):
		db, err = openSQLite(ctx, dsn)
	default:
		return nil, mission.Errorf(mission.EINVALID, "unsupported database address: want sqlite:PATH, a path ending in .db, or a postgres:// URL")
	}
	if err != nil {
		return nil, err
	}
	// Keep connections for bursts of requests rather than the default two.
	db.db.SetMaxIdleConns(8)
	db.logger = logger
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error {
	return db.db.Close()
}

// Dialect returns "sqlite" or "postgres".
func (db *DB) Dialect() string {
	return db.dialect
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.db.PingContext(ctx); err != nil {
		return fmt.Errorf("ping %s: %w", db.dialect, err)
	}
	return nil
}

// SQL returns the underlying *sql.DB, for tests and admin tools.
func (db *DB) SQL() *sql.DB {
	return db.db
}

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// inTx runs fn in one transaction and commits it when fn returns nil. On
// SQLite every transaction begins IMMEDIATE (the DSN's _txlock), so writers
// queue on busy_timeout instead of failing halfway.
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// notFound returns the ENOTFOUND error for a missing thing, e.g.
// notFound("mission", 42) reads "mission 42 not found".
func notFound(what string, id int64) error {
	return mission.Errorf(mission.ENOTFOUND, "%s %d not found", what, id)
}

// limit returns the page size for a filter's Limit: 100 when 0, at most 1000.
func limit(n int) int {
	switch {
	case n <= 0:
		return 100
	case n > 1000:
		return 1000
	}
	return n
}
