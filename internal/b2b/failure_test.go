package b2b_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"caravan/internal/b2b"
	"caravan/internal/mission"
	"caravan/internal/testdb"
)

// TestFailureCode: a failed attempt is stored as a code the page
// translates: the node stopping, the mission's data gone or changed, or
// an internal error; a job whose workers keep dying fails as stopped.
func TestFailureCode(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("solve: %w", context.Canceled), mission.JobFailStopped},
		{context.DeadlineExceeded, mission.JobFailStopped},
		{fmt.Errorf("build: %w", mission.Errorf(mission.ENOTFOUND, "mission 7 not found")), mission.JobFailDataChanged},
		{mission.Errorf(mission.ECONFLICT, "the run changed"), mission.JobFailDataChanged},
		{errors.New("schedule: invalid problem: meeting 3 names participant 9"), mission.JobFailInternal},
	} {
		if got := b2b.FailureCode(tc.err); got != tc.want {
			t.Errorf("%v: got %s, want %s", tc.err, got, tc.want)
		}
	}
	testdb.Each(t, func(t *testing.T, dsn string) {
		db := testdb.Open(t, dsn)
		ctx := t.Context()
		f := newFixture(t, db)
		now := time.Now()
		// A job whose workers die on every attempt fails as stopped.
		j1, err := b2b.Enqueue(ctx, db, f.m, mission.RunGenerate, 0, now)
		must(t, err)
		for k := range 4 {
			_, _, err := db.ClaimJob(ctx, []string{mission.JobSchedule}, "dying", now.Add(time.Duration(10*k+10)*time.Minute), time.Minute)
			must(t, err)
		}
		got, err := db.Job(ctx, j1.ID)
		must(t, err)
		if got.Status != mission.JobFailed || got.LastError != mission.JobFailStopped {
			t.Errorf("job %s %q, want failed as %s", got.Status, got.LastError, mission.JobFailStopped)
		}
		// A job whose payload cannot be read fails as internal, the Go
		// error's words not stored.
		now = now.Add(time.Hour)
		j2 := &mission.Job{Kind: mission.JobSchedule, MissionID: f.m.ID, Payload: "{not json", CreatedAt: now}
		must(t, db.EnqueueJob(ctx, j2))
		w := f.worker("w")
		w.Now = func() time.Time { return now }
		if n, err := w.RunPending(ctx); err != nil || n != 1 {
			t.Fatalf("worked %d: %v", n, err)
		}
		got, err = db.Job(ctx, j2.ID)
		must(t, err)
		if got.LastError != mission.JobFailInternal {
			t.Errorf("stored %q, want %s", got.LastError, mission.JobFailInternal)
		}
	})
}
