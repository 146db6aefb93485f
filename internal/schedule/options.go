package schedule

import "time"

// Options steer Solve and Repair.
type Options struct {
	// TimeLimit bounds the wall time; 0 means no limit (then MaxWork or ctx
	// must end the search, or it ends when optimality is proven).
	TimeLimit time.Duration
	// Seed makes the search reproducible: the same problem, seed and
	// MaxWork give the same plan whatever the machine's speed.
	Seed int64
	// Workers is how many goroutines search at once (≤ 0: one per CPU).
	Workers int
	// MaxWork bounds the search by work done (moves tried) instead of
	// time; 0 means no bound.
	MaxWork int64
	// Progress, when set, is called now and then with the best so far.
	// It must return quickly.
	Progress func(Progress)
}

// Progress is a snapshot of a running search.
type Progress struct {
	Elapsed          time.Duration
	Scheduled        int // meetings placed in the best plan so far
	ScheduledWeight  int
	Breaks           int // total breaks of the best plan so far
	LowerBoundBreaks int // best proven lower bound on breaks so far
}

// Result is what Solve and Repair return: the best plan found, verified
// against the problem's hard constraints, and what is known about it.
type Result struct {
	Plan Plan
	// LowerBoundBreaks is a proven lower bound on the total breaks of any
	// plan that schedules as much weight as Plan does.
	LowerBoundBreaks int
	// Optimal is true only when every meeting is scheduled and the breaks
	// equal a proven lower bound.
	Optimal bool
	// Elapsed is the wall time of the whole call; BestAt when the returned
	// plan was found.
	Elapsed time.Duration
	BestAt  time.Duration
	// Moved counts, for Repair, the published meetings whose slot or
	// table changed (0 for Solve).
	Moved int
}
