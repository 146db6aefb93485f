package web

import (
	"context"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"caravan/internal/auth"
	"caravan/internal/mission"
)

// sessionCookie names the cookie that holds a browser's session token.
const sessionCookie = "caravan_session"

// userKey is the context key of the request's *mission.User.
type userKey struct{}

// user returns the request's signed-in user, or nil when signed out.
func (s *Server) user(r *http.Request) *mission.User {
	u, _ := r.Context().Value(userKey{}).(*mission.User)
	return u
}

// tokenHash returns the hex SHA-256 under which the store keeps a token.
func tokenHash(token string) string {
	return hex.EncodeToString(auth.HashToken(token))
}

// authenticate resolves the request's credentials into its user: under
// /api/ an "Authorization: Bearer cvn_…" personal API token, and
// everywhere the session cookie. A bad API token is 401; a missing,
// tampered or expired session cookie leaves the request signed out (and the
// cookie is cleared).
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/static/") || r.URL.Path == "/healthz" {
			next.ServeHTTP(w, r) // the same for everyone: no database reads
			return
		}
		ctx := r.Context()
		var u *mission.User
		var err error
		if h := r.Header.Get("Authorization"); h != "" && isAPI(r) {
			u, err = s.apiTokenUser(ctx, h)
			if err != nil {
				w.Header().Set("WWW-Authenticate", `Bearer realm="caravan"`)
				s.fail(w, r, err)
				return
			}
		} else if c, cerr := r.Cookie(sessionCookie); cerr == nil && c.Value != "" {
			u, err = s.sessionUser(ctx, c.Value)
			switch code := mission.ErrorCode(err); code {
			case "":
			case mission.ENOTFOUND, mission.EUNAUTHORIZED:
				s.clearSessionCookie(w, r)
			default:
				s.fail(w, r, err)
				return
			}
		}
		if u != nil {
			r = r.WithContext(context.WithValue(ctx, userKey{}, u))
		}
		next.ServeHTTP(w, r)
	})
}

// sessionUser returns the user of a session token: ENOTFOUND when the token
// is unknown, expired or its account disabled.
func (s *Server) sessionUser(ctx context.Context, token string) (*mission.User, error) {
	if len(token) > 100 {
		return nil, mission.Errorf(mission.ENOTFOUND, "session not found")
	}
	hash := tokenHash(token)
	sess, err := s.db.Session(ctx, hash, s.now())
	if err != nil {
		return nil, err
	}
	u, err := s.loadUser(ctx, sess.AccountID)
	if err != nil {
		return nil, err
	}
	u.SessionHash = hash
	return u, nil
}

// apiTokenUser returns the user of an Authorization header; anything but a
// valid, unrevoked personal API token is EUNAUTHORIZED.
func (s *Server) apiTokenUser(ctx context.Context, header string) (*mission.User, error) {
	unauthorized := mission.Errorf(mission.EUNAUTHORIZED, "The API token is not valid or has been revoked.")
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || !auth.IsAPIToken(strings.TrimSpace(token)) {
		return nil, unauthorized
	}
	t, err := s.db.UseAPIToken(ctx, tokenHash(strings.TrimSpace(token)), s.now())
	if mission.ErrorCode(err) == mission.ENOTFOUND {
		return nil, unauthorized
	} else if err != nil {
		return nil, err
	}
	u, err := s.loadUser(ctx, t.AccountID)
	if mission.ErrorCode(err) == mission.ENOTFOUND {
		return nil, unauthorized
	} else if err != nil {
		return nil, err
	}
	u.APITokenID = t.ID
	return u, nil
}

// loadUser returns the user of an account: its person and roles. A
// disabled account, or one without a password, is ENOTFOUND.
func (s *Server) loadUser(ctx context.Context, accountID int64) (*mission.User, error) {
	a, err := s.db.Account(ctx, accountID)
	if err != nil {
		return nil, err
	}
	if a.Disabled() || a.PasswordHash == "" {
		return nil, mission.Errorf(mission.ENOTFOUND, "account not found")
	}
	roles, err := s.db.PersonRoles(ctx, a.PersonID)
	if err != nil {
		return nil, err
	}
	return &mission.User{Account: a, Person: a.Person, IsAdmin: a.IsAdmin, Roles: roles}, nil
}

// startSession creates a session for the account and sets its cookie.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, accountID int64) error {
	token, hash := auth.NewToken()
	now := s.now()
	ttl := auth.PurposeSession.TTL()
	err := s.db.CreateSession(r.Context(), &mission.Session{TokenHash: hex.EncodeToString(hash), AccountID: accountID,
		CreatedAt: now, ExpiresAt: now.Add(ttl)})
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name:     sessionCookie,
		Value:    token,
		Path:     "/",
		MaxAge:   int(ttl / time.Second),
		HttpOnly: true,
		Secure:   s.secure(r),
		SameSite: http.SameSiteLaxMode,
	})
	return nil
}

// clearSessionCookie tells the browser to forget its session cookie.
func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}

// secure reports whether the request came over TLS: directly, or through a
// trusted proxy that says so in X-Forwarded-Proto.
func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || (s.trustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https"))
}

// clientIP returns the address the request came from: the connection's, or
// behind a trusted proxy the last address of X-Forwarded-For (the one the
// proxy itself added).
func (s *Server) clientIP(r *http.Request) string {
	if s.trustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			if ip := net.ParseIP(strings.TrimSpace(parts[len(parts)-1])); ip != nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return host
}

// errSignIn is the error of a page that needs a signed-in user.
var errSignIn = mission.Errorf(mission.EUNAUTHORIZED, "Please sign in.")

// requireUser returns the signed-in user, or, when signed out, answers for
// the handler: a redirect to the sign-in page for pages, 401 for the API.
func (s *Server) requireUser(w http.ResponseWriter, r *http.Request) *mission.User {
	if u := s.user(r); u != nil {
		return u
	}
	if isAPI(r) || r.Method != http.MethodGet {
		s.fail(w, r, errSignIn)
		return nil
	}
	http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
	return nil
}

// audit appends an entry to the audit log with the request's address. A
// failure to write it is logged, not shown: the action already happened.
func (s *Server) audit(r *http.Request, accountID int64, action, targetType string, targetID int64, detail string) {
	e := &mission.AuditEntry{At: s.now(), AccountID: accountID, Action: action, TargetType: targetType,
		TargetID: targetID, IP: s.clientIP(r), Detail: detail}
	if err := s.db.AddAudit(r.Context(), e); err != nil && !errors.Is(err, context.Canceled) {
		s.logger.Error("write audit log", "action", action, "err", err.Error())
	}
}
