package web

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"caravan/internal/mission"
	"caravan/internal/store"
)

// TestBrowserClaim drives Chromium through a grant's claim on the demo's
// Basque mission: the organiser (Silicon Saxony) commits the participant
// demo account's grant; the participant writes the closing report, uploads
// a boarding pass, gives her bank account and submits; the organiser
// approves it on the claims page and marks it paid on the payments page;
// the consortium's budget and the mission's KPI page show it paid.
func TestBrowserClaim(t *testing.T) {
	a := newAccountsServer(t)
	srv := httptest.NewServer(a)
	defer srv.Close()
	f := newBrowserFlow(t, srv.URL)
	ctx := t.Context()
	basque := testInfo.BasqueMissionID
	en := a.bundle.Localizer("en")
	signIn := func(role string) {
		f.open("/login", 200)
		f.fill(map[string]string{"#email": role + "@demo.example", "#password": "caravan-demo"})
		f.load(200, chromedp.Click(`form[action="/login"] button`))
	}
	signOut := func() { f.load(200, chromedp.Click(`form[action="/logout"] button`)) }
	paula, err := a.db.AccountByEmail(ctx, "participant@demo.example")
	must(t, err)
	apps, err := a.db.Applications(ctx, mission.ApplicationFilter{MissionID: basque, PersonID: paula.PersonID, Status: mission.AppConfirmed, Limit: 1})
	must(t, err)
	if len(apps) != 1 {
		t.Fatal("the participant demo account has no confirmed place on the Basque mission")
	}
	app := apps[0]
	var sisax mission.Partner
	c, err := a.db.Consortium(ctx, testInfo.ConsortiumID)
	must(t, err)
	for _, p := range c.Partners {
		if strings.Contains(p.Organisation.Name, "Saxony") {
			sisax = p
		}
	}
	paidBefore, _ := partnerPaid(t, a, sisax.ID)

	// The demo committed Paula's grant, paid by Silicon Saxony, and
	// started her report as a draft (internal/demo/tour.go).
	signIn("organiser")
	f.open(fmt.Sprintf("/missions/%d/grants", basque), 200)
	grants, err := a.db.MissionGrants(ctx, basque)
	must(t, err)
	g := grants[app.ID]
	if g == nil || g.PartnerID != sisax.ID || g.Status != mission.GrantCommitted {
		t.Fatalf("grant %+v, want one committed by Silicon Saxony", g)
	}
	grantText := en.FormatMoney(g.AmountCents, g.Currency)
	signOut()

	// Paula files her report with a boarding pass and her bank account.
	signIn("participant")
	f.open(fmt.Sprintf("/missions/%d", basque), 200)
	f.load(200, chromedp.Click(fmt.Sprintf(`a[href="/missions/%d/closing-report"]`, basque)))
	f.see("Closing report", grantText)
	pass := filepath.Join(t.TempDir(), "boarding-pass.png")
	must(t, os.WriteFile(pass, pngFile, 0o600))
	f.step(chromedp.SetUploadFiles(`#file`, []string{pass}))
	f.fill(map[string]string{"#kind": mission.EvidenceBoardingPass})
	f.load(200, chromedp.Click(fmt.Sprintf(`form[action="/missions/%d/closing-report/evidence"] button`, basque)))
	f.see("boarding-pass.png", "boarding pass", "image/png")
	f.fill(map[string]string{"#account_holder": "Paula Pawlak", "#iban": "PL61 1090 1014 0000 0712 1981 2874", "#bic": "WBKPPLPP"})
	f.load(200, chromedp.Click(fmt.Sprintf(`form[action="/missions/%d/closing-report/bank"] button`, basque)))
	f.see("Your bank account is saved.")
	f.fill(map[string]string{"#achieved": "Three Basque manufacturers asked for offers; one pilot agreed.",
		"#meetings_that_mattered": "The B2B meeting with a machine-tool maker from Elgoibar.", "#next_steps": "Pilot in January."})
	f.load(200, chromedp.Click(`button[name="action"][value="submit"]`))
	f.see("submitted, waiting for review")
	f.screenshot("claim-submitted")
	signOut()

	// The organiser approves it at the grant's amount and pays it.
	rep, err := a.db.ApplicationClosingReport(ctx, app.ID)
	must(t, err)
	signIn("organiser")
	f.open(fmt.Sprintf("/missions/%d/claims", basque), 200)
	f.see("Paula Pawlak", "Pilot in January.", "boarding-pass.png")
	f.screenshot("claims-review")
	f.load(200, chromedp.Click(fmt.Sprintf(`form[action="/claims/%d/approve"] button`, rep.ID)))
	f.open(fmt.Sprintf("/consortia/%d/payments", testInfo.ConsortiumID), 200)
	f.see("Paula Pawlak", "PL61 … 2874")
	f.step(chromedp.Click(fmt.Sprintf(`#pay-%d`, rep.ID)))
	f.screenshot("payments")
	f.load(200, chromedp.Click(fmt.Sprintf(`form[action="/consortia/%d/payments"] button[type="submit"]`, testInfo.ConsortiumID)))
	rep, err = a.db.ApplicationClosingReport(ctx, app.ID)
	must(t, err)
	if rep.Status != mission.ReportApproved || rep.PaidAt.IsZero() || rep.ApprovedAmountCents != g.AmountCents {
		t.Fatalf("report %s, paid %v, %d cents; want approved and paid at the grant's %d", rep.Status, rep.PaidAt, rep.ApprovedAmountCents, g.AmountCents)
	}

	// The budget shows Silicon Saxony's paid figure grown by the grant.
	paidAfter, row := partnerPaid(t, a, sisax.ID)
	if paidAfter != paidBefore+g.AmountCents {
		t.Errorf("Silicon Saxony paid %d, want %d + %d", paidAfter, paidBefore, g.AmountCents)
	}
	f.open(fmt.Sprintf("/consortia/%d/budget", testInfo.ConsortiumID), 200)
	line := f.text(fmt.Sprintf(`#budget-partners tbody tr:nth-child(%d)`, row))
	if !strings.Contains(line, "Silicon Saxony") || !strings.Contains(line, en.FormatMoney(paidAfter, "EUR")) {
		t.Errorf("budget row %q, want Silicon Saxony with %s paid", line, en.FormatMoney(paidAfter, "EUR"))
	}
	f.screenshot("budget-paid")
	// The mission's KPI page counts the payment too.
	missionPaid := missionPaidCents(t, a, basque)
	f.open(fmt.Sprintf("/missions/%d/kpi", basque), 200)
	figure, err := chromedp.Run(f.ctx, chromedp.Evaluate[string](`Array.from(document.querySelectorAll("li"))
		.filter(li => (li.querySelector(".label") || {}).innerText === "Paid").map(li => li.querySelector(".value").innerText)[0] || ""`))
	must(t, err)
	if want := en.FormatMoney(missionPaid, "EUR"); figure != want {
		t.Errorf("the KPI page's paid figure is %q, want %s", figure, want)
	}
	f.screenshot("kpi-paid")
}

// partnerPaid returns what a partner's grants have paid and its 1-based
// row on the budget page.
func partnerPaid(t *testing.T, a *accountsServer, partnerID int64) (int64, int) {
	t.Helper()
	b, err := a.db.Budget(t.Context(), testInfo.ConsortiumID)
	must(t, err)
	for i, p := range b.Partners {
		if p.PartnerID == partnerID {
			return p.PaidCents, i + 1
		}
	}
	t.Fatalf("no budget line of partner %d", partnerID)
	return 0, 0
}

// missionPaidCents sums the paid claims of a mission.
func missionPaidCents(t *testing.T, a *accountsServer, missionID int64) int64 {
	t.Helper()
	claims, err := a.db.Claims(t.Context(), store.ClaimFilter{MissionID: missionID, Paid: true})
	must(t, err)
	var sum int64
	for _, c := range claims {
		sum += c.Report.ApprovedAmountCents
	}
	return sum
}
