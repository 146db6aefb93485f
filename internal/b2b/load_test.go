package b2b_test

import (
	"testing"
	"time"

	"caravan/internal/b2b"
	"caravan/internal/mission"
	"caravan/internal/schedule"
	"caravan/internal/testdb"
)

// TestLoadEventEndToEnd loads a small generated event, runs the
// scheduling job on it and publishes: every placed meeting lands in the
// meetings table, inside its people's free time.
func TestLoadEventEndToEnd(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		db := testdb.Open(t, dsn)
		ctx := t.Context()
		p := schedule.Generate(schedule.GenerateConfig{Participants: 30, Seed: 3, Days: 2, Fairness: 2})
		m, err := b2b.LoadEvent(ctx, db, p)
		must(t, err)
		requests, err := db.MeetingRequests(ctx, m.ID, 0)
		must(t, err)
		if len(requests) == 0 {
			t.Fatal("no requests loaded")
		}
		if _, err := b2b.Enqueue(ctx, db, m, mission.RunGenerate, 0, time.Now()); err != nil {
			t.Fatal(err)
		}
		w := &b2b.Worker{DB: db, ID: "load", Solver: schedule.Options{Workers: 1, MaxWork: 200_000, Seed: 1}}
		if n, err := w.RunPending(ctx); err != nil || n != 1 {
			t.Fatalf("worked %d: %v", n, err)
		}
		run, err := db.LatestScheduleRun(ctx, m.ID, mission.RunPreview)
		must(t, err)
		snap, err := b2b.Decode(run)
		must(t, err)
		if len(snap.Problem.Meetings) != len(requests) {
			t.Errorf("%d meetings in the problem, %d requests", len(snap.Problem.Meetings), len(requests))
		}
		must(t, schedule.Verify(&snap.Problem, &snap.Plan))
		st := snap.Stats()
		if st.Scheduled < len(requests)*8/10 {
			t.Errorf("placed %d of %d", st.Scheduled, len(requests))
		}
		res, err := b2b.Publish(ctx, db, run, run.Version, 0, time.Now(), nil)
		must(t, err)
		if res.Meetings != st.Scheduled {
			t.Errorf("published %d meetings, placed %d", res.Meetings, st.Scheduled)
		}
		for _, person := range snap.People[:5] {
			free, err := db.Availability(ctx, m.ID, person.ID)
			must(t, err)
			ms, err := db.Meetings(ctx, m.ID)
			must(t, err)
			for _, mt := range ms {
				for _, id := range mt.PersonIDs {
					if id != person.ID {
						continue
					}
					ok := false
					for _, iv := range free {
						if !mt.StartsAt.Before(iv.Start) && !mt.EndsAt.After(iv.End) {
							ok = true
						}
					}
					if !ok {
						t.Errorf("%s meets at %v, outside their free time", person.Name, mt.StartsAt)
					}
				}
			}
		}
	})
}
