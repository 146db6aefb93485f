package web

import (
	"fmt"
	"strings"
	"testing"

	"caravan/internal/match"
	"caravan/internal/mission"
)

func TestRecommendationsPage(t *testing.T) {
	a := newAccountsServer(t)
	ctx := t.Context()
	paula, err := a.db.AccountByEmail(ctx, "participant@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/missions/%d/recommendations", testInfo.BasqueMissionID)
	// Paula already met Leire (internal/demo/tour.go): her best match
	// among the others is a Basque foundry that seeks what her machining
	// company offers.
	found, err := a.db.Persons(ctx, mission.PersonFilter{Query: "Itziar Beitia", Limit: 1})
	if err != nil || len(found) != 1 {
		t.Fatalf("got %v (%v), want the demo's Itziar Beitia", found, err)
	}
	itziar := found[0]
	// Itziar's contact details, private to her mission's organisers.
	private := []string{itziar.Email}
	runSteps(t, a, []pageStep{
		{role: "participant", method: "GET", path: path, status: 200,
			want: []string{"<h1>Whom to meet", "<h2>Itziar Beitia</h2>", "Advanced manufacturing, like you",
				"They are local to the host region, and you visit", "You can meet in English", "which you offer",
				fmt.Sprintf(`href="/missions/%d/requests?to=%d#send">Request a meeting`, testInfo.BasqueMissionID, itziar.ID)},
			wantNot: append(private, "<h2>Leire Lasa</h2>")},
		{role: "participant", method: "GET", path: path, lang: "es", status: 200,
			want: []string{"<h1>A quién conocer", "<h2>Itziar Beitia</h2>", "Fabricación avanzada, como usted",
				"Son locales de la región anfitriona, y usted la visita", "Pueden reunirse en inglés", "que usted ofrece",
				"Solicitar una reunión"},
			wantNot: private},
		// The local company sees visitors the other way round, and not
		// Paula, whom she met.
		{role: "local", method: "GET", path: path, status: 200,
			want:    []string{"They come with the visiting delegation, and you are local"},
			wantNot: []string{"participant@demo.example", "<h2>Paula Pawlak</h2>"}},
		{role: "participant", method: "GET", path: fmt.Sprintf("/missions/%d", testInfo.BasqueMissionID), status: 200,
			want: []string{`href="` + path + `">Whom to meet`}},
		{role: "host", method: "GET", path: fmt.Sprintf("/missions/%d", testInfo.BasqueMissionID), status: 200, wantNot: []string{path}},
		{role: "host", method: "GET", path: path, status: 403},
		{role: "participant", method: "GET", path: fmt.Sprintf("/missions/%d/recommendations", testInfo.DraftMissionID), status: 404},
	})
	// The link opens the request form with Itziar chosen.
	runSteps(t, a, []pageStep{{role: "participant", method: "GET", path: fmt.Sprintf("/missions/%d/requests?to=%d", testInfo.BasqueMissionID, itziar.ID),
		status: 200, want: []string{fmt.Sprintf(`value="%d" selected`, itziar.ID)}}})
	// A pending request takes Itziar off Paula's list.
	must(t, a.db.CreateMeetingRequest(ctx, &mission.MeetingRequest{MissionID: testInfo.BasqueMissionID,
		FromPersonID: paula.Person.ID, ToPersonID: itziar.ID}))
	runSteps(t, a, []pageStep{
		{role: "participant", method: "GET", path: path, status: 200, want: []string{"<h2>Mikel Sánchez</h2>"}, wantNot: []string{"<h2>Itziar Beitia</h2>"}},
	})
}

// TestReasonCatalogue checks that every reason the engine gives has a
// message in each language, with the engine's parameters.
func TestReasonCatalogue(t *testing.T) {
	reasons := []match.Reason{
		{Code: match.ReasonOfferMatchesRequest, Params: map[string]string{"concept": "additive manufacturing", "their_offer": "a", "your_request": "b"}},
		{Code: match.ReasonRequestMatchesOffer, Params: map[string]string{"concept": "cybersecurity", "their_request": "a", "your_offer": "b"}},
		{Code: match.ReasonSharedEcosystem, Params: map[string]string{"ecosystem": "cybersecurity", "label": "Cybersecurity"}},
		{Code: match.ReasonSharedKeywords, Params: map[string]string{"keywords": "lidar, sensors"}},
		{Code: match.ReasonVisitorLocal, Params: map[string]string{"their_role": "local"}},
		{Code: match.ReasonVisitorLocal, Params: map[string]string{"their_role": "visitor"}},
		{Code: match.ReasonCommonLanguage, Params: map[string]string{"languages": "English, Icelandic", "codes": "en,is"}},
		{Code: match.ReasonNoCommonLanguage, Params: map[string]string{"yours": "Polish", "theirs": "Basque"}},
	}
	want := map[string][]string{
		"en": {"They offer additive manufacturing, which you seek", "They seek cybersecurity, which you offer", "Cybersecurity, like you",
			"You both mention lidar, sensors", "They are local to the host region, and you visit",
			"They come with the visiting delegation, and you are local", "You can meet in English, Icelandic",
			"No common language: you speak Polish, they speak Basque"},
		"es": {"Ofrecen additive manufacturing, que usted busca", "Buscan cybersecurity, que usted ofrece", "Ciberseguridad, como usted",
			"Ambos mencionan lidar, sensors", "Son locales de la región anfitriona, y usted la visita",
			"Vienen con la delegación visitante, y usted es local", "Pueden reunirse en inglés, Icelandic",
			"Sin idioma común: usted habla Polish, ellos hablan Basque"},
	}
	for lang, texts := range want {
		l := testServer.bundle.Localizer(lang)
		for i, r := range reasons {
			got := reasonText(l, r)
			if got != texts[i] {
				t.Errorf("%s %s: got %q, want %q", lang, r.Code, got, texts[i])
			}
			// The English catalogue says what the engine's template says.
			if engine := fill(match.Template(r.Code, r.Params), r.Params); lang == "en" && got != engine {
				t.Errorf("en %s: got %q, want the engine's %q", r.Code, got, engine)
			}
		}
	}
}

// fill puts params into a template's {name} placeholders.
func fill(template string, params map[string]string) string {
	for k, v := range params {
		template = strings.ReplaceAll(template, "{"+k+"}", v)
	}
	return template
}
