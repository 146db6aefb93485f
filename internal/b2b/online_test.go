package b2b_test

import (
	"regexp"
	"slices"
	"testing"
	"time"

	"caravan/internal/b2b"
	"caravan/internal/mission"
	"caravan/internal/testdb"
)

// TestBoothsAndOnline: a table reserved for P5 holds only P5's meetings and
// all of them; P4 attends online, so P4's meetings use no table and get an
// unguessable video link on the mission's address, which they keep when
// published again; manual moves onto someone else's booth or out of the
// online room are refused.
func TestBoothsAndOnline(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		db := testdb.Open(t, dsn)
		ctx := t.Context()
		f := newFixture(t, db)
		sess := &mission.B2BSession{Item: &mission.ProgrammeItem{ID: f.session.ID, SlotMinutes: 20, Tables: 2},
			Tables: []mission.B2BTable{{Number: 1, Name: "Hall"}, {Number: 2, Name: "Booth P5", PinnedPersonID: f.people[5].ID}}}
		must(t, db.SaveB2BSession(ctx, sess))
		must(t, db.SaveB2BSettings(ctx, &mission.B2BSettings{MissionID: f.m.ID, VideoBaseURL: "https://video.example.org/rooms",
			TimeLimitSeconds: 5, Fairness: 2, Online: []int64{f.people[4].ID}}))
		f.accept(t, 0, 5, mission.PriorityMust)
		f.accept(t, 1, 5, mission.PriorityMust)
		f.accept(t, 0, 1, mission.PriorityShould)
		f.accept(t, 2, 4, mission.PriorityShould)
		f.accept(t, 3, 4, mission.PriorityShould)
		run, snap := f.run(t, mission.RunGenerate)
		if got := snap.Stats().Scheduled; got != 5 {
			t.Fatalf("placed %d of 5", got)
		}
		for k, m := range snap.Problem.Meetings {
			pl := snap.Placement(k)
			has := func(i int) bool { return slices.Contains(m.Participants, i) }
			p4 := -1
			for i, person := range snap.People {
				if person.ID == f.people[4].ID {
					p4 = i
				}
			}
			switch {
			case has(p4) && !pl.Online:
				t.Errorf("meeting %s of the online person at table %q", m.Name, pl.Table)
			case !has(p4) && pl.Online:
				t.Errorf("meeting %s online", m.Name)
			case pl.Table == "Booth P5" && !containsName(snap, m.Participants, "P5"):
				t.Errorf("meeting %s at P5's booth", m.Name)
			case containsName(snap, m.Participants, "P5") && pl.Table != "Booth P5":
				t.Errorf("P5's meeting %s at %q, not at the booth", m.Name, pl.Table)
			}
		}
		// Moves: P0–P1 onto the booth, P2–P4 onto the hall table.
		booth, hall := -1, -1
		for i, tb := range snap.Problem.Tables {
			switch tb.Name {
			case "Booth P5":
				booth = i
			case "Hall":
				hall = i
			}
		}
		free := -1
		for s := range snap.Problem.Slots {
			if !slices.Contains(snap.Problem.Participants[0].Forbidden, s) {
				free = s
			}
		}
		if err, ok := snap.Move(2, free, booth).(*b2b.Conflict); !ok || err.Code != "pinned" || err.Person != "P5" {
			t.Errorf("move onto P5's booth: %v", snap.Move(2, free, booth))
		}
		if err, ok := snap.Move(3, free, hall).(*b2b.Conflict); !ok || err.Code != "online" || err.Person != "P4" {
			t.Errorf("move of an online meeting to a table: %v", snap.Move(3, free, hall))
		}
		if err, ok := snap.Move(0, free, hall).(*b2b.Conflict); !ok || err.Code != "booth" {
			t.Errorf("move of P5's meeting off the booth: %v", snap.Move(0, free, hall))
		}

		_, err := b2b.Publish(ctx, db, run, run.Version, 0, time.Now(), mailer)
		must(t, err)
		ms, err := db.Meetings(ctx, f.m.ID)
		must(t, err)
		link := regexp.MustCompile(`^https://video\.example\.org/rooms/caravan-[a-z2-7]{26}$`)
		links := map[int64]string{}
		for _, m := range ms {
			if slices.Contains(m.PersonIDs, f.people[4].ID) {
				if !m.Online || m.Table != "" || !link.MatchString(m.VideoURL) {
					t.Errorf("online meeting: online %v table %q link %q", m.Online, m.Table, m.VideoURL)
				}
				links[m.ID] = m.VideoURL
			} else if m.Online || m.VideoURL != "" {
				t.Errorf("meeting %d online without an online person", m.ID)
			}
		}
		distinct := map[string]bool{}
		for _, l := range links {
			distinct[l] = true
		}
		if len(links) != 2 || len(distinct) != 2 {
			t.Errorf("online links %v, want two different ones", links)
		}
		// Published again (a repair that changes nothing), links stay.
		run2, _ := f.run(t, mission.RunRepair)
		_, err = b2b.Publish(ctx, db, run2, run2.Version, 0, time.Now(), mailer)
		must(t, err)
		ms, err = db.Meetings(ctx, f.m.ID)
		must(t, err)
		for _, m := range ms {
			if l, ok := links[m.ID]; ok && m.VideoURL != l {
				t.Errorf("meeting %d's link changed from %q to %q", m.ID, l, m.VideoURL)
			}
		}
	})
}

func containsName(s *b2b.Snapshot, participants []int, name string) bool {
	for _, i := range participants {
		if s.People[i].Name == name {
			return true
		}
	}
	return false
}

// TestNothingToSchedule: a mission without accepted requests gets an empty
// preview, not a failed job.
func TestNothingToSchedule(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, testdb.Open(t, dsn))
		_, snap := f.run(t, mission.RunGenerate)
		if len(snap.Problem.Meetings) != 0 || len(snap.Problem.Slots) != 5 {
			t.Errorf("got %d meetings, %d slots; want 0 and 5", len(snap.Problem.Meetings), len(snap.Problem.Slots))
		}
	})
}
