package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"caravan/internal/mission"
)

// Every test body runs on each backend: SQLite in t.TempDir() always, and
// PostgreSQL when CARAVAN_TEST_POSTGRES holds a URL (`make test` starts a
// throwaway server and sets it). Each test gets a fresh database: a new file,
// or a new schema named in the URL's search_path, dropped at the end.

// eachBackend runs fn as a subtest per backend with a fresh DSN.
func eachBackend(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	t.Run(SQLite, func(t *testing.T) {
		fn(t, "sqlite:"+filepath.Join(t.TempDir(), "caravan.db"))
	})
	if os.Getenv("CARAVAN_TEST_POSTGRES") != "" {
		t.Run(Postgres, func(t *testing.T) {
			fn(t, freshPostgres(t))
		})
	}
}

// eachDB runs fn as a subtest per backend with a fresh, migrated database.
func eachDB(t *testing.T, fn func(t *testing.T, db *DB)) {
	t.Helper()
	eachBackend(t, func(t *testing.T, dsn string) {
		db := openTest(t, dsn)
		if err := db.Migrate(t.Context()); err != nil {
			t.Fatalf("migrate: %v", err)
		}
		fn(t, db)
	})
}

// openTest opens dsn and closes it when the test ends.
func openTest(t *testing.T, dsn string) *DB {
	t.Helper()
	db, err := Open(t.Context(), dsn, nil)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// freshPostgres creates a schema in the CARAVAN_TEST_POSTGRES database,
// drops it when the test ends and returns a URL whose search_path is it.
func freshPostgres(t *testing.T) string {
	t.Helper()
	base := os.Getenv("CARAVAN_TEST_POSTGRES")
	admin, err := Open(t.Context(), base, nil)
	if err != nil {
		t.Fatalf("open CARAVAN_TEST_POSTGRES: %v", err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "caravan_t_" + hex.EncodeToString(b)
	if _, err := admin.SQL().ExecContext(t.Context(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.SQL().ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// wantCode fails the test unless err carries the mission error code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := mission.ErrorCode(err); got != code {
		t.Fatalf("got error %v (code %q), want code %q", err, got, code)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// date returns midnight UTC of a day.
func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func newOrganisation(t *testing.T, db *DB, name, kind, country string) *mission.Organisation {
	t.Helper()
	o := &mission.Organisation{Name: name, Kind: kind, Country: country, City: "Bilbao"}
	must(t, db.CreateOrganisation(t.Context(), o))
	return o
}

func newPerson(t *testing.T, db *DB, orgID int64, name, email string) *mission.Person {
	t.Helper()
	p := &mission.Person{OrganisationID: orgID, Name: name, Email: email}
	must(t, db.CreatePerson(t.Context(), p))
	return p
}

func newMission(t *testing.T, db *DB, hostID int64, title string) *mission.Mission {
	t.Helper()
	m := &mission.Mission{Title: title, HostOrganisationID: hostID, HostCity: "Bilbao", HostCountry: "ES",
		StartsOn: date(2026, 3, 10), EndsOn: date(2026, 3, 12), TimeZone: "Europe/Madrid"}
	must(t, db.CreateMission(t.Context(), m))
	return m
}

func TestOpenErrors(t *testing.T) {
	ctx := t.Context()
	tests := []struct {
		name, dsn, code string
	}{
		{"unknown scheme", "mysql://root:s3cret@localhost/caravan", mission.EINVALID},
		{"bad port", "postgres://root:s3cret@localhost:notaport/caravan", mission.EINVALID},
		{"password as port", "postgres://root:s3cret/caravan", mission.EINVALID},
		{"bad sslmode", "postgres://root:s3cret@localhost/caravan?sslmode=s3cret", mission.EINVALID},
		{"unreachable", "postgres://root:s3cret@127.0.0.1:1/caravan?connect_timeout=5", mission.EINTERNAL},
		{"sqlite query", "sqlite:x.db?mode=ro", mission.EINVALID},
		{"sqlite directory", "sqlite:" + t.TempDir(), mission.EINTERNAL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, err := Open(ctx, tt.dsn, nil)
			if err == nil {
				db.Close()
				t.Fatalf("got no error, want %s", tt.code)
			}
			wantCode(t, err, tt.code)
			var e *mission.Error
			if !errors.As(err, &e) {
				t.Fatalf("got %T, want *mission.Error", err)
			}
			if containsAny(e.Message, "s3cret", "\n") {
				t.Errorf("message %q holds the password or a newline", e.Message)
			}
		})
	}
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if len(sub) > 0 && len(s) >= len(sub) {
			for i := 0; i+len(sub) <= len(s); i++ {
				if s[i:i+len(sub)] == sub {
					return true
				}
			}
		}
	}
	return false
}

func TestOpenSQLiteBarePath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "caravan.db")
	db := openTest(t, path)
	if got := db.Dialect(); got != SQLite {
		t.Fatalf("got dialect %q, want %q", got, SQLite)
	}
	must(t, db.Ping(t.Context()))
	var fk int
	must(t, db.SQL().QueryRowContext(t.Context(), "PRAGMA foreign_keys").Scan(&fk))
	if fk != 1 {
		t.Errorf("got foreign_keys %d, want 1", fk)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database file: %v", err)
	}
}

func TestConstraintMapping(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		org := newOrganisation(t, db, "GAIA", mission.KindCluster, "ES")
		now := ts(time.Now())
		exec := func(query string, args ...any) error {
			_, err := db.SQL().ExecContext(ctx, query, args...)
			return dbError(err, "", "")
		}
		// An enum value the CHECK constraint does not allow.
		err := exec(`INSERT INTO organisations (name, kind, country, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)`,
			"X", "boss", "ES", now, now)
		wantCode(t, err, mission.EINVALID)
		// A missing NOT NULL value.
		err = exec(`INSERT INTO organisations (name, kind, country, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)`,
			"X", "sme", "ES", now, nil)
		wantCode(t, err, mission.EINVALID)
		// A foreign key to nothing.
		err = exec(`INSERT INTO persons (organisation_id, name, created_at) VALUES ($1, $2, $3)`, org.ID+1000, "Ana", now)
		wantCode(t, err, mission.EINVALID)
		// A duplicate primary key.
		must(t, exec(`INSERT INTO organisation_ecosystems (organisation_id, ecosystem, sort_order) VALUES ($1, $2, $3)`, org.ID, "energy", 0))
		err = exec(`INSERT INTO organisation_ecosystems (organisation_id, ecosystem, sort_order) VALUES ($1, $2, $3)`, org.ID, "energy", 1)
		wantCode(t, err, mission.ECONFLICT)
		// Other errors stay as they are.
		err = exec(`SELECT nothing FROM nowhere`)
		if err == nil || mission.ErrorCode(err) != mission.EINTERNAL {
			t.Fatalf("got %v, want an internal error", err)
		}
	})
}

func TestBackup(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		newOrganisation(t, db, "GAIA", mission.KindCluster, "ES")
		path := filepath.Join(t.TempDir(), "backup.db")
		err := db.Backup(ctx, path)
		if db.Dialect() == Postgres {
			wantCode(t, err, mission.EINVALID)
			return
		}
		must(t, err)
		copy := openTest(t, "sqlite:"+path)
		orgs, err := copy.Organisations(ctx, mission.OrganisationFilter{})
		must(t, err)
		if len(orgs) != 1 || orgs[0].Name != "GAIA" {
			t.Fatalf("got %d organisations in the backup, want GAIA", len(orgs))
		}
		wantCode(t, db.Backup(ctx, path), mission.EINVALID) // exists already
	})
}

// countRows returns the number of rows of a table.
func countRows(t *testing.T, db *sql.DB, table string) int {
	t.Helper()
	var n int
	must(t, db.QueryRowContext(t.Context(), "SELECT COUNT(*) FROM "+table).Scan(&n))
	return n
}
