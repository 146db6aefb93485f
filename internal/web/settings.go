package web

import (
	"encoding/hex"
	"net/http"
	"strconv"

	"caravan/internal/auth"
	"caravan/internal/mission"
)

// settingsPage is the data of settings.html.
type settingsPage struct {
	User      *mission.User
	Languages []string
	Tokens    []*mission.APIToken
	NewToken  string // shown once, right after it is created
	Notice    string
	Error     string
	// Section names the form that Error is about: "profile", "password",
	// "tokens".
	Section     string
	MinPassword int
	// PublicMention is the person's consent to be named in public stories.
	PublicMention bool
}

// settingsUser returns the signed-in user that may change its own
// settings; signed-out requests are answered for the handler.
func (s *Server) settingsUser(w http.ResponseWriter, r *http.Request) *mission.User {
	u := s.requireUser(w, r)
	if u == nil {
		return nil
	}
	if !can(u, actAccountEdit, u.Account) {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return nil
	}
	return u
}

// renderSettings shows the settings page with the user's API tokens.
func (s *Server) renderSettings(w http.ResponseWriter, r *http.Request, status int, page settingsPage) {
	tokens, err := s.db.APITokens(r.Context(), page.User.Account.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page.Tokens = tokens
	if page.User.Person != nil {
		if page.PublicMention, err = s.db.PublicMention(r.Context(), page.User.Person.ID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	page.MinPassword = auth.MinPasswordLen
	for _, tag := range s.bundle.Languages() {
		page.Languages = append(page.Languages, tag.String())
	}
	s.render(w, r, status, "settings.html", page)
}

// handleSettings shows the signed-in user's settings.
func (s *Server) handleSettings(w http.ResponseWriter, r *http.Request) {
	u := s.settingsUser(w, r)
	if u == nil {
		return
	}
	page := settingsPage{User: u}
	switch r.URL.Query().Get("done") {
	case "saved", "password":
		page.Notice = s.localizer(r).T("settings.saved")
	case "revoked":
		page.Notice = s.localizer(r).T("settings.tokens.revoked_done")
	}
	s.renderSettings(w, r, http.StatusOK, page)
}

// handleSettingsSave changes the user's name and language.
func (s *Server) handleSettingsSave(w http.ResponseWriter, r *http.Request) {
	u := s.settingsUser(w, r)
	if u == nil {
		return
	}
	name := r.PostFormValue("name")
	lang := r.PostFormValue("language")
	if lang != "" && !s.hasLanguage(lang) {
		s.renderSettings(w, r, http.StatusUnprocessableEntity, settingsPage{User: u, Section: "profile",
			Error: s.localizer(r).T("error.unknown_language")})
		return
	}
	_, err := s.db.UpdateAccount(r.Context(), u.Account.ID, mission.AccountUpdate{Name: &name, Language: &lang})
	if mission.ErrorCode(err) == mission.EINVALID {
		s.renderSettings(w, r, http.StatusUnprocessableEntity, settingsPage{User: u, Section: "profile", Error: mission.ErrorMessage(err)})
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, u.Account.ID, mission.AuditSettingsChanged, "account", u.Account.ID, "name or language")
	http.Redirect(w, r, "/settings?done=saved", http.StatusSeeOther)
}

// handlePasswordChange changes the password after checking the current
// one, and ends every other session of the account.
func (s *Server) handlePasswordChange(w http.ResponseWriter, r *http.Request) {
	u := s.settingsUser(w, r)
	if u == nil {
		return
	}
	l := s.localizer(r)
	problem := func(msg string, status int) {
		s.renderSettings(w, r, status, settingsPage{User: u, Section: "password", Error: msg})
	}
	if ok, retry := s.accountLimit.Allow("account:" + u.Account.Email); !ok {
		e := &auth.LimitError{RetryAfter: retry}
		w.Header().Set("Retry-After", itoa(e.Seconds()))
		problem(l.T("login.rate_limited", "count", e.Minutes()), http.StatusTooManyRequests)
		return
	}
	ok, _, err := auth.CheckPassword(u.Account.PasswordHash, r.PostFormValue("current_password"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !ok {
		s.audit(r, u.Account.ID, mission.AuditLoginFailed, "account", u.Account.ID, "wrong current password on password change")
		problem(l.T("settings.password.wrong"), http.StatusUnprocessableEntity)
		return
	}
	hash, msg := s.newPassword(r, u.Account.Email)
	if msg != "" {
		problem(msg, http.StatusUnprocessableEntity)
		return
	}
	if err := s.db.SetPassword(r.Context(), u.Account.ID, hash, u.SessionHash); err != nil {
		s.fail(w, r, err)
		return
	}
	s.accountLimit.Reset("account:" + u.Account.Email)
	s.audit(r, u.Account.ID, mission.AuditPasswordChanged, "account", u.Account.ID, "")
	http.Redirect(w, r, "/settings?done=password", http.StatusSeeOther)
}

// newPassword reads the form fields password and password_repeat, applies
// the policy and returns the hash, or a message saying what is wrong.
func (s *Server) newPassword(r *http.Request, email string) (hash, problem string) {
	l := s.localizer(r)
	pw := r.PostFormValue("password")
	if pw != r.PostFormValue("password_repeat") {
		return "", l.T("register.passwords_differ")
	}
	if err := auth.ValidatePassword(pw, email); err != nil {
		return "", passwordMessage(l, err)
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return "", l.T("error.message.internal")
	}
	return hash, ""
}

// handleTokenCreate creates a personal API token and shows it once.
func (s *Server) handleTokenCreate(w http.ResponseWriter, r *http.Request) {
	u := s.settingsUser(w, r)
	if u == nil {
		return
	}
	token, hash := auth.NewAPIToken()
	t := &mission.APIToken{AccountID: u.Account.ID, Name: r.PostFormValue("name"), Hash: hex.EncodeToString(hash), CreatedAt: s.now()}
	err := s.db.CreateAPIToken(r.Context(), t)
	if mission.ErrorCode(err) == mission.EINVALID {
		s.renderSettings(w, r, http.StatusUnprocessableEntity, settingsPage{User: u, Section: "tokens", Error: mission.ErrorMessage(err)})
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, u.Account.ID, mission.AuditAPITokenCreated, "api_token", t.ID, "")
	w.Header().Set("Cache-Control", "no-store")
	s.renderSettings(w, r, http.StatusOK, settingsPage{User: u, NewToken: token})
}

// handleTokenRevoke revokes one of the user's API tokens.
func (s *Server) handleTokenRevoke(w http.ResponseWriter, r *http.Request) {
	u := s.settingsUser(w, r)
	if u == nil {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(w, r, userError(mission.ENOTFOUND, "error.no_page"))
		return
	}
	if _, err := s.db.RevokeAPIToken(r.Context(), u.Account.ID, id, s.now()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, u.Account.ID, mission.AuditAPITokenRevoked, "api_token", id, "")
	http.Redirect(w, r, "/settings?done=revoked", http.StatusSeeOther)
}

// itoa writes an int in decimal.
func itoa(n int) string { return strconv.Itoa(n) }
