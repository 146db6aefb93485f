package web

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"caravan/internal/demo"
	"caravan/internal/mission"
)

// outbox returns the e-mails in the outbox, oldest first.
func (a *accountsServer) outbox(t *testing.T) []*mission.Email {
	t.Helper()
	emails, err := a.db.Emails(t.Context(), mission.EmailFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return emails
}

// lastLink returns the path and query of the link to this site in the
// newest e-mail to the address.
func (a *accountsServer) lastLink(t *testing.T, to, prefix string) string {
	t.Helper()
	emails := a.outbox(t)
	for i := len(emails) - 1; i >= 0; i-- {
		if emails[i].ToAddress != to {
			continue
		}
		m := regexp.MustCompile(`http://example\.com(` + regexp.QuoteMeta(prefix) + `[^\s"<]+)`).FindStringSubmatch(emails[i].TextBody)
		if m == nil {
			t.Fatalf("the newest e-mail to %s has no %s link: %s", to, prefix, emails[i].TextBody)
		}
		return m[1]
	}
	t.Fatalf("no e-mail to %s", to)
	return ""
}

func TestRegisterAndVerify(t *testing.T) {
	a := newAccountsServer(t)
	wantStatus(t, a.request(t, "GET", "/register", nil, nil), 200, "Create an account", "Business mission to Vilnius")
	form := url.Values{"name": {"Jana Nováková"}, "organisation": {"Moravian Robotics"}, "country": {"cz"}, "kind": {"sme"},
		"email": {"Jana@Robotics.example"}, "password": {"a-long-password"}, "password_repeat": {"a-long-password"}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("password_repeat", "another-password")
	wantStatus(t, a.request(t, "POST", "/register", bad, nil), 422, "The two passwords are not the same.")
	w := a.request(t, "POST", "/register", form, nil)
	wantStatus(t, w, 200, "Almost done", "jana@robotics.example")
	if got := len(a.outbox(t)); got != 1 {
		t.Fatalf("got %d e-mails, want 1", got)
	}
	link := a.lastLink(t, "jana@robotics.example", "/verify?token=")

	// Not confirmed yet: no sign-in, and a new link.
	wantStatus(t, a.login(t, "jana@robotics.example", "a-long-password"), 403, "Please confirm your e-mail address first")
	if got := len(a.outbox(t)); got != 2 {
		t.Fatalf("got %d e-mails after signing in unconfirmed, want 2", got)
	}
	// The same address again answers the same and writes nothing.
	wantStatus(t, a.request(t, "POST", "/register", form, nil), 200, "Almost done")
	if got := len(a.outbox(t)); got != 2 {
		t.Fatalf("got %d e-mails after registering twice, want 2", got)
	}

	wantStatus(t, a.request(t, "GET", link, nil, nil), 200, "your e-mail address is confirmed")
	wantStatus(t, a.request(t, "GET", link, nil, nil), 404, "not valid")
	wantStatus(t, a.login(t, "jana@robotics.example", "a-long-password"), 303)
	acc, err := a.db.AccountByEmail(t.Context(), "jana@robotics.example")
	if err != nil {
		t.Fatal(err)
	}
	if acc.Person.Organisation.Country != "CZ" || acc.Person.Name != "Jana Nováková" {
		t.Errorf("got %+v, want Jana of a Czech organisation", acc.Person)
	}
	if got := a.auditActions(t); !contains(got, mission.AuditRegistered) || !contains(got, mission.AuditEmailVerified) {
		t.Errorf("got audit %v, want registered and e-mail verified", got)
	}

	// Once the call closes, nobody registers.
	a.clock.t = time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	wantStatus(t, a.request(t, "GET", "/register", nil, nil), 404, "No mission is open for applications")
}

func TestPasswordReset(t *testing.T) {
	a := newAccountsServer(t)
	old := a.session(t, "participant")
	ask := func(email string) string {
		w := a.request(t, "POST", "/password/forgot", url.Values{"email": {email}}, nil)
		wantStatus(t, w, 200, "If an account exists for")
		return strings.ReplaceAll(w.Body.String(), email, "EMAIL")
	}
	// The same answer whether or not the address has an account.
	if ask("participant@demo.example") != ask("nobody@demo.example") {
		t.Fatal("the answer differs between a known and an unknown address")
	}
	if got := len(a.outbox(t)); got != 1 {
		t.Fatalf("got %d e-mails, want 1 (none for the unknown address)", got)
	}
	link := a.lastLink(t, "participant@demo.example", "/password/reset?token=")
	token := strings.TrimPrefix(link, "/password/reset?token=")
	wantStatus(t, a.request(t, "GET", link, nil, nil), 200, "Choose a new password")
	reset := func(tok, pw, repeat string) int {
		return a.request(t, "POST", "/password/reset", url.Values{"token": {tok}, "password": {pw}, "password_repeat": {repeat}}, nil).Code
	}
	if got := reset(token, "a-new-password-9", "different-password"); got != 422 {
		t.Fatalf("got %d for different passwords, want 422", got)
	}
	wantStatus(t, a.request(t, "POST", "/password/reset", url.Values{"token": {token}, "password": {"a-new-password-9"}, "password_repeat": {"a-new-password-9"}}, nil),
		200, "Your password has been changed")
	wantStatus(t, a.request(t, "GET", "/settings", nil, nil, old), 303) // sessions ended
	wantStatus(t, a.login(t, "participant@demo.example", demo.Password), 401)
	wantStatus(t, a.login(t, "participant@demo.example", "a-new-password-9"), 303)
	// Single use.
	if got := reset(token, "third-password-1", "third-password-1"); got != 404 {
		t.Fatalf("got %d for a used link, want 404", got)
	}
	wantStatus(t, a.request(t, "GET", link, nil, nil), 404)

	// Expiry: a link older than an hour no longer works.
	ask("host@demo.example")
	late := a.lastLink(t, "host@demo.example", "/password/reset?token=")
	a.clock.t = a.clock.t.Add(61 * time.Minute)
	wantStatus(t, a.request(t, "GET", late, nil, nil), 404, "has expired")
	if got := reset(strings.TrimPrefix(late, "/password/reset?token="), "another-password-1", "another-password-1"); got != 404 {
		t.Fatalf("got %d for an expired link, want 404", got)
	}
	wantStatus(t, a.login(t, "host@demo.example", demo.Password), 303)
	if got := a.auditActions(t); !contains(got, mission.AuditPasswordReset) || !contains(got, mission.AuditPasswordForgot) {
		t.Errorf("got audit %v, want the reset request and the reset", got)
	}
}

func TestInvitation(t *testing.T) {
	a := newAccountsServer(t)
	organiser := a.session(t, "organiser")
	path := fmt.Sprintf("/missions/%d/invite", testInfo.BasqueMissionID)
	wantStatus(t, a.request(t, "GET", path, nil, nil, organiser), 200, "Invite a person")
	form := url.Values{"email": {"Mikel@Bizkaia-Robots.example"}, "name": {"Mikel Arana"}, "organisation": {"Bizkaia Robots"},
		"country": {"ES"}, "kind": {"sme"}, "role": {"host"}}
	wantStatus(t, a.request(t, "POST", path, form, nil, a.session(t, "participant")), 403)
	wantStatus(t, a.request(t, "POST", path, form, nil, organiser), 200, "The invitation is on its way to mikel@bizkaia-robots.example")
	link := a.lastLink(t, "mikel@bizkaia-robots.example", "/invitations/")
	if emails := a.outbox(t); !strings.Contains(emails[len(emails)-1].TextBody, "Otto Oehme") {
		t.Errorf("the invitation does not name the inviter: %s", emails[len(emails)-1].TextBody)
	}
	// Invited but not accepted: no sign-in.
	wantStatus(t, a.login(t, "mikel@bizkaia-robots.example", ""), 401)

	wantStatus(t, a.request(t, "GET", link, nil, nil), 200, "Otto Oehme has invited you to Caravan as host")
	wantStatus(t, a.request(t, "POST", link, url.Values{"password": {"short"}, "password_repeat": {"short"}}, nil), 422)
	w := a.request(t, "POST", link, url.Values{"password": {"mikel-password-1"}, "password_repeat": {"mikel-password-1"}}, nil)
	wantStatus(t, w, 303)
	c := sessionCookieOf(w)
	if c == nil {
		t.Fatal("no session after accepting the invitation")
	}
	wantStatus(t, a.request(t, "GET", "/settings", nil, nil, c), 200, "Mikel Arana")
	acc, err := a.db.AccountByEmail(t.Context(), "mikel@bizkaia-robots.example")
	if err != nil {
		t.Fatal(err)
	}
	roles, err := a.db.PersonRoles(t.Context(), acc.PersonID)
	if err != nil {
		t.Fatal(err)
	}
	if !contains(roles.Mission[testInfo.BasqueMissionID], mission.RoleHost) {
		t.Fatalf("got roles %v, want host of the Basque mission", roles.Mission)
	}
	// Single use.
	wantStatus(t, a.request(t, "GET", link, nil, nil), 404, "not valid")
	wantStatus(t, a.login(t, "mikel@bizkaia-robots.example", "mikel-password-1"), 303)

	// Expiry: an invitation is valid for 7 days.
	form.Set("email", "late@bizkaia-robots.example")
	wantStatus(t, a.request(t, "POST", path, form, nil, organiser), 200)
	late := a.lastLink(t, "late@bizkaia-robots.example", "/invitations/")
	a.clock.t = a.clock.t.Add(7*24*time.Hour + time.Minute)
	wantStatus(t, a.request(t, "POST", late, url.Values{"password": {"late-password-1"}, "password_repeat": {"late-password-1"}}, nil), 404)
	got := a.auditActions(t)
	for _, want := range []string{mission.AuditInviteSent, mission.AuditInviteAccepted, mission.AuditRoleGranted} {
		if !contains(got, want) {
			t.Errorf("got audit %v, want %s", got, want)
		}
	}
}

func TestEmailLinksUseBaseURL(t *testing.T) {
	a := newAccountsServer(t, BaseURL("https://caravan.example.org/"))
	w := a.request(t, "POST", "/password/forgot", url.Values{"email": {"viewer@demo.example"}}, map[string]string{"Host": "evil.example"})
	wantStatus(t, w, 200)
	emails := a.outbox(t)
	if len(emails) != 1 {
		t.Fatalf("got %d e-mails, want 1", len(emails))
	}
	body := emails[0].TextBody + emails[0].HTMLBody
	if !strings.Contains(body, "https://caravan.example.org/password/reset?token=") || strings.Contains(body, "http://example.com") {
		t.Fatalf("got body %s, want links under the base URL only", body)
	}
	if strings.Contains(body, demo.Password) {
		t.Fatal("the e-mail holds a password")
	}
}

func TestConsortiumInvitation(t *testing.T) {
	a := newAccountsServer(t)
	path := fmt.Sprintf("/consortia/%d/invite", testInfo.ConsortiumID)
	form := url.Values{"email": {"auditor@fund.example"}, "name": {"Aino Auditor"}, "organisation": {"Innovation Fund"},
		"country": {"FI"}, "kind": {"public_body"}, "role": {"viewer"}}
	wantStatus(t, a.request(t, "GET", path, nil, nil, a.session(t, "organiser")), 200, "EXCITE")
	wantStatus(t, a.request(t, "POST", path, form, nil, a.session(t, "host")), 404)
	wantStatus(t, a.request(t, "POST", path, form, nil, a.session(t, "organiser")), 200, "The invitation is on its way")
	link := a.lastLink(t, "auditor@fund.example", "/invitations/")
	wantStatus(t, a.request(t, "GET", link, nil, nil), 200, "as viewer")
	wantStatus(t, a.request(t, "POST", link, url.Values{"password": {"auditor-pass-1"}, "password_repeat": {"auditor-pass-1"}}, nil), 303)
	acc, err := a.db.AccountByEmail(t.Context(), "auditor@fund.example")
	if err != nil {
		t.Fatal(err)
	}
	roles, err := a.db.PersonRoles(t.Context(), acc.PersonID)
	if err != nil {
		t.Fatal(err)
	}
	if !contains(roles.Consortium[testInfo.ConsortiumID], mission.ConsortiumViewer) || len(roles.Mission) != 0 {
		t.Fatalf("got roles %+v, want viewer of EXCITE only", roles)
	}
}
