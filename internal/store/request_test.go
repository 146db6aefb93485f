package store

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"caravan/internal/mission"
)

// testRequestMail renders a plain e-mail naming the request's status, so a
// test can tell which message went to whom.
func testRequestMail(r *mission.MeetingRequest, m *mission.Mission, to *mission.Person, lang string) (*mission.Email, error) {
	return &mission.Email{ToAddress: to.Email, ToName: to.Name, Language: lang,
		Subject:  fmt.Sprintf("%s: request %d %s", m.Title, r.ID, r.Status),
		TextBody: r.Message}, nil
}

type requestFixture struct {
	m                     *mission.Mission
	ana, ben, cai, viewer *mission.Person
}

func newRequestFixture(t *testing.T, db *DB) requestFixture {
	t.Helper()
	host := newOrganisation(t, db, "GAIA", mission.KindCluster, "ES")
	f := requestFixture{m: newMission(t, db, host.ID, "Requests")}
	f.ana = newPerson(t, db, host.ID, "Ana", "ana@example.es")
	f.ben = newPerson(t, db, host.ID, "Ben", "ben@example.es")
	f.cai = newPerson(t, db, host.ID, "Cai", "cai@example.es")
	f.viewer = newPerson(t, db, host.ID, "Vera", "vera@example.es")
	for p, role := range map[*mission.Person]string{f.ana: mission.RoleParticipant, f.ben: mission.RoleLocal,
		f.cai: mission.RoleHost, f.viewer: mission.RoleViewer} {
		must(t, db.AddMissionMember(t.Context(), mission.MissionMember{MissionID: f.m.ID, PersonID: p.ID, Role: role}))
	}
	return f
}

func outboxSubjects(t *testing.T, db *DB) map[string]string {
	t.Helper()
	list, err := db.Emails(t.Context(), mission.EmailFilter{})
	must(t, err)
	got := map[string]string{}
	for _, e := range list {
		got[e.Subject] = e.ToAddress
	}
	return got
}

func TestMeetingRequestStates(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		f := newRequestFixture(t, db)
		now := time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)
		send := func(from, to *mission.Person, priority string) (*mission.MeetingRequest, error) {
			r := &mission.MeetingRequest{MissionID: f.m.ID, FromPersonID: from.ID, ToPersonID: to.ID, Message: "Hello " + to.Name, Priority: priority}
			return r, db.SendMeetingRequest(ctx, r, now, testRequestMail)
		}
		ab, err := send(f.ana, f.ben, mission.PriorityMust)
		must(t, err)
		ac, err := send(f.ana, f.cai, "")
		must(t, err)
		if ac.Priority != mission.PriorityShould || ac.Status != mission.RequestPending {
			t.Errorf("got %s/%s, want should/pending", ac.Priority, ac.Status)
		}
		_, err = send(f.ana, f.ben, mission.PriorityCould)
		wantCode(t, err, mission.ECONFLICT)
		_, err = send(f.ana, f.viewer, mission.PriorityCould)
		wantCode(t, err, mission.EFORBIDDEN)
		_, err = send(f.viewer, f.ana, mission.PriorityCould)
		wantCode(t, err, mission.EFORBIDDEN)
		_, err = send(f.ana, f.ana, mission.PriorityCould)
		wantCode(t, err, mission.EINVALID)

		// Only the recipient answers, once.
		_, err = db.AnswerMeetingRequest(ctx, ab.ID, f.ana.ID, true, "", now, testRequestMail)
		wantCode(t, err, mission.EFORBIDDEN)
		got, err := db.AnswerMeetingRequest(ctx, ab.ID, f.ben.ID, true, "ignored", now.Add(time.Hour), testRequestMail)
		must(t, err)
		if got.Status != mission.RequestAccepted || got.Reason != "" || !got.AnsweredAt.Equal(now.Add(time.Hour)) {
			t.Errorf("got %+v, want accepted at %v without reason", got, now.Add(time.Hour))
		}
		_, err = db.AnswerMeetingRequest(ctx, ab.ID, f.ben.ID, false, "", now, testRequestMail)
		wantCode(t, err, mission.ECONFLICT)
		_, err = db.AnswerMeetingRequest(ctx, 9999, f.ben.ID, false, "", now, testRequestMail)
		wantCode(t, err, mission.ENOTFOUND)

		got, err = db.AnswerMeetingRequest(ctx, ac.ID, f.cai.ID, false, "Fully booked", now, testRequestMail)
		must(t, err)
		if got.Status != mission.RequestDeclined || got.Reason != "Fully booked" {
			t.Errorf("got %+v, want declined with the reason", got)
		}

		// Cancel: only the sender, only while pending; a cancelled request may be sent again.
		bc, err := send(f.ben, f.cai, mission.PriorityCould)
		must(t, err)
		_, err = db.CancelMeetingRequest(ctx, bc.ID, f.cai.ID, now)
		wantCode(t, err, mission.EFORBIDDEN)
		got, err = db.CancelMeetingRequest(ctx, bc.ID, f.ben.ID, now)
		must(t, err)
		if got.Status != mission.RequestCancelled {
			t.Errorf("got %s, want cancelled", got.Status)
		}
		_, err = db.CancelMeetingRequest(ctx, bc.ID, f.ben.ID, now)
		wantCode(t, err, mission.ECONFLICT)
		_, err = db.CancelMeetingRequest(ctx, ab.ID, f.ana.ID, now)
		wantCode(t, err, mission.ECONFLICT)
		if _, err := send(f.ben, f.cai, mission.PriorityMust); err != nil {
			t.Errorf("sending again after a cancel: %v", err)
		}

		// E-mail: each new request to its recipient, each answer to its sender.
		subjects := outboxSubjects(t, db)
		want := map[string]string{
			fmt.Sprintf("Requests: request %d pending", ab.ID):  "ben@example.es",
			fmt.Sprintf("Requests: request %d accepted", ab.ID): "ana@example.es",
			fmt.Sprintf("Requests: request %d declined", ac.ID): "ana@example.es",
		}
		for subject, to := range want {
			if subjects[subject] != to {
				t.Errorf("e-mail %q went to %q, want %q", subject, subjects[subject], to)
			}
		}
		emails, err := db.Emails(ctx, mission.EmailFilter{})
		must(t, err)
		if len(emails) != 6 {
			t.Errorf("got %d e-mails (%v), want 6: four requests and two answers", len(emails), subjects)
		}

		list, err := db.MeetingRequests(ctx, f.m.ID, f.viewer.ID)
		must(t, err)
		if len(list) != 0 {
			t.Errorf("got %d requests of the viewer, want 0", len(list))
		}
	})
}

func TestMeetingRequestLimitAndExpiry(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		f := newRequestFixture(t, db)
		now := time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)
		deadline := now.Add(48 * time.Hour)
		must(t, db.SetMatchmaking(ctx, &mission.Matchmaking{MissionID: f.m.ID, RequestDeadline: deadline, MaxRequests: 1}))
		mm, err := db.Matchmaking(ctx, f.m.ID)
		must(t, err)
		if !mm.RequestDeadline.Equal(deadline) || mm.MaxRequests != 1 {
			t.Errorf("got %+v, want the deadline %v and limit 1", mm, deadline)
		}
		wantCode(t, db.SetMatchmaking(ctx, &mission.Matchmaking{MissionID: f.m.ID, MaxRequests: -1}), mission.EINVALID)

		// Two concurrent sends from Ana under a limit of one: exactly one wins.
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, to := range []*mission.Person{f.ben, f.cai} {
			wg.Go(func() {
				errs[i] = db.SendMeetingRequest(ctx, &mission.MeetingRequest{MissionID: f.m.ID, FromPersonID: f.ana.ID, ToPersonID: to.ID}, now, nil)
			})
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			if err == nil {
				won++
			} else {
				wantCode(t, err, mission.ECONFLICT)
			}
		}
		if won != 1 {
			t.Fatalf("got %d sends accepted under a limit of one, want 1 (%v)", won, errs)
		}
		bc := &mission.MeetingRequest{MissionID: f.m.ID, FromPersonID: f.ben.ID, ToPersonID: f.cai.ID}
		must(t, db.SendMeetingRequest(ctx, bc, now, nil))
		cb := &mission.MeetingRequest{MissionID: f.m.ID, FromPersonID: f.cai.ID, ToPersonID: f.ben.ID}
		must(t, db.SendMeetingRequest(ctx, cb, now, nil))
		if _, err := db.AnswerMeetingRequest(ctx, cb.ID, f.ben.ID, true, "", now, nil); err != nil {
			t.Fatal(err)
		}

		// Before the deadline nothing expires; at it, pending requests do, once.
		n, err := db.ExpireMeetingRequests(ctx, deadline.Add(-time.Second))
		must(t, err)
		if n != 0 {
			t.Errorf("expired %d before the deadline, want 0", n)
		}
		// Past the deadline an answer is refused even before the expiry has run.
		_, err = db.AnswerMeetingRequest(ctx, bc.ID, f.cai.ID, true, "", deadline, nil)
		wantCode(t, err, mission.ECONFLICT)
		err = db.SendMeetingRequest(ctx, &mission.MeetingRequest{MissionID: f.m.ID, FromPersonID: f.cai.ID, ToPersonID: f.ana.ID}, deadline, nil)
		wantCode(t, err, mission.ECONFLICT)
		for i, want := range []int{2, 0} {
			n, err := db.ExpireMeetingRequests(ctx, deadline)
			must(t, err)
			if n != want {
				t.Errorf("run %d: expired %d, want %d", i+1, n, want)
			}
		}
		list, err := db.MeetingRequests(ctx, f.m.ID, 0)
		must(t, err)
		statuses := map[int64]string{}
		for _, r := range list {
			statuses[r.ID] = r.Status
		}
		if statuses[bc.ID] != mission.RequestExpired || statuses[cb.ID] != mission.RequestAccepted {
			t.Errorf("got %v, want request %d expired and %d accepted", statuses, bc.ID, cb.ID)
		}
	})
}

func TestAvailability(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		f := newSignupFixture(t, db)
		at := func(h, m int) time.Time { return f.day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
		b2b := func(from, to time.Time) {
			must(t, db.CreateProgrammeItem(ctx, &mission.ProgrammeItem{MissionID: f.m.ID, Kind: mission.ItemB2BSession,
				Title: "B2B", StartsAt: from, EndsAt: to, SlotMinutes: 30, Tables: 10}))
		}
		// Conference 9–11 everyone attends; exhibition 9–18 does not block; visit 14–16 by sign-up.
		b2b(at(10, 0), at(13, 0))
		b2b(at(14, 0), at(18, 0))
		b2b(at(12, 30), at(13, 30))
		day2 := f.day.Add(24 * time.Hour)
		b2b(day2.Add(9*time.Hour), day2.Add(12*time.Hour))

		iv := func(start, end time.Time) mission.Interval { return mission.Interval{Start: start, End: end} }
		check := func(name string, want []mission.Interval) {
			t.Helper()
			got, err := db.Availability(ctx, f.m.ID, f.ana.ID)
			must(t, err)
			if len(got) != len(want) {
				t.Fatalf("%s: got %v, want %v", name, got, want)
			}
			for i := range want {
				if !got[i].Start.Equal(want[i].Start) || !got[i].End.Equal(want[i].End) {
					t.Errorf("%s: interval %d: got %v–%v, want %v–%v", name, i, got[i].Start, got[i].End, want[i].Start, want[i].End)
				}
			}
		}
		check("programme only", []mission.Interval{iv(at(11, 0), at(13, 30)), iv(at(14, 0), at(18, 0)), iv(day2.Add(9*time.Hour), day2.Add(12*time.Hour))})

		_, err := db.SignUp(ctx, f.visit.ID, f.ana.ID, at(8, 0))
		must(t, err)
		check("signed up to the visit", []mission.Interval{iv(at(11, 0), at(13, 30)), iv(at(16, 0), at(18, 0)), iv(day2.Add(9*time.Hour), day2.Add(12*time.Hour))})

		must(t, db.SaveLogistics(ctx, &mission.Logistics{MissionID: f.m.ID, PersonID: f.ana.ID, ArrivalAt: at(12, 0), DepartureAt: day2.Add(10 * time.Hour)}))
		check("arrival and departure", []mission.Interval{iv(at(12, 0), at(13, 30)), iv(at(16, 0), at(18, 0)), iv(day2.Add(9*time.Hour), day2.Add(10*time.Hour))})

		block := &mission.AvailabilityBlock{MissionID: f.m.ID, PersonID: f.ana.ID, StartsAt: at(16, 30), EndsAt: at(17, 0), Note: "Call home"}
		must(t, db.AddAvailabilityBlock(ctx, block))
		wantCode(t, db.AddAvailabilityBlock(ctx, &mission.AvailabilityBlock{MissionID: f.m.ID, PersonID: f.ana.ID, StartsAt: at(17, 0), EndsAt: at(16, 0)}), mission.EINVALID)
		check("own block", []mission.Interval{iv(at(12, 0), at(13, 30)), iv(at(16, 0), at(16, 30)), iv(at(17, 0), at(18, 0)), iv(day2.Add(9*time.Hour), day2.Add(10*time.Hour))})

		wantCode(t, db.DeleteAvailabilityBlock(ctx, block.ID, f.ben.ID), mission.ENOTFOUND)
		must(t, db.DeleteAvailabilityBlock(ctx, block.ID, f.ana.ID))
		check("block removed", []mission.Interval{iv(at(12, 0), at(13, 30)), iv(at(16, 0), at(18, 0)), iv(day2.Add(9*time.Hour), day2.Add(10*time.Hour))})
	})
}
