package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"caravan/internal/mission"
)

// feedbackPage is the data of feedback.html: the survey for a participant
// or local company (CanAnswer), with their meetings and whether they have
// recorded each one's outcome, and the organisers' editor of the survey's
// own questions (CanEdit).
type feedbackPage struct {
	Mission   *mission.Mission
	Location  *time.Location
	CanAnswer bool
	CanEdit   bool
	Open      bool // the mission has reached its last day
	Questions []string
	Own       []string // the answers to Questions, in order
	Meetings  []feedbackMeeting
	Scores    []string // the satisfaction scale, best first
	V         map[string]string
	Errors    fieldErrors
	Saved     bool
}

// feedbackMeeting is one of the reader's meetings with its outcome link.
type feedbackMeeting struct {
	Meeting  *mission.Meeting
	With     []*mission.Person
	Ended    bool
	Recorded bool
}

// feedbackMission returns the mission of the request when the user may
// answer its survey or edit it; it answers for the handler and returns nil
// otherwise.
func (s *Server) feedbackMission(w http.ResponseWriter, r *http.Request) (*mission.Mission, *mission.User) {
	u := s.requireUser(w, r)
	if u == nil {
		return nil, nil
	}
	m := s.shownMission(w, r, u)
	if m == nil {
		return nil, nil
	}
	if !s.canAnswerFeedback(u, m) && !can(u, actFeedbackEdit, m) {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return nil, nil
	}
	return m, u
}

// canAnswerFeedback reports whether u answers the mission's survey: a
// person who takes part as a participant or local company.
func (s *Server) canAnswerFeedback(u *mission.User, m *mission.Mission) bool {
	return u != nil && u.Person != nil && feedbackRole(u, m) != "" && can(u, actFeedbackGive, m)
}

// feedbackRole is how u answers the survey: as a participant, else as a
// local company, else "".
func feedbackRole(u *mission.User, m *mission.Mission) string {
	switch {
	case u.HasMissionRole(m.ID, mission.RoleParticipant):
		return mission.RoleParticipant
	case u.HasMissionRole(m.ID, mission.RoleLocal):
		return mission.RoleLocal
	}
	return ""
}

func (s *Server) feedbackPage(r *http.Request, u *mission.User, m *mission.Mission) (*feedbackPage, error) {
	ctx := r.Context()
	survey, err := s.db.FeedbackSurvey(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	p := &feedbackPage{Mission: m, Location: m.Location(), CanAnswer: s.canAnswerFeedback(u, m), CanEdit: can(u, actFeedbackEdit, m),
		Open: !s.now().Before(m.FeedbackOpensAt()), Questions: survey.Questions, Own: make([]string, len(survey.Questions)),
		Scores: []string{"5", "4", "3", "2", "1"},
		V:      map[string]string{"questions": strings.Join(survey.Questions, "\n")}, Errors: fieldErrors{}}
	if !p.CanAnswer {
		return p, nil
	}
	resp, err := s.db.FeedbackResponse(ctx, m.ID, u.Person.ID)
	switch {
	case err == nil:
		p.V["satisfaction"], p.V["worked"], p.V["improve"] = strconv.Itoa(resp.Satisfaction), resp.Worked, resp.Improve
		p.V["recommend"] = yesNo(resp.Recommend)
		for i, q := range p.Questions {
			for _, a := range resp.Answers {
				if a.Question == q {
					p.Own[i] = a.Answer
				}
			}
		}
	case mission.ErrorCode(err) != mission.ENOTFOUND:
		return nil, err
	}
	meetings, err := s.db.Meetings(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	outcomes, err := s.db.MeetingOutcomes(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	for _, mt := range meetings {
		if !slices.Contains(mt.PersonIDs, u.Person.ID) {
			continue
		}
		fm := feedbackMeeting{Meeting: mt, Ended: !s.now().Before(mt.EndsAt)}
		for _, o := range outcomes {
			fm.Recorded = fm.Recorded || (o.MeetingID == mt.ID && o.PersonID == u.Person.ID)
		}
		if fm.With, err = s.otherPeople(ctx, mt, u.Person.ID); err != nil {
			return nil, err
		}
		p.Meetings = append(p.Meetings, fm)
	}
	return p, nil
}

// handleFeedback shows the mission's feedback survey to its participants
// and local companies, and the editor of its own questions to organisers.
func (s *Server) handleFeedback(w http.ResponseWriter, r *http.Request) {
	m, u := s.feedbackMission(w, r)
	if m == nil {
		return
	}
	p, err := s.feedbackPage(r, u, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Saved = r.URL.Query().Get("saved") == "1"
	s.render(w, r, http.StatusOK, "feedback.html", p)
}

// handleFeedbackSave records or changes the user's response: one per
// person per mission, from the mission's last day on.
func (s *Server) handleFeedbackSave(w http.ResponseWriter, r *http.Request) {
	m, u := s.feedbackMission(w, r)
	if m == nil {
		return
	}
	if !s.canAnswerFeedback(u, m) {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return
	}
	p, err := s.feedbackPage(r, u, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !p.Open {
		s.fail(w, r, userError(mission.ECONFLICT, "feedback.not_yet"))
		return
	}
	fr := s.newFormReader(r)
	resp := &mission.FeedbackResponse{MissionID: m.ID, PersonID: u.Person.ID, Role: feedbackRole(u, m), UpdatedAt: s.now()}
	resp.Satisfaction, _ = strconv.Atoi(fr.choice("satisfaction", []string{"1", "2", "3", "4", "5"}))
	resp.Recommend = fr.choice("recommend", []string{"yes", "no"}) == "yes"
	resp.Worked = fr.text("worked", false, mission.MaxFeedbackText)
	resp.Improve = fr.text("improve", false, mission.MaxFeedbackText)
	for i, q := range p.Questions {
		a := fr.text(fmt.Sprintf("answer_%d", i), false, mission.MaxFeedbackText)
		p.Own[i] = a
		resp.Answers = append(resp.Answers, mission.FeedbackAnswer{Question: q, Answer: a})
	}
	p.V["satisfaction"], p.V["recommend"] = r.PostFormValue("satisfaction"), r.PostFormValue("recommend")
	p.V["worked"], p.V["improve"] = resp.Worked, resp.Improve
	if fr.ok() {
		err := s.db.SaveFeedbackResponse(r.Context(), resp)
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/missions/%d/feedback?saved=1", m.ID), http.StatusSeeOther)
			return
		}
		if !fr.storeError(err) {
			s.fail(w, r, err)
			return
		}
	}
	p.Errors = fr.errors
	s.render(w, r, http.StatusUnprocessableEntity, "feedback.html", p)
}

// handleFeedbackQuestions sets the survey's own open questions, one per
// line (the mission's organisers).
func (s *Server) handleFeedbackQuestions(w http.ResponseWriter, r *http.Request) {
	m, u := s.feedbackMission(w, r)
	if m == nil {
		return
	}
	if !can(u, actFeedbackEdit, m) {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return
	}
	text := r.PostFormValue("questions")
	survey := &mission.FeedbackSurvey{MissionID: m.ID, Questions: strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n"), UpdatedAt: s.now()}
	err := s.db.SaveFeedbackSurvey(r.Context(), survey)
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/missions/%d/feedback?saved=1", m.ID), http.StatusSeeOther)
		return
	}
	p, perr := s.feedbackPage(r, u, m)
	if perr != nil {
		s.fail(w, r, perr)
		return
	}
	fr := s.newFormReader(r)
	if !fr.storeError(err) {
		s.fail(w, r, err)
		return
	}
	p.V["questions"], p.Errors = text, fr.errors
	s.render(w, r, http.StatusUnprocessableEntity, "feedback.html", p)
}
