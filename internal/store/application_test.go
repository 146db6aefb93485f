package store

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"caravan/internal/mission"
)

func TestApplications(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		host := newOrganisation(t, db, "GAIA", mission.KindCluster, "ES")
		sme := newOrganisation(t, db, "Acme Sensors", mission.KindSME, "DE")
		m := newMission(t, db, host.ID, "Applications")
		other := newMission(t, db, host.ID, "Other")
		ana := newPerson(t, db, sme.ID, "Ana Applicant", "ana@example.org")
		ben := newPerson(t, db, sme.ID, "Ben Applicant", "ben@example.org")
		org := newPerson(t, db, host.ID, "Olga Organiser", "olga@example.es")

		a := &mission.Application{MissionID: m.ID, PersonID: ana.ID, Motivation: "Robotics partners", Score: 72.5}
		must(t, db.CreateApplication(ctx, a))
		if a.Status != mission.AppDraft || a.ID == 0 {
			t.Fatalf("got %+v, want a draft with an id", a)
		}
		wantCode(t, db.CreateApplication(ctx, &mission.Application{MissionID: m.ID, PersonID: ana.ID}), mission.ECONFLICT)
		wantCode(t, db.CreateApplication(ctx, &mission.Application{MissionID: m.ID, PersonID: 9999}), mission.EINVALID)
		wantCode(t, db.CreateApplication(ctx, &mission.Application{MissionID: m.ID, PersonID: ben.ID, Status: "maybe"}), mission.EINVALID)
		b := &mission.Application{MissionID: m.ID, PersonID: ben.ID}
		must(t, db.CreateApplication(ctx, b))
		c := &mission.Application{MissionID: other.ID, PersonID: ana.ID}
		must(t, db.CreateApplication(ctx, c))

		got, err := db.Application(ctx, a.ID)
		must(t, err)
		if got.Motivation != a.Motivation || got.Score != 72.5 || got.Person == nil || got.Person.Name != "Ana Applicant" ||
			got.Person.Organisation == nil || got.Person.Organisation.Name != "Acme Sensors" || !got.SubmittedAt.IsZero() {
			t.Errorf("got %+v, want the application with its person", got)
		}
		_, err = db.Application(ctx, 9999)
		wantCode(t, err, mission.ENOTFOUND)

		// Transitions.
		t0 := time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)
		steps := []struct {
			to     string
			by     int64
			reason string
		}{
			{mission.AppSubmitted, ana.ID, ""},
			{mission.AppEligible, 0, "Meets the rules."},
			{mission.AppAccepted, org.ID, "Fits the themes."},
		}
		for i, s := range steps {
			got, err := db.TransitionApplication(ctx, a.ID, s.to, s.by, s.reason, t0.Add(time.Duration(i)*time.Hour))
			must(t, err)
			if got.Status != s.to {
				t.Fatalf("got status %s, want %s", got.Status, s.to)
			}
		}
		got, err = db.Application(ctx, a.ID)
		must(t, err)
		if got.Status != mission.AppAccepted || got.SubmittedAt != t0 || got.UpdatedAt != t0.Add(2*time.Hour) {
			t.Errorf("got status %s submitted %v updated %v, want accepted, %v, %v", got.Status, got.SubmittedAt, got.UpdatedAt, t0, t0.Add(2*time.Hour))
		}
		trs, err := db.ApplicationTransitions(ctx, a.ID)
		must(t, err)
		if len(trs) != 3 {
			t.Fatalf("got %d transitions, want 3", len(trs))
		}
		want := mission.ApplicationTransition{ID: trs[1].ID, ApplicationID: a.ID, From: mission.AppSubmitted, To: mission.AppEligible,
			ByPersonID: 0, Reason: "Meets the rules.", At: t0.Add(time.Hour)}
		if *trs[1] != want || trs[0].From != mission.AppDraft || trs[0].ByPersonID != ana.ID || trs[2].ByPersonID != org.ID {
			t.Errorf("got transitions %+v %+v %+v, want draft→submitted by Ana, %+v, eligible→accepted by Olga", *trs[0], *trs[1], *trs[2], want)
		}

		// A move the lifecycle does not allow.
		_, err = db.TransitionApplication(ctx, a.ID, mission.AppDraft, org.ID, "", t0)
		wantCode(t, err, mission.ECONFLICT)
		if msg := mission.ErrorMessage(err); !strings.Contains(msg, "accepted") || !strings.Contains(msg, "draft") {
			t.Errorf("got message %q, want both statuses named", msg)
		}
		_, err = db.TransitionApplication(ctx, a.ID, "promoted", org.ID, "", t0)
		wantCode(t, err, mission.EINVALID)
		_, err = db.TransitionApplication(ctx, 9999, mission.AppSubmitted, org.ID, "", t0)
		wantCode(t, err, mission.ENOTFOUND)
		_, err = db.TransitionApplication(ctx, b.ID, mission.AppSubmitted, 9999, "", t0)
		wantCode(t, err, mission.EINVALID)
		if trs, _ := db.ApplicationTransitions(ctx, b.ID); len(trs) != 0 {
			t.Errorf("got %d transitions after a failed one, want 0", len(trs))
		}
		if got, _ := db.Application(ctx, b.ID); got.Status != mission.AppDraft {
			t.Errorf("got status %s after a failed transition, want draft", got.Status)
		}
		_, err = db.ApplicationTransitions(ctx, 9999)
		wantCode(t, err, mission.ENOTFOUND)

		// Filters.
		for _, tt := range []struct {
			f    mission.ApplicationFilter
			want []int64
		}{
			{mission.ApplicationFilter{}, []int64{a.ID, b.ID, c.ID}},
			{mission.ApplicationFilter{MissionID: m.ID}, []int64{a.ID, b.ID}},
			{mission.ApplicationFilter{PersonID: ana.ID}, []int64{a.ID, c.ID}},
			{mission.ApplicationFilter{MissionID: m.ID, Status: mission.AppDraft}, []int64{b.ID}},
			{mission.ApplicationFilter{Limit: 1, After: a.ID}, []int64{b.ID}},
		} {
			list, err := db.Applications(ctx, tt.f)
			must(t, err)
			var ids []int64
			for _, a := range list {
				ids = append(ids, a.ID)
				if a.Person == nil || a.Person.ID != a.PersonID {
					t.Errorf("got application %d without its person", a.ID)
				}
			}
			if !slices.Equal(ids, tt.want) {
				t.Errorf("filter %+v: got %v, want %v", tt.f, ids, tt.want)
			}
		}
		counts, err := db.MissionCounts(ctx, m.ID)
		must(t, err)
		if counts.Applications != 2 {
			t.Errorf("got %d applications counted, want 2", counts.Applications)
		}
	})
}

// TestTransitionRace moves one waitlisted application to accepted and to
// rejected from six goroutines at once, many times. Neither status may follow
// the other, nor itself, so exactly one move must win each time, with
// exactly one transition recorded for it.
func TestTransitionRace(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		host := newOrganisation(t, db, "GAIA", mission.KindCluster, "ES")
		m := newMission(t, db, host.ID, "Race")
		at := time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)
		for i := range 10 {
			p := newPerson(t, db, host.ID, "Racer", "")
			a := &mission.Application{MissionID: m.ID, PersonID: p.ID}
			must(t, db.CreateApplication(ctx, a))
			for _, to := range []string{mission.AppSubmitted, mission.AppEligible, mission.AppWaitlisted} {
				_, err := db.TransitionApplication(ctx, a.ID, to, 0, "", at)
				must(t, err)
			}
			targets := []string{mission.AppAccepted, mission.AppRejected, mission.AppAccepted, mission.AppRejected, mission.AppAccepted, mission.AppRejected}
			errs := make([]error, len(targets))
			var wg sync.WaitGroup
			for j, to := range targets {
				wg.Go(func() {
					_, errs[j] = db.TransitionApplication(ctx, a.ID, to, 0, "race", at.Add(time.Hour))
				})
			}
			wg.Wait()
			winner := ""
			for j, err := range errs {
				switch {
				case err == nil && winner != "":
					t.Fatalf("round %d: both %s and %s won", i, winner, targets[j])
				case err == nil:
					winner = targets[j]
				case mission.ErrorCode(err) != mission.ECONFLICT:
					t.Fatalf("round %d: got %v, want a conflict", i, err)
				}
			}
			got, err := db.Application(ctx, a.ID)
			must(t, err)
			trs, err := db.ApplicationTransitions(ctx, a.ID)
			must(t, err)
			if winner == "" || got.Status != winner || len(trs) != 4 || trs[3].To != winner {
				t.Fatalf("round %d: got winner %q, status %s and %d transitions, want one winner, its status and 4 transitions", i, winner, got.Status, len(trs))
			}
		}
	})
}
