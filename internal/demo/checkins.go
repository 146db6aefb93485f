package demo

import (
	"context"
	"fmt"
	"time"

	"caravan/internal/mission"
	"caravan/internal/store"
)

// createCheckins records who came to the Basque mission, as GAIA's staff
// checked them in: most visitors and local companies at the registration
// desk on the first morning, most visitors at the welcome, and most people
// with meetings at the start of each B2B session. The rest stayed away, so
// the attendance lists have gaps, as real ones do.
func (s *seeder) createCheckins(ctx context.Context) error {
	m, err := s.db.Mission(ctx, s.info.BasqueMissionID)
	if err != nil {
		return err
	}
	loc := m.Location()
	desk := s.staff["gaia"][0]
	members, err := s.db.MissionMembers(ctx, m.ID, "")
	if err != nil {
		return err
	}
	items, err := s.db.ProgrammeItems(ctx, m.ID)
	if err != nil {
		return err
	}
	meetings, err := s.db.Meetings(ctx, m.ID)
	if err != nil {
		return err
	}
	checkIn := func(personID, itemID int64, at time.Time) error {
		_, err := s.db.CheckIn(ctx, store.CheckinAttempt{MissionID: m.ID, ItemID: itemID, PersonID: personID, By: desk.ID, At: at})
		if err != nil {
			return fmt.Errorf("check in person %d to item %d: %w", personID, itemID, err)
		}
		return nil
	}
	// The registration desk opened at 8:15 on the first day.
	opens := at(m.StartsOn, loc, 8, 15)
	var visitors []int64
	n := 0
	for _, mm := range members {
		if mm.Role != mission.RoleParticipant && mm.Role != mission.RoleLocal {
			continue
		}
		if mm.Role == mission.RoleParticipant {
			visitors = append(visitors, mm.PersonID)
		}
		if s.r.IntN(100) < 12 {
			continue // did not come
		}
		n++
		if err := checkIn(mm.PersonID, 0, opens.Add(time.Duration(n*40+s.r.IntN(40))*time.Second)); err != nil {
			return err
		}
	}
	for _, it := range items {
		var people []int64
		switch {
		case it.Kind == mission.ItemB2BSession:
			seen := map[int64]bool{}
			for _, mt := range meetings {
				for _, id := range mt.PersonIDs {
					if mt.SessionItemID == it.ID && !seen[id] {
						seen[id] = true
						people = append(people, id)
					}
				}
			}
		case it.Kind == mission.ItemPresentation && !it.SignupRequired && it.StartsAt.Before(at(m.StartsOn, loc, 12, 0)):
			people = visitors // the welcome and briefing
		}
		for i, id := range people {
			if s.r.IntN(100) < 10 {
				continue
			}
			if err := checkIn(id, it.ID, it.StartsAt.Add(-10*time.Minute+time.Duration(i*25+s.r.IntN(25))*time.Second)); err != nil {
				return err
			}
		}
	}
	return nil
}
