package web

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"caravan/internal/mission"
)

// missionView is everything the public mission page and the API item show.
type missionView struct {
	Mission    *mission.Mission
	Location   *time.Location
	Host       *mission.Organisation
	Region     *mission.Region // nil when the mission has no region profile
	Consortium *mission.Consortium
	// Organisations taking part, by role, sorted by name.
	Hosts      []mission.MissionOrganisation
	Organisers []mission.MissionOrganisation
	Visitors   []mission.MissionOrganisation
	Locals     []mission.MissionOrganisation
	Programme  []*mission.ProgrammeItem
	Days       []programmeDay
	// VisitorPeople is the number of visiting participants.
	VisitorPeople int
	// LocalCities summarises where the local companies are: "Bilbao (31)".
	LocalCities []cityCount
	// Signup is the viewer's sign-up state (signup.go); nil for people who
	// may neither sign up nor manage sign-ups, and in the API.
	Signup *signupView
	// Members is what the mission's members see beyond the public page
	// (announcement.go); nil for everyone else, and in the API.
	Members *memberView
	// Story links the mission's story (story.go); nil when there is none
	// to show the viewer, and in the API.
	Story *storyLink
	// TakesPart is true when the viewer is already a participant of the
	// mission: the page says so instead of offering its call.
	TakesPart bool
}

// programmeDay is one day of the programme with its items in time order.
type programmeDay struct {
	Date time.Time // the day in the mission's time zone
	// Number counts the mission's working days from 1 (StartsOn); 0 for a
	// day outside them, such as a travel day.
	Number int
	Items  []*mission.ProgrammeItem
}

type cityCount struct {
	City  string
	Count int
}

// parseID reads the positive integer id of a thing from the path value
// {id}; anything else is not found, as the contract asks, with the catalogue
// message "error.no_" + thing ("error.no_mission": "There is no mission {id}.").
func parseID(r *http.Request, thing string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, userError(mission.ENOTFOUND, "error.no_"+thing, "id", r.PathValue("id"))
	}
	return id, nil
}

// visibleMission returns a mission that the user (nil when signed out) may
// read: a published one, or an unpublished one to its organisers, hosts and
// admins (see can). Any other is not found, with the same message as a
// missing one, so nobody learns that it exists.
func (s *Server) visibleMission(ctx context.Context, u *mission.User, id int64) (*mission.Mission, error) {
	m, err := s.db.Mission(ctx, id)
	if mission.ErrorCode(err) == mission.ENOTFOUND || (err == nil && !can(u, actMissionRead, m)) {
		return nil, userError(mission.ENOTFOUND, "error.no_mission", "id", strconv.FormatInt(id, 10))
	} else if err != nil {
		return nil, err
	}
	return m, nil
}

// loadMission gathers the view of a mission that the user may read.
func (s *Server) loadMission(ctx context.Context, u *mission.User, id int64) (*missionView, error) {
	m, err := s.visibleMission(ctx, u, id)
	if err != nil {
		return nil, err
	}
	v := &missionView{Mission: m, Location: m.Location()}
	if v.Host, err = s.db.Organisation(ctx, m.HostOrganisationID); err != nil {
		return nil, fmt.Errorf("mission %d host: %w", id, err)
	}
	if m.RegionID != 0 {
		if v.Region, err = s.db.Region(ctx, m.RegionID); err != nil {
			return nil, fmt.Errorf("mission %d region: %w", id, err)
		}
	}
	if m.ConsortiumID != 0 {
		if v.Consortium, err = s.db.Consortium(ctx, m.ConsortiumID); err != nil {
			return nil, fmt.Errorf("mission %d consortium: %w", id, err)
		}
		if err := s.fillPartners(ctx, v.Consortium); err != nil {
			return nil, fmt.Errorf("mission %d consortium: %w", id, err)
		}
	}
	orgs, err := s.db.MissionOrganisations(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("mission %d organisations: %w", id, err)
	}
	slices.SortStableFunc(orgs, func(a, b mission.MissionOrganisation) int {
		return cmp.Compare(sortKey(a.Organisation.Name), sortKey(b.Organisation.Name))
	})
	cities := map[string]int{}
	for _, o := range orgs {
		switch o.Role {
		case mission.RoleHost:
			v.Hosts = append(v.Hosts, o)
		case mission.RoleOrganiser:
			v.Organisers = append(v.Organisers, o)
		case mission.RoleParticipant:
			v.Visitors = append(v.Visitors, o)
			v.VisitorPeople += o.People
		case mission.RoleLocal:
			v.Locals = append(v.Locals, o)
			cities[o.Organisation.City]++
		}
	}
	for c, n := range cities {
		v.LocalCities = append(v.LocalCities, cityCount{c, n})
	}
	slices.SortFunc(v.LocalCities, func(a, b cityCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(sortKey(a.City), sortKey(b.City)))
	})
	if v.Programme, err = s.db.ProgrammeItems(ctx, id); err != nil {
		return nil, fmt.Errorf("mission %d programme: %w", id, err)
	}
	v.Days = groupByDay(v.Programme, v.Location, m.StartsOn, m.EndsOn)
	return v, nil
}

// fillPartners loads each partner's organisation when the store did not.
func (s *Server) fillPartners(ctx context.Context, c *mission.Consortium) error {
	for i := range c.Partners {
		if c.Partners[i].Organisation != nil {
			continue
		}
		o, err := s.db.Organisation(ctx, c.Partners[i].OrganisationID)
		if err != nil {
			return err
		}
		c.Partners[i].Organisation = o
	}
	return nil
}

// sortKey orders names the way readers expect: without regard to case or
// accents, so "Ąžuolas" sorts with the A's.
func sortKey(name string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(name) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// groupByDay splits items (in time order) by their local calendar day and
// numbers the days from the mission's first working day, starts.
func groupByDay(items []*mission.ProgrammeItem, loc *time.Location, starts, ends time.Time) []programmeDay {
	var days []programmeDay
	for _, it := range items {
		y, m, d := it.StartsAt.In(loc).Date()
		day := time.Date(y, m, d, 0, 0, 0, 0, loc)
		if n := len(days); n == 0 || !days[n-1].Date.Equal(day) {
			// Calendar arithmetic in UTC, where every day has 24 hours.
			utc := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
			number := 0
			if !utc.Before(starts) && !utc.After(ends) {
				number = int(utc.Sub(starts).Hours()/24) + 1
			}
			days = append(days, programmeDay{Date: day, Number: number})
		}
		days[len(days)-1].Items = append(days[len(days)-1].Items, it)
	}
	return days
}

// handleMissionShow renders a published mission's public page.
func (s *Server) handleMissionShow(w http.ResponseWriter, r *http.Request) {
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
	if v.Members, err = s.memberState(r, s.user(r), v.Mission); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Signup, err = s.signupState(r, s.user(r), v.Mission); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Story, err = s.storyState(r, s.user(r), v.Mission); err != nil {
		s.fail(w, r, err)
		return
	}
	v.TakesPart = s.user(r).HasMissionRole(v.Mission.ID, mission.RoleParticipant)
	s.render(w, r, http.StatusOK, "mission.html", v)
}
