package web

import (
	"fmt"
	"testing"
)

func TestSearchPage(t *testing.T) {
	a := newAccountsServer(t)
	basque := fmt.Sprint(testInfo.BasqueMissionID)
	gaia := fmt.Sprint(hostOrganisation(testInfo.BasqueMissionID))
	runSteps(t, a, []pageStep{
		{role: "participant", method: "GET", path: "/search?q=gaia", status: 200,
			want: []string{"<h1>Search", `href="/organisations/` + gaia + `">GAIA</a>`}, wantNot: []string{`id="people"`}},
		{role: "participant", method: "GET", path: "/search?q=gaiá", lang: "es", status: 200,
			want: []string{"<h1>Buscar", `href="/organisations/` + gaia + `">GAIA</a>`, "Ofertas y demandas"}},
		// A participant finds no people across Caravan, but the members of
		// the mission they take part in, without their contact details.
		{role: "participant", method: "GET", path: "/search?q=lasa", status: 200, wantNot: []string{"Leire Lasa"}},
		{role: "participant", method: "GET", path: "/search?q=lasa&mission=" + basque, status: 200,
			want: []string{`id="people"`, "Leire Lasa"}, wantNot: []string{"local@demo.example"}},
		{role: "participant", method: "GET", path: "/search?q=lasa&mission=" + basque + "&side=visitor", status: 200,
			want: []string{`id="people"`}, wantNot: []string{"Leire Lasa"}},
		{role: "organiser", method: "GET", path: "/search?q=pawlak", status: 200,
			want: []string{"Paula Pawlak"}, wantNot: []string{"participant@demo.example"}},
		// An e-mail address is not searchable.
		{role: "organiser", method: "GET", path: "/search?q=participant%40demo.example", status: 200,
			want: []string{"No person matches."}, wantNot: []string{"Paula Pawlak"}},
		{role: "organiser", method: "GET", path: "/search?q=gaia&country=Spain", status: 422, want: []string{`id="country-error">`}},
		{role: "organiser", method: "GET", path: "/search?q=gaia&side=both", lang: "es", status: 422, want: []string{`id="side-error">Elija una de las opciones.`}},
		{role: "participant", method: "GET", path: "/search?q=gaia&mission=abc", status: 404},
		{role: "out", method: "GET", path: "/search?q=gaia", status: 303},
	})
}
