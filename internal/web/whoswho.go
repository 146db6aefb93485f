package web

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"caravan/internal/mission"
	"caravan/internal/pdfdoc"
)

// handleWhosWho writes the "who's who" booklet of a mission's delegation
// for its organisers and hosts: each visiting organisation with its public
// profile and its people with their job titles and languages. E-mail
// addresses and phone numbers appear only where the policy lets the reader
// see them (person.private.read).
func (s *Server) handleWhosWho(w http.ResponseWriter, r *http.Request) {
	m, u := s.missionFor(w, r, actWhosWhoRead)
	if m == nil {
		return
	}
	members, err := s.db.MissionMembers(r.Context(), m.ID, mission.RoleParticipant)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type visiting struct {
		org    *mission.Organisation
		people []*mission.Person
	}
	var orgs []*visiting
	byID := map[int64]*visiting{}
	for _, mm := range members {
		o := mm.Person.Organisation
		v := byID[o.ID]
		if v == nil {
			v = &visiting{org: o}
			byID[o.ID] = v
			orgs = append(orgs, v)
		}
		v.people = append(v.people, mm.Person)
	}
	slices.SortStableFunc(orgs, func(a, b *visiting) int {
		return cmp.Or(cmp.Compare(a.org.Country, b.org.Country), cmp.Compare(sortKey(a.org.Name), sortKey(b.org.Name)))
	})
	l := s.localizer(r)
	country := func(code string) string { return label(l, "country.", code) }
	doc := pdfdoc.New(l.T("whoswho.title") + ": " + m.Title)
	doc.Footer(m.Title, l.T("whoswho.page"))
	doc.Heading(l.T("whoswho.title") + ": " + m.Title)
	doc.Paragraph(m.HostCity + ", " + country(m.HostCountry) + " · " + l.FormatDateRange(m.StartsOn, m.EndsOn) + "\n" +
		l.T("whoswho.summary", "organisations", len(orgs), "people", len(members)))
	for _, v := range orgs {
		o := v.org
		doc.Subheading(o.Name)
		var ecosystems []string
		for _, e := range o.Ecosystems {
			ecosystems = append(ecosystems, label(l, "ecosystem.", e))
		}
		doc.KeyValue([][2]string{
			{l.T("whoswho.kind"), label(l, "organisation.kind.", o.Kind)},
			{l.T("whoswho.where"), strings.TrimLeft(o.City+", "+country(o.Country), ", ")},
			{l.T("whoswho.ecosystems"), strings.Join(ecosystems, ", ")},
			{l.T("whoswho.website"), o.Website},
			{l.T("whoswho.about"), o.Description},
		})
		for _, p := range v.people {
			private := can(u, actPersonPrivateRead, personInMission{Person: p, Mission: m})
			line := p.Name
			if p.JobTitle != "" {
				line += ", " + p.JobTitle
			}
			if len(p.Languages) > 0 {
				line += " · " + l.T("whoswho.languages", "languages", strings.Join(p.Languages, ", "))
			}
			if private {
				for _, c := range []string{p.Email, p.Phone} {
					if c != "" {
						line += " · " + c
					}
				}
			}
			doc.Paragraph(line)
		}
	}
	if len(orgs) == 0 {
		doc.Paragraph(l.T("whoswho.empty"))
	}
	if err := writePDF(w, doc, "whos-who.pdf"); err != nil {
		s.fail(w, r, err)
	}
}
