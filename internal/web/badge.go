package web

import (
	"fmt"
	"net/http"
	"strconv"

	"caravan/internal/mission"
	"caravan/internal/pdfdoc"
)

// Name badges (A4, eight to a page, to cut out): name, organisation,
// country, role and the check-in QR code. Members print their own; the
// mission's organisers and hosts print everyone's, or one person's again.

// handleBadgeOwn answers the user's own badge for the mission.
func (s *Server) handleBadgeOwn(w http.ResponseWriter, r *http.Request) {
	m, u := s.checkinMission(w, r, actBadgeOwn)
	if m == nil {
		return
	}
	noBadge := userError(mission.ENOTFOUND, "badge.none")
	if u.Person == nil {
		s.fail(w, r, noBadge)
		return
	}
	members, err := s.attendees(r.Context(), m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, a := range members {
		if a.Person.ID == u.Person.ID {
			s.writeBadges(w, r, m, []attendee{a}, fmt.Sprintf("badge-%d.pdf", m.ID))
			return
		}
	}
	s.fail(w, r, noBadge)
}

// handleBadges answers the badges of everyone who attends the mission (by
// role, then name), or of one person with ?person=ID, for its organisers
// and hosts.
func (s *Server) handleBadges(w http.ResponseWriter, r *http.Request) {
	m, _ := s.checkinMission(w, r)
	if m == nil {
		return
	}
	members, err := s.attendees(r.Context(), m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if v := r.FormValue("person"); v != "" {
		id, _ := strconv.ParseInt(v, 10, 64)
		var one []attendee
		for _, a := range members {
			if a.Person.ID == id {
				one = append(one, a)
			}
		}
		if len(one) == 0 {
			s.fail(w, r, userError(mission.ENOTFOUND, "badge.none"))
			return
		}
		members = one
	}
	s.writeBadges(w, r, m, members, fmt.Sprintf("badges-%d.pdf", m.ID))
}

// writeBadges answers the people's badges as a PDF.
func (s *Server) writeBadges(w http.ResponseWriter, r *http.Request, m *mission.Mission, people []attendee, filename string) {
	tokens, err := s.db.CheckinTokens(r.Context(), m.ID, s.now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l := s.localizer(r)
	var badges []pdfdoc.Badge
	for _, a := range people {
		token := tokens[a.Person.ID]
		png, err := qrPNG(s.checkinLink(r, m.ID, token), 320)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		b := pdfdoc.Badge{Event: m.Title, Name: a.Person.Name, Role: l.T("badge.role." + a.Role), QR: png,
			Code: mission.FormatCheckinToken(token)}
		if o := a.Person.Organisation; o != nil {
			b.Organisation, b.Country = o.Name, label(l, "country.", o.Country)
		}
		badges = append(badges, b)
	}
	doc := pdfdoc.New(l.T("badge.title", "mission", m.Title))
	doc.Footer(m.Title, l.T("pdf.page"))
	doc.Badges(badges)
	s.servePDF(w, r, doc, filename)
}
