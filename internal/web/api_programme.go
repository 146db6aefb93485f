package web

import (
	"context"
	"net/http"

	"caravan/internal/mission"
)

// Limits of a programme item's free-text fields that the domain leaves
// open, in characters.
const (
	apiMaxItemVenue   = 200
	apiMaxItemAddress = 300
)

// programmeCreateJSON is the body of POST /api/v1/missions/{id}/programme.
// Times are RFC 3339 with an offset; kind, title, starts_at and ends_at are
// required, and slot_minutes for a b2b_session.
type programmeCreateJSON struct {
	Kind           string `json:"kind"`
	Title          string `json:"title"`
	Description    string `json:"description"`
	Venue          string `json:"venue"`
	Address        string `json:"address"`
	StartsAt       string `json:"starts_at"`
	EndsAt         string `json:"ends_at"`
	Capacity       int    `json:"capacity"`
	SignupRequired bool   `json:"signup_required"`
	SlotMinutes    int    `json:"slot_minutes"`
	Tables         int    `json:"tables"`
}

// programmePatchJSON is the body of PATCH /api/v1/programme/{id}: the
// fields present change.
type programmePatchJSON struct {
	Title          *string `json:"title"`
	Description    *string `json:"description"`
	Venue          *string `json:"venue"`
	Address        *string `json:"address"`
	StartsAt       *string `json:"starts_at"`
	EndsAt         *string `json:"ends_at"`
	Capacity       *int    `json:"capacity"`
	SignupRequired *bool   `json:"signup_required"`
}

func checkItemText(venue, address *string) error {
	if venue != nil {
		if err := checkLen("venue", *venue, apiMaxItemVenue); err != nil {
			return err
		}
	}
	if address != nil {
		if err := checkLen("address", *address, apiMaxItemAddress); err != nil {
			return err
		}
	}
	return nil
}

func (in *programmeCreateJSON) toItem(missionID int64) (*mission.ProgrammeItem, error) {
	it := &mission.ProgrammeItem{MissionID: missionID, Kind: in.Kind, Title: in.Title, Description: in.Description,
		Venue: in.Venue, Address: in.Address, Capacity: in.Capacity, SignupRequired: in.SignupRequired,
		SlotMinutes: in.SlotMinutes, Tables: in.Tables}
	if err := checkItemText(&in.Venue, &in.Address); err != nil {
		return nil, err
	}
	var err error
	if it.StartsAt, err = parseTime("starts_at", in.StartsAt); err != nil {
		return nil, err
	}
	if it.EndsAt, err = parseTime("ends_at", in.EndsAt); err != nil {
		return nil, err
	}
	return it, nil
}

func (in *programmePatchJSON) toUpdate() (mission.ProgrammeItemUpdate, error) {
	u := mission.ProgrammeItemUpdate{Title: in.Title, Description: in.Description, Venue: in.Venue, Address: in.Address,
		Capacity: in.Capacity, SignupRequired: in.SignupRequired}
	if err := checkItemText(in.Venue, in.Address); err != nil {
		return u, err
	}
	var err error
	if u.StartsAt, err = parseTimePtr("starts_at", in.StartsAt); err != nil {
		return u, err
	}
	if u.EndsAt, err = parseTimePtr("ends_at", in.EndsAt); err != nil {
		return u, err
	}
	return u, nil
}

// handleAPIProgrammeList answers GET /api/v1/missions/{id}/programme: the
// programme of a mission the user may read, in time order, all on one page.
func (s *Server) handleAPIProgrammeList(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r, "mission")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	m, err := s.visibleMission(ctx, s.user(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items, err := s.db.ProgrammeItems(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := listJSON[programmeItemJSON]{Items: []programmeItemJSON{}}
	loc := m.Location()
	for _, it := range items {
		out.Items = append(out.Items, itemJSON(it, loc))
	}
	writeJSON(w, http.StatusOK, out)
}

// handleAPIProgrammeCreate answers POST /api/v1/missions/{id}/programme:
// the mission's organisers and hosts add an item (201 with the item).
func (s *Server) handleAPIProgrammeCreate(w http.ResponseWriter, r *http.Request) {
	m, _ := s.apiMissionFor(w, r, actProgrammeEdit, "change this mission's programme: only its organisers and hosts do")
	if m == nil {
		return
	}
	ctx := r.Context()
	var in programmeCreateJSON
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	it, err := in.toItem(m.ID)
	if err != nil {
		s.fail(w, r, invalidBody(err))
		return
	}
	it.CreatedAt = s.now()
	if err := s.db.CreateProgrammeItem(ctx, it); err != nil {
		s.fail(w, r, invalidBody(err))
		return
	}
	location(w, "/api/v1/programme/%d", it.ID)
	writeJSON(w, http.StatusCreated, itemJSON(it, m.Location()))
}

// editableItem returns a programme item and its mission when the user may
// change the mission's programme: 404 when the item does not exist or its
// mission is hidden from the user, 403 when the user may only read it.
func (s *Server) editableItem(ctx context.Context, r *http.Request, u *mission.User) (*mission.ProgrammeItem, *mission.Mission, error) {
	id, err := apiID(r, "programme item")
	if err != nil {
		return nil, nil, err
	}
	notFound := mission.Errorf(mission.ENOTFOUND, "There is no programme item %d.", id)
	it, err := s.db.ProgrammeItem(ctx, id)
	if mission.ErrorCode(err) == mission.ENOTFOUND {
		return nil, nil, notFound
	} else if err != nil {
		return nil, nil, err
	}
	m, err := s.visibleMission(ctx, u, it.MissionID)
	if mission.ErrorCode(err) == mission.ENOTFOUND {
		return nil, nil, notFound
	} else if err != nil {
		return nil, nil, err
	}
	if !can(u, actProgrammeEdit, m) {
		return nil, nil, errForbidden("change this mission's programme: only its organisers and hosts do")
	}
	return it, m, nil
}

// handleAPIProgrammeUpdate answers PATCH /api/v1/programme/{id} (200 with
// the item).
func (s *Server) handleAPIProgrammeUpdate(w http.ResponseWriter, r *http.Request) {
	u := s.signedInAPI(w, r)
	if u == nil {
		return
	}
	ctx := r.Context()
	it, m, err := s.editableItem(ctx, r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in programmePatchJSON
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	up, err := in.toUpdate()
	if err != nil {
		s.fail(w, r, invalidBody(err))
		return
	}
	it, err = s.db.UpdateProgrammeItem(ctx, it.ID, up)
	if err != nil {
		s.fail(w, r, invalidBody(err))
		return
	}
	writeJSON(w, http.StatusOK, itemJSON(it, m.Location()))
}

// handleAPIProgrammeDelete answers DELETE /api/v1/programme/{id} (204).
func (s *Server) handleAPIProgrammeDelete(w http.ResponseWriter, r *http.Request) {
	u := s.signedInAPI(w, r)
	if u == nil {
		return
	}
	ctx := r.Context()
	it, _, err := s.editableItem(ctx, r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.DeleteProgrammeItem(ctx, it.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
