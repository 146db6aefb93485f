package store

import (
	"strings"
	"testing"
	"time"

	"caravan/internal/mission"
)

func TestLogistics(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		host := newOrganisation(t, db, "GAIA", mission.KindCluster, "ES")
		sme := newOrganisation(t, db, "Acme Sensors", mission.KindSME, "DE")
		m := newMission(t, db, host.ID, "Logistics")
		ana := newPerson(t, db, sme.ID, "Ana Visitor", "ana@example.org")
		ben := newPerson(t, db, sme.ID, "Ben Visitor", "ben@example.org")

		arrive := time.Date(2026, 3, 9, 17, 45, 0, 0, time.UTC)
		l := &mission.Logistics{MissionID: m.ID, PersonID: ana.ID, ArrivalAt: arrive, DepartureAt: arrive.Add(80 * time.Hour),
			Hotel: " Hotel Carlton ", Dietary: "vegetarian", Accessibility: "step-free room", EmergencyContactName: "Jan",
			EmergencyContactPhone: "+49 30 1234", LetterRequested: true, PassportName: "ANA MARIA VISITOR", Nationality: "ua"}
		must(t, db.SaveLogistics(ctx, l))
		got, err := db.Logistics(ctx, m.ID, ana.ID)
		must(t, err)
		if got.Hotel != "Hotel Carlton" || !got.ArrivalAt.Equal(arrive) || !got.DepartureAt.Equal(arrive.Add(80*time.Hour)) ||
			!got.LetterRequested || got.Nationality != "UA" || got.Dietary != "vegetarian" || got.Person.Name != "Ana Visitor" ||
			got.Person.Organisation.Name != "Acme Sensors" {
			t.Errorf("got %+v, want the saved logistics", got)
		}
		// Saving again replaces.
		l.Hotel, l.LetterRequested, l.DepartureAt = "Hotel Ercilla", false, time.Time{}
		must(t, db.SaveLogistics(ctx, l))
		got, err = db.Logistics(ctx, m.ID, ana.ID)
		must(t, err)
		if got.Hotel != "Hotel Ercilla" || got.LetterRequested || !got.DepartureAt.IsZero() {
			t.Errorf("got %+v, want the replaced logistics", got)
		}
		must(t, db.SaveLogistics(ctx, &mission.Logistics{MissionID: m.ID, PersonID: ben.ID}))
		list, err := db.MissionLogistics(ctx, m.ID)
		must(t, err)
		if len(list) != 2 || list[0].PersonID != ana.ID || list[1].PersonID != ben.ID {
			t.Errorf("got %d logistics, want Ana (arrival known) then Ben", len(list))
		}

		_, err = db.Logistics(ctx, m.ID, 9999)
		wantCode(t, err, mission.ENOTFOUND)
		wantCode(t, db.SaveLogistics(ctx, &mission.Logistics{MissionID: m.ID, PersonID: 9999}), mission.EINVALID)
		bad := []*mission.Logistics{
			{MissionID: m.ID, PersonID: ana.ID, ArrivalAt: arrive, DepartureAt: arrive},
			{MissionID: m.ID, PersonID: ana.ID, LetterRequested: true, Nationality: "UA"},
			{MissionID: m.ID, PersonID: ana.ID, LetterRequested: true, PassportName: "X"},
			{MissionID: m.ID, PersonID: ana.ID, Nationality: "Ukraine"},
			{MissionID: m.ID, PersonID: ana.ID, Hotel: strings.Repeat("h", 301)},
		}
		for _, b := range bad {
			wantCode(t, db.SaveLogistics(ctx, b), mission.EINVALID)
		}
	})
}

func TestAnnouncements(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		host := newOrganisation(t, db, "GAIA", mission.KindCluster, "ES")
		m := newMission(t, db, host.ID, "Announcements")
		olga := newPerson(t, db, host.ID, "Olga Organiser", "olga@example.es")
		ana := newPerson(t, db, host.ID, "Ana Visitor", "ana@example.org")
		nomail := newPerson(t, db, host.ID, "No Mail", "")
		for _, mm := range []mission.MissionMember{{MissionID: m.ID, PersonID: olga.ID, Role: mission.RoleOrganiser},
			{MissionID: m.ID, PersonID: ana.ID, Role: mission.RoleParticipant}, {MissionID: m.ID, PersonID: ana.ID, Role: mission.RoleHost},
			{MissionID: m.ID, PersonID: nomail.ID, Role: mission.RoleParticipant}} {
			must(t, db.AddMissionMember(ctx, mm))
		}
		kicks := 0
		db.OnEmailQueued(func() { kicks++ })
		a := &mission.Announcement{MissionID: m.ID, AuthorPersonID: olga.ID, Subject: "Bus at 8:00", Body: "Meet in the lobby."}
		must(t, db.SendAnnouncement(ctx, a, func(p *mission.Person) *mission.Email {
			return &mission.Email{ToAddress: p.Email, ToName: p.Name, Subject: a.Subject, TextBody: a.Body}
		}))
		if a.ID == 0 || a.Recipients != 2 || kicks != 1 {
			t.Errorf("got id %d, %d recipients, %d kicks; want an id, 2 recipients (one each), 1 kick", a.ID, a.Recipients, kicks)
		}
		mails, err := db.Emails(ctx, mission.EmailFilter{Limit: 10})
		must(t, err)
		if len(mails) != 2 {
			t.Fatalf("got %d e-mails, want 2", len(mails))
		}
		list, err := db.Announcements(ctx, m.ID)
		must(t, err)
		if len(list) != 1 || list[0].AuthorName != "Olga Organiser" || list[0].Subject != "Bus at 8:00" || list[0].Recipients != 2 {
			t.Errorf("got %+v, want the announcement with its author", list)
		}
		// A failing message rolls everything back: no announcement, no mail.
		err = db.SendAnnouncement(ctx, &mission.Announcement{MissionID: m.ID, Subject: "S", Body: "B"}, func(p *mission.Person) *mission.Email {
			return &mission.Email{ToAddress: p.Email}
		})
		wantCode(t, err, mission.EINVALID)
		list, err = db.Announcements(ctx, m.ID)
		must(t, err)
		if mails, _ := db.Emails(ctx, mission.EmailFilter{Limit: 10}); len(list) != 1 || len(mails) != 2 {
			t.Errorf("after a failure got %d announcements and %d e-mails, want 1 and 2", len(list), len(mails))
		}
		wantCode(t, db.SendAnnouncement(ctx, &mission.Announcement{MissionID: m.ID, Subject: "", Body: "B"}, nil), mission.EINVALID)
	})
}
