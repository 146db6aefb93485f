package web

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"caravan/internal/mission"
	"caravan/internal/store"
)

// directoryPage is the data of directory.html: the search, its results and
// the choices of the filters.
type directoryPage struct {
	Q, Kind, Country, Ecosystem, Role string
	Errors                            fieldErrors
	Organisations                     []*mission.Organisation
	People                            []personRow
	CanSearchPeople                   bool
	Searched                          bool
	Kinds, Ecosystems, Roles          []string
	Limit                             int
}

// personRow is a person in a list, with the contact details the viewer may
// read (empty otherwise) and the person's mission roles.
type personRow struct {
	Person       *mission.Person
	Email, Phone string
	Roles        []string
}

// directoryLimit is the most organisations and people one search shows.
const directoryLimit = 100

// maxQuery is the longest search text, in characters.
const maxQuery = 100

// handleDirectory searches organisations (everyone signed in) and people
// (organisers and hosts) by text, kind, country, ecosystem and role.
func (s *Server) handleDirectory(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	l := s.localizer(r)
	q := r.URL.Query()
	p := directoryPage{Q: strings.TrimSpace(q.Get("q")), Kind: q.Get("kind"), Country: strings.ToUpper(strings.TrimSpace(q.Get("country"))),
		Ecosystem: q.Get("ecosystem"), Role: q.Get("role"), Errors: fieldErrors{}, Kinds: mission.OrganisationKinds,
		Roles: mission.MemberRoles, CanSearchPeople: can(u, actPeopleSearch, peopleDirectory{}), Limit: directoryLimit}
	for _, e := range mission.Ecosystems {
		p.Ecosystems = append(p.Ecosystems, e.Slug)
	}
	p.Searched = p.Q != "" || p.Kind != "" || p.Country != "" || p.Ecosystem != "" || p.Role != ""
	if utf8.RuneCountInString(p.Q) > maxQuery {
		p.Errors["q"] = l.T("form.too_long", "max", l.FormatInt(maxQuery))
	}
	if p.Kind != "" && !slices.Contains(p.Kinds, p.Kind) {
		p.Errors["kind"] = l.T("form.choose")
	}
	if p.Ecosystem != "" && !slices.Contains(p.Ecosystems, p.Ecosystem) {
		p.Errors["ecosystem"] = l.T("form.choose")
	}
	if p.Role != "" && !slices.Contains(p.Roles, p.Role) {
		p.Errors["role"] = l.T("form.choose")
	}
	if p.Country != "" && !isCountryCode(p.Country) {
		p.Errors["country"] = l.T("form.bad_country")
	}
	if len(p.Errors) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "directory.html", p)
		return
	}
	ctx := r.Context()
	if p.Role == "" {
		orgs, err := s.db.Organisations(ctx, mission.OrganisationFilter{Query: p.Q, Kind: p.Kind, Country: p.Country,
			Ecosystem: p.Ecosystem, Limit: 1000})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		slices.SortFunc(orgs, func(a, b *mission.Organisation) int { return cmp.Compare(sortKey(a.Name), sortKey(b.Name)) })
		p.Organisations = orgs[:min(len(orgs), directoryLimit)]
	}
	if p.CanSearchPeople {
		entries, err := s.db.Directory(ctx, store.DirectoryFilter{Query: p.Q, Kind: p.Kind, Country: p.Country,
			Ecosystem: p.Ecosystem, Role: p.Role, Limit: directoryLimit})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if p.People, err = s.personRows(ctx, u, entries); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "directory.html", p)
}

// isCountryCode reports whether c is two upper-case ASCII letters.
func isCountryCode(c string) bool {
	return len(c) == 2 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z'
}

// personRows turns directory entries into rows with the contact details
// that the policy lets u read: the person's own, and those of the members of
// missions u organises.
func (s *Server) personRows(ctx context.Context, u *mission.User, entries []store.DirectoryEntry) ([]personRow, error) {
	missions := map[int64]*mission.Mission{}
	rows := make([]personRow, 0, len(entries))
	for _, e := range entries {
		row := personRow{Person: e.Person}
		private := can(u, actPersonPrivateRead, personInMission{Person: e.Person})
		for _, mm := range e.Memberships {
			if !slices.Contains(row.Roles, mm.Role) {
				row.Roles = append(row.Roles, mm.Role)
			}
			if private {
				continue
			}
			m, ok := missions[mm.MissionID]
			if !ok {
				var err error
				if m, err = s.db.Mission(ctx, mm.MissionID); err != nil {
					return nil, err
				}
				missions[mm.MissionID] = m
			}
			private = can(u, actPersonPrivateRead, personInMission{Person: e.Person, Mission: m})
		}
		if private {
			row.Email, row.Phone = e.Person.Email, e.Person.Phone
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// organisationPage is the data of organisation.html.
type organisationPage struct {
	Organisation *mission.Organisation
	Offers       []*mission.MarketplaceItem
	Requests     []*mission.MarketplaceItem
	People       []personRow
	ShowPeople   bool
	CanEdit      bool
}

// handleOrganisation shows an organisation's profile and marketplace to
// everyone signed in; its people to organisers and hosts and to its own
// people, with contact details as the policy allows.
func (s *Server) handleOrganisation(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	id, err := parseID(r, "organisation")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	o, err := s.db.Organisation(ctx, id)
	if mission.ErrorCode(err) == mission.ENOTFOUND || (err == nil && !can(u, actOrganisationRead, o)) {
		s.fail(w, r, userError(mission.ENOTFOUND, "error.no_organisation", "id", strconv.FormatInt(id, 10)))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	p := organisationPage{Organisation: o, CanEdit: can(u, actOrganisationEdit, o)}
	if p.Offers, p.Requests, err = s.marketplace(ctx, o.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	p.ShowPeople = p.CanEdit || can(u, actPeopleSearch, peopleDirectory{})
	if p.ShowPeople {
		entries, err := s.db.Directory(ctx, store.DirectoryFilter{OrganisationID: o.ID, Limit: 1000})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if p.People, err = s.personRows(ctx, u, entries); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "organisation.html", p)
}

// marketplace returns an organisation's offers and requests.
func (s *Server) marketplace(ctx context.Context, orgID int64) (offers, requests []*mission.MarketplaceItem, err error) {
	items, err := s.db.MarketplaceItems(ctx, orgID)
	if err != nil {
		return nil, nil, err
	}
	for _, it := range items {
		if it.Side == mission.Offer {
			offers = append(offers, it)
		} else {
			requests = append(requests, it)
		}
	}
	return offers, requests, nil
}
