package web

import (
	"context"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	"caravan/internal/mission"
)

// The API's JSON shapes: snake_case fields, integer ids, dates as
// YYYY-MM-DD and times in RFC 3339. The public reads of this file show no
// person, e-mail or phone number; the signed-in reads of api_*.go show a
// person's e-mail and phone only where the policy allows.

// listJSON is every list's shape.
type listJSON[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

type organisationJSON struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	Country string `json:"country"`
	City    string `json:"city"`
}

type missionSummaryJSON struct {
	ID               int64            `json:"id"`
	Title            string           `json:"title"`
	Kind             string           `json:"kind"`
	Status           string           `json:"status"`
	Published        bool             `json:"published"`
	Summary          string           `json:"summary"`
	HostOrganisation organisationJSON `json:"host_organisation"`
	HostCity         string           `json:"host_city"`
	HostCountry      string           `json:"host_country"`
	TimeZone         string           `json:"time_zone"`
	StartsOn         string           `json:"starts_on"`
	EndsOn           string           `json:"ends_on"`
	URL              string           `json:"url"`
}

type missionJSON struct {
	missionSummaryJSON
	Venue         string                    `json:"venue"`
	ArrivalOn     string                    `json:"arrival_on,omitempty"`
	DepartureOn   string                    `json:"departure_on,omitempty"`
	CallOpensOn   string                    `json:"call_opens_on,omitempty"`
	CallClosesOn  string                    `json:"call_closes_on,omitempty"`
	Themes        []string                  `json:"themes"`
	Keywords      []string                  `json:"keywords"`
	Capacity      int                       `json:"capacity"`
	Region        *regionJSON               `json:"region"`
	Consortium    *consortiumJSON           `json:"consortium"`
	Organisations []missionOrganisationJSON `json:"organisations"`
	Programme     []programmeItemJSON       `json:"programme"`
}

type regionJSON struct {
	ID      int64        `json:"id"`
	Code    string       `json:"code"`
	Name    string       `json:"name"`
	Country string       `json:"country"`
	Summary string       `json:"summary"`
	Figures []figureJSON `json:"figures"`
}

type figureJSON struct {
	Label  string  `json:"label"`
	Value  float64 `json:"value"`
	Unit   string  `json:"unit"`
	Source string  `json:"source"`
}

type consortiumJSON struct {
	ID                 int64         `json:"id"`
	Name               string        `json:"name"`
	Acronym            string        `json:"acronym"`
	StartsOn           string        `json:"starts_on"`
	EndsOn             string        `json:"ends_on"`
	TargetParticipants int           `json:"target_participants"`
	Partners           []partnerJSON `json:"partners"`
}

type partnerJSON struct {
	Role         string           `json:"role"`
	Organisation organisationJSON `json:"organisation"`
}

type missionOrganisationJSON struct {
	organisationJSON
	Role   string `json:"role"`
	People int    `json:"people"`
}

type programmeItemJSON struct {
	ID             int64  `json:"id"`
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

// itemJSON returns a programme item's API shape, its times in loc (the
// mission's time zone).
func itemJSON(it *mission.ProgrammeItem, loc *time.Location) programmeItemJSON {
	return programmeItemJSON{
		ID: it.ID, Kind: it.Kind, Title: it.Title, Description: it.Description, Venue: it.Venue, Address: it.Address,
		StartsAt: it.StartsAt.In(loc).Format(time.RFC3339), EndsAt: it.EndsAt.In(loc).Format(time.RFC3339),
		Capacity: it.Capacity, SignupRequired: it.SignupRequired, SlotMinutes: it.SlotMinutes, Tables: it.Tables,
	}
}

func isoDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func orgJSON(o *mission.Organisation) organisationJSON {
	if o == nil {
		return organisationJSON{}
	}
	return organisationJSON{ID: o.ID, Name: o.Name, Kind: o.Kind, Country: o.Country, City: o.City}
}

func summaryJSON(m *mission.Mission, host *mission.Organisation) missionSummaryJSON {
	return missionSummaryJSON{
		ID: m.ID, Title: m.Title, Kind: m.Kind, Status: m.Status, Published: m.Published, Summary: m.Summary,
		HostOrganisation: orgJSON(host), HostCity: m.HostCity, HostCountry: m.HostCountry, TimeZone: m.TimeZone,
		StartsOn: isoDay(m.StartsOn), EndsOn: isoDay(m.EndsOn), URL: "/missions/" + strconv.FormatInt(m.ID, 10),
	}
}

func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

// toJSON returns the API item of a mission view.
func (v *missionView) toJSON() missionJSON {
	m := v.Mission
	out := missionJSON{
		missionSummaryJSON: summaryJSON(m, v.Host),
		Venue:              m.Venue,
		ArrivalOn:          isoDay(m.ArrivalOn),
		DepartureOn:        isoDay(m.DepartureOn),
		CallOpensOn:        isoDay(m.CallOpensOn),
		CallClosesOn:       isoDay(m.CallClosesOn),
		Themes:             nonNil(m.Themes),
		Keywords:           nonNil(m.Keywords),
		Capacity:           m.Capacity,
		Organisations:      []missionOrganisationJSON{},
		Programme:          []programmeItemJSON{},
	}
	if r := v.Region; r != nil {
		out.Region = &regionJSON{ID: r.ID, Code: r.Code, Name: r.Name, Country: r.Country, Summary: r.Summary, Figures: []figureJSON{}}
		for _, f := range r.Figures {
			out.Region.Figures = append(out.Region.Figures, figureJSON(f))
		}
	}
	if c := v.Consortium; c != nil {
		out.Consortium = &consortiumJSON{
			ID: c.ID, Name: c.Name, Acronym: c.Acronym, StartsOn: isoDay(c.StartsOn), EndsOn: isoDay(c.EndsOn),
			TargetParticipants: c.TargetParticipants, Partners: []partnerJSON{},
		}
		for _, p := range c.Partners {
			out.Consortium.Partners = append(out.Consortium.Partners, partnerJSON{Role: p.Role, Organisation: orgJSON(p.Organisation)})
		}
	}
	for _, group := range [][]mission.MissionOrganisation{v.Hosts, v.Organisers, v.Visitors, v.Locals} {
		for _, o := range group {
			out.Organisations = append(out.Organisations, missionOrganisationJSON{organisationJSON: orgJSON(o.Organisation), Role: o.Role, People: o.People})
		}
	}
	for _, it := range v.Programme {
		out.Programme = append(out.Programme, itemJSON(it, v.Location))
	}
	return out
}

// API list paging: ?limit= (1–100, default 20) and ?cursor= (opaque, from
// the previous page's next_cursor).
const (
	defaultLimit = 20
	maxLimit     = 100
	cursorPrefix = "m1:"
)

func encodeCursor(afterID int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + strconv.FormatInt(afterID, 10)))
}

func decodeCursor(c string) (int64, error) {
	if c == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil && strings.HasPrefix(string(b), cursorPrefix) {
		id, err := strconv.ParseInt(strings.TrimPrefix(string(b), cursorPrefix), 10, 64)
		if err == nil && id >= 0 {
			return id, nil
		}
	}
	return 0, &mission.Error{Code: mission.EINVALID, Field: "cursor", Message: "The cursor is not valid: pass the next_cursor of a previous page."}
}

func parseLimit(s string) (int, error) {
	if s == "" {
		return defaultLimit, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxLimit {
		return 0, &mission.Error{Code: mission.EINVALID, Field: "limit", Message: "The limit must be a whole number from 1 to 100."}
	}
	return n, nil
}

// handleAPIMissionList answers GET /api/v1/missions: the missions the
// user may read (published ones when signed out; also the unpublished ones
// a user organises or hosts) in id order, a page at a time.
func (s *Server) handleAPIMissionList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, err := parseLimit(q.Get("limit"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	after, err := decodeCursor(q.Get("cursor"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	missions, err := s.visibleMissions(r.Context(), s.user(r), limit+1, after)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := listJSON[missionSummaryJSON]{Items: []missionSummaryJSON{}}
	if len(missions) > limit {
		missions = missions[:limit]
		out.NextCursor = encodeCursor(missions[limit-1].ID)
	}
	hosts := map[int64]*mission.Organisation{}
	for _, m := range missions {
		host, ok := hosts[m.HostOrganisationID]
		if !ok {
			if host, err = s.db.Organisation(r.Context(), m.HostOrganisationID); err != nil {
				s.fail(w, r, err)
				return
			}
			hosts[m.HostOrganisationID] = host
		}
		out.Items = append(out.Items, summaryJSON(m, host))
	}
	writeJSON(w, http.StatusOK, out)
}

// visibleMissions returns up to n missions with ids above after that the
// user may read, in id order. Signed out, the store selects the published
// ones; signed in, it reads every mission a batch at a time and keeps those
// that can allows.
func (s *Server) visibleMissions(ctx context.Context, u *mission.User, n int, after int64) ([]*mission.Mission, error) {
	if u == nil {
		published := true
		return s.db.Missions(ctx, mission.MissionFilter{Published: &published, Limit: n, After: after})
	}
	const batch = 200
	var out []*mission.Mission
	for len(out) < n {
		list, err := s.db.Missions(ctx, mission.MissionFilter{Limit: batch, After: after})
		if err != nil {
			return nil, err
		}
		for _, m := range list {
			if len(out) < n && can(u, actMissionRead, m) {
				out = append(out, m)
			}
		}
		if len(list) < batch {
			break
		}
		after = list[len(list)-1].ID
	}
	return out, nil
}

// handleAPIMissionShow answers GET /api/v1/missions/{id}: a published
// mission with its host, region, consortium, organisations and programme.
func (s *Server) handleAPIMissionShow(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r, "mission")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.loadMission(r.Context(), s.user(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v.toJSON())
}
