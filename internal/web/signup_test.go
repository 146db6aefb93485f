package web

import (
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"caravan/internal/mission"
)

// signupItems adds to the Basque mission of a's database (13–15 November
// 2023, Europe/Madrid) a port visit on day 2 evening with one place and an
// early visit that overlaps the SME Assembly, which everyone attends.
func signupItems(t *testing.T, a *accountsServer) (port, early *mission.ProgrammeItem) {
	t.Helper()
	madrid, err := time.LoadLocation("Europe/Madrid")
	if err != nil {
		t.Fatal(err)
	}
	port = &mission.ProgrammeItem{MissionID: testInfo.BasqueMissionID, Kind: mission.ItemSiteVisit, Title: "Port of Bilbao <tour>",
		Venue: "Port of Bilbao", Address: "Muelle AZ-1, 48980 Santurtzi", Capacity: 1, SignupRequired: true,
		StartsAt: time.Date(2023, 11, 14, 19, 0, 0, 0, madrid), EndsAt: time.Date(2023, 11, 14, 20, 30, 0, 0, madrid)}
	early = &mission.ProgrammeItem{MissionID: testInfo.BasqueMissionID, Kind: mission.ItemCompanyVisit, Title: "Early plant visit",
		SignupRequired: true, StartsAt: time.Date(2023, 11, 15, 8, 30, 0, 0, madrid), EndsAt: time.Date(2023, 11, 15, 10, 0, 0, 0, madrid)}
	for _, it := range []*mission.ProgrammeItem{port, early} {
		if err := a.db.CreateProgrammeItem(t.Context(), it); err != nil {
			t.Fatal(err)
		}
	}
	return port, early
}

func personOf(t *testing.T, a *accountsServer, role string) int64 {
	t.Helper()
	acc, err := a.db.AccountByEmail(t.Context(), role+"@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	return acc.PersonID
}

func TestSignupPages(t *testing.T) {
	a := newAccountsServer(t)
	port, early := signupItems(t, a)
	basque := fmt.Sprint(testInfo.BasqueMissionID)
	p := fmt.Sprint(port.ID)
	paula, leire := personOf(t, a, "participant"), personOf(t, a, "local")
	toAgenda := url.Values{"back": {"/me/agenda"}}
	runSteps(t, a, []pageStep{
		// The mission page offers the sign-up; the title is escaped.
		{role: "participant", method: "GET", path: "/missions/" + basque, status: 200, want: []string{
			`id="item-` + p + `"`, `action="/programme/` + p + `/signup"`, "0 of 1 places taken", "Port of Bilbao &lt;tour&gt;", ">Sign up<"},
			wantNot: []string{"Port of Bilbao <tour>", "Who is coming"}},
		{role: "out", method: "GET", path: "/missions/" + basque, status: 200, want: []string{"Port of Bilbao &lt;tour&gt;"},
			wantNot: []string{`/programme/` + p + `/signup`}},
		{role: "participant", method: "POST", path: "/programme/" + p + "/signup", status: 303},
		{role: "participant", method: "GET", path: "/missions/" + basque, status: 200, want: []string{"1 of 1 places taken", "You have a place.", "Cancel my place"}},
		{role: "participant", method: "POST", path: "/programme/" + p + "/signup", status: 409, want: []string{"You are already signed up to Port of Bilbao &lt;tour&gt;."}},
		// Full: the local company joins the waitlist.
		{role: "local", method: "GET", path: "/missions/" + basque, status: 200, want: []string{"Join the waitlist"}},
		{role: "local", method: "POST", path: "/programme/" + p + "/signup", status: 303},
		{role: "local", method: "GET", path: "/me/agenda", status: 200, want: []string{"You are on the waitlist", "Muelle AZ-1, 48980 Santurtzi"}},
		// Overlaps are refused, naming the other item, in either language.
		{role: "participant", method: "POST", path: "/programme/" + fmt.Sprint(early.ID) + "/signup", status: 409,
			want: []string{"You cannot sign up to Early plant visit: it overlaps SME Assembly, which you attend."}},
		{role: "participant", method: "POST", path: "/programme/" + fmt.Sprint(early.ID) + "/signup", lang: "es", status: 409,
			want: []string{"No puedes inscribirte en Early plant visit: coincide con SME Assembly, al que asistes."}},
		{role: "viewer", method: "POST", path: "/programme/" + p + "/signup", status: 403, want: []string{"Only the mission&#39;s participants can sign up."}},
		// The organiser sees who is coming; hosts and participants may not.
		{role: "organiser", method: "GET", path: "/missions/" + basque, status: 200, want: []string{`href="/programme/` + p + `/signups"`}},
		{role: "organiser", method: "GET", path: "/programme/" + p + "/signups", status: 200, want: []string{
			"Who is coming: Port of Bilbao &lt;tour&gt;", "Paula Pawlak", "Leire Lasa", "1 of 1 places taken"}},
		{role: "organiser", method: "GET", path: "/programme/" + p + "/signups", lang: "es", status: 200, want: []string{"Quién viene", "Lista de espera"}},
		{role: "host", method: "GET", path: "/programme/" + p + "/signups", status: 403},
		{role: "participant", method: "GET", path: "/programme/" + p + "/signups", status: 403},
		// Paula cancels from her agenda: Leire is promoted.
		{role: "participant", method: "POST", path: "/programme/" + p + "/cancel", form: toAgenda, status: 303},
		{role: "participant", method: "POST", path: "/programme/" + p + "/cancel", status: 404, want: []string{"There is no sign-up to Port of Bilbao &lt;tour&gt; to cancel."}},
		{role: "local", method: "GET", path: "/me/agenda", status: 200, want: []string{"You have a place.", "Port of Bilbao &lt;tour&gt;"}},
		// The organiser places Paula by hand although the visit is full, then removes Leire.
		{role: "organiser", method: "POST", path: "/programme/" + p + "/signups", form: url.Values{"person": {"999999"}}, status: 422,
			want: []string{"Choose one of the mission&#39;s members."}},
		{role: "organiser", method: "POST", path: "/programme/" + p + "/signups", form: url.Values{"person": {fmt.Sprint(paula)}}, status: 303},
		{role: "organiser", method: "GET", path: "/programme/" + p + "/signups", status: 200, want: []string{"2 of 1 places taken", "placed by hand"}},
		{role: "organiser", method: "POST", path: "/programme/" + p + "/signups/" + fmt.Sprint(leire) + "/remove", status: 303},
		{role: "organiser", method: "POST", path: "/programme/" + p + "/signups/" + fmt.Sprint(leire) + "/remove", status: 404},
		{role: "organiser", method: "GET", path: "/programme/" + p + "/signups", status: 200, want: []string{"1 of 1 places taken", "The waitlist is empty."}},
		// Placing into an overlap is refused with the other item's name.
		{role: "organiser", method: "POST", path: "/programme/" + fmt.Sprint(early.ID) + "/signups", form: url.Values{"person": {fmt.Sprint(leire)}}, status: 409,
			want: []string{"Leire Lasa cannot be placed: this item overlaps SME Assembly, which Leire Lasa attends."}},
	})
	// The sign-ups in the store match what the pages said.
	list, err := a.db.Signups(t.Context(), port.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].PersonID != paula || list[0].Status != mission.SignupConfirmed || list[0].PlacedBy == 0 {
		t.Errorf("got %+v, want Paula alone, confirmed, placed by hand", list)
	}
	actions := a.auditActions(t)
	if len(actions) < 2 || actions[0] != "signup.remove" || actions[1] != "signup.place" {
		t.Errorf("got audit %v, want signup.remove and signup.place first", actions[:min(len(actions), 3)])
	}
}

// pdfText returns the text of a PDF by pdftotext (poppler-utils, which
// scripts/test.sh installs), skipping the test when it is missing.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils)")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	if dir := os.Getenv("CARAVAN_PDF_DIR"); dir != "" { // to look at them
		os.WriteFile(filepath.Join(dir, strings.ReplaceAll(t.Name(), "/", "_")+".pdf"), pdf, 0o644)
	}
	return string(out)
}
