package web

import (
	"fmt"
	"net/http"
	"strconv"

	"caravan/internal/mission"
	"caravan/internal/pdfdoc"
)

// writePDF answers a PDF document that must not be cached anywhere but in
// the user's browser (it carries personal data), under the file name.
func writePDF(w http.ResponseWriter, doc *pdfdoc.Doc, filename string) error {
	b, err := doc.Bytes()
	if err != nil {
		return fmt.Errorf("write %s: %w", filename, err)
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `inline; filename="`+filename+`"`)
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(http.StatusOK)
	w.Write(b)
	return nil
}

// handleLetter writes the visa invitation letter of the signed-in
// participant who requested one in the mission's logistics: the host, the
// dates, the purpose and the name as the passport spells it. Anyone else, and
// a participant who has not requested it, gets 404 or 403.
func (s *Server) handleLetter(w http.ResponseWriter, r *http.Request) {
	m, u := s.missionFor(w, r, actLogisticsEdit)
	if m == nil {
		return
	}
	if u.Person == nil {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return
	}
	l, err := s.db.Logistics(r.Context(), m.ID, u.Person.ID)
	if mission.ErrorCode(err) == mission.ENOTFOUND || (err == nil && !l.LetterRequested) {
		s.fail(w, r, userError(mission.ENOTFOUND, "letter.not_requested"))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	host, err := s.db.Organisation(r.Context(), m.HostOrganisationID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	loc := s.localizer(r)
	country := func(code string) string { return label(loc, "country.", code) }
	stay := loc.FormatDateRange(m.StartsOn, m.EndsOn)
	doc := pdfdoc.New(loc.T("letter.title"))
	doc.Footer(host.Name, "")
	doc.Paragraph(host.Name + "\n" + host.City + ", " + country(host.Country) + "\n" + loc.FormatDateLong(s.now(), m.Location()))
	doc.Heading(loc.T("letter.title"))
	doc.Paragraph(loc.T("letter.salutation"))
	doc.Paragraph(loc.T("letter.body", "host", host.Name, "name", l.PassportName, "nationality", country(l.Nationality),
		"organisation", l.Person.Organisation.Name, "mission", m.Title, "city", m.HostCity, "country", country(m.HostCountry), "dates", stay))
	rows := [][2]string{
		{loc.T("letter.passport_name"), l.PassportName},
		{loc.T("letter.nationality"), country(l.Nationality)},
		{loc.T("letter.organisation"), l.Person.Organisation.Name + ", " + country(l.Person.Organisation.Country)},
		{loc.T("letter.mission"), m.Title},
		{loc.T("letter.purpose"), loc.T("letter.purpose_" + m.Kind)},
		{loc.T("letter.host"), host.Name + ", " + host.City + ", " + country(host.Country)},
		{loc.T("letter.venue"), m.Venue},
		{loc.T("letter.dates"), stay},
	}
	if !l.ArrivalAt.IsZero() {
		rows = append(rows, [2]string{loc.T("letter.arrival"), loc.FormatDateTime(l.ArrivalAt, m.Location())})
	}
	if !l.DepartureAt.IsZero() {
		rows = append(rows, [2]string{loc.T("letter.departure"), loc.FormatDateTime(l.DepartureAt, m.Location())})
	}
	doc.KeyValue(rows)
	doc.Paragraph(loc.T("letter.costs"))
	doc.Paragraph(loc.T("letter.closing") + "\n\n" + host.Name)
	if err := writePDF(w, doc, "invitation-letter.pdf"); err != nil {
		s.fail(w, r, err)
	}
}
