package web

import (
	"encoding/hex"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"caravan/internal/auth"
	"caravan/internal/mail"
	"caravan/internal/mission"
	"caravan/internal/store"
)

// invitePage is the data of invite.html.
type invitePage struct {
	Title                                           string // of the mission or consortium
	Action                                          string // the form's path
	Roles                                           []string
	Kinds                                           []string
	Name, Email, OrgName, OrgCountry, OrgKind, Role string
	Error, Notice                                   string
}

// inviteTarget is what an invitation is to: a mission or a consortium.
type inviteTarget struct {
	title, action, auditType string
	id                       int64
	roles                    []string
	defaultRole              string
	invitation               func(role string, by int64) mission.Invitation
}

// missionTarget returns the mission of the request as an invitation target
// when the user may invite people to it: a mission the user may not see is
// not found, one the user sees but does not organise forbidden.
func (s *Server) missionTarget(r *http.Request, u *mission.User) (*inviteTarget, error) {
	m, err := s.missionOfPath(r, u, userError(mission.EFORBIDDEN, "error.message.forbidden"), actPeopleInvite)
	if err != nil {
		return nil, err
	}
	return &inviteTarget{title: m.Title, action: "/missions/" + strconv.FormatInt(m.ID, 10) + "/invite", auditType: "mission",
		id: m.ID, roles: mission.MemberRoles, defaultRole: mission.RoleParticipant, invitation: func(role string, by int64) mission.Invitation {
			return mission.Invitation{MissionID: m.ID, Role: role, InvitedBy: by}
		}}, nil
}

// consortiumTarget returns the consortium of the request as an invitation
// target (organisers and viewers) when the user organises it; to anyone
// else it is not found.
func (s *Server) consortiumTarget(r *http.Request, u *mission.User) (*inviteTarget, error) {
	c, err := s.consortiumOfPath(r, u, actPeopleInvite)
	if err != nil {
		return nil, err
	}
	return &inviteTarget{title: c.Name, action: "/consortia/" + strconv.FormatInt(c.ID, 10) + "/invite", auditType: "consortium",
		id: c.ID, roles: mission.ConsortiumRoles, defaultRole: mission.ConsortiumViewer, invitation: func(role string, by int64) mission.Invitation {
			return mission.Invitation{ConsortiumID: c.ID, Role: role, InvitedBy: by}
		}}, nil
}

// inviteHandlers returns the form and the submit handlers of invitations to
// the target that find finds.
func (s *Server) inviteHandlers(find func(*http.Request, *mission.User) (*inviteTarget, error)) (form, submit http.HandlerFunc) {
	target := func(w http.ResponseWriter, r *http.Request) (*inviteTarget, *mission.User) {
		u := s.requireUser(w, r)
		if u == nil {
			return nil, nil
		}
		t, err := find(r, u)
		if err != nil {
			s.fail(w, r, err)
			return nil, nil
		}
		return t, u
	}
	form = func(w http.ResponseWriter, r *http.Request) {
		t, _ := target(w, r)
		if t == nil {
			return
		}
		s.render(w, r, http.StatusOK, "invite.html", invitePage{Title: t.title, Action: t.action, Roles: t.roles,
			Kinds: mission.OrganisationKinds, OrgKind: mission.KindSME, Role: t.defaultRole})
	}
	submit = func(w http.ResponseWriter, r *http.Request) {
		t, u := target(w, r)
		if t == nil {
			return
		}
		s.invite(w, r, u, t)
	}
	return form, submit
}

// invite invites a person by e-mail to a role in the target: an existing
// person with that address, or a new one in an organisation of that name
// and country (existing or new). The account, the single-use link and the
// e-mail are written in one transaction.
func (s *Server) invite(w http.ResponseWriter, r *http.Request, u *mission.User, t *inviteTarget) {
	ctx := r.Context()
	page := invitePage{Title: t.title, Action: t.action, Roles: t.roles, Kinds: mission.OrganisationKinds,
		Name:    strings.TrimSpace(r.PostFormValue("name")),
		Email:   strings.ToLower(strings.TrimSpace(r.PostFormValue("email"))),
		OrgName: strings.TrimSpace(r.PostFormValue("organisation")), OrgCountry: strings.ToUpper(strings.TrimSpace(r.PostFormValue("country"))),
		OrgKind: r.PostFormValue("kind"), Role: r.PostFormValue("role")}
	invalid := func(err error) {
		page.Error = mission.ErrorMessage(err)
		s.render(w, r, http.StatusUnprocessableEntity, "invite.html", page)
	}
	if !slices.Contains(t.roles, page.Role) {
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
		Invitation: t.invitation(page.Role, u.Account.ID),
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
	s.audit(r, u.Account.ID, mission.AuditInviteSent, t.auditType, t.id, "account "+strconv.FormatInt(a.ID, 10)+" as "+page.Role)
	s.render(w, r, http.StatusOK, "invite.html", invitePage{Title: t.title, Action: t.action, Roles: t.roles,
		Kinds: mission.OrganisationKinds, OrgKind: mission.KindSME, Role: page.Role,
		Notice: s.localizer(r).T("invite.sent", "email", a.Email)})
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
