package b2b_test

import (
	"sync"
	"testing"
	"time"

	"caravan/internal/mission"
	"caravan/internal/testdb"
)

// TestJobRetriesThenFails: a job that fails is queued again 30 s later,
// keeps its last error, and fails for good after its third attempt.
func TestJobRetriesThenFails(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		db := testdb.Open(t, dsn)
		ctx := t.Context()
		f := newFixture(t, db)
		j := &mission.Job{Kind: mission.JobSchedule, MissionID: f.m.ID, Payload: "{not json"}
		must(t, db.EnqueueJob(ctx, j))
		now := time.Now()
		w := f.worker("w")
		w.Now = func() time.Time { return now }
		for attempt := 1; attempt <= 3; attempt++ {
			if n, err := w.RunPending(ctx); err != nil || n != 1 {
				t.Fatalf("attempt %d: worked %d: %v", attempt, n, err)
			}
			got, err := db.Job(ctx, j.ID)
			must(t, err)
			want := mission.JobQueued
			if attempt == 3 {
				want = mission.JobFailed
			}
			if got.Status != want || got.Attempts != attempt || got.LastError == "" {
				t.Errorf("after attempt %d: %s, %d attempts, error %q; want %s", attempt, got.Status, got.Attempts, got.LastError, want)
			}
			if n, _ := w.RunPending(ctx); n != 0 {
				t.Errorf("after attempt %d the job ran again at once", attempt)
			}
			now = now.Add(31 * time.Second)
		}
	})
}

// TestClaimOnce: of workers claiming one job at the same moment, exactly
// one gets it.
func TestClaimOnce(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		db := testdb.Open(t, dsn)
		ctx := t.Context()
		f := newFixture(t, db)
		must(t, db.EnqueueJob(ctx, &mission.Job{Kind: mission.JobSchedule, MissionID: f.m.ID}))
		var wg sync.WaitGroup
		var mu sync.Mutex
		claimed := 0
		now := time.Now()
		for i := range 4 {
			wg.Go(func() {
				_, ok, err := db.ClaimJob(ctx, []string{mission.JobSchedule}, string(rune('a'+i)), now, time.Minute)
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					claimed++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if claimed != 1 {
			t.Errorf("%d workers claimed the job, want 1", claimed)
		}
	})
}
