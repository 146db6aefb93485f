package b2b_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"caravan/internal/b2b"
	"caravan/internal/mission"
	"caravan/internal/schedule"
	"caravan/internal/store"
	"caravan/internal/testdb"
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// fixture is a mission on 10 March 2026 (Madrid) with a morning B2B
// session 09:00–11:00 of 20-minute slots, a coffee break 10:00–10:20, two
// tables, and a talk 09:40–10:00 that everyone attends; six people and
// accepted requests between them.
type fixture struct {
	db      *store.DB
	m       *mission.Mission
	session *mission.ProgrammeItem
	people  []*mission.Person
	loc     *time.Location
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	ctx := t.Context()
	f := &fixture{db: db}
	f.loc, _ = time.LoadLocation("Europe/Madrid")
	org := &mission.Organisation{Name: "GAIA", Kind: mission.KindCluster, Country: "ES", City: "Bilbao"}
	must(t, db.CreateOrganisation(ctx, org))
	f.m = &mission.Mission{Title: "Basque B2B", HostOrganisationID: org.ID, HostCity: "Bilbao", HostCountry: "ES",
		StartsOn: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC), TimeZone: "Europe/Madrid"}
	must(t, db.CreateMission(ctx, f.m))
	at := func(h, m int) time.Time { return time.Date(2026, 3, 10, h, m, 0, 0, f.loc) }
	f.session = &mission.ProgrammeItem{MissionID: f.m.ID, Kind: mission.ItemB2BSession, Title: "B2B morning",
		StartsAt: at(9, 0), EndsAt: at(11, 0), SlotMinutes: 20, Tables: 2}
	must(t, db.CreateProgrammeItem(ctx, f.session))
	talk := &mission.ProgrammeItem{MissionID: f.m.ID, Kind: mission.ItemPresentation, Title: "Welcome talk",
		StartsAt: at(9, 40), EndsAt: at(10, 0)}
	must(t, db.CreateProgrammeItem(ctx, talk))
	must(t, db.SaveB2BSession(ctx, &mission.B2BSession{Item: &mission.ProgrammeItem{ID: f.session.ID, SlotMinutes: 20, Tables: 2},
		Breaks: []mission.Interval{{Start: at(10, 0), End: at(10, 20)}}}))
	for i := range 6 {
		p := &mission.Person{OrganisationID: org.ID, Name: fmt.Sprintf("P%d", i), Email: fmt.Sprintf("p%d@example.org", i)}
		must(t, db.CreatePerson(ctx, p))
		must(t, db.AddMissionMember(ctx, mission.MissionMember{MissionID: f.m.ID, PersonID: p.ID, Role: mission.RoleParticipant}))
		f.people = append(f.people, p)
	}
	return f
}

func (f *fixture) accept(t *testing.T, a, b int, priority string) *mission.MeetingRequest {
	t.Helper()
	r := &mission.MeetingRequest{MissionID: f.m.ID, FromPersonID: f.people[a].ID, ToPersonID: f.people[b].ID,
		Priority: priority, Status: mission.RequestAccepted, AnsweredAt: time.Now()}
	must(t, f.db.CreateMeetingRequest(t.Context(), r))
	return r
}

func (f *fixture) worker(id string) *b2b.Worker {
	return &b2b.Worker{DB: f.db, ID: id, Solver: schedule.Options{Workers: 1, MaxWork: 100_000, Seed: 1}}
}

// run enqueues a job, works it and returns the preview run.
func (f *fixture) run(t *testing.T, mode string) (*mission.ScheduleRun, *b2b.Snapshot) {
	t.Helper()
	ctx := t.Context()
	j, err := b2b.Enqueue(ctx, f.db, f.m, mode, f.people[0].ID, time.Now())
	must(t, err)
	n, err := f.worker("w1").RunPending(ctx)
	must(t, err)
	if n != 1 {
		t.Fatalf("worked %d jobs, want 1", n)
	}
	j, err = f.db.Job(ctx, j.ID)
	must(t, err)
	if j.Status != mission.JobDone || j.ResultID == 0 {
		t.Fatalf("job %s (%s), want done with a result", j.Status, j.LastError)
	}
	run, err := f.db.ScheduleRun(ctx, j.ResultID)
	must(t, err)
	snap, err := b2b.Decode(run)
	must(t, err)
	return run, snap
}

func mailer(to *mission.Person, lang string, ms []b2b.MailMeeting) (*mission.Email, error) {
	var sb strings.Builder
	for _, m := range ms {
		fmt.Fprintf(&sb, "%s %s changed=%v cancelled=%v\n", m.Start.Format(time.RFC3339), m.Table, m.Changed, m.Cancelled)
	}
	return &mission.Email{ToAddress: to.Email, ToName: to.Name, Subject: "Your meetings", TextBody: sb.String()}, nil
}

func TestGeneratePublishRepair(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		db := testdb.Open(t, dsn)
		ctx := t.Context()
		f := newFixture(t, db)
		// P0 meets P1, P2, P3; P4 meets P5; P1 meets P2.
		reqs := []*mission.MeetingRequest{f.accept(t, 0, 1, mission.PriorityMust), f.accept(t, 0, 2, mission.PriorityShould),
			f.accept(t, 0, 3, mission.PriorityCould), f.accept(t, 4, 5, mission.PriorityShould), f.accept(t, 1, 2, mission.PriorityShould)}
		run, snap := f.run(t, mission.RunGenerate)
		// Slots: 09:00, 09:20, 09:40 (talk: forbidden for all), 10:20, 10:40; the break leaves 10:00 out.
		if got := len(snap.Problem.Slots); got != 4+0 && got != 5 {
			t.Fatalf("got %d slots, want 5", got)
		}
		var starts []string
		for _, sl := range snap.Problem.Slots {
			starts = append(starts, sl.Start.In(f.loc).Format("15:04"))
		}
		if want := "09:00 09:20 09:40 10:20 10:40"; strings.Join(starts, " ") != want {
			t.Errorf("slots %v, want %s", starts, want)
		}
		st := snap.Stats()
		if st.Scheduled != len(reqs) {
			t.Fatalf("scheduled %d of %d", st.Scheduled, len(reqs))
		}
		for k := range snap.Problem.Meetings {
			if pl := snap.Placement(k); pl.Start.In(f.loc).Format("15:04") == "09:40" {
				t.Errorf("meeting %d in the talk's slot", k)
			}
		}
		// Participants do not see the preview: no meeting exists yet.
		ms, err := db.Meetings(ctx, f.m.ID)
		must(t, err)
		if len(ms) != 0 {
			t.Fatalf("%d meetings before publishing", len(ms))
		}
		res, err := b2b.Publish(ctx, db, run, run.Version, f.people[0].ID, time.Now(), mailer)
		must(t, err)
		if res.Meetings != 5 || res.Notified != 6 {
			t.Errorf("published %d meetings, %d e-mails; want 5 and 6", res.Meetings, res.Notified)
		}
		ms, err = db.Meetings(ctx, f.m.ID)
		must(t, err)
		if len(ms) != 5 {
			t.Fatalf("%d meetings after publishing, want 5", len(ms))
		}
		for _, m := range ms {
			k := slices.IndexFunc(snap.Requests, func(r b2b.Request) bool { return r.ID == m.RequestID })
			pl := snap.Placement(k)
			if !pl.Start.Equal(m.StartsAt) || pl.Table != m.Table || m.SessionItemID != f.session.ID {
				t.Errorf("meeting of request %d at %v table %q, plan says %v table %q", m.RequestID, m.StartsAt, m.Table, pl.Start, pl.Table)
			}
		}
		// Publishing twice is refused.
		_, err = b2b.Publish(ctx, db, run, run.Version, f.people[0].ID, time.Now(), mailer)
		if mission.ErrorCode(err) != mission.ECONFLICT {
			t.Errorf("second publish: %v, want conflict", err)
		}

		// Changes: P3's request is cancelled, P4 leaves at 10:30 (a block
		// to the end), and a late request P5–P1 is accepted.
		_, err = db.CancelAcceptedRequest(ctx, reqs[2].ID, f.people[3].ID, time.Now())
		must(t, err)
		must(t, db.AddAvailabilityBlock(ctx, &mission.AvailabilityBlock{MissionID: f.m.ID, PersonID: f.people[4].ID,
			StartsAt: time.Date(2026, 3, 10, 10, 30, 0, 0, f.loc), EndsAt: time.Date(2026, 3, 10, 12, 0, 0, 0, f.loc), Note: "flight"}))
		f.accept(t, 5, 1, mission.PriorityShould)
		before, err := db.Emails(ctx, mission.EmailFilter{})
		must(t, err)
		run2, snap2 := f.run(t, mission.RunRepair)
		if run2.Kind != mission.RunRepair || run2.BaseRunID != run.ID {
			t.Errorf("repair run kind %s base %d, want repair of %d", run2.Kind, run2.BaseRunID, run.ID)
		}
		if len(snap2.Cancelled) != 1 || snap2.Cancelled[0].RequestID != reqs[2].ID {
			t.Errorf("cancelled %+v, want request %d", snap2.Cancelled, reqs[2].ID)
		}
		if got := snap2.Stats().Scheduled; got != 5 {
			t.Errorf("repair placed %d meetings, want 5", got)
		}
		// Only meetings that must move move: P4–P5 if it sat at 10:40.
		moved := 0
		for k := range snap2.Problem.Meetings {
			b, a := snap2.Before[k], snap2.Placement(k)
			if b != nil && (!b.Start.Equal(a.Start) || b.Table != a.Table) {
				moved++
			}
		}
		if moved != snap2.Moved || moved > 1 {
			t.Errorf("moved %d (reported %d), want at most 1", moved, snap2.Moved)
		}
		res, err = b2b.Publish(ctx, db, run2, run2.Version, f.people[0].ID, time.Now(), mailer)
		must(t, err)
		after, err := db.Emails(ctx, mission.EmailFilter{})
		must(t, err)
		notified := map[string]bool{}
		for _, e := range after[len(before):] {
			notified[e.ToAddress] = true
		}
		// P0 and P3 lose a meeting, P5 and P1 gain one; P2 is unchanged
		// unless a move touched them.
		for _, i := range []int{0, 1, 3, 5} {
			if !notified[f.people[i].Email] {
				t.Errorf("P%d not notified of the repair", i)
			}
		}
		if moved == 0 && (notified[f.people[2].Email] || notified[f.people[4].Email]) {
			t.Errorf("unchanged people notified: %v", notified)
		}
		ms, err = db.Meetings(ctx, f.m.ID)
		must(t, err)
		if len(ms) != 5 {
			t.Errorf("%d meetings after the repair, want 5", len(ms))
		}
		for _, m := range ms {
			if slices.Contains(m.PersonIDs, f.people[4].ID) && m.EndsAt.After(time.Date(2026, 3, 10, 10, 30, 0, 0, f.loc)) {
				t.Errorf("P4 meets after leaving: %v", m.StartsAt)
			}
		}
	})
}

// TestJobSurvivesRestart: a worker claims the job and dies (its lease
// expires); another worker takes the job and finishes it, and the first
// one can no longer record anything.
func TestJobSurvivesRestart(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		db := testdb.Open(t, dsn)
		ctx := t.Context()
		f := newFixture(t, db)
		f.accept(t, 0, 1, mission.PriorityShould)
		j, err := b2b.Enqueue(ctx, db, f.m, mission.RunGenerate, 0, time.Now())
		must(t, err)
		if _, err := b2b.Enqueue(ctx, db, f.m, mission.RunGenerate, 0, time.Now()); mission.ErrorCode(err) != mission.ECONFLICT {
			t.Errorf("second enqueue while queued: %v, want conflict", err)
		}
		now := time.Now()
		claimed, ok, err := db.ClaimJob(ctx, []string{mission.JobSchedule}, "dead-node", now, time.Minute)
		must(t, err)
		if !ok || claimed.ID != j.ID {
			t.Fatalf("claim: %v %v", ok, claimed)
		}
		// While the lease runs nobody else takes it.
		if _, ok, _ := db.ClaimJob(ctx, []string{mission.JobSchedule}, "w2", now.Add(30*time.Second), time.Minute); ok {
			t.Fatal("a leased job was claimed again")
		}
		// The dead node's lease expires; w2 takes the job and finishes.
		w2 := f.worker("w2")
		w2.Now = func() time.Time { return now.Add(2 * time.Minute) }
		n, err := w2.RunPending(ctx)
		must(t, err)
		if n != 1 {
			t.Fatalf("w2 worked %d jobs, want 1", n)
		}
		got, err := db.Job(ctx, j.ID)
		must(t, err)
		if got.Status != mission.JobDone || got.Attempts != 2 || got.LockedBy != "w2" {
			t.Errorf("job %s, attempts %d, by %s; want done, 2, w2", got.Status, got.Attempts, got.LockedBy)
		}
		if err := db.JobProgress(ctx, j.ID, "dead-node", now, time.Minute, "{}"); mission.ErrorCode(err) != mission.ECONFLICT {
			t.Errorf("progress from the dead node: %v, want conflict", err)
		}
		// A job whose worker keeps dying fails after its attempts.
		j2, err := b2b.Enqueue(ctx, db, f.m, mission.RunGenerate, 0, now)
		must(t, err)
		for k := range 3 {
			if _, ok, err := db.ClaimJob(ctx, []string{mission.JobSchedule}, "dying", now.Add(time.Duration(10*k+10)*time.Minute), time.Minute); err != nil || !ok {
				t.Fatalf("claim %d: %v %v", k, ok, err)
			}
		}
		if _, ok, _ := db.ClaimJob(ctx, []string{mission.JobSchedule}, "w3", now.Add(time.Hour), time.Minute); ok {
			t.Error("a job past its attempts was claimed")
		}
		got, err = db.Job(ctx, j2.ID)
		must(t, err)
		if got.Status != mission.JobFailed || got.LastError == "" {
			t.Errorf("job %s %q, want failed with an error", got.Status, got.LastError)
		}
	})
}

func TestAdjustConflicts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		db := testdb.Open(t, dsn)
		f := newFixture(t, db)
		f.accept(t, 0, 1, mission.PriorityShould)
		f.accept(t, 0, 2, mission.PriorityShould)
		f.accept(t, 3, 4, mission.PriorityShould)
		_, snap := f.run(t, mission.RunGenerate)
		slotAt := func(hm string) int {
			for k, sl := range snap.Problem.Slots {
				if sl.Start.In(f.loc).Format("15:04") == hm {
					return k
				}
			}
			t.Fatalf("no slot %s", hm)
			return -1
		}
		code := func(err error) string {
			if c, ok := err.(*b2b.Conflict); ok {
				return c.Code + ":" + c.Person + c.Table
			}
			return fmt.Sprint(err)
		}
		a0 := snap.Plan.Assign[0]
		// Meeting 1 (P0–P2) into meeting 0's slot: P0 is busy there.
		if err := snap.Move(1, a0.Slot, 1-a0.Table); code(err) != "person_busy:P0" {
			t.Errorf("move onto P0's slot: %s", code(err))
		}
		// Meeting 2 (P3–P4) onto meeting 0's slot and table: the table is taken.
		if err := snap.Move(2, a0.Slot, a0.Table); !strings.HasPrefix(code(err), "table_busy") {
			t.Errorf("move onto a taken table: %s", code(err))
		}
		// The talk's slot is forbidden.
		if err := snap.Move(2, slotAt("09:40"), 0); code(err) != "forbidden:P3" {
			t.Errorf("move into the talk: %s", code(err))
		}
		// Swap meeting 0 and 2 is fine unless they share a slot.
		if err := snap.Swap(0, 2); err != nil {
			t.Errorf("swap: %v", err)
		}
		if err := snap.Unplace(1); err != nil {
			t.Fatal(err)
		}
		if snap.Placement(1) != nil || snap.Stats().Scheduled != 2 {
			t.Errorf("unplaced meeting still placed")
		}
		// Place it back in a free slot.
		free := slotAt("10:40")
		if err := snap.Move(1, free, 0); err != nil && !strings.HasPrefix(code(err), "person_busy") && !strings.HasPrefix(code(err), "table_busy") {
			t.Errorf("move into a free slot: %v", err)
		}
		if err := schedule.Verify(&snap.Problem, &snap.Plan); err != nil {
			t.Error(err)
		}
	})
}
