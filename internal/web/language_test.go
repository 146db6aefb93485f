package web

import (
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"caravan/internal/mission"
)

// tCall finds the literal message ids of T calls in a template.
var tCall = regexp.MustCompile(`\bT\s+"([^"]*)"`)

func TestTemplateMessagesExistInEveryLanguage(t *testing.T) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{} // id → template that uses it
	for _, name := range names {
		data, err := fs.ReadFile(templateFS, name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range tCall.FindAllStringSubmatch(string(data), -1) {
			ids[m[1]] = name
		}
	}
	if len(ids) < 50 {
		t.Fatalf("found %d message ids in the templates, want the pages' many more", len(ids))
	}
	// Ids the Go code composes: labels of every enumeration value, and the
	// error page's titles and messages of every code.
	for _, enum := range []struct {
		prefix string
		values []string
	}{
		{"mission.status.", mission.MissionStatuses},
		{"mission.kind.", mission.MissionKinds},
		{"programme.kind.", mission.ItemKinds},
		{"organisation.kind.", mission.OrganisationKinds},
		{"country.", strings.Fields("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IS IT LI LT LU LV MK MT NL NO PL PT RO RS SE SI SK TR UA GB")},
		{"error.title.", codes()},
		{"error.message.", codes()},
	} {
		for _, v := range enum.values {
			ids[labelID(enum.prefix, v)] = "Go code"
		}
	}
	for _, e := range mission.Ecosystems {
		ids[labelID("ecosystem.", e.Slug)] = "Go code"
	}
	for _, id := range []string{"error.no_page", "error.method_not_allowed", "error.no_mission", "error.body_too_large", "error.unknown_language"} {
		ids[id] = "Go code"
	}
	for _, tag := range testServer.bundle.Languages() {
		l := testServer.bundle.Localizer(tag.String())
		for id, where := range ids {
			if !l.Has(id) {
				t.Errorf("%s uses %q, which the %s catalogue lacks", where, id, tag)
			}
		}
	}
}

// codes returns the error codes the web layer maps to a status.
func codes() []string {
	var list []string
	for code := range statusOf {
		list = append(list, code)
	}
	return list
}

func TestLanguageOfPages(t *testing.T) {
	basque := fmt.Sprintf("/missions/%d", testInfo.BasqueMissionID)
	spanishMission := []string{`<html lang="es">`, "13–15 de noviembre de 2023", "Informe presentado",
		"Llegada el 12 de noviembre de 2023, salida el 16 de noviembre de 2023", "Bilbao, España",
		"Horas locales (Europe/Madrid)", `Día 1: <time datetime="2023-11-13">lunes, 13 de noviembre de 2023`,
		"10:30</time>–<time", "Región anfitriona: Basque Country (Euskadi)", "22,8 %", "128,5 %", "Serbia",
		"Coordinador", "Mostrar las 150 empresas locales", "al menos 96 participantes", "Quién participa",
		"Reuniones B2B", "Visita técnica", "Organización de clúster"}
	englishOnly := []string{"Programme", "Who takes part", "13–15 November", "Monday", "Overview", "Show all", "Day 1", "AM<"}
	tests := []struct {
		name     string
		path     string
		header   map[string]string
		cookie   string
		userLang string
		status   int
		want     []string
		not      []string
	}{
		{"default english", basque, nil, "", "", 200, []string{`<html lang="en">`, "13–15 November 2023", "Programme"}, []string{"noviembre"}},
		{"accept-language es", basque, map[string]string{"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"}, "", "", 200, spanishMission, englishOnly},
		{"unknown language falls back", basque, map[string]string{"Accept-Language": "fi"}, "", "", 200, []string{`<html lang="en">`}, nil},
		{"cookie es over browser en", basque, map[string]string{"Accept-Language": "en"}, "es", "", 200, spanishMission, englishOnly},
		{"cookie en over browser es", basque, map[string]string{"Accept-Language": "es"}, "en", "", 200, []string{"13–15 November 2023"}, []string{"noviembre"}},
		{"bad cookie ignored", basque, map[string]string{"Accept-Language": "es"}, "xx", "", 200, []string{"13–15 de noviembre de 2023"}, nil},
		{"user preference over cookie", basque, map[string]string{"Accept-Language": "en"}, "en", "es", 200, spanishMission, englishOnly},
		{"home in spanish", "/", map[string]string{"Accept-Language": "es"}, "", "", 200, []string{"Misiones empresariales",
			"En curso", "Próximas", "Anteriores", "Convocatoria abierta", "Se admiten solicitudes hasta el 9 de abril de 2026",
			"Bilbao, España · anfitrión: GAIA", "Intercambio individual"}, []string{"Running now", "hosted by", "organizada por"}},
		{"error page in spanish", "/missions/999999", map[string]string{"Accept-Language": "es"}, "", "", 404,
			[]string{"No encontrado", "No existe la misión 999999.", "Ver todas las misiones", `<html lang="es">`}, []string{"Not Found"}},
		{"bad id in spanish", "/missions/abc", map[string]string{"Accept-Language": "es"}, "", "", 404,
			[]string{"No existe la misión abc."}, nil},
		{"no page in spanish", "/nothing/here", nil, "es", "", 404, []string{"No hay ninguna página en esta dirección."}, nil},
		{"api stays english", "/api/v1/missions/999999", map[string]string{"Accept-Language": "es"}, "", "", 404,
			[]string{`"code":"not_found"`, `"message":"There is no mission 999999."`}, []string{"misión"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := testServer
			if tt.userLang != "" {
				copy := *testServer
				copy.userLanguage = func(*http.Request) string { return tt.userLang }
				copy.h = copy.routes()
				srv = &copy
			}
			r := httptest.NewRequest("GET", tt.path, nil)
			for k, v := range tt.header {
				r.Header.Set(k, v)
			}
			if tt.cookie != "" {
				r.AddCookie(&http.Cookie{Name: "lang", Value: tt.cookie})
			}
			w := httptest.NewRecorder()
			srv.ServeHTTP(w, r)
			body := w.Body.String()
			if w.Code != tt.status {
				t.Fatalf("got status %d, want %d", w.Code, tt.status)
			}
			for _, want := range tt.want {
				if !strings.Contains(body, want) {
					t.Errorf("body lacks %q", want)
				}
			}
			for _, not := range tt.not {
				if strings.Contains(body, not) {
					i := strings.Index(body, not)
					t.Errorf("body contains %q, want it absent: …%s…", not, body[max(0, i-80):min(len(body), i+80)])
				}
			}
		})
	}
}

func TestLanguageSwitcher(t *testing.T) {
	tests := []struct {
		name, lang, referer, site string
		status                    int
		location, cookie          string
	}{
		{"back to the page", "es", "http://example.com/missions/1?x=1", "same-origin", 303, "/missions/1?x=1", "es"},
		{"english", "en", "http://example.com/", "same-origin", 303, "/", "en"},
		{"other site referer", "es", "http://evil.example/phish", "same-origin", 303, "/", "es"},
		{"no referer", "es", "", "", 303, "/", "es"},
		{"scheme-relative trick", "es", "http://example.com//evil.example/", "same-origin", 303, "/", "es"},
		{"unknown language", "fr", "http://example.com/", "same-origin", 400, "", ""},
		{"cross-site", "es", "http://evil.example/", "cross-site", 403, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "http://example.com/language", strings.NewReader("lang="+tt.lang))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tt.referer != "" {
				r.Header.Set("Referer", tt.referer)
			}
			if tt.site != "" {
				r.Header.Set("Sec-Fetch-Site", tt.site)
			}
			w := httptest.NewRecorder()
			testServer.ServeHTTP(w, r)
			if w.Code != tt.status {
				t.Fatalf("got status %d, want %d; body %.300s", w.Code, tt.status, w.Body.String())
			}
			if got := w.Header().Get("Location"); got != tt.location {
				t.Errorf("got Location %q, want %q", got, tt.location)
			}
			var got string
			for _, c := range w.Result().Cookies() {
				if c.Name == "lang" {
					got = c.Value
					if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.MaxAge <= 0 {
						t.Errorf("got cookie %v, want HttpOnly, SameSite=Lax, Path=/ and a MaxAge", c)
					}
				}
			}
			if got != tt.cookie {
				t.Errorf("got lang cookie %q, want %q", got, tt.cookie)
			}
		})
	}
}
