package web

import (
	"cmp"
	"net/http"
	"slices"

	"caravan/internal/mission"
)

// myMission is one of the user's missions with the user's roles in it.
type myMission struct {
	Mission *mission.Mission
	Roles   []string
}

// myMissions returns the missions in which the user has a role and that
// the user may see, newest first.
func (s *Server) myMissions(r *http.Request, u *mission.User) ([]myMission, error) {
	var out []myMission
	for id, roles := range u.Roles.Mission {
		m, err := s.db.Mission(r.Context(), id)
		if mission.ErrorCode(err) == mission.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		if !can(u, actMissionRead, m) {
			continue
		}
		rs := slices.Clone(roles)
		slices.SortFunc(rs, func(a, b string) int {
			return cmp.Compare(slices.Index(mission.MemberRoles, a), slices.Index(mission.MemberRoles, b))
		})
		out = append(out, myMission{Mission: m, Roles: rs})
	}
	slices.SortFunc(out, func(a, b myMission) int {
		return cmp.Or(b.Mission.StartsOn.Compare(a.Mission.StartsOn), cmp.Compare(a.Mission.ID, b.Mission.ID))
	})
	return out, nil
}

// handleMyMissions lists the missions the user takes part in.
func (s *Server) handleMyMissions(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	list, err := s.myMissions(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "my_missions.html", list)
}

// agendaPage is the data of agenda.html: the days of the user's agenda
// and the state of the private calendar feed (ical.go). FeedURL is the
// feed's address, shown once just after it is made.
type agendaPage struct {
	Days    []agendaDay
	HasFeed bool
	FeedURL string
	// Checkins are the user's check-in codes (checkin.go).
	Checkins []checkinCode
}

// handleMyAgenda shows the user's agenda (agenda.go), by day, with the
// sign-up buttons, the PDF and the calendar feed.
func (s *Server) handleMyAgenda(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	s.renderAgenda(w, r, u, "")
}

// renderAgenda renders agenda.html for u, with the feed's new address when
// feedURL is not empty.
func (s *Server) renderAgenda(w http.ResponseWriter, r *http.Request, u *mission.User, feedURL string) {
	days, err := s.agenda(r, u, "/me/agenda")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := agendaPage{Days: days, FeedURL: feedURL}
	if p.Checkins, err = s.myCheckinCodes(r, u); err != nil {
		s.fail(w, r, err)
		return
	}
	if u.Person != nil {
		if p.HasFeed, err = s.db.HasCalendarFeed(r.Context(), u.Person.ID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "agenda.html", p)
}
