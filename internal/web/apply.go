package web

import (
	"net/http"
	"strconv"
	"time"

	"caravan/internal/mission"
)

// applyPage is the data of apply.html: the mission's call, the user's
// application (nil before the first save), the values as typed and the
// messages.
type applyPage struct {
	Mission     *mission.Mission
	Call        *mission.Call
	Application *mission.Application
	Open        bool
	TakesPart   bool // the user is a participant already: no application
	V           map[string]string
	Errors      fieldErrors
}

// callOpen reports whether the mission takes applications on day: its
// status is call_open and day falls within the window's set ends.
func callOpen(m *mission.Mission, now time.Time) bool {
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	return m.Status == mission.StatusCallOpen &&
		(m.CallOpensOn.IsZero() || !day.Before(m.CallOpensOn)) &&
		(m.CallClosesOn.IsZero() || !day.After(m.CallClosesOn))
}

// applyContext loads what the apply form needs, answering for the handler
// (and returning nil) when the user may not apply.
func (s *Server) applyContext(w http.ResponseWriter, r *http.Request) (*applyPage, *mission.User) {
	m, u := s.missionFor(w, r, actApply)
	if m == nil {
		return nil, nil
	}
	ctx := r.Context()
	call, err := s.db.Call(ctx, m.ID)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil
	}
	p := &applyPage{Mission: m, Call: call, Open: callOpen(m, s.now()), TakesPart: u.HasMissionRole(m.ID, mission.RoleParticipant),
		V: map[string]string{}, Errors: fieldErrors{}}
	list, err := s.db.Applications(ctx, mission.ApplicationFilter{MissionID: m.ID, PersonID: u.Person.ID})
	if err != nil {
		s.fail(w, r, err)
		return nil, nil
	}
	if len(list) > 0 {
		p.Application = list[0]
		p.V["motivation"] = p.Application.Motivation
		for k, v := range p.Application.Answers {
			p.V["answer."+k] = v
		}
	}
	return p, u
}

// handleApplyForm shows the application form of a mission's call, or the
// user's application once it is submitted.
func (s *Server) handleApplyForm(w http.ResponseWriter, r *http.Request) {
	p, _ := s.applyContext(w, r)
	if p == nil {
		return
	}
	s.render(w, r, http.StatusOK, "apply.html", p)
}

// handleApply saves the form as a draft (action=save) or submits it
// (action=submit): answers checked against the call's questions, then the
// eligibility rules, whose outcome the applicant sees on their
// applications page.
func (s *Server) handleApply(w http.ResponseWriter, r *http.Request) {
	p, u := s.applyContext(w, r)
	if p == nil {
		return
	}
	ctx := r.Context()
	if !p.Open {
		s.fail(w, r, userError(mission.ECONFLICT, "apply.closed"))
		return
	}
	if p.TakesPart {
		s.fail(w, r, userError(mission.ECONFLICT, "apply.takes_part"))
		return
	}
	if p.Application != nil && p.Application.Status != mission.AppDraft {
		s.fail(w, r, userError(mission.ECONFLICT, "apply.already_submitted"))
		return
	}
	fr := s.newFormReader(r)
	a := &mission.Application{MissionID: p.Mission.ID, PersonID: u.Person.ID, Answers: map[string]string{}, CreatedAt: s.now(), UpdatedAt: s.now()}
	if p.Application != nil {
		a.ID = p.Application.ID
	}
	a.Motivation = fr.text("motivation", false, 5000)
	p.V["motivation"] = a.Motivation
	for _, q := range p.Call.Questions {
		v := fr.text("answer."+q.ID, false, 2000)
		p.V["answer."+q.ID] = v
		if v != "" {
			a.Answers[q.ID] = v
		}
	}
	submit := r.PostFormValue("action") == "submit"
	if submit {
		if a.Motivation == "" {
			fr.fail("motivation", "form.required")
		}
		answers, err := p.Call.CheckAnswers(a.Answers)
		if err != nil {
			var field string
			if e, ok := err.(*mission.Error); ok {
				field = e.Field
			}
			fr.fail(field, "apply.bad_answer")
		} else {
			a.Answers = answers
		}
	}
	if !fr.ok() {
		p.Errors = fr.errors
		s.render(w, r, http.StatusUnprocessableEntity, "apply.html", p)
		return
	}
	if err := s.db.SaveApplicationDraft(ctx, a); err != nil {
		if fr.storeError(err) {
			p.Errors = fr.errors
			s.render(w, r, http.StatusUnprocessableEntity, "apply.html", p)
			return
		}
		s.fail(w, r, err)
		return
	}
	if !submit {
		http.Redirect(w, r, "/missions/"+strconv.FormatInt(p.Mission.ID, 10)+"/apply?saved=1", http.StatusSeeOther)
		return
	}
	if _, err := s.db.ChangeApplication(ctx, mission.ApplicationChange{ApplicationID: a.ID, To: mission.AppSubmitted,
		ByPersonID: u.Person.ID, At: s.now()}, s.applicationMail(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.checkApplication(r, a.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/me/applications#application-"+strconv.FormatInt(a.ID, 10), http.StatusSeeOther)
}

// myApplication is one row of my_applications.html.
type myApplication struct {
	Application *mission.Application
	Mission     *mission.Mission
	Reasons     []string // failed eligibility rules, in the user's language
	CanWithdraw bool
	CanConfirm  bool
}

// handleMyApplications lists the user's applications with their status
// and, when not eligible, every failed rule in words.
func (s *Server) handleMyApplications(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	var rows []myApplication
	if u.Person != nil {
		ctx := r.Context()
		list, err := s.db.Applications(ctx, mission.ApplicationFilter{PersonID: u.Person.ID, Limit: 1000})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		l := s.localizer(r)
		for _, a := range list {
			m, err := s.db.Mission(ctx, a.MissionID)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			rows = append(rows, myApplication{Application: a, Mission: m, Reasons: failureTexts(l, a.Eligibility),
				CanWithdraw: mission.CanTransition(a.Status, mission.AppWithdrawn), CanConfirm: a.Status == mission.AppAccepted})
		}
	}
	s.render(w, r, http.StatusOK, "my_applications.html", rows)
}

// handleWithdraw withdraws the user's own application, with an optional
// reason; a place it held goes to the waiting list's next.
func (s *Server) handleWithdraw(w http.ResponseWriter, r *http.Request) {
	s.ownTransition(w, r, mission.AppWithdrawn, "apply.cannot_withdraw")
}

// handleConfirm confirms the place of the user's accepted application.
func (s *Server) handleConfirm(w http.ResponseWriter, r *http.Request) {
	s.ownTransition(w, r, mission.AppConfirmed, "apply.cannot_confirm")
}

// ownTransition moves the user's own application to the status, with the
// optional posted reason; someone else's application is not found, a move
// its status does not allow answers the message cannot.
func (s *Server) ownTransition(w http.ResponseWriter, r *http.Request, to, cannot string) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	id, err := parseID(r, "application")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.db.Application(r.Context(), id)
	if mission.ErrorCode(err) == mission.ENOTFOUND || (err == nil && !can(u, actApplicationOwn, a)) {
		s.fail(w, r, userError(mission.ENOTFOUND, "error.no_application", "id", strconv.FormatInt(id, 10)))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	reason := r.PostFormValue("reason")
	if runes := []rune(reason); len(runes) > 1000 {
		reason = string(runes[:1000])
	}
	_, err = s.db.ChangeApplication(r.Context(), mission.ApplicationChange{ApplicationID: a.ID, To: to,
		ByPersonID: u.Person.ID, Reason: reason, At: s.now()}, s.applicationMail(r))
	if mission.ErrorCode(err) == mission.ECONFLICT {
		s.fail(w, r, userError(mission.ECONFLICT, cannot))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, u.Account.ID, "application."+to, "application", a.ID, "")
	http.Redirect(w, r, "/me/applications#application-"+strconv.FormatInt(a.ID, 10), http.StatusSeeOther)
}
