package store

import (
	cryptoRand "crypto/rand"
	"errors"
	"regexp"
	"sync"
	"testing"
	"time"

	"caravan/internal/mission"
)

// checkinFixture is two missions: ana and ben take part in the first
// (participant and local), vic only views it, and cai takes part in the
// second; the first has a B2B session, the second a conference.
type checkinFixture struct {
	m, other           *mission.Mission
	session, otherItem *mission.ProgrammeItem
	ana, ben, vic, cai *mission.Person
	org                *mission.Person
}

func newCheckinFixture(t *testing.T, db *DB) checkinFixture {
	t.Helper()
	ctx := t.Context()
	host := newOrganisation(t, db, "GAIA", mission.KindCluster, "ES")
	f := checkinFixture{m: newMission(t, db, host.ID, "On site"), other: newMission(t, db, host.ID, "Elsewhere")}
	start := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	f.session = &mission.ProgrammeItem{MissionID: f.m.ID, Kind: mission.ItemB2BSession, Title: "B2B", StartsAt: start,
		EndsAt: start.Add(3 * time.Hour), SlotMinutes: 20, Tables: 4}
	must(t, db.CreateProgrammeItem(ctx, f.session))
	f.otherItem = &mission.ProgrammeItem{MissionID: f.other.ID, Kind: mission.ItemConference, Title: "Conference",
		StartsAt: start, EndsAt: start.Add(time.Hour)}
	must(t, db.CreateProgrammeItem(ctx, f.otherItem))
	f.ana = newPerson(t, db, host.ID, "Ana", "")
	f.ben = newPerson(t, db, host.ID, "Ben", "")
	f.vic = newPerson(t, db, host.ID, "Vic", "")
	f.cai = newPerson(t, db, host.ID, "Cai", "")
	f.org = newPerson(t, db, host.ID, "Olga", "")
	for _, mm := range []mission.MissionMember{
		{MissionID: f.m.ID, PersonID: f.ana.ID, Role: mission.RoleParticipant},
		{MissionID: f.m.ID, PersonID: f.ben.ID, Role: mission.RoleLocal},
		{MissionID: f.m.ID, PersonID: f.vic.ID, Role: mission.RoleViewer},
		{MissionID: f.other.ID, PersonID: f.cai.ID, Role: mission.RoleParticipant},
	} {
		must(t, db.AddMissionMember(ctx, mm))
	}
	return f
}

var checkinTokenPattern = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{16}$`)

func TestCheckinTokens(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		f := newCheckinFixture(t, db)
		now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
		ana, err := db.CheckinToken(ctx, f.m.ID, f.ana.ID, now)
		must(t, err)
		if !checkinTokenPattern.MatchString(ana) {
			t.Fatalf("got code %q, want 16 characters of Crockford's base32", ana)
		}
		again, err := db.CheckinToken(ctx, f.m.ID, f.ana.ID, now.Add(time.Hour))
		must(t, err)
		if again != ana {
			t.Errorf("got a second code %q, want the first %q again", again, ana)
		}
		all, err := db.CheckinTokens(ctx, f.m.ID, now)
		must(t, err)
		if len(all) != 2 || all[f.ana.ID] != ana || all[f.ben.ID] == "" || all[f.ben.ID] == ana {
			t.Errorf("got codes %v, want ana's %s and a different one for ben, none for the viewer", all, ana)
		}
		cai, err := db.CheckinToken(ctx, f.other.ID, f.cai.ID, now)
		must(t, err)
		if cai == ana || cai == all[f.ben.ID] {
			t.Errorf("got the same code %s in two missions", cai)
		}
		// Viewers and strangers have no code.
		_, err = db.CheckinToken(ctx, f.m.ID, f.vic.ID, now)
		wantCode(t, err, mission.ENOTFOUND)
		_, err = db.CheckinToken(ctx, f.m.ID, f.cai.ID, now)
		wantCode(t, err, mission.ENOTFOUND)
		// Codes are random: many of them share no prefix pattern and never repeat.
		seen := map[string]bool{}
		for range 200 {
			var b [10]byte
			randRead(b[:])
			tok := mission.NewCheckinToken(b)
			if seen[tok] || !checkinTokenPattern.MatchString(tok) {
				t.Fatalf("got code %q twice or malformed", tok)
			}
			seen[tok] = true
		}
	})
}

func TestCheckIn(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		f := newCheckinFixture(t, db)
		now := time.Date(2026, 3, 10, 8, 30, 0, 0, time.UTC)
		ana, err := db.CheckinToken(ctx, f.m.ID, f.ana.ID, now)
		must(t, err)
		cai, err := db.CheckinToken(ctx, f.other.ID, f.cai.ID, now)
		must(t, err)
		audit := &mission.AuditEntry{IP: "192.0.2.1"}

		// By code, to the mission: new, then the same again.
		c, err := db.CheckIn(ctx, CheckinAttempt{MissionID: f.m.ID, Token: ana, By: f.org.ID, At: now, Audit: audit})
		must(t, err)
		if !c.New || c.PersonID != f.ana.ID || c.ItemID != 0 || c.Method != mission.CheckinByCode || !c.CheckedInAt.Equal(now) {
			t.Fatalf("got %+v, want ana's new check-in by code at %v", c, now)
		}
		again, err := db.CheckIn(ctx, CheckinAttempt{MissionID: f.m.ID, Token: ana, By: f.org.ID, At: now.Add(time.Hour), Audit: audit})
		must(t, err)
		if again.New || again.ID != c.ID || !again.CheckedInAt.Equal(now) {
			t.Errorf("got %+v on the second scan, want the first check-in (id %d at %v) unchanged", again, c.ID, now)
		}

		// By name, to the B2B session: the mission's check-in comes with it.
		later := now.Add(2 * time.Hour)
		s, err := db.CheckIn(ctx, CheckinAttempt{MissionID: f.m.ID, ItemID: f.session.ID, PersonID: f.ben.ID, By: f.org.ID, At: later, Audit: audit})
		must(t, err)
		if !s.New || s.ItemID != f.session.ID || s.Method != mission.CheckinBySearch {
			t.Fatalf("got %+v, want ben's new check-in to the session by search", s)
		}
		list, err := db.Checkins(ctx, f.m.ID)
		must(t, err)
		if len(list) != 3 {
			t.Fatalf("got %d check-ins, want 3 (ana, ben at the mission and at the session)", len(list))
		}
		if got, err := db.Checkin(ctx, s.ID); err != nil || got.PersonID != f.ben.ID || got.ItemID != f.session.ID || got.ByPersonID != f.org.ID {
			t.Errorf("got %+v (%v), want ben's session check-in by the organiser", got, err)
		}

		// Refusals change nothing.
		var e *mission.Error
		_, err = db.CheckIn(ctx, CheckinAttempt{MissionID: f.m.ID, Token: cai, At: now})
		if !errors.As(err, &e) || e.Code != mission.EINVALID || e.Field != "code" {
			t.Errorf("another mission's code: got %v, want invalid code", err)
		}
		_, err = db.CheckIn(ctx, CheckinAttempt{MissionID: f.m.ID, Token: "0000000000000000", At: now})
		if !errors.As(err, &e) || e.Code != mission.ENOTFOUND || e.Field != "code" {
			t.Errorf("a forged code: got %v, want code not found", err)
		}
		_, err = db.CheckIn(ctx, CheckinAttempt{MissionID: f.m.ID, PersonID: f.vic.ID, At: now})
		if !errors.As(err, &e) || e.Code != mission.ENOTFOUND || e.Field != "person" {
			t.Errorf("a viewer: got %v, want person not found", err)
		}
		_, err = db.CheckIn(ctx, CheckinAttempt{MissionID: f.m.ID, ItemID: f.otherItem.ID, PersonID: f.ana.ID, At: now})
		if !errors.As(err, &e) || e.Code != mission.ENOTFOUND || e.Field != "item" {
			t.Errorf("another mission's item: got %v, want item not found", err)
		}
		if list, _ := db.Checkins(ctx, f.m.ID); len(list) != 3 {
			t.Errorf("got %d check-ins after refusals, want still 3", len(list))
		}
		// Each new check-in is audited once, the repeat not at all.
		entries, err := db.AuditLog(ctx, mission.AuditFilter{Action: mission.AuditCheckin})
		must(t, err)
		if len(entries) != 2 {
			t.Errorf("got %d check-in audit entries, want 2", len(entries))
		}
	})
}

func TestNormalizeCheckinToken(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ABCD-EFGH-JKMN-PQRS", "ABCDEFGHJKMNPQRS"},
		{" abcd efgh jkmn pqrs ", "ABCDEFGHJKMNPQRS"},
		{"O1LI-0000-0000-0000", "0111000000000000"},
		{"https://caravan.example/missions/4/checkin?code=ABCDEFGHJKMNPQRS&x=1", "ABCDEFGHJKMNPQRS"},
		{"ABCD-EFGH-JKMN-PQR", ""},
		{"ABCD-EFGH-JKMN-PQRU", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := mission.NormalizeCheckinToken(tt.in); got != tt.want {
			t.Errorf("NormalizeCheckinToken(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := mission.FormatCheckinToken("ABCDEFGHJKMNPQRS"); got != "ABCD-EFGH-JKMN-PQRS" {
		t.Errorf("got %q, want ABCD-EFGH-JKMN-PQRS", got)
	}
}

func randRead(b []byte) { cryptoRand.Read(b) }

// TestCheckInConcurrent scans one badge at several desks at once: exactly
// one records the check-in and its audit entry, the others read it back.
func TestCheckInConcurrent(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		f := newCheckinFixture(t, db)
		now := time.Date(2026, 3, 10, 8, 30, 0, 0, time.UTC)
		token, err := db.CheckinToken(ctx, f.m.ID, f.ana.ID, now)
		must(t, err)
		const desks = 8
		results := make(chan *mission.Checkin, desks)
		errs := make(chan error, desks)
		var wg sync.WaitGroup
		for i := range desks {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, err := db.CheckIn(ctx, CheckinAttempt{MissionID: f.m.ID, ItemID: f.session.ID, Token: token,
					At: now.Add(time.Duration(i) * time.Second), Audit: &mission.AuditEntry{}})
				if err != nil {
					errs <- err
					return
				}
				results <- c
			}()
		}
		wg.Wait()
		close(results)
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		fresh, id := 0, int64(0)
		for c := range results {
			if c.New {
				fresh++
			}
			if id != 0 && c.ID != id {
				t.Errorf("got check-ins %d and %d, want one", id, c.ID)
			}
			id = c.ID
		}
		if fresh != 1 {
			t.Errorf("got %d new check-ins from %d desks, want 1", fresh, desks)
		}
		list, err := db.Checkins(ctx, f.m.ID)
		must(t, err)
		entries, err := db.AuditLog(ctx, mission.AuditFilter{Action: mission.AuditCheckin})
		must(t, err)
		if len(list) != 2 || len(entries) != 1 {
			t.Errorf("got %d check-ins and %d audit entries, want 2 (mission and session) and 1", len(list), len(entries))
		}
	})
}

func TestUndoCheckin(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		f := newCheckinFixture(t, db)
		now := time.Date(2026, 3, 10, 8, 30, 0, 0, time.UTC)
		audit := &mission.AuditEntry{}
		ana, err := db.CheckIn(ctx, CheckinAttempt{MissionID: f.m.ID, ItemID: f.session.ID, PersonID: f.ana.ID, At: now, Audit: audit})
		must(t, err)
		ben, err := db.CheckIn(ctx, CheckinAttempt{MissionID: f.m.ID, ItemID: f.session.ID, PersonID: f.ben.ID, At: now, Audit: audit})
		must(t, err)
		// Another mission's id, or none: not found.
		_, err = db.UndoCheckin(ctx, f.other.ID, ana.ID, audit)
		wantCode(t, err, mission.ENOTFOUND)
		// Ana's session check-in alone; then Ben's arrival, which takes his session with it.
		_, err = db.UndoCheckin(ctx, f.m.ID, ana.ID, audit)
		must(t, err)
		list, err := db.Checkins(ctx, f.m.ID)
		must(t, err)
		var benArrival int64
		for _, c := range list {
			if c.PersonID == f.ben.ID && c.ItemID == 0 {
				benArrival = c.ID
			}
		}
		if len(list) != 3 || benArrival == 0 {
			t.Fatalf("got %d check-ins after undoing Ana's session, want 3 (her arrival, Ben's two)", len(list))
		}
		_, err = db.UndoCheckin(ctx, f.m.ID, benArrival, audit)
		must(t, err)
		if list, _ := db.Checkins(ctx, f.m.ID); len(list) != 1 || list[0].PersonID != f.ana.ID {
			t.Errorf("got %v, want only Ana's arrival", list)
		}
		_, err = db.UndoCheckin(ctx, f.m.ID, ben.ID, audit)
		wantCode(t, err, mission.ENOTFOUND)
		entries, err := db.AuditLog(ctx, mission.AuditFilter{Action: mission.AuditCheckinUndo})
		must(t, err)
		if len(entries) != 2 {
			t.Errorf("got %d undo audit entries, want 2", len(entries))
		}
	})
}
