package web

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"caravan/internal/mission"
)

func TestAgendaAndProgrammePDF(t *testing.T) {
	a := newAccountsServer(t)
	ctx := t.Context()
	port, _ := signupItems(t, a)
	paula, leire := personOf(t, a, "participant"), personOf(t, a, "local")
	for _, pid := range []int64{paula, leire} { // Leire gets the waitlist
		if _, err := a.db.SignUp(ctx, port.ID, pid, testNow); err != nil {
			t.Fatal(err)
		}
	}
	starts := time.Date(2023, 11, 14, 10, 0, 0, 0, time.UTC)
	mt := &mission.Meeting{MissionID: testInfo.BasqueMissionID, StartsAt: starts, EndsAt: starts.Add(20 * time.Minute), Table: "T12",
		PersonIDs: []int64{paula, leire}}
	if err := a.db.CreateMeeting(ctx, mt); err != nil {
		t.Fatal(err)
	}
	get := func(t *testing.T, role, path, lang string) string {
		t.Helper()
		var header map[string]string
		if lang != "" {
			header = map[string]string{"Accept-Language": lang}
		}
		w := a.request(t, "GET", path, nil, header, a.session(t, role))
		if w.Code != 200 {
			t.Fatalf("GET %s as %s: got %d, want 200", path, role, w.Code)
		}
		if ct := w.Header().Get("Content-Type"); ct != "application/pdf" {
			t.Errorf("GET %s: got Content-Type %q, want application/pdf", path, ct)
		}
		if cd := w.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
			t.Errorf("GET %s: got Content-Disposition %q, want an attachment", path, cd)
		}
		return pdfText(t, w.Body.Bytes())
	}
	tests := []struct {
		name, role, path, lang string
		want, wantNot          []string
	}{
		{"agenda", "participant", "/me/agenda.pdf", "", []string{"Agenda of Paula Pawlak", "Tuesday 14 November 2023",
			"Welcome by GAIA", "Euskalduna Conference Centre", "Port of Bilbao <tour>", "Muelle AZ-1, 48980 Santurtzi",
			"7:00 PM–8:30 PM", "B2B meeting with Leire Lasa", "Table T12", "Page 1 of"},
			[]string{"Zorrotzaurre", "Early plant visit"}}, // not signed up to those
		{"agenda in Spanish", "participant", "/me/agenda.pdf", "es", []string{"Agenda de Paula Pawlak", "martes, 14 de noviembre de 2023",
			"Reunión B2B con Leire Lasa", "Mesa T12", "19:00–20:30", "Página 1 de"}, nil},
		{"waitlisted", "local", "/me/agenda.pdf", "", []string{"Agenda of Leire Lasa", "B2B meeting with Paula Pawlak"},
			[]string{"Port of Bilbao"}},
		{"programme", "organiser", fmt.Sprintf("/missions/%d/programme.pdf", testInfo.BasqueMissionID), "", []string{
			"Programme: Basque Industrial Exploration", "Day 1", "Monday 13 November 2023", "Visit to Bilbao AS Fabrik",
			"Zorrotzaurre", "Sign-up required: 1 place", "Europe/Madrid", "Page 1 of"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := strings.Join(strings.Fields(get(t, tt.role, tt.path, tt.lang)), " ")
			for _, want := range tt.want {
				if !strings.Contains(text, want) {
					t.Errorf("lacks %q; text:\n%s", want, text)
				}
			}
			for _, not := range tt.wantNot {
				if strings.Contains(text, not) {
					t.Errorf("has %q; text:\n%s", not, text)
				}
			}
		})
	}
	// The programme of a published mission needs no sign-in.
	w := a.request(t, "GET", fmt.Sprintf("/missions/%d/programme.pdf", testInfo.BasqueMissionID), nil, nil)
	if w.Code != 200 || !strings.HasPrefix(w.Body.String(), "%PDF-") {
		t.Errorf("signed out: got %d %.8q, want 200 and a PDF", w.Code, w.Body.String())
	}
}
