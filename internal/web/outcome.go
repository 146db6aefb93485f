package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"caravan/internal/mission"
)

// meetingParty is a meeting seen by someone who would record its outcome
// (actOutcomeRecord): only the meeting's own people may.
type meetingParty struct {
	Meeting *mission.Meeting
	Mission *mission.Mission
}

// outcomePage is the data of outcome.html.
type outcomePage struct {
	Mission  *mission.Mission
	Location *time.Location
	Meeting  *mission.Meeting
	With     []*mission.Person
	Ended    bool
	Kinds    []string
	V        map[string]string
	Errors   fieldErrors
	Saved    bool
}

// outcomeMeeting returns the mission and meeting of the request when the
// user is one of the meeting's people; it answers for the handler and
// returns nils otherwise (404 to everyone else, as if the meeting did not
// exist).
func (s *Server) outcomeMeeting(w http.ResponseWriter, r *http.Request) (*mission.Mission, *mission.Meeting, *mission.User) {
	u := s.requireUser(w, r)
	if u == nil {
		return nil, nil, nil
	}
	id, err := parseID(r, "mission")
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, nil
	}
	m, err := s.visibleMission(r.Context(), u, id)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, nil
	}
	meetingID, _ := strconv.ParseInt(r.PathValue("meeting"), 10, 64)
	var mt *mission.Meeting
	if meetingID > 0 {
		list, err := s.db.Meetings(r.Context(), m.ID)
		if err != nil {
			s.fail(w, r, err)
			return nil, nil, nil
		}
		for _, x := range list {
			if x.ID == meetingID {
				mt = x
			}
		}
	}
	// Only its own people: admins too are refused, having no outcome of their own.
	if mt == nil || u.Person == nil || !can(u, actOutcomeRecord, meetingParty{Meeting: mt, Mission: m}) ||
		!slices.Contains(mt.PersonIDs, u.Person.ID) {
		s.fail(w, r, userError(mission.ENOTFOUND, "outcome.no_meeting", "id", r.PathValue("meeting")))
		return nil, nil, nil
	}
	return m, mt, u
}

func (s *Server) outcomePage(r *http.Request, u *mission.User, m *mission.Mission, mt *mission.Meeting) (*outcomePage, error) {
	p := &outcomePage{Mission: m, Location: m.Location(), Meeting: mt, Ended: !s.now().Before(mt.EndsAt),
		Kinds: mission.OutcomeKinds, V: map[string]string{}, Errors: fieldErrors{}}
	var err error
	if p.With, err = s.otherPeople(r.Context(), mt, u.Person.ID); err != nil {
		return nil, err
	}
	list, err := s.db.MeetingOutcomes(r.Context(), m.ID)
	if err != nil {
		return nil, err
	}
	for _, o := range list {
		if o.MeetingID == mt.ID && o.PersonID == u.Person.ID {
			p.V = map[string]string{"held": yesNo(o.Held), "outcome": o.Outcome, "note": o.Note}
		}
	}
	return p, nil
}

// yesNo is a boolean as the forms send it.
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// handleOutcomeForm shows one's own record of a meeting: whether it took
// place and what came of it, once it has ended.
func (s *Server) handleOutcomeForm(w http.ResponseWriter, r *http.Request) {
	m, mt, u := s.outcomeMeeting(w, r)
	if m == nil {
		return
	}
	p, err := s.outcomePage(r, u, m, mt)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Saved = r.URL.Query().Get("saved") == "1"
	s.render(w, r, http.StatusOK, "outcome.html", p)
}

// handleOutcomeSave records or changes one's own outcome of a meeting.
func (s *Server) handleOutcomeSave(w http.ResponseWriter, r *http.Request) {
	m, mt, u := s.outcomeMeeting(w, r)
	if m == nil {
		return
	}
	p, err := s.outcomePage(r, u, m, mt)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fr := s.newFormReader(r)
	held := fr.choice("held", []string{"yes", "no"}) == "yes"
	kind := mission.OutcomeNone
	if held {
		kind = fr.choice("outcome", mission.OutcomeKinds)
	}
	note := fr.text("note", false, mission.MaxOutcomeNote)
	p.V = map[string]string{"held": r.PostFormValue("held"), "outcome": kind, "note": note}
	if fr.ok() {
		err := s.db.SaveMeetingOutcome(r.Context(), m.ID, &mission.MeetingOutcome{MeetingID: mt.ID, PersonID: u.Person.ID,
			Held: held, Outcome: kind, Note: note, UpdatedAt: s.now()})
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/missions/%d/meetings/%d/outcome?saved=1", m.ID, mt.ID), http.StatusSeeOther)
			return
		}
		if !fr.storeError(err) {
			s.fail(w, r, err)
			return
		}
	}
	p.Errors = fr.errors
	s.render(w, r, http.StatusUnprocessableEntity, "outcome.html", p)
}

// outcomeURL returns the page where a meeting's people record its outcome,
// or "" while the meeting has not ended.
func (s *Server) outcomeURL(missionID int64, mt *mission.Meeting) string {
	if s.now().Before(mt.EndsAt) {
		return ""
	}
	return fmt.Sprintf("/missions/%d/meetings/%d/outcome", missionID, mt.ID)
}

// otherPeople returns the people of a meeting other than personID.
func (s *Server) otherPeople(ctx context.Context, mt *mission.Meeting, personID int64) ([]*mission.Person, error) {
	var list []*mission.Person
	for _, pid := range mt.PersonIDs {
		if pid == personID {
			continue
		}
		p, err := s.db.Person(ctx, pid)
		if err != nil {
			return nil, err
		}
		list = append(list, p)
	}
	return list, nil
}
