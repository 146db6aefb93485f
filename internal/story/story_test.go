package story_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"caravan/internal/i18n"
	"caravan/internal/mission"
	"caravan/internal/story"
)

// facts is a hand-built mission to Bilbao: three days, GAIA hosting the
// EXCITE partners, a programme of each highlight kind and a travel item,
// figures, one named visitor with its consenting person and one named
// local company without a person.
func facts() *mission.StoryFacts {
	loc, _ := time.LoadLocation("Europe/Madrid")
	day := func(d, h int) time.Time { return time.Date(2023, 11, d, h, 0, 0, 0, loc) }
	m := &mission.Mission{ID: 7, Title: "Basque mission", HostCity: "Bilbao", HostCountry: "ES", TimeZone: "Europe/Madrid",
		StartsOn: time.Date(2023, 11, 13, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2023, 11, 15, 0, 0, 0, 0, time.UTC),
		Themes: []string{"advanced-manufacturing", "ai-data"}}
	return &mission.StoryFacts{
		Mission: m, Host: &mission.Organisation{Name: "GAIA"}, Region: "Basque Country", Consortium: "EXCITE",
		Partners: []string{"MCICT", "Pôle SCS", "Silicon Saxony"},
		Programme: []*mission.ProgrammeItem{
			{Kind: mission.ItemTravel, Title: "Flights to Bilbao", StartsAt: day(12, 15)},
			{Kind: mission.ItemPresentation, Title: "Welcome by GAIA", StartsAt: day(13, 9)},
			{Kind: mission.ItemB2BSession, Title: "Tailored B2B meetings", StartsAt: day(13, 10)},
			{Kind: mission.ItemCompanyVisit, Title: "Visits to members of GAIA", StartsAt: day(14, 15)},
			{Kind: mission.ItemExhibition, Title: "Basque Open Industry exhibition", StartsAt: day(14, 10)},
			{Kind: mission.ItemSiteVisit, Title: "Visit to Bilbao AS Fabrik.", StartsAt: day(15, 15)},
		},
		Participants: 12, Countries: []string{"DE", "LT", "RS"}, CompaniesMet: 5, Meetings: 16,
		Visitors: []mission.NamedOrganisation{{Name: "City & Me", Kind: mission.KindSME, Country: "RS", People: []string{"Jelena Petrović"}},
			{Name: "Steinbeis Europa Zentrum", Kind: mission.KindSME, Country: "DE", People: []string{"Anja Wagner", "Jonas Weber"}}},
		Locals: []mission.NamedOrganisation{{Name: "Bilbao Tools", Kind: mission.KindSME, Country: "ES"}},
	}
}

func localizer(t *testing.T, lang string) *i18n.Localizer {
	t.Helper()
	b, err := i18n.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	return b.Localizer(lang)
}

func TestDraftEnglish(t *testing.T) {
	s := story.Draft(localizer(t, "en"), facts())
	if s.MissionID != 7 || s.Language != "en" {
		t.Errorf("got mission %d language %q, want 7 en", s.MissionID, s.Language)
	}
	if want := "EXCITE in Basque Country: looking back on the mission"; s.Title != want {
		t.Errorf("got title %q, want %q", s.Title, want)
	}
	wantLead := "On 13–15 November 2023, the EXCITE consortium, with MCICT, Pôle SCS and Silicon Saxony, travelled to Bilbao, Basque Country, " +
		"home of GAIA, to explore the region's industry and innovation ecosystem. The mission focused on advanced manufacturing and AI and data."
	if s.Lead != wantLead {
		t.Errorf("got lead\n%s\nwant\n%s", s.Lead, wantLead)
	}
	for _, want := range []string{
		"## The programme",
		"The programme combined 1 session of B2B meetings, 2 company and site visits, 1 presentation or conference and 1 exhibition or showcase.",
		"- Day 1, Monday 13 November 2023: Welcome by GAIA; Tailored B2B meetings.",
		"- Day 2, Tuesday 14 November 2023: Basque Open Industry exhibition; Visits to members of GAIA.",
		"- Day 3, Wednesday 15 November 2023: Visit to Bilbao AS Fabrik.",
		"12 participants from Germany, Lithuania and Serbia took part.",
		"16 B2B meetings were arranged with 5 local companies.",
		"The organisations taking part included City & Me (Serbia), with Jelena Petrović; Steinbeis Europa Zentrum (Germany), with Anja Wagner and Jonas Weber.",
		"Among the local companies they met were Bilbao Tools (Spain).",
		"Thank you to our host GAIA",
	} {
		if !strings.Contains(s.Body, want) {
			t.Errorf("the body lacks %q:\n%s", want, s.Body)
		}
	}
	if strings.Contains(s.Body, "Flights") {
		t.Errorf("the body names a travel item:\n%s", s.Body)
	}
	if again := story.Draft(localizer(t, "en"), facts()); *again != *s {
		t.Error("two drafts of the same facts differ")
	}
}

func TestDraftSpanishAndHeldMeetings(t *testing.T) {
	f := facts()
	f.MeetingsHeld, f.Meetings = true, 1
	s := story.Draft(localizer(t, "es"), f)
	for _, want := range []string{
		"Del 13–15 de noviembre de 2023, el consorcio EXCITE, con MCICT, Pôle SCS y Silicon Saxony, viajó a Bilbao, Basque Country, sede de GAIA",
		"La misión se centró en fabricación avanzada",
	} {
		if !strings.Contains(s.Lead, want) {
			t.Errorf("the Spanish lead lacks %q: %s", want, s.Lead)
		}
	}
	for _, want := range []string{"## El programa", "- Día 1, lunes, 13 de noviembre de 2023", "Participaron 12 personas de Alemania, Lituania y Serbia.",
		"En total celebraron 1 reunión B2B con 5 empresas locales.", "City & Me (Serbia), con Jelena Petrović"} {
		if !strings.Contains(s.Body, want) {
			t.Errorf("the Spanish body lacks %q:\n%s", want, s.Body)
		}
	}
	if s.Language != "es" {
		t.Errorf("got language %q, want es", s.Language)
	}
}

// TestDraftNamesNobodyWithoutConsent drafts from facts without named
// organisations: only the host and partners, which are public, appear.
func TestDraftNamesNobodyWithoutConsent(t *testing.T) {
	f := facts()
	f.Visitors, f.Locals = nil, nil
	s := story.Draft(localizer(t, "en"), f)
	text := s.Title + s.Lead + s.Body
	for _, name := range []string{"City & Me", "Jelena", "Bilbao Tools", "included", "Among the local"} {
		if strings.Contains(text, name) {
			t.Errorf("the draft names %q without consent:\n%s", name, text)
		}
	}
}

// TestDraftWithoutConsortiumOrFigures drafts a bare mission: no
// consortium, host, region, programme or figures.
func TestDraftWithoutConsortiumOrFigures(t *testing.T) {
	f := &mission.StoryFacts{Mission: &mission.Mission{HostCity: "Vilnius", StartsOn: time.Date(2026, 5, 12, 0, 0, 0, 0, time.UTC),
		EndsOn: time.Date(2026, 5, 12, 0, 0, 0, 0, time.UTC)}}
	s := story.Draft(localizer(t, "en"), f)
	if s.Title != "Looking back on the mission to Vilnius" {
		t.Errorf("got title %q", s.Title)
	}
	if want := "On 12 May 2026, a delegation of clusters and companies travelled to Vilnius to explore the region's industry and innovation ecosystem."; s.Lead != want {
		t.Errorf("got lead %q, want %q", s.Lead, want)
	}
	if s.Body != "" {
		t.Errorf("got body %q, want none", s.Body)
	}
}

// TestDraftRegionNamingTheCity writes a region that names its city once.
func TestDraftRegionNamingTheCity(t *testing.T) {
	f := facts()
	f.Mission.HostCity, f.Region = "Dresden", "Dresden, Saxony"
	s := story.Draft(localizer(t, "en"), f)
	if !strings.Contains(s.Lead, "travelled to Dresden, Saxony, home of GAIA") || s.Title != "EXCITE in Dresden, Saxony: looking back on the mission" {
		t.Errorf("got title %q and lead %q, want Dresden, Saxony once", s.Title, s.Lead)
	}
}

// TestDraftMessagesInEveryLanguage checks that every story.draft id the
// drafter uses is in every catalogue.
func TestDraftMessagesInEveryLanguage(t *testing.T) {
	src, err := os.ReadFile("story.go")
	if err != nil {
		t.Fatal(err)
	}
	ids := regexp.MustCompile(`"(story\.draft\.[a-z_.]+)"`).FindAllStringSubmatch(string(src), -1)
	if len(ids) < 20 {
		t.Fatalf("found %d message ids in story.go, want the drafter's", len(ids))
	}
	// The ids that story.go composes: a figures message and "_only".
	all := []string{"story.draft.figures_meetings_only", "story.draft.figures_scheduled_only"}
	for _, id := range ids {
		all = append(all, id[1])
	}
	for _, lang := range []string{"en", "es"} {
		l := localizer(t, lang)
		for _, id := range all {
			if !l.Has(id) {
				t.Errorf("%s lacks %s", lang, id)
			}
		}
	}
}

func TestBlocks(t *testing.T) {
	got := story.Blocks("## Day one\r\nWe met <b>GAIA</b>\nin Bilbao.\n\n- first\n- second\nAfter.\n\n\nLast <script>x</script>")
	want := []story.Block{
		{Kind: story.BlockHeading, Text: "Day one"},
		{Kind: story.BlockParagraph, Text: "We met <b>GAIA</b> in Bilbao."},
		{Kind: story.BlockList, Items: []string{"first", "second"}},
		{Kind: story.BlockParagraph, Text: "After."},
		{Kind: story.BlockParagraph, Text: "Last <script>x</script>"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}
