package b2b

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"caravan/internal/mission"
	"caravan/internal/schedule"
	"caravan/internal/store"
)

// JobInput is a scheduling job's payload.
type JobInput struct {
	Mode string `json:"mode"` // generate or repair
}

// Progress is what a running scheduling job reports into its job row and
// the schedule page shows.
type Progress struct {
	Phase      string `json:"phase"`   // building, solving, saving
	Percent    int    `json:"percent"` // of the time limit spent
	Meetings   int    `json:"meetings"`
	Scheduled  int    `json:"scheduled"`
	Breaks     int    `json:"breaks"`
	LowerBound int    `json:"lower_bound"`
}

// ReadProgress decodes a job's progress; the zero Progress when it has
// none yet.
func ReadProgress(j *mission.Job) Progress {
	var p Progress
	_ = json.Unmarshal([]byte(j.Progress), &p)
	return p
}

// Enqueue queues a scheduling job (mode generate or repair) for mission m,
// asked by person by. While another scheduling job of the mission is
// queued or running it returns ECONFLICT; a repair needs a published
// schedule (ENOTFOUND otherwise).
func Enqueue(ctx context.Context, db *store.DB, m *mission.Mission, mode string, by int64, now time.Time) (*mission.Job, error) {
	if mode != mission.RunGenerate && mode != mission.RunRepair {
		return nil, mission.Errorf(mission.EINVALID, "unknown scheduling mode %q", mode)
	}
	if mode == mission.RunRepair {
		if _, err := db.LatestScheduleRun(ctx, m.ID, mission.RunPublished); err != nil {
			return nil, err
		}
	}
	payload, err := json.Marshal(JobInput{Mode: mode})
	if err != nil {
		return nil, err
	}
	j := &mission.Job{Kind: mission.JobSchedule, MissionID: m.ID, Payload: string(payload), CreatedBy: by, CreatedAt: now}
	if err := db.EnqueueJob(ctx, j); err != nil {
		return nil, err
	}
	return j, nil
}

// Worker runs scheduling jobs. Every caravan serve node runs one (Run);
// tests call RunPending to work the due jobs at once.
type Worker struct {
	DB *store.DB
	// ID names the worker in job leases; unique per process.
	ID string
	// Lease is how long a claim lasts without a progress report; a node
	// that dies leaves the job to another worker after it (default 1 min).
	Lease  time.Duration
	Logger *slog.Logger
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Solver sets the scheduler's options other than the time limit and
	// progress (default: seed 1, all CPUs). MaxWork, when set, makes runs
	// reproducible whatever the machine's speed.
	Solver schedule.Options
	// ProgressEvery is how often a running job writes its progress and
	// extends its lease (default 1 s).
	ProgressEvery time.Duration
}

func (w *Worker) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *Worker) lease() time.Duration {
	if w.Lease > 0 {
		return w.Lease
	}
	return time.Minute
}

func (w *Worker) logger() *slog.Logger {
	if w.Logger != nil {
		return w.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// RunPending claims and works due scheduling jobs one after another until
// none is due, and returns how many it worked. A job that fails is queued
// again (or failed after its last attempt); RunPending returns an error
// only when the database does.
func (w *Worker) RunPending(ctx context.Context) (int, error) {
	n := 0
	for ctx.Err() == nil {
		j, ok, err := w.DB.ClaimJob(ctx, []string{mission.JobSchedule}, w.ID, w.now(), w.lease())
		if err != nil {
			return n, err
		}
		if !ok {
			return n, nil
		}
		n++
		w.Work(ctx, j)
	}
	return n, ctx.Err()
}

// Run works due jobs every poll interval until ctx ends.
func (w *Worker) Run(ctx context.Context, poll time.Duration) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if _, err := w.RunPending(ctx); err != nil && ctx.Err() == nil {
			w.logger().Error("scheduling jobs", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Work runs one claimed job to its end: done with a preview run, or
// failed (retried later while attempts are left). When the worker loses
// the job's lease meanwhile it stops and records nothing.
func (w *Worker) Work(ctx context.Context, j *mission.Job) {
	log := w.logger().With("job_id", j.ID, "mission_id", j.MissionID)
	err := w.work(ctx, j)
	switch {
	case err == nil:
		log.Info("scheduling job done")
	case mission.ErrorCode(err) == mission.ECONFLICT && errors.Is(err, errLeaseLost):
		log.Warn("scheduling job lease lost to another worker")
	default:
		code := FailureCode(err)
		log.Error("scheduling job failed", "failure", code, "err", logText(err), "attempt", j.Attempts)
		if ferr := w.DB.FailJob(context.WithoutCancel(ctx), j.ID, w.ID, w.now(), 30*time.Second, code); ferr != nil {
			log.Error("scheduling job: record failure", "err", ferr)
		}
	}
}

// FailureCode is what the organisers' page says of a failed attempt
// (mission.JobFail…): the node stopping (its context ended), the mission,
// its sessions or its published schedule gone or changed meanwhile
// (ENOTFOUND, ECONFLICT), or an internal error. Running out of time is no
// failure: the solver returns its best plan, which the preview shows.
func FailureCode(err error) string {
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return mission.JobFailStopped
	case mission.ErrorCode(err) == mission.ENOTFOUND || mission.ErrorCode(err) == mission.ECONFLICT:
		return mission.JobFailDataChanged
	}
	return mission.JobFailInternal
}

// logText is err for the server's log without personal data: a plan that
// fails the engine's verification is counted, as its violations name
// meetings by their people.
func logText(err error) string {
	var ve *schedule.VerifyError
	if errors.As(err, &ve) {
		return fmt.Sprintf("the plan fails verification (%d violations)", ve.Total)
	}
	return err.Error()
}

var errLeaseLost = mission.Errorf(mission.ECONFLICT, "the job's lease passed to another worker")

func (w *Worker) work(ctx context.Context, j *mission.Job) error {
	var in JobInput
	if err := json.Unmarshal([]byte(j.Payload), &in); err != nil {
		return fmt.Errorf("job %d: payload: %w", j.ID, err)
	}
	report := func(p Progress) error {
		b, _ := json.Marshal(p)
		err := w.DB.JobProgress(ctx, j.ID, w.ID, w.now(), w.lease(), string(b))
		if mission.ErrorCode(err) == mission.ECONFLICT {
			return fmt.Errorf("%w", errLeaseLost)
		}
		return err
	}
	if err := report(Progress{Phase: "building"}); err != nil {
		return err
	}
	m, err := w.DB.Mission(ctx, j.MissionID)
	if err != nil {
		return err
	}
	settings, err := w.DB.B2BSettings(ctx, m.ID)
	if err != nil {
		return err
	}
	snap, err := Build(ctx, w.DB, m)
	if err != nil {
		return err
	}
	run := &mission.ScheduleRun{MissionID: m.ID, Kind: in.Mode}
	var published []schedule.Assignment
	if in.Mode == mission.RunRepair {
		base, err := w.DB.LatestScheduleRun(ctx, m.ID, mission.RunPublished)
		if err != nil {
			return err
		}
		run.BaseRunID = base.ID
		baseSnap, err := Decode(base)
		if err != nil {
			return err
		}
		published = snap.anchor(baseSnap)
	}
	limit := time.Duration(settings.TimeLimitSeconds) * time.Second
	res, err := w.solve(ctx, snap, published, limit, report)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err // shutting down: the job is queued again
	}
	snap.Plan = res.Plan
	snap.LowerBound, snap.Optimal, snap.ElapsedMS, snap.Moved = res.LowerBoundBreaks, res.Optimal, res.Elapsed.Milliseconds(), res.Moved
	if err := report(Progress{Phase: "saving", Percent: 100, Meetings: len(snap.Problem.Meetings), Scheduled: snap.Stats().Scheduled}); err != nil {
		return err
	}
	if run.Data, err = snap.Encode(); err != nil {
		return err
	}
	err = w.DB.CompleteScheduleJob(ctx, j.ID, w.ID, w.now(), run)
	if mission.ErrorCode(err) == mission.ECONFLICT {
		return fmt.Errorf("%w", errLeaseLost)
	}
	return err
}

// solve runs Solve (or Repair when published is set) within limit,
// reporting the best so far every ProgressEvery; a report that finds the
// lease lost stops the search and returns errLeaseLost.
func (w *Worker) solve(ctx context.Context, snap *Snapshot, published []schedule.Assignment, limit time.Duration,
	report func(Progress) error) (*schedule.Result, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	cur := Progress{Phase: "solving", Meetings: len(snap.Problem.Meetings)}
	opt := w.Solver
	opt.TimeLimit = limit
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	opt.Progress = func(p schedule.Progress) {
		mu.Lock()
		cur.Scheduled, cur.Breaks, cur.LowerBound = p.Scheduled, p.Breaks, p.LowerBoundBreaks
		cur.Percent = min(99, int(100*p.Elapsed/max(limit, time.Millisecond)))
		mu.Unlock()
	}
	every := w.ProgressEvery
	if every <= 0 {
		every = time.Second
	}
	start := time.Now()
	var lost error
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			mu.Lock()
			p := cur
			p.Percent = max(p.Percent, min(99, int(100*time.Since(start)/max(limit, time.Millisecond))))
			mu.Unlock()
			if err := report(p); err != nil {
				lost = err
				cancel()
				return
			}
		}
	}()
	var res *schedule.Result
	var err error
	if published != nil {
		res, err = schedule.Repair(ctx, &snap.Problem, published, opt)
	} else {
		res, err = schedule.Solve(ctx, &snap.Problem, opt)
	}
	cancel()
	<-done
	if lost != nil {
		return nil, lost
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}
