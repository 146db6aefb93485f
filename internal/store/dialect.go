package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"caravan/internal/mission"
)

// This file holds what differs between SQLite and PostgreSQL outside the
// migrations: connecting, the migration lock, the schema_migrations table and
// backups. Everything else is the same SQL on both.

// sqliteParams tune every SQLite connection: foreign keys on, WAL so readers
// do not block the writer, a 10 s wait for the write lock, and transactions
// that take the write lock when they begin.
const sqliteParams = "_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_txlock=immediate"

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, mission.Errorf(mission.EINVALID, "invalid SQLite path %q: want a file path without ? or #", path)
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, mission.Errorf(mission.EINTERNAL, "cannot create the directory of SQLite database %s: %v", path, err)
		}
	}
	sqldb, err := sql.Open("sqlite", path+"?"+sqliteParams)
	if err != nil {
		return nil, mission.Errorf(mission.EINVALID, "open SQLite database %s: %v", path, err)
	}
	if err := sqldb.PingContext(ctx); err != nil {
		sqldb.Close()
		return nil, mission.Errorf(mission.EINTERNAL, "cannot open SQLite database %s: %s", path, oneLine(err))
	}
	return &DB{db: sqldb, dialect: SQLite}, nil
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		// The parser's messages quote parts of the address, which may be
		// the password (postgres://user:secret/db reads it as a port).
		cause := "it does not parse as a URL"
		switch msg := err.Error(); {
		case strings.Contains(msg, "invalid port"):
			cause = "the port is not a number"
		case strings.Contains(msg, "invalid URL escape"):
			cause = "it holds an invalid %-escape"
		}
		return nil, mission.Errorf(mission.EINVALID, "invalid PostgreSQL URL: %s", cause)
	}
	password, _ := u.User.Password()
	redact := func(err error) string {
		s := oneLine(err)
		if password != "" {
			s = strings.ReplaceAll(s, password, "xxxxx")
		}
		return s
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		cause := "it does not parse"
		if inner := errors.Unwrap(err); inner != nil {
			cause = redact(inner)
		}
		return nil, mission.Errorf(mission.EINVALID, "invalid PostgreSQL URL: %s", cause)
	}
	where := fmt.Sprintf("%s:%d/%s", cfg.Host, cfg.Port, cfg.Database)
	sqldb := stdlib.OpenDB(*cfg)
	if err := sqldb.PingContext(ctx); err != nil {
		sqldb.Close()
		return nil, mission.Errorf(mission.EINTERNAL, "cannot reach PostgreSQL at %s: %s", where, redact(err))
	}
	return &DB{db: sqldb, dialect: Postgres}, nil
}

// oneLine returns err's text on one line.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// migrationLockKey is the PostgreSQL advisory lock that serialises Migrate
// across processes ("caravan" in ASCII).
const migrationLockKey = 0x63617261766167

// lockMigrations takes the migration lock inside tx. On PostgreSQL it is a
// transaction-level advisory lock, released at commit or rollback; on SQLite
// the transaction already holds the database's write lock (BEGIN IMMEDIATE).
func (db *DB) lockMigrations(ctx context.Context, tx *sql.Tx) error {
	if db.dialect != Postgres {
		return nil
	}
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", int64(migrationLockKey)); err != nil {
		return fmt.Errorf("lock: %w", err)
	}
	return nil
}

// createMigrationsTable is the DDL of schema_migrations in each dialect.
func (db *DB) createMigrationsTable() string {
	if db.dialect == Postgres {
		return "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)"
	}
	return "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT"
}

// Backup writes a consistent copy of a live SQLite database to path, which
// must not exist yet (VACUUM INTO). On PostgreSQL it returns EINVALID: use
// pg_dump there.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.dialect == Postgres {
		return mission.Errorf(mission.EINVALID, "backup is for SQLite only: back up PostgreSQL with pg_dump")
	}
	if path == "" {
		return mission.Errorf(mission.EINVALID, "backup needs a file path")
	}
	if _, err := os.Stat(path); err == nil {
		return mission.Errorf(mission.EINVALID, "backup file %s already exists", path)
	}
	if _, err := db.db.ExecContext(ctx, "VACUUM INTO $1", path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}

// skipLocked ends the subquery with which ClaimEmails picks its rows. On
// PostgreSQL, FOR UPDATE SKIP LOCKED makes concurrent claimers pass over
// rows another transaction is claiming instead of waiting for them (and then
// finding them leased); on SQLite the claiming transaction holds the
// database's write lock (BEGIN IMMEDIATE), so claims run one after another.
func (db *DB) skipLocked() string {
	if db.dialect == Postgres {
		return "FOR UPDATE SKIP LOCKED"
	}
	return ""
}
