package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	"caravan/internal/mission"
)

// homePage lists the published missions by when they take place.
type homePage struct {
	Running  []missionCard
	Upcoming []missionCard
	Past     []missionCard
	// Stories are the latest published stories of missions (story.go).
	Stories []*mission.Story
}

// missionCard is one mission in a list.
type missionCard struct {
	Mission *mission.Mission
	Host    *mission.Organisation
}

// publishedMissions returns every published mission, in id order.
func (s *Server) publishedMissions(ctx context.Context) ([]*mission.Mission, error) {
	published := true
	var all []*mission.Mission
	var after int64
	for {
		page, err := s.db.Missions(ctx, mission.MissionFilter{Published: &published, Limit: 500, After: after})
		if err != nil {
			return nil, fmt.Errorf("published missions: %w", err)
		}
		all = append(all, page...)
		if len(page) < 500 {
			return all, nil
		}
		after = page[len(page)-1].ID
	}
}

// handleHome renders the home page: running, upcoming and past missions.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	missions, err := s.publishedMissions(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	hosts := map[int64]*mission.Organisation{}
	var page homePage
	for _, m := range missions {
		host, ok := hosts[m.HostOrganisationID]
		if !ok {
			if host, err = s.db.Organisation(r.Context(), m.HostOrganisationID); err != nil {
				s.fail(w, r, fmt.Errorf("mission %d host: %w", m.ID, err))
				return
			}
			hosts[m.HostOrganisationID] = host
		}
		card := missionCard{Mission: m, Host: host}
		switch when(m, s.now()) {
		case "running":
			page.Running = append(page.Running, card)
		case "upcoming":
			page.Upcoming = append(page.Upcoming, card)
		default:
			page.Past = append(page.Past, card)
		}
	}
	byStart := func(a, b missionCard) int { return a.Mission.StartsOn.Compare(b.Mission.StartsOn) }
	slices.SortFunc(page.Running, byStart)
	slices.SortFunc(page.Upcoming, byStart)
	slices.SortFunc(page.Past, func(a, b missionCard) int { return -byStart(a, b) })
	if page.Stories, err = s.db.PublishedStories(r.Context(), 6); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "home.html", page)
}

// when places a mission relative to now, on the mission's calendar:
// "upcoming" before its first day, "past" after its last, else "running".
func when(m *mission.Mission, now time.Time) string {
	y, mo, d := now.In(m.Location()).Date()
	today := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	switch {
	case today.Before(m.StartsOn):
		return "upcoming"
	case today.After(m.EndsOn):
		return "past"
	}
	return "running"
}
