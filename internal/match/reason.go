package match

import (
	"sort"
	"strings"
)

// Reason codes. A Reason's Code and Params are enough to render it in any
// language; Text is the English rendering.
const (
	// ReasonOfferMatchesRequest: they offer what you seek. Params: concept
	// (what matches: a concept label, or their offer's title in quotes),
	// their_offer and your_request (the two items' titles; their_offer is
	// empty when the match is in their profile's description).
	ReasonOfferMatchesRequest = "offer_matches_request"
	// ReasonRequestMatchesOffer: they seek what you offer. Params: concept,
	// their_request, your_offer.
	ReasonRequestMatchesOffer = "request_matches_offer"
	// ReasonSharedEcosystem: an ecosystem you both work in. Params:
	// ecosystem (the slug) and label.
	ReasonSharedEcosystem = "shared_ecosystem"
	// ReasonSharedKeywords: concepts or keywords in both profiles. Params:
	// keywords (a comma-separated list).
	ReasonSharedKeywords = "shared_keywords"
	// ReasonVisitorLocal: one of you visits, the other is local. Params:
	// their_role ("local" or "visitor"); the template depends on it.
	ReasonVisitorLocal = "visitor_local"
	// ReasonCommonLanguage: languages you both speak. Params: languages
	// (English names), codes (ISO 639-1), both comma-separated.
	ReasonCommonLanguage = "common_language"
	// ReasonNoCommonLanguage: you share no language. Params: yours, theirs
	// (English names, comma-separated).
	ReasonNoCommonLanguage = "no_common_language"
)

// Reason is one reason for a recommendation.
type Reason struct {
	Code   string
	Params map[string]string
	// Text is the English text, from Template(Code, Params).
	Text string
}

// templates hold the English texts; a variant key is code + "." + the
// parameter that selects it.
var templates = map[string]string{
	ReasonOfferMatchesRequest:       "They offer {concept}, which you seek",
	ReasonRequestMatchesOffer:       "They seek {concept}, which you offer",
	ReasonSharedEcosystem:           "{label}, like you",
	ReasonSharedKeywords:            "You both mention {keywords}",
	ReasonVisitorLocal + ".local":   "They are local to the host region, and you visit",
	ReasonVisitorLocal + ".visitor": "They come with the visiting delegation, and you are local",
	ReasonCommonLanguage:            "You can meet in {languages}",
	ReasonNoCommonLanguage:          "No common language: you speak {yours}, they speak {theirs}",
}

// Template returns the English template of a reason: text with {param}
// placeholders. For ReasonVisitorLocal the template depends on
// params["their_role"]. A translation keys on the same code and variant.
func Template(code string, params map[string]string) string {
	if code == ReasonVisitorLocal {
		return templates[code+"."+params["their_role"]]
	}
	return templates[code]
}

func newReason(code string, params map[string]string) Reason {
	text := Template(code, params)
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		text = strings.ReplaceAll(text, "{"+k+"}", params[k])
	}
	return Reason{Code: code, Params: params, Text: text}
}

// ecosystemLabels are the English labels of the ecosystem slugs, as in the
// domain's list (a test keeps the two in step).
var ecosystemLabels = map[string]string{
	"advanced-manufacturing": "Advanced manufacturing",
	"cybersecurity":          "Cybersecurity",
	"digitalisation":         "Digitalisation",
	"ai-data":                "AI and data",
	"robotics":               "Robotics",
	"additive-manufacturing": "Additive manufacturing",
	"microelectronics":       "Microelectronics",
	"energy":                 "Energy",
	"mobility":               "Mobility and automotive",
	"aerospace":              "Aerospace",
	"health":                 "Health and medical devices",
	"smart-cities":           "Smart cities",
	"advanced-materials":     "Advanced materials",
	"agri-food":              "Agri-food",
	"creative-industries":    "Creative industries",
}

// EcosystemLabel returns the English label of an ecosystem slug, or the slug
// with its dashes as spaces and a capital first letter.
func EcosystemLabel(slug string) string {
	if l, ok := ecosystemLabels[slug]; ok {
		return l
	}
	s := strings.ReplaceAll(slug, "-", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// languageNames are the English names of the languages of Europe, by
// ISO 639-1 code.
var languageNames = map[string]string{
	"bg": "Bulgarian", "ca": "Catalan", "cs": "Czech", "da": "Danish", "de": "German", "el": "Greek",
	"en": "English", "es": "Spanish", "et": "Estonian", "eu": "Basque", "fi": "Finnish", "fr": "French",
	"ga": "Irish", "gl": "Galician", "hr": "Croatian", "hu": "Hungarian", "is": "Icelandic", "it": "Italian",
	"lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "mt": "Maltese", "nl": "Dutch", "no": "Norwegian",
	"pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian",
	"sq": "Albanian", "sr": "Serbian", "sv": "Swedish", "tr": "Turkish", "uk": "Ukrainian",
}

// languageList joins the English names of language codes.
func languageList(codes []string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		if n, ok := languageNames[c]; ok {
			names[i] = n
		} else {
			names[i] = c
		}
	}
	return strings.Join(names, ", ")
}
