package eligibility

import (
	"strings"
)

// Catalog maps message template ids to texts with {param} placeholders. A
// translation is another Catalog with the same ids (the i18n work adds
// Spanish and others); parameters carry both codes (country: "ES") and
// English words (country_name: "Spain") so a translation can use either.
type Catalog map[string]string

// English is the catalogue every Failure.Message is rendered from. Every
// template id Check produces is in it.
var English = Catalog{
	"visitor_kind":                      "{org} is {kind_a}; {scheme} accepts as visitors only {allowed}.",
	"visitor_membership":                "{org} is {kind_a} but not a member of a cluster organisation; {scheme} accepts {kind_plural} only as members of a cluster.",
	"visitor_programme_country":         "Your organisation is registered in {country_name}, which does not take part in {programme}; {scheme} accepts only organisations based in a {programme} country.",
	"visitor_programme_country_missing": "The country where {org} is registered is not set; {scheme} accepts only organisations based in a {programme} country.",
	"host_kind":                         "The host, {org}, is {kind_a}; {scheme} accepts as hosts only {allowed}.",
	"host_membership":                   "The host, {org}, is {kind_a} but not a member of a cluster organisation; {scheme} accepts {kind_plural} as hosts only when they are members of a cluster.",
	"host_programme_country":            "The host, {org}, is registered in {country_name}, which does not take part in {programme}; {scheme} accepts only hosts based in a {programme} country.",
	"host_programme_country_missing":    "The country where the host, {org}, is registered is not set; {scheme} accepts only hosts based in a {programme} country.",
	"host_country":                      "Your organisation is registered in {country_name}, the host country; {scheme} requires travel to another country.",
	"once_only":                         "{org} has already taken part in a {scheme} exchange ({mission}, application {status}); {scheme} allows each organisation one visit.",
	"stay_dates_missing":                "The first and last working days of the stay are not set yet; they are needed to check its length.",
	"stay_dates_order":                  "The last working day of the stay ({last}) is before the first ({first}).",
	"min_working_days":                  "The stay has {working_days}; {scheme} requires at least {min} (travel days not counted).",
	"max_stay":                          "The stay runs from {first} to {last}, {days} days; {scheme} allows at most {max}.",
	"consortium_period":                 "The stay ({first} to {last}) is outside the {consortium} period, {start} to {end}; {scheme} exchanges must take place within it.",
}

// Render returns the template id's text with each {name} replaced by
// params[name]. A template missing from c is taken from English; an id in
// neither renders as the id itself, so a message is never empty. Unknown
// placeholders stay as they are.
func (c Catalog) Render(id string, params map[string]string) string {
	text, ok := c[id]
	if !ok {
		if text, ok = English[id]; !ok {
			return id
		}
	}
	pairs := make([]string, 0, 2*len(params))
	for k, v := range params {
		pairs = append(pairs, "{"+k+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(text)
}

type kindPhrase struct{ a, plural string }

// kindWords names each organisation kind in English.
var kindWords = map[string]kindPhrase{
	KindCluster:      {"a cluster organisation", "cluster organisations"},
	KindSME:          {"an SME", "SMEs"},
	KindLargeCompany: {"a large company", "large companies"},
	KindSupportOrg:   {"a support organisation", "support organisations"},
	KindPublicBody:   {"a public body", "public bodies"},
}
