package web

import (
	"net/http"
	"strconv"
	"time"

	"caravan/internal/mission"
)

// availabilityPage is the data of availability.html: the user's free B2B
// time in a mission, as the programme, their sign-ups, travel and blocks
// leave it, and the blocks they marked.
type availabilityPage struct {
	Mission  *mission.Mission
	Location *time.Location
	Free     []mission.Interval
	Blocks   []*mission.AvailabilityBlock
}

// availabilityMission returns the mission of the path's {id} when u takes
// part in its meetings (participant, local company, host).
func (s *Server) availabilityMission(r *http.Request, u *mission.User) (*mission.Mission, error) {
	m, err := s.missionOfPath(r, u, userError(mission.EFORBIDDEN, "request.not_member"), actRequestSend)
	if err == nil && u.Person == nil {
		return nil, userError(mission.EFORBIDDEN, "request.not_member")
	}
	return m, err
}

func availabilityPath(m *mission.Mission) string {
	return "/missions/" + strconv.FormatInt(m.ID, 10) + "/availability"
}

// handleAvailability shows the user's free B2B time and blocks.
func (s *Server) handleAvailability(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	m, err := s.availabilityMission(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := availabilityPage{Mission: m, Location: m.Location()}
	if p.Free, err = s.db.Availability(r.Context(), m.ID, u.Person.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if p.Blocks, err = s.db.AvailabilityBlocks(r.Context(), m.ID, u.Person.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "availability.html", p)
}

// handleAvailabilityBlock marks a time (in the mission's time zone) when
// the user is not available for B2B meetings.
func (s *Server) handleAvailabilityBlock(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	m, err := s.availabilityMission(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := s.newFormReader(r)
	b := &mission.AvailabilityBlock{MissionID: m.ID, PersonID: u.Person.ID, CreatedAt: s.now()}
	b.StartsAt, _ = f.dateTime("starts_at", m.Location())
	b.EndsAt, _ = f.dateTime("ends_at", m.Location())
	b.Note = f.text("note", false, 200)
	for _, msg := range f.errors {
		s.fail(w, r, withStatus(http.StatusUnprocessableEntity, mission.Errorf(mission.EINVALID, "%s", msg)))
		return
	}
	if err := s.db.AddAvailabilityBlock(r.Context(), b); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, availabilityPath(m), http.StatusSeeOther)
}

// handleAvailabilityUnblock removes one of the user's blocks; someone
// else's is not found.
func (s *Server) handleAvailabilityUnblock(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	m, err := s.availabilityMission(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("block"), 10, 64)
	if err != nil {
		s.fail(w, r, mission.Errorf(mission.ENOTFOUND, "availability block not found"))
		return
	}
	if err := s.db.DeleteAvailabilityBlock(r.Context(), id, u.Person.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, availabilityPath(m), http.StatusSeeOther)
}
