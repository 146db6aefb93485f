package store

import (
	"slices"
	"testing"
	"time"

	"caravan/internal/mission"
)

func TestMarketplaceItems(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		org := newOrganisation(t, db, "Acme Sensors", mission.KindSME, "DE")
		offer := &mission.MarketplaceItem{OrganisationID: org.ID, Side: mission.Offer, Category: "technology",
			Title: "Lidar for AGVs", Ecosystems: []string{"robotics", "mobility"}, Keywords: []string{"lidar", "agv", "lidar"}}
		request := &mission.MarketplaceItem{OrganisationID: org.ID, Side: mission.Request, Category: "rd_partnership", Title: "Pilot sites"}
		must(t, db.CreateMarketplaceItem(ctx, offer))
		must(t, db.CreateMarketplaceItem(ctx, request))
		wantCode(t, db.CreateMarketplaceItem(ctx, &mission.MarketplaceItem{OrganisationID: org.ID, Side: "gift", Category: "other", Title: "X"}), mission.EINVALID)
		wantCode(t, db.CreateMarketplaceItem(ctx, &mission.MarketplaceItem{OrganisationID: 9999, Side: mission.Offer, Category: "other", Title: "X"}), mission.EINVALID)

		list, err := db.MarketplaceItems(ctx, org.ID)
		must(t, err)
		if len(list) != 2 {
			t.Fatalf("got %d items, want 2", len(list))
		}
		got := list[0]
		if got.Title != "Lidar for AGVs" || got.Side != mission.Offer || !slices.Equal(got.Ecosystems, []string{"robotics", "mobility"}) ||
			!slices.Equal(got.Keywords, []string{"lidar", "agv"}) || got.CreatedAt != offer.CreatedAt {
			t.Errorf("got %+v, want the offer as created", got)
		}
		if list[1].Ecosystems != nil || list[1].Category != "rd_partnership" {
			t.Errorf("got %+v, want the request without ecosystems", list[1])
		}
		if list, _ := db.MarketplaceItems(ctx, 9999); len(list) != 0 {
			t.Errorf("got %d items of a missing organisation, want 0", len(list))
		}
	})
}

func TestMeetingRequestsAndMeetings(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		host := newOrganisation(t, db, "GAIA", mission.KindCluster, "ES")
		m := newMission(t, db, host.ID, "Meetings")
		a := newPerson(t, db, host.ID, "Ana", "ana@example.es")
		b := newPerson(t, db, host.ID, "Ben", "ben@example.es")
		c := newPerson(t, db, host.ID, "Cai", "cai@example.es")
		created := time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)

		ab := &mission.MeetingRequest{MissionID: m.ID, FromPersonID: a.ID, ToPersonID: b.ID, Message: "Lidar?", Priority: mission.PriorityMust,
			Status: mission.RequestAccepted, CreatedAt: created, AnsweredAt: created.Add(3 * time.Hour)}
		cb := &mission.MeetingRequest{MissionID: m.ID, FromPersonID: c.ID, ToPersonID: b.ID}
		must(t, db.CreateMeetingRequest(ctx, ab))
		must(t, db.CreateMeetingRequest(ctx, cb))
		if cb.Priority != mission.PriorityShould || cb.Status != mission.RequestPending || cb.CreatedAt.IsZero() {
			t.Errorf("got %+v, want the defaults", cb)
		}
		wantCode(t, db.CreateMeetingRequest(ctx, &mission.MeetingRequest{MissionID: m.ID, FromPersonID: a.ID, ToPersonID: b.ID}), mission.ECONFLICT)
		wantCode(t, db.CreateMeetingRequest(ctx, &mission.MeetingRequest{MissionID: m.ID, FromPersonID: a.ID, ToPersonID: a.ID}), mission.EINVALID)
		wantCode(t, db.CreateMeetingRequest(ctx, &mission.MeetingRequest{MissionID: m.ID, FromPersonID: a.ID, ToPersonID: 9999}), mission.EINVALID)
		wantCode(t, db.CreateMeetingRequest(ctx, &mission.MeetingRequest{MissionID: m.ID, FromPersonID: b.ID, ToPersonID: a.ID, Status: "lost"}), mission.EINVALID)

		ids := func(personID int64) []int64 {
			t.Helper()
			list, err := db.MeetingRequests(ctx, m.ID, personID)
			must(t, err)
			var out []int64
			for _, r := range list {
				out = append(out, r.ID)
			}
			return out
		}
		if got := ids(0); !slices.Equal(got, []int64{ab.ID, cb.ID}) {
			t.Errorf("got requests %v, want all", got)
		}
		if got := ids(a.ID); !slices.Equal(got, []int64{ab.ID}) {
			t.Errorf("got Ana's requests %v, want the one she sent", got)
		}
		if got := ids(b.ID); !slices.Equal(got, []int64{ab.ID, cb.ID}) {
			t.Errorf("got Ben's requests %v, want the two he received", got)
		}
		list, err := db.MeetingRequests(ctx, m.ID, a.ID)
		must(t, err)
		if r := list[0]; *r != *ab {
			t.Errorf("got %+v, want %+v", *r, *ab)
		}

		session := &mission.ProgrammeItem{MissionID: m.ID, Kind: mission.ItemB2BSession, Title: "B2B", SlotMinutes: 20, Tables: 4,
			StartsAt: time.Date(2026, 3, 10, 14, 0, 0, 0, time.UTC), EndsAt: time.Date(2026, 3, 10, 18, 0, 0, 0, time.UTC)}
		must(t, db.CreateProgrammeItem(ctx, session))
		late := &mission.Meeting{MissionID: m.ID, RequestID: ab.ID, SessionItemID: session.ID, Table: "T2",
			StartsAt: session.StartsAt.Add(40 * time.Minute), EndsAt: session.StartsAt.Add(60 * time.Minute), PersonIDs: []int64{b.ID, a.ID}}
		early := &mission.Meeting{MissionID: m.ID, Online: true, VideoURL: "https://meet.example/x",
			StartsAt: session.StartsAt, EndsAt: session.StartsAt.Add(20 * time.Minute), PersonIDs: []int64{c.ID, b.ID, c.ID}}
		must(t, db.CreateMeeting(ctx, late))
		must(t, db.CreateMeeting(ctx, early))
		wantCode(t, db.CreateMeeting(ctx, &mission.Meeting{MissionID: m.ID, StartsAt: session.StartsAt, EndsAt: session.EndsAt, PersonIDs: []int64{a.ID}}), mission.EINVALID)
		wantCode(t, db.CreateMeeting(ctx, &mission.Meeting{MissionID: m.ID, StartsAt: session.EndsAt, EndsAt: session.StartsAt, PersonIDs: []int64{a.ID, b.ID}}), mission.EINVALID)
		wantCode(t, db.CreateMeeting(ctx, &mission.Meeting{MissionID: m.ID, StartsAt: session.StartsAt, EndsAt: session.EndsAt, PersonIDs: []int64{a.ID, 9999}}), mission.EINVALID)

		meetings, err := db.Meetings(ctx, m.ID)
		must(t, err)
		if len(meetings) != 2 {
			t.Fatalf("got %d meetings, want 2", len(meetings))
		}
		if got := meetings[0]; got.ID != early.ID || !got.Online || got.VideoURL != early.VideoURL || got.RequestID != 0 ||
			got.SessionItemID != 0 || !slices.Equal(got.PersonIDs, []int64{b.ID, c.ID}) {
			t.Errorf("got %+v, want the online meeting of Ben and Cai first", got)
		}
		if got := meetings[1]; got.RequestID != ab.ID || got.SessionItemID != session.ID || got.Table != "T2" ||
			got.StartsAt != late.StartsAt || got.EndsAt != late.EndsAt || !slices.Equal(got.PersonIDs, []int64{a.ID, b.ID}) {
			t.Errorf("got %+v, want the meeting at T2", got)
		}

		// Deleting the session keeps its meetings, unlinked.
		must(t, db.DeleteProgrammeItem(ctx, session.ID))
		meetings, err = db.Meetings(ctx, m.ID)
		must(t, err)
		if len(meetings) != 2 || meetings[1].SessionItemID != 0 {
			t.Errorf("got %d meetings, the second in session %d, want 2 and none", len(meetings), meetings[1].SessionItemID)
		}
	})
}
