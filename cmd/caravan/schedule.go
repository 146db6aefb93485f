package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"caravan/internal/schedule"
)

const scheduleUsage = `usage:
  caravan schedule -in FILE [-time-limit 10s] [-fairness 2] [-seed 1] [-out FILE]
  caravan schedule generate -participants 2000 [-seed 1] -out FILE.json
  caravan schedule repair -in FILE -plan PUBLISHED.json -changes CHANGES.json [-out FILE]
  caravan schedule bench [-dir DIR] [-time-limit 10s] [-peer-time-limit 10s] [-only a,b,c,d,e]

FILE is the benchmark's .dzn format or Caravan's JSON problem format (.json).
`

// runSchedule is "caravan schedule": it reads a problem, solves it, verifies
// the plan and writes it as one JSON object. Exit status 0 when a verified
// plan was written, 1 on bad input or no valid plan, 2 on bad flags.
func runSchedule(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "bench":
			return runScheduleBench(ctx, args[1:], stdout, stderr)
		case "repair":
			return runScheduleRepair(ctx, args[1:], stdout, stderr)
		case "generate":
			return runScheduleGenerate(args[1:], stdout, stderr)
		}
	}
	fs := flag.NewFlagSet("caravan schedule", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, scheduleUsage); fs.PrintDefaults() }
	in := fs.String("in", "", "problem `file` (.dzn or .json)")
	timeLimit := fs.Duration("time-limit", 10*time.Second, "wall-time limit of the search")
	fairness := fs.Int("fairness", 2, "most breaks two participants may differ by; -1 for none (default 2 for .dzn, the file's value for .json)")
	seed := fs.Int64("seed", 1, "random seed of the search")
	out := fs.String("out", "", "write the plan to this `file` instead of stdout")
	workers := fs.Int("workers", 0, "search goroutines (0: one per CPU)")
	maxWork := fs.Int64("max-work", 0, "bound the search by work instead of time (0: no bound), for reproducible runs")
	reportRSS := fs.Bool("report-rss", false, "add the process's peak resident memory (peak_rss_mib, Linux) to the output")
	progress := fs.Bool("progress", isTerminal(stderr), "show progress on stderr (default when stderr is a terminal)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "caravan schedule: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *in == "" {
		fmt.Fprintln(stderr, "caravan schedule: -in FILE is required")
		fs.Usage()
		return 2
	}
	if *timeLimit < 0 || *maxWork < 0 || *fairness < -1 {
		fmt.Fprintln(stderr, "caravan schedule: -time-limit, -max-work and -fairness must not be negative (-fairness -1 means none)")
		return 2
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

	opt := schedule.Options{TimeLimit: *timeLimit, Seed: *seed, Workers: *workers, MaxWork: *maxWork}
	var pr *progressLine
	if *progress {
		pr = newProgressLine(stderr, *timeLimit)
		opt.Progress = pr.show
	}
	res, err := schedule.Solve(ctx, p, opt)
	pr.finish()
	if err != nil {
		fmt.Fprintf(stderr, "caravan schedule: %s: %v\n", *in, err)
		return 1
	}
	report, err := verifiedReport(p, res, isJSON)
	if err != nil {
		fmt.Fprintf(stderr, "caravan schedule: %s: %v\n", *in, err)
		return 1
	}
	report.TimeLimitMS = timeLimit.Milliseconds()
	report.Seed = *seed
	report.Fairness = p.Fairness
	if *reportRSS {
		report.PeakRSSMiB = peakRSSMiB()
	}
	if err := writeJSONResult(*out, stdout, report); err != nil {
		fmt.Fprintf(stderr, "caravan schedule: %v\n", err)
		return 1
	}
	return 0
}

// readProblem reads a .dzn or .json problem; on failure it reports to
// stderr and returns a nil problem and the exit status.
func readProblem(path string, stderr io.Writer) (p *schedule.Problem, isJSON bool, code int) {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".dzn" && ext != ".json" {
		fmt.Fprintf(stderr, "caravan schedule: %s: want a .dzn or .json file\n", path)
		return nil, false, 2
	}
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintf(stderr, "caravan schedule: %v\n", err)
		return nil, false, 1
	}
	defer f.Close()
	if ext == ".json" {
		p, err = schedule.ParseJSON(path, f)
	} else {
		p, err = schedule.ParseDZN(path, f)
	}
	if err != nil {
		fmt.Fprintf(stderr, "caravan schedule: %v\n", err)
		return nil, false, 1
	}
	if ext == ".dzn" {
		p.Name = filepath.Base(path)
	}
	return p, ext == ".json", 0
}

// scheduleReport is the JSON object "caravan schedule" writes. Meetings,
// slots and tables are numbered from 1 in the input's order.
type scheduleReport struct {
	Problem              string            `json:"problem"`
	Participants         int               `json:"participants"`
	Meetings             int               `json:"meetings"`
	Slots                int               `json:"slots"`
	Tables               int               `json:"tables"`
	Fairness             int               `json:"fairness"`
	Scheduled            int               `json:"scheduled"`
	ScheduledWeight      int               `json:"scheduled_weight"`
	Breaks               int               `json:"breaks"`
	MaxBreaks            int               `json:"max_breaks"`
	MinBreaks            int               `json:"min_breaks"`
	LowerBoundBreaks     int               `json:"lower_bound_breaks"`
	Optimal              bool              `json:"optimal"`
	FairnessMet          bool              `json:"fairness_met"`
	TableChanges         int               `json:"table_changes"`
	Moved                *int              `json:"moved,omitempty"`
	Cancelled            *int              `json:"cancelled,omitempty"`
	Added                *int              `json:"added,omitempty"`
	ElapsedMS            int64             `json:"elapsed_ms"`
	BestAtMS             int64             `json:"best_at_ms"`
	TimeLimitMS          int64             `json:"time_limit_ms"`
	Seed                 int64             `json:"seed"`
	PeakRSSMiB           float64           `json:"peak_rss_mib,omitempty"`
	BreaksPerParticipant []int             `json:"breaks_per_participant"`
	Unscheduled          []unscheduledItem `json:"unscheduled"`
	Assignments          []assignmentItem  `json:"assignments"`
}

type unscheduledItem struct {
	Meeting int    `json:"meeting"`
	Name    string `json:"name,omitempty"`
	Reason  string `json:"reason"`
}

type assignmentItem struct {
	Meeting int `json:"meeting"`
	Slot    int `json:"slot"`
	Table   int `json:"table"`
	// Names and times, for Caravan's JSON input only.
	Name         string     `json:"name,omitempty"`
	Participants []string   `json:"participants,omitempty"`
	Start        *time.Time `json:"start,omitempty"`
	End          *time.Time `json:"end,omitempty"`
	TableName    string     `json:"table_name,omitempty"`
}

// verifiedReport checks res's plan with the independent verifier and
// reports it; a plan that fails is never reported.
func verifiedReport(p *schedule.Problem, res *schedule.Result, named bool) (*scheduleReport, error) {
	if err := schedule.Verify(p, &res.Plan); err != nil {
		return nil, fmt.Errorf("no valid plan, the solver's plan fails verification: %w", err)
	}
	return newScheduleReport(p, res, named), nil
}

func newScheduleReport(p *schedule.Problem, res *schedule.Result, named bool) *scheduleReport {
	st := schedule.Evaluate(p, &res.Plan)
	r := &scheduleReport{
		Problem:              p.Name,
		Participants:         len(p.Participants),
		Meetings:             len(p.Meetings),
		Slots:                len(p.Slots),
		Tables:               len(p.Tables),
		Scheduled:            st.Scheduled,
		ScheduledWeight:      st.ScheduledWeight,
		Breaks:               st.Breaks,
		MaxBreaks:            st.MaxBreaks,
		MinBreaks:            st.MinBreaks,
		LowerBoundBreaks:     res.LowerBoundBreaks,
		FairnessMet:          p.Fairness < 0 || st.MaxBreaks-st.MinBreaks <= p.Fairness,
		TableChanges:         st.TableChanges,
		ElapsedMS:            res.Elapsed.Milliseconds(),
		BestAtMS:             res.BestAt.Milliseconds(),
		BreaksPerParticipant: st.BreaksPerParticipant,
		Unscheduled:          []unscheduledItem{},
		Assignments:          []assignmentItem{},
	}
	// Optimal needs every meeting placed, the fairness bound met and the
	// breaks at the proven lower bound.
	r.Optimal = st.Scheduled == len(p.Meetings) && r.FairnessMet && st.Breaks == res.LowerBoundBreaks
	for m, a := range res.Plan.Assign {
		if a.Slot < 0 {
			u := unscheduledItem{Meeting: m + 1, Reason: a.Reason}
			if named {
				u.Name = p.Meetings[m].Name
			}
			r.Unscheduled = append(r.Unscheduled, u)
			continue
		}
		it := assignmentItem{Meeting: m + 1, Slot: a.Slot + 1, Table: a.Table + 1}
		if named {
			mt := p.Meetings[m]
			it.Name = mt.Name
			for _, i := range mt.Participants {
				it.Participants = append(it.Participants, p.Participants[i].Name)
			}
			sl := p.Slots[a.Slot]
			start, end := sl.Start, sl.End
			it.Start, it.End = &start, &end
			it.TableName = p.Tables[a.Table].Name
		}
		r.Assignments = append(r.Assignments, it)
	}
	return r
}

// writeJSONResult writes v indented to path, or to stdout when path is
// empty. A file is written whole or not at all.
func writeJSONResult(path string, stdout io.Writer, v any) error {
	b, err := marshalReport(v)
	if err != nil {
		return err
	}
	if path == "" {
		_, err := stdout.Write(b)
		return err
	}
	return writeFileAtomic(path, b)
}

func writeFileAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progressLine keeps one status line on a terminal up to date: the best
// plan so far (Solve may report it from several goroutines) and the time
// left, redrawn a few times a second.
type progressLine struct {
	w     io.Writer
	limit time.Duration
	start time.Time
	mu    sync.Mutex
	last  *schedule.Progress
	stop  chan struct{}
	done  sync.WaitGroup
}

func newProgressLine(w io.Writer, limit time.Duration) *progressLine {
	pl := &progressLine{w: w, limit: limit, start: time.Now(), stop: make(chan struct{})}
	pl.done.Add(1)
	go func() {
		defer pl.done.Done()
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-pl.stop:
				return
			case <-tick.C:
				pl.draw()
			}
		}
	}()
	return pl
}

// show records a new best plan; it is Options.Progress.
func (pl *progressLine) show(p schedule.Progress) {
	pl.mu.Lock()
	pl.last = &p
	pl.mu.Unlock()
}

func (pl *progressLine) draw() {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	elapsed := time.Since(pl.start)
	left := ""
	if pl.limit > 0 {
		left = fmt.Sprintf(", %.1fs left", max(0, (pl.limit-elapsed).Seconds()))
	}
	if pl.last == nil {
		fmt.Fprintf(pl.w, "\r\033[Ksearching… %.1fs%s", elapsed.Seconds(), left)
		return
	}
	p := pl.last
	fmt.Fprintf(pl.w, "\r\033[Kbest: %d meetings placed (weight %d), %d breaks, bound %d, found at %.1fs; %.1fs%s",
		p.Scheduled, p.ScheduledWeight, p.Breaks, p.LowerBoundBreaks, p.Elapsed.Seconds(), elapsed.Seconds(), left)
}

// finish stops the redrawing and clears the line.
func (pl *progressLine) finish() {
	if pl == nil {
		return
	}
	close(pl.stop)
	pl.done.Wait()
	fmt.Fprint(pl.w, "\r\033[K")
}

// flagError reports a flag problem and returns exit status 2.
func flagError(stderr io.Writer, cmd, format string, args ...any) int {
	fmt.Fprintf(stderr, "caravan schedule %s: %s\n", cmd, fmt.Sprintf(format, args...))
	return 2
}
