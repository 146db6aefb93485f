package main

import (
	"bufio"
	"context"
	_ "embed"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"caravan/internal/schedule"
)

// The peer benchmark solves the same .dzn instances with general solvers
// from Debian: MiniZinc with Gecode on the CP model peer/b2b.mzn, and CBC
// on a MIP that writeLP builds. Both are exact models of B2BSOP.

//go:embed peer/b2b.mzn
var b2bModel string

// peerResult is what a peer solver reached within its time limit.
type peerResult struct {
	Found   bool // a solution was found
	Breaks  int  // total breaks of the best solution
	BestAt  time.Duration
	Proven  bool // optimality proven
	Elapsed time.Duration
	Err     string
}

var mznElapsed = regexp.MustCompile(`^% time elapsed: ([0-9.]+) s`)

// runGecode solves the .dzn file with MiniZinc and Gecode.
func runGecode(ctx context.Context, dzn string, fairness int, limit time.Duration, workDir string) peerResult {
	model := filepath.Join(workDir, "b2b.mzn")
	if err := os.WriteFile(model, []byte(b2bModel), 0o644); err != nil {
		return peerResult{Err: err.Error()}
	}
	ctx, cancel := context.WithTimeout(ctx, limit+60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "minizinc", "--solver", "gecode", "-G", "std",
		"--time-limit", strconv.FormatInt(limit.Milliseconds(), 10),
		"-a", "--output-time", "-D", fmt.Sprintf("diference=%d;", fairness), model, dzn)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	r := peerResult{Elapsed: time.Since(start)}
	var last time.Duration
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, "total="); ok {
			if n, err := strconv.Atoi(v); err == nil {
				r.Found, r.Breaks = true, n
			}
		}
		if m := mznElapsed.FindStringSubmatch(line); m != nil {
			f, _ := strconv.ParseFloat(m[1], 64)
			last = time.Duration(f * float64(time.Second))
			if r.Found {
				r.BestAt = last
			}
		}
		if line == "==========" {
			r.Proven = true
		}
	}
	if err != nil && !r.Found {
		r.Err = firstLine(string(out), err)
	}
	return r
}

var cbcSolution = regexp.MustCompile(`Integer solution of (-?[0-9.e+]+) found.*\(([0-9.]+) seconds\)`)

// runCBC solves the problem's MIP (writeLP) with CBC on one thread.
func runCBC(ctx context.Context, p *schedule.Problem, limit time.Duration, workDir string) peerResult {
	lp := filepath.Join(workDir, "b2b.lp")
	f, err := os.Create(lp)
	if err != nil {
		return peerResult{Err: err.Error()}
	}
	offset, err := writeLP(f, p)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return peerResult{Err: err.Error()}
	}
	ctx, cancel := context.WithTimeout(ctx, limit+60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "cbc", lp, "sec", fmt.Sprintf("%.1f", limit.Seconds()), "threads", "1", "solve")
	start := time.Now()
	out, err := cmd.CombinedOutput()
	r := peerResult{Elapsed: time.Since(start)}
	for _, line := range strings.Split(string(out), "\n") {
		if m := cbcSolution.FindStringSubmatch(line); m != nil {
			v, _ := strconv.ParseFloat(m[1], 64)
			sec, _ := strconv.ParseFloat(m[2], 64)
			b := int(v+0.5) - offset
			if !r.Found || b < r.Breaks {
				r.Found, r.Breaks, r.BestAt = true, b, time.Duration(sec*float64(time.Second))
			}
		}
		if strings.HasPrefix(line, "Objective value:") {
			v, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimPrefix(line, "Objective value:")), 64)
			if err == nil && strings.Contains(string(out), "Result - Optimal solution found") {
				b := int(v+0.5) - offset
				if !r.Found {
					r.BestAt = r.Elapsed
				}
				r.Found, r.Breaks = true, b
			}
		}
		if strings.HasPrefix(line, "Result - Optimal solution found") {
			r.Proven = true
		}
	}
	if err != nil && !r.Found {
		r.Err = firstLine(string(out), err)
	}
	return r
}

func firstLine(out string, err error) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(strings.ToLower(l), "error") {
			return strings.TrimSpace(l)
		}
	}
	return err.Error()
}

// writeLP writes B2BSOP for a benchmark problem (one session, no pinned or
// fixed tables) as a MIP in CPLEX LP format and returns the constant to
// subtract from its objective to get total breaks. Variables: x_m_s (meeting
// m in slot s, only allowed and not forbidden slots), u_p_s (p meets in s),
// b_p_s (a block of p's meetings starts in s). Breaks of p = Σ_s b_p_s − 1.
// Implied constraints: Σ_s u_p_s = n_p, b_p_s = u_p_s ∧ ¬u_p_{s−1} written
// as three inequalities, Σ_s b_p_s ≥ 1, and breaks ≤ n_p − 1.
func writeLP(w io.Writer, p *schedule.Problem) (offset int, err error) {
	bw := bufio.NewWriter(w)
	nS := len(p.Slots)
	for s := 1; s < nS; s++ {
		if p.Slots[s].Session != p.Slots[0].Session {
			return 0, fmt.Errorf("the MIP peer handles one session only")
		}
	}
	for _, t := range p.Tables {
		if t.Pinned >= 0 {
			return 0, fmt.Errorf("the MIP peer handles no pinned tables")
		}
	}
	forb := make([]map[int]bool, len(p.Participants))
	for i, pa := range p.Participants {
		forb[i] = map[int]bool{}
		for _, s := range pa.Forbidden {
			forb[i][s] = true
		}
	}
	// domain[m] lists the slots meeting m may take.
	domain := make([][]int, len(p.Meetings))
	meetingsOf := make([][]int, len(p.Participants))
	for m, mt := range p.Meetings {
		for s := 0; s < nS; s++ {
			if mt.Allowed != nil && !inInts(mt.Allowed, s) || mt.FixedSlot >= 0 && s != mt.FixedSlot {
				continue
			}
			ok := true
			for _, i := range mt.Participants {
				ok = ok && !forb[i][s]
			}
			if ok {
				domain[m] = append(domain[m], s)
			}
		}
		if len(domain[m]) == 0 {
			return 0, fmt.Errorf("meeting %d has no possible slot", m+1)
		}
		for _, i := range mt.Participants {
			meetingsOf[i] = append(meetingsOf[i], m)
		}
	}
	can := func(i, s int) bool { // can participant i meet in slot s?
		for _, m := range meetingsOf[i] {
			if inInts(domain[m], s) {
				return true
			}
		}
		return false
	}
	line := func(format string, args ...any) { fmt.Fprintf(bw, format, args...); bw.WriteByte('\n') }

	line("\\ B2BSOP for %s", p.Name)
	line("Minimize")
	bw.WriteString(" obj:")
	for i := range p.Participants {
		if len(meetingsOf[i]) == 0 {
			continue
		}
		offset++
		for s := 0; s < nS; s++ {
			if can(i, s) {
				fmt.Fprintf(bw, " + b_%d_%d", i, s)
			}
		}
	}
	bw.WriteString("\nSubject To\n")
	for m := range p.Meetings {
		fmt.Fprintf(bw, " one_%d:", m)
		for _, s := range domain[m] {
			fmt.Fprintf(bw, " + x_%d_%d", m, s)
		}
		line(" = 1")
	}
	for s := 0; s < nS; s++ {
		var row strings.Builder
		for m := range p.Meetings {
			if inInts(domain[m], s) {
				fmt.Fprintf(&row, " + x_%d_%d", m, s)
			}
		}
		if row.Len() > 0 {
			line(" tables_%d:%s <= %d", s, row.String(), len(p.Tables))
		}
	}
	for i := range p.Participants {
		if len(meetingsOf[i]) == 0 {
			continue
		}
		for s := 0; s < nS; s++ {
			if !can(i, s) {
				continue
			}
			fmt.Fprintf(bw, " use_%d_%d:", i, s)
			for _, m := range meetingsOf[i] {
				if inInts(domain[m], s) {
					fmt.Fprintf(bw, " + x_%d_%d", m, s)
				}
			}
			line(" - u_%d_%d = 0", i, s)
			// b_p_s = u_p_s ∧ ¬u_p_{s−1}
			line(" bu_%d_%d: b_%d_%d - u_%d_%d <= 0", i, s, i, s, i, s)
			if s > 0 && can(i, s-1) {
				line(" bp_%d_%d: b_%d_%d + u_%d_%d <= 1", i, s, i, s, i, s-1)
				line(" bl_%d_%d: b_%d_%d - u_%d_%d + u_%d_%d >= 0", i, s, i, s, i, s, i, s-1)
			} else {
				line(" bl_%d_%d: b_%d_%d - u_%d_%d >= 0", i, s, i, s, i, s)
			}
		}
		fmt.Fprintf(bw, " count_%d:", i)
		for s := 0; s < nS; s++ {
			if can(i, s) {
				fmt.Fprintf(bw, " + u_%d_%d", i, s)
			}
		}
		line(" = %d", len(meetingsOf[i]))
		var blocks strings.Builder
		for s := 0; s < nS; s++ {
			if can(i, s) {
				fmt.Fprintf(&blocks, " + b_%d_%d", i, s)
			}
		}
		line(" blocks_%d:%s >= 1", i, blocks.String())
		line(" most_%d:%s <= %d", i, blocks.String(), len(meetingsOf[i]))
		if p.Fairness >= 0 {
			// breaks_p = blocks − 1 ≤ Bmax and ≥ Bmin
			line(" fmax_%d:%s - Bmax <= 1", i, blocks.String())
			line(" fmin_%d:%s - Bmin >= 1", i, blocks.String())
		}
	}
	if p.Fairness >= 0 {
		for i := range p.Participants {
			if len(meetingsOf[i]) == 0 {
				line(" zero: Bmin <= 0") // a participant without meetings has 0 breaks
				break
			}
		}
		line(" fair: Bmax - Bmin <= %d", p.Fairness)
	}
	for m, mt := range p.Meetings {
		for _, j := range mt.After {
			fmt.Fprintf(bw, " prec_%d_%d:", j, m)
			for _, s := range domain[m] {
				fmt.Fprintf(bw, " + %d x_%d_%d", s+1, m, s)
			}
			for _, s := range domain[j] {
				fmt.Fprintf(bw, " - %d x_%d_%d", s+1, j, s)
			}
			line(" >= 1")
		}
	}
	line("Binaries")
	for m := range p.Meetings {
		for _, s := range domain[m] {
			line(" x_%d_%d", m, s)
		}
	}
	for i := range p.Participants {
		if len(meetingsOf[i]) == 0 {
			continue
		}
		for s := 0; s < nS; s++ {
			if can(i, s) {
				line(" u_%d_%d", i, s)
				line(" b_%d_%d", i, s)
			}
		}
	}
	if p.Fairness >= 0 {
		line("Generals")
		line(" Bmax")
		line(" Bmin")
	}
	line("End")
	return offset, bw.Flush()
}

func inInts(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
