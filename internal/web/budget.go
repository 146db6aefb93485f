package web

import (
	"net/http"

	"caravan/internal/mission"
)

// budgetPage is the data of budget.html.
type budgetPage struct {
	Consortium *mission.Consortium
	Budget     *mission.Budget
}

// handleBudget shows a consortium's travel-support budget per partner and
// per mission: committed, claimed, paid and left. Only its organisers (and
// admins) see it; to anyone else the consortium is not found.
func (s *Server) handleBudget(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	id, err := parseID(r, "consortium")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.db.Consortium(r.Context(), id)
	if err == nil && !can(u, actBudgetRead, c) {
		err = mission.Errorf(mission.ENOTFOUND, "There is no consortium %d.", id)
	}
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
