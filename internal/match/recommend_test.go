package match

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// delegation returns a small mission: visitors from Poland and Lithuania,
// locals from the Basque Country.
func delegation() []Profile {
	return []Profile{
		{ID: 1, Name: "Drukarnia Metali", Kind: "sme", Country: "PL", Visitor: true,
			Ecosystems: []string{"cybersecurity"}, Languages: []string{"pl", "en"},
			Description: "We secure industrial networks for manufacturers.",
			Offers: []Item{{Category: "service", Title: "Penetration testing of OT networks",
				Description: "Ethical hacking and security audits of factory networks."}},
			Requests: []Item{{Category: "technology", Title: "Metal 3D printing partner",
				Description: "We seek a supplier that prints metal parts for our sensor housings."}}},
		{ID: 2, Name: "Aditiva Bizkaia", Kind: "sme", Country: "ES",
			Ecosystems: []string{"additive-manufacturing", "cybersecurity"}, Languages: []string{"es", "en"},
			Description: "Taller de fabricación en Bilbao.",
			Offers: []Item{{Category: "technology", Title: "Fabricación aditiva de piezas metálicas",
				Description: "Impresión 3D en titanio y acero para la industria."}}},
		{ID: 3, Name: "Gozogintza", Kind: "cluster", Country: "ES",
			Ecosystems: []string{"agri-food"}, Languages: []string{"es"},
			Description: "Cluster de panaderías y pastelerías vascas.",
			Offers:      []Item{{Category: "product", Title: "Pan y pasteles", Description: "Panadería tradicional."}}},
		{ID: 4, Name: "Saugus Tinklas", Kind: "sme", Country: "LT", Visitor: true,
			Ecosystems: []string{"digitalisation"}, Languages: []string{"lt", "en"},
			Description: "Software for logistics companies.",
			Requests: []Item{{Category: "service", Title: "Penetration test for our cloud platform",
				Description: "An external pentest before certification."}}},
	}
}

func find(recs []Recommendation, id int64) (Recommendation, int) {
	for i, r := range recs {
		if r.ID == id {
			return r, i
		}
	}
	return Recommendation{}, -1
}

func reasonText(r Recommendation, code string) []string {
	var out []string
	for _, x := range r.Reasons {
		if x.Code == code {
			out = append(out, x.Text)
		}
	}
	return out
}

func TestRecommendReasons(t *testing.T) {
	ix := NewIndex(delegation())
	recs := ix.Recommend(1, Options{})
	if len(recs) == 0 || recs[0].ID != 2 {
		t.Fatalf("Recommend(1) = %+v, want 2 first", recs)
	}
	want := map[string][]string{
		ReasonOfferMatchesRequest: {"They offer additive manufacturing, which you seek"},
		ReasonSharedEcosystem:     {"Cybersecurity, like you"},
		ReasonVisitorLocal:        {"They are local to the host region, and you visit"},
		ReasonCommonLanguage:      {"You can meet in English"},
	}
	for code, texts := range want {
		if got := reasonText(recs[0], code); !slices.Equal(got, texts) {
			t.Errorf("reasons %s = %q, want %q", code, got, texts)
		}
	}
	r := recs[0].Reasons[0]
	if r.Code != ReasonOfferMatchesRequest || r.Params["their_offer"] != "Fabricación aditiva de piezas metálicas" ||
		r.Params["your_request"] != "Metal 3D printing partner" {
		t.Errorf("first reason = %+v, want their offer and your request", r)
	}

	// The other way round: 2 sees that 1 seeks what 2 offers, 4 that 1
	// offers the penetration test 4 seeks.
	rec, _ := find(ix.Recommend(2, Options{}), 1)
	if got := reasonText(rec, ReasonRequestMatchesOffer); !slices.Equal(got, []string{"They seek additive manufacturing, which you offer"}) {
		t.Errorf("2's reasons for 1 = %q", got)
	}
	rec, _ = find(ix.Recommend(4, Options{}), 1)
	if got := reasonText(rec, ReasonOfferMatchesRequest); !slices.Equal(got, []string{"They offer penetration testing, which you seek"}) {
		t.Errorf("4's reasons for 1 = %+v", rec.Reasons)
	}
	if got := reasonText(rec, ReasonVisitorLocal); got != nil {
		t.Errorf("two visitors get visitor_local reasons %q", got)
	}
}

func TestRecommendExcludes(t *testing.T) {
	ix := NewIndex(delegation())
	for _, opt := range []Options{{}, {Exclude: map[int64]bool{2: true}}, {Exclude: map[int64]bool{2: true, 3: true, 4: true}}} {
		recs := ix.Recommend(1, opt)
		for _, r := range recs {
			if r.ID == 1 || opt.Exclude[r.ID] {
				t.Errorf("Recommend(1, exclude %v) lists %d", opt.Exclude, r.ID)
			}
		}
		if want := 3 - len(opt.Exclude); len(recs) != want {
			t.Errorf("Recommend(1, exclude %v) gives %d, want %d", opt.Exclude, len(recs), want)
		}
	}
	if recs := ix.Recommend(99, Options{}); recs != nil {
		t.Errorf("Recommend(unknown) = %v, want nil", recs)
	}
}

func TestRecommendLanguage(t *testing.T) {
	ps := delegation()
	ix := NewIndex(ps)
	rec, _ := find(ix.Recommend(1, Options{}), 3)
	if got := reasonText(rec, ReasonNoCommonLanguage); !slices.Equal(got, []string{"No common language: you speak Polish, English, they speak Spanish"}) {
		t.Errorf("no_common_language reasons = %q", got)
	}
	if _, i := find(ix.Recommend(1, Options{RequireCommonLanguage: true}), 3); i >= 0 {
		t.Errorf("RequireCommonLanguage lists 3, who speaks no language of 1")
	}
	// The same profile scores less without a common language, by the penalty.
	ps[2].Languages = []string{"es", "pl"}
	with, _ := find(NewIndex(ps).Recommend(1, Options{}), 3)
	if math.Abs(rec.Score-with.Score*DefaultWeights().LanguagePenalty) > 1e-9 {
		t.Errorf("score without a common language %v, with %v: want the penalty %v", rec.Score, with.Score, DefaultWeights().LanguagePenalty)
	}
	if got := reasonText(with, ReasonCommonLanguage); !slices.Equal(got, []string{"You can meet in Polish"}) {
		t.Errorf("common_language reasons = %q", got)
	}
	// Unknown languages: neither a penalty nor a reason.
	ps[2].Languages = nil
	none, _ := find(NewIndex(ps).Recommend(1, Options{RequireCommonLanguage: true}), 3)
	if none.ID != 3 || len(reasonText(none, ReasonNoCommonLanguage))+len(reasonText(none, ReasonCommonLanguage)) != 0 {
		t.Errorf("unknown languages: got %+v", none)
	}
}

// supplier returns a profile of the given kind that offers metal 3D printing.
func supplier(id int64, kind string, extra string) Profile {
	return Profile{ID: id, Kind: kind, Languages: []string{"en"},
		Offers: []Item{{Category: "technology", Title: "Metal 3D printing " + extra}}}
}

func TestRecommendDiversityCap(t *testing.T) {
	ps := []Profile{{ID: 1, Kind: "sme", Languages: []string{"en"},
		Requests: []Item{{Category: "technology", Title: "Metal 3D printing"}}}}
	for id := int64(10); id < 16; id++ {
		ps = append(ps, supplier(id, "sme", ""))
	}
	ps = append(ps, supplier(20, "cluster", "and many other services for members"), supplier(21, "support_org", "at the university lab, with other things"))
	ix := NewIndex(ps)
	plain := ix.Recommend(1, Options{Limit: 5})
	for _, r := range plain {
		if r.ID >= 20 {
			t.Fatalf("without a cap the weaker non-SMEs rank in the top 5: %v", plain)
		}
	}
	capped := ix.Recommend(1, Options{Limit: 5, DiversityPerKind: 2})
	var ids []int64
	for _, r := range capped {
		ids = append(ids, r.ID)
	}
	if want := []int64{10, 11, 20, 21, 12}; !slices.Equal(ids, want) {
		t.Errorf("capped list = %v, want %v (two SMEs, the others, then SMEs again)", ids, want)
	}
}

func TestRecommendDeterministicTies(t *testing.T) {
	ps := []Profile{{ID: 1, Requests: []Item{{Title: "Metal 3D printing"}}},
		supplier(9, "sme", ""), supplier(7, "sme", ""), supplier(8, "sme", "")}
	ix := NewIndex(ps)
	first := ix.Recommend(1, Options{})
	var ids []int64
	for _, r := range first {
		ids = append(ids, r.ID)
	}
	if !slices.Equal(ids, []int64{7, 8, 9}) || first[0].Score != first[1].Score {
		t.Errorf("ties ordered %v (scores %v, %v), want 7 8 9 with equal scores", ids, first[0].Score, first[1].Score)
	}
	for range 5 {
		if again := NewIndex(ps).Recommend(1, Options{}); !equalRecs(first, again) {
			t.Fatalf("Recommend differs between runs:\n%v\n%v", first, again)
		}
	}
}

func equalRecs(a, b []Recommendation) bool {
	return slices.EqualFunc(a, b, func(x, y Recommendation) bool {
		return x.ID == y.ID && x.Score == y.Score && slices.EqualFunc(x.Reasons, y.Reasons, func(p, q Reason) bool { return p.Text == q.Text })
	})
}

// The offer↔request match is the same seen from either side, so that mutual
// benefit scores the same for both participants.
func TestComplementaritySymmetric(t *testing.T) {
	ix := NewIndex(delegation())
	for _, words := range []bool{false, true} {
		for q := range ix.profiles {
			need, give := ix.needs(q, words), ix.gives(q, words)
			for c := range ix.profiles {
				if math.Abs(need[c]-ix.gives(c, words)[q]) > 1e-12 || math.Abs(give[c]-ix.needs(c, words)[q]) > 1e-12 {
					t.Errorf("needs/gives not symmetric for %d, %d (words %v)", q, c, words)
				}
			}
		}
	}
	if ix.needs(0, false)[1] <= 0 {
		t.Errorf("1's request for 3D printing is not met by 2's offer")
	}
}

func TestWordsOnlyMissesTranslations(t *testing.T) {
	ix := NewIndex(delegation())
	rec, _ := find(ix.Recommend(1, Options{WordsOnly: true}), 2)
	for _, r := range rec.Reasons {
		if strings.Contains(r.Text, "additive") {
			t.Errorf("without the concept map, %q still matches Spanish to English", r.Text)
		}
	}
}

// Without a concept of the map, a reason quotes the other side's item.
func TestReasonsQuoteItemsWithoutConcept(t *testing.T) {
	ix := NewIndex([]Profile{
		{ID: 1, Requests: []Item{{Category: "service", Title: "Laser welding of thin sheets"}}},
		{ID: 2, Offers: []Item{{Category: "service", Title: "Laser welding services"}}},
		{ID: 3, Offers: []Item{{Category: "product", Title: "Bread and cakes"}}},
	})
	recs := ix.Recommend(1, Options{})
	if len(recs) != 1 || recs[0].ID != 2 {
		t.Fatalf("Recommend(1) = %+v, want only 2", recs)
	}
	if got := reasonText(recs[0], ReasonOfferMatchesRequest); !slices.Equal(got, []string{"They offer “Laser welding services”, which you seek"}) {
		t.Errorf("1's reasons for 2 = %q", got)
	}
	rec, _ := find(ix.Recommend(2, Options{}), 1)
	if got := reasonText(rec, ReasonRequestMatchesOffer); !slices.Equal(got, []string{"They seek “Laser welding of thin sheets”, which you offer"}) {
		t.Errorf("2's reasons for 1 = %q", got)
	}
}

func TestReasonSharedKeywords(t *testing.T) {
	ix := NewIndex([]Profile{
		{ID: 1, Description: "We build digital twins of factories.",
			Offers: []Item{{Title: "Consulting", Keywords: []string{"Lean Production", "Basque cuisine"}}}},
		{ID: 2, Description: "Gemelo digital para la industria.",
			Offers: []Item{{Title: "Catering", Keywords: []string{"basque cuisine"}}}},
	})
	rec, _ := find(ix.Recommend(1, Options{}), 2)
	if got := reasonText(rec, ReasonSharedKeywords); !slices.Equal(got, []string{"You both mention digital twins, Basque cuisine"}) {
		t.Errorf("shared_keywords reasons = %q", got)
	}
}
