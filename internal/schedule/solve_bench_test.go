package schedule

import (
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

var b2bDir = flag.String("b2b", "", "directory of the B2B benchmark .dzn files (default $CARAVAN_B2B_DIR or ../../../shared/data/b2b-instances)")

// publishedOptimum holds the published optimum total breaks (d = 2) of the
// 20 original instances (Bofill et al., JAIR 2022, Tables 3 and 5).
var publishedOptimum = map[string]int{
	"forum-13": 0, "forum-13crafb": 6, "forum-13crafc": 1, "forum-14": 2,
	"forumt-14": 5, "forumt-14crafc": 5, "forumt-14crafd": 4, "forumt-14crafe": 5,
	"tic-12": 0, "tic-12crafc": 0, "tic-13": 0, "tic-13crafb": 0, "tic-13crafc": 4,
	"tic-14crafa": 0, "tic-14crafc": 0, "tic-14crafd": 0, "ticf-13crafa": 0,
	"ticf-13crafb": 3, "ticf-13crafc": 1, "ticf-14crafa": 0,
}

func benchDir(tb testing.TB) string {
	tb.Helper()
	dir := *b2bDir
	if dir == "" {
		dir = os.Getenv("CARAVAN_B2B_DIR")
	}
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data", "b2b-instances")
	}
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("benchmark instances not found in %s", dir)
	}
	return dir
}

func loadDZN(tb testing.TB, path string) *Problem {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	p, err := ParseDZN(filepath.Base(path), f)
	if err != nil {
		tb.Fatal(err)
	}
	p.Fairness = 2
	return p
}

// TestOriginals solves the 20 original benchmark instances when
// CARAVAN_B2B_RUN is set (a manual run: it takes a while) and checks each
// plan against Verify and the published optimum.
func TestOriginals(t *testing.T) {
	if os.Getenv("CARAVAN_B2B_RUN") == "" {
		t.Skip("set CARAVAN_B2B_RUN=1 to solve the benchmark originals")
	}
	dir := benchDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*.original.dzn"))
	if only := os.Getenv("CARAVAN_B2B_ONLY"); only != "" {
		files, _ = filepath.Glob(filepath.Join(dir, only))
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".original.dzn")
		p := loadDZN(t, f)
		limit := 20 * time.Second
		if v := os.Getenv("CARAVAN_B2B_LIMIT"); v != "" {
			limit, _ = time.ParseDuration(v)
		}
		seed := int64(1)
		if v := os.Getenv("CARAVAN_B2B_SEED"); v != "" {
			seed, _ = strconv.ParseInt(v, 10, 64)
		}
		res, err := Solve(t.Context(), p, Options{TimeLimit: limit, Workers: 1, Seed: seed})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := Verify(p, &res.Plan); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		s := Evaluate(p, &res.Plan)
		opt, known := publishedOptimum[name]
		t.Logf("%-16s placed %d/%d breaks %d (opt %d) max %d min %d lb %d optimal %v best at %v elapsed %v tablechanges %d",
			name, s.Scheduled, len(p.Meetings), s.Breaks, opt, s.MaxBreaks, s.MinBreaks, res.LowerBoundBreaks, res.Optimal,
			res.BestAt.Round(time.Millisecond), res.Elapsed.Round(time.Millisecond), s.TableChanges)
		if known && s.Scheduled == len(p.Meetings) && s.Breaks < opt && s.MaxBreaks-s.MinBreaks <= 2 {
			t.Errorf("%s: got %d breaks, below the published optimum %d", name, s.Breaks, opt)
		}
		if res.LowerBoundBreaks > opt {
			t.Errorf("%s: got bound %d, above the published optimum %d", name, res.LowerBoundBreaks, opt)
		}
	}
}

// BenchmarkSolveOriginals solves each original instance per iteration.
func BenchmarkSolveOriginals(b *testing.B) {
	dir := benchDir(b)
	files, _ := filepath.Glob(filepath.Join(dir, "*.original.dzn"))
	for _, f := range files {
		p := loadDZN(b, f)
		b.Run(strings.TrimSuffix(filepath.Base(f), ".original.dzn"), func(b *testing.B) {
			for b.Loop() {
				if _, err := Solve(b.Context(), p, Options{TimeLimit: 20 * time.Second, Workers: 1, Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestGeneratedLarge solves generated events when CARAVAN_LARGE lists
// participant counts (a manual measurement, e.g. CARAVAN_LARGE=2000,4000)
// and logs placement, breaks and time.
func TestGeneratedLarge(t *testing.T) {
	sizes := os.Getenv("CARAVAN_LARGE")
	if sizes == "" {
		t.Skip("set CARAVAN_LARGE=2000 to solve generated events")
	}
	limit := 20 * time.Second
	if v := os.Getenv("CARAVAN_B2B_LIMIT"); v != "" {
		limit, _ = time.ParseDuration(v)
	}
	for _, f := range strings.Split(sizes, ",") {
		n, _ := strconv.Atoi(f)
		p := Generate(GenerateConfig{Participants: n, Seed: 1, Fairness: 2})
		var ms runtime.MemStats
		res, err := Solve(t.Context(), p, Options{TimeLimit: limit, Workers: 2, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&ms)
		if err := Verify(p, &res.Plan); err != nil {
			t.Errorf("%d: %v", n, err)
		}
		s := Evaluate(p, &res.Plan)
		t.Logf("n=%d meetings %d slots %d tables %d: placed %d (%.2f%%) breaks %d (%.2f%% of participants) max %d min %d lb %d tablechanges %d best at %v elapsed %v heap sys %d MB",
			n, len(p.Meetings), len(p.Slots), len(p.Tables), s.Scheduled, 100*float64(s.Scheduled)/float64(len(p.Meetings)),
			s.Breaks, 100*float64(s.Breaks)/float64(n), s.MaxBreaks, s.MinBreaks, res.LowerBoundBreaks, s.TableChanges,
			res.BestAt.Round(time.Millisecond), res.Elapsed.Round(time.Millisecond), ms.HeapSys>>20)

		// Late changes: three participants leave after the first day's
		// morning, twenty meetings are added.
		pub := slices.Clone(res.Plan.Assign)
		affected := 0
		for q := range 3 {
			for s := 11; s < len(p.Slots); s++ {
				p.Participants[q].Forbidden = append(p.Participants[q].Forbidden, s)
			}
			for m, mt := range p.Meetings {
				if slices.Contains(mt.Participants, q) && pub[m].Slot >= 11 {
					affected++
				}
			}
		}
		for i := range 20 {
			a, b := 10+i, n/2+i
			p.Meetings = append(p.Meetings, Meeting{Participants: []int{a, b}, Weight: 1, FixedSlot: -1, FixedTable: -1})
			pub = append(pub, Assignment{Slot: -1, Table: -1})
		}
		rep, err := Repair(t.Context(), p, pub, Options{TimeLimit: limit / 2, Workers: 2, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if err := Verify(p, &rep.Plan); err != nil {
			t.Errorf("%d repair: %v", n, err)
		}
		rs := Evaluate(p, &rep.Plan)
		for m, a := range rep.Plan.Assign {
			if a.Slot < 0 {
				t.Logf("n=%d repair: unplaced %s meeting %d: %s", n, map[bool]string{true: "published", false: "new"}[pub[m].Slot >= 0], m+1, a.Reason)
			}
		}
		t.Logf("n=%d repair: %d published meetings hit by departures, moved %d, placed %d/%d, breaks %d, elapsed %v",
			n, affected, rep.Moved, rs.Scheduled, len(p.Meetings), rs.Breaks, rep.Elapsed.Round(time.Millisecond))
	}
}
