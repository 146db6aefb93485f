package store

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"caravan/internal/mission"
)

// Constraint kinds that both drivers report by code.
const (
	constraintUnique     = "unique"
	constraintForeignKey = "foreign_key"
	constraintNotNull    = "not_null"
	constraintCheck      = "check"
)

// constraint returns the kind of constraint that err violated, by the
// driver's error code (SQLite extended result codes, PostgreSQL SQLSTATE),
// or "" when err is no constraint violation.
func constraint(err error) string {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return constraintUnique
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return constraintForeignKey
		case sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return constraintNotNull
		case sqlite3.SQLITE_CONSTRAINT_CHECK:
			return constraintCheck
		}
		return ""
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return constraintUnique
		case "23503":
			return constraintForeignKey
		case "23502":
			return constraintNotNull
		case "23514":
			return constraintCheck
		}
	}
	return ""
}

// dbError turns a constraint violation into a *mission.Error: a unique
// violation is ECONFLICT with the message conflict, a foreign key EINVALID
// with the message missing (which should say what does not exist), a not-null
// or check violation EINVALID. Empty messages get generic ones. Any other
// error comes back unchanged.
func dbError(err error, conflict, missing string) error {
	switch constraint(err) {
	case constraintUnique:
		if conflict == "" {
			conflict = "It already exists."
		}
		return mission.Errorf(mission.ECONFLICT, "%s", conflict)
	case constraintForeignKey:
		if missing == "" {
			missing = "It refers to a record that does not exist."
		}
		return mission.Errorf(mission.EINVALID, "%s", missing)
	case constraintNotNull:
		return mission.Errorf(mission.EINVALID, "A required value is missing.")
	case constraintCheck:
		return mission.Errorf(mission.EINVALID, "A value is not allowed here.")
	}
	return err
}
