package main

import (
	"testing"
	"time"

	"caravan/internal/b2b"
	"caravan/internal/mission"
	"caravan/internal/schedule"
	"caravan/internal/testdb"
)

// TestServeRunsScheduleJobs: a scheduling job queued in the database is
// taken and finished by a caravan serve node, on either backend.
func TestServeRunsScheduleJobs(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		db := testdb.Open(t, dsn)
		ctx := t.Context()
		m, err := b2b.LoadEvent(ctx, db, schedule.Generate(schedule.GenerateConfig{Participants: 12, Seed: 5, Days: 2, Fairness: 2}))
		if err != nil {
			t.Fatal(err)
		}
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(db.SaveB2BSettings(ctx, &mission.B2BSettings{MissionID: m.ID, VideoBaseURL: mission.DefaultVideoBaseURL, TimeLimitSeconds: 2, Fairness: 2}))
		j, err := b2b.Enqueue(ctx, db, m, mission.RunGenerate, 0, time.Now())
		must(err)
		a := start(t, map[string]string{"CARAVAN_DB": dsn}, "serve", "-addr", "127.0.0.1:0")
		// Wait for the node to finish the job (the run is bounded by its
		// 2 s limit; the deadline only keeps a broken worker from hanging).
		deadline := time.Now().Add(2 * time.Minute)
		for {
			got, err := db.Job(ctx, j.ID)
			must(err)
			if got.Status == mission.JobDone {
				break
			}
			if got.Status == mission.JobFailed || time.Now().After(deadline) {
				t.Fatalf("job %s (%s) after the wait", got.Status, got.LastError)
			}
			time.Sleep(100 * time.Millisecond)
		}
		a.stop(t)
		run, err := db.LatestScheduleRun(ctx, m.ID, mission.RunPreview)
		must(err)
		snap, err := b2b.Decode(run)
		must(err)
		must(schedule.Verify(&snap.Problem, &snap.Plan))
	})
}
