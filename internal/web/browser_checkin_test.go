package web

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"caravan/internal/auth"
	"caravan/internal/mission"
	"caravan/internal/testdb"
)

// TestBrowserCheckin drives Chromium through the registration desk: the
// organiser opens the check-in page (its camera scanner appears, loaded
// under the CSP), types Ana's code, finds Ben by name and checks him in to
// the B2B session; the attendance lists then show their times. The camera
// itself cannot be used headless: typing the code sends the same form the
// scanner fills.
func TestBrowserCheckin(t *testing.T) {
	sc := newCheckinScene(t, testdb.SQLite(t))
	sc.a.clock.t = time.Date(2026, 3, 24, 8, 50, 0, 0, time.UTC) // 9:50 in Bilbao
	srv := httptest.NewServer(sc.a)
	defer srv.Close()
	f := newBrowserFlow(t, srv.URL)
	hash, err := auth.HashPassword("desk-password-2026")
	must(t, err)
	// Ana signs in and finds her check-in code on her agenda: the QR image
	// loads (a data: URL, which the CSP allows) and her meetings show.
	ana, err := sc.a.db.AccountByEmail(t.Context(), "ana.aubert@example.org")
	must(t, err)
	must(t, sc.a.db.SetPassword(t.Context(), ana.ID, hash, ""))
	f.open("/login", 200)
	f.fill(map[string]string{`input[name="email"]`: ana.Email, `input[name="password"]`: "desk-password-2026"})
	f.load(200, chromedp.Click(`form[action="/login"] button`))
	f.open("/me/agenda", 200)
	f.see("My check-in codes", "Join the video call", "Table T2")
	ctx, cancel := context.WithTimeout(f.ctx, 30*time.Second)
	width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelector("ul.checkin-codes img").naturalWidth`))
	cancel()
	if err != nil || width < 100 {
		t.Errorf("the agenda's QR image is %d pixels wide (%v), want it loaded", width, err)
	}
	f.screenshot("agenda-checkin-code")
	f.load(200, chromedp.Click(`form[action="/logout"] button`))

	// The organiser signs in through the form.
	acc, err := sc.a.db.AccountByEmail(t.Context(), "olga.organiser@example.org")
	must(t, err)
	must(t, sc.a.db.SetPassword(t.Context(), acc.ID, hash, "")) // ends her other sessions: a new one for the downloads below
	session, sessionHash := auth.NewToken()
	must(t, sc.a.db.CreateSession(t.Context(), &mission.Session{TokenHash: hex.EncodeToString(sessionHash), AccountID: acc.ID,
		CreatedAt: sc.a.clock.t, ExpiresAt: sc.a.clock.t.Add(auth.PurposeSession.TTL())}))
	f.open("/login", 200)
	f.fill(map[string]string{`input[name="email"]`: acc.Email, `input[name="password"]`: "desk-password-2026"})
	f.load(200, chromedp.Click(`form[action="/login"] button`))
	token, err := sc.a.db.CheckinToken(t.Context(), sc.m.ID, sc.ana.ID, sc.a.clock.t)
	must(t, err)
	page := fmt.Sprintf("/missions/%d/checkin", sc.m.ID)

	f.open(page, 200)
	f.see("Check-in: On site in Bilbao", "0 checked in, 3 expected", "Scan with the camera")
	f.screenshot("checkin-page")
	f.fill(map[string]string{"#code": mission.FormatCheckinToken(token)})
	f.load(200, chromedp.Click(`#code-form button[type="submit"]`))
	f.see("Ana Aubert is checked in at 9:50 AM", "1 checked in, 3 expected")
	f.screenshot("checkin-done")

	sc.a.clock.t = sc.a.clock.t.Add(35 * time.Minute)
	f.open(fmt.Sprintf("%s?item=%d", page, sc.session.ID), 200)
	f.fill(map[string]string{"#q": "ben"})
	f.load(200, chromedp.Click(`#search-form button[type="submit"]`))
	f.see("Check in Ben Bengoetxea")
	f.load(200, chromedp.Click(`#results button[type="submit"]`))
	f.see("Ben Bengoetxea is checked in at 10:25 AM", "1 checked in, 3 expected")
	f.screenshot("checkin-session")

	for path, want := range map[string]string{
		fmt.Sprintf("/missions/%d/attendance.pdf", sc.m.ID):        "9:50 AM",
		fmt.Sprintf("/programme/%d/attendance.pdf", sc.session.ID): "10:25 AM",
	} {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: session})
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if text := pdfTextOf(t, body); !strings.Contains(text, want) || !strings.Contains(text, "Signature") {
			t.Errorf("%s lacks %q: %.500s", path, want, text)
		}
	}
}
