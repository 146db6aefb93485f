package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"caravan/internal/auth"
	"caravan/internal/mission"
)

// authPage is the data of the sign-in, registration, reset and invitation
// pages: the form's values (never a password) and what to say.
type authPage struct {
	Title   string
	Email   string
	Name    string
	Next    string
	Token   string
	Error   string // a problem with the input, shown above the form
	Notice  string // a result, shown instead of or above the form
	Done    bool   // the page shows Notice only
	Mission *mission.Mission
	// Registration fields.
	OrgName, OrgCountry, OrgKind string
	Kinds                        []string
	// Invitation fields.
	Inviter, Role string
	MinPassword   int
}

// safeNext returns next when it is a path of this site, "/" otherwise, so
// that the sign-in form never redirects elsewhere.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	if u, err := url.Parse(next); err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return next
}

// handleLoginForm shows the sign-in form.
func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "login.html", authPage{Next: safeNext(r.URL.Query().Get("next"))})
}

// handleLogin signs in with the form fields email and password: 303 with a
// session cookie on success, the form again with 401 for a wrong address or
// password, 403 for an address not yet confirmed (a new link is sent), 429
// after too many attempts per account or per address.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	l := s.localizer(r)
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	password := r.PostFormValue("password")
	page := authPage{Email: email, Next: safeNext(r.PostFormValue("next"))}
	ip := s.clientIP(r)

	limited := func(retry time.Duration, accountID int64, detail string) {
		e := &auth.LimitError{RetryAfter: retry}
		s.audit(r, accountID, mission.AuditLoginLocked, "account", accountID, detail)
		w.Header().Set("Retry-After", itoa(e.Seconds()))
		page.Error = l.T("login.rate_limited", "count", e.Minutes())
		s.render(w, r, http.StatusTooManyRequests, "login.html", page)
	}
	if ok, retry := s.addressLimit.Allow("ip:" + ip); !ok {
		limited(retry, 0, "too many attempts from this address")
		return
	}
	a, err := s.db.AccountByEmail(ctx, email)
	if err != nil && mission.ErrorCode(err) != mission.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	var accountID int64
	if a != nil {
		accountID = a.ID
	}
	if email != "" {
		if ok, retry := s.accountLimit.Allow("account:" + email); !ok {
			limited(retry, accountID, "too many attempts for this account")
			return
		}
	}
	failed := func(detail string) {
		s.audit(r, accountID, mission.AuditLoginFailed, "account", accountID, detail)
		page.Error = l.T("login.failed")
		s.render(w, r, http.StatusUnauthorized, "login.html", page)
	}
	if a == nil || a.PasswordHash == "" || a.Disabled() {
		auth.CheckNoAccount(password)
		switch {
		case a == nil:
			failed("unknown address")
		case a.Disabled():
			failed("account disabled")
		default:
			failed("no password set")
		}
		return
	}
	ok, rehash, err := auth.CheckPassword(a.PasswordHash, password)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !ok {
		failed("wrong password")
		return
	}
	if rehash {
		// The hash has older parameters: store one with the current ones.
		if h, err := auth.HashPassword(password); err == nil {
			if _, err := s.db.RehashPassword(ctx, a.ID, a.PasswordHash, h); err != nil {
				s.logger.Warn("rehash password", "err", err.Error())
			}
		}
	}
	if !a.Verified() {
		if ok, _ := s.accountLimit.Allow("verify:" + a.Email); ok {
			if err := s.sendVerifyEmail(ctx, r, a); err != nil {
				s.fail(w, r, err)
				return
			}
		}
		s.audit(r, a.ID, mission.AuditLoginFailed, "account", a.ID, "e-mail address not confirmed")
		page.Error = l.T("login.unverified", "email", a.Email)
		s.render(w, r, http.StatusForbidden, "login.html", page)
		return
	}
	s.accountLimit.Reset("account:" + email)
	if err := s.startSession(w, r, a.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, a.ID, mission.AuditLogin, "account", a.ID, "")
	// Sign-ins sweep expired sessions and links, so the tables stay small
	// without a job of their own.
	if _, err := s.db.DeleteExpired(ctx, s.now()); err != nil {
		s.logger.Warn("delete expired sessions", "err", err.Error())
	}
	http.Redirect(w, r, page.Next, http.StatusSeeOther)
}

// handleLogout ends the browser's session.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if u := s.user(r); u != nil && u.SessionHash != "" {
		if err := s.db.DeleteSession(r.Context(), u.SessionHash); err != nil {
			s.fail(w, r, err)
			return
		}
		s.audit(r, u.Account.ID, mission.AuditLogout, "account", u.Account.ID, "")
	}
	s.clearSessionCookie(w, r)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// handleLogoutEverywhere ends every session of the signed-in account, this
// one included.
func (s *Server) handleLogoutEverywhere(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	n, err := s.db.DeleteSessions(r.Context(), u.Account.ID, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, u.Account.ID, mission.AuditLogoutEverywhere, "account", u.Account.ID, itoa(n)+" sessions ended")
	s.clearSessionCookie(w, r)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
