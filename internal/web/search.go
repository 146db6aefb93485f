package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"caravan/internal/mission"
)

// searchPage is the data of search.html: the query, its filters and the
// hits per kind.
type searchPage struct {
	Q, Kind, Country, Ecosystem, Side, Mission string
	Errors                                     fieldErrors
	Searched, ShowPeople                       bool
	Organisations, People, Items               []mission.SearchHit
	Kinds, Ecosystems, Sides                   []string
}

// handleSearch searches organisations, marketplace items and people's
// public profiles by words, with the filters of the directory and a side
// (visitors or locals, of one mission when mission= is given). Everyone
// signed in finds organisations and items; people only those who may look
// people up (actPeopleSearch) or, within a mission, its members
// (actDirectoryRead).
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	l := s.localizer(r)
	q := r.URL.Query()
	p := searchPage{Q: strings.TrimSpace(q.Get("q")), Kind: q.Get("kind"), Country: strings.ToUpper(strings.TrimSpace(q.Get("country"))),
		Ecosystem: q.Get("ecosystem"), Side: q.Get("side"), Mission: strings.TrimSpace(q.Get("mission")), Errors: fieldErrors{},
		Kinds: mission.OrganisationKinds, Sides: []string{mission.SideVisitor, mission.SideLocal}}
	for _, e := range mission.Ecosystems {
		p.Ecosystems = append(p.Ecosystems, e.Slug)
	}
	if utf8.RuneCountInString(p.Q) > maxQuery {
		p.Errors["q"] = l.T("form.too_long", "max", l.FormatInt(maxQuery))
	}
	if p.Kind != "" && !slices.Contains(p.Kinds, p.Kind) {
		p.Errors["kind"] = l.T("form.choose")
	}
	if p.Ecosystem != "" && !slices.Contains(p.Ecosystems, p.Ecosystem) {
		p.Errors["ecosystem"] = l.T("form.choose")
	}
	if p.Side != "" && !slices.Contains(p.Sides, p.Side) {
		p.Errors["side"] = l.T("form.choose")
	}
	if p.Country != "" && !isCountryCode(p.Country) {
		p.Errors["country"] = l.T("form.bad_country")
	}
	sq := mission.SearchQuery{Text: p.Q, Country: p.Country, Kind: p.Kind, Ecosystem: p.Ecosystem, Side: p.Side, Limit: 150}
	p.ShowPeople = can(u, actPeopleSearch, peopleDirectory{})
	if p.Mission != "" {
		id, err := strconv.ParseInt(p.Mission, 10, 64)
		if err != nil || id <= 0 {
			s.fail(w, r, userError(mission.ENOTFOUND, "error.no_mission", "id", p.Mission))
			return
		}
		m, err := s.visibleMission(r.Context(), u, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		sq.MissionID = m.ID
		p.ShowPeople = p.ShowPeople || can(u, actDirectoryRead, m)
	}
	if len(p.Errors) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "search.html", p)
		return
	}
	p.Searched = p.Q != ""
	if p.Searched {
		hits, err := s.db.Search(r.Context(), sq)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, h := range hits {
			switch h.Kind {
			case mission.HitOrganisation:
				p.Organisations = append(p.Organisations, h)
			case mission.HitItem:
				p.Items = append(p.Items, h)
			case mission.HitPerson:
				if p.ShowPeople {
					p.People = append(p.People, h)
				}
			}
		}
	}
	s.render(w, r, http.StatusOK, "search.html", p)
}
