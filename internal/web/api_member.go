package web

import (
	"net/http"
	"slices"
	"strings"

	"caravan/internal/mission"
)

// memberJSON is one member of a mission: a person in a role. The person's
// e-mail address and phone number appear only to those who may read them.
type memberJSON struct {
	Role   string     `json:"role"`
	Person personJSON `json:"person"`
}

// handleAPIMemberList answers GET /api/v1/missions/{id}/members
// (?role= one of the member roles): the mission's people for its members,
// organisers and admins, ordered by role then name, all on one page.
func (s *Server) handleAPIMemberList(w http.ResponseWriter, r *http.Request) {
	u := s.signedInAPI(w, r)
	if u == nil {
		return
	}
	id, err := parseID(r, "mission")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	role := r.URL.Query().Get("role")
	if role != "" && !slices.Contains(mission.MemberRoles, role) {
		s.fail(w, r, mission.FieldError("role", "role must be one of %s.", strings.Join(mission.MemberRoles, ", ")))
		return
	}
	ctx := r.Context()
	m, err := s.visibleMission(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !can(u, actDirectoryRead, m) {
		s.fail(w, r, errForbidden("see this mission's people: only its members and organisers do"))
		return
	}
	members, err := s.db.MissionMembers(ctx, id, role)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := listJSON[memberJSON]{Items: []memberJSON{}}
	for _, mm := range members {
		private := can(u, actPersonPrivateRead, personInMission{Person: mm.Person, Mission: m})
		out.Items = append(out.Items, memberJSON{Role: mm.Role, Person: toPersonJSON(mm.Person, private)})
	}
	writeJSON(w, http.StatusOK, out)
}
