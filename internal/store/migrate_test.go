package store

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"caravan/internal/mission"
)

// migrationCount returns how many embedded migrations the dialect has.
func migrationCount(t *testing.T, dialect string) int {
	t.Helper()
	names, err := fs.Glob(migrationsFS, "migrations/"+dialect+"/*.sql")
	must(t, err)
	return len(names)
}

func TestMigrationFilesMatch(t *testing.T) {
	list := func(dialect string) []string {
		names, err := fs.Glob(migrationsFS, "migrations/"+dialect+"/*.sql")
		must(t, err)
		for i, n := range names {
			names[i] = filepath.Base(n)
		}
		return names
	}
	lite, pg := list(SQLite), list(Postgres)
	if strings.Join(lite, " ") != strings.Join(pg, " ") || len(lite) == 0 {
		t.Fatalf("got sqlite migrations %v and postgres migrations %v, want the same names", lite, pg)
	}
}

func TestMigrateIdempotent(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		db := openTest(t, dsn)
		must(t, db.Migrate(t.Context()))
		must(t, db.Migrate(t.Context()))
		if got, want := countRows(t, db.SQL(), "schema_migrations"), migrationCount(t, db.Dialect()); got != want {
			t.Fatalf("got %d rows in schema_migrations, want %d", got, want)
		}
	})
}

func TestMigrateConcurrent(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		dbs := []*DB{openTest(t, dsn), openTest(t, dsn), openTest(t, dsn)}
		errs := make([]error, len(dbs))
		var wg sync.WaitGroup
		for i, db := range dbs {
			wg.Go(func() { errs[i] = db.Migrate(t.Context()) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("migrate %d: %v", i, err)
			}
		}
		if got, want := countRows(t, dbs[0].SQL(), "schema_migrations"), migrationCount(t, dbs[0].Dialect()); got != want {
			t.Fatalf("got %d rows in schema_migrations, want %d", got, want)
		}
		newOrganisation(t, dbs[1], "GAIA", mission.KindCluster, "ES")
	})
}

func TestMigrateFailureLeavesNothing(t *testing.T) {
	eachBackend(t, func(t *testing.T, dsn string) {
		ctx := t.Context()
		db := openTest(t, dsn)
		fsys := fstest.MapFS{
			"0001_first.sql":  {Data: []byte("CREATE TABLE first_table (id INTEGER PRIMARY KEY);")},
			"0002_broken.sql": {Data: []byte("CREATE TABLE second_table (id INTEGER PRIMARY KEY);\nINSERT INTO no_such_table VALUES (1);")},
		}
		err := db.migrate(ctx, fsys)
		if err == nil || !strings.HasPrefix(err.Error(), "migration 0002_broken.sql: ") {
			t.Fatalf("got %v, want an error starting with migration 0002_broken.sql", err)
		}
		countRows(t, db.SQL(), "first_table")
		if _, err := db.SQL().ExecContext(ctx, "SELECT COUNT(*) FROM second_table"); err == nil {
			t.Fatal("second_table exists after its migration failed")
		}
		if got := countRows(t, db.SQL(), "schema_migrations"); got != 1 {
			t.Fatalf("got %d rows in schema_migrations, want 1", got)
		}
		fsys["0002_broken.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE second_table (id INTEGER PRIMARY KEY);")}
		must(t, db.migrate(ctx, fsys))
		if got := countRows(t, db.SQL(), "second_table") + countRows(t, db.SQL(), "schema_migrations"); got != 2 {
			t.Fatalf("got %d, want 0 rows in second_table and 2 in schema_migrations", got)
		}
	})
}

func TestMigrateRejectsBadName(t *testing.T) {
	db := openTest(t, "sqlite:"+filepath.Join(t.TempDir(), "c.db"))
	err := db.migrate(t.Context(), fstest.MapFS{"1_init.sql": {Data: []byte("SELECT 1;")}})
	if err == nil || !strings.Contains(err.Error(), "1_init.sql") {
		t.Fatalf("got %v, want an error naming 1_init.sql", err)
	}
}

// column is one column of the migrated schema, with its type reduced to a
// class that both dialects share.
type column struct{ table, name, class string }

// TestSchemasMatch migrates both databases and checks that they have the
// same tables and columns, with compatible types.
func TestSchemasMatch(t *testing.T) {
	if os.Getenv("CARAVAN_TEST_POSTGRES") == "" {
		t.Skip("CARAVAN_TEST_POSTGRES is not set")
	}
	ctx := t.Context()
	lite := openTest(t, "sqlite:"+filepath.Join(t.TempDir(), "c.db"))
	pg := openTest(t, freshPostgres(t))
	must(t, lite.Migrate(ctx))
	must(t, pg.Migrate(ctx))

	// search_documents is SQLite's FTS5 table (migration 0009) with its
	// shadow tables search_documents_data, _idx, _content, _docsize and
	// _config; PostgreSQL searches through expression indexes instead, so
	// neither side has a search table. TestSearch checks that both find the
	// same.
	var liteCols []column
	rows, err := lite.SQL().QueryContext(ctx, `SELECT m.name, p.name, p.type FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE 'search_documents%' ORDER BY m.name, p.name`)
	must(t, err)
	for rows.Next() {
		var c column
		var typ string
		must(t, rows.Scan(&c.table, &c.name, &typ))
		c.class = typeClass(typ)
		liteCols = append(liteCols, c)
	}
	must(t, rows.Err())

	var pgCols []column
	rows, err = pg.SQL().QueryContext(ctx, `SELECT table_name, column_name, data_type FROM information_schema.columns
		WHERE table_schema = current_schema() ORDER BY table_name, column_name`)
	must(t, err)
	for rows.Next() {
		var c column
		var typ string
		must(t, rows.Scan(&c.table, &c.name, &typ))
		c.class = typeClass(typ)
		pgCols = append(pgCols, c)
	}
	must(t, rows.Err())

	sortColumns(liteCols)
	sortColumns(pgCols)
	if len(liteCols) < 50 {
		t.Fatalf("got only %d columns on SQLite", len(liteCols))
	}
	for i := 0; i < max(len(liteCols), len(pgCols)); i++ {
		var l, p column
		if i < len(liteCols) {
			l = liteCols[i]
		}
		if i < len(pgCols) {
			p = pgCols[i]
		}
		if l != p {
			t.Fatalf("got sqlite column %+v and postgres column %+v, want the same", l, p)
		}
	}
}

func sortColumns(cols []column) {
	sort.Slice(cols, func(i, j int) bool {
		if cols[i].table != cols[j].table {
			return cols[i].table < cols[j].table
		}
		return cols[i].name < cols[j].name
	})
}

// typeClass reduces a column type of either dialect to int, float, text or bytes.
func typeClass(typ string) string {
	switch strings.ToLower(typ) {
	case "integer", "bigint", "smallint", "boolean":
		return "int"
	case "real", "double precision":
		return "float"
	case "text", "character varying", "date", "timestamp with time zone":
		return "text"
	case "blob", "bytea":
		return "bytes"
	}
	return "unknown " + typ
}
