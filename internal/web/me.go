package web

import (
	"cmp"
	"net/http"
	"slices"
	"time"

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

// agendaEntry is one line of the personal agenda: a programme item or a
// B2B meeting, in its mission's time zone.
type agendaEntry struct {
	Mission          *mission.Mission
	Location         *time.Location
	StartsAt, EndsAt time.Time
	Kind             string // a programme item kind, or "meeting"
	Title            string
	Venue            string
	Table            string
	Online           bool
	With             []*mission.Person // a meeting's other people
}

// agendaDay is one calendar day of the agenda.
type agendaDay struct {
	Date    time.Time
	Entries []agendaEntry
}

// handleMyAgenda shows the programme items of the user's missions and the
// user's B2B meetings, by day.
func (s *Server) handleMyAgenda(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	ctx := r.Context()
	list, err := s.myMissions(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var entries []agendaEntry
	people := map[int64]*mission.Person{}
	for _, mm := range list {
		m := mm.Mission
		loc := m.Location()
		items, err := s.db.ProgrammeItems(ctx, m.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, it := range items {
			entries = append(entries, agendaEntry{Mission: m, Location: loc, StartsAt: it.StartsAt, EndsAt: it.EndsAt,
				Kind: it.Kind, Title: it.Title, Venue: it.Venue})
		}
		if u.Person == nil {
			continue
		}
		meetings, err := s.db.Meetings(ctx, m.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, mt := range meetings {
			if !slices.Contains(mt.PersonIDs, u.Person.ID) {
				continue
			}
			e := agendaEntry{Mission: m, Location: loc, StartsAt: mt.StartsAt, EndsAt: mt.EndsAt, Kind: "meeting",
				Table: mt.Table, Online: mt.Online}
			for _, pid := range mt.PersonIDs {
				if pid == u.Person.ID {
					continue
				}
				p, ok := people[pid]
				if !ok {
					if p, err = s.db.Person(ctx, pid); err != nil {
						s.fail(w, r, err)
						return
					}
					people[pid] = p
				}
				e.With = append(e.With, p)
			}
			entries = append(entries, e)
		}
	}
	slices.SortStableFunc(entries, func(a, b agendaEntry) int { return a.StartsAt.Compare(b.StartsAt) })
	var days []agendaDay
	for _, e := range entries {
		y, mo, d := e.StartsAt.In(e.Location).Date()
		day := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
		if n := len(days); n == 0 || !days[n-1].Date.Equal(day) {
			days = append(days, agendaDay{Date: day})
		}
		days[len(days)-1].Entries = append(days[len(days)-1].Entries, e)
	}
	s.render(w, r, http.StatusOK, "agenda.html", days)
}
