package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"caravan/internal/schedule"
)

// publishedOptimum is the optimum total breaks of the 20 original
// instances with fairness 2 (Bofill et al., JAIR 2022, Tables 3 and 5).
var publishedOptimum = map[string]int{
	"forum-13": 0, "forum-13crafb": 6, "forum-13crafc": 1, "forum-14": 2, "forumt-14": 5,
	"forumt-14crafc": 5, "forumt-14crafd": 4, "forumt-14crafe": 5, "tic-12": 0,
	"tic-12crafc": 0, "tic-13": 0, "tic-13crafb": 0, "tic-13crafc": 4, "tic-14crafa": 0,
	"tic-14crafc": 0, "tic-14crafd": 0, "ticf-13crafa": 0, "ticf-13crafb": 3,
	"ticf-13crafc": 1, "ticf-14crafa": 0,
}

type benchConfig struct {
	dir          string
	limit        time.Duration // ours and peers on the originals
	peerLimit    time.Duration
	variantLimit time.Duration
	genLimit     time.Duration
	repairLimit  time.Duration
	sizes        []int
	parts        map[string]bool
	peers        map[string]bool
	seed         int64
	workDir      string
	log          io.Writer
}

// runScheduleBench is "caravan schedule bench": it runs the scheduler
// benchmarks and prints BENCHMARKS.md's scheduler tables in Markdown.
func runScheduleBench(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("caravan schedule bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "../shared/data/b2b-instances", "directory of the JAIR benchmark's .dzn files")
	limit := fs.Duration("time-limit", 10*time.Second, "time limit per original instance (ours, one core)")
	peerLimit := fs.Duration("peer-time-limit", 0, "time limit per instance for the peer solvers (0: -time-limit)")
	variantLimit := fs.Duration("variant-time-limit", 3*time.Second, "time limit per file of part (c)")
	genLimit := fs.Duration("gen-time-limit", 30*time.Second, "time limit per generated instance of part (d)")
	repairLimit := fs.Duration("repair-time-limit", 10*time.Second, "time limit of the repair and of re-solving in part (e)")
	sizes := fs.String("sizes", "500,1000,2000,4000", "participants of the generated instances")
	only := fs.String("only", "a,b,c,d,e", "parts to run: a (originals), b (peers), c (variants), d (generated), e (repair)")
	peers := fs.String("peers", "gecode,cbc", "peer solvers for part (b)")
	seed := fs.Int64("seed", 1, "seed of our search and of the generated instances")
	out := fs.String("out", "", "write the Markdown to this `file` instead of stdout")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		return flagError(stderr, "bench", "unexpected argument %q", fs.Arg(0))
	}
	cfg := benchConfig{dir: *dir, limit: *limit, peerLimit: *peerLimit, variantLimit: *variantLimit,
		genLimit: *genLimit, repairLimit: *repairLimit, parts: setOf(*only), peers: setOf(*peers), seed: *seed, log: stderr}
	if cfg.peerLimit == 0 {
		cfg.peerLimit = cfg.limit
	}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 10 {
			return flagError(stderr, "bench", "-sizes: %q is not a size", s)
		}
		cfg.sizes = append(cfg.sizes, n)
	}
	if cfg.limit <= 0 || cfg.variantLimit <= 0 || cfg.genLimit <= 0 {
		return flagError(stderr, "bench", "time limits must be positive")
	}
	work, err := os.MkdirTemp("", "caravan-bench-")
	if err != nil {
		fmt.Fprintf(stderr, "caravan schedule bench: %v\n", err)
		return 1
	}
	defer os.RemoveAll(work)
	cfg.workDir = work

	var md bytes.Buffer
	if err := benchAll(ctx, cfg, &md); err != nil {
		fmt.Fprintf(stderr, "caravan schedule bench: %v\n", err)
		return 1
	}
	if *out != "" {
		if err := writeFileAtomic(*out, md.Bytes()); err != nil {
			fmt.Fprintf(stderr, "caravan schedule bench: %v\n", err)
			return 1
		}
		return 0
	}
	stdout.Write(md.Bytes())
	return 0
}

func setOf(list string) map[string]bool {
	m := map[string]bool{}
	for _, s := range strings.Split(list, ",") {
		if s = strings.TrimSpace(s); s != "" {
			m[s] = true
		}
	}
	return m
}

func benchAll(ctx context.Context, cfg benchConfig, w io.Writer) error {
	fmt.Fprintf(w, "Machine: %d CPUs (%s/%s), %s. Generated %s.\n\n", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version(), time.Now().UTC().Format("2006-01-02 15:04 MST"))
	if cfg.parts["a"] || cfg.parts["b"] {
		if err := benchOriginals(ctx, cfg, w); err != nil {
			return err
		}
	}
	if cfg.parts["c"] {
		if err := benchVariants(ctx, cfg, w); err != nil {
			return err
		}
	}
	if cfg.parts["d"] {
		if err := benchGenerated(ctx, cfg, w); err != nil {
			return err
		}
	}
	if cfg.parts["e"] {
		if err := benchRepair(ctx, cfg, w); err != nil {
			return err
		}
	}
	return nil
}

// ourRun is one verified run of our solver.
type ourRun struct {
	p      *schedule.Problem
	res    *schedule.Result
	st     schedule.Stats
	verify error
}

func solveFile(ctx context.Context, path string, fairness int, limit time.Duration, seed int64, workers int) (*ourRun, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p, err := schedule.ParseDZN(filepath.Base(path), f)
	if err != nil {
		return nil, err
	}
	p.Fairness = fairness
	res, err := schedule.Solve(ctx, p, schedule.Options{TimeLimit: limit, Seed: seed, Workers: workers})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r := &ourRun{p: p, res: res, verify: schedule.Verify(p, &res.Plan)}
	r.st = schedule.Evaluate(p, &res.Plan)
	return r, nil
}

func (r *ourRun) proven() bool {
	return r.verify == nil && r.st.Scheduled == len(r.p.Meetings) && r.st.Breaks == r.res.LowerBoundBreaks
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f", d.Seconds()) }

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func benchOriginals(ctx context.Context, cfg benchConfig, w io.Writer) error {
	var names []string
	for n := range publishedOptimum {
		names = append(names, n)
	}
	sort.Strings(names)
	usePeers := cfg.parts["b"]
	peerNames := []string{}
	if usePeers {
		for _, pn := range []string{"gecode", "cbc"} {
			if cfg.peers[pn] {
				tool := map[string]string{"gecode": "minizinc", "cbc": "cbc"}[pn]
				if _, err := exec.LookPath(tool); err != nil {
					fmt.Fprintf(cfg.log, "bench: %s not installed, skipping peer %s\n", tool, pn)
					continue
				}
				peerNames = append(peerNames, pn)
			}
		}
	}
	fmt.Fprintf(w, "### (a) The 20 originals, fairness d = 2, one core, time limit %s\n\n", cfg.limit)
	if len(peerNames) > 0 {
		fmt.Fprintf(w, "Side by side (b): the same instances, same time limit (%s), solved by general solvers on exact models of the same problem: ", cfg.peerLimit)
		fmt.Fprintf(w, "MiniZinc 2.6 + Gecode on `cmd/caravan/peer/b2b.mzn` (CP: alldifferent per participant, global cardinality for tables, channelled used/block-start booleans, implied slot counts) and CBC 2.10 on the MIP that `writeLP` builds (x[m,s], u[p,s], block starts b[p,s] = u[p,s] ∧ ¬u[p,s−1], implied Σ_s u[p,s] = n_p, 1 ≤ blocks ≤ n_p). Published MaxSAT (Bofill et al.) proves all 20 optimal in 0.1–23.3 s.\n\n")
	}
	head := "| instance | P | M | published opt | ours | ours max−min | ours best at (s) | ours proven | verified |"
	sep := "|---|---:|---:|---:|---:|---:|---:|---|---|"
	for _, pn := range peerNames {
		label := map[string]string{"gecode": "Gecode", "cbc": "CBC"}[pn]
		head += fmt.Sprintf(" %s | %s best at (s) | %s proven |", label, label, label)
		sep += "---:|---:|---|"
	}
	fmt.Fprintln(w, head)
	fmt.Fprintln(w, sep)
	var sumPub, sumOurs, matched, proven int
	var sumBestAt time.Duration
	sumPeer := map[string]int{}
	foundPeer := map[string]int{}
	provenPeer := map[string]int{}
	matchedPeer := map[string]int{}
	sumOursSame := map[string]int{} // our breaks on the instances the peer solved
	for _, name := range names {
		path := filepath.Join(cfg.dir, name+".original.dzn")
		fmt.Fprintf(cfg.log, "bench (a): %s\n", name)
		r, err := solveFile(ctx, path, 2, cfg.limit, cfg.seed, 1)
		if err != nil {
			return err
		}
		pub := publishedOptimum[name]
		sumPub += pub
		sumOurs += r.st.Breaks
		sumBestAt += r.res.BestAt
		if r.st.Breaks == pub && r.st.Scheduled == len(r.p.Meetings) {
			matched++
		}
		if r.proven() {
			proven++
		}
		ver := "yes"
		if r.verify != nil {
			ver = "NO: " + strings.SplitN(r.verify.Error(), "\n", 2)[0]
		}
		ours := strconv.Itoa(r.st.Breaks)
		if r.st.Scheduled < len(r.p.Meetings) {
			ours += fmt.Sprintf(" (%d unplaced)", len(r.p.Meetings)-r.st.Scheduled)
		}
		row := fmt.Sprintf("| %s | %d | %d | %d | %s | %d | %s | %s | %s |", name, len(r.p.Participants), len(r.p.Meetings), pub, ours, r.st.MaxBreaks-r.st.MinBreaks, secs(r.res.BestAt), yesNo(r.proven()), ver)
		for _, pn := range peerNames {
			fmt.Fprintf(cfg.log, "bench (b): %s %s\n", pn, name)
			var pr peerResult
			if pn == "gecode" {
				pr = runGecode(ctx, path, 2, cfg.peerLimit, cfg.workDir)
			} else {
				pr = runCBC(ctx, r.p, cfg.peerLimit, cfg.workDir)
			}
			if pr.Found {
				foundPeer[pn]++
				sumPeer[pn] += pr.Breaks
				sumOursSame[pn] += r.st.Breaks
				if pr.Breaks == pub {
					matchedPeer[pn]++
				}
				if pr.Proven {
					provenPeer[pn]++
				}
				row += fmt.Sprintf(" %d | %s | %s |", pr.Breaks, secs(pr.BestAt), yesNo(pr.Proven))
			} else {
				msg := "none"
				if pr.Err != "" {
					msg = "error"
					fmt.Fprintf(cfg.log, "bench (b): %s %s: %s\n", pn, name, pr.Err)
				}
				row += fmt.Sprintf(" %s | – | no |", msg)
			}
		}
		fmt.Fprintln(w, row)
	}
	fmt.Fprintf(w, "\nOurs: published optimum reached on %d/20, optimality proven on %d/20, Σ breaks %d (published Σ %d), mean time to best %.2f s.\n",
		matched, proven, sumOurs, sumPub, sumBestAt.Seconds()/20)
	for _, pn := range peerNames {
		label := map[string]string{"gecode": "Gecode", "cbc": "CBC"}[pn]
		ratio := "–"
		if foundPeer[pn] > 0 {
			ratio = fmt.Sprintf("%d vs ours %d", sumPeer[pn], sumOursSame[pn])
			if sumOursSame[pn] > 0 {
				ratio += fmt.Sprintf(" (%.1f×)", float64(sumPeer[pn])/float64(sumOursSame[pn]))
			}
		}
		fmt.Fprintf(w, "%s: a solution on %d/20, published optimum on %d/20, proven on %d/20; Σ breaks on the instances it solved: %s.\n",
			label, foundPeer[pn], matchedPeer[pn], provenPeer[pn], ratio)
	}
	fmt.Fprintln(w)
	return nil
}

func benchVariants(ctx context.Context, cfg benchConfig, w io.Writer) error {
	files, err := filepath.Glob(filepath.Join(cfg.dir, "*.dzn"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no .dzn files in %s", cfg.dir)
	}
	sort.Strings(files)
	fmt.Fprintf(w, "### (c) All %d benchmark files (originals and variants), fairness 2, one core, time limit %s\n\n", len(files), cfg.variantLimit)
	var rows bytes.Buffer
	fmt.Fprintln(&rows, "| file | M | placed | breaks | lower bound | proven | verified | unplaced: reasons |")
	fmt.Fprintln(&rows, "|---|---:|---:|---:|---:|---|---|---|")
	var verified, complete, provenN, totalM, totalPlaced int
	type agg struct{ files, verified, complete, proven, meetings, placed, breaks int }
	byVariant := map[string]*agg{}
	var variants []string
	for _, f := range files {
		fmt.Fprintf(cfg.log, "bench (c): %s\n", filepath.Base(f))
		r, err := solveFile(ctx, f, 2, cfg.variantLimit, cfg.seed, 1)
		if err != nil {
			return err
		}
		ver := "yes"
		if r.verify != nil {
			ver = "NO: " + strings.SplitN(r.verify.Error(), "\n", 2)[0]
		} else {
			verified++
		}
		m := len(r.p.Meetings)
		totalM += m
		totalPlaced += r.st.Scheduled
		if r.st.Scheduled == m {
			complete++
		}
		if r.proven() {
			provenN++
		}
		reasons := map[string]int{}
		for _, a := range r.res.Plan.Assign {
			if a.Slot < 0 {
				reasons[a.Reason]++
			}
		}
		var rs []string
		for reason, n := range reasons {
			rs = append(rs, fmt.Sprintf("%d× %s", n, reason))
		}
		sort.Strings(rs)
		fmt.Fprintf(&rows, "| %s | %d | %d | %d | %d | %s | %s | %s |\n", filepath.Base(f), m, r.st.Scheduled, r.st.Breaks, r.res.LowerBoundBreaks, yesNo(r.proven()), ver, strings.Join(rs, "; "))
		base := strings.TrimSuffix(filepath.Base(f), ".dzn")
		variant := base[strings.LastIndex(base, ".")+1:]
		a := byVariant[variant]
		if a == nil {
			a = &agg{}
			byVariant[variant] = a
			variants = append(variants, variant)
		}
		a.files++
		a.meetings += m
		a.placed += r.st.Scheduled
		a.breaks += r.st.Breaks
		if r.verify == nil {
			a.verified++
		}
		if r.st.Scheduled == m {
			a.complete++
		}
		if r.proven() {
			a.proven++
		}
	}
	sort.Strings(variants)
	fmt.Fprintln(w, "| variant | files | plans verified | every meeting placed | meetings placed | Σ breaks | proven optimal |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|")
	for _, v := range variants {
		a := byVariant[v]
		fmt.Fprintf(w, "| %s | %d | %d | %d | %d / %d | %d | %d |\n", v, a.files, a.verified, a.complete, a.placed, a.meetings, a.breaks, a.proven)
	}
	fmt.Fprintln(w)
	w.Write(rows.Bytes())
	fmt.Fprintf(w, "\nPlans verified: %d/%d; every meeting placed in %d/%d files; %d of %d meetings placed in all; optimality proven in %d/%d.\n\n",
		verified, len(files), complete, len(files), totalPlaced, totalM, provenN, len(files))
	return nil
}

// genRun is one run of "caravan schedule" as a child process on a
// generated instance, with its peak memory.
type genRun struct {
	n, meetings, slots, tables int
	scheduled, breaks          int
	elapsed, bestAt            time.Duration
	maxRSS                     int64 // KiB
	genTime                    time.Duration
}

func benchGenerated(ctx context.Context, cfg benchConfig, w io.Writer) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "### (d) Generated events, all cores, time limit %s (`caravan schedule generate -participants N -seed %d`)\n\n", cfg.genLimit, cfg.seed)
	fmt.Fprintln(w, "| participants | meetings | slots | tables | placed | placed % | breaks | lower bound | breaks as % of participants | time to best (s) | elapsed (s) | peak RSS (MiB) | time ratio | memory ratio |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	var prev *genRun
	for _, n := range cfg.sizes {
		fmt.Fprintf(cfg.log, "bench (d): %d participants\n", n)
		t0 := time.Now()
		p := schedule.Generate(schedule.GenerateConfig{Participants: n, Seed: cfg.seed, Fairness: 2})
		genTime := time.Since(t0)
		in := filepath.Join(cfg.workDir, fmt.Sprintf("gen-%d.json", n))
		var buf bytes.Buffer
		if err := schedule.WriteJSON(&buf, p); err != nil {
			return err
		}
		if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
			return err
		}
		out := filepath.Join(cfg.workDir, fmt.Sprintf("plan-%d.json", n))
		cmd := exec.CommandContext(ctx, exe, "schedule", "-in", in, "-time-limit", cfg.genLimit.String(),
			"-seed", strconv.FormatInt(cfg.seed, 10), "-out", out, "-progress=false", "-report-rss")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("schedule %d participants: %v: %s", n, err, stderr.String())
		}
		var rep scheduleReport
		b, err := os.ReadFile(out)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(b, &rep); err != nil {
			return err
		}
		g := &genRun{n: n, meetings: rep.Meetings, slots: rep.Slots, tables: rep.Tables, scheduled: rep.Scheduled,
			breaks: rep.Breaks, elapsed: time.Duration(rep.ElapsedMS) * time.Millisecond,
			bestAt: time.Duration(rep.BestAtMS) * time.Millisecond, genTime: genTime}
		g.maxRSS = int64(rep.PeakRSSMiB * 1024)
		tr, mr := "–", "–"
		if prev != nil {
			if prev.bestAt > 0 {
				tr = fmt.Sprintf("%.1f×", g.bestAt.Seconds()/prev.bestAt.Seconds())
			}
			if prev.maxRSS > 0 {
				mr = fmt.Sprintf("%.1f×", float64(g.maxRSS)/float64(prev.maxRSS))
			}
		}
		fmt.Fprintf(w, "| %d | %d | %d | %d | %d | %.2f | %d | %d | %.2f | %s | %s | %.1f | %s | %s |\n",
			n, g.meetings, g.slots, g.tables, g.scheduled, 100*float64(g.scheduled)/float64(g.meetings),
			g.breaks, rep.LowerBoundBreaks, 100*float64(g.breaks)/float64(n), secs(g.bestAt), secs(g.elapsed), float64(g.maxRSS)/1024, tr, mr)
		prev = g
	}
	fmt.Fprintln(w, "\nTime and memory ratios compare each size with the one before (the sizes double). Every plan was verified by `caravan schedule` before it was written.")
	fmt.Fprintln(w)
	return nil
}
