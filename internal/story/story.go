// Package story drafts the public story of a mission from its data and
// reads a story's plain-text body as blocks for display.
//
// Drafting is deterministic text generation: the sentences come from the
// message catalogue (story.draft.* in internal/i18n/locales), filled in with
// the mission's dates, places, partners, programme and figures, in the
// localizer's language. It names only what mission.StoryFacts holds, and
// the store puts there only organisations and people who consented to
// public mention. Package story imports mission and i18n only.
package story

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"caravan/internal/i18n"
	"caravan/internal/mission"
)

// maxCountryNames is how many countries the figures name; more are counted.
const maxCountryNames = 8

// Draft writes the story of the mission that f describes, in l's language:
// a title, a lead (dates, who travelled where, the host, the themes) and a
// body with the programme day by day, the figures, the organisations and
// people that may be named, and thanks to the host. The same facts and
// language always give the same text.
func Draft(l *i18n.Localizer, f *mission.StoryFacts) *mission.Story {
	m := f.Mission
	d := &drafter{l: l, f: f}
	s := &mission.Story{MissionID: m.ID, Language: l.Lang()}
	place := m.HostCity
	switch {
	case f.Region != "" && strings.Contains(f.Region, m.HostCity):
		place = f.Region // "Dresden, Saxony" says the city already
	case f.Region != "":
		place = l.T("story.draft.place_region", "city", m.HostCity, "region", f.Region)
	}
	if f.Consortium != "" {
		s.Title = l.T("story.draft.title", "consortium", f.Consortium, "place", cmpOr(f.Region, m.HostCity))
	} else {
		s.Title = l.T("story.draft.title_plain", "place", cmpOr(f.Region, m.HostCity))
	}
	s.Lead = d.lead(place)
	s.Body = d.body()
	return s
}

type drafter struct {
	l *i18n.Localizer
	f *mission.StoryFacts
}

func (d *drafter) lead(place string) string {
	l, f, m := d.l, d.f, d.f.Mission
	var who string
	switch {
	case f.Consortium != "" && len(f.Partners) > 0:
		who = l.T("story.draft.who_partners", "consortium", f.Consortium, "partners", d.join(f.Partners))
	case f.Consortium != "":
		who = l.T("story.draft.who_consortium", "consortium", f.Consortium)
	default:
		who = l.T("story.draft.who_delegation")
	}
	dates := l.FormatDateRange(m.StartsOn, m.EndsOn)
	var lead string
	if f.Host != nil {
		lead = l.T("story.draft.lead_host", "dates", dates, "who", who, "place", place, "host", f.Host.Name)
	} else {
		lead = l.T("story.draft.lead", "dates", dates, "who", who, "place", place)
	}
	var themes []string
	for _, t := range m.Themes {
		themes = append(themes, lowerFirst(d.label("ecosystem.", t)))
	}
	if len(themes) > 0 {
		lead += " " + l.T("story.draft.themes", "themes", d.join(themes))
	}
	return lead
}

func (d *drafter) body() string {
	l, f := d.l, d.f
	var paras []string
	if days := d.programme(); len(days) > 0 {
		paras = append(paras, "## "+l.T("story.draft.heading.programme"))
		if sum := d.programmeSummary(); sum != "" {
			paras = append(paras, sum)
		}
		paras = append(paras, strings.Join(days, "\n"))
	}
	var people []string
	if f.Participants > 0 {
		people = append(people, l.T("story.draft.figures_participants", "count", f.Participants, "countries", d.countries()))
	}
	if f.Meetings > 0 {
		id := "story.draft.figures_scheduled"
		if f.MeetingsHeld {
			id = "story.draft.figures_meetings"
		}
		if f.CompaniesMet == 0 {
			id += "_only"
		}
		people = append(people, l.T(id, "count", f.Meetings, "companies", l.T("story.draft.companies", "count", f.CompaniesMet)))
	}
	if len(f.Visitors) > 0 {
		people = append(people, l.T("story.draft.visitors", "list", d.named(f.Visitors)))
	}
	if len(f.Locals) > 0 {
		people = append(people, l.T("story.draft.locals", "list", d.named(f.Locals)))
	}
	if len(people) > 0 {
		paras = append(paras, "## "+l.T("story.draft.heading.people"), strings.Join(people, " "))
	}
	if f.Host != nil {
		paras = append(paras, l.T("story.draft.thanks", "host", f.Host.Name))
	}
	return strings.Join(paras, "\n\n")
}

// programme lists the programme's days as list items, travel left out.
func (d *drafter) programme() []string {
	l, m := d.l, d.f.Mission
	loc := m.Location()
	var out []string
	var day time.Time
	var titles []string
	flush := func() {
		if len(titles) == 0 {
			return
		}
		date := l.FormatWeekdayDate(day, time.UTC)
		items := strings.Join(titles, "; ")
		if n := dayNumber(m, day); n > 0 {
			out = append(out, "- "+l.T("story.draft.day", "number", n, "date", date, "items", items))
		} else {
			out = append(out, "- "+l.T("story.draft.day_other", "date", date, "items", items))
		}
		titles = nil
	}
	items := slices.Clone(d.f.Programme)
	slices.SortStableFunc(items, func(a, b *mission.ProgrammeItem) int { return a.StartsAt.Compare(b.StartsAt) })
	for _, it := range items {
		if it.Kind == mission.ItemTravel {
			continue
		}
		y, mo, dd := it.StartsAt.In(loc).Date()
		if t := time.Date(y, mo, dd, 0, 0, 0, 0, time.UTC); !t.Equal(day) {
			flush()
			day = t
		}
		titles = append(titles, strings.TrimRight(strings.TrimSpace(it.Title), "."))
	}
	flush()
	return out
}

// dayNumber counts the mission's working days from 1; 0 outside them.
func dayNumber(m *mission.Mission, day time.Time) int {
	if day.Before(m.StartsOn) || day.After(m.EndsOn) {
		return 0
	}
	return int(day.Sub(m.StartsOn).Hours()/24) + 1
}

// programmeSummary counts the highlights: B2B sessions, visits, talks,
// exhibitions and networking.
func (d *drafter) programmeSummary() string {
	groups := []struct {
		id    string
		kinds []string
	}{
		{"story.draft.count.b2b", []string{mission.ItemB2BSession}},
		{"story.draft.count.visits", []string{mission.ItemCompanyVisit, mission.ItemSiteVisit}},
		{"story.draft.count.talks", []string{mission.ItemPresentation, mission.ItemConference}},
		{"story.draft.count.showcases", []string{mission.ItemExhibition, mission.ItemShowcase}},
		{"story.draft.count.networking", []string{mission.ItemNetworking}},
	}
	var parts []string
	for _, g := range groups {
		n := 0
		for _, it := range d.f.Programme {
			for _, k := range g.kinds {
				if it.Kind == k {
					n++
				}
			}
		}
		if n > 0 {
			parts = append(parts, d.l.T(g.id, "count", n))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return d.l.T("story.draft.programme_summary", "parts", d.join(parts))
}

// countries names the participants' countries, or counts them when many.
func (d *drafter) countries() string {
	c := d.f.Countries
	if len(c) == 0 || len(c) > maxCountryNames {
		return d.l.T("story.draft.countries", "count", len(c))
	}
	names := make([]string, len(c))
	for i, code := range c {
		names[i] = d.label("country.", code)
	}
	return d.l.T("story.draft.from", "names", d.join(names))
}

// named writes organisations with their country and consenting people,
// separated by semicolons when people are named ("A (Serbia), with Ana;
// B (Germany)").
func (d *drafter) named(orgs []mission.NamedOrganisation) string {
	var out []string
	for _, o := range orgs {
		country := d.label("country.", o.Country)
		if len(o.People) > 0 {
			out = append(out, d.l.T("story.draft.named_org_people", "name", o.Name, "country", country, "people", d.join(o.People)))
		} else {
			out = append(out, d.l.T("story.draft.named_org", "name", o.Name, "country", country))
		}
	}
	for _, o := range orgs {
		if len(o.People) > 0 {
			return strings.Join(out, "; ")
		}
	}
	return d.join(out)
}

// label is the catalogue's label of an enumeration value, else the value.
func (d *drafter) label(prefix, value string) string {
	id := prefix + strings.ReplaceAll(strings.ToLower(value), "-", "_")
	if value == "" || !d.l.Has(id) {
		return value
	}
	return d.l.T(id)
}

// join writes "a", "a and b", "a, b and c" in the localizer's language.
func (d *drafter) join(list []string) string {
	switch len(list) {
	case 0:
		return ""
	case 1:
		return list[0]
	}
	return strings.Join(list[:len(list)-1], ", ") + " " + d.l.T("story.draft.and") + " " + list[len(list)-1]
}

// lowerFirst lower-cases a label's first letter for use inside a sentence,
// unless it starts an acronym ("AI and data").
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	next, _ := utf8.DecodeRuneInString(s[n:])
	if unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
