package schedule

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Solve schedules the meetings of p and returns the best plan found within
// opt's limits, verified against every hard constraint.
//
// The objective is lexicographic: the most weight scheduled, then the
// fewest breaks under the fairness bound p.Fairness (a soft-then-hard
// target: when it cannot be met with every meeting placed, the plan keeps
// the meetings and gets as close as it can), then the fewest table changes.
// A meeting that cannot be placed is left unscheduled with a Reason; that is
// not an error. Solve returns an error only for an ill-formed problem.
//
// Solve honours ctx and opt.TimeLimit and returns the best plan so far when
// either ends the search. With the same problem, opt.Seed, opt.Workers and
// opt.MaxWork it returns the same plan whatever the timing, unless a time
// limit or ctx stops it first (or, on small problems, the SAT phase that
// follows the local search runs out of its allowance). When neither a time
// limit, a work bound nor a ctx deadline is given, the local search stops
// once it has stagnated for a while and the SAT phase gets a fixed
// allowance.
//
// Result.LowerBoundBreaks is proven: per participant from its free slots,
// raised by small SAT cores and by the whole SAT model on small problems.
// When the fairness bound is met the bound holds for fair plans.
func Solve(ctx context.Context, p *Problem, opt Options) (*Result, error) {
	start := time.Now()
	md, err := compile(p)
	if err != nil {
		return nil, err
	}
	run := newRun(ctx, md, opt, start)
	lb := md.staticBound()
	run.setBound(lb)
	small := md.satSized()
	phase := phaseLimits{stagnation: int64(max(400_000, 200*md.nM))}
	if small {
		// Local search gives the incumbent quickly; the SAT model then
		// improves it and proves the bound.
		phase.stagnation = int64(max(100_000, 100*md.nM))
		if !run.deadline.IsZero() {
			phase.until = start.Add(time.Until(run.deadline) * 6 / 10)
		}
	}
	o := run.search(nil, lb, phase)
	if small && o.c.unW == 0 && !md.anyStatic() && o.c.breaks > lb {
		if b := md.coreBound(o.slot, run.satExpired()); b > lb {
			lb = min(b, o.c.breaks)
			run.setBound(lb)
		}
		o = run.improveSAT(o)
	}
	return run.result(o)
}

// result builds the Result of o and checks its plan with Verify: a plan
// that fails is a bug, reported as an error rather than returned.
func (r *run) result(o outcome) (*Result, error) {
	res := r.finish(o)
	if err := Verify(r.md.p, &res.Plan); err != nil {
		return nil, fmt.Errorf("schedule: internal error: the plan fails verification: %w", err)
	}
	return res, nil
}

// satExpired reports when a SAT phase must stop: at the run's deadline,
// or after satAllowance when the run has none.
func (r *run) satExpired() func() bool {
	if !r.deadline.IsZero() {
		return r.expired
	}
	end := time.Now().Add(satAllowance)
	return func() bool { return r.expired() || time.Now().After(end) }
}

// run holds what one Solve or Repair call shares between its workers.
type run struct {
	ctx      context.Context
	md       *model
	opt      Options
	start    time.Time
	deadline time.Time // zero: none
	lb       atomic.Int64

	mu       sync.Mutex
	lastProg time.Time
	progBest cost
	progSet  bool

	// Repair only: the published slot of each meeting (-1 new, -2 at a
	// slot that no longer exists) and the table to keep when it stays.
	pubSlot []int32
	prefer  []int
}

func newRun(ctx context.Context, md *model, opt Options, start time.Time) *run {
	r := &run{ctx: ctx, md: md, opt: opt, start: start}
	if opt.TimeLimit > 0 {
		r.deadline = start.Add(opt.TimeLimit)
	}
	if d, ok := ctx.Deadline(); ok && (r.deadline.IsZero() || d.Before(r.deadline)) {
		r.deadline = d
	}
	return r
}

func (r *run) setBound(b int) { r.lb.Store(int64(b)) }
func (r *run) bound() int     { return int(r.lb.Load()) }

// expired reports whether time or ctx has run out.
func (r *run) expired() bool {
	if r.ctx.Err() != nil {
		return true
	}
	return !r.deadline.IsZero() && time.Now().After(r.deadline)
}

// progress reports a worker's best to opt.Progress, at most ten times a
// second.
func (r *run) progress(c cost, scheduled int) {
	if r.opt.Progress == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.progSet && !c.less(r.progBest) {
		return
	}
	now := time.Now()
	if now.Sub(r.lastProg) < 100*time.Millisecond {
		return // reported at a later call if still the best
	}
	r.progBest, r.progSet = c, true
	r.lastProg = now
	r.opt.Progress(Progress{
		Elapsed:          now.Sub(r.start),
		Scheduled:        scheduled,
		ScheduledWeight:  r.md.totalW - int(c.unW),
		Breaks:           c.breaks,
		LowerBoundBreaks: r.bound(),
	})
}

func (r *run) workers() int {
	w := r.opt.Workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	return max(1, w)
}

// newState is an empty state of the run's problem, with the published
// plan's anchors when repairing.
func (r *run) newState() *state {
	st := newState(r.md, r.md.p.Fairness)
	if r.pubSlot != nil {
		st.setPublished(r.pubSlot)
	}
	return st
}

// phaseLimits end a local search phase besides the run's own limits: after
// stagnation moves without improvement, or at until (zero: none).
type phaseLimits struct {
	stagnation int64
	until      time.Time
}

// improveSAT asks the SAT model for plans with fewer breaks than o until
// it proves none exists (raising the bound to o's breaks) or time runs
// out. It only works on plans that place every meeting.
func (r *run) improveSAT(o outcome) outcome {
	md := r.md
	lb := r.bound()
	if o.c.unW != 0 || md.anyStatic() || o.c.breaks <= lb || r.expired() {
		return o
	}
	fair := md.p.Fairness >= 0 && o.c.excess == 0 && md.someoneWithoutBreaks()
	sm := newSATModel(md, o.c.breaks, fair, nil, nil)
	expired := r.satExpired()
	for o.c.breaks > lb {
		res, slot := sm.solve(o.c.breaks-1, expired)
		if res == -1 {
			r.setBound(o.c.breaks)
			break
		}
		if res == 0 {
			break
		}
		st := r.newState()
		if st.load(slot) != 0 {
			break // cannot happen: the model has every hard constraint
		}
		c := st.cost()
		if !c.less(o.c) {
			break
		}
		o = outcome{slot: slot, c: c, bestAt: time.Since(r.start)}
		r.progress(c, md.nM)
	}
	return o
}

// satAllowance bounds the SAT phase when the caller sets no time limit.
const satAllowance = 10 * time.Second

// someoneWithoutBreaks reports whether some participant surely has no
// break (at most one meeting), so that fairness max − min ≤ d means at most
// d breaks each.
func (md *model) someoneWithoutBreaks() bool {
	for q := range md.nP {
		if len(md.pMeet[q]) <= 1 {
			return true
		}
	}
	return false
}

// satSized reports whether the SAT model is small enough to build.
func (md *model) satSized() bool {
	return md.nM*md.nT <= 20_000
}

// outcome is a slot assignment and its cost.
type outcome struct {
	slot   []int32
	c      cost
	bestAt time.Duration
}

// search runs the portfolio of annealing workers, each from its own greedy
// start (or from init when given), and returns the best outcome; ties go
// to the lowest worker index, so the choice does not depend on timing.
// Workers stop early when one reaches the target: every meeting placed and
// breaks at lb.
func (r *run) search(init []int32, lb int, ph phaseLimits) outcome {
	md := r.md
	nw := r.workers()
	budget := int64(1) << 62
	if r.opt.MaxWork > 0 {
		budget = max(1, r.opt.MaxWork/int64(nw))
	}
	stagnation := max(ph.stagnation, int64(3*periodFactor*md.nM))
	target := cost{breaks: lb}
	var done atomic.Int64 // lowest worker index that reached target
	done.Store(int64(nw))
	outs := make([]outcome, nw)
	var wg sync.WaitGroup
	for i := range nw {
		wg.Go(func() {
			seed := uint64(r.opt.Seed)*0x9e3779b97f4a7c15 + uint64(i)*0xbf58476d1ce4e5b9 + 1
			st := r.newState()
			sr := newSearcher(st, seed)
			if init != nil {
				st.load(init)
			}
			greedy(st, sr.rng)
			sr.best = slices.Clone(st.slot)
			sr.bc = st.cost()
			var found time.Duration = time.Since(r.start)
			if r.opt.MaxWork > 0 {
				sr.period = max(20000, min(sr.period, budget/3))
			}
			horizon := r.deadline
			if !ph.until.IsZero() && (horizon.IsZero() || ph.until.Before(horizon)) {
				horizon = ph.until
			}
			lsStart := time.Now()
			var stop atomic.Bool
			check := func(sr *searcher) {
				if sr.work == 16*1024 && r.opt.MaxWork <= 0 && !horizon.IsZero() {
					// Fit the cooling cycle to the time left: about three
					// cycles in the phase.
					rate := float64(sr.work) / max(1e-6, time.Since(lsStart).Seconds())
					p := int64(rate * time.Until(horizon).Seconds() / 3)
					sr.period = max(20000, min(sr.period, p))
				}
				// Under MaxWork only a lower-indexed worker may stop this
				// one (reproducible); otherwise any worker at the target
				// ends the search.
				if r.expired() || done.Load() < int64(i) || r.opt.MaxWork <= 0 && done.Load() < int64(nw) || sr.work-sr.bestAt > stagnation ||
					!ph.until.IsZero() && time.Now().After(ph.until) {
					stop.Store(true)
					return
				}
				r.progress(sr.bc, md.nM-len(sr.st.unList)-md.nStatic())
			}
			last := sr.bc
			sr.run(budget, target, &stop, func(s *searcher) {
				if s.bc.less(last) {
					last = s.bc
					found = time.Since(r.start)
				}
				check(s)
			})
			if sr.bc.less(last) {
				found = time.Since(r.start)
			}
			if !sr.bc.less(target) && !target.less(sr.bc) {
				for {
					d := done.Load()
					if d <= int64(i) || done.CompareAndSwap(d, int64(i)) {
						break
					}
				}
			}
			outs[i] = outcome{slot: sr.best, c: sr.bc, bestAt: found}
		})
	}
	wg.Wait()
	best := 0
	for i := 1; i < nw; i++ {
		if outs[i].c.less(outs[best].c) {
			best = i
		}
	}
	return outs[best]
}

// finish turns an outcome into a Result: tables, reasons, the optimality
// flag and timings.
func (r *run) finish(o outcome) *Result {
	md := r.md
	pl := r.plan(o.slot, r.prefer)
	res := &Result{Plan: pl, LowerBoundBreaks: r.bound(), BestAt: o.bestAt}
	if o.c.unW > 0 || md.anyStatic() {
		// The bound is only proven for plans that place everything.
		res.LowerBoundBreaks = 0
	}
	// With fairness unmet the excess is not proven minimal: no claim.
	res.Optimal = !md.anyStatic() && o.c.unW == 0 && o.c.excess == 0 && o.c.breaks == res.LowerBoundBreaks
	if res.LowerBoundBreaks > o.c.breaks {
		res.LowerBoundBreaks = o.c.breaks
	}
	res.Elapsed = time.Since(r.start)
	return res
}

func (md *model) anyStatic() bool { return md.nStatic() > 0 }

func (md *model) nStatic() int {
	n := 0
	for _, s := range md.static {
		if s != "" {
			n++
		}
	}
	return n
}

// plan builds the Plan of a slot assignment: tables and, for every meeting
// left out, the reason as a code and in words.
func (r *run) plan(slot []int32, prefer []int) Plan {
	md := r.md
	tables := assignTables(md, slot, prefer)
	pl := Plan{Assign: make([]Assignment, md.nM)}
	st := newState(md, -1)
	st.load(slot)
	for m := range pl.Assign {
		if slot[m] >= 0 {
			pl.Assign[m] = Assignment{Slot: int(slot[m]), Table: tables[m]}
			continue
		}
		why := md.staticWhy[m]
		if why.Code == "" {
			why = st.whyNot(m)
		}
		pl.Assign[m] = Assignment{Slot: -1, Table: -1, Reason: why.Text(md.p, m), Cause: why}
	}
	return pl
}

// whyNot explains why meeting m has no place in the current state.
func (st *state) whyNot(m int) Reason {
	md := st.md
	r := Reason{Code: ReasonNoSlotLeft, Busy: make([]int, len(md.parts[m]))}
	for s := 0; s < md.nT; s++ {
		if !hasBit(md.usable[m], s) {
			continue
		}
		r.Slots++
		blocked := false
		for k, q := range md.parts[m] {
			if st.occ[int(q)*md.nT+s] >= 0 {
				r.Busy[k]++
				blocked = true
			}
		}
		if blocked {
			continue
		}
		if md.pool[m] && int(st.used[s]) >= md.cap[s] {
			r.Full++
		} else if !st.precOK(m, s) {
			r.Order++
		}
	}
	return r
}
