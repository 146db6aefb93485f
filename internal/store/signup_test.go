package store

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"caravan/internal/mission"
)

// signupFixture is a mission with a site visit of capacity 2, a company
// visit that overlaps it, a conference everyone attends, an exhibition
// (which overlaps but does not count) and a few people.
type signupFixture struct {
	m                                *mission.Mission
	visit, company, conference, expo *mission.ProgrammeItem
	ana, ben, cai, dan, org          *mission.Person
	day                              time.Time
}

func newSignupFixture(t *testing.T, db *DB) signupFixture {
	t.Helper()
	ctx := t.Context()
	host := newOrganisation(t, db, "GAIA", mission.KindCluster, "ES")
	f := signupFixture{m: newMission(t, db, host.ID, "Sign-ups"), day: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)}
	at := func(h, m int) time.Time { return f.day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	item := func(kind, title string, from, to time.Time, capacity int, signup bool) *mission.ProgrammeItem {
		it := &mission.ProgrammeItem{MissionID: f.m.ID, Kind: kind, Title: title, StartsAt: from, EndsAt: to,
			Capacity: capacity, SignupRequired: signup}
		must(t, db.CreateProgrammeItem(ctx, it))
		return it
	}
	f.conference = item(mission.ItemConference, "SME Assembly", at(9, 0), at(11, 0), 0, false)
	f.expo = item(mission.ItemExhibition, "Exhibition", at(9, 0), at(18, 0), 0, false)
	f.visit = item(mission.ItemSiteVisit, "Bilbao AS Fabrik", at(14, 0), at(16, 0), 2, true)
	f.company = item(mission.ItemCompanyVisit, "CYBASQUE members", at(15, 0), at(17, 0), 0, true)
	f.ana = newPerson(t, db, host.ID, "Ana", "")
	f.ben = newPerson(t, db, host.ID, "Ben", "")
	f.cai = newPerson(t, db, host.ID, "Cai", "")
	f.dan = newPerson(t, db, host.ID, "Dan", "")
	f.org = newPerson(t, db, host.ID, "Olga Organiser", "")
	return f
}

func TestSignupWaitlistAndPromotion(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		f := newSignupFixture(t, db)
		now := time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)
		statuses := map[string]string{}
		for i, p := range []*mission.Person{f.ana, f.ben, f.cai, f.dan} {
			s, err := db.SignUp(ctx, f.visit.ID, p.ID, now.Add(time.Duration(i)*time.Minute))
			must(t, err)
			statuses[p.Name] = s.Status
		}
		want := map[string]string{"Ana": "confirmed", "Ben": "confirmed", "Cai": "waitlisted", "Dan": "waitlisted"}
		for name, status := range want {
			if statuses[name] != status {
				t.Errorf("%s: got %s, want %s", name, statuses[name], status)
			}
		}
		_, err := db.SignUp(ctx, f.visit.ID, f.ana.ID, now)
		wantCode(t, err, mission.ECONFLICT)
		_, err = db.SignUp(ctx, f.visit.ID, f.cai.ID, now)
		wantCode(t, err, mission.ECONFLICT)
		_, err = db.SignUp(ctx, f.conference.ID, f.ana.ID, now)
		wantCode(t, err, mission.EINVALID)
		_, err = db.SignUp(ctx, 999999, f.ana.ID, now)
		wantCode(t, err, mission.ENOTFOUND)
		_, err = db.SignUp(ctx, f.visit.ID, 999999, now)
		wantCode(t, err, mission.ENOTFOUND)

		// Cancelling a waitlisted place promotes nobody.
		promoted, err := db.CancelSignup(ctx, f.visit.ID, f.dan.ID, now)
		must(t, err)
		if promoted != nil {
			t.Errorf("got %+v promoted after a waitlisted cancellation, want none", promoted)
		}
		// Ben cancels: Cai, first on the waitlist, is confirmed.
		promoted, err = db.CancelSignup(ctx, f.visit.ID, f.ben.ID, now)
		must(t, err)
		if promoted == nil || promoted.PersonID != f.cai.ID || promoted.Status != mission.SignupConfirmed {
			t.Fatalf("got %+v promoted, want Cai confirmed", promoted)
		}
		_, err = db.CancelSignup(ctx, f.visit.ID, f.ben.ID, now)
		wantCode(t, err, mission.ENOTFOUND)

		// Ben comes back at the end of the queue; Dan too, after him.
		s, err := db.SignUp(ctx, f.visit.ID, f.ben.ID, now)
		must(t, err)
		if s.Status != mission.SignupWaitlisted {
			t.Errorf("Ben back: got %s, want waitlisted", s.Status)
		}
		{
			_, err := db.SignUp(ctx, f.visit.ID, f.dan.ID, now)
			must(t, err)
		}
		list, err := db.Signups(ctx, f.visit.ID)
		must(t, err)
		var got []string
		for _, s := range list {
			got = append(got, s.PersonName+":"+s.Status)
		}
		if want := "Ana:confirmed Cai:confirmed Ben:waitlisted Dan:waitlisted"; strings.Join(got, " ") != want {
			t.Errorf("got %s, want %s", strings.Join(got, " "), want)
		}

		// An organiser places Dan by hand although the visit is full.
		placed, err := db.PlaceSignup(ctx, f.visit.ID, f.dan.ID, f.org.ID, now)
		must(t, err)
		if placed.Status != mission.SignupConfirmed || placed.PlacedBy != f.org.ID {
			t.Errorf("got %+v, want Dan confirmed, placed by the organiser", placed)
		}
		confirmed, waitlisted, err := db.SignupCounts(ctx, f.m.ID)
		must(t, err)
		if confirmed[f.visit.ID] != 3 || waitlisted[f.visit.ID] != 1 {
			t.Errorf("got %d confirmed, %d waitlisted, want 3 and 1", confirmed[f.visit.ID], waitlisted[f.visit.ID])
		}
		// Over capacity, a cancellation frees no seat: Ben stays waitlisted.
		promoted, err = db.CancelSignup(ctx, f.visit.ID, f.ana.ID, now)
		must(t, err)
		if promoted != nil {
			t.Errorf("got %+v promoted with the visit still full, want none", promoted)
		}
		promoted, err = db.CancelSignup(ctx, f.visit.ID, f.cai.ID, now)
		must(t, err)
		if promoted == nil || promoted.PersonID != f.ben.ID {
			t.Errorf("got %+v promoted, want Ben", promoted)
		}
		mine, err := db.PersonSignups(ctx, f.m.ID, f.ben.ID)
		must(t, err)
		if mine[f.visit.ID] == nil || mine[f.visit.ID].Status != mission.SignupConfirmed || len(mine) != 1 {
			t.Errorf("got %v, want Ben confirmed on the visit only", mine)
		}
	})
}

func TestSignupOverlapRefused(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		f := newSignupFixture(t, db)
		now := time.Now()
		{
			_, err := db.SignUp(ctx, f.visit.ID, f.ana.ID, now)
			must(t, err)
		}
		_, err := db.SignUp(ctx, f.company.ID, f.ana.ID, now)
		wantCode(t, err, mission.ECONFLICT)
		if err == nil || !strings.Contains(err.Error(), "Bilbao AS Fabrik") {
			t.Errorf("got %v, want the conflicting item named", err)
		}
		// A waitlisted place counts too; a cancelled one does not.
		{
			_, err := db.CancelSignup(ctx, f.visit.ID, f.ana.ID, now)
			must(t, err)
		}
		{
			_, err := db.SignUp(ctx, f.company.ID, f.ana.ID, now)
			must(t, err)
		}
		_, err = db.PlaceSignup(ctx, f.visit.ID, f.ana.ID, f.org.ID, now)
		wantCode(t, err, mission.ECONFLICT)

		// An item everyone attends blocks a sign-up; an exhibition does not.
		early := &mission.ProgrammeItem{MissionID: f.m.ID, Kind: mission.ItemSiteVisit, Title: "Early visit",
			StartsAt: f.day.Add(10 * time.Hour), EndsAt: f.day.Add(12 * time.Hour), SignupRequired: true}
		must(t, db.CreateProgrammeItem(ctx, early))
		_, err = db.SignUp(ctx, early.ID, f.ben.ID, now)
		wantCode(t, err, mission.ECONFLICT)
		if err == nil || !strings.Contains(err.Error(), "SME Assembly") {
			t.Errorf("got %v, want SME Assembly named", err)
		}
		// Touching ends do not overlap: 11:00–12:00 after the conference.
		late := &mission.ProgrammeItem{MissionID: f.m.ID, Kind: mission.ItemCompanyVisit, Title: "Late visit",
			StartsAt: f.day.Add(11 * time.Hour), EndsAt: f.day.Add(12 * time.Hour), SignupRequired: true}
		must(t, db.CreateProgrammeItem(ctx, late))
		{
			_, err := db.SignUp(ctx, late.ID, f.ben.ID, now)
			must(t, err)
		}
	})
}

// TestSignupLastSeatRace has many people race for the last seat of an item:
// exactly one is confirmed, the others waitlisted.
func TestSignupLastSeatRace(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		f := newSignupFixture(t, db)
		if _, err := db.SignUp(ctx, f.visit.ID, f.org.ID, time.Now()); err != nil { // one of the two seats is taken
			t.Fatal(err)
		}
		const n = 12
		var people []*mission.Person
		for i := range n {
			people = append(people, newPerson(t, db, f.m.HostOrganisationID, fmt.Sprintf("Racer %d", i), ""))
		}
		var wg sync.WaitGroup
		results := make([]string, n)
		errs := make([]error, n)
		start := make(chan struct{})
		for i, p := range people {
			wg.Go(func() {
				<-start
				s, err := db.SignUp(ctx, f.visit.ID, p.ID, time.Now())
				if err != nil {
					errs[i] = err
					return
				}
				results[i] = s.Status
			})
		}
		close(start)
		wg.Wait()
		confirmed := 0
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("racer %d: %v", i, errs[i])
			}
			if results[i] == mission.SignupConfirmed {
				confirmed++
			}
		}
		if confirmed != 1 {
			t.Errorf("got %d racers confirmed, want exactly 1", confirmed)
		}
		list, err := db.Signups(ctx, f.visit.ID)
		must(t, err)
		stored := map[string]int{}
		positions := map[int]bool{}
		for _, s := range list {
			stored[s.Status]++
			positions[s.Position] = true
		}
		if stored[mission.SignupConfirmed] != 2 || stored[mission.SignupWaitlisted] != n-1 {
			t.Errorf("stored %v, want 2 confirmed and %d waitlisted", stored, n-1)
		}
		if len(positions) != n+1 {
			t.Errorf("got %d distinct positions, want %d", len(positions), n+1)
		}

		// Concurrent cancellations of the two confirmed promote exactly two.
		var promotedMu sync.Mutex
		promoted := 0
		var wg2 sync.WaitGroup
		for _, pid := range []int64{f.org.ID, confirmedRacer(t, list, f.org.ID)} {
			wg2.Go(func() {
				p, err := db.CancelSignup(ctx, f.visit.ID, pid, time.Now())
				if err != nil {
					t.Errorf("cancel: %v", err)
					return
				}
				if p != nil {
					promotedMu.Lock()
					promoted++
					promotedMu.Unlock()
				}
			})
		}
		wg2.Wait()
		confirmedNow, _, err := db.SignupCounts(ctx, f.m.ID)
		must(t, err)
		if promoted != 2 || confirmedNow[f.visit.ID] != 2 {
			t.Errorf("got %d promoted and %d confirmed, want 2 and 2", promoted, confirmedNow[f.visit.ID])
		}
	})
}

func confirmedRacer(t *testing.T, list []*mission.Signup, except int64) int64 {
	t.Helper()
	for _, s := range list {
		if s.Status == mission.SignupConfirmed && s.PersonID != except {
			return s.PersonID
		}
	}
	t.Fatal("no confirmed racer")
	return 0
}

func TestCalendarFeed(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		f := newSignupFixture(t, db)
		now := time.Now()
		if ok, err := db.HasCalendarFeed(ctx, f.ana.ID); err != nil || ok {
			t.Fatalf("got %v, %v, want no feed", ok, err)
		}
		must(t, db.SetCalendarFeed(ctx, f.ana.ID, "hash-1", now))
		id, _, err := db.CalendarFeed(ctx, "hash-1")
		must(t, err)
		if id != f.ana.ID {
			t.Errorf("got person %d, want %d", id, f.ana.ID)
		}
		must(t, db.SetCalendarFeed(ctx, f.ana.ID, "hash-2", now))
		_, _, err = db.CalendarFeed(ctx, "hash-1")
		wantCode(t, err, mission.ENOTFOUND)
		must(t, db.DeleteCalendarFeed(ctx, f.ana.ID))
		_, _, err = db.CalendarFeed(ctx, "hash-2")
		wantCode(t, err, mission.ENOTFOUND)
		wantCode(t, db.SetCalendarFeed(ctx, 999999, "hash-3", now), mission.EINVALID)
	})
}
