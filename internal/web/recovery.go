package web

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"caravan/internal/auth"
	"caravan/internal/mail"
	"caravan/internal/mission"
	"caravan/internal/store"
)

// This file holds what reaches people by e-mail: registration and the link
// that confirms the address, password reset, and accepting an invitation.

// openCall returns the published mission whose call is open that a
// registration is for: the one the query's mission names, or else the
// first with an open call. Without one, registration is closed: ENOTFOUND.
func (s *Server) openCall(ctx context.Context, missionID string) (*mission.Mission, error) {
	missions, err := s.publishedMissions(ctx)
	if err != nil {
		return nil, err
	}
	today := s.now().UTC()
	for _, m := range missions {
		if m.Status != mission.StatusCallOpen || (missionID != "" && strconv.FormatInt(m.ID, 10) != missionID) {
			continue
		}
		if (!m.CallOpensOn.IsZero() && today.Before(m.CallOpensOn)) || (!m.CallClosesOn.IsZero() && today.After(m.CallClosesOn.Add(24*time.Hour))) {
			continue
		}
		return m, nil
	}
	return nil, userError(mission.ENOTFOUND, "register.closed")
}

// handleRegisterForm shows the registration form of an open call.
func (s *Server) handleRegisterForm(w http.ResponseWriter, r *http.Request) {
	m, err := s.openCall(r.Context(), r.URL.Query().Get("mission"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "register.html", authPage{Mission: m, OrgKind: mission.KindSME, Kinds: mission.OrganisationKinds, MinPassword: auth.MinPasswordLen})
}

// handleRegister creates an unverified account for an applicant to an open
// call, with a new person in an organisation (an existing one of the same
// name and country, or a new one), and e-mails the link that confirms the
// address.
func (s *Server) handleRegister(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	l := s.localizer(r)
	m, err := s.openCall(ctx, r.PostFormValue("mission"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := authPage{
		Mission: m, MinPassword: auth.MinPasswordLen, Kinds: mission.OrganisationKinds,
		Name:    strings.TrimSpace(r.PostFormValue("name")),
		Email:   strings.ToLower(strings.TrimSpace(r.PostFormValue("email"))),
		OrgName: strings.TrimSpace(r.PostFormValue("organisation")), OrgCountry: strings.ToUpper(strings.TrimSpace(r.PostFormValue("country"))),
		OrgKind: r.PostFormValue("kind"),
	}
	invalid := func(msg string) {
		page.Error = msg
		s.render(w, r, http.StatusUnprocessableEntity, "register.html", page)
	}
	if ok, retry := s.addressLimit.Allow("ip:" + s.clientIP(r)); !ok {
		e := &auth.LimitError{RetryAfter: retry}
		w.Header().Set("Retry-After", itoa(e.Seconds()))
		page.Error = l.T("login.rate_limited", "count", e.Minutes())
		s.render(w, r, http.StatusTooManyRequests, "register.html", page)
		return
	}
	password := r.PostFormValue("password")
	if password != r.PostFormValue("password_repeat") {
		invalid(l.T("register.passwords_differ"))
		return
	}
	if err := auth.ValidatePassword(password, page.Email); err != nil {
		invalid(passwordMessage(l, err))
		return
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reg := &store.Registration{
		Person:  &mission.Person{Name: page.Name},
		Account: &mission.Account{Email: page.Email, PasswordHash: hash, Language: l.Lang(), CreatedAt: s.now()},
	}
	org := &mission.Organisation{Name: page.OrgName, Country: page.OrgCountry, Kind: page.OrgKind}
	if err := org.Validate(); err != nil {
		invalid(mission.ErrorMessage(err))
		return
	}
	if reg.OrganisationID, err = s.organisationNamed(r, org); err != nil {
		s.fail(w, r, err)
		return
	}
	if reg.OrganisationID == 0 {
		reg.Organisation = org
	}
	token, tokenBytes := auth.NewToken()
	expires := s.now().Add(auth.PurposeVerifyEmail.TTL())
	reg.VerifyToken = &mission.AuthToken{Hash: hex.EncodeToString(tokenBytes), ExpiresAt: expires, CreatedAt: s.now()}
	if reg.Email, err = s.email(r, "", reg.Account.Email, page.Name, mail.VerifyEmailData{Name: page.Name,
		Link: s.link(r, "/verify?token="+url.QueryEscape(token)), Expires: expires}); err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.db.Register(ctx, reg)
	switch mission.ErrorCode(err) {
	case "":
	case mission.ECONFLICT:
		// Say the same as for a new address, so that the form does not
		// reveal who has an account; the owner can sign in or reset the
		// password.
		s.audit(r, 0, mission.AuditRegistered, "account", 0, "address already registered")
		page.Done, page.Notice = true, l.T("register.check_email", "email", page.Email, "count", int(auth.PurposeVerifyEmail.TTL().Hours()))
		s.render(w, r, http.StatusOK, "register.html", page)
		return
	case mission.EINVALID:
		invalid(mission.ErrorMessage(err))
		return
	default:
		s.fail(w, r, err)
		return
	}
	s.audit(r, reg.Account.ID, mission.AuditRegistered, "mission", m.ID, "")
	page.Done, page.Notice = true, l.T("register.check_email", "email", page.Email, "count", int(auth.PurposeVerifyEmail.TTL().Hours()))
	s.render(w, r, http.StatusOK, "register.html", page)
}

// passwordMessage returns the catalogue's message for a password that the
// policy refuses.
func passwordMessage(l interface{ T(string, ...any) string }, err error) string {
	var pe *auth.PasswordError
	if errors.As(err, &pe) {
		return l.T(pe.ID(), "count", pe.Count)
	}
	return err.Error()
}

// handleVerify confirms an e-mail address with the link's token.
func (s *Server) handleVerify(w http.ResponseWriter, r *http.Request) {
	l := s.localizer(r)
	page := authPage{Title: l.T("verify.title"), Done: true}
	a, err := s.db.VerifyEmail(r.Context(), tokenHash(r.URL.Query().Get("token")), s.now())
	switch mission.ErrorCode(err) {
	case "":
		s.audit(r, a.ID, mission.AuditEmailVerified, "account", a.ID, "")
		page.Notice = l.T("verify.done")
		s.render(w, r, http.StatusOK, "notice.html", page)
	case mission.ENOTFOUND:
		page.Error = l.T("verify.invalid")
		s.render(w, r, http.StatusNotFound, "notice.html", page)
	default:
		s.fail(w, r, err)
	}
}

// handleForgotForm shows the form that asks for a password reset link.
func (s *Server) handleForgotForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "forgot.html", authPage{})
}

// handleForgot e-mails a password reset link when the address has an
// account, and always answers the same, so that the form does not reveal
// who has an account.
func (s *Server) handleForgot(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	l := s.localizer(r)
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	page := authPage{Email: email, Done: true,
		Notice: l.T("reset.request.sent", "email", email, "count", int(auth.PurposeResetPassword.TTL().Minutes()))}
	allowed, _ := s.addressLimit.Allow("ip:" + s.clientIP(r))
	if allowed && email != "" {
		allowed, _ = s.accountLimit.Allow("reset:" + email)
	}
	a, err := s.db.AccountByEmail(ctx, email)
	switch {
	case mission.ErrorCode(err) == mission.ENOTFOUND || email == "":
	case err != nil:
		s.fail(w, r, err)
		return
	case allowed && !a.Disabled():
		token, tokenBytes := auth.NewToken()
		expires := s.now().Add(auth.PurposeResetPassword.TTL())
		t := &mission.AuthToken{Hash: hex.EncodeToString(tokenBytes), Purpose: mission.TokenResetPassword, AccountID: a.ID, ExpiresAt: expires, CreatedAt: s.now()}
		msg, err := s.email(r, a.Language, a.Email, a.Person.Name, mail.ResetPasswordData{Name: a.Person.Name,
			Link: s.link(r, "/password/reset?token="+url.QueryEscape(token)), Expires: expires})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if err := s.db.CreateAuthToken(ctx, t, msg); err != nil {
			s.fail(w, r, err)
			return
		}
		s.audit(r, a.ID, mission.AuditPasswordForgot, "account", a.ID, "")
	}
	s.render(w, r, http.StatusOK, "forgot.html", page)
}

// handleResetForm shows the form that sets a new password, when the link's
// token is valid.
func (s *Server) handleResetForm(w http.ResponseWriter, r *http.Request) {
	l := s.localizer(r)
	token := r.URL.Query().Get("token")
	page := authPage{Token: token, MinPassword: auth.MinPasswordLen}
	if _, err := s.db.AuthToken(r.Context(), tokenHash(token), mission.TokenResetPassword, s.now()); err != nil {
		if mission.ErrorCode(err) != mission.ENOTFOUND {
			s.fail(w, r, err)
			return
		}
		page.Done, page.Error = true, l.T("reset.invalid")
		s.render(w, r, http.StatusNotFound, "reset.html", page)
		return
	}
	s.render(w, r, http.StatusOK, "reset.html", page)
}

// handleReset sets a new password with a valid, unused link token and ends
// every session of the account.
func (s *Server) handleReset(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	l := s.localizer(r)
	token := r.PostFormValue("token")
	page := authPage{Token: token, MinPassword: auth.MinPasswordLen}
	t, err := s.db.AuthToken(ctx, tokenHash(token), mission.TokenResetPassword, s.now())
	if err != nil {
		if mission.ErrorCode(err) != mission.ENOTFOUND {
			s.fail(w, r, err)
			return
		}
		page.Done, page.Error = true, l.T("reset.invalid")
		s.render(w, r, http.StatusNotFound, "reset.html", page)
		return
	}
	a, err := s.db.Account(ctx, t.AccountID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	hash, msg := s.newPassword(r, a.Email)
	if msg != "" {
		page.Error = msg
		s.render(w, r, http.StatusUnprocessableEntity, "reset.html", page)
		return
	}
	if _, err := s.db.ResetPassword(ctx, tokenHash(token), hash, s.now()); err != nil {
		if mission.ErrorCode(err) != mission.ENOTFOUND {
			s.fail(w, r, err)
			return
		}
		page.Done, page.Error = true, l.T("reset.invalid")
		s.render(w, r, http.StatusNotFound, "reset.html", page)
		return
	}
	s.audit(r, a.ID, mission.AuditPasswordReset, "account", a.ID, "")
	s.clearSessionCookie(w, r)
	page.Done, page.Notice = true, l.T("reset.done")
	s.render(w, r, http.StatusOK, "reset.html", page)
}

// invitationPage fills the invitation page from a valid token.
func (s *Server) invitationPage(ctx context.Context, r *http.Request, token string) (authPage, *mission.Account, error) {
	l := s.localizer(r)
	page := authPage{Token: token, MinPassword: auth.MinPasswordLen}
	t, err := s.db.AuthToken(ctx, tokenHash(token), mission.TokenInvite, s.now())
	if err != nil {
		return page, nil, err
	}
	a, err := s.db.Account(ctx, t.AccountID)
	if err != nil {
		return page, nil, err
	}
	var inv mission.Invitation
	if err := json.Unmarshal([]byte(t.Payload), &inv); err != nil {
		return page, nil, err
	}
	page.Email, page.Name = a.Email, a.Person.Name
	page.Role = l.T("role." + inv.Role)
	page.Inviter = l.T("app.name")
	if inv.InvitedBy != 0 {
		if by, err := s.db.Account(ctx, inv.InvitedBy); err == nil {
			page.Inviter = by.Person.Name
		}
	}
	return page, a, nil
}

// handleInvitationForm shows an invitation with the form that sets the
// password.
func (s *Server) handleInvitationForm(w http.ResponseWriter, r *http.Request) {
	page, _, err := s.invitationPage(r.Context(), r, r.PathValue("token"))
	if err != nil {
		s.invitationFailed(w, r, page, err)
		return
	}
	s.render(w, r, http.StatusOK, "invitation.html", page)
}

func (s *Server) invitationFailed(w http.ResponseWriter, r *http.Request, page authPage, err error) {
	if mission.ErrorCode(err) != mission.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	page.Done, page.Error = true, s.localizer(r).T("invite.invalid")
	s.render(w, r, http.StatusNotFound, "invitation.html", page)
}

// handleInvitationAccept activates an invited account: it sets the
// password, grants the invitation's role and signs the person in.
func (s *Server) handleInvitationAccept(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	token := r.PathValue("token")
	page, a, err := s.invitationPage(ctx, r, token)
	if err != nil {
		s.invitationFailed(w, r, page, err)
		return
	}
	hash, msg := s.newPassword(r, a.Email)
	if msg != "" {
		page.Error = msg
		s.render(w, r, http.StatusUnprocessableEntity, "invitation.html", page)
		return
	}
	a, inv, err := s.db.AcceptInvitation(ctx, tokenHash(token), hash, s.now())
	if err != nil {
		s.invitationFailed(w, r, page, err)
		return
	}
	s.audit(r, a.ID, mission.AuditInviteAccepted, "account", a.ID, "")
	target, id := "consortium", inv.ConsortiumID
	if inv.MissionID != 0 {
		target, id = "mission", inv.MissionID
	}
	s.audit(r, a.ID, mission.AuditRoleGranted, target, id, "role "+inv.Role+" by invitation")
	if err := s.startSession(w, r, a.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// sendVerifyEmail e-mails a new link that confirms the account's address.
func (s *Server) sendVerifyEmail(ctx context.Context, r *http.Request, a *mission.Account) error {
	token, hash := auth.NewToken()
	expires := s.now().Add(auth.PurposeVerifyEmail.TTL())
	msg, err := s.email(r, a.Language, a.Email, a.Person.Name, mail.VerifyEmailData{Name: a.Person.Name,
		Link: s.link(r, "/verify?token="+url.QueryEscape(token)), Expires: expires})
	if err != nil {
		return err
	}
	return s.db.CreateAuthToken(ctx, &mission.AuthToken{Hash: hex.EncodeToString(hash), Purpose: mission.TokenVerifyEmail,
		AccountID: a.ID, ExpiresAt: expires, CreatedAt: s.now()}, msg)
}
