package web

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"caravan/internal/auth"
	"caravan/internal/demo"
	"caravan/internal/mission"
	"caravan/internal/store"
)

// accountsTemplate is a copy of the demo database with the demo accounts,
// made once by TestMain; tests that sign in or write get a fresh copy of it.
var accountsTemplate string

// prepareAccountsTemplate copies the seeded demo database and adds the demo
// accounts to the copy, leaving db (shared by the read-only tests) as it is.
func prepareAccountsTemplate(ctx context.Context, db *store.DB, dir string) error {
	path := filepath.Join(dir, "accounts-template.db")
	if err := db.Backup(ctx, path); err != nil {
		return err
	}
	tdb, err := store.Open(ctx, "sqlite:"+path, nil)
	if err != nil {
		return err
	}
	if err := demo.SeedAccounts(ctx, tdb, testNow); err != nil {
		tdb.Close()
		return err
	}
	accountsTemplate = path
	return tdb.Close()
}

// testClock is a settable clock for a test server and its limiters.
type testClock struct{ t time.Time }

func (c *testClock) now() time.Time { return c.t }

// accountsServer is a server over a fresh copy of the demo with accounts.
type accountsServer struct {
	*Server
	db    *store.DB
	clock *testClock
	// ip is the client address of the next request.
	ip string
}

func newAccountsServer(t *testing.T, opts ...Option) *accountsServer {
	t.Helper()
	path := filepath.Join(t.TempDir(), "caravan.db")
	data, err := os.ReadFile(accountsTemplate)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(t.Context(), "sqlite:"+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s, err := New(db, nil, opts...)
	if err != nil {
		t.Fatal(err)
	}
	c := &testClock{t: testNow}
	s.now = c.now
	a := &accountsServer{Server: s, db: db, clock: c, ip: "192.0.2.10"}
	a.resetLimits()
	return a
}

// resetLimits gives the server fresh sign-in limiters on the test clock:
// no refill unless a test moves the clock.
func (a *accountsServer) resetLimits() {
	acct, addr := auth.AccountLimit, auth.AddressLimit
	acct.Now, addr.Now = a.clock.now, a.clock.now
	a.accountLimit, a.addressLimit = auth.NewLimiter(acct), auth.NewLimiter(addr)
}

// request sends one request with an optional form body and cookies.
func (a *accountsServer) request(t *testing.T, method, path string, form url.Values, header map[string]string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	r := httptest.NewRequest(method, path, body)
	r.RemoteAddr = a.ip + ":40000"
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		r.Header.Set(k, v)
	}
	for _, c := range cookies {
		r.AddCookie(c)
	}
	w := httptest.NewRecorder()
	a.ServeHTTP(w, r)
	return w
}

// login posts the sign-in form.
func (a *accountsServer) login(t *testing.T, email, password string) *httptest.ResponseRecorder {
	t.Helper()
	return a.request(t, "POST", "/login", url.Values{"email": {email}, "password": {password}}, nil)
}

// session signs in as the demo account of the role through the store (no
// password hashing) and returns the session cookie.
func (a *accountsServer) session(t *testing.T, role string) *http.Cookie {
	t.Helper()
	acc, err := a.db.AccountByEmail(t.Context(), role+"@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	token, hash := auth.NewToken()
	err = a.db.CreateSession(t.Context(), &mission.Session{TokenHash: hex.EncodeToString(hash), AccountID: acc.ID,
		CreatedAt: a.clock.t, ExpiresAt: a.clock.t.Add(auth.PurposeSession.TTL())})
	if err != nil {
		t.Fatal(err)
	}
	return &http.Cookie{Name: sessionCookie, Value: token}
}

// sessionCookieOf returns the session cookie that a response sets, or nil.
func sessionCookieOf(w *httptest.ResponseRecorder) *http.Cookie {
	for _, c := range w.Result().Cookies() {
		if c.Name == sessionCookie {
			return c
		}
	}
	return nil
}

// auditActions returns the actions of the newest audit entries, newest
// first.
func (a *accountsServer) auditActions(t *testing.T) []string {
	t.Helper()
	entries, err := a.db.AuditLog(t.Context(), mission.AuditFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Action)
	}
	return out
}

func wantStatus(t *testing.T, w *httptest.ResponseRecorder, status int, texts ...string) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("got status %d, want %d; body: %.300s", w.Code, status, w.Body.String())
	}
	for _, text := range texts {
		if !strings.Contains(w.Body.String(), text) {
			t.Fatalf("body lacks %q: %.500s", text, w.Body.String())
		}
	}
}

func TestLogin(t *testing.T) {
	tests := []struct {
		name, email, password string
		header                map[string]string
		trustProxy            bool
		wantStatus            int
		wantText              string
		wantSecure            bool
		wantAudit             string
	}{
		{name: "success", email: "organiser@demo.example", password: demo.Password, wantStatus: 303, wantAudit: mission.AuditLogin},
		{name: "case and space in the address", email: "  Organiser@Demo.Example ", password: demo.Password, wantStatus: 303, wantAudit: mission.AuditLogin},
		{name: "wrong password", email: "organiser@demo.example", password: "caravan-demo!", wantStatus: 401,
			wantText: "The e-mail address or the password is not correct.", wantAudit: mission.AuditLoginFailed},
		{name: "unknown address", email: "nobody@demo.example", password: demo.Password, wantStatus: 401,
			wantText: "The e-mail address or the password is not correct.", wantAudit: mission.AuditLoginFailed},
		{name: "empty form", wantStatus: 401, wantText: "not correct", wantAudit: mission.AuditLoginFailed},
		{name: "behind a TLS proxy", email: "host@demo.example", password: demo.Password, trustProxy: true,
			header: map[string]string{"X-Forwarded-Proto": "https"}, wantStatus: 303, wantSecure: true, wantAudit: mission.AuditLogin},
		{name: "untrusted proxy header", email: "host@demo.example", password: demo.Password,
			header: map[string]string{"X-Forwarded-Proto": "https"}, wantStatus: 303, wantSecure: false, wantAudit: mission.AuditLogin},
		{name: "Spanish page", email: "host@demo.example", password: "nope-nope-nope", header: map[string]string{"Accept-Language": "es"},
			wantStatus: 401, wantText: `lang="es"`, wantAudit: mission.AuditLoginFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []Option
			if tt.trustProxy {
				opts = append(opts, TrustProxy())
			}
			a := newAccountsServer(t, opts...)
			w := a.request(t, "POST", "/login", url.Values{"email": {tt.email}, "password": {tt.password}}, tt.header)
			wantStatus(t, w, tt.wantStatus, tt.wantText)
			c := sessionCookieOf(w)
			if tt.wantStatus == 303 {
				if c == nil || c.Value == "" {
					t.Fatal("no session cookie after signing in")
				}
				if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure != tt.wantSecure || c.Path != "/" {
					t.Errorf("got cookie HttpOnly=%v SameSite=%v Secure=%v Path=%q, want true Lax %v /", c.HttpOnly, c.SameSite, c.Secure, c.Path, tt.wantSecure)
				}
				if loc := w.Header().Get("Location"); loc != "/" {
					t.Errorf("got Location %q, want /", loc)
				}
				wantStatus(t, a.request(t, "GET", "/settings", nil, nil, c), 200, "Personal API tokens")
			} else if c != nil {
				t.Fatalf("got a session cookie %q with status %d", c.Value, w.Code)
			}
			if got := a.auditActions(t); len(got) == 0 || got[0] != tt.wantAudit {
				t.Errorf("got audit %v, want %s first", got, tt.wantAudit)
			}
		})
	}
}

func TestLoginAuditKeepsSecretsOut(t *testing.T) {
	a := newAccountsServer(t)
	seeded, err := a.db.AuditLog(t.Context(), mission.AuditFilter{Limit: 1000}) // the demo's own history
	if err != nil {
		t.Fatal(err)
	}
	a.login(t, "organiser@demo.example", "my-secret-guess")
	a.login(t, "my-secret-typed-as-address", "x")
	entries, err := a.db.AuditLog(t.Context(), mission.AuditFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(seeded)+2 {
		t.Fatalf("got %d new audit entries, want 2", len(entries)-len(seeded))
	}
	entries = entries[:2] // newest first
	for _, e := range entries {
		if strings.Contains(e.Detail, "secret") || e.IP != "192.0.2.10" {
			t.Errorf("entry %+v: want the address 192.0.2.10 and no password or typed address", e)
		}
	}
}

func TestLoginNextStaysOnSite(t *testing.T) {
	a := newAccountsServer(t)
	for next, want := range map[string]string{"/settings": "/settings", "//evil.example/x": "/", "https://evil.example/": "/", "/\\evil.example": "/", "": "/"} {
		w := a.request(t, "POST", "/login", url.Values{"email": {"viewer@demo.example"}, "password": {demo.Password}, "next": {next}}, nil)
		if got := w.Header().Get("Location"); w.Code != 303 || got != want {
			t.Errorf("next %q: got %d %q, want 303 %q", next, w.Code, got, want)
		}
	}
}

func TestLoginRateLimitPerAccount(t *testing.T) {
	a := newAccountsServer(t)
	for i := range auth.AccountLimit.Events {
		a.ip = fmt.Sprintf("198.51.100.%d", i+1) // a different address each time
		wantStatus(t, a.login(t, "participant@demo.example", "wrong-password"), 401)
	}
	a.ip = "198.51.100.99"
	w := a.login(t, "participant@demo.example", demo.Password) // even the right password
	wantStatus(t, w, 429, "Too many sign-in attempts. Please try again in 3 minutes.")
	if got := w.Header().Get("Retry-After"); got != "180" {
		t.Errorf("got Retry-After %q, want 180", got)
	}
	if sessionCookieOf(w) != nil {
		t.Fatal("a locked account got a session")
	}
	// Other accounts are not affected.
	wantStatus(t, a.login(t, "local@demo.example", demo.Password), 303)
	// After the quarter of an hour the account signs in again.
	a.clock.t = a.clock.t.Add(15 * time.Minute)
	wantStatus(t, a.login(t, "participant@demo.example", demo.Password), 303)
	actions := a.auditActions(t)
	if !contains(actions, mission.AuditLoginLocked) {
		t.Errorf("got audit %v, want a %s entry", actions, mission.AuditLoginLocked)
	}
}

func TestLoginRateLimitPerAddress(t *testing.T) {
	a := newAccountsServer(t)
	a.ip = "203.0.113.7"
	for i := range auth.AddressLimit.Events {
		// Different accounts, so that only the address limit applies.
		wantStatus(t, a.login(t, fmt.Sprintf("guess%d@demo.example", i), "wrong-password"), 401)
	}
	wantStatus(t, a.login(t, "admin@demo.example", demo.Password), 429, "Too many sign-in attempts")
	a.ip = "203.0.113.8"
	wantStatus(t, a.login(t, "admin@demo.example", demo.Password), 303)
}

func TestLoginUnverified(t *testing.T) {
	a := newAccountsServer(t)
	ctx := t.Context()
	org, err := a.db.Organisations(ctx, mission.OrganisationFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	p := &mission.Person{OrganisationID: org[0].ID, Name: "Una Verified", Email: "una@example.org"}
	if err := a.db.CreatePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	hash, err := auth.HashPassword("una-password-1")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.db.CreateAccount(ctx, &mission.Account{PersonID: p.ID, Email: p.Email, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	w := a.login(t, "una@example.org", "una-password-1")
	wantStatus(t, w, 403, "Please confirm your e-mail address first")
	if sessionCookieOf(w) != nil {
		t.Fatal("an unverified account got a session")
	}
}

func TestLogoutAndLogoutEverywhere(t *testing.T) {
	a := newAccountsServer(t)
	first := sessionCookieOf(a.login(t, "host@demo.example", demo.Password))
	second := sessionCookieOf(a.login(t, "host@demo.example", demo.Password))
	third := sessionCookieOf(a.login(t, "host@demo.example", demo.Password))
	other := a.session(t, "local")

	// Sign out ends this session only.
	w := a.request(t, "POST", "/logout", nil, nil, first)
	wantStatus(t, w, 303)
	if c := sessionCookieOf(w); c == nil || c.MaxAge >= 0 {
		t.Fatalf("got cookie %+v, want it cleared", c)
	}
	wantStatus(t, a.request(t, "GET", "/settings", nil, nil, first), 303)
	wantStatus(t, a.request(t, "GET", "/settings", nil, nil, second), 200)

	// Sign out everywhere ends all the account's sessions, this one too.
	wantStatus(t, a.request(t, "POST", "/logout/everywhere", nil, nil, second), 303)
	for _, c := range []*http.Cookie{second, third} {
		w := a.request(t, "GET", "/settings", nil, nil, c)
		if w.Code != 303 || !strings.HasPrefix(w.Header().Get("Location"), "/login") {
			t.Fatalf("got %d %q after signing out everywhere, want 303 to /login", w.Code, w.Header().Get("Location"))
		}
	}
	wantStatus(t, a.request(t, "GET", "/settings", nil, nil, other), 200) // another account's session lives on
	actions := a.auditActions(t)
	if actions[0] != mission.AuditLogoutEverywhere || !contains(actions, mission.AuditLogout) {
		t.Errorf("got audit %v, want logout.everywhere first and a logout", actions)
	}
}

func TestTamperedAndExpiredSessions(t *testing.T) {
	a := newAccountsServer(t)
	good := a.session(t, "viewer")
	tests := []struct {
		name   string
		cookie *http.Cookie
		later  time.Duration
	}{
		{"tampered", &http.Cookie{Name: sessionCookie, Value: good.Value[:len(good.Value)-1] + "x"}, 0},
		{"garbage", &http.Cookie{Name: sessionCookie, Value: "not-a-token<script>"}, 0},
		{"very long", &http.Cookie{Name: sessionCookie, Value: strings.Repeat("A", 4000)}, 0},
		{"expired", good, auth.PurposeSession.TTL() + time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a.clock.t = testNow.Add(tt.later)
			w := a.request(t, "GET", "/settings", nil, nil, tt.cookie)
			if w.Code != 303 || !strings.HasPrefix(w.Header().Get("Location"), "/login") {
				t.Fatalf("got %d %q, want 303 to the sign-in page", w.Code, w.Header().Get("Location"))
			}
			if c := sessionCookieOf(w); c == nil || c.MaxAge >= 0 {
				t.Errorf("got cookie %+v, want it cleared", c)
			}
			wantStatus(t, a.request(t, "GET", "/", nil, nil, tt.cookie), 200, "Sign in")
		})
	}
	a.clock.t = testNow.Add(auth.PurposeSession.TTL() - time.Minute)
	wantStatus(t, a.request(t, "GET", "/settings", nil, nil, good), 200)
}

var tokenPattern = regexp.MustCompile(`cvn_[A-Za-z0-9_-]{43}`)

func TestAPITokens(t *testing.T) {
	a := newAccountsServer(t)
	organiser := a.session(t, "organiser")
	w := a.request(t, "POST", "/settings/tokens", url.Values{"name": {"reporting script"}}, nil, organiser)
	wantStatus(t, w, 200, "shown only this once", "reporting script")
	token := tokenPattern.FindString(w.Body.String())
	if token == "" {
		t.Fatal("the new token is not shown")
	}
	// Shown once: the settings page does not show it again.
	if strings.Contains(a.request(t, "GET", "/settings", nil, nil, organiser).Body.String(), token) {
		t.Fatal("the settings page shows the token again")
	}
	draft := fmt.Sprintf("/api/v1/missions/%d", testInfo.DraftMissionID)
	bearer := func(tok string) map[string]string { return map[string]string{"Authorization": "Bearer " + tok} }
	wantStatus(t, a.request(t, "GET", draft, nil, nil), 404)
	wantStatus(t, a.request(t, "GET", draft, nil, bearer(token)), 200, `"id":`)
	wantStatus(t, a.request(t, "GET", "/api/v1/missions", nil, bearer(token)), 200)
	forged := []byte(token)
	forged[4] = map[bool]byte{true: 'B', false: 'A'}[forged[4] == 'A'] // another valid-looking token
	wantStatus(t, a.request(t, "GET", draft, nil, bearer(string(forged))), 401, `"code":"unauthorized"`)
	wantStatus(t, a.request(t, "GET", draft, nil, bearer("cvn_short")), 401, `"code":"unauthorized"`)
	wantStatus(t, a.request(t, "GET", draft, nil, map[string]string{"Authorization": "Basic " + token}), 401)
	// A token authenticates the API only, not the pages.
	wantStatus(t, a.request(t, "GET", "/settings", nil, bearer(token)), 303)

	tokens, err := a.db.APITokens(t.Context(), mustAccount(t, a, "organiser").ID)
	if err != nil || len(tokens) != 1 {
		t.Fatalf("got %v %v, want one token", tokens, err)
	}
	if tokens[0].Hash == token || strings.Contains(tokens[0].Hash, "cvn_") {
		t.Fatal("the token is stored in the clear")
	}
	// Another account cannot revoke it.
	wantStatus(t, a.request(t, "POST", fmt.Sprintf("/settings/tokens/%d/revoke", tokens[0].ID), nil, nil, a.session(t, "viewer")), 404)
	wantStatus(t, a.request(t, "GET", draft, nil, bearer(token)), 200)
	wantStatus(t, a.request(t, "POST", fmt.Sprintf("/settings/tokens/%d/revoke", tokens[0].ID), nil, nil, organiser), 303)
	wantStatus(t, a.request(t, "GET", draft, nil, bearer(token)), 401)
	actions := a.auditActions(t)
	if actions[0] != mission.AuditAPITokenRevoked || !contains(actions, mission.AuditAPITokenCreated) {
		t.Errorf("got audit %v, want api_token.revoked first and api_token.created", actions)
	}
}

func mustAccount(t *testing.T, a *accountsServer, role string) *mission.Account {
	t.Helper()
	acc, err := a.db.AccountByEmail(t.Context(), role+"@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	return acc
}

func TestPasswordChange(t *testing.T) {
	a := newAccountsServer(t)
	this := a.session(t, "participant")
	other := a.session(t, "participant")
	change := func(current, pw, repeat string) *httptest.ResponseRecorder {
		return a.request(t, "POST", "/settings/password", url.Values{"current_password": {current}, "password": {pw}, "password_repeat": {repeat}}, nil, this)
	}
	wantStatus(t, change("wrong", "a-new-password-1", "a-new-password-1"), 422, "The current password is not correct.")
	wantStatus(t, change(demo.Password, "short", "short"), 422, "at least 10 characters")
	wantStatus(t, change(demo.Password, "a-new-password-1", "a-new-password-2"), 422, "not the same")
	wantStatus(t, change(demo.Password, "a-new-password-1", "a-new-password-1"), 303)
	wantStatus(t, a.request(t, "GET", "/settings", nil, nil, this), 200)  // this session stays
	wantStatus(t, a.request(t, "GET", "/settings", nil, nil, other), 303) // the others end
	wantStatus(t, a.login(t, "participant@demo.example", demo.Password), 401)
	wantStatus(t, a.login(t, "participant@demo.example", "a-new-password-1"), 303)
	if got := a.auditActions(t); !contains(got, mission.AuditPasswordChanged) {
		t.Errorf("got audit %v, want %s", got, mission.AuditPasswordChanged)
	}
}

func TestSettingsSave(t *testing.T) {
	a := newAccountsServer(t)
	c := a.session(t, "local")
	wantStatus(t, a.request(t, "POST", "/settings", url.Values{"name": {"Leire Lasa Etxeberria"}, "language": {"es"}}, nil, c), 303)
	// The saved language wins over the browser's.
	wantStatus(t, a.request(t, "GET", "/settings", nil, map[string]string{"Accept-Language": "en"}, c), 200, `lang="es"`, "Leire Lasa Etxeberria")
	wantStatus(t, a.request(t, "POST", "/settings", url.Values{"name": {" "}, "language": {"es"}}, nil, c), 422)
	wantStatus(t, a.request(t, "POST", "/settings", url.Values{"name": {"X"}, "language": {"xx"}}, nil, c), 422)
}

func TestAuditPage(t *testing.T) {
	a := newAccountsServer(t)
	a.ip = "192.0.2.77"
	a.login(t, "viewer@demo.example", "wrong-password")
	a.login(t, "viewer@demo.example", demo.Password)
	w := a.request(t, "GET", "/admin/audit", nil, nil, a.session(t, "admin"))
	wantStatus(t, w, 200, "Audit log", "login.failed", "viewer@demo.example", "192.0.2.77")
	wantStatus(t, a.request(t, "GET", "/admin/audit", nil, nil, a.session(t, "organiser")), 403)
	wantStatus(t, a.request(t, "GET", "/admin/audit?before=abc", nil, nil, a.session(t, "admin")), 400)
	for i := range 60 {
		if err := a.db.AddAudit(t.Context(), &mission.AuditEntry{Action: "test.paging", Detail: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
	}
	w = a.request(t, "GET", "/admin/audit", nil, nil, a.session(t, "admin"))
	older := regexp.MustCompile(`/admin/audit\?before=(\d+)`).FindStringSubmatch(w.Body.String())
	if older == nil {
		t.Fatal("no link to older entries on a full page")
	}
	wantStatus(t, a.request(t, "GET", older[0], nil, nil, a.session(t, "admin")), 200, "login.failed")
}

func TestLayoutShowsUser(t *testing.T) {
	a := newAccountsServer(t)
	wantStatus(t, a.request(t, "GET", "/", nil, nil), 200, `href="/login"`)
	w := a.request(t, "GET", "/", nil, nil, a.session(t, "host"))
	wantStatus(t, w, 200, "Haizea Olabarria", `action="/logout"`)
	if strings.Contains(w.Body.String(), "/admin/audit") {
		t.Error("a host sees the admin link")
	}
	wantStatus(t, a.request(t, "GET", "/", nil, nil, a.session(t, "admin")), 200, `href="/admin/audit"`)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestLoginRehashesOldParameters(t *testing.T) {
	a := newAccountsServer(t)
	acc := mustAccount(t, a, "viewer")
	old, err := auth.Params{Time: 1, Memory: 8 * 1024, Threads: 1, SaltLen: 16, KeyLen: 32}.Hash("viewer-password-1")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.db.SetPassword(t.Context(), acc.ID, old, ""); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, a.login(t, "viewer@demo.example", "viewer-password-1"), 303)
	got := mustAccount(t, a, "viewer").PasswordHash
	if got == old || !strings.HasPrefix(got, fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$", auth.DefaultParams.Memory, auth.DefaultParams.Time, auth.DefaultParams.Threads)) {
		t.Fatalf("got hash %q, want one with the default parameters", got)
	}
	wantStatus(t, a.login(t, "viewer@demo.example", "viewer-password-1"), 303)
}
