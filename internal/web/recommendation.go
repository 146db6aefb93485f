package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"

	"caravan/internal/i18n"
	"caravan/internal/match"
	"caravan/internal/mission"
)

// recommendationsPage is the data of recommendations.html.
type recommendationsPage struct {
	Mission *mission.Mission
	Items   []recommendationRow
}

// recommendationRow is one person to meet, with the reasons in the
// reader's language.
type recommendationRow struct {
	Person  *mission.Person
	Reasons []string
	// RequestURL is the meeting request form with them chosen.
	RequestURL string
}

// recommendationLimit is the most people one list shows.
const recommendationLimit = 20

// handleRecommendations shows a participant or local company of a mission
// whom to meet there, best first, each with its reasons, leaving out
// themselves and the people they already met or have a pending, accepted
// or declined request with. The index is built on each request from the
// mission's members, about 35 ms for 200 people, so nothing is cached
// (ARCHITECTURE.md, Search and recommendations).
func (s *Server) handleRecommendations(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	id, err := parseID(r, "mission")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	m, err := s.visibleMission(ctx, u, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !can(u, actRecommendationsRead, m) || u.Person == nil {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return
	}
	profiles, people, err := s.matchProfiles(ctx, m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if people[u.Person.ID] == nil {
		// Admins, and anyone else who is neither a participant nor a local.
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return
	}
	exclude, err := s.alreadyMet(ctx, m.ID, u.Person.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	recs := match.NewIndex(profiles).Recommend(u.Person.ID, match.Options{Limit: recommendationLimit, Exclude: exclude})
	l := s.localizer(r)
	p := recommendationsPage{Mission: m}
	for _, rec := range recs {
		person := people[rec.ID]
		row := recommendationRow{Person: person, RequestURL: fmt.Sprintf("/missions/%d/requests?to=%d#send", m.ID, person.ID)}
		for _, reason := range rec.Reasons {
			row.Reasons = append(row.Reasons, reasonText(l, reason))
		}
		p.Items = append(p.Items, row)
	}
	s.render(w, r, http.StatusOK, "recommendations.html", p)
}

// matchProfiles returns the engine's profiles of a mission's participants
// (visitors) and local companies, keyed by person ID, joined with their
// organisations and marketplace items, and the persons by ID.
func (s *Server) matchProfiles(ctx context.Context, missionID int64) ([]match.Profile, map[int64]*mission.Person, error) {
	members, err := s.db.MissionMembers(ctx, missionID, "")
	if err != nil {
		return nil, nil, err
	}
	people := map[int64]*mission.Person{}
	items := map[int64][]*mission.MarketplaceItem{}
	var profiles []match.Profile
	for _, mm := range members {
		if (mm.Role != mission.RoleParticipant && mm.Role != mission.RoleLocal) || people[mm.PersonID] != nil {
			continue
		}
		p, o := mm.Person, mm.Person.Organisation
		people[p.ID] = p
		list, ok := items[o.ID]
		if !ok {
			if list, err = s.db.MarketplaceItems(ctx, o.ID); err != nil {
				return nil, nil, err
			}
			items[o.ID] = list
		}
		prof := match.Profile{ID: p.ID, Name: p.Name, Kind: o.Kind, Country: o.Country, Visitor: mm.Role == mission.RoleParticipant,
			Ecosystems: o.Ecosystems, Languages: p.Languages, Description: strings.Join([]string{o.Description, p.JobTitle, p.Bio}, "\n")}
		for _, it := range list {
			mi := match.Item{Category: it.Category, Title: it.Title, Description: it.Description, Keywords: it.Keywords}
			if it.Side == mission.Offer {
				prof.Offers = append(prof.Offers, mi)
			} else {
				prof.Requests = append(prof.Requests, mi)
			}
		}
		profiles = append(profiles, prof)
	}
	return profiles, people, nil
}

// alreadyMet returns the people a person should not be recommended in a
// mission: those with a pending, accepted or declined request from or to
// them, and those they have a meeting with.
func (s *Server) alreadyMet(ctx context.Context, missionID, personID int64) (map[int64]bool, error) {
	exclude := map[int64]bool{}
	reqs, err := s.db.MeetingRequests(ctx, missionID, personID)
	if err != nil {
		return nil, err
	}
	for _, rq := range reqs {
		if rq.Status == mission.RequestPending || rq.Status == mission.RequestAccepted || rq.Status == mission.RequestDeclined {
			exclude[rq.FromPersonID], exclude[rq.ToPersonID] = true, true
		}
	}
	meetings, err := s.db.Meetings(ctx, missionID)
	if err != nil {
		return nil, err
	}
	for _, mt := range meetings {
		if slices.Contains(mt.PersonIDs, personID) {
			for _, id := range mt.PersonIDs {
				exclude[id] = true
			}
		}
	}
	return exclude, nil
}

// reasonText renders a reason from the catalogue: "reason." + its code (and
// for visitor_local the variant their_role), with the engine's parameters.
// Languages are named in the reader's language where the catalogue knows
// them.
func reasonText(l *i18n.Localizer, reason match.Reason) string {
	id := "reason." + reason.Code
	if reason.Code == match.ReasonVisitorLocal {
		id += "." + reason.Params["their_role"]
	}
	keys := make([]string, 0, len(reason.Params))
	for k := range reason.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	params := make([]any, 0, 2*len(keys))
	for _, k := range keys {
		v := reason.Params[k]
		if k == "label" && reason.Code == match.ReasonSharedEcosystem {
			v = label(l, "ecosystem.", reason.Params["ecosystem"])
		}
		if k == "languages" && reason.Code == match.ReasonCommonLanguage {
			v = languageNames(l, reason.Params["codes"], v)
		}
		params = append(params, k, v)
	}
	return l.T(id, params...)
}

// languageNames names comma-separated ISO 639-1 codes in the reader's
// language ("langname.es"), keeping the engine's English name (from
// english, in the same order) of a language the catalogue does not name.
func languageNames(l *i18n.Localizer, codes, english string) string {
	cs, en := strings.Split(codes, ","), strings.Split(english, ", ")
	names := make([]string, len(cs))
	for i, c := range cs {
		switch {
		case l.Has("langname." + c):
			names[i] = l.T("langname." + c)
		case len(en) == len(cs):
			names[i] = en[i]
		default:
			names[i] = c
		}
	}
	return strings.Join(names, ", ")
}
