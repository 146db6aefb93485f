package web

import (
	"net/http"
	"strconv"

	"caravan/internal/mission"
)

// budgetPage is the data of budget.html.
type budgetPage struct {
	Consortium *mission.Consortium
	Budget     *mission.Budget
}

// consortiumOfPath returns the consortium of the path's {id} when u may do
// the action to it; to anyone else it is not found, as a consortium's pages
// are its organisers' and viewers' only.
func (s *Server) consortiumOfPath(r *http.Request, u *mission.User, action string) (*mission.Consortium, error) {
	id, err := parseID(r, "consortium")
	if err != nil {
		return nil, err
	}
	c, err := s.db.Consortium(r.Context(), id)
	if err == nil && !can(u, action, c) {
		err = userError(mission.ENOTFOUND, "error.no_consortium", "id", strconv.FormatInt(id, 10))
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

// handleBudget shows a consortium's travel-support budget per partner and
// per mission: committed, claimed, paid and left. Only its organisers (and
// admins) see it; to anyone else the consortium is not found.
func (s *Server) handleBudget(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	c, err := s.consortiumOfPath(r, u, actBudgetRead)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, err := s.db.Budget(r.Context(), c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "budget.html", budgetPage{Consortium: c, Budget: b})
}
