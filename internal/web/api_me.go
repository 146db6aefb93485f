package web

import (
	"cmp"
	"net/http"
	"slices"
	"time"

	"caravan/internal/mission"
)

// meJSON is GET /api/v1/me: the signed-in account, its person and roles,
// and how the request was authenticated ("session" or "token").
type meJSON struct {
	Account accountJSON `json:"account"`
	Person  personJSON  `json:"person"`
	Roles   rolesJSON   `json:"roles"`
	Auth    string      `json:"auth"`
}

type accountJSON struct {
	ID            int64  `json:"id"`
	Email         string `json:"email"`
	EmailVerified bool   `json:"email_verified"`
	Language      string `json:"language"`
	IsAdmin       bool   `json:"is_admin"`
	CreatedAt     string `json:"created_at"`
}

// personJSON is a person; Email and Phone appear only to those who may
// read them (policy actPersonPrivateRead).
type personJSON struct {
	ID           int64            `json:"id"`
	Name         string           `json:"name"`
	JobTitle     string           `json:"job_title"`
	Languages    []string         `json:"languages"`
	Bio          string           `json:"bio"`
	Organisation organisationJSON `json:"organisation"`
	Email        *string          `json:"email,omitempty"`
	Phone        *string          `json:"phone,omitempty"`
}

type rolesJSON struct {
	Consortia []consortiumRoleJSON `json:"consortia"`
	Missions  []missionRoleJSON    `json:"missions"`
}

type consortiumRoleJSON struct {
	ConsortiumID int64  `json:"consortium_id"`
	Role         string `json:"role"`
}

type missionRoleJSON struct {
	MissionID int64  `json:"mission_id"`
	Role      string `json:"role"`
}

// toPersonJSON returns a person's API shape, with the private fields when
// private is true.
func toPersonJSON(p *mission.Person, private bool) personJSON {
	out := personJSON{ID: p.ID, Name: p.Name, JobTitle: p.JobTitle, Languages: nonNil(p.Languages), Bio: p.Bio,
		Organisation: orgJSON(p.Organisation)}
	if private {
		email, phone := p.Email, p.Phone
		out.Email, out.Phone = &email, &phone
	}
	return out
}

// handleAPIMe answers GET /api/v1/me.
func (s *Server) handleAPIMe(w http.ResponseWriter, r *http.Request) {
	u := s.signedInAPI(w, r)
	if u == nil {
		return
	}
	if !can(u, actAccountRead, u.Account) {
		s.fail(w, r, errForbidden("read this account"))
		return
	}
	a := u.Account
	out := meJSON{
		Account: accountJSON{ID: a.ID, Email: a.Email, EmailVerified: a.Verified(), Language: a.Language, IsAdmin: a.IsAdmin,
			CreatedAt: rfc3339(a.CreatedAt, time.UTC)},
		Roles: rolesJSON{Consortia: []consortiumRoleJSON{}, Missions: []missionRoleJSON{}},
		Auth:  "session",
	}
	if u.APITokenID != 0 {
		out.Auth = "token"
	}
	if u.Person != nil {
		p := u.Person
		if p.Organisation == nil && p.OrganisationID != 0 {
			o, err := s.db.Organisation(r.Context(), p.OrganisationID)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			p.Organisation = o
		}
		out.Person = toPersonJSON(p, can(u, actPersonPrivateRead, personInMission{Person: p}))
	}
	for id, roles := range u.Roles.Consortium {
		for _, role := range roles {
			out.Roles.Consortia = append(out.Roles.Consortia, consortiumRoleJSON{ConsortiumID: id, Role: role})
		}
	}
	for id, roles := range u.Roles.Mission {
		for _, role := range roles {
			out.Roles.Missions = append(out.Roles.Missions, missionRoleJSON{MissionID: id, Role: role})
		}
	}
	slices.SortFunc(out.Roles.Consortia, func(a, b consortiumRoleJSON) int {
		return cmp.Or(cmp.Compare(a.ConsortiumID, b.ConsortiumID), cmp.Compare(a.Role, b.Role))
	})
	slices.SortFunc(out.Roles.Missions, func(a, b missionRoleJSON) int {
		return cmp.Or(cmp.Compare(a.MissionID, b.MissionID), cmp.Compare(a.Role, b.Role))
	})
	writeJSON(w, http.StatusOK, out)
}
