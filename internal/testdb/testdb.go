// Package testdb gives tests outside internal/store a fresh database on
// every backend: SQLite in t.TempDir() always, and PostgreSQL when
// CARAVAN_TEST_POSTGRES holds a URL (a new schema per test, named in the
// URL's search_path and dropped at the end, as the store's own tests do).
// Only tests import it.
package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"caravan/internal/store"
)

// Each runs fn as a subtest per backend with a fresh database address.
func Each(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	t.Run(store.SQLite, func(t *testing.T) {
		fn(t, SQLite(t))
	})
	if os.Getenv("CARAVAN_TEST_POSTGRES") != "" {
		t.Run(store.Postgres, func(t *testing.T) {
			fn(t, Postgres(t))
		})
	}
}

// SQLite returns the address of a new SQLite file in t.TempDir().
func SQLite(t testing.TB) string {
	return "sqlite:" + filepath.Join(t.TempDir(), "caravan.db")
}

// Postgres creates a schema in the CARAVAN_TEST_POSTGRES database, drops it
// when the test ends, and returns a URL whose search_path is that schema.
func Postgres(t testing.TB) string {
	t.Helper()
	base := os.Getenv("CARAVAN_TEST_POSTGRES")
	if base == "" {
		t.Skip("CARAVAN_TEST_POSTGRES is not set")
	}
	admin, err := store.Open(context.Background(), base, nil)
	if err != nil {
		t.Fatalf("open CARAVAN_TEST_POSTGRES: %v", err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "caravan_t_" + hex.EncodeToString(b)
	if _, err := admin.SQL().ExecContext(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
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

// Open opens and migrates the database at dsn and closes it when the test
// ends.
func Open(t testing.TB, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}
