package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"time"

	"caravan/internal/schedule"
)

// changesFile is the -changes file of "caravan schedule repair":
//
//	{"cancel": [3, 17], "add": [{"participants": ["Host 0001 (ES)", "Visitor 0042 (PT)"], "weight": 2}]}
//
// cancel numbers meetings from 1 in the problem file's order; add lists
// meetings by participant names (for .dzn input "1", "2", …), with
// optional name, weight and after (names of meetings).
type changesFile struct {
	Cancel []int         `json:"cancel"`
	Add    []changeAdded `json:"add"`
}

type changeAdded struct {
	Name         string   `json:"name"`
	Participants []string `json:"participants"`
	Weight       int      `json:"weight"`
	After        []string `json:"after"`
}

// runScheduleRepair is "caravan schedule repair": it applies changes to a
// problem whose plan is published and replans, moving as few published
// meetings as it can. The output is "caravan schedule"'s object for the
// changed problem (meetings numbered in the new order: the kept ones in
// file order, then the added ones) plus moved, cancelled and added.
func runScheduleRepair(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("caravan schedule repair", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "problem `file` (.dzn or .json)")
	planPath := fs.String("plan", "", "published plan: the JSON `file` \"caravan schedule\" wrote")
	changesPath := fs.String("changes", "", "changes `file` (JSON: cancel, add)")
	timeLimit := fs.Duration("time-limit", 10*time.Second, "wall-time limit of the search")
	fairness := fs.Int("fairness", 2, "fairness d (default 2 for .dzn, the file's value for .json)")
	seed := fs.Int64("seed", 1, "random seed of the search")
	workers := fs.Int("workers", 0, "search goroutines (0: one per CPU)")
	maxWork := fs.Int64("max-work", 0, "bound the search by work instead of time (0: no bound)")
	out := fs.String("out", "", "write the plan to this `file` instead of stdout")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		return flagError(stderr, "repair", "unexpected argument %q", fs.Arg(0))
	}
	if *in == "" || *planPath == "" || *changesPath == "" {
		return flagError(stderr, "repair", "-in, -plan and -changes are required")
	}
	if *timeLimit < 0 || *maxWork < 0 || *fairness < -1 {
		return flagError(stderr, "repair", "-time-limit must not be negative, -fairness at least -1")
	}
	fairnessSet := false
	fs.Visit(func(f *flag.Flag) { fairnessSet = fairnessSet || f.Name == "fairness" })
	p, isJSON, code := readProblem(*in, stderr)
	if p == nil {
		return code
	}
	if !isJSON || fairnessSet {
		p.Fairness = *fairness
	}
	published, err := readPublished(*planPath, p)
	if err != nil {
		fmt.Fprintf(stderr, "caravan schedule repair: %v\n", err)
		return 1
	}
	ch, err := readChanges(*changesPath, p)
	if err != nil {
		fmt.Fprintf(stderr, "caravan schedule repair: %v\n", err)
		return 1
	}
	q, from, err := schedule.ApplyChanges(p, ch)
	if err != nil {
		fmt.Fprintf(stderr, "caravan schedule repair: %s: %v\n", *changesPath, err)
		return 1
	}
	report, err := repairAndReport(ctx, q, from, published, schedule.Options{TimeLimit: *timeLimit, Seed: *seed, Workers: *workers, MaxWork: *maxWork}, isJSON)
	if err != nil {
		fmt.Fprintf(stderr, "caravan schedule repair: %s: %v\n", *in, err)
		return 1
	}
	cancelled, added := len(ch.Cancel), len(ch.Add)
	report.Cancelled, report.Added = &cancelled, &added
	report.TimeLimitMS = timeLimit.Milliseconds()
	report.Seed = *seed
	if err := writeJSONResult(*out, stdout, report); err != nil {
		fmt.Fprintf(stderr, "caravan schedule repair: %v\n", err)
		return 1
	}
	return 0
}

// repairAndReport replans q (whose meeting k was meeting from[k] of the
// published plan, or new when -1), verifies the plan and reports it with
// the count of published meetings that moved.
func repairAndReport(ctx context.Context, q *schedule.Problem, from []int, published []schedule.Assignment, opt schedule.Options, named bool) (*scheduleReport, error) {
	pub := make([]schedule.Assignment, len(q.Meetings))
	for k, m := range from {
		pub[k] = schedule.Assignment{Slot: -1, Table: -1}
		if m >= 0 {
			pub[k] = published[m]
		}
	}
	res, err := schedule.Repair(ctx, q, pub, opt)
	if err != nil {
		return nil, err
	}
	if err := schedule.Verify(q, &res.Plan); err != nil {
		return nil, fmt.Errorf("no valid plan, the repaired plan fails verification: %w", err)
	}
	report := newScheduleReport(q, res, named)
	moved := countMoved(pub, res.Plan.Assign)
	report.Moved = &moved
	report.Fairness = q.Fairness
	return report, nil
}

// countMoved counts the published meetings (slot ≥ 0 in pub) whose slot or
// table differs in the new plan, unplaced ones included.
func countMoved(pub, now []schedule.Assignment) int {
	n := 0
	for k, a := range pub {
		if a.Slot >= 0 && (now[k].Slot != a.Slot || now[k].Table != a.Table) {
			n++
		}
	}
	return n
}

// readPublished reads the assignments of a plan "caravan schedule" wrote
// for p, as a Plan's assignments in p's meeting order.
func readPublished(path string, p *schedule.Problem) ([]schedule.Assignment, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rep struct {
		Meetings    int `json:"meetings"`
		Assignments []struct {
			Meeting, Slot, Table int
		} `json:"assignments"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&rep); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if rep.Meetings != len(p.Meetings) {
		return nil, fmt.Errorf("%s: a plan for %d meetings, the problem has %d", path, rep.Meetings, len(p.Meetings))
	}
	pub := make([]schedule.Assignment, len(p.Meetings))
	for m := range pub {
		pub[m] = schedule.Assignment{Slot: -1, Table: -1, Reason: "not in the published plan"}
	}
	for k, a := range rep.Assignments {
		if a.Meeting < 1 || a.Meeting > len(p.Meetings) || a.Slot < 1 || a.Slot > len(p.Slots) || a.Table < 1 || a.Table > len(p.Tables) {
			return nil, fmt.Errorf("%s: assignment %d: meeting %d, slot %d, table %d out of range", path, k+1, a.Meeting, a.Slot, a.Table)
		}
		pub[a.Meeting-1] = schedule.Assignment{Slot: a.Slot - 1, Table: a.Table - 1}
	}
	return pub, nil
}

// readChanges reads a changes file and resolves names against p.
func readChanges(path string, p *schedule.Problem) (schedule.Changes, error) {
	var ch schedule.Changes
	b, err := os.ReadFile(path)
	if err != nil {
		return ch, err
	}
	var cf changesFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cf); err != nil {
		return ch, fmt.Errorf("%s: %v", path, err)
	}
	for _, m := range cf.Cancel {
		if m < 1 || m > len(p.Meetings) {
			return ch, fmt.Errorf("%s: cancel meeting %d: out of range 1..%d", path, m, len(p.Meetings))
		}
		ch.Cancel = append(ch.Cancel, m-1)
	}
	part := map[string]int{}
	for i, pa := range p.Participants {
		part[pa.Name] = i
	}
	meeting := map[string]int{}
	for m, mt := range p.Meetings {
		meeting[mt.Name] = m
	}
	for k, a := range cf.Add {
		if a.Name != "" {
			meeting[a.Name] = len(p.Meetings) + k
		}
	}
	for k, a := range cf.Add {
		mt := schedule.Meeting{Name: a.Name, Weight: max(a.Weight, 1), FixedSlot: -1, FixedTable: -1}
		for _, n := range a.Participants {
			i, ok := part[n]
			if !ok {
				return ch, fmt.Errorf("%s: add entry %d: unknown participant %q", path, k+1, n)
			}
			mt.Participants = append(mt.Participants, i)
		}
		for _, n := range a.After {
			j, ok := meeting[n]
			if !ok {
				return ch, fmt.Errorf("%s: add entry %d: after unknown meeting %q", path, k+1, n)
			}
			mt.After = append(mt.After, j)
		}
		if mt.Name == "" {
			mt.Name = fmt.Sprintf("added %d", k+1)
		}
		ch.Add = append(ch.Add, mt)
	}
	return ch, nil
}

// benchRepair is part (e) of the benchmark: a 1,000-participant event is
// solved and published, then 5 % of its meetings are cancelled and 5 % new
// ones added, and the plan is repaired; it reports how many published
// meetings moved, against re-solving from scratch.
func benchRepair(ctx context.Context, cfg benchConfig, w io.Writer) error {
	const n = 1000
	fmt.Fprintf(w, "### (e) Repair: %d participants, 5 %% of the meetings cancelled and 5 %% added after publication, time limit %s each, all cores\n\n", n, cfg.repairLimit)
	fmt.Fprintf(cfg.log, "bench (e): solving %d participants\n", n)
	p := schedule.Generate(schedule.GenerateConfig{Participants: n, Seed: cfg.seed, Fairness: 2})
	res, err := schedule.Solve(ctx, p, schedule.Options{TimeLimit: cfg.genLimit, Seed: cfg.seed})
	if err != nil {
		return err
	}
	if err := schedule.Verify(p, &res.Plan); err != nil {
		return fmt.Errorf("published plan: %w", err)
	}
	before := schedule.Evaluate(p, &res.Plan)
	ch := benchChanges(p, &res.Plan, cfg.seed)
	q, from, err := schedule.ApplyChanges(p, ch)
	if err != nil {
		return err
	}
	fmt.Fprintf(cfg.log, "bench (e): repairing\n")
	rep, err := repairAndReport(ctx, q, from, res.Plan.Assign, schedule.Options{TimeLimit: cfg.repairLimit, Seed: cfg.seed}, false)
	if err != nil {
		return err
	}
	fmt.Fprintf(cfg.log, "bench (e): re-solving from scratch\n")
	scratch, err := schedule.Solve(ctx, q, schedule.Options{TimeLimit: cfg.repairLimit, Seed: cfg.seed + 1})
	if err != nil {
		return err
	}
	pub := make([]schedule.Assignment, len(q.Meetings))
	for k, m := range from {
		pub[k] = schedule.Assignment{Slot: -1, Table: -1}
		if m >= 0 {
			pub[k] = res.Plan.Assign[m]
		}
	}
	scratchMoved := countMoved(pub, scratch.Plan.Assign)
	kept := 0
	for _, a := range pub {
		if a.Slot >= 0 {
			kept++
		}
	}
	fmt.Fprintln(w, "| meetings published | placed before | cancelled | added | kept published | moved by repair | moved % | placed after | breaks before → after | repair time to best (s) | moved by re-solving from scratch |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|")
	fmt.Fprintf(w, "| %d | %d | %d | %d | %d | %d | %.1f | %d / %d | %d → %d | %s | %d |\n\n",
		len(p.Meetings), before.Scheduled, len(ch.Cancel), len(ch.Add), kept, *rep.Moved,
		100*float64(*rep.Moved)/float64(max(kept, 1)), rep.Scheduled, len(q.Meetings),
		before.Breaks, rep.Breaks, secs(time.Duration(rep.BestAtMS)*time.Millisecond), scratchMoved)
	return nil
}

// benchChanges cancels 5 % of the placed meetings and adds 5 % new
// meetings between a visitor and a host who do not meet yet and both have
// a free slot left, deterministically from seed.
func benchChanges(p *schedule.Problem, pl *schedule.Plan, seed int64) schedule.Changes {
	rng := rand.New(rand.NewPCG(uint64(seed), 0xe))
	var ch schedule.Changes
	nM := len(p.Meetings)
	for _, m := range rng.Perm(nM) {
		if len(ch.Cancel) == nM/20 {
			break
		}
		if pl.Assign[m].Slot >= 0 {
			ch.Cancel = append(ch.Cancel, m)
		}
	}
	cancelled := map[int]bool{}
	for _, m := range ch.Cancel {
		cancelled[m] = true
	}
	load := make([]int, len(p.Participants))
	met := map[[2]int]bool{}
	for m, mt := range p.Meetings {
		if cancelled[m] {
			continue
		}
		for _, i := range mt.Participants {
			load[i]++
		}
		if len(mt.Participants) == 2 {
			a, b := mt.Participants[0], mt.Participants[1]
			met[[2]int{min(a, b), max(a, b)}] = true
		}
	}
	nH := len(p.Participants) * 45 / 100 // Generate puts hosts first
	free := func(i int) int { return len(p.Slots) - len(p.Participants[i].Forbidden) - load[i] }
	for tries := 0; len(ch.Add) < nM/20 && tries < 100*nM; tries++ {
		h := rng.IntN(nH)
		v := nH + rng.IntN(len(p.Participants)-nH)
		if met[[2]int{h, v}] || free(h) < 2 || free(v) < 2 || load[h] >= 13 || load[v] >= 13 {
			continue
		}
		met[[2]int{h, v}] = true
		load[h]++
		load[v]++
		ch.Add = append(ch.Add, schedule.Meeting{
			Name:         fmt.Sprintf("new %d", len(ch.Add)+1),
			Participants: []int{v, h}, Weight: 1, FixedSlot: -1, FixedTable: -1,
		})
	}
	return ch
}
