package demo

import (
	"context"
	"fmt"
	"time"

	"caravan/internal/mission"
)

// createMatchmaking writes meeting requests from visitors to locals and
// places the first accepted ones as meetings in the B2B sessions.
func (s *seeder) createMatchmaking(ctx context.Context, m *mission.Mission, visitors, locals []*mission.Person, sessions []*mission.ProgrammeItem, requests, meetings int) error {
	sent := map[[2]int64]bool{}
	busy := map[int64]map[time.Time]bool{} // person → slot starts taken
	tables := map[time.Time]int{}          // slot start → tables taken
	placed := 0
	past := m.EndsOn.Before(s.now)
	for range requests {
		from, to := visitors[s.r.IntN(len(visitors))], locals[s.r.IntN(len(locals))]
		if sent[[2]int64{from.ID, to.ID}] {
			continue
		}
		sent[[2]int64{from.ID, to.ID}] = true
		created := m.StartsOn.AddDate(0, 0, -14+s.r.IntN(10)).Add(time.Duration(8+s.r.IntN(10)) * time.Hour)
		req := &mission.MeetingRequest{
			MissionID: m.ID, FromPersonID: from.ID, ToPersonID: to.ID,
			Message:  "We would like to discuss a cooperation: " + s.pick(motivations),
			Priority: s.pick([]string{mission.PriorityMust, mission.PriorityShould, mission.PriorityShould, mission.PriorityCould}),
			Status:   mission.RequestAccepted, CreatedAt: created, AnsweredAt: created.Add(time.Duration(2+s.r.IntN(48)) * time.Hour),
		}
		switch n := s.r.IntN(10); {
		case n == 0:
			req.Status, req.Reason = mission.RequestDeclined, "Not a fit for our current plans."
		case n == 1 && past:
			req.Status, req.AnsweredAt = mission.RequestExpired, time.Time{}
		case n == 1:
			req.Status, req.AnsweredAt = mission.RequestPending, time.Time{}
		}
		if err := s.db.CreateMeetingRequest(ctx, req); err != nil {
			return fmt.Errorf("meeting request %d→%d: %w", from.ID, to.ID, err)
		}
		if req.Status != mission.RequestAccepted || placed >= meetings || len(sessions) == 0 {
			continue
		}
		// Place it in the first slot where both are free and a table is left.
	place:
		for _, sess := range sessions {
			slot := time.Duration(sess.SlotMinutes) * time.Minute
			for start := sess.StartsAt; !start.Add(slot).After(sess.EndsAt); start = start.Add(slot) {
				if busy[from.ID][start] || busy[to.ID][start] || tables[start] >= sess.Tables {
					continue
				}
				tables[start]++
				for _, id := range []int64{from.ID, to.ID} {
					if busy[id] == nil {
						busy[id] = map[time.Time]bool{}
					}
					busy[id][start] = true
				}
				mt := &mission.Meeting{
					MissionID: m.ID, RequestID: req.ID, SessionItemID: sess.ID, StartsAt: start, EndsAt: start.Add(slot),
					Table: fmt.Sprintf("T%d", tables[start]), PersonIDs: []int64{from.ID, to.ID}, CreatedAt: s.now,
				}
				if err := s.db.CreateMeeting(ctx, mt); err != nil {
					return fmt.Errorf("meeting for request %d: %w", req.ID, err)
				}
				placed++
				break place
			}
		}
	}
	return nil
}
