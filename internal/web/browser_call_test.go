package web

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"caravan/internal/mission"
)

// TestBrowserCallToAgenda walks one applicant from the open call to a
// confirmed place: she finds the call on the mission page, registers,
// confirms her address through the e-mailed link, saves a draft of her
// application, submits it and reads that she is eligible; the organiser
// accepts her from the selection table; she confirms her place, signs up
// to a site visit with limited places, finds it in her agenda and
// downloads the agenda as PDF.
func TestBrowserCallToAgenda(t *testing.T) {
	a := newAccountsServer(t)
	ctx := t.Context()
	up, err := a.db.Mission(ctx, testInfo.UpcomingMissionID)
	must(t, err)
	vilnius, err := time.LoadLocation(up.TimeZone)
	must(t, err)
	// The demo's upcoming mission has no site visit with limited places:
	// one on its last afternoon, after everything else of the day.
	last := up.EndsOn
	visit := &mission.ProgrammeItem{MissionID: up.ID, Kind: mission.ItemSiteVisit, Title: "Site visit to Vilnius Tech Park",
		Venue: "Vilnius Tech Park", Address: "Žalgirio g. 90, 09303 Vilnius", Capacity: 2, SignupRequired: true,
		StartsAt: time.Date(last.Year(), last.Month(), last.Day(), 14, 0, 0, 0, vilnius),
		EndsAt:   time.Date(last.Year(), last.Month(), last.Day(), 16, 0, 0, 0, vilnius)}
	must(t, a.db.CreateProgrammeItem(ctx, visit))

	srv := httptest.NewServer(a)
	defer srv.Close()
	f := newBrowserFlow(t, srv.URL)
	const (
		name     = "Ona Kazlauskaitė"
		email    = "ona@brno-ai-cluster.example"
		password = "a-long-applicant-password"
	)
	signIn := func(email, password string) {
		t.Helper()
		f.fill(map[string]string{"#email": email, "#password": password})
		f.load(200, chromedp.Click(`form[action="/login"] button`))
	}
	signOut := func() {
		t.Helper()
		f.load(200, chromedp.Click(`form[action="/logout"] button`))
	}

	// Signed out, she finds the call on the mission page; applying asks
	// her to sign in, and the sign-in page leads to registration.
	f.open(fmt.Sprintf("/missions/%d", up.ID), 200)
	f.see(up.Title)
	f.load(200, chromedp.Click(fmt.Sprintf(`a[href="/missions/%d/apply"]`, up.ID)))
	if loc := f.location(); !strings.Contains(loc, "/login?next=") {
		t.Fatalf("applying signed out went to %s, want the sign-in page", loc)
	}
	f.load(200, chromedp.Click(`a[href="/register"]`))
	f.see("Create an account", up.Title)
	f.fill(map[string]string{"#name": name, "#organisation": "Brno AI Cluster", "#country": "CZ", "#kind": mission.KindCluster,
		"#email": email, "#password": password, "#password_repeat": password})
	f.screenshot("call-register")
	f.load(200, chromedp.Click(`form[action="/register"] button`))
	f.see("Almost done", email)

	// The link in the outbox confirms the address.
	link := ""
	for _, e := range a.outbox(t) {
		if e.ToAddress == email {
			link = regexp.MustCompile(`https?://[^\s"<]+/verify\?token=[^\s"<]+`).FindString(e.TextBody)
		}
	}
	if !strings.HasPrefix(link, srv.URL+"/verify?token=") {
		t.Fatalf("got confirmation link %q in the outbox, want one to %s/verify", link, srv.URL)
	}
	f.load(200, chromedp.Navigate(link))
	f.see("your e-mail address is confirmed")
	f.screenshot("call-verified")

	// Signed in, she lands on the application form; a draft keeps her
	// answers.
	f.open("/login?next="+url.QueryEscape(fmt.Sprintf("/missions/%d/apply", up.ID)), 200)
	signIn(email, password)
	f.see("Apply to "+up.Title, "Which sector is your organisation in?")
	motivation := "We cluster 40 Czech AI companies that want Lithuanian fintech partners."
	f.fill(map[string]string{"#motivation": motivation, "#answer\\.goal": "Banks and payment start-ups."})
	f.step(chromedp.Click(`input[name="answer.sector"][value="AI and data"]`))
	f.load(200, chromedp.Click(`button[value="save"]`))
	f.see("Your draft is saved")
	if got := f.attr("#motivation", "value"); got != motivation {
		t.Errorf("the saved draft shows motivation %q, want %q", got, motivation)
	}
	f.screenshot("call-draft")
	acc, err := a.db.AccountByEmail(ctx, email)
	must(t, err)
	mine, err := a.db.Applications(ctx, mission.ApplicationFilter{MissionID: up.ID, PersonID: acc.PersonID})
	must(t, err)
	if len(mine) != 1 || mine[0].Status != mission.AppDraft || mine[0].Answers["sector"] != "AI and data" {
		t.Fatalf("after saving the draft got %+v, want one draft with its answers", mine)
	}
	app := mine[0].ID

	// Submitted, the application is checked against the call's rules.
	f.step(chromedp.Click(`input[name="answer.first_exchange"][value="yes"]`))
	f.load(200, chromedp.Click(`button[value="submit"]`))
	f.see("My applications", up.Title, "Meets the eligibility rules of clusterxchange-2022-24")
	if got := f.text(fmt.Sprintf("#application-%d .status", app)); got != "eligible" {
		t.Errorf("the application's status reads %q, want eligible", got)
	}
	f.screenshot("call-eligible")
	got, err := a.db.Application(ctx, app)
	must(t, err)
	if got.Status != mission.AppEligible || !got.Eligibility.Passed || got.Answers["first_exchange"] != "yes" {
		t.Fatalf("after submitting got status %s, eligibility %+v, answers %v; want eligible", got.Status, got.Eligibility, got.Answers)
	}
	signOut()

	// The organiser accepts her from the selection table, with a reason.
	f.open("/login", 200)
	signIn("organiser@demo.example", "caravan-demo")
	f.open(fmt.Sprintf("/missions/%d/applications", up.ID), 200)
	row := fmt.Sprintf("tr#application-%d", app)
	if text := f.text(row); !strings.Contains(text, name) || !strings.Contains(text, "Brno AI Cluster") || !strings.Contains(text, "eligible") {
		t.Errorf("her row in the selection table reads %q, want her name, organisation and status", text)
	}
	f.step(chromedp.Click(row + ` input[type="checkbox"]`))
	f.fill(map[string]string{"#to": mission.AppAccepted, "#reason": "A strong AI and data cluster."})
	f.load(200, chromedp.Click(`button[form="decide"]`))
	if text := f.text(row); !strings.Contains(text, "accepted") {
		t.Errorf("after the decision her row reads %q, want accepted", text)
	}
	f.screenshot("call-accepted")
	got, err = a.db.Application(ctx, app)
	must(t, err)
	if got.Status != mission.AppAccepted {
		t.Fatalf("after the decision got status %s, want accepted", got.Status)
	}
	told := false
	for _, e := range a.outbox(t) {
		told = told || (e.ToAddress == email && strings.Contains(e.TextBody, "A strong AI and data cluster."))
	}
	if !told {
		t.Errorf("no e-mail to %s with the reason of the acceptance in the outbox", email)
	}
	signOut()

	// She confirms her place and becomes the mission's participant.
	f.open("/login?next=/me/applications", 200)
	signIn(email, password)
	f.see("My applications", "accepted", "Confirm my place")
	f.load(200, chromedp.Click(fmt.Sprintf(`form[action="/applications/%d/confirm"] button`, app)))
	if got := f.text(fmt.Sprintf("#application-%d .status", app)); got != "confirmed" {
		t.Errorf("after confirming the status reads %q, want confirmed", got)
	}
	f.screenshot("call-confirmed")
	participants, err := a.db.MissionMembers(ctx, up.ID, mission.RoleParticipant)
	must(t, err)
	member := false
	for _, m := range participants {
		member = member || m.PersonID == acc.PersonID
	}
	if !member {
		t.Fatalf("after confirming she is not among the mission's %d participants", len(participants))
	}

	// On the mission page she signs up to the site visit.
	f.open(fmt.Sprintf("/missions/%d", up.ID), 200)
	item := fmt.Sprintf("#item-%d", visit.ID)
	if text := f.text(item); !strings.Contains(text, visit.Title) || !strings.Contains(text, "0 of 2 places taken") {
		t.Errorf("the site visit reads %q, want its title and 0 of 2 places taken", text)
	}
	f.load(200, chromedp.Click(fmt.Sprintf(`form[action="/programme/%d/signup"] button`, visit.ID)))
	if text := f.text(item); !strings.Contains(text, "You have a place.") || !strings.Contains(text, "1 of 2 places taken") {
		t.Errorf("after signing up the site visit reads %q, want her place and 1 of 2 places taken", text)
	}
	f.screenshot("call-signed-up")
	// Her organisation, registered without a city, is among the visitors
	// from its country alone (not ", Czechia").
	from, err := chromedp.Run(f.ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("main tr")].
		filter(tr => tr.cells[0] && tr.cells[0].textContent === "Brno AI Cluster").map(tr => tr.cells[2].textContent).join("|")`))
	must(t, err)
	if from != "Czechia" {
		t.Errorf("the visitors' table gives Brno AI Cluster's place as %q, want Czechia", from)
	}
	signups, err := a.db.Signups(ctx, visit.ID)
	must(t, err)
	if len(signups) != 1 || signups[0].PersonID != acc.PersonID || signups[0].Status != mission.SignupConfirmed {
		t.Fatalf("got sign-ups %+v, want hers, confirmed", signups)
	}

	// Her agenda has the visit, with its address.
	f.open("/me/agenda", 200)
	if text := f.text(fmt.Sprintf("#agenda-item-%d", visit.ID)); !strings.Contains(text, visit.Title) ||
		!strings.Contains(text, visit.Address) || !strings.Contains(text, "You have a place.") {
		t.Errorf("the agenda's site visit reads %q, want its title, address and her place", text)
	}
	f.screenshot("call-agenda")

	// The agenda's PDF, from the page's link, with the browser's cookies.
	href := f.attr(`a[download][href$="agenda.pdf"]`, "href")
	cookies, err := chromedp.Call(f.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{srv.URL}})
	must(t, err)
	req, err := http.NewRequestWithContext(ctx, "GET", srv.URL+href, nil)
	must(t, err)
	for _, c := range cookies.Cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	resp, err := srv.Client().Do(req)
	must(t, err)
	pdf, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	must(t, err)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("GET %s: got %d, %q, %.20q; want a PDF", href, resp.StatusCode, resp.Header.Get("Content-Type"), pdf)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext not installed: the agenda PDF's text is not checked")
		return
	}
	text := strings.Join(strings.Fields(pdfText(t, pdf)), " ")
	for _, want := range []string{"Agenda of " + name, visit.Title, visit.Address} {
		if !strings.Contains(text, want) {
			t.Errorf("the agenda PDF lacks %q: %s", want, text)
		}
	}
}
