package web

import (
	"net/http"
	"strconv"

	"caravan/internal/mission"
)

// handleRequestWithdraw cancels an accepted meeting request on behalf of
// either of its two people: the meeting will not take place. A published
// meeting stays in the agendas until the organisers repair and publish the
// schedule, which e-mails both people that it is cancelled.
func (s *Server) handleRequestWithdraw(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	req, m, err := s.meetingRequest(r, u, actRequestWithdraw)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_, err = s.db.CancelAcceptedRequest(r.Context(), req.ID, u.Person.ID, s.now())
	if mission.ErrorCode(err) == mission.ECONFLICT {
		err = userError(mission.ECONFLICT, "request.closed")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, requestsPath(m.ID)+"#request-"+strconv.FormatInt(req.ID, 10), http.StatusSeeOther)
}
