package evalgen

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"

	"caravan/internal/match"
)

// Ranker returns, for the profile at position q of a dataset, the IDs of
// the profiles it recommends, best first.
type Ranker func(q int) []int64

// Metrics are a ranking's quality averaged over the profiles that have at
// least one fitting partner (Queries of them).
type Metrics struct {
	Precision float64 // precision@k: the share of the top k that fit
	NDCG      float64 // nDCG@k with gain 2^rel − 1 and discount log2(rank + 1)
	Queries   int
}

// Evaluate scores rank's top k against the hidden ground truth.
func (d *Dataset) Evaluate(rank Ranker, k int) Metrics {
	pos := make(map[int64]int, len(d.Profiles))
	for i, p := range d.Profiles {
		pos[p.ID] = i
	}
	var m Metrics
	for q := range d.Profiles {
		var ideal []int
		for c := range d.Profiles {
			if rel := d.Relevance(q, c); c != q && rel > 0 {
				ideal = append(ideal, rel)
			}
		}
		if len(ideal) == 0 {
			continue
		}
		slices.SortFunc(ideal, func(a, b int) int { return b - a })
		idcg := dcg(ideal[:min(k, len(ideal))])
		var got []int
		for _, id := range rank(q) {
			if len(got) == k {
				break
			}
			c, ok := pos[id]
			if !ok || c == q {
				panic(fmt.Sprintf("evalgen: ranker for %d returned %d", q, id))
			}
			got = append(got, d.Relevance(q, c))
		}
		hits := 0
		for _, rel := range got {
			if rel > 0 {
				hits++
			}
		}
		m.Precision += float64(hits) / float64(k)
		m.NDCG += dcg(got) / idcg
		m.Queries++
	}
	if m.Queries > 0 {
		m.Precision /= float64(m.Queries)
		m.NDCG /= float64(m.Queries)
	}
	return m
}

func dcg(rels []int) float64 {
	s := 0.0
	for i, rel := range rels {
		s += (math.Exp2(float64(rel)) - 1) / math.Log2(float64(i+2))
	}
	return s
}

// RandomPrecision is the precision@k that a random ranking reaches on
// average: the share of fitting partners among all others, averaged over
// the profiles that have one.
func (d *Dataset) RandomPrecision() float64 {
	sum, n := 0.0, 0
	for q := range d.Profiles {
		fits := 0
		for c := range d.Profiles {
			if c != q && d.Relevance(q, c) > 0 {
				fits++
			}
		}
		if fits > 0 {
			sum += float64(fits) / float64(len(d.Profiles)-1)
			n++
		}
	}
	return sum / float64(n)
}

// Oracle ranks by the hidden truth (ties by ID): the ceiling of any ranking.
func (d *Dataset) Oracle() Ranker {
	return func(q int) []int64 {
		others := make([]int, 0, len(d.Profiles)-1)
		for c := range d.Profiles {
			if c != q {
				others = append(others, c)
			}
		}
		slices.SortStableFunc(others, func(a, b int) int { return cmp.Compare(d.Relevance(q, b), d.Relevance(q, a)) })
		ids := make([]int64, len(others))
		for i, c := range others {
			ids[i] = d.Profiles[c].ID
		}
		return ids
	}
}

// Recommender ranks with package match: one Index over the dataset, then
// Recommend for each profile with opt.
func (d *Dataset) Recommender(opt match.Options) Ranker {
	ix := match.NewIndex(d.Profiles)
	return func(q int) []int64 {
		var ids []int64
		for _, r := range ix.Recommend(d.Profiles[q].ID, opt) {
			ids = append(ids, r.ID)
		}
		return ids
	}
}

// KeywordBaseline ranks by the Jaccard index of the lowercase word sets of
// the whole public profiles (description, ecosystems, every item's title,
// description and keywords): plain keyword overlap, no stemming, no stop
// words, no synonyms, no notion of offer or request.
func (d *Dataset) KeywordBaseline() Ranker {
	return d.jaccardRanker(func(text string) []string {
		return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		})
	})
}

// TermBaseline is KeywordBaseline over match's normalised terms (accents
// folded, stop words dropped, stemmed), still without synonyms: a stronger
// baseline that isolates what normalisation alone brings.
func (d *Dataset) TermBaseline() Ranker {
	return d.jaccardRanker(match.Tokens)
}

func (d *Dataset) jaccardRanker(split func(string) []string) Ranker {
	sets := make([]map[string]bool, len(d.Profiles))
	for i, p := range d.Profiles {
		sets[i] = map[string]bool{}
		for _, w := range split(publicText(p)) {
			sets[i][w] = true
		}
	}
	return func(q int) []int64 {
		type scored struct {
			id    int64
			score float64
		}
		var list []scored
		for c, set := range sets {
			if c == q {
				continue
			}
			inter := 0
			for w := range sets[q] {
				if set[w] {
					inter++
				}
			}
			union := len(sets[q]) + len(set) - inter
			s := 0.0
			if union > 0 {
				s = float64(inter) / float64(union)
			}
			list = append(list, scored{d.Profiles[c].ID, s})
		}
		slices.SortFunc(list, func(a, b scored) int {
			if c := cmp.Compare(b.score, a.score); c != 0 {
				return c
			}
			return cmp.Compare(a.id, b.id)
		})
		ids := make([]int64, len(list))
		for i, s := range list {
			ids[i] = s.id
		}
		return ids
	}
}

// publicText is everything a profile shows, as one text.
func publicText(p match.Profile) string {
	parts := []string{p.Description, strings.Join(p.Ecosystems, " ")}
	for _, it := range slices.Concat(p.Offers, p.Requests) {
		parts = append(parts, it.Title, it.Description, strings.Join(it.Keywords, " "))
	}
	return strings.Join(parts, " ")
}
