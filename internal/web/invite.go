package web

import (
	"encoding/hex"
	"net/http"
	"slices"
	"strings"

	"caravan/internal/auth"
	"caravan/internal/mail"
	"caravan/internal/mission"
	"caravan/internal/store"
)

// invitePage is the data of invite.html.
type invitePage struct {
	Mission                                         *mission.Mission
	Roles                                           []string
	Kinds                                           []string
	Name, Email, OrgName, OrgCountry, OrgKind, Role string
	Error, Notice                                   string
}

// inviteMission returns the mission of the request that the user may invite
// people to. A mission the user may not see is not found; one the user
// sees but does not organise is forbidden; signed out, the request is
// answered for the handler (nil, nil).
func (s *Server) inviteMission(w http.ResponseWriter, r *http.Request) (*mission.Mission, *mission.User) {
	u := s.requireUser(w, r)
	if u == nil {
		return nil, nil
	}
	id, err := parseID(r, "mission")
	if err != nil {
		s.fail(w, r, err)
		return nil, nil
	}
	m, err := s.visibleMission(r.Context(), u, id)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil
	}
	if !can(u, actPeopleInvite, m) {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return nil, nil
	}
	return m, u
}

// handleInviteForm shows the form that invites a person to a mission.
func (s *Server) handleInviteForm(w http.ResponseWriter, r *http.Request) {
	m, _ := s.inviteMission(w, r)
	if m == nil {
		return
	}
	s.render(w, r, http.StatusOK, "invite.html", invitePage{Mission: m, Roles: mission.MemberRoles, Kinds: mission.OrganisationKinds,
		OrgKind: mission.KindSME, Role: mission.RoleParticipant})
}

// handleInvite invites a person by e-mail to a role in the mission: an
// existing person with that address, or a new one in an organisation of
// that name and country (existing or new). The account, the single-use link
// and the e-mail are written in one transaction.
func (s *Server) handleInvite(w http.ResponseWriter, r *http.Request) {
	m, u := s.inviteMission(w, r)
	if m == nil {
		return
	}
	ctx := r.Context()
	page := invitePage{Mission: m, Roles: mission.MemberRoles, Kinds: mission.OrganisationKinds,
		Name:    strings.TrimSpace(r.PostFormValue("name")),
		Email:   strings.ToLower(strings.TrimSpace(r.PostFormValue("email"))),
		OrgName: strings.TrimSpace(r.PostFormValue("organisation")), OrgCountry: strings.ToUpper(strings.TrimSpace(r.PostFormValue("country"))),
		OrgKind: r.PostFormValue("kind"), Role: r.PostFormValue("role")}
	invalid := func(err error) {
		page.Error = mission.ErrorMessage(err)
		s.render(w, r, http.StatusUnprocessableEntity, "invite.html", page)
	}
	if !slices.Contains(mission.MemberRoles, page.Role) {
		invalid(mission.FieldError("role", "Choose a role."))
		return
	}
	if page.Email == "" {
		invalid(mission.FieldError("email", "E-mail address is required."))
		return
	}
	token, hash := auth.NewToken()
	now := s.now()
	req := store.InviteRequest{
		Invitation: mission.Invitation{MissionID: m.ID, Role: page.Role, InvitedBy: u.Account.ID},
		TokenHash:  hex.EncodeToString(hash), ExpiresAt: now.Add(auth.PurposeInvite.TTL()),
	}
	existing, err := s.db.Persons(ctx, mission.PersonFilter{Email: page.Email, Limit: 1})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := page.Name
	if len(existing) == 1 {
		req.PersonID, name = existing[0].ID, existing[0].Name
	} else {
		req.Person = &mission.Person{Name: page.Name, Email: page.Email}
		org := &mission.Organisation{Name: page.OrgName, Country: page.OrgCountry, Kind: page.OrgKind}
		if err := org.Validate(); err != nil {
			invalid(err)
			return
		}
		if req.OrganisationID, err = s.organisationNamed(r, org); err != nil {
			s.fail(w, r, err)
			return
		}
		if req.OrganisationID == 0 {
			req.Organisation = org
		}
	}
	if req.Email, err = s.email(r, "", page.Email, name, mail.InviteData{Name: name, Inviter: u.Person.Name,
		Organisation: u.Person.Organisation.Name, Role: page.Role,
		Link: s.link(r, "/invitations/"+token), Expires: req.ExpiresAt}); err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.db.Invite(ctx, req, now)
	if code := mission.ErrorCode(err); code == mission.EINVALID || code == mission.ECONFLICT {
		invalid(err)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, u.Account.ID, mission.AuditInviteSent, "mission", m.ID, "account "+itoa(int(a.ID))+" as "+page.Role)
	page = invitePage{Mission: m, Roles: mission.MemberRoles, Kinds: mission.OrganisationKinds, OrgKind: mission.KindSME,
		Role: mission.RoleParticipant, Notice: s.localizer(r).T("invite.sent", "email", a.Email)}
	s.render(w, r, http.StatusOK, "invite.html", page)
}

// organisationNamed returns the id of the organisation with o's name
// (ignoring case) and country, or 0 when there is none.
func (s *Server) organisationNamed(r *http.Request, o *mission.Organisation) (int64, error) {
	list, err := s.db.Organisations(r.Context(), mission.OrganisationFilter{Country: o.Country, Query: o.Name, Limit: 50})
	if err != nil {
		return 0, err
	}
	for _, e := range list {
		if strings.EqualFold(e.Name, o.Name) {
			return e.ID, nil
		}
	}
	return 0, nil
}
