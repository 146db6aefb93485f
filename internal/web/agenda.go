package web

import (
	"net/http"
	"slices"
	"time"

	"caravan/internal/mission"
)

// agendaEntry is one line of the personal agenda: a programme item or a
// B2B meeting, in its mission's time zone.
type agendaEntry struct {
	Mission          *mission.Mission
	Location         *time.Location
	StartsAt, EndsAt time.Time
	Kind             string // a programme item kind, or "meeting"
	Title            string
	Venue            string
	Address          string
	Table            string
	Online           bool
	VideoURL         string // an online meeting's link
	MeetingID        int64
	OutcomeURL       string            // where its person records an ended meeting's outcome
	With             []*mission.Person // a meeting's other people
	// Item is the programme item (nil for a meeting); Signup its sign-up
	// box when it takes sign-ups.
	Item   *mission.ProgrammeItem
	Signup *signupItemView
	// Status is "confirmed" or "waitlisted" for an item that takes
	// sign-ups and the person signed up to, "" otherwise. Optional marks
	// an item that takes sign-ups and the person has not signed up to: the
	// page offers it, the calendar and the PDF leave it out.
	Status   string
	Optional bool
}

// Attending reports whether the person attends the entry for sure: a
// meeting, an item that everyone attends, or a confirmed sign-up.
func (e agendaEntry) Attending() bool {
	return !e.Optional && e.Status != mission.SignupWaitlisted
}

// agendaDay is one calendar day of the agenda.
type agendaDay struct {
	Date    time.Time
	Entries []agendaEntry
}

// agenda builds the user's agenda over all the missions the user takes part
// in: the programme items (those that take sign-ups with the user's status,
// or as optional), and the user's B2B meetings with their session's venue
// and address, by day in each mission's time zone. back is where sign-up
// buttons return.
func (s *Server) agenda(r *http.Request, u *mission.User, back string) ([]agendaDay, error) {
	ctx := r.Context()
	list, err := s.myMissions(r, u)
	if err != nil {
		return nil, err
	}
	var entries []agendaEntry
	people := map[int64]*mission.Person{}
	for _, mm := range list {
		m := mm.Mission
		loc := m.Location()
		items, err := s.db.ProgrammeItems(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		sv, err := s.signupState(r, u, m)
		if err != nil {
			return nil, err
		}
		byID := map[int64]*mission.ProgrammeItem{}
		for _, it := range items {
			byID[it.ID] = it
			e := agendaEntry{Mission: m, Location: loc, StartsAt: it.StartsAt, EndsAt: it.EndsAt,
				Kind: it.Kind, Title: it.Title, Venue: it.Venue, Address: it.Address, Item: it}
			if it.SignupRequired {
				if sv == nil || !sv.CanSignUp {
					continue // organisers' and viewers' agendas: only what everyone attends
				}
				box := sv.For(it, back)
				e.Signup = &box
				if box.Mine != nil {
					e.Status = box.Mine.Status
				} else {
					e.Optional = true
				}
			}
			entries = append(entries, e)
		}
		if u.Person == nil {
			continue
		}
		meetings, err := s.db.Meetings(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		for _, mt := range meetings {
			if !slices.Contains(mt.PersonIDs, u.Person.ID) {
				continue
			}
			e := agendaEntry{Mission: m, Location: loc, StartsAt: mt.StartsAt, EndsAt: mt.EndsAt, Kind: "meeting",
				Table: mt.Table, Online: mt.Online, VideoURL: mt.VideoURL, MeetingID: mt.ID}
			e.OutcomeURL = s.outcomeURL(m.ID, mt)
			if session := byID[mt.SessionItemID]; session != nil && !mt.Online {
				e.Venue, e.Address = session.Venue, session.Address
			}
			for _, pid := range mt.PersonIDs {
				if pid == u.Person.ID {
					continue
				}
				p, ok := people[pid]
				if !ok {
					if p, err = s.db.Person(ctx, pid); err != nil {
						return nil, err
					}
					people[pid] = p
				}
				e.With = append(e.With, p)
			}
			entries = append(entries, e)
		}
	}
	slices.SortStableFunc(entries, func(a, b agendaEntry) int { return a.StartsAt.Compare(b.StartsAt) })
	var days []agendaDay
	for _, e := range entries {
		y, mo, d := e.StartsAt.In(e.Location).Date()
		day := time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
		if n := len(days); n == 0 || !days[n-1].Date.Equal(day) {
			days = append(days, agendaDay{Date: day})
		}
		days[len(days)-1].Entries = append(days[len(days)-1].Entries, e)
	}
	return days, nil
}
