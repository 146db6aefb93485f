package match

import (
	"cmp"
	"slices"
	"strings"
)

// maxMatchReasons is the most complementarity reasons per direction.
const maxMatchReasons = 2

// itemMatch is one request of one side met by an offer (or the description) of
// the other, for a reason.
type itemMatch struct {
	fraction  float64
	concept   string // label, or the offer's title in quotes
	conceptID string
	request   *Item
	offer     *Item // nil when the match is in the description
}

// reasons explains why c is recommended to q, strongest reasons first.
func (ix *Index) reasons(q, c int, words bool, w Weights) []Reason {
	var out []Reason
	used := map[string]bool{} // concept IDs already given as a reason
	if w.Complementarity != 0 {
		for _, m := range ix.matches(q, c, words, false) {
			used[m.conceptID] = true
			out = append(out, newReason(ReasonOfferMatchesRequest, map[string]string{
				"concept": m.concept, "their_offer": title(m.offer), "your_request": m.request.Title}))
		}
		for _, m := range ix.matches(c, q, words, true) {
			used[m.conceptID] = true
			out = append(out, newReason(ReasonRequestMatchesOffer, map[string]string{
				"concept": m.concept, "their_request": m.request.Title, "your_offer": title(m.offer)}))
		}
	}
	if w.Ecosystem != 0 {
		shared := 0
		for i, e := range ix.ecosystems[q] {
			if shared < 2 && slices.Contains(ix.ecosystems[c], e) {
				shared++
				slug := ix.profiles[q].Ecosystems[i]
				out = append(out, newReason(ReasonSharedEcosystem, map[string]string{
					"ecosystem": slug, "label": EcosystemLabel(slug)}))
			}
		}
	}
	if w.Similarity != 0 {
		if kw := ix.sharedKeywords(q, c, words, used); len(kw) > 0 {
			out = append(out, newReason(ReasonSharedKeywords, map[string]string{"keywords": strings.Join(kw, ", ")}))
		}
	}
	if w.VisitorLocal != 0 && ix.profiles[q].Visitor != ix.profiles[c].Visitor {
		role := "local"
		if ix.profiles[c].Visitor {
			role = "visitor"
		}
		out = append(out, newReason(ReasonVisitorLocal, map[string]string{"their_role": role}))
	}
	if known, common := ix.commonLanguages(q, c); known {
		if len(common) > 0 {
			out = append(out, newReason(ReasonCommonLanguage, map[string]string{
				"languages": languageList(common), "codes": strings.Join(common, ",")}))
		} else {
			out = append(out, newReason(ReasonNoCommonLanguage, map[string]string{
				"yours": languageList(ix.languages[q]), "theirs": languageList(ix.languages[c])}))
		}
	}
	return out
}

func title(it *Item) string {
	if it == nil {
		return ""
	}
	return it.Title
}

// matches returns the best matches of a's requests by b's offers or
// description, strongest first, at most maxMatchReasons. A match names its
// shared concept, or else the title of the request (byRequest) or of the
// offer in quotes; a description match counts only when it names a concept.
func (ix *Index) matches(a, b int, words, byRequest bool) []itemMatch {
	m := mode(words)
	var out []itemMatch
	for _, r := range ix.requestDocs[a] {
		rd := ix.requests.docs[r]
		var best itemMatch
		for _, o := range ix.offerDocs[b] {
			od := ix.offers.docs[o]
			f := fraction(ix.pairScore(ix.offers, rd, od, words), ix.reqSelfVsOffers[r][m]) *
				category(ix.requestItem[r], ix.offerItem[o])
			if f > best.fraction {
				best = itemMatch{fraction: f, request: ix.requestItem[r], offer: ix.offerItem[o]}
				best.conceptID = ix.sharedConcept(rd, od, words)
			}
		}
		dd := ix.descs.docs[b]
		f := descWeight * fraction(ix.pairScore(ix.descs, rd, dd, words), ix.reqSelfVsDescs[r][m])
		if id := ix.sharedConcept(rd, dd, words); f > best.fraction && id != "" {
			best = itemMatch{fraction: f, request: ix.requestItem[r], conceptID: id}
		}
		if best.fraction < reasonThreshold {
			continue
		}
		switch {
		case best.conceptID != "":
			best.concept = conceptLabel[best.conceptID]
		case byRequest:
			best.concept = "“" + best.request.Title + "”"
		default:
			best.concept = "“" + best.offer.Title + "”"
		}
		out = append(out, best)
	}
	slices.SortStableFunc(out, func(x, y itemMatch) int { return cmp.Compare(y.fraction, x.fraction) })
	return out[:min(len(out), maxMatchReasons)]
}

// sharedConcept returns the ID of the first concept term (by term id) that
// both docs hold, or "".
func (ix *Index) sharedConcept(a, b doc, words bool) string {
	if words {
		return ""
	}
	for _, t := range a.terms {
		if ix.isConcept[t] {
			if _, ok := slices.BinarySearch(b.terms, t); ok {
				return strings.TrimPrefix(ix.words[t], conceptPrefix)
			}
		}
	}
	return ""
}

// sharedKeywords lists, at most three, the concepts both whole profiles name
// (except those in used) and then the item keywords both list.
func (ix *Index) sharedKeywords(q, c int, words bool, used map[string]bool) []string {
	var kw []string
	if !words {
		qd, cd := ix.whole.docs[q], ix.whole.docs[c]
		for _, t := range qd.terms {
			if !ix.isConcept[t] {
				continue
			}
			id := strings.TrimPrefix(ix.words[t], conceptPrefix)
			if _, ok := slices.BinarySearch(cd.terms, t); ok && !used[id] {
				kw = append(kw, conceptLabel[id])
			}
		}
	}
	theirs := map[string]bool{}
	for _, k := range ix.keywords(c) {
		theirs[Fold(k)] = true
	}
	for _, k := range ix.keywords(q) {
		if theirs[Fold(k)] && !slices.Contains(kw, k) && !slices.Contains(kw, Fold(k)) {
			kw = append(kw, k)
		}
	}
	return kw[:min(len(kw), 3)]
}

// keywords returns the trimmed keywords of a profile's items, each once.
func (ix *Index) keywords(p int) []string {
	var out []string
	for _, items := range [][]Item{ix.profiles[p].Offers, ix.profiles[p].Requests} {
		for _, it := range items {
			for _, k := range it.Keywords {
				if k = strings.TrimSpace(k); k != "" && !slices.Contains(out, k) {
					out = append(out, k)
				}
			}
		}
	}
	return out
}
