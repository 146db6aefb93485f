package b2b_test

import (
	"context"
	"os"
	"testing"
	"time"

	"caravan/internal/b2b"
	"caravan/internal/demo"
	"caravan/internal/mission"
	"caravan/internal/schedule"
	"caravan/internal/store"
	"caravan/internal/testdb"
)

// BenchmarkEndToEnd measures the product's whole scheduling path, the one
// an organiser's "Generate schedule" and "Publish" take: queue the job,
// a worker claims it, builds the problem from the database (accepted
// requests, sessions, tables, each person's availability), solves,
// stores the preview, and publish writes the meetings. It runs on the
// demo's Basque mission and on a generated event of 2,000 participants
// loaded into the database, on SQLite and (with CARAVAN_TEST_POSTGRES) on
// PostgreSQL. The peer in the same run is the engine alone on the same
// problem built from the same database ("engine", its data loaded into
// SQLite), so what the product adds is the difference.
//
// Loading the data is outside the timer. Metrics: job-s (queue to stored
// preview), publish-s, placed (meetings), breaks. Publishing queues no
// e-mail here (nil mailer); the web handler adds one e-mail per person.
func BenchmarkEndToEnd(b *testing.B) {
	backends := []struct {
		name string
		dsn  func(testing.TB) string
	}{{store.SQLite, testdb.SQLite}}
	if os.Getenv("CARAVAN_TEST_POSTGRES") != "" {
		backends = append(backends, struct {
			name string
			dsn  func(testing.TB) string
		}{store.Postgres, testdb.Postgres})
	}
	events := []struct {
		name string
		load func(ctx context.Context, db *store.DB) (*mission.Mission, error)
	}{
		{"demo", func(ctx context.Context, db *store.DB) (*mission.Mission, error) {
			info, err := demo.Seed(ctx, db, time.Now())
			if err != nil {
				return nil, err
			}
			return db.Mission(ctx, info.BasqueMissionID)
		}},
		{"generated-2000", func(ctx context.Context, db *store.DB) (*mission.Mission, error) {
			p := schedule.Generate(schedule.GenerateConfig{Participants: 2000, Seed: 1, Fairness: 2})
			return b2b.LoadEvent(ctx, db, p)
		}},
	}
	opt := schedule.Options{Workers: 1, Seed: 1}
	for _, ev := range events {
		b.Run(ev.name+"/engine", func(b *testing.B) {
			ctx := context.Background()
			db := testdb.Open(b, testdb.SQLite(b))
			m, err := ev.load(ctx, db)
			if err != nil {
				b.Fatal(err)
			}
			settings, err := db.B2BSettings(ctx, m.ID)
			if err != nil {
				b.Fatal(err)
			}
			snap, err := b2b.Build(ctx, db, m)
			if err != nil {
				b.Fatal(err)
			}
			eo := opt
			eo.TimeLimit = time.Duration(settings.TimeLimitSeconds) * time.Second
			var st schedule.Stats
			b.ResetTimer()
			for range b.N {
				res, err := schedule.Solve(ctx, &snap.Problem, eo)
				if err != nil {
					b.Fatal(err)
				}
				st = schedule.Evaluate(&snap.Problem, &res.Plan)
			}
			b.ReportMetric(float64(st.Scheduled), "placed")
			b.ReportMetric(float64(st.Breaks), "breaks")
		})
		for _, be := range backends {
			b.Run(ev.name+"/"+be.name, func(b *testing.B) {
				var job, publish time.Duration
				var st schedule.Stats
				for range b.N {
					b.StopTimer()
					ctx := context.Background()
					db := testdb.Open(b, be.dsn(b))
					m, err := ev.load(ctx, db)
					if err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					start := time.Now()
					if _, err := b2b.Enqueue(ctx, db, m, mission.RunGenerate, 0, time.Now()); err != nil {
						b.Fatal(err)
					}
					w := &b2b.Worker{DB: db, ID: "bench", Solver: opt}
					if n, err := w.RunPending(ctx); err != nil || n != 1 {
						b.Fatalf("worked %d jobs: %v", n, err)
					}
					run, err := db.LatestScheduleRun(ctx, m.ID, mission.RunPreview)
					if err != nil {
						b.Fatal(err)
					}
					job += time.Since(start)
					start = time.Now()
					if _, err := b2b.Publish(ctx, db, run, run.Version, 0, time.Now(), nil); err != nil {
						b.Fatal(err)
					}
					publish += time.Since(start)
					b.StopTimer()
					snap, err := b2b.Decode(run)
					if err != nil {
						b.Fatal(err)
					}
					st = snap.Stats()
					db.Close()
					b.StartTimer()
				}
				b.ReportMetric(job.Seconds()/float64(b.N), "job-s")
				b.ReportMetric(publish.Seconds()/float64(b.N), "publish-s")
				b.ReportMetric(float64(st.Scheduled), "placed")
				b.ReportMetric(float64(st.Breaks), "breaks")
			})
		}
	}
}
