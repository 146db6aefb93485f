package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"caravan/internal/mission"
)

// Limits of an organisation profile's free-text fields that the domain
// leaves open, in characters.
const (
	apiMaxWebsite     = 200
	apiMaxDescription = 5000
)

// organisationPatchJSON is the body of PATCH /api/v1/organisations/{id}:
// the fields present change.
type organisationPatchJSON struct {
	Name        *string   `json:"name"`
	Kind        *string   `json:"kind"`
	City        *string   `json:"city"`
	Staff       *int      `json:"staff"`
	Website     *string   `json:"website"`
	Description *string   `json:"description"`
	Ecosystems  *[]string `json:"ecosystems"`
}

func (in *organisationPatchJSON) toUpdate() (mission.OrganisationUpdate, error) {
	u := mission.OrganisationUpdate{Name: in.Name, Kind: in.Kind, City: in.City, Staff: in.Staff, Website: in.Website,
		Description: in.Description, Ecosystems: in.Ecosystems}
	if in.City != nil {
		if err := checkLen("city", *in.City, apiMaxCity); err != nil {
			return u, err
		}
	}
	if in.Website != nil {
		if err := checkLen("website", *in.Website, apiMaxWebsite); err != nil {
			return u, err
		}
		if w := *in.Website; w != "" && !strings.HasPrefix(w, "https://") && !strings.HasPrefix(w, "http://") {
			return u, mission.FieldError("website", "website must start with https:// or http://.")
		}
	}
	if in.Description != nil {
		if err := checkLen("description", *in.Description, apiMaxDescription); err != nil {
			return u, err
		}
	}
	if in.Ecosystems != nil {
		if err := checkEcosystems("ecosystems", *in.Ecosystems); err != nil {
			return u, err
		}
	}
	return u, nil
}

// marketplaceItemInJSON is the body of POST
// /api/v1/organisations/{id}/marketplace_items (side, category and title
// required) and of PATCH /api/v1/marketplace_items/{id} (the fields present
// change).
type marketplaceItemInJSON struct {
	Side        *string   `json:"side"`
	Category    *string   `json:"category"`
	Title       *string   `json:"title"`
	Description *string   `json:"description"`
	Ecosystems  *[]string `json:"ecosystems"`
	Keywords    *[]string `json:"keywords"`
}

// apply changes it by the body's fields and checks those the domain does
// not.
func (in *marketplaceItemInJSON) apply(it *mission.MarketplaceItem) error {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&it.Side, in.Side)
	set(&it.Category, in.Category)
	set(&it.Title, in.Title)
	set(&it.Description, in.Description)
	if in.Ecosystems != nil {
		it.Ecosystems = *in.Ecosystems
	}
	if in.Keywords != nil {
		it.Keywords = *in.Keywords
	}
	if err := checkEcosystems("ecosystems", it.Ecosystems); err != nil {
		return err
	}
	return checkKeywords(it.Keywords)
}

func marketJSON(it *mission.MarketplaceItem) marketplaceItemJSON {
	return marketplaceItemJSON{ID: it.ID, Side: it.Side, Category: it.Category, Title: it.Title,
		Description: it.Description, Ecosystems: nonNil(it.Ecosystems), Keywords: nonNil(it.Keywords),
		CreatedAt: rfc3339(it.CreatedAt, time.UTC)}
}

// editableOrganisation returns the organisation {id} when the user may edit
// its profile: 404 when it does not exist, 403 when it is not the user's.
func (s *Server) editableOrganisation(ctx context.Context, u *mission.User, id int64) (*mission.Organisation, error) {
	o, err := s.db.Organisation(ctx, id)
	if mission.ErrorCode(err) == mission.ENOTFOUND || (err == nil && !can(u, actOrganisationRead, o)) {
		return nil, mission.Errorf(mission.ENOTFOUND, "There is no organisation %d.", id)
	} else if err != nil {
		return nil, err
	}
	if !can(u, actOrganisationEdit, o) {
		return nil, errForbidden("edit this organisation's profile: only its own people do")
	}
	return o, nil
}

// handleAPIOrganisationUpdate answers PATCH /api/v1/organisations/{id}: an
// organisation's own people change its profile (200 with the profile and
// its marketplace items).
func (s *Server) handleAPIOrganisationUpdate(w http.ResponseWriter, r *http.Request) {
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
	if _, err := s.editableOrganisation(ctx, u, id); err != nil {
		s.fail(w, r, err)
		return
	}
	var in organisationPatchJSON
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	up, err := in.toUpdate()
	if err != nil {
		s.fail(w, r, invalidBody(err))
		return
	}
	if _, err := s.db.UpdateOrganisation(ctx, id, up); err != nil {
		s.fail(w, r, invalidBody(err))
		return
	}
	if err := s.recheckOrganisation(r, id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.handleAPIOrganisationShow(w, r)
}

// handleAPIMarketplaceCreate answers POST
// /api/v1/organisations/{id}/marketplace_items: an organisation's own
// people add an offer or a request (201 with the item).
func (s *Server) handleAPIMarketplaceCreate(w http.ResponseWriter, r *http.Request) {
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
	if _, err := s.editableOrganisation(ctx, u, id); err != nil {
		s.fail(w, r, err)
		return
	}
	var in marketplaceItemInJSON
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	it := &mission.MarketplaceItem{OrganisationID: id, CreatedAt: s.now()}
	if err := in.apply(it); err != nil {
		s.fail(w, r, invalidBody(err))
		return
	}
	if err := s.db.CreateMarketplaceItem(ctx, it); err != nil {
		s.fail(w, r, invalidBody(err))
		return
	}
	location(w, "/api/v1/marketplace_items/%d", it.ID)
	writeJSON(w, http.StatusCreated, marketJSON(it))
}

// editableMarketplaceItem returns the marketplace item {id} when the user
// may edit its organisation's profile: 404 when it does not exist, 403
// when it is another organisation's.
func (s *Server) editableMarketplaceItem(ctx context.Context, r *http.Request, u *mission.User) (*mission.MarketplaceItem, error) {
	id, err := apiID(r, "marketplace item")
	if err != nil {
		return nil, err
	}
	it, err := s.db.MarketplaceItem(ctx, id)
	if mission.ErrorCode(err) == mission.ENOTFOUND {
		return nil, mission.Errorf(mission.ENOTFOUND, "There is no marketplace item %d.", id)
	} else if err != nil {
		return nil, err
	}
	if _, err := s.editableOrganisation(ctx, u, it.OrganisationID); err != nil {
		return nil, err
	}
	return it, nil
}

// handleAPIMarketplaceUpdate answers PATCH /api/v1/marketplace_items/{id}
// (200 with the item).
func (s *Server) handleAPIMarketplaceUpdate(w http.ResponseWriter, r *http.Request) {
	u := s.signedInAPI(w, r)
	if u == nil {
		return
	}
	ctx := r.Context()
	it, err := s.editableMarketplaceItem(ctx, r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in marketplaceItemInJSON
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := in.apply(it); err != nil {
		s.fail(w, r, invalidBody(err))
		return
	}
	if err := s.db.UpdateMarketplaceItem(ctx, it); err != nil {
		s.fail(w, r, invalidBody(err))
		return
	}
	writeJSON(w, http.StatusOK, marketJSON(it))
}

// handleAPIMarketplaceDelete answers DELETE /api/v1/marketplace_items/{id}
// (204).
func (s *Server) handleAPIMarketplaceDelete(w http.ResponseWriter, r *http.Request) {
	u := s.signedInAPI(w, r)
	if u == nil {
		return
	}
	ctx := r.Context()
	it, err := s.editableMarketplaceItem(ctx, r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.DeleteMarketplaceItem(ctx, it.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
