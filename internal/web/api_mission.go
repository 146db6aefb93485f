package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"caravan/internal/mission"
)

// missionCreateJSON is the body of POST /api/v1/missions. Dates are
// YYYY-MM-DD; consortium_id, title, host_organisation_id, host_city,
// host_country, starts_on and ends_on are required.
type missionCreateJSON struct {
	ConsortiumID       int64    `json:"consortium_id"`
	Title              string   `json:"title"`
	Kind               string   `json:"kind"`
	Status             string   `json:"status"`
	Published          bool     `json:"published"`
	Summary            string   `json:"summary"`
	HostOrganisationID int64    `json:"host_organisation_id"`
	HostCity           string   `json:"host_city"`
	HostCountry        string   `json:"host_country"`
	RegionID           int64    `json:"region_id"`
	Venue              string   `json:"venue"`
	TimeZone           string   `json:"time_zone"`
	StartsOn           string   `json:"starts_on"`
	EndsOn             string   `json:"ends_on"`
	ArrivalOn          string   `json:"arrival_on"`
	DepartureOn        string   `json:"departure_on"`
	CallOpensOn        string   `json:"call_opens_on"`
	CallClosesOn       string   `json:"call_closes_on"`
	Themes             []string `json:"themes"`
	Keywords           []string `json:"keywords"`
	Capacity           int      `json:"capacity"`
}

// missionPatchJSON is the body of PATCH /api/v1/missions/{id}: the fields
// present change, the others stay. An empty date clears an optional one.
type missionPatchJSON struct {
	Title        *string   `json:"title"`
	Summary      *string   `json:"summary"`
	Status       *string   `json:"status"`
	Published    *bool     `json:"published"`
	Venue        *string   `json:"venue"`
	StartsOn     *string   `json:"starts_on"`
	EndsOn       *string   `json:"ends_on"`
	CallOpensOn  *string   `json:"call_opens_on"`
	CallClosesOn *string   `json:"call_closes_on"`
	Themes       *[]string `json:"themes"`
	Keywords     *[]string `json:"keywords"`
	Capacity     *int      `json:"capacity"`
}

// Limits of the API's free-text fields that the domain leaves open.
const (
	apiMaxVenue    = 200
	apiMaxCity     = 100
	apiMaxKeywords = 30
	apiMaxKeyword  = 60
)

// checkLen refuses a field longer than max characters.
func checkLen(field, v string, max int) error {
	if utf8.RuneCountInString(v) > max {
		return mission.FieldError(field, "%s must be at most %d characters.", field, max)
	}
	return nil
}

// checkThemes refuses themes that are not ecosystem slugs, and too many
// or too long keywords.
func checkThemes(themes, keywords []string) error {
	if err := checkEcosystems("themes", themes); err != nil {
		return err
	}
	return checkKeywords(keywords)
}

// checkEcosystems refuses a list field with a value that is not an
// ecosystem slug.
func checkEcosystems(field string, slugs []string) error {
	for _, t := range slugs {
		if !slices.ContainsFunc(mission.Ecosystems, func(e struct{ Slug, Label string }) bool { return e.Slug == t }) {
			return mission.FieldError(field, "%q is not an ecosystem; use one of the slugs such as advanced-manufacturing or cybersecurity.", t)
		}
	}
	return nil
}

// checkKeywords refuses too many, empty or too long keywords.
func checkKeywords(keywords []string) error {
	if len(keywords) > apiMaxKeywords {
		return mission.FieldError("keywords", "keywords must be at most %d.", apiMaxKeywords)
	}
	for _, k := range keywords {
		if strings.TrimSpace(k) == "" {
			return mission.FieldError("keywords", "keywords must not be empty.")
		}
		if err := checkLen("keywords", k, apiMaxKeyword); err != nil {
			return err
		}
	}
	return nil
}

// toMission checks the body's fields that the domain does not and returns
// the mission to create.
func (in *missionCreateJSON) toMission() (*mission.Mission, error) {
	m := &mission.Mission{ConsortiumID: in.ConsortiumID, Title: in.Title, Kind: in.Kind, Status: in.Status,
		Published: in.Published, Summary: in.Summary, HostOrganisationID: in.HostOrganisationID,
		HostCity: in.HostCity, HostCountry: in.HostCountry, RegionID: in.RegionID, Venue: in.Venue,
		TimeZone: in.TimeZone, Themes: in.Themes, Keywords: in.Keywords, Capacity: in.Capacity}
	switch {
	case in.ConsortiumID <= 0:
		return nil, mission.FieldError("consortium_id", "consortium_id is required: the consortium that runs the mission.")
	case in.HostOrganisationID <= 0:
		return nil, mission.FieldError("host_organisation_id", "host_organisation_id is required: the host cluster or organisation.")
	case in.RegionID < 0:
		return nil, mission.FieldError("region_id", "region_id must be a positive id or left out.")
	}
	if err := checkLen("venue", in.Venue, apiMaxVenue); err != nil {
		return nil, err
	}
	if err := checkLen("host_city", in.HostCity, apiMaxCity); err != nil {
		return nil, err
	}
	if err := checkThemes(in.Themes, in.Keywords); err != nil {
		return nil, err
	}
	var err error
	for _, d := range []struct {
		field, value string
		dst          *time.Time
	}{
		{"starts_on", in.StartsOn, &m.StartsOn},
		{"ends_on", in.EndsOn, &m.EndsOn},
		{"arrival_on", in.ArrivalOn, &m.ArrivalOn},
		{"departure_on", in.DepartureOn, &m.DepartureOn},
		{"call_opens_on", in.CallOpensOn, &m.CallOpensOn},
		{"call_closes_on", in.CallClosesOn, &m.CallClosesOn},
	} {
		if *d.dst, err = parseDay(d.field, d.value); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// toUpdate checks the body's fields and returns the update to apply.
func (in *missionPatchJSON) toUpdate() (mission.MissionUpdate, error) {
	u := mission.MissionUpdate{Title: in.Title, Summary: in.Summary, Status: in.Status, Published: in.Published,
		Venue: in.Venue, Capacity: in.Capacity, Themes: in.Themes, Keywords: in.Keywords}
	if in.Venue != nil {
		if err := checkLen("venue", *in.Venue, apiMaxVenue); err != nil {
			return u, err
		}
	}
	var themes, keywords []string
	if in.Themes != nil {
		themes = *in.Themes
	}
	if in.Keywords != nil {
		keywords = *in.Keywords
	}
	if err := checkThemes(themes, keywords); err != nil {
		return u, err
	}
	var err error
	if u.StartsOn, err = parseDayPtr("starts_on", in.StartsOn); err != nil {
		return u, err
	}
	if u.EndsOn, err = parseDayPtr("ends_on", in.EndsOn); err != nil {
		return u, err
	}
	if u.CallOpensOn, err = parseDayPtr("call_opens_on", in.CallOpensOn); err != nil {
		return u, err
	}
	if u.CallClosesOn, err = parseDayPtr("call_closes_on", in.CallClosesOn); err != nil {
		return u, err
	}
	return u, nil
}

// mayCreateMissions reports whether the user may create a mission in any
// consortium.
func (s *Server) mayCreateMissions(ctx context.Context, u *mission.User) (bool, error) {
	consortia, err := s.db.Consortia(ctx)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(consortia, func(c *mission.Consortium) bool { return can(u, actMissionCreate, c) }), nil
}

// handleAPIMissionCreate answers POST /api/v1/missions: an organiser of the
// consortium creates a mission in it (201 with the mission).
func (s *Server) handleAPIMissionCreate(w http.ResponseWriter, r *http.Request) {
	u := s.signedInAPI(w, r)
	if u == nil {
		return
	}
	ctx := r.Context()
	if ok, err := s.mayCreateMissions(ctx, u); err != nil {
		s.fail(w, r, err)
		return
	} else if !ok {
		s.fail(w, r, errForbidden("create missions: only a consortium's organisers do"))
		return
	}
	var in missionCreateJSON
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := in.toMission()
	if err != nil {
		s.fail(w, r, invalidBody(err))
		return
	}
	c, err := s.db.Consortium(ctx, m.ConsortiumID)
	if mission.ErrorCode(err) == mission.ENOTFOUND {
		s.fail(w, r, invalidBody(mission.FieldError("consortium_id", "There is no consortium %d.", m.ConsortiumID)))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	if !can(u, actMissionCreate, c) {
		s.fail(w, r, errForbidden(fmt.Sprintf("create missions in %s: only its organisers do", c.Name)))
		return
	}
	if err := s.checkRefs(ctx, m); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.CreateMission(ctx, m); err != nil {
		s.fail(w, r, invalidBody(err))
		return
	}
	v, err := s.loadMission(ctx, u, m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	location(w, "/api/v1/missions/%d", m.ID)
	writeJSON(w, http.StatusCreated, v.toJSON())
}

// checkRefs answers 422 when the mission's host organisation or region does
// not exist.
func (s *Server) checkRefs(ctx context.Context, m *mission.Mission) error {
	if _, err := s.db.Organisation(ctx, m.HostOrganisationID); mission.ErrorCode(err) == mission.ENOTFOUND {
		return invalidBody(mission.FieldError("host_organisation_id", "There is no organisation %d.", m.HostOrganisationID))
	} else if err != nil {
		return err
	}
	if m.RegionID == 0 {
		return nil
	}
	if _, err := s.db.Region(ctx, m.RegionID); mission.ErrorCode(err) == mission.ENOTFOUND {
		return invalidBody(mission.FieldError("region_id", "There is no region %d.", m.RegionID))
	} else if err != nil {
		return err
	}
	return nil
}

// handleAPIMissionUpdate answers PATCH /api/v1/missions/{id}: the
// mission's organisers change the fields the body holds (200 with the
// mission).
func (s *Server) handleAPIMissionUpdate(w http.ResponseWriter, r *http.Request) {
	m, u := s.apiMissionFor(w, r, actMissionEdit, "edit this mission: only its organisers do")
	if m == nil {
		return
	}
	ctx := r.Context()
	var in missionPatchJSON
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	up, err := in.toUpdate()
	if err != nil {
		s.fail(w, r, invalidBody(err))
		return
	}
	if _, err := s.db.UpdateMission(ctx, m.ID, up); err != nil {
		s.fail(w, r, invalidBody(err))
		return
	}
	v, err := s.loadMission(ctx, u, m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v.toJSON())
}
