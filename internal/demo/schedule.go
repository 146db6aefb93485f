package demo

import (
	"context"
	"fmt"
	"time"

	"caravan/internal/mission"
)

// createBasqueSchedule sets up the Basque mission's B2B scheduling: the
// tables of each B2B session (named after the rooms of the venue, the first
// reserved as the booth of the local company that received the first
// accepted request), a coffee break in sessions long enough for one, and
// one visitor who attends online. The meetings that createMatchmaking
// placed stay as they are; an organiser generates and publishes a fresh
// schedule at /missions/{id}/schedule.
func (s *seeder) createBasqueSchedule(ctx context.Context) error {
	m, err := s.db.Mission(ctx, s.info.BasqueMissionID)
	if err != nil {
		return err
	}
	at := time.Date(2023, 11, 13, 0, 0, 0, 0, time.UTC)
	requests, err := s.db.MeetingRequests(ctx, m.ID, 0)
	if err != nil {
		return err
	}
	var booth, online int64
	for _, r := range requests {
		if r.Status != mission.RequestAccepted {
			continue
		}
		if booth == 0 {
			booth = r.ToPersonID
		}
		if r.FromPersonID != booth && r.ToPersonID != booth {
			online = r.FromPersonID
		}
	}
	boothOrg := "Booth"
	if booth != 0 {
		p, err := s.db.Person(ctx, booth)
		if err != nil {
			return err
		}
		if p.Organisation != nil {
			boothOrg = "Booth " + p.Organisation.Name
		}
	}
	sessions, err := s.db.B2BSessions(ctx, m.ID)
	if err != nil {
		return err
	}
	for _, sess := range sessions {
		it := sess.Item
		for i := range sess.Tables {
			sess.Tables[i].Name = fmt.Sprintf("Gorbea %d", sess.Tables[i].Number)
		}
		if len(sess.Tables) > 0 {
			sess.Tables[0].Name, sess.Tables[0].PinnedPersonID = boothOrg, booth
		}
		// A quarter-hour coffee break two hours in, when the session
		// goes on for at least an hour after it.
		if start := it.StartsAt.Add(2 * time.Hour); it.EndsAt.Sub(start) >= time.Hour {
			sess.Breaks = []mission.Interval{{Start: start, End: start.Add(15 * time.Minute)}}
		}
		if err := s.db.SaveB2BSession(ctx, sess); err != nil {
			return fmt.Errorf("B2B session %q: %w", it.Title, err)
		}
	}
	st := &mission.B2BSettings{MissionID: m.ID, VideoBaseURL: mission.DefaultVideoBaseURL, TimeLimitSeconds: 10,
		Fairness: mission.DefaultScheduleFairness, UpdatedAt: at}
	if online != 0 {
		st.Online = []int64{online}
	}
	return s.db.SaveB2BSettings(ctx, st)
}

// createRequestDeadline gives the upcoming mission a deadline for meeting
// requests: a week before it starts, at 18:00 in the host city, after which
// pending requests expire and the organisers schedule. (The Basque mission
// has none: it is over, and its requests were answered long ago.)
func (s *seeder) createRequestDeadline(ctx context.Context) error {
	m, err := s.db.Mission(ctx, s.info.UpcomingMissionID)
	if err != nil {
		return err
	}
	y, mo, d := m.StartsOn.AddDate(0, 0, -7).Date()
	return s.db.SetMatchmaking(ctx, &mission.Matchmaking{MissionID: m.ID,
		RequestDeadline: time.Date(y, mo, d, 18, 0, 0, 0, m.Location()), UpdatedAt: s.now})
}
