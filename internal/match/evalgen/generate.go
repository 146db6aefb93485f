// Package evalgen measures the quality of package match's recommendations
// without grading its own homework. It generates organisations that each
// have hidden needs and capabilities over about forty concepts, writes their
// public profiles (descriptions, offers, requests, keywords) from those with
// its own wording table in six languages, noise sentences and mentions of
// concepts that are neither, and knows from the hidden attributes which
// pairs fit. A recommender sees only the public profiles. Evaluate then
// scores a ranking by precision@k and nDCG@k against that ground truth.
//
// It imports package match for the Profile type and the concept lookup that
// measures the map's coverage; match never imports it. It imports nothing
// else of Caravan's.
package evalgen

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"caravan/internal/match"
)

// Config sets the size and the seed of a generated set.
type Config struct {
	Orgs int
	Seed uint64
	// MaxConcepts is the most needs, and the most capabilities, that one
	// organisation has (each drawn from 1 to MaxConcepts); 0 means 3.
	MaxConcepts int
}

func (cfg Config) maxConcepts() int {
	if cfg.MaxConcepts <= 0 {
		return 3
	}
	return cfg.MaxConcepts
}

// Dataset is a generated set: public profiles, and the hidden concept IDs
// that each profile's organisation needs and can offer, by position.
type Dataset struct {
	Profiles     []match.Profile
	Needs        [][]string
	Capabilities [][]string
}

// Relevance is the ground truth of a pair by positions: 1 when one side's
// hidden need is among the other's capabilities, 2 when that holds both
// ways, 0 otherwise.
func (d *Dataset) Relevance(a, b int) int {
	rel := 0
	if intersects(d.Needs[a], d.Capabilities[b]) {
		rel++
	}
	if intersects(d.Needs[b], d.Capabilities[a]) {
		rel++
	}
	return rel
}

func intersects(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

type country struct {
	code, lang string
	cities     []string
}

var (
	host     = country{"ES", "es", []string{"Bilbao", "Donostia", "Vitoria-Gasteiz", "Eibar", "Getxo"}}
	visitors = []country{
		{"PL", "pl", []string{"Warszawa", "Kraków", "Wrocław"}},
		{"LT", "lt", []string{"Vilnius", "Kaunas"}},
		{"FR", "fr", []string{"Lyon", "Grenoble", "Toulouse"}},
		{"DE", "de", []string{"Dresden", "Stuttgart", "Aachen"}},
	}
	kinds       = []string{"sme", "sme", "sme", "sme", "sme", "sme", "large_company", "cluster", "cluster", "support_org", "support_org", "public_body"}
	categories  = []string{"technology", "product", "service", "rd_partnership"}
	syllables   = []string{"ka", "lo", "mi", "ter", "va", "zen", "or", "bi", "ta", "nu", "rex", "sol", "ar", "den", "ix"}
	nameEndings = []string{"Tech", "Systems", "Group", "Works", "Lab", "Solutions", "Industries", "Partners"}
)

// gen holds the state of one generation.
type gen struct {
	r *rand.Rand
}

func (g *gen) pick(list []string) string { return list[g.r.IntN(len(list))] }
func (g *gen) chance(p float64) bool     { return g.r.Float64() < p }

// Generate writes a deterministic dataset: the same Config gives the same
// profiles and hidden attributes on every machine.
func Generate(cfg Config) *Dataset {
	g := &gen{r: rand.New(rand.NewPCG(cfg.Seed, 0x6d61746368))}
	byEco := map[string][]int{}
	for i, c := range vocabulary {
		byEco[c.Ecosystem] = append(byEco[c.Ecosystem], i)
	}
	ecos := make([]string, 0, len(byEco))
	for e := range byEco {
		ecos = append(ecos, e)
	}
	slices.Sort(ecos)

	most := cfg.maxConcepts()
	d := &Dataset{}
	for i := range cfg.Orgs {
		eco := g.pick(ecos)
		caps := g.concepts(byEco[eco], nil, 1+g.r.IntN(most), 0.7)
		needs := g.concepts(byEco[eco], caps, 1+g.r.IntN(most), 0.4)
		d.Profiles = append(d.Profiles, g.profile(int64(i+1), eco, caps, needs))
		d.Needs = append(d.Needs, ids(needs))
		d.Capabilities = append(d.Capabilities, ids(caps))
	}
	return d
}

func ids(list []int) []string {
	out := make([]string, len(list))
	for i, c := range list {
		out[i] = vocabulary[c].ID
	}
	return out
}

// concepts draws n distinct concepts (vocabulary positions) not in avoid,
// each from the home ecosystem with probability home, else from anywhere.
func (g *gen) concepts(homeEco, avoid []int, n int, home float64) []int {
	var out []int
	for len(out) < n {
		var c int
		if g.chance(home) {
			c = homeEco[g.r.IntN(len(homeEco))]
		} else {
			c = g.r.IntN(len(vocabulary))
		}
		if !slices.Contains(out, c) && !slices.Contains(avoid, c) {
			out = append(out, c)
		}
	}
	return out
}

// form returns a surface form of concept c for a sentence in lang: mostly in
// that language, sometimes the English word (a loanword), sometimes another
// form of the same language.
func (g *gen) form(c int, lang string) string {
	forms := vocabulary[c].Forms
	if lang != "en" && g.chance(0.2) {
		return g.pick(forms["en"])
	}
	return g.pick(forms[lang])
}

// sentence fills a template of lang with a form of concept c.
func (g *gen) sentence(templates map[string][]string, c int, lang string) string {
	return fmt.Sprintf(g.pick(templates[lang]), g.form(c, lang))
}

func (g *gen) profile(id int64, eco string, caps, needs []int) match.Profile {
	visitor := g.chance(0.4)
	ctry := host
	if visitor {
		ctry = visitors[g.r.IntN(len(visitors))]
	}
	kind := g.pick(kinds)
	p := match.Profile{
		ID:      id,
		Name:    g.name(),
		Kind:    kind,
		Country: ctry.code,
		Visitor: visitor,
	}
	p.Languages = []string{ctry.lang}
	if ctry.code == "ES" && g.chance(0.3) {
		p.Languages = append(p.Languages, "eu")
	}
	if g.chance(0.85) {
		p.Languages = append(p.Languages, "en")
	}
	if g.chance(0.1) {
		if l := g.pick([]string{"fr", "de", "es"}); !slices.Contains(p.Languages, l) {
			p.Languages = append(p.Languages, l)
		}
	}
	p.Ecosystems = []string{eco}
	if g.chance(0.3) {
		if e := vocabulary[caps[0]].Ecosystem; e != eco {
			p.Ecosystems = append(p.Ecosystems, e)
		}
	}

	// The language an organisation mostly writes in.
	lang := ctry.lang
	if g.chance(0.5) {
		lang = "en"
	}
	textLang := func() string {
		if g.chance(0.7) {
			return lang
		}
		return g.pick([]string{"en", ctry.lang})
	}

	var desc []string
	desc = append(desc, fmt.Sprintf(intros[lang], p.Name, kindWords[lang][kind], g.pick(ctry.cities)))
	for _, c := range caps {
		// A capability is an offer, a sentence of the description, or both.
		inDesc, asItem := g.chance(0.5), g.chance(0.8)
		if !asItem {
			inDesc = true
		}
		if inDesc {
			desc = append(desc, g.sentence(capabilitySentences, c, textLang()))
		}
		if asItem {
			p.Offers = append(p.Offers, g.item(c, textLang(), offerTitles, offerDescriptions))
		}
	}
	for _, c := range needs {
		if g.chance(0.25) {
			desc = append(desc, g.sentence(needSentences, c, textLang()))
		}
		if g.chance(0.9) {
			p.Requests = append(p.Requests, g.item(c, textLang(), requestTitles, requestDescriptions))
		}
	}
	for range g.r.IntN(3) {
		if c := g.r.IntN(len(vocabulary)); !slices.Contains(caps, c) && !slices.Contains(needs, c) {
			desc = append(desc, g.sentence(distractors, c, textLang()))
		}
	}
	desc = append(desc, fmt.Sprintf("Founded in %d, we employ %d people.", 1950+g.r.IntN(74), 5+g.r.IntN(400)))
	for range 1 + g.r.IntN(2) {
		desc = append(desc, g.pick(noise[textLang()]))
	}
	g.r.Shuffle(len(desc)-1, func(i, j int) { desc[i+1], desc[j+1] = desc[j+1], desc[i+1] })
	p.Description = strings.Join(desc, " ")
	return p
}

// item writes an offer or a request about concept c in lang.
func (g *gen) item(c int, lang string, titles, descriptions map[string][]string) match.Item {
	it := match.Item{Category: categories[c%len(categories)]}
	if g.chance(0.4) {
		it.Category = g.pick(categories)
	}
	it.Title = capitalise(g.sentence(titles, c, lang))
	it.Description = g.sentence(descriptions, c, lang) + " " + g.pick(noise[lang])
	for range g.r.IntN(3) {
		kw := g.form(c, g.pick([]string{"en", lang}))
		if !slices.Contains(it.Keywords, kw) {
			it.Keywords = append(it.Keywords, kw)
		}
	}
	return it
}

func (g *gen) name() string {
	var b strings.Builder
	for range 2 + g.r.IntN(2) {
		b.WriteString(g.pick(syllables))
	}
	return capitalise(b.String()) + " " + g.pick(nameEndings)
}

// capitalise upper-cases the first letter of s.
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
