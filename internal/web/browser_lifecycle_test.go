package web

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/chromedp/chromedp"

	"caravan/internal/mission"
)

// fetch downloads a path of the page's site as the page would (with its
// cookies) and returns the Content-Type and the body.
func (f *browserFlow) fetch(path string) (contentType string, body []byte) {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(f.ctx, 30*time.Second)
	defer cancel()
	js := fmt.Sprintf(`(async () => {
		const r = await fetch(%q, {credentials: "same-origin"});
		const b = new Uint8Array(await r.arrayBuffer());
		let s = "";
		for (const x of b) s += String.fromCharCode(x);
		return r.status + "|" + r.headers.get("content-type") + "|" + btoa(s);
	})()`, path)
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		f.t.Fatal(err)
	}
	parts := strings.SplitN(out, "|", 3)
	if len(parts) != 3 || parts[0] != "200" {
		f.t.Fatalf("fetch %s: got %.100s, want 200", path, out)
	}
	b, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil {
		f.t.Fatal(err)
	}
	return parts[1], b
}

// TestBrowserSignupAgenda drives Chromium through a confirmed participant's
// part of a mission: she signs up to a site visit with one place from the
// mission page, is refused one that overlaps the SME Assembly, finds the
// visit in her agenda, downloads the agenda as PDF, makes her calendar
// address and reads the feed and the visit's calendar file.
func TestBrowserSignupAgenda(t *testing.T) {
	a := newAccountsServer(t)
	port, early := signupItems(t, a)
	srv := httptest.NewServer(a)
	defer srv.Close()
	f := newBrowserFlow(t, srv.URL)

	f.open("/login", 200)
	f.fill(map[string]string{"#email": "participant@demo.example", "#password": "caravan-demo"})
	f.load(200, chromedp.Click(`form[action="/login"] button`))

	f.open(fmt.Sprintf("/missions/%d", testInfo.BasqueMissionID), 200)
	f.see("Port of Bilbao <tour>", "0 of 1 places taken")
	f.load(200, chromedp.Click(fmt.Sprintf(`form[action="/programme/%d/signup"] button`, port.ID)))
	f.see("You have a place.", "1 of 1 places taken")
	f.screenshot("signed-up")
	f.load(409, chromedp.Click(fmt.Sprintf(`form[action="/programme/%d/signup"] button`, early.ID)))
	f.see("it overlaps SME Assembly")
	f.screenshot("overlap-refused")

	f.open("/me/agenda", 200)
	f.see("Port of Bilbao <tour>", "Muelle AZ-1, 48980 Santurtzi", "You have a place.")
	f.screenshot("agenda")
	list, err := a.db.Signups(t.Context(), port.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].PersonName != "Paula Pawlak" || list[0].Status != mission.SignupConfirmed {
		t.Fatalf("got sign-ups %+v, want Paula confirmed", list)
	}

	// The agenda's PDF, from the page's link.
	href := f.attr(`a[download][href$="agenda.pdf"]`, "href")
	ct, pdf := f.fetch(href)
	if ct != "application/pdf" {
		t.Errorf("got Content-Type %q, want application/pdf", ct)
	}
	text := strings.Join(strings.Fields(pdfText(t, pdf)), " ")
	for _, want := range []string{"Agenda of Paula Pawlak", "Port of Bilbao <tour>", "Muelle AZ-1, 48980 Santurtzi", "SME Assembly"} {
		if !strings.Contains(text, want) {
			t.Errorf("the agenda PDF lacks %q: %s", want, text)
		}
	}

	// The private calendar address, and the feed behind it.
	f.load(200, chromedp.Click(`form[action="/me/calendar"] button`))
	feed := f.attr("#feed-url", "value")
	if !strings.HasPrefix(feed, srv.URL+"/ical/") {
		t.Fatalf("got calendar address %q, want one under %s/ical/", feed, srv.URL)
	}
	f.screenshot("calendar-address")
	ct, body := f.fetch(feed)
	cal := parseCalendar(t, 200, map[string][]string{"Content-Type": {ct}}, string(body))
	if e := eventBySummary(cal, "Port of Bilbao <tour>"); e == nil {
		t.Errorf("the feed lacks the port visit")
	}
	ct, body = f.fetch(f.attr(fmt.Sprintf(`#agenda-item-%d a[href$="event.ics"]`, port.ID), "href"))
	one := parseCalendar(t, 200, map[string][]string{"Content-Type": {ct}}, string(body))
	if e := eventBySummary(one, "Port of Bilbao <tour>"); e == nil || len(one.Events()) != 1 {
		t.Errorf("the visit's calendar file has %d events, want the port visit alone", len(one.Events()))
	} else if loc := e.GetProperty(ics.ComponentPropertyLocation); loc == nil || !strings.Contains(loc.Value, "Santurtzi") {
		t.Errorf("the visit's location is %v, want its address", loc)
	}
}

// attr returns an attribute (or, for "value", the property) of a
// selector's first element.
func (f *browserFlow) attr(sel, name string) string {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(f.ctx, 30*time.Second)
	defer cancel()
	js := fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e ? (%q === "value" ? e.value : e.getAttribute(%q)) || "" : ""; })()`, sel, name, name)
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	if err != nil {
		f.t.Fatal(err)
	}
	if s == "" {
		f.t.Fatalf("no %s on %s at %s", name, sel, f.location())
	}
	return s
}
