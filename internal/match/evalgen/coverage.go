package evalgen

import (
	"slices"

	"caravan/internal/match"
)

// Languages are the languages of the wording table, in report order.
var Languages = []string{"en", "es", "fr", "de", "pl", "lt"}

// CoverageReport says how much of the generator's wording the recommender's
// concept map recognises: a surface form is covered when match.Concepts
// finds its own concept in it.
type CoverageReport struct {
	Concepts, ConceptsUnknown int // concepts in the table; those no form of which is covered
	Forms, Covered            int
	ByLanguage                map[string][2]int // language → {covered, forms}
}

// Coverage measures the concept map against the wording table.
func Coverage() CoverageReport {
	r := CoverageReport{Concepts: len(vocabulary), ByLanguage: map[string][2]int{}}
	for _, c := range vocabulary {
		covered := 0
		for _, lang := range Languages {
			for _, f := range c.Forms[lang] {
				ok := slices.Contains(match.Concepts(f), c.ID)
				v := r.ByLanguage[lang]
				v[1]++
				r.Forms++
				if ok {
					v[0]++
					r.Covered++
					covered++
				}
				r.ByLanguage[lang] = v
			}
		}
		if covered == 0 {
			r.ConceptsUnknown++
		}
	}
	return r
}
