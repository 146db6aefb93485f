package web

import (
	"net/http"
	"strconv"
	"time"

	"caravan/internal/mail"
	"caravan/internal/mission"
)

// requestPage is the data of requests.html: the user's meeting requests in
// a mission, the form to send one, and for organisers every request and the
// matchmaking settings.
type requestPage struct {
	Mission            *mission.Mission
	Location           *time.Location
	Settings           *mission.Matchmaking
	CanSend, CanManage bool
	Sent, Received     []*mission.MeetingRequest
	All                []*mission.MeetingRequest
	SentCount          int
	Members            []*mission.Person // whom the user may ask
	To                 int64             // preselected in the form (?to=)
	Names              map[int64]string
	DeadlineValue      string // the settings form's datetime-local value
}

// requestMission returns the mission of the path's {id} when u may see it
// and send requests in it or manage them; others get not found or
// forbidden.
func (s *Server) requestMission(r *http.Request, u *mission.User) (*mission.Mission, error) {
	return s.missionOfPath(r, u, userError(mission.EFORBIDDEN, "request.not_member"), actRequestSend, actRequestsManage)
}

// handleRequestList shows the user's meeting requests in a mission.
func (s *Server) handleRequestList(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	m, err := s.requestMission(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	p := requestPage{Mission: m, Location: m.Location(), CanSend: u.Person != nil && can(u, actRequestSend, m), CanManage: can(u, actRequestsManage, m),
		Names: map[int64]string{}}
	if p.Settings, err = s.db.Matchmaking(ctx, m.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if !p.Settings.RequestDeadline.IsZero() {
		p.DeadlineValue = p.Settings.RequestDeadline.In(p.Location).Format("2006-01-02T15:04")
	}
	members, err := s.db.MissionMembers(ctx, m.ID, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	seen := map[int64]bool{}
	for _, mm := range members {
		p.Names[mm.PersonID] = mm.Person.Name
		if mm.Role == mission.RoleOrganiser || mm.Role == mission.RoleViewer || seen[mm.PersonID] ||
			(u.Person != nil && mm.PersonID == u.Person.ID) {
			continue
		}
		seen[mm.PersonID] = true
		p.Members = append(p.Members, mm.Person)
	}
	p.To, _ = strconv.ParseInt(r.URL.Query().Get("to"), 10, 64)
	if p.CanManage {
		if p.All, err = s.db.MeetingRequests(ctx, m.ID, 0); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if p.CanSend {
		mine, err := s.db.MeetingRequests(ctx, m.ID, u.Person.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, req := range mine {
			if req.FromPersonID == u.Person.ID {
				p.Sent = append(p.Sent, req)
				if req.Status != mission.RequestCancelled {
					p.SentCount++
				}
			} else {
				p.Received = append(p.Received, req)
			}
		}
	}
	s.render(w, r, http.StatusOK, "requests.html", p)
}

func requestsPath(missionID int64) string {
	return "/missions/" + strconv.FormatInt(missionID, 10) + "/requests"
}

// handleRequestSend sends a meeting request from the user to another
// member of the mission, e-mailed to the recipient in their language.
func (s *Server) handleRequestSend(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	m, err := s.requestMission(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if u.Person == nil || !can(u, actRequestSend, m) {
		s.fail(w, r, userError(mission.EFORBIDDEN, "request.not_member"))
		return
	}
	to, err := strconv.ParseInt(r.PostFormValue("to"), 10, 64)
	if err != nil || to <= 0 {
		s.fail(w, r, userError(mission.EINVALID, "request.not_member"))
		return
	}
	sender, err := s.db.Person(r.Context(), u.Person.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	settings, err := s.db.Matchmaking(r.Context(), m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	link := s.link(r, requestsPath(m.ID))
	send := func(req *mission.MeetingRequest, m *mission.Mission, to *mission.Person, lang string) (*mission.Email, error) {
		data := mail.MeetingRequestData{Name: to.Name, From: sender.Name, Mission: m.Title, Message: req.Message, Link: link}
		if sender.Organisation != nil {
			data.Organisation = sender.Organisation.Name
		}
		if !settings.RequestDeadline.IsZero() {
			data.AnswerBy = settings.RequestDeadline.In(m.Location())
		}
		return s.email(r, lang, to.Email, to.Name, data)
	}
	req := &mission.MeetingRequest{MissionID: m.ID, FromPersonID: u.Person.ID, ToPersonID: to,
		Message: r.PostFormValue("message"), Priority: r.PostFormValue("priority")}
	err = s.db.SendMeetingRequest(r.Context(), req, s.now(), send)
	switch mission.ErrorCode(err) {
	case "":
	case mission.EFORBIDDEN:
		s.fail(w, r, userError(mission.EFORBIDDEN, "request.not_member"))
		return
	case mission.ECONFLICT:
		s.fail(w, r, userError(mission.ECONFLICT, "request.refused"))
		return
	default:
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, requestsPath(m.ID)+"#sent", http.StatusSeeOther)
}

// meetingRequest returns the request of the path's {id} and its mission
// when u may take the action on it; anyone else, its organisers included,
// gets not found, so nobody learns of others' requests.
func (s *Server) meetingRequest(r *http.Request, u *mission.User, action string) (*mission.MeetingRequest, *mission.Mission, error) {
	id, err := parseID(r, "meeting_request")
	if err != nil {
		return nil, nil, err
	}
	notFound := userError(mission.ENOTFOUND, "request.no_request", "id", strconv.FormatInt(id, 10))
	req, err := s.db.MeetingRequest(r.Context(), id)
	if mission.ErrorCode(err) == mission.ENOTFOUND || (err == nil && (u.Person == nil || !can(u, action, req))) {
		return nil, nil, notFound
	} else if err != nil {
		return nil, nil, err
	}
	m, err := s.visibleMission(r.Context(), u, req.MissionID)
	if mission.ErrorCode(err) == mission.ENOTFOUND {
		return nil, nil, notFound
	} else if err != nil {
		return nil, nil, err
	}
	return req, m, nil
}

// handleRequestAnswer accepts or declines a request as the person asked,
// with an optional reason, and e-mails the sender in their language.
func (s *Server) handleRequestAnswer(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	req, m, err := s.meetingRequest(r, u, actRequestAnswer)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	accept := r.PostFormValue("decision") == "accept"
	if !accept && r.PostFormValue("decision") != "decline" {
		s.fail(w, r, userError(mission.EINVALID, "request.closed"))
		return
	}
	link := s.link(r, requestsPath(m.ID))
	answerer := u.Person.Name
	notify := func(req *mission.MeetingRequest, m *mission.Mission, to *mission.Person, lang string) (*mission.Email, error) {
		return s.email(r, lang, to.Email, to.Name, mail.MeetingAnswerData{Name: to.Name, To: answerer, Mission: m.Title,
			Accepted: req.Status == mission.RequestAccepted, Reason: req.Reason, Link: link})
	}
	_, err = s.db.AnswerMeetingRequest(r.Context(), req.ID, u.Person.ID, accept, r.PostFormValue("reason"), s.now(), notify)
	if mission.ErrorCode(err) == mission.ECONFLICT {
		err = userError(mission.ECONFLICT, "request.closed")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, requestsPath(m.ID)+"#received", http.StatusSeeOther)
}

// handleRequestCancel withdraws a pending request as its sender.
func (s *Server) handleRequestCancel(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	req, m, err := s.meetingRequest(r, u, actRequestCancel)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_, err = s.db.CancelMeetingRequest(r.Context(), req.ID, u.Person.ID, s.now())
	if mission.ErrorCode(err) == mission.ECONFLICT {
		err = userError(mission.ECONFLICT, "request.closed")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, requestsPath(m.ID)+"#sent", http.StatusSeeOther)
}

// handleMatchmakingSave sets the mission's request deadline (in the
// mission's time zone; empty for none) and the limit of requests per
// person, for its organisers.
func (s *Server) handleMatchmakingSave(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	m, err := s.requestMission(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !can(u, actRequestsManage, m) {
		s.fail(w, r, withStatus(http.StatusForbidden, userError(mission.EFORBIDDEN, "request.not_member")))
		return
	}
	f := s.newFormReader(r)
	mm := &mission.Matchmaking{MissionID: m.ID, UpdatedAt: s.now()}
	if r.PostFormValue("deadline") != "" {
		mm.RequestDeadline, _ = f.dateTime("deadline", m.Location())
	}
	mm.MaxRequests, _ = f.count("max_requests", 1000)
	if !f.ok() {
		for _, msg := range f.errors {
			s.fail(w, r, withStatus(http.StatusUnprocessableEntity, mission.Errorf(mission.EINVALID, "%s", msg)))
			return
		}
	}
	if err := s.db.SetMatchmaking(r.Context(), mm); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, requestsPath(m.ID)+"#settings", http.StatusSeeOther)
}
