package match

// Profile is what the engine knows of one participant: the person's
// languages joined with their organisation's fields and marketplace items.
// The caller fills it from the domain; the engine never sees anything else.
type Profile struct {
	// ID identifies the participant (a person, or an organisation when one
	// person stands for it); Recommendations carry it back.
	ID   int64
	Name string
	// Kind is the organisation kind (cluster, sme, large_company, …); the
	// diversity cap counts by it.
	Kind string
	// Country is an ISO 3166-1 alpha-2 code.
	Country string
	// Visitor is true for a member of the visiting delegation and false for
	// a local participant of the host region.
	Visitor bool
	// Ecosystems are ecosystem slugs ("cybersecurity", "ai-data").
	Ecosystems []string
	// Languages are ISO 639-1 codes of the languages the participant speaks.
	// An empty list means unknown: no language reason and no penalty.
	Languages []string
	// Description is the free text of the profile.
	Description string
	Offers      []Item
	Requests    []Item
}

// Item is one offer or request of a profile's marketplace.
type Item struct {
	// Category is a marketplace category (technology, service, …); an offer
	// and a request of the same category match a little better.
	Category    string
	Title       string
	Description string
	Keywords    []string
}

// Options tune one call of Recommend. The zero value asks for ten
// recommendations with the default weights and no diversity cap.
type Options struct {
	// Limit is the most recommendations returned; 0 means 10.
	Limit int
	// Exclude holds the IDs never to recommend: people already met or
	// requested, and those who declined. The participant itself is always excluded.
	Exclude map[int64]bool
	// DiversityPerKind, when above 0, lets at most that many organisations of
	// one kind into the list while others are left; the list is then filled
	// with the best of the rest, so the cap never shortens it.
	DiversityPerKind int
	// RequireCommonLanguage drops candidates that share no language with the
	// participant. Otherwise such a candidate's score is multiplied by
	// Weights.LanguagePenalty and the reasons say there is no common
	// language. Profiles without languages are never dropped nor penalised.
	RequireCommonLanguage bool
	// WordsOnly ignores the concept map and matches words alone; it exists
	// for the evaluation's ablation.
	WordsOnly bool
	// Weights replaces DefaultWeights() when not nil.
	Weights *Weights
}

// Weights are the coefficients of a recommendation's score.
type Weights struct {
	// Complementarity multiplies the offer↔request match, summed over both
	// directions (each request contributes at most 1).
	Complementarity float64
	// Similarity multiplies the cosine of the two profiles' term vectors.
	Similarity float64
	// Ecosystem multiplies the Jaccard index of the two ecosystem sets.
	Ecosystem float64
	// VisitorLocal is added when one is a visitor and the other local.
	VisitorLocal float64
	// LanguagePenalty multiplies the score of a pair without a common
	// language (when RequireCommonLanguage is off).
	LanguagePenalty float64
}

// DefaultWeights returns the weights Recommend uses when Options.Weights is
// nil.
func DefaultWeights() Weights {
	return Weights{
		Complementarity: 1,
		Similarity:      0.3,
		Ecosystem:       0.15,
		VisitorLocal:    0.15,
		LanguagePenalty: 0.5,
	}
}

// Recommendation is one participant to meet, best first in a list.
type Recommendation struct {
	ID    int64
	Score float64
	// Reasons explain the recommendation, strongest first.
	Reasons []Reason
}
