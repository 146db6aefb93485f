package match

import (
	"math"
	"slices"
	"strings"
)

// descWeight discounts a match found in a profile's description rather than
// in one of its marketplace items.
const descWeight = 0.6

// otherCategory discounts an offer↔request match across categories.
const otherCategory = 0.8

// Index holds a mission's profiles, analysed once, for Recommend. It is
// read-only after NewIndex and safe for concurrent use.
type Index struct {
	profiles []Profile
	pos      map[int64]int // profile ID → position
	dict     map[string]termID
	// isConcept tells which terms are concept terms.
	isConcept []bool
	words     []string // term by id

	// offers and requests index every item of every profile; the owner
	// slices give each doc's profile position, item slices the item.
	offers, requests         *corpus
	offerOwner, requestOwner []int32
	offerItem, requestItem   []*Item
	// offerDocs and requestDocs list each profile's docs in those corpora.
	offerDocs, requestDocs [][]int32
	// descs indexes each profile's description (doc i is profile i).
	descs *corpus
	// reqSelfVsOffers and reqSelfVsDescs are each request's best possible
	// score against the offers and descriptions, with concepts [0] and
	// without [1].
	reqSelfVsOffers, reqSelfVsDescs [][2]float64
	// whole indexes each profile's whole text, for similarity; norms are
	// the vectors' lengths with concepts [0] and without [1].
	whole *corpus
	norms [][2]float64
	// ecosystems and languages are folded copies of the profiles' lists.
	ecosystems, languages [][]string
}

// NewIndex analyses the profiles of one mission. It copies the slice and
// the items, but shares the strings and lists inside them: the caller must
// not change the profiles while the index is in use. Profiles with the same
// ID are not merged: Recommend(id) answers for the last of them.
func NewIndex(profiles []Profile) *Index {
	ix := &Index{
		profiles: make([]Profile, len(profiles)),
		pos:      make(map[int64]int, len(profiles)),
		dict:     map[string]termID{},
	}
	var offerDocs, requestDocs, descDocs, wholeDocs []doc
	ix.offerDocs = make([][]int32, len(profiles))
	ix.requestDocs = make([][]int32, len(profiles))
	for i := range ix.profiles {
		p := &ix.profiles[i]
		*p = profiles[i]
		p.Offers, p.Requests = slices.Clone(p.Offers), slices.Clone(p.Requests)
		ix.pos[p.ID] = i
		var whole []string
		for j := range p.Offers {
			it := &p.Offers[j]
			ix.offerDocs[i] = append(ix.offerDocs[i], int32(len(offerDocs)))
			ix.offerOwner = append(ix.offerOwner, int32(i))
			ix.offerItem = append(ix.offerItem, it)
			offerDocs = append(offerDocs, ix.analyseItem(it))
			whole = append(whole, itemText(it))
		}
		for j := range p.Requests {
			it := &p.Requests[j]
			ix.requestDocs[i] = append(ix.requestDocs[i], int32(len(requestDocs)))
			ix.requestOwner = append(ix.requestOwner, int32(i))
			ix.requestItem = append(ix.requestItem, it)
			requestDocs = append(requestDocs, ix.analyseItem(it))
			whole = append(whole, itemText(it))
		}
		descDocs = append(descDocs, ix.analyse(field{p.Description, 1}))
		var labels []string
		for _, e := range p.Ecosystems {
			labels = append(labels, EcosystemLabel(e))
		}
		whole = append(whole, p.Description, strings.Join(labels, ". "))
		wholeDocs = append(wholeDocs, ix.analyse(field{strings.Join(whole, ". "), 1}))
		ix.ecosystems = append(ix.ecosystems, foldAll(p.Ecosystems))
		ix.languages = append(ix.languages, foldAll(p.Languages))
	}
	ix.offers, ix.requests = newCorpus(offerDocs), newCorpus(requestDocs)
	ix.descs, ix.whole = newCorpus(descDocs), newCorpus(wholeDocs)

	ix.reqSelfVsOffers = make([][2]float64, len(requestDocs))
	ix.reqSelfVsDescs = make([][2]float64, len(requestDocs))
	for d, q := range requestDocs {
		for m, words := range []bool{false, true} {
			ix.reqSelfVsOffers[d][m] = ix.selfScore(ix.offers, q, words)
			ix.reqSelfVsDescs[d][m] = ix.selfScore(ix.descs, q, words)
		}
	}
	ix.norms = make([][2]float64, len(wholeDocs))
	for d, q := range wholeDocs {
		for m, words := range []bool{false, true} {
			s := 0.0
			for j, t := range q.terms {
				if !(words && ix.isConcept[t]) {
					w := ix.whole.idf(t) * ix.whole.weight(q.tf[j], q.len)
					s += w * w
				}
			}
			ix.norms[d][m] = math.Sqrt(s)
		}
	}
	return ix
}

// itemText is the text of an item that the engine reads.
func itemText(it *Item) string {
	return it.Title + ". " + strings.Join(it.Keywords, ". ") + ". " + it.Description
}

func foldAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = strings.TrimSpace(Fold(s))
	}
	return out
}

// Query weights of an item's fields: its title and keywords say what it is
// about, its description adds context.
const (
	titleWeight       = 1
	keywordWeight     = 1
	descriptionWeight = 0.4
	// conceptWeight multiplies the weight of a concept term.
	conceptWeight = 2
)

// field is a text with its weight as a query.
type field struct {
	text   string
	weight float64
}

func (ix *Index) analyseItem(it *Item) doc {
	return ix.analyse(field{it.Title, titleWeight}, field{strings.Join(it.Keywords, ". "), keywordWeight},
		field{it.Description, descriptionWeight})
}

// analyse turns fields of text into a doc of the index's terms, concept
// terms included. A term in several fields takes its greatest weight.
func (ix *Index) analyse(fields ...field) doc {
	counts := map[termID]float64{}
	weights := map[termID]float64{}
	total := 0
	for _, f := range fields {
		terms := withConcepts(Tokens(f.text))
		total += len(terms)
		for _, w := range terms {
			id, ok := ix.dict[w]
			if !ok {
				id = termID(len(ix.words))
				ix.dict[w] = id
				ix.words = append(ix.words, w)
				ix.isConcept = append(ix.isConcept, strings.HasPrefix(w, conceptPrefix))
			}
			counts[id]++
			qw := f.weight
			if ix.isConcept[id] {
				qw *= conceptWeight
			}
			weights[id] = max(weights[id], qw)
		}
	}
	d := doc{terms: make([]termID, 0, len(counts)), len: float64(total)}
	for id := range counts {
		d.terms = append(d.terms, id)
	}
	slices.Sort(d.terms)
	d.tf = make([]float64, len(d.terms))
	d.qw = make([]float64, len(d.terms))
	for j, id := range d.terms {
		d.tf[j], d.qw[j] = counts[id], weights[id]
	}
	return d
}

// selfScore is the score q would reach against a doc equal to itself in c.
func (ix *Index) selfScore(c *corpus, q doc, words bool) float64 {
	s := 0.0
	for j, t := range q.terms {
		if !(words && ix.isConcept[t]) {
			s += q.qw[j] * c.idf(t) * c.weight(q.tf[j], q.len)
		}
	}
	return s
}

// pairScore is the BM25 score of query q against doc d of corpus c.
func (ix *Index) pairScore(c *corpus, q, d doc, words bool) float64 {
	s := 0.0
	i, j := 0, 0
	for i < len(q.terms) && j < len(d.terms) {
		switch {
		case q.terms[i] < d.terms[j]:
			i++
		case q.terms[i] > d.terms[j]:
			j++
		default:
			if t := q.terms[i]; !(words && ix.isConcept[t]) {
				s += q.qw[i] * c.idf(t) * c.weight(d.tf[j], d.len)
			}
			i++
			j++
		}
	}
	return s
}

// fullMatch is the share of a query's best possible score that counts as a
// full match: a request rarely shares every word with the offer that meets
// it, so matching the weightier half is as good as it gets.
const fullMatch = 0.5

// fraction turns a score into a share of the best possible, at most 1.
func fraction(score, self float64) float64 {
	if self <= 0 {
		return 0
	}
	return min(1, score/(fullMatch*self))
}

func mode(words bool) int {
	if words {
		return 1
	}
	return 0
}
