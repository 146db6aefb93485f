package web

import (
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"caravan/internal/auth"
	"caravan/internal/mission"
)

// pdfTextOf returns the text of a PDF as pdftotext reads it, skipping the
// test when pdftotext (poppler-utils; scripts/test.sh installs it) is
// missing.
func pdfTextOf(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	if !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("not a PDF: %.100q", pdf)
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	// Join wrapped lines so that phrases can be looked for.
	return strings.Join(strings.Fields(string(out)), " ")
}

// sessionForPerson gives a person of the demo an account and a session.
func (a *accountsServer) sessionForPerson(t *testing.T, p *mission.Person) *http.Cookie {
	t.Helper()
	email := p.Email
	if email == "" {
		email = fmt.Sprintf("person-%d@demo.example", p.ID)
	}
	acc := &mission.Account{PersonID: p.ID, Email: email, PasswordHash: "$argon2id$unused", EmailVerifiedAt: testNow}
	if err := a.db.CreateAccount(t.Context(), acc); err != nil {
		t.Fatal(err)
	}
	token, hash := auth.NewToken()
	err := a.db.CreateSession(t.Context(), &mission.Session{TokenHash: hex.EncodeToString(hash), AccountID: acc.ID,
		CreatedAt: a.clock.t, ExpiresAt: a.clock.t.Add(auth.PurposeSession.TTL())})
	if err != nil {
		t.Fatal(err)
	}
	return &http.Cookie{Name: sessionCookie, Value: token}
}

// otherParticipant returns a visiting participant of the mission who is not
// a demo account.
func otherParticipant(t *testing.T, a *accountsServer, missionID int64) *mission.Person {
	t.Helper()
	members, err := a.db.MissionMembers(t.Context(), missionID, mission.RoleParticipant)
	if err != nil {
		t.Fatal(err)
	}
	for _, mm := range members {
		if !strings.HasSuffix(mm.Person.Email, "@demo.example") {
			return mm.Person
		}
	}
	t.Fatal("the mission has no other participant")
	return nil
}

func TestLogisticsPages(t *testing.T) {
	a := newAccountsServer(t)
	basque := fmt.Sprint(testInfo.BasqueMissionID)
	path := "/missions/" + basque + "/logistics"
	valid := url.Values{"arrival_at": {"2023-11-13T18:40"}, "departure_at": {"2023-11-17T09:15"}, "hotel": {"Hotel Carlton"},
		"dietary": {"gluten-free <b>"}, "accessibility": {"step-free room"}, "emergency_contact_name": {"Piotr Pawlak"},
		"emergency_contact_phone": {"+48 600 100 200"}, "letter_requested": {"yes"}, "passport_name": {"PAULA ZOFIA PAWLAK"},
		"nationality": {"pl"}}
	with := func(pairs ...string) url.Values {
		v := url.Values{}
		for k, vs := range valid {
			v[k] = vs
		}
		for i := 0; i+1 < len(pairs); i += 2 {
			v.Set(pairs[i], pairs[i+1])
		}
		return v
	}
	sensitive := []string{"gluten-free", "step-free room", "Piotr Pawlak", "600 100 200", "PAULA ZOFIA PAWLAK"}
	runSteps(t, a, []pageStep{
		{role: "participant", method: "GET", path: path, status: 200, want: []string{`name="arrival_at"`, "Only you and the organisers"},
			wantNot: []string{"Everyone&#39;s logistics"}},
		{role: "participant", method: "POST", path: path, form: with("departure_at", "2023-11-12T10:00"), status: 422,
			want: []string{`id="departure_at-error">Departure must be after arrival.`, `value="Hotel Carlton"`}},
		{role: "participant", method: "POST", path: path, form: with("passport_name", ""), status: 422,
			want: []string{`id="passport_name-error">The invitation letter needs the name as the passport spells it.`}},
		{role: "participant", method: "POST", path: path, form: with("nationality", "Poland"), lang: "es", status: 422,
			want: []string{`id="nationality-error">Use como máximo 2 caracteres.`}},
		{role: "participant", method: "POST", path: path, form: valid, status: 303},
		{role: "participant", method: "GET", path: path + "?saved=1", status: 200, want: []string{"Your travel and logistics are saved.",
			`value="2023-11-13T18:40"`, "gluten-free &lt;b&gt;", "/letter.pdf"}},
		{role: "organiser", method: "GET", path: path, status: 200, want: append([]string{"Everyone&#39;s logistics", "Paula Pawlak",
			"gluten-free &lt;b&gt;", "Requested: PAULA ZOFIA PAWLAK (PL)", "Arrives 13 November 2023 6:40 PM"}, sensitive[1:]...),
			wantNot: []string{"<b>"}},
		{role: "organiser", method: "GET", path: path, lang: "es", status: 200, want: []string{"Logística de todas las personas", "Llega 13 de noviembre de 2023 18:40"}},
		// Hosts never see them, nor does the mission page show them to anyone.
		{role: "host", method: "GET", path: path, status: 403, wantNot: sensitive},
		{role: "host", method: "GET", path: "/missions/" + basque, status: 200, wantNot: sensitive},
		{role: "participant", method: "GET", path: "/missions/" + basque, status: 200, want: []string{"For members", path},
			wantNot: []string{"whoswho.pdf"}},
	})

	// Another participant sees only an empty form of her own.
	other := otherParticipant(t, a, testInfo.BasqueMissionID)
	cookie := a.sessionForPerson(t, other)
	w := a.request(t, "GET", path, nil, nil, cookie)
	wantStatus(t, w, 200, `name="dietary"`)
	for _, s := range sensitive {
		if strings.Contains(w.Body.String(), s) {
			t.Errorf("another participant sees %q", s)
		}
	}
	wantStatus(t, a.request(t, "GET", "/missions/"+basque+"/letter.pdf", nil, nil, cookie), 404)

	// The letter, for the participant who requested it.
	w = a.request(t, "GET", "/missions/"+basque+"/letter.pdf", nil, nil, a.session(t, "participant"))
	wantStatus(t, w, 200)
	if ct, cc := w.Header().Get("Content-Type"), w.Header().Get("Cache-Control"); ct != "application/pdf" || cc != "private, no-store" {
		t.Errorf("got Content-Type %q, Cache-Control %q; want application/pdf, private, no-store", ct, cc)
	}
	m := testMission(t, testInfo.BasqueMissionID)
	host, err := a.db.Organisation(t.Context(), m.HostOrganisationID)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfTextOf(t, w.Body.Bytes())
	for _, want := range []string{"Invitation letter", host.Name + " invites PAULA ZOFIA PAWLAK, a national of Poland", m.Title,
		"Bilbao, Spain, on 13–15 November 2023", "Business mission of a cluster delegation"} {
		if !strings.Contains(text, want) {
			t.Errorf("letter lacks %q: %s", want, text)
		}
	}
	for _, no := range []string{"gluten", "Piotr"} {
		if strings.Contains(text, no) {
			t.Errorf("letter shows %q", no)
		}
	}
	w = a.request(t, "GET", "/missions/"+basque+"/letter.pdf", nil, map[string]string{"Accept-Language": "es"}, a.session(t, "participant"))
	if text := pdfTextOf(t, w.Body.Bytes()); !strings.Contains(text, "Carta de invitación") || !strings.Contains(text, "de nacionalidad Polonia") {
		t.Errorf("Spanish letter: %s", text)
	}
}

func TestWhosWho(t *testing.T) {
	a := newAccountsServer(t)
	path := fmt.Sprintf("/missions/%d/whoswho.pdf", testInfo.BasqueMissionID)
	other := otherParticipant(t, a, testInfo.BasqueMissionID)
	if other.Email == "" {
		t.Fatal("the demo participant has no e-mail address to hide")
	}
	w := a.request(t, "GET", path, nil, nil, a.session(t, "host"))
	wantStatus(t, w, 200)
	text := pdfTextOf(t, w.Body.Bytes())
	for _, want := range []string{"Who's who", other.Name, other.Organisation.Name, "Paula Pawlak", "visiting organisations"} {
		if !strings.Contains(text, want) {
			t.Errorf("host's who's who lacks %q", want)
		}
	}
	// Hosts get no private contact data; organisers may read it.
	if strings.Contains(text, other.Email) || strings.Contains(text, "participant@demo.example") {
		t.Errorf("host's who's who shows e-mail addresses")
	}
	w = a.request(t, "GET", path, nil, nil, a.session(t, "organiser"))
	if text := pdfTextOf(t, w.Body.Bytes()); !strings.Contains(text, other.Email) {
		t.Errorf("organiser's who's who lacks %q", other.Email)
	}
}

func TestAnnouncementPages(t *testing.T) {
	a := newAccountsServer(t)
	basque := fmt.Sprint(testInfo.BasqueMissionID)
	path := "/missions/" + basque + "/announcements"
	members, err := a.db.MissionMembers(t.Context(), testInfo.BasqueMissionID, "")
	if err != nil {
		t.Fatal(err)
	}
	withMail := map[int64]bool{}
	for _, mm := range members {
		if mm.Person.Email != "" {
			withMail[mm.PersonID] = true
		}
	}
	before := len(a.outbox(t))
	runSteps(t, a, []pageStep{
		{role: "organiser", method: "GET", path: path, status: 200, want: []string{"Send an announcement", "No announcements yet."}},
		{role: "organiser", method: "POST", path: path, form: url.Values{"subject": {"Bus"}, "body": {""}}, status: 422,
			want: []string{`id="body-error">This field is required.`, `value="Bus"`}},
		{role: "organiser", method: "POST", path: path, form: url.Values{"subject": {"Bus at 8:00 <sharp>"}, "body": {"Meet in the lobby.\nBring your badge."}}, status: 303},
		{role: "organiser", method: "GET", path: path + fmt.Sprintf("?sent=%d", len(withMail)), status: 200,
			want: []string{fmt.Sprintf("The announcement was sent to %d members.", len(withMail)), "Bus at 8:00 &lt;sharp&gt;", "Otto Oehme"}},
		{role: "participant", method: "GET", path: "/missions/" + basque, status: 200, want: []string{"Bus at 8:00 &lt;sharp&gt;", "Meet in the lobby."},
			wantNot: []string{"Send an announcement"}},
		{role: "local", method: "GET", path: path, lang: "es", status: 200, want: []string{"Avisos", "Bus at 8:00"}, wantNot: []string{"Enviar un aviso"}},
		{role: "out", method: "GET", path: "/missions/" + basque, status: 200, wantNot: []string{"Bus at 8:00", "For members"}},
		{role: "host", method: "POST", path: path, form: url.Values{"subject": {"Hi"}, "body": {"Hello"}}, status: 403},
	})
	mails := a.outbox(t)[before:]
	if len(mails) != len(withMail) {
		t.Fatalf("got %d e-mails, want one per member with an address (%d)", len(mails), len(withMail))
	}
	var found bool
	for _, e := range mails {
		if e.ToAddress == "participant@demo.example" {
			found = true
			if !strings.Contains(e.Subject, "Bus at 8:00 <sharp>") || !strings.Contains(e.TextBody, "> Meet in the lobby.") ||
				!strings.Contains(e.TextBody, path) {
				t.Errorf("got e-mail %q / %q, want the announcement with a link", e.Subject, e.TextBody)
			}
		}
	}
	if !found {
		t.Error("the participant got no e-mail")
	}
	if acts := a.auditActions(t); len(acts) == 0 || acts[0] != "announcement.send" {
		t.Errorf("got audit %v, want announcement.send first", acts)
	}
}
