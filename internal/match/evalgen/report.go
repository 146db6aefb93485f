package evalgen

import (
	"fmt"
	"strings"

	"caravan/internal/match"
)

// K is the cut-off of the reported metrics.
const K = 10

// variant is one ranking the report measures.
type variant struct {
	Name string
	Rank func(d *Dataset) Ranker
}

func recommender(opt match.Options) func(*Dataset) Ranker {
	return func(d *Dataset) Ranker { return d.Recommender(opt) }
}

// variants are the rankings of the report: the recommender with its
// defaults, with a diversity cap, its ablations, the ceiling and the two
// baselines.
var variants = []variant{
	{"match, default options", recommender(match.Options{Limit: K})},
	{"match, at most 3 per organisation kind", recommender(match.Options{Limit: K, DiversityPerKind: 3})},
	{"ablation: no concept map (words only)", recommender(match.Options{Limit: K, WordsOnly: true})},
	{"ablation: no complementarity (similarity, ecosystems, visitor↔local)", recommender(match.Options{Limit: K,
		Weights: withoutComplementarity()})},
	{"ablation: complementarity only", recommender(match.Options{Limit: K,
		Weights: &match.Weights{Complementarity: 1, LanguagePenalty: 1}})},
	{"ceiling: the hidden truth itself", func(d *Dataset) Ranker { return d.Oracle() }},
	{"baseline: Jaccard of normalised terms", func(d *Dataset) Ranker { return d.TermBaseline() }},
	{"baseline: keyword overlap (Jaccard of lowercase word sets)", func(d *Dataset) Ranker { return d.KeywordBaseline() }},
}

func withoutComplementarity() *match.Weights {
	w := match.DefaultWeights()
	w.Complementarity = 0
	return &w
}

// Report generates one dataset per seed from cfg (whose Seed it ignores),
// measures every variant on each, and returns a Markdown table of the means
// over the seeds, with their range.
func Report(cfg Config, seeds []uint64) string {
	var b strings.Builder
	type agg struct{ p, n, pMin, pMax, nMin, nMax float64 }
	res := make([]agg, len(variants))
	for i := range res {
		res[i] = agg{pMin: 2, nMin: 2, pMax: -1, nMax: -1}
	}
	random, queries, fits := 0.0, 0, 0.0
	for _, seed := range seeds {
		cfg.Seed = seed
		d := Generate(cfg)
		random += d.RandomPrecision()
		fits += d.meanFits()
		for i, v := range variants {
			m := d.Evaluate(v.Rank(d), K)
			queries = m.Queries
			a := &res[i]
			a.p += m.Precision
			a.n += m.NDCG
			a.pMin, a.pMax = min(a.pMin, m.Precision), max(a.pMax, m.Precision)
			a.nMin, a.nMax = min(a.nMin, m.NDCG), max(a.nMax, m.NDCG)
		}
	}
	s := float64(len(seeds))
	each := "one need and one capability each"
	if m := cfg.maxConcepts(); m > 1 {
		each = fmt.Sprintf("1 to %d needs and 1 to %d capabilities each", m, m)
	}
	fmt.Fprintf(&b, "%d generated organisations per set, %s, seeds %v: an organisation has on average %.1f fitting partners; "+
		"%d of %d organisations of the last set have at least one.\n\n", cfg.Orgs, each, seeds, fits/s, queries, cfg.Orgs)
	fmt.Fprintf(&b, "| ranking | precision@%d | nDCG@%d |\n|---|---|---|\n", K, K)
	for i, v := range variants {
		a := res[i]
		fmt.Fprintf(&b, "| %s | %.3f (%.3f–%.3f) | %.3f (%.3f–%.3f) |\n", v.Name, a.p/s, a.pMin, a.pMax, a.n/s, a.nMin, a.nMax)
	}
	fmt.Fprintf(&b, "| random order (expected) | %.3f | – |\n", random/s)
	return b.String()
}

// CoverageTable returns, in Markdown, how much of the generator's wording
// the recommender's concept map recognises.
func CoverageTable() string {
	var b strings.Builder
	c := Coverage()
	fmt.Fprintf(&b, "Coverage of the generator's wording by the recommender's concept map: %d of %d surface forms (%.0f%%); "+
		"%d of the %d generated concepts have no covered form at all.\n\n", c.Covered, c.Forms, 100*float64(c.Covered)/float64(c.Forms),
		c.ConceptsUnknown, c.Concepts)
	fmt.Fprintf(&b, "| language | %s |\n|---|%s\n| forms covered |", strings.Join(Languages, " | "), strings.Repeat("---|", len(Languages)))
	for _, l := range Languages {
		v := c.ByLanguage[l]
		fmt.Fprintf(&b, " %d/%d |", v[0], v[1])
	}
	b.WriteString("\n")
	return b.String()
}

// meanFits is the mean number of fitting partners per organisation.
func (d *Dataset) meanFits() float64 {
	n := 0
	for q := range d.Profiles {
		for c := range d.Profiles {
			if c != q && d.Relevance(q, c) > 0 {
				n++
			}
		}
	}
	return float64(n) / float64(len(d.Profiles))
}
