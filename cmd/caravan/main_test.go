package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"caravan/internal/demo"
	"caravan/internal/mission"
	"caravan/internal/store"
	"caravan/internal/testdb"
)

// app is a caravan process started with run() in the test.
type app struct {
	base   string // http://HOST:PORT as printed
	stdout *lockedBuffer
	stderr *lockedBuffer
	cancel context.CancelFunc
	done   chan int
}

// lockedBuffer is a bytes.Buffer safe to write from the server goroutine
// while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// start runs caravan with args and waits for its "listening on" line.
func start(t *testing.T, env map[string]string, args ...string) *app {
	t.Helper()
	a, err := launch(env, args...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.stop(t) })
	return a
}

// launch runs caravan in a goroutine and returns once it printed its
// address, or with an error when it exited first.
func launch(env map[string]string, args ...string) (*app, error) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	a := &app{stdout: &lockedBuffer{}, stderr: &lockedBuffer{}, cancel: cancel, done: make(chan int, 1)}
	getenv := func(k string) string { return env[k] }
	go func() {
		code := run(ctx, append([]string{"caravan"}, args...), getenv, io.MultiWriter(pw, a.stdout), a.stderr)
		pw.Close()
		a.done <- code
	}()
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "listening on "); ok {
				addr <- rest
				break
			}
		}
		close(addr)
		io.Copy(io.Discard, pr) // keep draining stdout
	}()
	base, ok := <-addr
	if !ok {
		cancel()
		code := <-a.done
		return nil, fmt.Errorf("caravan %v exited with %d before listening; stderr:\n%s", args, code, a.stderr.String())
	}
	a.base = base
	return a, nil
}

// stop cancels the context (as SIGTERM does) and checks a clean exit.
func (a *app) stop(t *testing.T) {
	t.Helper()
	if a.cancel == nil {
		return
	}
	a.cancel()
	a.cancel = nil
	if code := <-a.done; code != 0 {
		t.Errorf("got exit status %d after shutdown, want 0; stderr:\n%s", code, a.stderr.String())
	}
}

func (a *app) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(a.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// checkApp is the end-to-end check of a running Caravan holding the demo
// in the database at dsn.
func checkApp(t *testing.T, a *app, dsn string) {
	t.Helper()
	if !strings.HasPrefix(a.base, "http://127.0.0.1:") || strings.HasSuffix(a.base, ":0") {
		t.Fatalf("got address %q, want http://127.0.0.1:PORT with the real port", a.base)
	}
	if code, body := a.get(t, "/healthz"); code != 200 || body != "ok\n" {
		t.Fatalf("GET /healthz: got %d %q, want 200 ok", code, body)
	}

	code, body := a.get(t, "/api/v1/missions?limit=100")
	if code != 200 {
		t.Fatalf("GET /api/v1/missions: got %d", code)
	}
	var list struct {
		Items []struct {
			ID       int64  `json:"id"`
			Title    string `json:"title"`
			HostCity string `json:"host_city"`
			StartsOn string `json:"starts_on"`
			Status   string `json:"status"`
		} `json:"items"`
		NextCursor *string `json:"next_cursor"`
	}
	if err := json.Unmarshal([]byte(body), &list); err != nil {
		t.Fatalf("decode the list: %v", err)
	}
	if list.NextCursor == nil || *list.NextCursor != "" {
		t.Errorf("got next_cursor %v, want an empty string on the last page", list.NextCursor)
	}
	var basque int64
	statuses := map[string]bool{}
	for _, m := range list.Items {
		statuses[m.Status] = true
		if m.HostCity == "Bilbao" && m.StartsOn == "2023-11-13" {
			basque = m.ID
		}
	}
	// Five published: the Basque, Dresden, running, upcoming missions and the open exchange offer.
	if basque == 0 || len(list.Items) != 5 {
		t.Fatalf("got missions %+v, want 5 published ones with the Basque mission", list.Items)
	}
	if !statuses["reported"] || !statuses["running"] || !statuses["call_open"] {
		t.Errorf("got statuses %v, want past (reported), running and call_open missions", statuses)
	}

	code, body = a.get(t, "/")
	if code != 200 || !strings.Contains(body, fmt.Sprintf(`href="/missions/%d"`, basque)) {
		t.Errorf("GET /: got %d, want 200 linking to the Basque mission", code)
	}

	code, body = a.get(t, fmt.Sprintf("/missions/%d", basque))
	if code != 200 {
		t.Fatalf("GET the Basque mission: got %d", code)
	}
	for _, want := range []string{"GAIA", "Bilbao", "Monday 13 November 2023", "Tuesday 14 November 2023",
		"Wednesday 15 November 2023", "22.8 %", "23 %", "128.5 %", "City &amp; Me", "Steinbeis Europa Zentrum", "SME Assembly"} {
		if !strings.Contains(body, want) {
			t.Errorf("the mission page lacks %q", want)
		}
	}

	code, body = a.get(t, fmt.Sprintf("/api/v1/missions/%d", basque))
	var item struct {
		ID     int64 `json:"id"`
		Region struct {
			Figures []struct {
				Value float64 `json:"value"`
			} `json:"figures"`
		} `json:"region"`
		Organisations []struct {
			Name string `json:"name"`
			Role string `json:"role"`
		} `json:"organisations"`
		Programme []struct {
			StartsAt string `json:"starts_at"`
		} `json:"programme"`
	}
	if err := json.Unmarshal([]byte(body), &item); code != 200 || err != nil {
		t.Fatalf("GET the Basque mission's JSON: got %d, %v", code, err)
	}
	if item.ID != basque || len(item.Region.Figures) != 3 || item.Region.Figures[0].Value != 22.8 || len(item.Programme) < 9 || len(item.Organisations) < 150 {
		t.Errorf("got item %d with %d figures, %d programme items, %d organisations; want the Basque mission in full",
			item.ID, len(item.Region.Figures), len(item.Programme), len(item.Organisations))
	}

	for _, tt := range []struct{ path, want string }{
		{"/missions/987654", "Not Found"},
		{"/missions/abc", "Not Found"},
		{"/api/v1/missions/987654", `"code":"not_found"`},
		{"/api/v1/missions/abc", `"code":"not_found"`},
	} {
		if code, body := a.get(t, tt.path); code != 404 || !strings.Contains(body, tt.want) {
			t.Errorf("GET %s: got %d, want 404 with %q", tt.path, code, tt.want)
		}
	}
	// The unpublished draft is 404 like any unknown id, on the page and in the API.
	draft := unpublishedMission(t, dsn)
	for _, path := range []string{"/missions/%d", "/api/v1/missions/%d"} {
		code, body = a.get(t, fmt.Sprintf(path, draft))
		if code != 404 || strings.Contains(body, "Sophia") {
			t.Errorf("GET %s: got %d %.200s, want 404 without the mission's data", fmt.Sprintf(path, draft), code, body)
		}
	}
}

// unpublishedMission returns the id of the demo's unpublished mission,
// read from the database beside the running server.
func unpublishedMission(t *testing.T, dsn string) int64 {
	t.Helper()
	db, err := store.Open(t.Context(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	published := false
	missions, err := db.Missions(t.Context(), mission.MissionFilter{Published: &published})
	if err != nil {
		t.Fatal(err)
	}
	if len(missions) != 1 {
		t.Fatalf("got %d unpublished missions, want the demo's one draft", len(missions))
	}
	return missions[0].ID
}

func TestDemo(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "caravan-demo")
	dsn := "sqlite:" + filepath.Join(dir, "caravan.db")
	a := start(t, nil, "demo", "-addr", "127.0.0.1:0", "-data", dir)
	if !strings.Contains(a.stdout.String(), "created the demo database") {
		t.Errorf("got stdout %q, want it to say the database was created", a.stdout.String())
	}
	checkApp(t, a, dsn)

	// A backup of the live database holds the same missions.
	out := filepath.Join(t.TempDir(), "backup.db")
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"caravan", "backup", "-db", dsn, "-out", out}, noEnv, &stdout, &stderr); code != 0 {
		t.Fatalf("backup: got exit %d, stderr %q", code, stderr.String())
	}
	a.stop(t)
	for _, name := range []string{"caravan.db"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, "*.seeding-*")); len(leftovers) > 0 {
		t.Errorf("got leftover files %v, want none", leftovers)
	}

	// Serving the backup shows the same demo.
	b := start(t, nil, "serve", "-addr", "127.0.0.1:0", "-db", "sqlite:"+out)
	checkApp(t, b, "sqlite:"+out)
	b.stop(t)

	// A second start reuses the database.
	c := start(t, nil, "demo", "-addr", "127.0.0.1:0", "-data", dir)
	if !strings.Contains(c.stdout.String(), "using the demo database") {
		t.Errorf("got stdout %q, want it to reuse the database", c.stdout.String())
	}
	checkApp(t, c, dsn)
}

// TestDemoConcurrentStart starts two demos on one empty directory at once:
// both serve the same, fully seeded demo.
func TestDemoConcurrentStart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "caravan-demo")
	var wg sync.WaitGroup
	apps := make([]*app, 2)
	errs := make([]error, 2)
	for i := range apps {
		wg.Go(func() { apps[i], errs[i] = launch(nil, "demo", "-addr", "127.0.0.1:0", "-data", dir) })
	}
	wg.Wait()
	for i, a := range apps {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		t.Cleanup(func() { a.stop(t) })
	}
	created := 0
	for _, a := range apps {
		checkApp(t, a, "sqlite:"+filepath.Join(dir, "caravan.db"))
		if strings.Contains(a.stdout.String(), "created the demo database") {
			created++
		}
	}
	if created != 1 {
		t.Errorf("got %d processes saying they created the database, want exactly 1", created)
	}
}

func TestServePostgres(t *testing.T) {
	dsn := testdb.Postgres(t)
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"caravan", "migrate", "-db", dsn}, noEnv, &stdout, &stderr); code != 0 {
		t.Fatalf("migrate: got exit %d, stderr %q", code, stderr.String())
	}
	db := testdb.Open(t, dsn)
	if _, err := demo.Seed(t.Context(), db, time.Now()); err != nil {
		t.Fatal(err)
	}
	// The address comes from the environment this time.
	a := start(t, map[string]string{"CARAVAN_DB": dsn}, "serve", "-addr", "127.0.0.1:0")
	checkApp(t, a, dsn)
}

func TestMigrateSQLite(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	for range 2 { // twice: the second finds nothing to do
		if code := run(t.Context(), []string{"caravan", "migrate"}, env(map[string]string{"CARAVAN_DATA": dir}), &stdout, &stderr); code != 0 {
			t.Fatalf("migrate: got exit %d, stderr %q", code, stderr.String())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "caravan.db")); err != nil {
		t.Errorf("migrate with CARAVAN_DATA: %v", err)
	}
}

func TestFailures(t *testing.T) {
	dir := t.TempDir()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"no command", nil, 2, "usage: caravan"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"bad flag", []string{"serve", "-nope"}, 2, "flag provided but not defined: -nope"},
		{"stray argument", []string{"migrate", "now"}, 2, `unexpected argument "now"`},
		{"backup without -out", []string{"backup"}, 2, "-out FILE is required"},
		{"bad -db", []string{"serve", "-db", "mysql://localhost/caravan"}, 1, "unsupported database address"},
		{"bad postgres URL", []string{"migrate", "-db", "postgres://a b@/"}, 1, "invalid PostgreSQL URL"},
		{"unreachable postgres", []string{"serve", "-db", "postgres://caravan@127.0.0.1:1/caravan?connect_timeout=5"}, 1, "cannot reach PostgreSQL at 127.0.0.1:1/caravan"},
		{"bad log level", []string{"serve", "-log-level", "loud", "-data", dir}, 1, `invalid log level "loud"`},
		{"backup of postgres", []string{"backup", "-db", "postgres://caravan@127.0.0.1:1/caravan", "-out", filepath.Join(dir, "x.db")}, 1, "pg_dump"},
		{"backup of nothing", []string{"backup", "-data", filepath.Join(dir, "none"), "-out", filepath.Join(dir, "y.db")}, 1, "no SQLite database at"},
		{"address in use", []string{"serve", "-data", dir, "-addr", busy.Addr().String()}, 1, "listen on " + busy.Addr().String()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(t.Context(), append([]string{"caravan"}, tt.args...), noEnv, &stdout, &stderr)
			if code != tt.wantCode {
				t.Fatalf("got exit %d, want %d; stderr:\n%s", code, tt.wantCode, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.wantErr) {
				t.Errorf("got stderr %q, want it to contain %q", stderr.String(), tt.wantErr)
			}
			if tt.wantCode == 1 {
				// Log lines may come first; the error is one line of its own.
				var errLines []string
				for _, l := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
					if strings.HasPrefix(l, "caravan ") {
						errLines = append(errLines, l)
					}
				}
				if len(errLines) != 1 || !strings.Contains(errLines[0], tt.wantErr) {
					t.Errorf("got error lines %q, want one naming %q", errLines, tt.wantErr)
				}
				if strings.Contains(stdout.String(), "listening on") {
					t.Error("it printed a listening line despite failing")
				}
			}
		})
	}
}

func TestVersion(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"caravan", "version"}, noEnv, &stdout, &stderr); code != 0 || stdout.String() != "caravan dev\n" {
		t.Errorf("got %d %q, want 0 \"caravan dev\"", code, stdout.String())
	}
}

func noEnv(string) string { return "" }

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}
