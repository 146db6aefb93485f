package match

import (
	"cmp"
	"slices"
	"strings"
)

// reasonThreshold is the least match fraction that a complementarity reason
// is given for.
const reasonThreshold = 0.25

// Recommend returns whom the participant forID should meet, best first, at
// most opt.Limit of them, each with its reasons. Only candidates with a
// positive score are listed; excluded IDs and the participant never are. It
// returns nil when forID is not in the index. Equal scores are ordered by
// the smaller ID.
func (ix *Index) Recommend(forID int64, opt Options) []Recommendation {
	q, ok := ix.pos[forID]
	if !ok {
		return nil
	}
	limit := opt.Limit
	if limit <= 0 {
		limit = 10
	}
	w := DefaultWeights()
	if opt.Weights != nil {
		w = *opt.Weights
	}
	n := len(ix.profiles)
	var need, give []float64
	if w.Complementarity != 0 {
		need, give = ix.needs(q, opt.WordsOnly), ix.gives(q, opt.WordsOnly)
	}
	var sim []float64
	if w.Similarity != 0 {
		sim = ix.similarities(q, opt.WordsOnly)
	}

	type candidate struct {
		pos   int
		score float64
	}
	var cands []candidate
	for c := range n {
		id := ix.profiles[c].ID
		if c == q || id == forID || opt.Exclude[id] {
			continue
		}
		s := 0.0
		if need != nil {
			s += w.Complementarity * (need[c] + give[c] + 0.5*min(need[c], give[c]))
		}
		if sim != nil {
			s += w.Similarity * sim[c]
		}
		s += w.Ecosystem * jaccard(ix.ecosystems[q], ix.ecosystems[c])
		if ix.profiles[q].Visitor != ix.profiles[c].Visitor {
			s += w.VisitorLocal
		}
		if known, common := ix.commonLanguages(q, c); known && len(common) == 0 {
			if opt.RequireCommonLanguage {
				continue
			}
			s *= w.LanguagePenalty
		}
		if s > 0 {
			cands = append(cands, candidate{c, s})
		}
	}
	slices.SortFunc(cands, func(a, b candidate) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(ix.profiles[a.pos].ID, ix.profiles[b.pos].ID)
	})

	picked := cands
	if opt.DiversityPerKind > 0 {
		picked = make([]candidate, 0, limit)
		var rest []candidate
		perKind := map[string]int{}
		for _, c := range cands {
			kind := Fold(ix.profiles[c.pos].Kind)
			if perKind[kind] < opt.DiversityPerKind {
				perKind[kind]++
				picked = append(picked, c)
			} else {
				rest = append(rest, c)
			}
			if len(picked) == limit {
				break
			}
		}
		picked = append(picked, rest...)
	}
	picked = picked[:min(limit, len(picked))]

	recs := make([]Recommendation, len(picked))
	for i, c := range picked {
		recs[i] = Recommendation{
			ID:      ix.profiles[c.pos].ID,
			Score:   c.score,
			Reasons: ix.reasons(q, c.pos, opt.WordsOnly, w),
		}
	}
	return recs
}

// category returns the factor of a match between two items' categories.
func category(a, b *Item) float64 {
	if strings.EqualFold(strings.TrimSpace(a.Category), strings.TrimSpace(b.Category)) {
		return 1
	}
	return otherCategory
}

// needs returns, for every profile c, how well c answers q's requests: the
// sum over q's requests of the best match among c's offers (or, discounted,
// c's description), each between 0 and 1.
func (ix *Index) needs(q int, words bool) []float64 {
	n := len(ix.profiles)
	need := make([]float64, n)
	best := make([]float64, n)
	accO := make([]float64, len(ix.offers.docs))
	accD := make([]float64, n)
	m := mode(words)
	for _, r := range ix.requestDocs[q] {
		rd := ix.requests.docs[r]
		clear(best)
		clear(accO)
		clear(accD)
		ix.offers.score(rd, words, ix.isConcept, accO)
		for o, s := range accO {
			if s > 0 {
				f := fraction(s, ix.reqSelfVsOffers[r][m]) * category(ix.requestItem[r], ix.offerItem[o])
				best[ix.offerOwner[o]] = max(best[ix.offerOwner[o]], f)
			}
		}
		ix.descs.score(rd, words, ix.isConcept, accD)
		for c, s := range accD {
			need[c] += max(best[c], descWeight*fraction(s, ix.reqSelfVsDescs[r][m]))
		}
	}
	return need
}

// gives returns, for every profile c, how well q answers c's requests: the
// sum over c's requests of the best match among q's offers (or, discounted,
// q's description). It is needs seen from the other side, so that
// needs(q)[c] == gives(c)[q].
func (ix *Index) gives(q int, words bool) []float64 {
	give := make([]float64, len(ix.profiles))
	best := make([]float64, len(ix.requests.docs))
	acc := make([]float64, len(ix.requests.docs))
	m := mode(words)
	for _, o := range ix.offerDocs[q] {
		clear(acc)
		ix.spread(ix.offers, ix.offers.docs[o], words, acc)
		for r, s := range acc {
			if s > 0 {
				f := fraction(s, ix.reqSelfVsOffers[r][m]) * category(ix.requestItem[r], ix.offerItem[o])
				best[r] = max(best[r], f)
			}
		}
	}
	clear(acc)
	ix.spread(ix.descs, ix.descs.docs[q], words, acc)
	for r, s := range acc {
		give[ix.requestOwner[r]] += max(best[r], descWeight*fraction(s, ix.reqSelfVsDescs[r][m]))
	}
	return give
}

// spread adds to acc, for every request that shares a term with d (a doc of
// corpus c), the BM25 score that request would have as a query against d.
func (ix *Index) spread(c *corpus, d doc, words bool, acc []float64) {
	for j, t := range d.terms {
		if words && ix.isConcept[t] {
			continue
		}
		w := c.idf(t) * c.weight(d.tf[j], d.len)
		for _, p := range ix.requests.postings[t] {
			acc[p.doc] += p.qw * w
		}
	}
}

// similarities returns the cosine of q's whole-profile vector with every
// profile's.
func (ix *Index) similarities(q int, words bool) []float64 {
	n := len(ix.profiles)
	acc := make([]float64, n)
	qd := ix.whole.docs[q]
	for j, t := range qd.terms {
		if words && ix.isConcept[t] {
			continue
		}
		idf := ix.whole.idf(t)
		wq := idf * ix.whole.weight(qd.tf[j], qd.len)
		for _, p := range ix.whole.postings[t] {
			acc[p.doc] += wq * idf * ix.whole.weight(p.tf, ix.whole.docs[p.doc].len)
		}
	}
	m := mode(words)
	for c := range acc {
		if d := ix.norms[q][m] * ix.norms[c][m]; d > 0 {
			acc[c] /= d
		}
	}
	return acc
}

func jaccard(a, b []string) float64 {
	inter := 0
	for _, x := range a {
		if slices.Contains(b, x) {
			inter++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

// commonLanguages returns the languages of q that c speaks too, in q's
// order; known is false when either has no languages listed.
func (ix *Index) commonLanguages(q, c int) (known bool, common []string) {
	a, b := ix.languages[q], ix.languages[c]
	if len(a) == 0 || len(b) == 0 {
		return false, nil
	}
	for _, l := range a {
		if slices.Contains(b, l) && !slices.Contains(common, l) {
			common = append(common, l)
		}
	}
	return true, common
}
