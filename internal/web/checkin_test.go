package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"html"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	gzqr "github.com/makiuchi-d/gozxing/qrcode"

	"caravan/internal/mission"
	"caravan/internal/testdb"
)

func init() { matrixParts = append(matrixParts, checkinMatrix) }

// checkinMatrix: organisers and hosts of the Basque mission check people
// in and print its sheets; members print their own badge; the rest get
// 403, and the unpublished draft is 404 to those who may not see it.
func checkinMatrix() map[string][]access {
	basque := fmt.Sprint(testInfo.BasqueMissionID)
	draft := fmt.Sprint(testInfo.DraftMissionID)
	item := fmt.Sprint(firstItem(testInfo.BasqueMissionID)) // the welcome: no B2B session
	session := fmt.Sprint(basqueSession())
	staff := [7]int{303, 200, 200, 200, 403, 403, 403}
	return map[string][]access{
		"GET /missions/{id}/checkin": {
			{method: "GET", path: "/missions/" + basque + "/checkin?q=a", want: staff},
			{method: "GET", path: "/missions/" + draft + "/checkin", want: [7]int{303, 200, 200, 404, 404, 404, 404}},
			{method: "GET", path: "/missions/" + basque + "/checkin?item=999999", want: [7]int{303, 404, 404, 404, 403, 403, 403}},
		},
		"POST /missions/{id}/checkin": {
			// A forged code is refused next to the field.
			{method: "POST", path: "/missions/" + basque + "/checkin", form: url.Values{"code": {"0000-0000-0000-0000"}}, want: [7]int{401, 422, 422, 422, 403, 403, 403}},
		},
		"POST /missions/{id}/checkins/{checkin}/undo": {
			{method: "POST", path: "/missions/" + basque + "/checkins/999999/undo", want: [7]int{401, 404, 404, 404, 403, 403, 403}},
		},
		"GET /missions/{id}/badge.pdf": {
			// Admins and the consortium's organiser take no part in the mission: no badge.
			{method: "GET", path: "/missions/" + basque + "/badge.pdf", want: [7]int{303, 404, 403, 200, 200, 200, 403}},
		},
		"GET /missions/{id}/badges.pdf": {
			{method: "GET", path: "/missions/" + basque + "/badges.pdf", want: staff},
			{method: "GET", path: "/missions/" + draft + "/badges.pdf", want: [7]int{303, 200, 200, 404, 404, 404, 404}},
		},
		"GET /missions/{id}/attendance.pdf": {
			{method: "GET", path: "/missions/" + basque + "/attendance.pdf", want: staff},
		},
		"GET /programme/{id}/attendance.pdf": {
			{method: "GET", path: "/programme/" + item + "/attendance.pdf", want: staff},
			{method: "GET", path: "/programme/999999/attendance.pdf", want: signedIn(303, 404)},
		},
		"GET /programme/{id}/tables.pdf": {
			{method: "GET", path: "/programme/" + session + "/tables.pdf", want: staff},
			{method: "GET", path: "/programme/" + item + "/tables.pdf", want: [7]int{303, 400, 400, 400, 403, 403, 403}},
		},
	}
}

// basqueSession returns the Basque mission's first B2B session.
func basqueSession() int64 {
	items, err := testServer.db.ProgrammeItems(context.Background(), testInfo.BasqueMissionID)
	if err != nil {
		panic(err)
	}
	for _, it := range items {
		if it.Kind == mission.ItemB2BSession {
			return it.ID
		}
	}
	panic("the Basque mission has no B2B session")
}

// checkinScene is a mission of the call scene with a B2B session and a
// conference, a visiting participant (Ana, with an account), a local
// company (Ben) and a second visitor (Cai); Ana meets Ben at table T2 and
// Cai online. Another mission has Dora, whose code must not work here.
type checkinScene struct {
	*callScene
	m, other      *mission.Mission
	session, conf *mission.ProgrammeItem
	ana, ben, cai *mission.Person
	dora          *mission.Person
	anaCookie     *http.Cookie
}

func newCheckinScene(t *testing.T, dsn string) *checkinScene {
	t.Helper()
	sc := &checkinScene{callScene: newCallScene(t, dsn)}
	ctx := t.Context()
	db := sc.a.db
	day := time.Date(2026, 3, 24, 0, 0, 0, 0, time.UTC)
	running := func(title string, first time.Time) *mission.Mission {
		m := &mission.Mission{Title: title, ConsortiumID: sc.cons.ID, HostOrganisationID: sc.host.ID, HostCity: "Bilbao",
			HostCountry: "ES", StartsOn: first, EndsOn: first.AddDate(0, 0, 1), TimeZone: "Europe/Madrid",
			Status: mission.StatusRunning, Published: true}
		must(t, db.CreateMission(ctx, m))
		return m
	}
	sc.m = running("On site in Bilbao", day)
	sc.other = running("Later in Bilbao", day.AddDate(0, 1, 0))
	loc := sc.m.Location()
	at := func(h, min int) time.Time { return time.Date(2026, 3, 24, h, min, 0, 0, loc) }
	sc.session = &mission.ProgrammeItem{MissionID: sc.m.ID, Kind: mission.ItemB2BSession, Title: "Tailored B2B meetings",
		Venue: "BEC, Barakaldo", StartsAt: at(10, 0), EndsAt: at(11, 0), SlotMinutes: 20, Tables: 3}
	must(t, db.CreateProgrammeItem(ctx, sc.session))
	sc.conf = &mission.ProgrammeItem{MissionID: sc.m.ID, Kind: mission.ItemConference, Title: "SME Assembly",
		StartsAt: at(12, 0), EndsAt: at(13, 0)}
	must(t, db.CreateProgrammeItem(ctx, sc.conf))
	lyon := sc.org(t, "Lyon Robotics", mission.KindSME, "FR")
	basque := sc.org(t, "Bizkaia Sensors", mission.KindSME, "ES")
	sc.ana, sc.anaCookie = sc.person(t, lyon, "Ana Aubert", "")
	sc.ben = &mission.Person{OrganisationID: basque.ID, Name: "Ben Bengoetxea"}
	must(t, db.CreatePerson(ctx, sc.ben))
	sc.cai = &mission.Person{OrganisationID: lyon.ID, Name: "Cai Colin"}
	must(t, db.CreatePerson(ctx, sc.cai))
	sc.dora = &mission.Person{OrganisationID: lyon.ID, Name: "Dora Durand"}
	must(t, db.CreatePerson(ctx, sc.dora))
	for _, mm := range []mission.MissionMember{
		{MissionID: sc.m.ID, PersonID: sc.ana.ID, Role: mission.RoleParticipant},
		{MissionID: sc.m.ID, PersonID: sc.cai.ID, Role: mission.RoleParticipant},
		{MissionID: sc.m.ID, PersonID: sc.ben.ID, Role: mission.RoleLocal},
		{MissionID: sc.other.ID, PersonID: sc.dora.ID, Role: mission.RoleParticipant},
	} {
		must(t, db.AddMissionMember(ctx, mm))
	}
	must(t, db.CreateMeeting(ctx, &mission.Meeting{MissionID: sc.m.ID, SessionItemID: sc.session.ID, StartsAt: at(10, 20),
		EndsAt: at(10, 40), Table: "T2", PersonIDs: []int64{sc.ana.ID, sc.ben.ID}}))
	must(t, db.CreateMeeting(ctx, &mission.Meeting{MissionID: sc.m.ID, SessionItemID: sc.session.ID, StartsAt: at(10, 40),
		EndsAt: at(11, 0), Online: true, VideoURL: "https://meet.example/ana-cai", PersonIDs: []int64{sc.ana.ID, sc.cai.ID}}))
	return sc
}

// get sends a GET with the cookie and returns the response.
func (sc *checkinScene) get(t *testing.T, path string, cookie *http.Cookie) (int, string) {
	t.Helper()
	w := sc.a.request(t, "GET", path, nil, nil, cookie)
	return w.Code, w.Body.String()
}

// checkin posts the check-in form as the organiser and follows the
// redirect, returning the status of the post and the page.
func (sc *checkinScene) checkin(t *testing.T, form url.Values) (int, string) {
	t.Helper()
	path := fmt.Sprintf("/missions/%d/checkin", sc.m.ID)
	w := sc.a.request(t, "POST", path, form, nil, sc.organiser)
	if w.Code != http.StatusSeeOther {
		return w.Code, w.Body.String()
	}
	next, _, _ := strings.Cut(w.Header().Get("Location"), "#") // browsers keep the fragment to themselves
	_, body := sc.get(t, next, sc.organiser)
	return w.Code, body
}

var agendaQR = regexp.MustCompile(`src="data:image/png;base64,([A-Za-z0-9+/=]+)"`)

// decodeQR reads the text of a QR code PNG.
func decodeQR(t *testing.T, b []byte) string {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode png: %v", err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := gzqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("read qr code: %v", err)
	}
	return res.GetText()
}

func TestCheckin(t *testing.T) {
	eachCheckinScene(t, func(t *testing.T, sc *checkinScene) {
		ctx := t.Context()
		sc.a.clock.t = time.Date(2026, 3, 24, 8, 50, 0, 0, time.UTC) // 9:50 in Bilbao, on the mission's first day
		// Ana's agenda shows her code as a QR code that holds the check-in link.
		code, agenda := sc.get(t, "/me/agenda", sc.anaCookie)
		if code != http.StatusOK {
			t.Fatalf("agenda: got %d", code)
		}
		token, err := sc.a.db.CheckinToken(ctx, sc.m.ID, sc.ana.ID, testNow)
		must(t, err)
		if strings.Contains(token, fmt.Sprint(sc.ana.ID)) && len(token) < 16 {
			t.Fatalf("code %q looks derived from the person", token)
		}
		m := agendaQR.FindStringSubmatch(html.UnescapeString(agenda))
		if m == nil || !strings.Contains(agenda, mission.FormatCheckinToken(token)) {
			t.Fatalf("the agenda shows no QR code or no code %s", mission.FormatCheckinToken(token))
		}
		img, err := base64.StdEncoding.DecodeString(m[1])
		must(t, err)
		text := decodeQR(t, img)
		if want := fmt.Sprintf("/missions/%d/checkin?code=%s", sc.m.ID, token); !strings.HasSuffix(text, want) {
			t.Errorf("the QR code reads %q, want a link ending in %q", text, want)
		}
		if strings.Contains(text, "Ana") || strings.Contains(text, fmt.Sprintf("person=%d", sc.ana.ID)) {
			t.Errorf("the QR code %q reveals the person", text)
		}
		// Her meetings: Ben's name and organisation at table T2, Cai online with the link.
		for _, want := range []string{"Ben Bengoetxea (Bizkaia Sensors)", "Table T2", "Cai Colin (Lyon Robotics)", `href="https://meet.example/ana-cai"`} {
			if !strings.Contains(agenda, want) {
				t.Errorf("the agenda lacks %q", want)
			}
		}

		// The organiser types the code in lower case: checked in; again: nothing changes.
		status, page := sc.checkin(t, url.Values{"code": {strings.ToLower(mission.FormatCheckinToken(token))}})
		if status != http.StatusSeeOther || !strings.Contains(page, "Ana Aubert is checked in at 9:50 AM") {
			t.Fatalf("check-in by code: got %d, page %.600s", status, page)
		}
		status, page = sc.checkin(t, url.Values{"code": {text}}) // a scanner types the whole link
		if status != http.StatusSeeOther || !strings.Contains(page, "Ana Aubert was already checked in at 9:50 AM") {
			t.Fatalf("second check-in: got %d, page %.600s", status, page)
		}
		// Refused codes: another mission's, a forged one, a malformed one.
		dora, err := sc.a.db.CheckinToken(ctx, sc.other.ID, sc.dora.ID, testNow)
		must(t, err)
		for code, want := range map[string]string{
			dora:                  "This check-in code is for another mission.",
			"ZZZZ-ZZZZ-ZZZZ-ZZZZ": "No one has this check-in code.",
			"12345":               "A check-in code has 16 letters and digits",
		} {
			status, page := sc.checkin(t, url.Values{"code": {code}})
			if status != http.StatusUnprocessableEntity || !strings.Contains(page, want) {
				t.Errorf("code %q: got %d, want 422 with %q", code, status, want)
			}
		}

		// By name, to the B2B session: Ben is found and checked in.
		_, page = sc.get(t, fmt.Sprintf("/missions/%d/checkin?item=%d&q=bengo", sc.m.ID, sc.session.ID), sc.organiser)
		if !strings.Contains(page, "Check in Ben Bengoetxea") || strings.Contains(page, "Check in Ana") {
			t.Fatalf("search: the page shows %.800s", page)
		}
		sc.a.clock.t = sc.a.clock.t.Add(35 * time.Minute)
		status, page = sc.checkin(t, url.Values{"person": {fmt.Sprint(sc.ben.ID)}, "item": {fmt.Sprint(sc.session.ID)}})
		if status != http.StatusSeeOther || !strings.Contains(page, "Ben Bengoetxea is checked in at 10:25 AM") || !strings.Contains(page, "1 checked in, 3 expected") {
			t.Fatalf("check-in by name: got %d, page %.800s", status, page)
		}
		if n := countActions(sc.a.auditActions(t), mission.AuditCheckin); n != 2 {
			t.Errorf("got %d check-in audit entries, want 2 (the repeat changes nothing)", n)
		}

		// Participants may neither check in nor read the sheets.
		for _, path := range []string{fmt.Sprintf("/missions/%d/checkin", sc.m.ID), fmt.Sprintf("/programme/%d/attendance.pdf", sc.session.ID),
			fmt.Sprintf("/programme/%d/tables.pdf", sc.session.ID), fmt.Sprintf("/missions/%d/badges.pdf", sc.m.ID)} {
			if code, _ := sc.get(t, path, sc.anaCookie); code != http.StatusForbidden {
				t.Errorf("%s as a participant: got %d, want 403", path, code)
			}
		}
		w := sc.a.request(t, "POST", fmt.Sprintf("/missions/%d/checkin", sc.m.ID), url.Values{"person": {fmt.Sprint(sc.cai.ID)}}, nil, sc.anaCookie)
		if w.Code != http.StatusForbidden {
			t.Errorf("a participant checking someone in: got %d, want 403", w.Code)
		}

		// The session's attendance list: everyone with meetings, Ben's time, a signature column.
		code, body := sc.get(t, fmt.Sprintf("/programme/%d/attendance.pdf", sc.session.ID), sc.organiser)
		if code != http.StatusOK {
			t.Fatalf("attendance: got %d", code)
		}
		text = pdfTextOf(t, []byte(body))
		for _, want := range []string{"Attendance list: Tailored B2B meetings", "Ana Aubert", "Ben Bengoetxea", "Cai Colin", "Bizkaia Sensors",
			"Spain", "France", "Signature", "Checked in", "10:25 AM", "3 listed, 1 checked in", "2 B2B meetings"} {
			if !strings.Contains(text, want) {
				t.Errorf("the attendance list lacks %q: %.800s", want, text)
			}
		}
		// The mission's list has Ana's time from the registration desk.
		_, body = sc.get(t, fmt.Sprintf("/missions/%d/attendance.pdf", sc.m.ID), sc.organiser)
		if text := pdfTextOf(t, []byte(body)); !strings.Contains(text, "9:50 AM") || !strings.Contains(text, "Ana Aubert") {
			t.Errorf("the mission's attendance list lacks Ana at 9:50 AM: %.600s", text)
		}
		// Table sheets: T2 with Ana and Ben, free slots, the online meeting with its link.
		_, body = sc.get(t, fmt.Sprintf("/programme/%d/tables.pdf", sc.session.ID), sc.organiser)
		text = pdfTextOf(t, []byte(body))
		for _, want := range []string{"Table T1", "Table T2", "Table T3", "10:20 AM–10:40 AM Ana Aubert (Lyon Robotics, FR) Ben Bengoetxea (Bizkaia Sensors, ES)",
			"free", "Online meetings", "https://meet.example/ana-cai", "Cai Colin"} {
			if !strings.Contains(text, want) {
				t.Errorf("the table sheets lack %q: %.900s", want, text)
			}
		}
		// Badges: everyone's for the organiser, her own for Ana, with the code under the QR code.
		_, body = sc.get(t, fmt.Sprintf("/missions/%d/badges.pdf", sc.m.ID), sc.organiser)
		text = pdfTextOf(t, []byte(body))
		for _, want := range []string{"Ana Aubert", "Ben Bengoetxea", "Lyon Robotics", "Participant", "Local company", mission.FormatCheckinToken(token)} {
			if !strings.Contains(text, want) {
				t.Errorf("the badges lack %q: %.600s", want, text)
			}
		}
		code, body = sc.get(t, fmt.Sprintf("/missions/%d/badge.pdf", sc.m.ID), sc.anaCookie)
		if text := pdfTextOf(t, []byte(body)); code != http.StatusOK || !strings.Contains(text, "Ana Aubert") || strings.Contains(text, "Ben") {
			t.Errorf("Ana's badge: got %d, %.300s", code, text)
		}
		// Ben's check-in to the session was a mistake: a participant may not
		// undo it, the organiser does, and the session counts none again.
		list, err := sc.a.db.Checkins(ctx, sc.m.ID)
		must(t, err)
		var benSession int64
		for _, c := range list {
			if c.PersonID == sc.ben.ID && c.ItemID == sc.session.ID {
				benSession = c.ID
			}
		}
		undo := fmt.Sprintf("/missions/%d/checkins/%d/undo", sc.m.ID, benSession)
		if w := sc.a.request(t, "POST", undo, url.Values{}, nil, sc.anaCookie); w.Code != http.StatusForbidden {
			t.Errorf("a participant undoing a check-in: got %d, want 403", w.Code)
		}
		w = sc.a.request(t, "POST", undo, url.Values{}, nil, sc.organiser)
		if w.Code != http.StatusSeeOther {
			t.Fatalf("undo: got %d, want 303", w.Code)
		}
		if _, page := sc.get(t, w.Header().Get("Location"), sc.organiser); !strings.Contains(page, "The check-in of Ben Bengoetxea is undone.") ||
			!strings.Contains(page, "0 checked in, 3 expected") {
			t.Errorf("after the undo the page shows %.800s", page)
		}
		if n := countActions(sc.a.auditActions(t), mission.AuditCheckinUndo); n != 1 {
			t.Errorf("got %d undo audit entries, want 1", n)
		}

		// A visit that takes sign-ups lists those confirmed: Ana signed up, Cai did not.
		visit := &mission.ProgrammeItem{MissionID: sc.m.ID, Kind: mission.ItemSiteVisit, Title: "Bilbao AS Fabrik",
			StartsAt: sc.conf.EndsAt.Add(time.Hour), EndsAt: sc.conf.EndsAt.Add(3 * time.Hour), SignupRequired: true, Capacity: 10}
		must(t, sc.a.db.CreateProgrammeItem(ctx, visit))
		_, err = sc.a.db.SignUp(ctx, visit.ID, sc.ana.ID, sc.a.clock.t)
		must(t, err)
		_, body = sc.get(t, fmt.Sprintf("/programme/%d/attendance.pdf", visit.ID), sc.organiser)
		if text := pdfTextOf(t, []byte(body)); !strings.Contains(text, "Ana Aubert") || strings.Contains(text, "Cai Colin") || !strings.Contains(text, "1 listed, 0 checked in") {
			t.Errorf("the visit's attendance list: %.600s", text)
		}

		// The mission page links the desk for the organiser, not for Ana; a
		// phone's camera app opening the QR code's link finds the code filled in.
		link := fmt.Sprintf(`href="/missions/%d/checkin"`, sc.m.ID)
		if _, page := sc.get(t, fmt.Sprintf("/missions/%d", sc.m.ID), sc.organiser); !strings.Contains(page, link) {
			t.Errorf("the mission page shows the organiser no link to the check-in page")
		}
		if _, page := sc.get(t, fmt.Sprintf("/missions/%d", sc.m.ID), sc.anaCookie); strings.Contains(page, link) {
			t.Errorf("the mission page shows a participant the check-in page")
		}
		if _, page := sc.get(t, fmt.Sprintf("/missions/%d/checkin?code=%s", sc.m.ID, token), sc.organiser); !strings.Contains(page, `value="`+token+`"`) {
			t.Errorf("the check-in page opened from the QR code's link does not fill in the code")
		}
		// Her calendar: the online meeting with its link, each meeting with its own UID.
		w = sc.a.request(t, "POST", "/me/calendar", url.Values{}, nil, sc.anaCookie)
		feed := regexp.MustCompile(`/ical/[A-Za-z0-9_-]+\.ics`).FindString(w.Body.String())
		if feed == "" {
			t.Fatalf("no calendar address on the page: %.300s", w.Body.String())
		}
		ical := sc.a.request(t, "GET", feed, nil, nil).Body.String() // the address is the key: no cookie
		ical = strings.ReplaceAll(ical, "\r\n ", "")                 // unfold
		meetings, err := sc.a.db.Meetings(ctx, sc.m.ID)
		must(t, err)
		for _, want := range []string{fmt.Sprintf("UID:meeting-%d@", meetings[0].ID), fmt.Sprintf("UID:meeting-%d@", meetings[1].ID),
			"URL:https://meet.example/ana-cai", "Table T2", "Cai Colin (Lyon Robotics)"} {
			if !strings.Contains(ical, want) {
				t.Errorf("the calendar lacks %q: %.1500s", want, ical)
			}
		}
		// Her agenda PDF: the code, the table, the online link.
		_, body = sc.get(t, "/me/agenda.pdf", sc.anaCookie)
		text = pdfTextOf(t, []byte(body))
		for _, want := range []string{mission.FormatCheckinToken(token), "Table T2", "Online", "https://meet.example/ana-cai", "Ben Bengoetxea (Bizkaia Sensors)"} {
			if !strings.Contains(text, want) {
				t.Errorf("the agenda PDF lacks %q: %.600s", want, text)
			}
		}
	})
}

func eachCheckinScene(t *testing.T, fn func(t *testing.T, sc *checkinScene)) {
	testdb.Each(t, func(t *testing.T, dsn string) { fn(t, newCheckinScene(t, dsn)) })
}

func countActions(actions []string, action string) int {
	n := 0
	for _, a := range actions {
		if a == action {
			n++
		}
	}
	return n
}

// TestTableSheetLayout checks the tables and slots of the table sheets: the
// scheduler's table labels in their order, the demo's T1…Tn in natural
// order, and no slot in a break.
func TestTableSheetLayout(t *testing.T) {
	start := time.Date(2026, 3, 24, 9, 0, 0, 0, time.UTC)
	it := &mission.ProgrammeItem{ID: 7, Kind: mission.ItemB2BSession, StartsAt: start, EndsAt: start.Add(2 * time.Hour), SlotMinutes: 30, Tables: 11}
	session := &mission.B2BSession{Item: it, Breaks: []mission.Interval{{Start: start.Add(time.Hour), End: start.Add(80 * time.Minute)}}}
	for n := 1; n <= 3; n++ {
		session.Tables = append(session.Tables, mission.B2BTable{Number: n})
	}
	session.Tables[2].Name = "GAIA booth"
	published := map[string][]*mission.Meeting{"2": nil, "GAIA booth": nil}
	if got, want := strings.Join(tableNames(session, published), ","), "1,2,GAIA booth"; got != want {
		t.Errorf("scheduler's tables: got %s, want %s", got, want)
	}
	legacy := map[string][]*mission.Meeting{"T10": nil, "T2": nil}
	if got, want := strings.Join(tableNames(session, legacy), ","), "T1,T2,T3,T4,T5,T6,T7,T8,T9,T10,T11"; got != want {
		t.Errorf("T-named tables: got %s, want %s", got, want)
	}
	var got []string
	for _, s := range sessionSlots(session, nil) {
		got = append(got, s[0].Format("15:04")+"-"+s[1].Format("15:04"))
	}
	if want := "09:00-09:30,09:30-10:00,10:20-10:50"; strings.Join(got, ",") != want {
		t.Errorf("slots: got %s, want %s (none in the 10:00–10:20 break)", strings.Join(got, ","), want)
	}
}
