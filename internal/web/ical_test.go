package web

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"caravan/internal/mission"
)

// parseCalendar checks an answer is a calendar and parses it back with
// golang-ical.
func parseCalendar(t *testing.T, code int, header http.Header, body string) *ics.Calendar {
	t.Helper()
	if code != http.StatusOK {
		t.Fatalf("got %d, want 200; body: %.300s", code, body)
	}
	if got := header.Get("Content-Type"); got != "text/calendar; charset=utf-8" {
		t.Errorf("got Content-Type %q, want text/calendar; charset=utf-8", got)
	}
	if !strings.HasPrefix(body, "BEGIN:VCALENDAR\r\n") || !strings.Contains(body, "VERSION:2.0\r\n") || !strings.Contains(body, "PRODID:") {
		t.Errorf("not an RFC 5545 calendar (CRLF lines, VERSION, PRODID): %.200q", body)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, body)
	}
	return cal
}

func eventBySummary(cal *ics.Calendar, summary string) *ics.VEvent {
	for _, e := range cal.Events() {
		if p := e.GetProperty(ics.ComponentPropertySummary); p != nil && p.Value == summary {
			return e
		}
	}
	return nil
}

func TestCalendarFeedAndItemFile(t *testing.T) {
	a := newAccountsServer(t)
	ctx := t.Context()
	port, _ := signupItems(t, a)
	paula, leire := personOf(t, a, "participant"), personOf(t, a, "local")
	if _, err := a.db.SignUp(ctx, port.ID, paula, testNow); err != nil {
		t.Fatal(err)
	}
	// The demo's B2B meeting of Paula's with Leire, in a B2B session.
	meetings, err := a.db.Meetings(ctx, testInfo.BasqueMissionID)
	if err != nil {
		t.Fatal(err)
	}
	var mt *mission.Meeting
	for _, m := range meetings {
		if slices.Contains(m.PersonIDs, paula) && slices.Contains(m.PersonIDs, leire) {
			mt = m
		}
	}
	if mt == nil || mt.Table == "" {
		t.Fatalf("got meeting %+v of Paula's with Leire, want one at a table", mt)
	}
	session, err := a.db.ProgrammeItem(ctx, mt.SessionItemID)
	if err != nil {
		t.Fatal(err)
	}

	cookie := a.session(t, "participant")
	w := a.request(t, "POST", "/me/calendar", nil, nil, cookie)
	if w.Code != 200 {
		t.Fatalf("make feed: got %d, want 200", w.Code)
	}
	feedRe := regexp.MustCompile(`/ical/[A-Za-z0-9_-]{20,}\.ics`)
	feed := feedRe.FindString(w.Body.String())
	if feed == "" || !strings.Contains(w.Body.String(), "It is shown only once.") {
		t.Fatalf("no feed address on the page: %.2000s", w.Body.String())
	}
	if again := a.request(t, "GET", "/me/agenda", nil, nil, cookie); feedRe.MatchString(again.Body.String()) ||
		!strings.Contains(again.Body.String(), "Your calendar subscription is active.") {
		t.Errorf("the agenda shows the feed address again, or not that it is active")
	}

	// A calendar app fetches the feed without a session.
	w = a.request(t, "GET", feed, nil, nil)
	body := w.Body.String()
	cal := parseCalendar(t, w.Code, w.Header(), body)
	madrid, _ := time.LoadLocation("Europe/Madrid")
	tests := []struct {
		summary, location string
		start, end        time.Time
	}{
		{"SME Assembly", "Euskalduna Conference Centre, Bilbao", time.Date(2023, 11, 15, 9, 0, 0, 0, madrid), time.Date(2023, 11, 15, 11, 30, 0, 0, madrid)},
		{"Port of Bilbao <tour>", "Port of Bilbao, Muelle AZ-1, 48980 Santurtzi", time.Date(2023, 11, 14, 19, 0, 0, 0, madrid), time.Date(2023, 11, 14, 20, 30, 0, 0, madrid)},
		{"B2B meeting with Leire Lasa (" + orgName(t, a, leire) + ")", "Table " + mt.Table + ", " + session.Venue, mt.StartsAt, mt.EndsAt},
	}
	for _, tt := range tests {
		e := eventBySummary(cal, tt.summary)
		if e == nil {
			t.Errorf("no event %q in the feed", tt.summary)
			continue
		}
		start, err := e.GetStartAt()
		if err != nil || !start.Equal(tt.start) {
			t.Errorf("%s: got start %v (%v), want %v", tt.summary, start, err, tt.start)
		}
		end, err := e.GetEndAt()
		if err != nil || !end.Equal(tt.end) {
			t.Errorf("%s: got end %v (%v), want %v", tt.summary, end, err, tt.end)
		}
		if tz := e.GetProperty(ics.ComponentPropertyDtStart).ICalParameters["TZID"]; !slices.Equal(tz, []string{"Europe/Madrid"}) {
			t.Errorf("%s: got TZID %v, want Europe/Madrid", tt.summary, tz)
		}
		if loc := e.GetProperty(ics.ComponentPropertyLocation); loc == nil || loc.Value != tt.location {
			t.Errorf("%s: got location %v, want %q", tt.summary, loc, tt.location)
		}
		if e.GetProperty(ics.ComponentPropertyDtstamp) == nil {
			t.Errorf("%s: no DTSTAMP", tt.summary)
		}
	}
	// Not signed up: the AS Fabrik visit and the early visit are not in it.
	for _, summary := range []string{"Visit to Bilbao AS Fabrik (Advanced Services Fabrik)", "Early plant visit"} {
		if eventBySummary(cal, summary) != nil {
			t.Errorf("the feed has %q, which Paula has not signed up to", summary)
		}
	}
	// One VTIMEZONE for each zone the events use (Paula's upcoming mission
	// has its own), Madrid's with its observances around November 2023.
	zones := map[string]int{}
	for _, z := range cal.Timezones() {
		zones[z.GetProperty(ics.ComponentProperty(ics.PropertyTzid)).Value]++
	}
	for _, e := range cal.Events() {
		for _, prop := range []ics.ComponentProperty{ics.ComponentPropertyDtStart, ics.ComponentPropertyDtEnd} {
			for _, tz := range e.GetProperty(prop).ICalParameters["TZID"] {
				if zones[tz] != 1 {
					t.Errorf("%s: TZID %s has %d VTIMEZONE, want 1", e.Id(), tz, zones[tz])
				}
			}
		}
	}
	if !strings.Contains(body, "BEGIN:STANDARD\r\nDTSTART:20231029T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD") {
		t.Errorf("no STANDARD observance of 29 October 2023 in:\n%s", body)
	}
	// UIDs are unique and stable from one fetch to the next.
	uids := map[string]bool{}
	for _, e := range cal.Events() {
		if uids[e.Id()] {
			t.Errorf("UID %s twice", e.Id())
		}
		uids[e.Id()] = true
	}
	second := parseCalendar(t, 200, w.Header(), a.request(t, "GET", feed, nil, nil).Body.String())
	for _, e := range second.Events() {
		if !uids[e.Id()] {
			t.Errorf("UID %s is new in the second fetch", e.Id())
		}
	}

	// Spanish accounts get Spanish summaries.
	lang := "es"
	if _, err := a.db.UpdateAccount(ctx, paulaAccount(t, a), mission.AccountUpdate{Language: &lang}); err != nil {
		t.Fatal(err)
	}
	if es := a.request(t, "GET", feed, nil, nil).Body.String(); !strings.Contains(es, "SUMMARY:Reunión B2B con Leire Lasa") {
		t.Errorf("no Spanish meeting summary in:\n%.3000s", es)
	}

	// A new address revokes the old one; revoking ends the new one.
	w = a.request(t, "POST", "/me/calendar", nil, nil, cookie)
	renewed := feedRe.FindString(w.Body.String())
	if renewed == "" || renewed == feed {
		t.Fatalf("got new address %q after %q, want a different one", renewed, feed)
	}
	if got := a.request(t, "GET", feed, nil, nil).Code; got != 404 {
		t.Errorf("old feed: got %d, want 404", got)
	}
	if got := a.request(t, "POST", "/me/calendar/revoke", nil, nil, cookie).Code; got != 303 {
		t.Errorf("revoke: got %d, want 303", got)
	}
	if got := a.request(t, "GET", renewed, nil, nil).Code; got != 404 {
		t.Errorf("revoked feed: got %d, want 404", got)
	}

	// One item's file, for anyone who may see the mission.
	w = a.request(t, "GET", fmt.Sprintf("/programme/%d/event.ics", port.ID), nil, nil)
	one := parseCalendar(t, w.Code, w.Header(), w.Body.String())
	if n := len(one.Events()); n != 1 {
		t.Fatalf("got %d events, want 1", n)
	}
	if e := eventBySummary(one, "Port of Bilbao <tour>"); e == nil || !strings.HasPrefix(e.Id(), fmt.Sprintf("item-%d@", port.ID)) {
		t.Errorf("got events %v, want the port visit with its item UID", one.Events())
	}
	if cd := w.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".ics") {
		t.Errorf("got Content-Disposition %q, want an .ics attachment", cd)
	}
}

func orgName(t *testing.T, a *accountsServer, personID int64) string {
	t.Helper()
	p, err := a.db.Person(t.Context(), personID)
	if err != nil {
		t.Fatal(err)
	}
	return p.Organisation.Name
}

func paulaAccount(t *testing.T, a *accountsServer) int64 {
	t.Helper()
	acc, err := a.db.AccountByEmail(t.Context(), "participant@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	return acc.ID
}

// TestVTimezone checks the observances against the known changes of
// Europe/Madrid in 2026 and a zone without daylight-saving time.
func TestVTimezone(t *testing.T) {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	cal := ics.NewCalendar()
	cal.AddVTimezone(vtimezone(madrid, 2026, 2026))
	text := cal.Serialize(ics.WithNewLine("\r\n"))
	for _, want := range []string{
		"BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT",
		"BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("lacks %q in:\n%s", want, text)
		}
	}
	if n := strings.Count(text, "BEGIN:DAYLIGHT") + strings.Count(text, "BEGIN:STANDARD"); n != 2 {
		t.Errorf("got %d observances, want 2", n)
	}
	kolkata, _ := time.LoadLocation("Asia/Kolkata")
	cal = ics.NewCalendar()
	cal.AddVTimezone(vtimezone(kolkata, 2026, 2026))
	text = cal.Serialize(ics.WithNewLine("\r\n"))
	if !strings.Contains(text, "TZOFFSETFROM:+0530\r\nTZOFFSETTO:+0530") || strings.Contains(text, "DAYLIGHT") {
		t.Errorf("Kolkata: got\n%s", text)
	}
}
