package match

import "math"

// BM25 parameters: the usual k1 and b of Robertson and Zaragoza.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// termID numbers a term in an Index's dictionary.
type termID int32

// doc is one analysed text: its distinct terms, sorted by id, with counts
// and with the weight each term has when the doc is a query (its field's
// weight, doubled for a concept term).
type doc struct {
	terms []termID
	tf    []float64
	qw    []float64
	len   float64
}

// corpus is a BM25 index over a list of docs.
type corpus struct {
	docs     []doc
	postings map[termID][]posting
	avgLen   float64
}

type posting struct {
	doc int32
	tf  float64
	qw  float64
}

func newCorpus(docs []doc) *corpus {
	c := &corpus{docs: docs, postings: map[termID][]posting{}}
	total := 0.0
	for i, d := range docs {
		total += d.len
		for j, t := range d.terms {
			c.postings[t] = append(c.postings[t], posting{int32(i), d.tf[j], d.qw[j]})
		}
	}
	c.avgLen = 1
	if len(docs) > 0 && total > 0 {
		c.avgLen = total / float64(len(docs))
	}
	return c
}

// idf is BM25's inverse document frequency, always positive.
func (c *corpus) idf(t termID) float64 {
	n, df := float64(len(c.docs)), float64(len(c.postings[t]))
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// weight is the saturated, length-normalised weight of a term count in a
// text of length dl.
func (c *corpus) weight(tf, dl float64) float64 {
	return tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*dl/c.avgLen))
}

// score adds the BM25 score of query q for every doc that shares a term with
// it into acc (indexed by doc), skipping concept terms when words is set.
func (c *corpus) score(q doc, words bool, isConcept []bool, acc []float64) {
	for j, t := range q.terms {
		if words && isConcept[t] {
			continue
		}
		idf := q.qw[j] * c.idf(t)
		for _, p := range c.postings[t] {
			acc[p.doc] += idf * c.weight(p.tf, c.docs[p.doc].len)
		}
	}
}
