package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"caravan/internal/mission"
)

// browserFlow drives one Chromium tab through the pages of a server, as a
// person would: it types into forms, clicks, and reads what the page shows.
type browserFlow struct {
	t           *testing.T
	ctx         context.Context
	base        string // the server's address
	screenshots string // where each key page's screenshot goes
	shots       int
}

// newBrowserFlow starts Chromium (CARAVAN_TEST_CHROMIUM) against base, or
// skips the test when the variable is not set.
func newBrowserFlow(t *testing.T, base string) *browserFlow {
	t.Helper()
	path := os.Getenv("CARAVAN_TEST_CHROMIUM")
	if path == "" {
		t.Skip("CARAVAN_TEST_CHROMIUM is not set")
	}
	dir := os.Getenv("CARAVAN_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true), chromedp.WindowSize(1280, 900))
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(t.Context(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return &browserFlow{t: t, ctx: ctx, base: base, screenshots: dir}
}

// step runs actions with a deadline of their own.
func (f *browserFlow) step(actions ...chromedp.Action[chromedp.Void]) {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(f.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		f.t.Fatal(err)
	}
}

// load runs actions that end in a page load (a navigation, a click on a
// submit button) and checks the status of the page that loads.
func (f *browserFlow) load(wantStatus int, actions ...chromedp.Action[chromedp.Void]) {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(f.ctx, 30*time.Second)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, actions...)
	if err != nil {
		f.t.Fatal(err)
	}
	if resp == nil || int(resp.Status) != wantStatus {
		status := 0
		if resp != nil {
			status = int(resp.Status)
		}
		f.t.Fatalf("got status %d at %s, want %d; the page says: %.300s", status, f.location(), wantStatus, f.text("body"))
	}
}

// open navigates to a path of the server.
func (f *browserFlow) open(path string, wantStatus int) {
	f.t.Helper()
	f.load(wantStatus, chromedp.Navigate(f.base+path))
}

// fill sets form fields by CSS selector.
func (f *browserFlow) fill(fields map[string]string) {
	f.t.Helper()
	var actions []chromedp.Action[chromedp.Void]
	for sel, v := range fields {
		actions = append(actions, chromedp.SetValue(sel, v))
	}
	f.step(actions...)
}

// text returns the text a selector's first element shows.
func (f *browserFlow) text(sel string) string {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(f.ctx, 30*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q) || {innerText: ""}).innerText`, sel)))
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

func (f *browserFlow) location() string {
	ctx, cancel := context.WithTimeout(f.ctx, 30*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	return loc
}

// see checks that the page's main content shows every text.
func (f *browserFlow) see(texts ...string) {
	f.t.Helper()
	body := f.text("body")
	for _, s := range texts {
		if !strings.Contains(body, s) {
			f.t.Errorf("the page at %s does not show %q; it shows: %.500s", f.location(), s, body)
		}
	}
}

// screenshot saves the whole page as NN-name.png.
func (f *browserFlow) screenshot(name string) {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(f.ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		f.t.Fatal(err)
	}
	f.shots++
	path := filepath.Join(f.screenshots, fmt.Sprintf("flow-%02d-%s.png", f.shots, name))
	if err := os.WriteFile(path, png, 0o644); err != nil {
		f.t.Fatal(err)
	}
}

// TestBrowserFlow drives Chromium through a mission's setup: an organiser
// signs in, creates a mission (after a refused attempt with its dates in
// the wrong order), adds a programme item and invites a participant; the
// participant follows the e-mailed link, sets a password, edits her
// profile and her organisation's (with a marketplace offer) and sees the
// mission; forged cross-site form posts are refused.
func TestBrowserFlow(t *testing.T) {
	a := newAccountsServer(t)
	srv := httptest.NewServer(a)
	defer srv.Close()
	f := newBrowserFlow(t, srv.URL)
	ctx := t.Context()
	basque, err := a.db.Mission(ctx, testInfo.BasqueMissionID)
	if err != nil {
		t.Fatal(err)
	}
	const title = "Robotics mission to Lyon"

	// The organiser signs in through the form.
	f.open("/login", 200)
	f.fill(map[string]string{"#email": "organiser@demo.example", "#password": "caravan-demo"})
	f.load(200, chromedp.Click(`form[action="/login"] button`))
	f.see("Otto Oehme")

	// A mission whose dates are in the wrong order is refused, with the
	// message next to the field, and nothing is stored.
	before, err := a.db.Missions(ctx, mission.MissionFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	f.open("/missions/new", 200)
	f.fill(map[string]string{
		"#consortium": fmt.Sprint(testInfo.ConsortiumID), "#title": title, "#host": fmt.Sprint(basque.HostOrganisationID),
		"#host_city": "Lyon", "#host_country": "FR", "#time_zone": "Europe/Paris", "#status": "call_open",
		"#starts_on": "2027-03-11", "#ends_on": "2027-03-09", "#summary": "Cobots and machine vision in Auvergne-Rhône-Alpes.",
	})
	f.step(chromedp.Click(`input[name="published"]`), chromedp.Click(`input[name="themes"][value="robotics"]`))
	f.load(http.StatusUnprocessableEntity, chromedp.Click(`form[action="/missions"] button[type="submit"]`))
	if msg := f.text("#ends_on-error"); msg == "" {
		t.Errorf("the refused form shows no message at the end date; the page says: %.500s", f.text("main"))
	}
	f.screenshot("mission-dates-refused")
	after, err := a.db.Missions(ctx, mission.MissionFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Fatalf("the refused form stored %d missions", len(after)-len(before))
	}

	// Corrected, the mission is created and listed on the dashboard.
	f.fill(map[string]string{"#ends_on": "2027-03-12"})
	f.load(200, chromedp.Click(`form[action="/missions"] button[type="submit"]`))
	f.see(title)
	f.screenshot("dashboard")
	var lyon *mission.Mission
	list, err := a.db.Missions(ctx, mission.MissionFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list {
		if m.Title == title {
			lyon = m
		}
	}
	if lyon == nil || !lyon.Published || lyon.HostCity != "Lyon" || lyon.EndsOn.Format(time.DateOnly) != "2027-03-12" {
		t.Fatalf("got mission %+v, want %q in Lyon, published, ending 2027-03-12", lyon, title)
	}

	// A programme item.
	form := fmt.Sprintf(`form[action="/missions/%d/programme"]`, lyon.ID)
	f.open(fmt.Sprintf("/missions/%d/programme", lyon.ID), 200)
	f.fill(map[string]string{form + ` [name="kind"]`: "company_visit", form + ` [name="title"]`: "Visit to a cobot maker",
		form + ` [name="starts_at"]`: "2027-03-10T09:00", form + ` [name="ends_at"]`: "2027-03-10T11:30",
		form + ` [name="venue"]`: "Villeurbanne"})
	f.load(200, chromedp.Click(form+` button[type="submit"]`))
	f.see("Visit to a cobot maker", "Villeurbanne")
	f.screenshot("programme")

	// The invitation.
	f.open(fmt.Sprintf("/missions/%d/invite", lyon.ID), 200)
	f.fill(map[string]string{"#email": "marta@lyon-robotics.example", "#name": "Marta Girard", "#organisation": "Lyon Robotics",
		"#country": "FR", "#kind": "sme", "#role": "participant"})
	f.load(200, chromedp.Click(`main form button`))
	f.see("marta@lyon-robotics.example")
	f.screenshot("invited")
	f.load(200, chromedp.Click(`form[action="/logout"] button`))

	// The participant opens the e-mailed link and sets a password.
	link := ""
	for _, e := range a.outbox(t) {
		if e.ToAddress == "marta@lyon-robotics.example" {
			link = regexp.MustCompile(`/invitations/[^\s"<]+`).FindString(e.TextBody)
		}
	}
	if link == "" {
		t.Fatal("no invitation e-mail with a link to marta@lyon-robotics.example in the outbox")
	}
	f.open(link, 200)
	f.see("marta@lyon-robotics.example")
	f.screenshot("invitation")
	f.fill(map[string]string{"#password": "a-long-new-password", "#password_repeat": "a-long-new-password"})
	f.load(200, chromedp.Click(`form[action^="/invitations/"] button`))
	f.see("Marta Girard")

	// She edits her profile.
	f.open("/settings", 200)
	f.fill(map[string]string{"#name": "Marta Girard-Lefèvre"})
	f.load(200, chromedp.Click(`form[action="/settings"] button`))
	f.see("Marta Girard-Lefèvre")
	f.screenshot("profile")

	// She fills in her organisation's profile (after a refused head count)
	// and offers something in the marketplace.
	f.open("/me/organisation", 200)
	f.see("Lyon Robotics")
	f.fill(map[string]string{"#city": "Lyon", "#staff": "-3", "#website": "https://lyon-robotics.example",
		"#description": "Cobot cells for small machine shops."})
	f.load(http.StatusUnprocessableEntity, chromedp.Click(`form[action="/me/organisation"] button[type="submit"]`))
	if msg := f.text("#staff-error"); msg == "" {
		t.Errorf("the refused profile shows no message at the head count; the page says: %.500s", f.text("main"))
	}
	f.fill(map[string]string{"#staff": "35"})
	f.load(200, chromedp.Click(`form[action="/me/organisation"] button[type="submit"]`))
	items := `form[action="/me/organisation/items"]`
	f.fill(map[string]string{items + ` [name="side"]`: "offer", items + ` [name="category"]`: "product",
		items + ` [name="title"]`: "Cobot cell for deburring", items + ` [name="description"]`: "A cell that a shop sets up in a day."})
	f.load(200, chromedp.Click(items+` button[type="submit"]`))
	f.see("Cobot cell for deburring")
	f.screenshot("organisation-profile")
	me, err := a.db.AccountByEmail(ctx, "marta@lyon-robotics.example")
	if err != nil {
		t.Fatal(err)
	}
	org, err := a.db.Organisation(ctx, me.Person.OrganisationID)
	if err != nil {
		t.Fatal(err)
	}
	if org.Name != "Lyon Robotics" || org.City != "Lyon" || org.Staff != 35 || org.Description != "Cobot cells for small machine shops." {
		t.Errorf("got organisation %q in %q, %d staff, %q; want Lyon Robotics in Lyon, 35 staff and the description", org.Name, org.City, org.Staff, org.Description)
	}
	offers, err := a.db.MarketplaceItems(ctx, org.ID)
	if err != nil || len(offers) != 1 || offers[0].Title != "Cobot cell for deburring" || offers[0].Side != mission.Offer {
		t.Errorf("got marketplace items %+v (%v), want the one offer", offers, err)
	}

	// She sees the mission among hers, and its page with the programme.
	f.open("/me/missions", 200)
	f.see(title)
	f.screenshot("my-missions")
	f.open(fmt.Sprintf("/missions/%d", lyon.ID), 200)
	f.see(title, "Visit to a cobot maker")
	f.screenshot("mission")

	// Another site's forms that post here are refused before anything
	// happens: she stays signed in and no mission appears.
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><title>Win a prize</title>
<form id="logout" method="post" action="%[1]s/logout"><button>Claim your prize</button></form>
<form id="mission" method="post" action="%[1]s/missions"><input name="consortium" value="%[2]d"><input name="title" value="Forged">
<input name="host" value="%[3]d"><input name="host_city" value="X"><input name="host_country" value="FR"><input name="time_zone" value="UTC">
<input name="starts_on" value="2027-01-01"><input name="ends_on" value="2027-01-02"><button>Enter the draw</button></form>`,
			srv.URL, testInfo.ConsortiumID, basque.HostOrganisationID)
	}))
	defer evil.Close()
	// localhost and 127.0.0.1 are different sites to the browser.
	evilURL := strings.Replace(evil.URL, "127.0.0.1", "localhost", 1)
	for _, form := range []string{"#logout", "#mission"} {
		f.load(200, chromedp.Navigate(evilURL+"/"))
		f.load(http.StatusForbidden, chromedp.Click(form+" button"))
		f.see("cross-origin")
	}
	f.screenshot("cross-site-refused")
	after, err = a.db.Missions(ctx, mission.MissionFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range after {
		if m.Title == "Forged" {
			t.Errorf("a forged cross-site form created mission %d", m.ID)
		}
	}
	f.open("/me/missions", 200)
	f.see(title, "Marta Girard-Lefèvre")
}
