package web

import (
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"caravan/internal/mission"
)

// organisationDetailJSON is an organisation's profile: the directory's
// item, and with its marketplace items the answer of
// GET /api/v1/organisations/{id}.
type organisationDetailJSON struct {
	organisationJSON
	Region      string   `json:"region"`
	Lat         float64  `json:"lat"`
	Lon         float64  `json:"lon"`
	Ecosystems  []string `json:"ecosystems"`
	ClusterIDs  []int64  `json:"cluster_ids"`
	Staff       int      `json:"staff"`
	Website     string   `json:"website"`
	Description string   `json:"description"`
	// Marketplace is only in the answer about one organisation.
	Marketplace *[]marketplaceItemJSON `json:"marketplace_items,omitempty"`
}

type marketplaceItemJSON struct {
	ID          int64    `json:"id"`
	Side        string   `json:"side"`
	Category    string   `json:"category"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Ecosystems  []string `json:"ecosystems"`
	Keywords    []string `json:"keywords"`
	CreatedAt   string   `json:"created_at"`
}

func orgDetailJSON(o *mission.Organisation) organisationDetailJSON {
	ids := o.ClusterIDs
	if ids == nil {
		ids = []int64{}
	}
	return organisationDetailJSON{organisationJSON: orgJSON(o), Region: o.Region, Lat: o.Lat, Lon: o.Lon,
		Ecosystems: nonNil(o.Ecosystems), ClusterIDs: ids, Staff: o.Staff, Website: o.Website, Description: o.Description}
}

// organisationFilter reads the directory's query: kind, country (ISO
// 3166-1 alpha-2), ecosystem (a slug), q (a part of the name or city),
// limit and cursor.
func organisationFilter(r *http.Request) (mission.OrganisationFilter, int, error) {
	q := r.URL.Query()
	f := mission.OrganisationFilter{Kind: q.Get("kind"), Country: strings.ToUpper(q.Get("country")),
		Ecosystem: q.Get("ecosystem"), Query: strings.TrimSpace(q.Get("q"))}
	switch {
	case f.Kind != "" && !slices.Contains(mission.OrganisationKinds, f.Kind):
		return f, 0, mission.FieldError("kind", "kind must be one of %s.", strings.Join(mission.OrganisationKinds, ", "))
	case f.Country != "" && (len(f.Country) != 2 || strings.Trim(f.Country, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != ""):
		return f, 0, mission.FieldError("country", "country must be a two-letter ISO 3166-1 code such as ES.")
	case f.Ecosystem != "" && mission.EcosystemLabel(f.Ecosystem) == f.Ecosystem:
		return f, 0, mission.FieldError("ecosystem", "%q is not an ecosystem slug such as cybersecurity.", f.Ecosystem)
	case utf8.RuneCountInString(f.Query) > 100:
		return f, 0, mission.FieldError("q", "q must be at most 100 characters.")
	}
	limit, err := parseLimit(q.Get("limit"))
	if err != nil {
		return f, 0, err
	}
	if f.After, err = decodeCursor(q.Get("cursor")); err != nil {
		return f, 0, err
	}
	return f, limit, nil
}

// handleAPIOrganisationList answers GET /api/v1/organisations: the
// directory of organisations for users signed in, in id order, a page at a
// time.
func (s *Server) handleAPIOrganisationList(w http.ResponseWriter, r *http.Request) {
	u := s.signedInAPI(w, r)
	if u == nil {
		return
	}
	if !can(u, actOrganisationRead, &mission.Organisation{}) {
		s.fail(w, r, errForbidden("read the directory"))
		return
	}
	f, limit, err := organisationFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.Limit = limit + 1
	orgs, err := s.db.Organisations(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := listJSON[organisationDetailJSON]{Items: []organisationDetailJSON{}}
	if len(orgs) > limit {
		orgs = orgs[:limit]
		out.NextCursor = encodeCursor(orgs[limit-1].ID)
	}
	for _, o := range orgs {
		if can(u, actOrganisationRead, o) {
			out.Items = append(out.Items, orgDetailJSON(o))
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// handleAPIOrganisationShow answers GET /api/v1/organisations/{id}: an
// organisation's profile with its offers and requests.
func (s *Server) handleAPIOrganisationShow(w http.ResponseWriter, r *http.Request) {
	u := s.signedInAPI(w, r)
	if u == nil {
		return
	}
	id, err := apiID(r, "organisation")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	o, err := s.db.Organisation(ctx, id)
	if mission.ErrorCode(err) == mission.ENOTFOUND || (err == nil && !can(u, actOrganisationRead, o)) {
		s.fail(w, r, mission.Errorf(mission.ENOTFOUND, "There is no organisation %d.", id))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	items, err := s.db.MarketplaceItems(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := orgDetailJSON(o)
	list := []marketplaceItemJSON{}
	for _, it := range items {
		list = append(list, marketplaceItemJSON{ID: it.ID, Side: it.Side, Category: it.Category, Title: it.Title,
			Description: it.Description, Ecosystems: nonNil(it.Ecosystems), Keywords: nonNil(it.Keywords),
			CreatedAt: rfc3339(it.CreatedAt, time.UTC)})
	}
	out.Marketplace = &list
	writeJSON(w, http.StatusOK, out)
}
